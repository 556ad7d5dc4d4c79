"""`cycles calendar`: an RFC 5545 feed, parsed back with icalendar.

All-day events on the due date, one alarm per reminder lead time at 09:00 on the reminder's
working day, owner and protocol quote in the description, and UIDs that stay put across runs
and across edits of other entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import holidays
import pytest
from click.testing import Result
from icalendar import Calendar, Event

WINDOW = ("--from", "2026-04-01", "--to", "2027-03-31")
ENGLAND = holidays.UK(subdiv="ENG", years=range(2025, 2029))

NEW_OBLIGATION = """\
obligations:
  - id: audit-summary
    title: Section 11 audit summary
    owner: [manager]
    recipients: [chair]
    cadence: annual
    due: {working_days_after: 40}
    source:
      file: alpha-protocol.txt
      quote: >-
        The Business Manager summarises the section 11 audit for the Chair each year.
"""


def feed(cli: Callable[..., Result], catalogue: Path, *args: str) -> Calendar:
    result = cli("calendar", "--catalogue", str(catalogue), *args)
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.stderr == ""
    return Calendar.from_ical(result.stdout_bytes)


def events(cal: Calendar) -> list[Event]:
    return list(cal.walk("VEVENT"))


def by_uid(cal: Calendar) -> dict[str, tuple[str, dt.date]]:
    return {str(e["UID"]): (str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events(cal)}


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in ENGLAND


def working_days_after(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return sum(
        is_working_day(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )


@pytest.fixture
def cal(cli: Callable[..., Result], small_catalogue: Path) -> Calendar:
    return feed(cli, small_catalogue, *WINDOW)


def test_calendar_header(cal: Calendar) -> None:
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//reporting-cycles//Statutory reporting cycles//EN"
    assert str(cal["X-WR-CALNAME"]) == "Reporting cycles: all areas"


def test_one_event_per_occurrence_on_its_due_date(cal: Calendar) -> None:
    assert sorted(e.decoded("DTSTART") for e in events(cal)) == [
        dt.date(2026, 4, 23), dt.date(2026, 4, 30), dt.date(2026, 7, 21),
        dt.date(2026, 7, 31), dt.date(2026, 10, 21), dt.date(2026, 10, 30),
        dt.date(2027, 1, 22),
    ]


def test_events_are_all_day_and_end_the_next_day(cal: Calendar) -> None:
    for ev in events(cal):
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is dt.date, start  # a date, not a date-time
        assert type(end) is dt.date, end
        assert ev["DTSTART"].params.get("VALUE") == "DATE"
        assert end == start + dt.timedelta(days=1)
        assert str(ev["TRANSP"]) == "TRANSPARENT"
        assert isinstance(ev.decoded("DTSTAMP"), dt.datetime)


def test_summary_names_area_report_and_period(cal: Calendar) -> None:
    summaries = {str(e["SUMMARY"]) for e in events(cal)}
    assert "Due: Alphaton: Annual report on safeguarding — 2025-26" in summaries
    assert "Due: Betaford: Half-year return to the council — 2026-27 H1" in summaries


def test_one_alarm_per_lead_time_at_9am_on_the_reminder_working_day(cal: Calendar) -> None:
    leads = {"Alphaton": [14, 3], "Betaford": [10, 5, 1]}
    for ev in events(cal):
        due = ev.decoded("DTSTART")
        area = str(ev["SUMMARY"]).split(": ")[1]
        alarms = list(ev.walk("VALARM"))
        assert len(alarms) == len(leads[area]), str(ev["SUMMARY"])
        fired = []
        for alarm in alarms:
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert "RELATED" not in alarm["TRIGGER"].params  # relative to the start
            trigger = alarm.decoded("TRIGGER")
            assert isinstance(trigger, dt.timedelta)
            assert trigger < dt.timedelta(0)
            fires = dt.datetime.combine(due, dt.time()) + trigger
            assert fires.time() == dt.time(9, 0)
            assert is_working_day(fires.date()), fires
            fired.append(working_days_after(fires.date(), due))
        assert sorted(fired, reverse=True) == leads[area]


def test_alarm_skips_bank_holidays(cal: Calendar) -> None:
    # due Thu 23 Apr 2026: 14 working days before, skipping Easter Monday and Good Friday, is
    # Wed 1 Apr 2026 (Fri 3 Apr if they were working days); 3 working days before is Mon 20 Apr
    (ev,) = [e for e in events(cal) if e.decoded("DTSTART") == dt.date(2026, 4, 23)]
    fires = sorted(dt.datetime.combine(dt.date(2026, 4, 23), dt.time()) + a.decoded("TRIGGER")
                   for a in ev.walk("VALARM"))
    assert fires == [dt.datetime(2026, 4, 1, 9), dt.datetime(2026, 4, 20, 9)]


def test_description_has_owner_and_source_quote(cal: Calendar) -> None:
    for ev in events(cal):
        text = str(ev["DESCRIPTION"])
        if "Annual report" in str(ev["SUMMARY"]):
            assert "Owner: Independent Chair of the Board" in text
            assert ("The Chair publishes an annual report on the effectiveness of "
                    "safeguarding.") in text
            assert "alpha-protocol.txt" in text
        elif "Half-year" in str(ev["SUMMARY"]):
            assert "Owner: Lead Member for Children" in text
            assert "The Lead Member reports to the Council every six months on progress." in text
        else:
            assert "Owner: Board Business Manager" in text
            assert "sends the quarterly performance return to the Trust Board." in text


def test_uids_unique(cli: Callable[..., Result], small_catalogue: Path, cal: Calendar) -> None:
    uids = [str(e["UID"]) for e in events(cal)]
    assert len(uids) == len(set(uids)) == 7
    # the same obligation id and period in another area is another event
    copy = (small_catalogue / "alpha.yaml").read_text(encoding="utf-8")
    (small_catalogue / "gamma.yaml").write_text(
        copy.replace("area: alpha", "area: gamma"), encoding="utf-8")
    uids = [str(e["UID"]) for e in events(feed(cli, small_catalogue, *WINDOW))]
    assert len(uids) == len(set(uids)) == 12


def test_uids_stable_across_runs(
    cli: Callable[..., Result], small_catalogue: Path, cal: Calendar
) -> None:
    assert by_uid(feed(cli, small_catalogue, *WINDOW)) == by_uid(cal)


def test_uids_stable_when_another_entry_is_added_or_edited(
    cli: Callable[..., Result], small_catalogue: Path, cal: Calendar
) -> None:
    before = by_uid(cal)
    alpha = small_catalogue / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    assert text.count("obligations:\n") == 1
    # a new obligation first in the list, and another area's title edited
    alpha.write_text(text.replace("obligations:\n", NEW_OBLIGATION), encoding="utf-8")
    beta = small_catalogue / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace(
        "Half-year return to the council", "Six-monthly return to the council"), encoding="utf-8")

    after = feed(cli, small_catalogue, *WINDOW)
    after_uids = by_uid(after)
    assert len(after_uids) > len(before)
    assert any("Section 11 audit summary" in summary for summary, _ in after_uids.values())
    for uid, (summary, due) in before.items():
        assert uid in after_uids, summary
        new_summary, new_due = after_uids[uid]
        assert new_due == due
        assert new_summary == summary.replace("Half-year return", "Six-monthly return")


def test_uid_does_not_depend_on_the_window(
    cli: Callable[..., Result], small_catalogue: Path, cal: Calendar
) -> None:
    narrow = by_uid(feed(cli, small_catalogue, "--from", "2026-07-01", "--to", "2026-07-31"))
    assert len(narrow) == 2
    assert narrow.items() <= by_uid(cal).items()


def test_area_filter(cli: Callable[..., Result], small_catalogue: Path, cal: Calendar) -> None:
    beta = feed(cli, small_catalogue, *WINDOW, "--area", "beta")
    assert str(beta["X-WR-CALNAME"]) == "Reporting cycles: Betaford"
    evs = events(beta)
    assert [e.decoded("DTSTART") for e in evs] == [dt.date(2026, 4, 30), dt.date(2026, 10, 30)]
    for ev in evs:
        assert "Betaford" in ev["CATEGORIES"].cats
        assert str(ev["SUMMARY"]).startswith("Due: Betaford: ")
    # the filtered events are the same events as in the full feed
    assert by_uid(beta).items() <= by_uid(cal).items()


def test_unknown_area_exits_2(cli: Callable[..., Result], small_catalogue: Path) -> None:
    result = cli("calendar", "--catalogue", str(small_catalogue), *WINDOW, "--area", "gamma")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: --area: unknown area 'gamma' (known: alpha, beta)\n"


def test_to_before_from_exits_2(cli: Callable[..., Result], small_catalogue: Path) -> None:
    result = cli("calendar", "--catalogue", str(small_catalogue),
                 "--from", "2026-04-01", "--to", "2026-03-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: --to 2026-03-01 is before --from 2026-04-01\n"
