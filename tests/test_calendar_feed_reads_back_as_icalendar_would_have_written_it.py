"""The feed (written line by line by ``cycles.ics_writer``) parses, with icalendar, to the same
calendar icalendar's own object model builds from the same occurrences: every component and
every property value and parameter (summary, description with commas, semicolons, quotes and
line breaks, categories, all-day dates, DTSTAMP and LAST-MODIFIED in UTC, SEQUENCE, alarms and
their triggers), for every shipped area and for an area with non-ASCII text and long lines.
No physical line is longer than 75 octets and every line ends in CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from icalendar import Alarm, Calendar, Event

from config.loader import CATALOGUE_DIR, load_catalogue
from cycles.app.status import Standing, standing
from cycles.calendar_feed import (
    ALARM_HOUR,
    PRODID,
    REFRESH,
    Changes,
    alarm_text,
    build_calendar,
    description,
    feed,
    uid_for,
)
from cycles.engine.stages import StageKind, reminder_stages

START, END = dt.date(2025, 11, 23), dt.date(2028, 11, 22)

TRICKY = """\
area: ynys-mon
name: "Ynys Môn, Gwynedd; Conwy — Bwrdd \\"Diogelu\\" \\\\ Plant"
board: Bwrdd Diogelu Plant Gogledd Cymru
partnership: Partneriaeth Plant a Phobl Ifanc
source_file: protocol-ynys-môn.txt
tracking_from: 2026-04-01

roles:
  chair: {title: "Cadeirydd Annibynnol, y Bwrdd; “Independent Chair”"}
  business_manager: {title: Rheolwr Busnes y Bwrdd (Board Business Manager)}
  trust: {title: Bwrdd yr Ymddiriedolaeth — Trust Board 😀}

reminders:
  before_working_days: [14, 3]
  on_due: true
  overdue_every_days: 7

obligations:
  - id: adroddiad-blynyddol
    title: "Adroddiad blynyddol, a chrynodeb; ‘annual report’ \\\\ summary — a title long \
enough to fold twice over in a calendar’s SUMMARY line 😀😀"
    owner: [chair, business_manager]
    recipients: [trust]
    cadence: annual
    due: {day_of_month: 31, month: July}
    local_default: |
      Nid yw’r protocol yn rhoi dyddiad; 31 Gorffennaf ar ôl y flwyddyn ariannol.
      A second line, with commas, semicolons; "double quotes", back\\slashes and é ü ß ø.
    source:
      file: protocol-ynys-môn.txt
      quote: >-
        Bydd y Cadeirydd yn cyhoeddi adroddiad blynyddol ar effeithiolrwydd trefniadau diogelu
        plant yn yr ardal, gan gynnwys asesiad o’r perfformiad; the Chair publishes an annual
        report on the effectiveness of safeguarding, "in full", with a summary — ¾ of a page.
  - id: ffurflen-chwarterol
    title: Ffurflen berfformiad chwarterol
    owner: [business_manager]
    recipients: [trust, chair]
    cadence: quarterly
    due: {working_days_after: 15}
    source:
      file: protocol-ynys-môn.txt
      citation: Adran 4.2, paragraff 3; “Quarterly returns”
"""


def oracle(items: Iterable[Standing], name: str, changes: Mapping[str, Changes],
           recorded: bool) -> Calendar:
    """The feed as icalendar's object model writes it (the feed's first implementation)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    for st in items:
        entry, occ, state = st.entry, st.occurrence, st.state
        ob = entry.obligation
        change = changes.get(state.key, Changes())
        closed = recorded and not state.is_open
        stamp = change.last or dt.datetime.combine(occ.period.start, dt.time(), dt.UTC)
        ev = Event()
        ev.add("uid", uid_for(entry.id, occ.period.label))
        ev.add("dtstamp", stamp)
        ev.add("last-modified", stamp)
        ev.add("sequence", change.sequence)
        ev.add("dtstart", occ.due)
        ev.add("dtend", occ.due + dt.timedelta(days=1))
        what = str(state.status).capitalize() if closed else "Due"
        ev.add("summary", f"{what}: {entry.area.name}: {ob.title} — {occ.period.label}")
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", [entry.area.name, "Reporting cycle"])
        ev.add("description", description(st, closed))
        for stage in [] if closed else reminder_stages(occ.due, entry.policy,
                                                        entry.area.calendar, tuple(ob.owner)):
            if stage.kind is not StageKind.reminder:
                continue
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            lead = entry.area.calendar.working_days_between(stage.on, occ.due)
            alarm.add("description", alarm_text(ob.title, occ.due, lead))
            days = (occ.due - stage.on).days
            alarm.add("trigger", -(dt.timedelta(days=days) - dt.timedelta(hours=ALARM_HOUR)))
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal


def plain(value: Any) -> Any:
    if hasattr(value, "cats"):
        return list(value.cats)
    if hasattr(value, "dt"):
        return value.dt, type(value.dt)
    return type(value).__name__, str(value)


def contents(cal: Calendar) -> list[tuple[str, list[tuple[str, Any, dict[str, str]]]]]:
    return [(comp.name, sorted((key, plain(value), dict(value.params))
                               for key, value in comp.items()))
            for comp in cal.walk()]


def check_lines(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    for line in data[:-2].split(b"\r\n"):
        assert len(line) <= 75, line
        assert b"\r" not in line and b"\n" not in line
        line.decode("utf-8")


def assert_reads_back(data: bytes, expected: Calendar) -> None:
    check_lines(data)
    # both through the parser: icalendar reads X- properties as raw (still escaped) text
    got, want = (contents(Calendar.from_ical(data)),
                 contents(Calendar.from_ical(expected.to_ical())))
    assert len(got) == len(want)
    for got_component, want_component in zip(got, want, strict=True):
        assert got_component == want_component


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tricky")
    (folder / "ynys-mon.yaml").write_text(TRICKY, encoding="utf-8")
    return folder


@pytest.mark.parametrize("area", sorted(p.stem for p in CATALOGUE_DIR.glob("*.yaml")))
def test_every_shipped_area_reads_back(area: str) -> None:
    cat = load_catalogue()
    items = standing(cat, None, START, END, area=area)
    assert items
    name = f"Reporting cycles: {cat.areas[area].name}"
    assert_reads_back(feed(cat, None, START, END, area=area),
                      oracle(items, name, {}, recorded=False))


def test_all_shipped_areas_in_one_feed_read_back() -> None:
    cat = load_catalogue()
    assert_reads_back(feed(cat, None, START, END),
                      oracle(standing(cat, None, START, END), "Reporting cycles: all areas",
                             {}, recorded=False))


def test_non_ascii_and_long_lines_read_back(tricky: Path) -> None:
    cat = load_catalogue([tricky])
    data = feed(cat, None, START, END, area="ynys-mon", role="business_manager")
    name = ("Reporting cycles: Ynys Môn, Gwynedd; Conwy — Bwrdd \"Diogelu\" \\ Plant "
            "(Rheolwr Busnes y Bwrdd (Board Business Manager))")
    role_items = standing(cat, None, START, END, area="ynys-mon", role="business_manager")
    assert_reads_back(data, oracle(role_items, name, {}, recorded=False))
    parsed = Calendar.from_ical(data)
    summaries = {str(e["SUMMARY"]) for e in parsed.walk("VEVENT")}
    assert any("\\ summary — a title long enough" in s and s.endswith("😀😀 — 2026-27")
               for s in summaries), summaries
    assert max(map(len, data.split(b"\r\n"))) == 75  # long lines were folded, to the limit
    assert len(role_items) == len(list(parsed.walk("VEVENT"))) > 0


def test_recorded_changes_read_back(tricky: Path) -> None:
    """SEQUENCE, DTSTAMP and LAST-MODIFIED from recorded decisions (whole seconds, UTC)."""
    cat = load_catalogue([tricky])
    items = standing(cat, None, START, END)
    changes = {st.state.key: Changes(i % 3, i % 2 == 1,
                                     dt.datetime(2026, 5, 1 + i % 20, 8, 30, 15, 123456,
                                                 tzinfo=dt.UTC) if i % 4 else None)
               for i, st in enumerate(items)}
    assert_reads_back(build_calendar(items, "Changes; recorded, here", changes),
                      oracle(items, "Changes; recorded, here", changes, recorded=True))
