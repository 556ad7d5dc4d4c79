"""What people record: submissions, waivers, deferrals and trigger events.

Every use case validates first and writes in one transaction, so bad input changes nothing.
Errors are :class:`~cycles.app.errors.InputError`: the field in people's words, the message,
and the obligation (or ``area.event``) as its subject.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cycles.app.bounds import (
    EVIDENCE_MAX,
    NAME_MAX,
    REFERENCE_MAX,
    TEXT_MAX,
    DateWindow,
    catalogue_window,
    check_date,
    check_instant,
    check_text,
    date_window,
)
from cycles.app.errors import InputError
from cycles.app.occurrences import namable_periods, obligation_row, occurrence_row
from cycles.london import day_start_utc, fmt_date, london_date
from cycles.scan import first_action_day
from cycles.vocabulary import lateness
from storage.limits import IDENTIFIER_MAX, LABEL_MAX
from storage.rows import OccurrenceState

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from config.loader import Catalogue, Entry

RecordError = InputError  # the name these errors had when storage raised them


@dataclass(frozen=True)
class Recorded:
    occurrence_key: str  # or ``area.event:reference`` for an event
    message: str
    working_days_late: int = 0  # a submission's lateness, as the compliance report counts


class AlreadyRecorded(InputError):
    """Recorded before, by this or another door: the message says when and by whom
    (``already recorded on Wed 22 Jul 2026 by J. Smith``); ``str()`` is the message alone."""

    def __init__(self, message: str, subject: str | None = None, field: str = "period"):
        super().__init__(field, message, subject)

    def __str__(self) -> str:
        return self.message


fmt_day = fmt_date  # ``Fri 30 Oct 2026``: the one date form (cycles.london)


def already_closed(conn: Connection, occurrence_id: int, status: str,
                   subject: str | None = None) -> AlreadyRecorded:
    """What a second submission is told: the first record, by whichever door it came."""
    from sqlalchemy import select

    from storage import queries as q

    sub = conn.execute(select(q.SUBMISSION).where(q.SUBMISSION.c.occurrence_id == occurrence_id)
                       .order_by(q.SUBMISSION.c.id)).mappings().first()
    if sub is not None:
        return AlreadyRecorded(f"already recorded on {fmt_day(london_date(sub['submitted_at']))}"
                               f" by {sub['submitted_by']}", subject)
    dec = conn.execute(select(q.DECISION).where(q.DECISION.c.occurrence_id == occurrence_id,
                                                q.DECISION.c.kind == "waived")).mappings().first()
    if dec is not None:
        return AlreadyRecorded(f"already waived on {fmt_day(london_date(dec['recorded_at']))} "
                               f"by {dec['approver']}", subject)
    return AlreadyRecorded(f"already {status}", subject)


def find_entry(catalogue: Catalogue, obligation: str) -> Entry:
    """The catalogue entry of ``obligation`` (qualified, or a bare id when unique)."""
    check_text(obligation, "obligation", limit=IDENTIFIER_MAX)
    try:
        return catalogue.entry(obligation)
    except KeyError:
        matches = [e for e in catalogue.entries() if e.obligation.id == obligation]
        known = "ambiguous (qualify it with the area)" if len(matches) > 1 else "unknown"
        raise InputError("obligation", f"{obligation!r} is {known}") from None


def ensure_occurrence(conn: Connection, entry: Entry, label: str, today: dt.date,
                      now: dt.datetime) -> OccurrenceState:
    """The stored occurrence of ``entry`` for the period labelled ``label`` (created if new)."""
    from storage import queries as q
    from storage import records as stored

    found = stored.occurrence(conn, f"{entry.id}@{label}")
    if found is not None:
        return found
    periods = namable_periods(entry, q.stored_events(conn), q.stored_submissions(conn), today)
    match = [(p, d) for p, d in periods if p.label == label]
    if not match:
        near = [p.label for p, _ in periods if p.start <= today][-4:]
        hint = f" (recent periods: {', '.join(near)})" if near else ""
        raise InputError("period", f"no period {label!r}{hint}", entry.id)
    period, due = match[0]
    if due is None:
        raise InputError("period", f"{label!r} has no due date yet (a meeting-relative rule "
                         "with no meeting dated after it)", entry.id)
    if due.date < entry.area.tracking_from:
        raise InputError("period", f"{label!r} was due {due.date.isoformat()}, before "
                         f"tracking began ({entry.area.tracking_from.isoformat()})", entry.id)
    return stored.insert_occurrence(conn, obligation_row(entry),
                                    occurrence_row(entry, period, due.date, due.explanation),
                                    now)


def _open_or_fail(entry: Entry, occ: OccurrenceState, what: str) -> None:
    if not occ.is_open:
        raise InputError("period", f"{occ.period!r} is already {occ.status}; nothing to {what}",
                         entry.id)


def submit(engine: Engine, catalogue: Catalogue, obligation: str, period: str, by: str,
           at: dt.datetime, now: dt.datetime, evidence: str | None = None,
           note: str | None = None, *, channel: str | None = None,
           role: str | None = None) -> Recorded:
    """Record that ``obligation``'s report for ``period`` was submitted ``at`` by ``by``
    (``channel``: the door it came through, kept with the record: cli, prefect, link;
    ``role``: the role tag a link was issued to).

    Every door comes here: one transaction whose conditional update closes the occurrence
    only while it is open, so of any number of submissions at once exactly one records and
    the others get :class:`AlreadyRecorded` ("already recorded on … by …")."""
    return submit_entry(engine, find_entry(catalogue, obligation), period, by, at, now,
                        evidence, note, channel=channel, role=role)


def submit_entry(engine: Engine, entry: Entry, period: str, by: str, at: dt.datetime,
                 now: dt.datetime, evidence: str | None = None, note: str | None = None, *,
                 channel: str | None = None, role: str | None = None) -> Recorded:
    """:func:`submit` for a catalogue entry already found (the web page has it)."""
    from storage import records as stored

    period, by, evidence, note = check_entry_submission(
        entry, date_window([entry.area.tracking_from], london_date(now)), period, by, at, now,
        evidence, note)
    with engine.begin() as conn:
        occ = ensure_occurrence(conn, entry, period, london_date(now), now)
        if not stored.add_submission(conn, occ.id, by.strip(), at, evidence, note, now,
                                     channel, role):
            current = stored.occurrence(conn, occ.key)
            raise already_closed(conn, occ.id, current.status if current else occ.status,
                                 entry.id)
    on = london_date(at)
    late = working_days_late(entry, occ.due, on)
    return Recorded(occ.key, f"recorded: {entry.id} {period} submitted by {by.strip()} "
                    f"on {on.isoformat()} ({lateness(late)}; due {occ.due.isoformat()})", late)


def check_submission(catalogue: Catalogue, obligation: str, period: str, by: str,
                     at: dt.datetime, now: dt.datetime, evidence: str | None = None,
                     note: str | None = None
                     ) -> tuple[Entry, str, str, str | None, str | None]:
    """A submission's input checked without touching the database (a door calls it before
    opening one): (entry, period, by, evidence, note), stripped."""
    entry = find_entry(catalogue, obligation)
    window = catalogue_window(catalogue, london_date(now))
    return (entry, *check_entry_submission(entry, window, period, by, at, now, evidence, note))


def check_entry_submission(entry: Entry, window: DateWindow, period: str, by: str,
                           at: dt.datetime, now: dt.datetime, evidence: str | None = None,
                           note: str | None = None
                           ) -> tuple[str, str, str | None, str | None]:
    """:func:`check_submission` for an entry already found: (period, by, evidence, note)."""
    period = _period(period, entry)
    if at > now + dt.timedelta(minutes=5):
        raise InputError("submitted at", f"{at.isoformat()} is in the future; record a "
                         "submission once it has happened", entry.id)
    check_instant(at, "submitted at", window, entry.id)
    if not by.strip():
        raise InputError("submitted by", "say who submitted the report", entry.id)
    by = str(check_text(by, "submitted by", limit=NAME_MAX, subject=entry.id))
    evidence = check_text(evidence, "evidence", limit=EVIDENCE_MAX, required=False,
                          subject=entry.id)
    note = check_text(note, "note", limit=TEXT_MAX, multiline=True, required=False,
                      subject=entry.id)
    if evidence and not evidence.startswith(("http://", "https://", "file:", "/", "\\")):
        raise InputError("evidence", f"{evidence!r} is not a link (use an https:// address "
                         "or a file path)", entry.id)
    return period, by, evidence, note


def check_decision(catalogue: Catalogue, obligation: str, period: str, reason: str,
                   approver: str, now: dt.datetime, until: dt.date | None = None,
                   what: str = "waiver") -> tuple[Entry, str]:
    """A waiver's or a deferral's input checked without the database: (entry, period)."""
    entry = find_entry(catalogue, obligation)
    period = _period(period, entry)
    _reason_and_approver(entry, reason, approver, what)
    if until is not None:
        check_date(until, "new due date", catalogue_window(catalogue, london_date(now)),
                   entry.id)
    return entry, period


def _period(label: str, entry: Entry) -> str:
    return str(check_text(label, "period", limit=LABEL_MAX, subject=entry.id))


def working_days_late(entry: Entry, due: dt.date, on: dt.date) -> int:
    """Working days late, as the compliance report counts: a submission on a closed day
    counts from the next working day (0 when on or before ``due``)."""
    from cycles.engine.workdays import Roll

    if on <= due:
        return 0
    arrived, _ = entry.area.calendar.roll(on, Roll.following)
    return entry.area.calendar.working_days_between(due, arrived)


def _reason_and_approver(entry: Entry, reason: str, approver: str, what: str) -> None:
    if not reason.strip():
        raise InputError("reason", f"a {what} needs a reason and an approver", entry.id)
    if not approver.strip():
        raise InputError("approver", f"a {what} needs a reason and an approver", entry.id)
    check_text(reason, "reason", limit=TEXT_MAX, multiline=True, subject=entry.id)
    check_text(approver, "approver", limit=NAME_MAX, subject=entry.id)


def waive(engine: Engine, catalogue: Catalogue, obligation: str, period: str, reason: str,
          approver: str, now: dt.datetime, *, channel: str | None = None) -> Recorded:
    """Record that the report is not required this time: its reminders stop."""
    from storage import records as stored

    entry, period = check_decision(catalogue, obligation, period, reason, approver, now)
    with engine.begin() as conn:
        occ = ensure_occurrence(conn, entry, period, london_date(now), now)
        _open_or_fail(entry, occ, "waive")
        stored.add_waiver(conn, occ, reason.strip(), approver.strip(), now, channel)
    return Recorded(occ.key, f"recorded: {entry.id} {period} waived by {approver.strip()}")


def defer(engine: Engine, catalogue: Catalogue, obligation: str, period: str, until: dt.date,
          reason: str, approver: str, now: dt.datetime, *, channel: str | None = None
          ) -> Recorded:
    """Move the due date (and so every reminder); the original due date is kept."""
    from storage import records as stored

    entry, period = check_decision(catalogue, obligation, period, reason, approver, now,
                                   until, "deferral")
    today = london_date(now)
    with engine.begin() as conn:
        occ = ensure_occurrence(conn, entry, period, today, now)
        _open_or_fail(entry, occ, "defer")
        if until <= occ.due:
            raise InputError("new due date", f"{until.isoformat()} is not after the current "
                             f"due date {occ.due.isoformat()}", entry.id)
        first = first_action_day(entry, until)
        stored.add_deferral(conn, occ, until, reason.strip(), approver.strip(),
                            day_start_utc(max(first, today)), now, channel)
    return Recorded(occ.key, f"recorded: {entry.id} {period} deferred to "
                    f"{until.isoformat()} (originally due {occ.original_due.isoformat()})")


def event_name(catalogue: Catalogue, name: str) -> tuple[str, str]:
    """``area.event``, or an event-triggered obligation -> (area, event type)."""
    check_text(name, "event", limit=IDENTIFIER_MAX)
    area_id, _, rest = name.partition(".")
    if area_id in catalogue.areas and rest in catalogue.areas[area_id].events:
        return area_id, rest
    try:
        entry = catalogue.entry(name)
    except KeyError:
        raise InputError("event", f"{name!r} is not an event type (area.event) or an "
                         "event-triggered obligation") from None
    if not entry.obligation.trigger:
        raise InputError("event", f"not event-triggered (cadence {entry.obligation.cadence})",
                         entry.id)
    return entry.area.area, entry.obligation.trigger


def check_event(catalogue: Catalogue, name: str, on: dt.date, reference: str | None,
                now: dt.datetime, by: str | None = None, close: bool = False
                ) -> tuple[str, str, str | None, str | None]:
    """An event's input checked without the database: (area, event, reference, by)."""
    area_id, event = event_name(catalogue, name)
    area = catalogue.areas[area_id]
    subject = f"{area_id}.{event}"
    reference = check_text(reference, "reference", limit=REFERENCE_MAX, required=False,
                           subject=subject)
    by = check_text(by, "recorded by", limit=NAME_MAX, required=False, subject=subject)
    if on > london_date(now):
        raise InputError("date", f"{on.isoformat()} is in the future", subject)
    check_date(on, "date", catalogue_window(catalogue, london_date(now)), subject)
    if on < area.tracking_from and not close:
        raise InputError("date", f"{on.isoformat()} is before tracking began "
                         f"({area.tracking_from.isoformat()})", subject)
    return area_id, event, reference, by


def record_event(engine: Engine, catalogue: Catalogue, name: str, on: dt.date,
                 reference: str | None, now: dt.datetime, by: str | None = None,
                 close: bool = False) -> Recorded:
    """Record a trigger (``oxfordshire.scr_published``) or its closure.

    ``name`` may be an event type qualified by area, or an obligation whose trigger it is.
    """
    from storage import records as stored

    area_id, event, reference, by = check_event(catalogue, name, on, reference, now, by, close)
    area = catalogue.areas[area_id]
    subject = f"{area_id}.{event}"
    ref = (reference or on.isoformat()).strip()
    with engine.begin() as conn:
        if close:
            if not stored.close_event(conn, area_id, event, ref, on):
                raise InputError("reference", f"no recorded event {ref!r} to close", subject)
            return Recorded(f"{subject}:{ref}",
                            f"recorded: {subject} {ref!r} closed on {on.isoformat()}")
        if not stored.add_event(conn, area_id, event, ref, on, by, now):
            raise InputError("reference", f"{ref!r} is already recorded", subject)
    return Recorded(f"{subject}:{ref}",
                    f"recorded: {area.events[event].title} ({area.name}) on {on.isoformat()}, "
                    f"reference {ref!r}")


def history(engine: Engine, catalogue: Catalogue, obligation: str) -> list[dict[str, Any]]:
    """Every stored occurrence of an obligation with its submissions, decisions, messages."""
    from storage import records as stored

    return stored.history(engine, find_entry(catalogue, obligation).id)
