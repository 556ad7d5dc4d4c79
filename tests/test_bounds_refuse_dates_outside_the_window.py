"""Dates and instants outside the window the tool works with (five years before the earliest
``tracking_from`` to five years after this year) are refused by every command in one line,
exit 2, fast (no scan over centuries), before anything is opened for writing: the database
dump is unchanged and no new file appears."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hardening import invoke, record_history, refusal, sqlite_dump, write_catalogue

CASES = {
    "run --as-of 1900 (dry run)": ["run", "--as-of", "1900-01-01", "--dry-run", "--demo"],
    "run --as-of 1900": ["run", "--as-of", "1900-01-01", "--demo"],
    "run --as-of 2100": ["run", "--as-of", "2100-01-01T07:00", "--demo"],
    "run --as-of 9999 (dry run)": ["run", "--as-of", "9999-12-31T07:00", "--dry-run", "--demo"],
    "status --as-of 0001": ["status", "--as-of", "0001-01-01"],
    "report --as-of 9999": ["report", "--year", "2026-27", "--as-of", "9999-12-31"],
    "submit --at 1900": ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2",
                         "--by", "x", "--at", "1900-01-01T09:00"],
    "defer --to 9999": ["defer", "alpha.quarterly-return", "--period", "2026-27 Q2", "--to",
                        "9999-12-31", "--reason", "r", "--approver", "a"],
    "event --on 1900": ["event", "gamma.review_published", "--on", "1900-01-01"],
    "simulate from 0001": ["simulate", "--from", "0001-01-01", "--to", "0001-12-31"],
    "upcoming 0001..9999": ["upcoming", "--from", "0001-01-01", "--to", "9999-12-31"],
    "upcoming over ten years": ["upcoming", "--from", "2021-01-01", "--to", "2031-12-31"],
    "calendar to 9999": ["calendar", "--from", "2026-01-01", "--to", "9999-12-31"],
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_date_outside_the_window_is_one_line_fast_and_writes_nothing(
        case: str, tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    db = tmp_path / "cycles.sqlite"
    record_history(f"sqlite:///{db}", catalogue)
    before = sqlite_dump(db)
    files = sorted(p.name for p in tmp_path.iterdir())
    started = time.monotonic()
    line = refusal(invoke([*CASES[case], "--db", f"sqlite:///{db}", "--catalogue",
                           str(catalogue)] if CASES[case][0] not in ("upcoming", "calendar")
                          else [*CASES[case], "--catalogue", str(catalogue)]))
    assert time.monotonic() - started < 5
    assert "outside the dates this tool works with (2021-01-01 to" in line \
        or "at most ten years" in line, line
    assert sqlite_dump(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # no outbox, no data/


def test_run_as_of_1900_on_a_new_database_creates_no_file(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    db = tmp_path / "new" / "cycles.sqlite"
    refusal(invoke(["run", "--as-of", "1900-01-01", "--demo", "--outbox",
                    str(tmp_path / "outbox"), "--db", f"sqlite:///{db}",
                    "--catalogue", str(catalogue)]))
    assert not db.parent.exists() and not (tmp_path / "outbox").exists()
