"""What people record: submissions, waivers, deferrals and trigger events.

Every function validates first and writes in one transaction, so bad input changes nothing.
Errors are :class:`RecordError`, one line each, naming the obligation, period and field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from config.loader import Catalogue, Entry
from cycles.engine.occurrences import EventRecord, due_for, event_periods
from cycles.engine.periods import Period, periods_between
from cycles.engine.rules import RuleNotComputable
from cycles.scan import first_action_day
from storage import queries as q
from storage.models import OccurrenceStatus


class RecordError(ValueError):
    """Bad input to a record: one line for a person."""


@dataclass(frozen=True)
class Recorded:
    occurrence_key: str
    message: str


def find_entry(catalogue: Catalogue, obligation: str) -> Entry:
    try:
        return catalogue.entry(obligation)
    except KeyError as exc:
        raise RecordError(f"{exc.args[0]} (see `cycles upcoming` or `cycles status`)") from None


def _periods_of(entry: Entry, conn: Connection, today: dt.date) -> list[tuple[Period, Any]]:
    """Every period of the obligation people could name, with its due (or None)."""
    schedule = entry.schedule()
    out: list[tuple[Period, Any]] = []
    if schedule.periods is not None:
        first = entry.area.tracking_from - dt.timedelta(days=800)
        for p in periods_between(schedule.periods, first, today + dt.timedelta(days=1100)):
            try:
                out.append((p, due_for(schedule, p)))
            except RuleNotComputable:
                out.append((p, None))
        return out
    prefix = f"{entry.area.area}."
    for ev in q.load_events(conn):
        if ev.event != prefix + (entry.obligation.trigger or ""):
            continue
        local = EventRecord(entry.obligation.trigger or "", ev.on, ev.reference, ev.closed_on)
        for p, anchor in event_periods(schedule, local, today + dt.timedelta(days=1100)):
            try:
                out.append((p, schedule.rule.due(anchor, schedule.calendar,
                                                 schedule.meetings or {})))
            except RuleNotComputable:
                out.append((p, None))
    return out


def ensure_occurrence(conn: Connection, entry: Entry, label: str, today: dt.date,
                      now: dt.datetime) -> dict[str, Any]:
    """The stored occurrence of ``entry`` for the period labelled ``label`` (created if new)."""
    key = f"{entry.id}@{label}"
    row = conn.execute(select(q.OCC).where(q.OCC.c.key == key)).mappings().first()
    if row is not None:
        return dict(row)
    periods = _periods_of(entry, conn, today)
    match = [(p, d) for p, d in periods if p.label == label]
    if not match:
        near = [p.label for p, _ in periods if p.start <= today][-4:]
        hint = f" (recent periods: {', '.join(near)})" if near else ""
        raise RecordError(f"{entry.id}: --period: no period {label!r}{hint}")
    period, due = match[0]
    if due is None:
        raise RecordError(f"{entry.id}: --period: {label!r} has no due date yet "
                          "(a meeting-relative rule with no meeting dated after it)")
    if due.date < entry.area.tracking_from:
        raise RecordError(f"{entry.id}: --period: {label!r} was due {due.date.isoformat()}, "
                          f"before tracking began ({entry.area.tracking_from.isoformat()})")
    if not conn.execute(select(q.OBL.c.id).where(q.OBL.c.id == entry.id)).first():
        ob = entry.obligation
        conn.execute(q.OBL.insert().values(
            id=entry.id, area=entry.area.area, title=ob.title, cadence=ob.cadence,
            owner=",".join(ob.owner), recipients=",".join(ob.recipients),
            source_file=ob.source.file, quote=ob.source.quote,
            local_default=ob.local_default, active=True, synced_at=now))
    values = {
        "key": key, "obligation_id": entry.id, "area": entry.area.area, "period": label,
        "period_start": period.start, "period_end": period.end, "due": due.date,
        "original_due": due.date, "explanation": due.explanation,
        "status": OccurrenceStatus.open.value,
        "next_action_at": q.day_start_utc(first_action_day(entry, due.date)),
        "created_at": now, "updated_at": now,
    }
    q.insert_ignore(conn, q.OCC, [values], ["key"])
    return dict(conn.execute(select(q.OCC).where(q.OCC.c.key == key)).mappings().one())


def _open_or_fail(entry: Entry, occ: dict[str, Any], what: str) -> None:
    if occ["status"] != OccurrenceStatus.open.value:
        raise RecordError(f"{entry.id}: --period: {occ['period']!r} is already {occ['status']}; "
                          f"nothing to {what}")


def submit(engine: Engine, catalogue: Catalogue, obligation: str, period: str, by: str,
           at: dt.datetime, now: dt.datetime, evidence: str | None = None,
           note: str | None = None) -> Recorded:
    entry = find_entry(catalogue, obligation)
    if at > now + dt.timedelta(minutes=5):
        raise RecordError(f"{entry.id}: --at: {at.isoformat()} is in the future; "
                          "record a submission once it has happened")
    if not by.strip():
        raise RecordError(f"{entry.id}: --by: say who submitted the report")
    if evidence and not evidence.startswith(("http://", "https://", "file:", "/", "\\\\")):
        raise RecordError(f"{entry.id}: --evidence: {evidence!r} is not a link "
                          "(use an https:// address or a file path)")
    today = q.london_date(now)
    with engine.begin() as conn:
        occ = ensure_occurrence(conn, entry, period, today, now)
        _open_or_fail(entry, occ, "submit")
        conn.execute(q.SUBMISSION.insert().values(
            occurrence_id=occ["id"], submitted_by=by.strip(), submitted_at=at,
            evidence=evidence, note=note, recorded_at=now))
        conn.execute(update(q.OCC).where(q.OCC.c.id == occ["id"]).values(
            status=OccurrenceStatus.submitted.value, closed_at=at, next_action_at=None,
            updated_at=now))
    late_days = (q.london_date(at) - occ["due"]).days
    timing = "on time" if late_days <= 0 else f"{late_days} day{'s' * (late_days != 1)} late"
    return Recorded(occ["key"], f"recorded: {entry.id} {period} submitted by {by.strip()} "
                    f"on {q.london_date(at).isoformat()} ({timing}; due {occ['due'].isoformat()})")


def waive(engine: Engine, catalogue: Catalogue, obligation: str, period: str, reason: str,
          approver: str, now: dt.datetime) -> Recorded:
    entry = find_entry(catalogue, obligation)
    if not reason.strip() or not approver.strip():
        raise RecordError(f"{entry.id}: --reason/--approver: a waiver needs both")
    with engine.begin() as conn:
        occ = ensure_occurrence(conn, entry, period, q.london_date(now), now)
        _open_or_fail(entry, occ, "waive")
        conn.execute(q.DECISION.insert().values(
            occurrence_id=occ["id"], kind="waived", reason=reason.strip(),
            approver=approver.strip(), previous_due=occ["due"], recorded_at=now))
        conn.execute(update(q.OCC).where(q.OCC.c.id == occ["id"]).values(
            status=OccurrenceStatus.waived.value, closed_at=now, next_action_at=None,
            updated_at=now))
    return Recorded(occ["key"], f"recorded: {entry.id} {period} waived by {approver.strip()}")


def defer(engine: Engine, catalogue: Catalogue, obligation: str, period: str, until: dt.date,
          reason: str, approver: str, now: dt.datetime) -> Recorded:
    """Move the due date (and so every reminder); the original due date is kept."""
    entry = find_entry(catalogue, obligation)
    if not reason.strip() or not approver.strip():
        raise RecordError(f"{entry.id}: --reason/--approver: a deferral needs both")
    with engine.begin() as conn:
        occ = ensure_occurrence(conn, entry, period, q.london_date(now), now)
        _open_or_fail(entry, occ, "defer")
        if until <= occ["due"]:
            raise RecordError(f"{entry.id}: --to: {until.isoformat()} is not after the current "
                              f"due date {occ['due'].isoformat()}")
        conn.execute(q.DECISION.insert().values(
            occurrence_id=occ["id"], kind="deferred", reason=reason.strip(),
            approver=approver.strip(), new_due=until, previous_due=occ["due"],
            recorded_at=now))
        today = q.london_date(now)
        first = first_action_day(entry, until)
        conn.execute(update(q.OCC).where(q.OCC.c.id == occ["id"]).values(
            due=until, next_action_at=q.day_start_utc(max(first, today)), updated_at=now))
    return Recorded(occ["key"], f"recorded: {entry.id} {period} deferred to "
                    f"{until.isoformat()} (originally due {occ['original_due'].isoformat()})")


def record_event(engine: Engine, catalogue: Catalogue, name: str, on: dt.date,
                 reference: str | None, now: dt.datetime, by: str | None = None,
                 close: bool = False) -> Recorded:
    """Record a trigger (``oxfordshire.scr_published``) or its closure.

    ``name`` may be an event type qualified by area, or an obligation whose trigger it is.
    """
    area_id, event = _event_name(catalogue, name)
    area = catalogue.areas[area_id]
    if on > q.london_date(now):
        raise RecordError(f"{area_id}.{event}: --on: {on.isoformat()} is in the future")
    if on < area.tracking_from and not close:
        raise RecordError(f"{area_id}.{event}: --on: {on.isoformat()} is before tracking began "
                          f"({area.tracking_from.isoformat()})")
    ref = (reference or on.isoformat()).strip()
    with engine.begin() as conn:
        if close:
            closing = conn.execute(select(q.EVENT).where(
                q.EVENT.c.area == area_id, q.EVENT.c.event == event,
                q.EVENT.c.reference == ref)).mappings().first()
            if closing is None:
                raise RecordError(f"{area_id}.{event}: --ref: no recorded event {ref!r} to close")
            conn.execute(update(q.EVENT).where(q.EVENT.c.id == closing["id"])
                         .values(closed_on=on))
            return Recorded(f"{area_id}.{event}:{ref}", f"recorded: {area_id}.{event} {ref!r} "
                            f"closed on {on.isoformat()}")
        inserted = q.insert_ignore(conn, q.EVENT, [{
            "area": area_id, "event": event, "reference": ref, "occurred_on": on,
            "closed_on": None, "recorded_by": by, "recorded_at": now}],
            ["area", "event", "reference"])
        if not inserted:
            raise RecordError(f"{area_id}.{event}: --ref: {ref!r} is already recorded")
    return Recorded(f"{area_id}.{event}:{ref}",
                    f"recorded: {area.events[event].title} ({area.name}) on {on.isoformat()}, "
                    f"reference {ref!r}")


def _event_name(catalogue: Catalogue, name: str) -> tuple[str, str]:
    area_id, _, rest = name.partition(".")
    if area_id in catalogue.areas and rest in catalogue.areas[area_id].events:
        return area_id, rest
    try:
        entry = catalogue.entry(name)
    except KeyError:
        raise RecordError(f"{name}: not an event type (area.event) or an event-triggered "
                          "obligation") from None
    if not entry.obligation.trigger:
        raise RecordError(f"{entry.id}: not event-triggered (cadence {entry.obligation.cadence})")
    return entry.area.area, entry.obligation.trigger


def history(engine: Engine, catalogue: Catalogue, obligation: str) -> list[dict[str, Any]]:
    """Every stored occurrence of an obligation with its submissions, decisions, messages."""
    entry = find_entry(catalogue, obligation)
    with engine.connect() as conn:
        occs = conn.execute(select(q.OCC).where(q.OCC.c.obligation_id == entry.id)
                            .order_by(q.OCC.c.period_start)).mappings().all()
        out = []
        for o in occs:
            subs = conn.execute(select(q.SUBMISSION).where(
                q.SUBMISSION.c.occurrence_id == o["id"])).mappings().all()
            decs = conn.execute(select(q.DECISION).where(
                q.DECISION.c.occurrence_id == o["id"])).mappings().all()
            notes = conn.execute(select(q.NOTE).where(q.NOTE.c.occurrence_id == o["id"])
                                 .order_by(q.NOTE.c.id)).mappings().all()
            out.append({"occurrence": dict(o), "submissions": [dict(s) for s in subs],
                        "decisions": [dict(d) for d in decs],
                        "notifications": [dict(n) for n in notes]})
    return out
