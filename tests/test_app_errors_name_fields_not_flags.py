"""The application layer's errors name the field in people's words, never a CLI flag, so
every door (CLI, flow, web page) can say them its own way; bad input writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cycles.app import records, setup
from cycles.app.errors import InputError, SetupError
from cycles.app.inputs import parse_date, parse_instant
from storage import queries as q

QR = "alpha.quarterly-return"


def _refusal(call: Callable[[], Any]) -> InputError:
    with pytest.raises(InputError) as err:
        call()
    assert "--" not in str(err.value) and "--" not in err.value.line()
    assert str(err.value) == f"{err.value.field}: {err.value.message}"
    return err.value


def test_record_refusals_name_fields(small_catalogue: Path, sqlite_url: str,
                                     at: Callable[..., Any]) -> None:
    cat = setup.open_catalogue([str(small_catalogue)])
    engine = setup.open_database(sqlite_url)
    now = at(2026, 10, 26)
    cases = {
        "period": lambda: records.submit(engine, cat, QR, "2026-27 Q9", "M", now, now),
        "submitted at": lambda: records.submit(engine, cat, QR, "2026-27 Q2", "M",
                                               now + dt.timedelta(days=3), now),
        "evidence": lambda: records.submit(engine, cat, QR, "2026-27 Q2", "M", now, now,
                                           evidence="see email"),
        "reason": lambda: records.waive(engine, cat, QR, "2026-27 Q2", " ", "Lead", now),
        "new due date": lambda: records.defer(engine, cat, QR, "2026-27 Q2",
                                              dt.date(2026, 10, 1), "r", "Lead", now),
        "obligation": lambda: records.submit(engine, cat, "alpha.nope", "2026-27 Q2", "M",
                                             now, now),
        "event": lambda: records.record_event(engine, cat, "alpha.no_such_event",
                                              dt.date(2026, 10, 1), None, now),
    }
    for field, call in cases.items():
        err = _refusal(call)
        assert err.field == field, (field, err)
        if field not in ("obligation", "event"):
            assert err.subject == QR, err
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(q.SUBMISSION)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(q.DECISION)).scalar() == 0


def test_parsing_and_set_up_errors_are_one_line_each(tmp_path: Path) -> None:
    assert _refusal(lambda: parse_date("31/10/2026", "new due date")).field == "new due date"
    assert _refusal(lambda: parse_instant("yesterday", "submitted at")).field == "submitted at"
    assert parse_instant("2026-11-02T07:00").isoformat() == "2026-11-02T07:00:00+00:00"
    with pytest.raises(SetupError) as err:
        setup.open_catalogue([str(tmp_path / "missing.yaml")])
    assert err.value.lines == [f"{tmp_path / 'missing.yaml'}: no such file or folder"]
    assert setup.existing_database(f"sqlite:///{tmp_path / 'none.sqlite'}") is None
    assert not (tmp_path / "none.sqlite").exists()
