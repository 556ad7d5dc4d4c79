"""A meeting-relative obligation whose meeting dates run out within a year of the day asked
about is a warning in ``validate`` (stderr, exit 0) and from the pure function that ``status``
and the scan summary can call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from config.checks import meeting_horizon_warnings
from config.loader import load_catalogue


def test_no_warning_while_every_period_within_a_year_finds_a_meeting() -> None:
    assert meeting_horizon_warnings(load_catalogue(), dt.date(2027, 3, 31)) == []


def test_the_last_quarter_without_a_meeting_is_named_a_year_ahead() -> None:
    # Both boards' dates stop in March 2028; 2027-28 Q4 ends Fri 31 Mar 2028, which comes
    # within a year of 1 Apr 2027.
    lines = meeting_horizon_warnings(load_catalogue(), dt.date(2027, 4, 1))
    assert [line.split(": ")[1] for line in lines] == ["chair-challenge-at-ctb",
                                                        "chair-attends-ctb"]
    medway = lines[0]
    assert medway.endswith(
        "medway.yaml: chair-challenge-at-ctb: due.meeting: 2027-28 Q4 (counted from Fri 31 Mar "
        "2028) has no due date: no Children's Trust Board meeting is dated after it (last listed "
        "Thu 16 Mar 2028); add the next meeting dates under meetings.ctb.dates")


def test_the_warning_stays_after_the_period_has_passed() -> None:
    assert len(meeting_horizon_warnings(load_catalogue(), dt.date(2028, 9, 1))) == 2


def test_validate_prints_the_warnings_and_exits_0(cli: Callable[..., Result]) -> None:
    result = cli("validate", "--as-of", "2027-06-01")
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2
    assert all(w.startswith("warning: ") and "has no due date" in w for w in warnings)
    assert len(result.stdout.splitlines()) == 5  # every file still reported ok


def test_validate_refuses_a_bad_as_of(cli: Callable[..., Result]) -> None:
    result = cli("validate", "--as-of", "June")
    assert result.exit_code == 2
    assert result.stderr == "error: --as-of: 'June' is not a date (use YYYY-MM-DD)\n"


def test_status_prints_the_warnings_for_its_area(cli: Callable[..., Result],
                                                 tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'none.sqlite'}"
    result = cli("status", "--as-of", "2027-06-01T09:00", "--area", "medway", "--db", db)
    assert result.exit_code == 0, result.output
    warnings = [w for w in result.stderr.splitlines() if w.startswith("warning: ")]
    assert len(warnings) == 1 and ": chair-challenge-at-ctb: due.meeting: 2027-28 Q4" in warnings[0]
    quiet = cli("status", "--as-of", "2026-12-04T09:00", "--area", "medway", "--db", db)
    assert quiet.exit_code == 0 and "warning:" not in quiet.stderr
