"""An RFC 5545 feed of due dates that Outlook and Google Calendar import or subscribe to.

One module builds the feed for ``cycles calendar`` and for the web app's subscription
(``/calendar/<area>.ics``): :func:`feed` reads the catalogue and, when there is one, the
database (:func:`cycles.app.status.standing`: recorded events start event-triggered
occurrences, deferrals move the date, submissions and waivers close an occurrence).

All-day VEVENTs (Outlook ignores VTODO) on each due date in force, one VALARM per reminder
lead time firing at 09:00 on the reminder's working day, worded for people ("Reminder: X is
due in 14 working days (Fri 22 Jan)"). The UID is derived from the occurrence's identity
(area, obligation id, period label) only, so a re-import or a refresh updates an event
instead of duplicating it. The description ends by saying, in words, where a submission is
recorded (the board's page, or the board's business manager): chairs and directors never open
a terminal, and the board page's link is signed, so it stays out of a calendar.

The lines are written by :mod:`cycles.ics_writer` (TEXT escaping, folding at 75 octets),
not through icalendar's object model, which took seconds for a feed of thousands of events;
the bytes are the ones icalendar 7 wrote (but a literal ``\\N`` in a text is no longer
turned into a line break), and the tests read every feed back with icalendar.

The feed is a pure function of the catalogue and the database: an unchanged database gives a
byte-identical feed. ``SEQUENCE`` is the number of recorded decisions that moved or closed the
occurrence (plus one once it is submitted); ``LAST-MODIFIED`` and ``DTSTAMP`` are the latest
decision or submission time, else the start of the occurrence's period (a fixed instant the
catalogue gives). ``REFRESH-INTERVAL`` and ``X-PUBLISHED-TTL`` ask subscribers to refresh
every 12 hours.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cycles.engine.stages import ReminderPolicy, StageKind, reminder_stages
from cycles.engine.workdays import WorkingCalendar, fmt_date
from cycles.ics_writer import ContentLines, ical_date, ical_duration, ical_utc
from cycles.links.board import BOARD_ROLE
from cycles.vocabulary import working_days

if TYPE_CHECKING:
    from config.loader import Catalogue
    from config.model import Area
    from cycles.app.status import Standing

PRODID = "-//reporting-cycles//Statutory reporting cycles//EN"
ALARM_HOUR = 9
REFRESH = dt.timedelta(hours=12)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Changes:
    """What was recorded against one occurrence, for SEQUENCE and LAST-MODIFIED."""

    decisions: int = 0  # deferrals and waivers recorded
    submitted: bool = False
    last: dt.datetime | None = None  # the latest decision or submission (UTC)

    @property
    def sequence(self) -> int:
        return self.decisions + int(self.submitted)


NO_CHANGES = Changes()


def uid_for(entry_id: str, period_label: str) -> str:
    digest = hashlib.sha256(f"{entry_id}|{period_label}".encode()).hexdigest()[:24]
    return f"{digest}@reporting-cycles"


def recorded_changes(engine: Any, area: str | None = None) -> dict[str, Changes]:
    """Decisions and submissions by occurrence key (read-only)."""
    from sqlalchemy import func, select

    from storage import queries as q

    counts: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        for table, when in ((q.DECISION, q.DECISION.c.recorded_at),
                            (q.SUBMISSION, q.SUBMISSION.c.recorded_at)):
            stmt = (select(q.OCC.c.key, func.count(), func.max(when))
                    .join_from(table, q.OCC, table.c.occurrence_id == q.OCC.c.id)
                    .group_by(q.OCC.c.key))
            if area is not None:
                stmt = stmt.where(q.OCC.c.area == area)
            for key, n, last in conn.execute(stmt):
                slot = counts.setdefault(key, [0, False, None])
                if table is q.DECISION:
                    slot[0] = int(n)
                else:
                    slot[1] = True
                last = _utc(last)
                slot[2] = last if slot[2] is None or (last and last > slot[2]) else slot[2]
    return {k: Changes(n, sub, last) for k, (n, sub, last) in counts.items()}


def _utc(when: dt.datetime | None) -> dt.datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def feed(catalogue: Catalogue, engine: Any, start: dt.date, end: dt.date,
         area: str | None = None, role: str | None = None) -> bytes:
    """The feed's bytes for ``area`` (None: every area) and ``role`` (None: every role),
    occurrences due in [start, end]; ``engine`` None: the catalogue alone."""
    from cycles.app.status import standing

    items = standing(catalogue, engine, start, end, area=area, role=role)
    scope = catalogue.areas[area].name if area else "all areas"
    if area and role:
        scope += f" ({catalogue.areas[area].role_title(role)})"
    elif role:
        scope += f" ({role})"
    changes = recorded_changes(engine, area) if engine is not None else {}
    return build_calendar(items, f"Reporting cycles: {scope}", changes,
                          recorded=engine is not None)


def build_calendar(items: Iterable[Standing], name: str,
                   changes: Mapping[str, Changes] | None = None,
                   recorded: bool = True) -> bytes:
    """The feed's bytes: a calendar of ``items`` (their due dates in force); ``recorded``
    False: no database was read, so no state is shown.

    Properties come in icalendar's canonical order (the order this feed has always had)."""
    out = ContentLines()
    out.begin("VCALENDAR")
    out.text("VERSION", "2.0")
    out.text("PRODID", PRODID)
    out.text("CALSCALE", "GREGORIAN")
    out.text("METHOD", "PUBLISH")
    out.unknown("X-WR-CALNAME", name)
    out.raw("REFRESH-INTERVAL", ical_duration(REFRESH), "VALUE=DURATION")
    out.unknown("X-PUBLISHED-TTL", ical_duration(REFRESH))
    out.unknown("X-WR-TIMEZONE", "Europe/London")
    changes = changes or {}
    for st in items:
        _event(out, st, changes.get(st.state.key, NO_CHANGES), recorded)
    out.end("VCALENDAR")
    return out.to_ical()


def alarm_text(title: str, due: dt.date, days: int) -> str:
    """``Reminder: Annual report is due in 14 working days (Fri 22 Jan)``."""
    return f"Reminder: {title} is due in {working_days(days)} ({due:%a} {due.day} {due:%b})"


def _alarms(due: dt.date, policy: ReminderPolicy,
            calendar: WorkingCalendar) -> list[tuple[int, str]]:
    """The reminders of a due date: (lead in working days, TRIGGER)."""
    return [(calendar.working_days_between(stage.on, due),
             ical_duration(-(dt.timedelta(days=(due - stage.on).days)
                             - dt.timedelta(hours=ALARM_HOUR))))
            for stage in reminder_stages(due, policy, calendar, ())
            if stage.kind is StageKind.reminder]


def _event(out: ContentLines, st: Standing, change: Changes, recorded: bool) -> None:
    entry, occ, state = st.entry, st.occurrence, st.state
    ob = entry.obligation
    closed = recorded and not state.is_open
    stamp = ical_utc(change.last or dt.datetime.combine(occ.period.start, dt.time(), dt.UTC))
    what = str(state.status).capitalize() if closed else "Due"
    out.begin("VEVENT")
    out.text("SUMMARY", f"{what}: {entry.area.name}: {ob.title} \u2014 {occ.period.label}")
    out.raw("DTSTART", ical_date(occ.due), "VALUE=DATE")
    out.raw("DTEND", ical_date(occ.due + dt.timedelta(days=1)), "VALUE=DATE")
    out.raw("DTSTAMP", stamp)
    out.text("UID", uid_for(entry.id, occ.period.label))
    out.raw("SEQUENCE", str(change.sequence))
    out.texts("CATEGORIES", [entry.area.name, "Reporting cycle"])
    out.text("DESCRIPTION", description(st, closed))
    out.raw("LAST-MODIFIED", stamp)
    out.text("TRANSP", "TRANSPARENT")
    if not closed:
        for lead, trigger in _alarms(occ.due, entry.policy, entry.area.calendar):
            out.begin("VALARM")
            out.text("ACTION", "DISPLAY")
            out.text("DESCRIPTION", alarm_text(ob.title, occ.due, lead))
            out.raw("TRIGGER", trigger)
            out.end("VALARM")
    out.end("VEVENT")


def description(st: Standing, closed: bool) -> str:
    entry, occ, state = st.entry, st.occurrence, st.state
    ob = entry.obligation
    owners = ", ".join(entry.role_titles(ob.owner))
    recipients = ", ".join(entry.role_titles(ob.recipients))
    lines = [
        f"Owner: {owners}",
        f"To: {recipients}",
        f"Period: {occ.period.label} ({occ.period.start:%d %b %Y} to {occ.period.end:%d %b %Y})",
        f"Why this date: {occ.explanation}",
    ]
    if st.deferred:
        lines.append(f"Deferred: originally due {fmt_date(state.original_due)}, "
                     f"now due {fmt_date(state.due)}")
    if closed:
        lines.append(f"Recorded: {state.status}")
    if ob.local_default:
        lines.append(f"Local default: {ob.local_default}")
    if ob.local_addition:
        lines.append(f"Local addition (the source does not ask for this): {ob.local_addition}")
    if ob.deadline_note:
        lines.append(f"Deadline from national text: {ob.deadline_note}")
    where = (f"\u201c{ob.source.quote}\u201d" if ob.source.quote
             else f"see {ob.source.citation}")
    lines += ["", f"Source ({ob.source.file}): {where}"]
    if not closed:
        lines += ["", record_hint(entry.area)]
    return "\n".join(lines)


def record_hint(area: Area) -> str:
    """How a chair or director (who never opens a terminal) gets a submission recorded. The
    board page's address carries a signed token, so the feed names the page, not its link."""
    manager = area.roles.get(BOARD_ROLE)
    who = f"the {manager.title}" if manager else "the board business manager"
    return f"Record the submission on the board's page, or ask {who}."
