"""Given a database, ``upcoming`` and ``calendar`` show what was recorded: an occurrence a
recorded event starts, and a deferral's new date beside the original. Without one (no
``--db``, or ``$CYCLES_DATABASE_URL`` naming a file that does not exist yet) they show the
catalogue alone, as before.

Eventshire (``cycles init --template wt2023``, tracking from Thu 1 Oct 2026) decides on Tue
20 Oct 2026 to undertake a local child safeguarding practice review (CSPR-1). Its
publication is due 6 months on: Tue 20 Apr 2027 (a working day; Easter 2027 is 26-29 Mar).
It is deferred to Fri 14 May 2027.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from icalendar import Calendar

AREA = "eventshire"
KEY = (f"{AREA}.cspr-publication", "CSPR-1")
WINDOW = ("--from", "2027-04-01", "--to", "2027-05-31")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CYCLES_DATABASE_URL", raising=False)


def publication(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if (r["obligation"], r["period"]) == KEY]


def events(ical: bytes) -> list[Any]:
    return [c for c in Calendar.from_ical(ical).walk("VEVENT")
            if str(c["summary"]).endswith("published \u2014 CSPR-1")]


def test_recorded_event_and_deferral_show_in_upcoming_and_calendar(
        cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = tmp_path / f"{AREA}.yaml"
    made = cli("init", "--template", "wt2023", "--area", AREA, "--out", str(catalogue),
               "--tracking-from", "2026-10-01")
    assert made.exit_code == 0, made.output
    db = f"sqlite:///{tmp_path / 'cycles.sqlite'}"
    with_db = ("--db", db, "--catalogue", str(catalogue))
    alone = ("--catalogue", str(catalogue))

    recorded = cli("event", f"{AREA}.cspr_commissioned", "--on", "2026-10-20", "--ref",
                   "CSPR-1", *with_db)
    assert recorded.exit_code == 0, recorded.output

    shown = cli("upcoming", *WINDOW, "--json", "--explain", *with_db)
    assert shown.exit_code == 0, shown.output
    [row] = publication(json.loads(shown.stdout))
    assert (row["due"], row["original_due"], row["deferred"], row["status"]) == (
        "2027-04-20", "2027-04-20", False, "open")
    assert row["explanation"] == "CSPR-1 recorded Tue 20 Oct 2026; +6 months = Tue 20 Apr 2027"
    without = cli("upcoming", *WINDOW, "--json", *alone)
    assert without.exit_code == 0 and publication(json.loads(without.stdout)) == []
    [event] = events(cli("calendar", *WINDOW, *with_db).stdout_bytes)
    assert event.decoded("dtstart").isoformat() == "2027-04-20"

    deferred = cli("defer", f"{AREA}.cspr-publication", "--period", "CSPR-1", "--to",
                   "2027-05-14", "--reason", "family asked for time", "--approver",
                   "Partnership chair", *with_db)
    assert deferred.exit_code == 0, deferred.output

    moved = cli("upcoming", *WINDOW, "--json", *with_db)
    [row] = publication(json.loads(moved.stdout))
    assert (row["due"], row["original_due"], row["deferred"]) == ("2027-05-14", "2027-04-20",
                                                                  True)
    monkeypatch.setenv("COLUMNS", "300")  # one line per row in the table
    table = cli("upcoming", *WINDOW, *with_db)
    assert "Fri 14 May 2027 (deferred; originally Tue 20 Apr 2027)" in table.stdout
    # deferred out of a window that holds only the original date: not shown there
    april = cli("upcoming", "--from", "2027-04-01", "--to", "2027-04-30", "--json", *with_db)
    assert publication(json.loads(april.stdout)) == []

    [event] = events(cli("calendar", *WINDOW, *with_db).stdout_bytes)
    assert event.decoded("dtstart").isoformat() == "2027-05-14"
    description = str(event["description"])
    assert "Deferred: originally due Tue 20 Apr 2027, now due Fri 14 May 2027" in description
    assert events(cli("calendar", *WINDOW, *alone).stdout_bytes) == []

    # $CYCLES_DATABASE_URL counts as --db; naming a file not made yet is no database at all.
    monkeypatch.setenv("CYCLES_DATABASE_URL", db)
    [row] = publication(json.loads(cli("upcoming", *WINDOW, "--json", *alone).stdout))
    assert row["due"] == "2027-05-14"
    monkeypatch.setenv("CYCLES_DATABASE_URL", f"sqlite:///{tmp_path / 'not-yet.sqlite'}")
    fresh = cli("upcoming", *WINDOW, "--json", *alone)
    assert fresh.exit_code == 0 and publication(json.loads(fresh.stdout)) == []
    assert not (tmp_path / "not-yet.sqlite").exists()
