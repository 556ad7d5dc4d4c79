"""An RFC 5545 feed of due dates that Outlook and Google Calendar import.

All-day VEVENTs (Outlook ignores VTODO) on each due date, one VALARM per reminder lead time
firing at 09:00 on the reminder's working day, the owner and the protocol sentence in the
description. The UID is derived from the occurrence's identity (area, obligation id,
period label) only, so it is stable across runs and across edits of other entries: a
re-import updates an event instead of duplicating it.

Given what storage knows (``states``, by occurrence key), a deferred occurrence sits on its
new date and says both dates; a submitted or waived one says so and keeps no alarm.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event

from config.loader import Entry
from cycles.engine.occurrences import Occurrence
from cycles.engine.stages import StageKind, reminder_stages
from cycles.engine.workdays import fmt_date

if TYPE_CHECKING:
    from storage.rows import OccurrenceState

PRODID = "-//reporting-cycles//Statutory reporting cycles//EN"
ALARM_HOUR = 9


def uid_for(entry_id: str, period_label: str) -> str:
    digest = hashlib.sha256(f"{entry_id}|{period_label}".encode()).hexdigest()[:24]
    return f"{digest}@reporting-cycles"


def build_calendar(
    pairs: Iterable[tuple[Entry, Occurrence]], name: str, stamp: dt.datetime,
    states: Mapping[str, OccurrenceState] | None = None,
) -> Calendar:
    """``pairs``' due dates are the ones in force; ``states`` (by occurrence key), when a
    database was read, add what was recorded."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    for entry, occ in pairs:
        cal.add_component(_event(entry, occ, stamp, (states or {}).get(occ.key)))
    return cal


def _event(entry: Entry, occ: Occurrence, stamp: dt.datetime,
           state: OccurrenceState | None = None) -> Event:
    ob = entry.obligation
    closed = state is not None and not state.is_open
    ev = Event()
    ev.add("uid", uid_for(entry.id, occ.period.label))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", occ.due)
    ev.add("dtend", occ.due + dt.timedelta(days=1))
    what = str(state.status).capitalize() if closed and state is not None else "Due"
    ev.add("summary", f"{what}: {entry.area.name}: {ob.title} — {occ.period.label}")
    ev.add("transp", "TRANSPARENT")
    ev.add("categories", [entry.area.name, "Reporting cycle"])
    owners = ", ".join(entry.role_titles(ob.owner))
    recipients = ", ".join(entry.role_titles(ob.recipients))
    lines = [
        f"Owner: {owners}",
        f"To: {recipients}",
        f"Period: {occ.period.label} ({occ.period.start:%d %b %Y} to {occ.period.end:%d %b %Y})",
        f"Why this date: {occ.explanation}",
    ]
    if state is not None and state.due != state.original_due:
        lines.append(f"Deferred: originally due {fmt_date(state.original_due)}, "
                     f"now due {fmt_date(state.due)}")
    if closed and state is not None:
        lines.append(f"Recorded: {state.status}")
    if ob.local_default:
        lines.append(f"Local default: {ob.local_default}")
    if ob.local_addition:
        lines.append(f"Local addition (the source does not ask for this): {ob.local_addition}")
    if ob.deadline_note:
        lines.append(f"Deadline from national text: {ob.deadline_note}")
    where = (f"\u201c{ob.source.quote}\u201d" if ob.source.quote
             else f"see {ob.source.citation}")
    lines += ["", f"Source ({ob.source.file}): {where}", "",
              f"Record the submission: cycles submit {entry.id} --period \"{occ.period.label}\""]
    ev.add("description", "\n".join(lines))
    for stage in reminder_stages(occ.due, entry.policy, entry.area.calendar, tuple(ob.owner)):
        if stage.kind is not StageKind.reminder or closed:
            continue
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{ob.title} — due {occ.due:%a %d %b %Y} ({stage.key})")
        days = (occ.due - stage.on).days
        alarm.add("trigger", -(dt.timedelta(days=days) - dt.timedelta(hours=ALARM_HOUR)))
        ev.add_component(alarm)
    return ev
