"""An occurrence the catalogue says was due but the database never stored is listed, not counted.

The database cannot say whether it was submitted; counting it either way would be wrong, and
leaving it out silently would let an unsynced database make the record look better.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from test_report_figures_match_hand_count import AP, AR, HY, QR, write_catalogue

from cycles.compliance import compliance, parse_year
from storage.db import open_database
from storage.reporting import year_rows


def test_occurrences_missing_from_the_database_are_listed_not_counted(
        tmp_path: Path) -> None:
    cat = write_catalogue(tmp_path / "catalogue")
    engine = open_database(f"sqlite:///{tmp_path}/empty.sqlite")
    start, end = parse_year("2026-27")
    c = compliance(cat, year_rows(engine, start, end, None), dt.date(2026, 8, 1),
                   year="2026-27")
    assert c.overall.total == 0 and c.overall.rate is None
    assert [(u.key, u.due) for u in c.unrecorded] == [
        (f"{QR}@2025-26 Q4", dt.date(2026, 4, 23)),
        (f"{HY}@2025-26 H2", dt.date(2026, 4, 30)),
        (f"{AP}@2025-26", dt.date(2026, 6, 30)),
        (f"{QR}@2026-27 Q1", dt.date(2026, 7, 21)),
        (f"{AR}@2025-26", dt.date(2026, 7, 31)),
    ]


def test_chained_occurrences_missing_from_the_database_are_listed(
        cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The serious-incident chain of the Working Together 2023 template: the incident (Mon 5
    Oct 2026) and the notification's submission (Fri 9 Oct) are recorded, but no scan ever
    stored the rapid review that submission starts (+15 working days: Fri 30 Oct 2026).
    The report, read from the database, lists it as not recorded."""
    from config.loader import load_catalogue
    from cycles.app.compliance import build_report

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "testshire.yaml"
    db = f"sqlite:///{tmp_path / 'cycles.sqlite'}"
    for args in (("init", "--template", "wt2023", "--area", "testshire", "--out", str(path),
                  "--tracking-from", "2026-10-01"),
                 ("event", "testshire.serious_incident", "--on", "2026-10-05", "--ref", "SI-1",
                  "--db", db, "--catalogue", str(path)),
                 ("submit", "testshire.serious-incident-notification", "--period", "SI-1",
                  "--at", "2026-10-09T15:00", "--by", "Jo Bloggs", "--db", db,
                  "--catalogue", str(path))):
        done = cli(*args)
        assert done.exit_code == 0, done.output
    c = build_report(open_database(db), load_catalogue([path]), year="2026-27",
                     area="testshire", as_of_date=dt.date(2026, 11, 15))
    assert [(u.key, u.due) for u in c.unrecorded] == [
        ("testshire.rapid-review@SI-1", dt.date(2026, 10, 30))]
    assert [(i.obligation_id, i.outcome.value) for i in c.items] == [
        ("testshire.serious-incident-notification", "on time")]
