"""A calendar event is read by chairs and directors, who never open a terminal: its description
ends by saying, in words, where a submission is recorded (the board's page, or the board's
business manager, named by the area's title for the role), never with a command line, and
never with a signed link. Once the submission is recorded the event says so instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from icalendar import Calendar, Event

from config.loader import load_catalogue
from cycles.calendar_feed import feed

WINDOW = ("--from", "2026-04-01", "--to", "2027-03-31")


def events(data: bytes) -> list[Event]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def last_line(event: Event) -> str:
    return str(event["DESCRIPTION"]).splitlines()[-1]


def test_the_shipped_areas_name_their_business_manager() -> None:
    cat = load_catalogue()
    data = feed(cat, None, dt.date(2026, 4, 1), dt.date(2027, 3, 31), area="medway")
    assert b"cycles submit" not in data and b"?k=" not in data and b"/a/" not in data
    found = events(data)
    assert found
    for event in found:
        assert last_line(event) == ("Record the submission on the board's page, or ask the "
                                    "MSCB Business Manager.")


def test_without_a_business_manager_role_the_words_are_plain_and_a_recorded_submission_shows(
        cli: Callable[..., Result], small_catalogue: Path, tmp_path: Path) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'cycles.sqlite'}", "--catalogue", str(small_catalogue))
    submitted = cli("submit", "alpha.annual-report", "--period", "2025-26", "--by", "Chair",
                    "--at", "2026-07-20T10:00:00+01:00", *db)
    assert submitted.exit_code == 0, submitted.output
    shown = cli("calendar", *WINDOW, *db)
    assert shown.exit_code == 0, shown.output
    assert b"cycles submit" not in shown.stdout_bytes
    by_summary = {str(e["SUMMARY"]): e for e in events(shown.stdout_bytes)}
    closed = by_summary["Submitted: Alphaton: Annual report on safeguarding \u2014 2025-26"]
    assert last_line(closed).startswith("Source (alpha-protocol.txt): ")
    assert "Recorded: submitted" in str(closed["DESCRIPTION"])
    assert not list(closed.walk("VALARM"))
    open_events = [e for s, e in by_summary.items() if s.startswith("Due: ")]
    assert len(open_events) == len(by_summary) - 1
    for event in open_events:
        assert last_line(event) == ("Record the submission on the board's page, or ask the "
                                    "board business manager.")
