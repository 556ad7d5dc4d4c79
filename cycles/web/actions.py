"""What the web pages read and write: the one place the web door touches storage.

Until the application layer (``cycles.app``) lands, this module reads the tables and writes
records itself, each write one transaction with a conditional update, so a double press or
100 presses at once record once. Every record keeps its channel (``link``) and the role tag
the link was issued to. Bad input raises :class:`InputError` (field, message in people's
words); a second record raises :class:`AlreadyRecorded` naming the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from config.loader import Catalogue, Entry
from cycles.london import day_start_utc, london_date
from cycles.scan import first_action_day
from storage import queries as q
from storage.models import DeferralRequest, OccurrenceStatus, Receipt

RECEIPT = Receipt.__table__  # type: ignore[attr-defined]
REQUEST = DeferralRequest.__table__  # type: ignore[attr-defined]
CHANNEL = "link"


class InputError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class AlreadyRecorded(Exception):
    """The thing was recorded before (by this or another door): the message says when."""


@dataclass(frozen=True)
class Done:
    message: str  # "recorded: on time"


def fmt(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


# ---- reading ---------------------------------------------------------------------------

def occurrence(engine: Engine, occurrence_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(q.OCC).where(q.OCC.c.id == occurrence_id)).mappings().first()
    return dict(row) if row else None


def history(engine: Engine, occurrence_id: int) -> dict[str, list[dict[str, Any]]]:
    """Everything recorded and sent for one occurrence, oldest first."""
    tables = {"submissions": (q.SUBMISSION, q.SUBMISSION.c.id),
              "decisions": (q.DECISION, q.DECISION.c.id),
              "receipts": (RECEIPT, RECEIPT.c.id),
              "requests": (REQUEST, REQUEST.c.id),
              "notifications": (q.NOTE, q.NOTE.c.id)}
    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name, (table, order) in tables.items():
            rows = conn.execute(select(table).where(table.c.occurrence_id == occurrence_id)
                                .order_by(order)).mappings().all()
            out[name] = [dict(r) for r in rows]
    return out


def request(engine: Engine, request_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(REQUEST).where(REQUEST.c.id == request_id)).mappings().first()
    return dict(row) if row else None


def board(engine: Engine, area: str, limit: int = 200) -> list[dict[str, Any]]:
    """The area's open reports, soonest due first."""
    with engine.connect() as conn:
        rows = conn.execute(select(q.OCC).where(
            q.OCC.c.area == area, q.OCC.c.status == OccurrenceStatus.open.value)
            .order_by(q.OCC.c.due, q.OCC.c.obligation_id).limit(limit)).mappings().all()
    return [dict(r) for r in rows]


def already(engine: Engine, action: str, occ: dict[str, Any]) -> str | None:
    """What a form page should say instead of its form, when it was done before."""
    with engine.connect() as conn:
        if action in ("submit", "defer") and occ["status"] != OccurrenceStatus.open.value:
            return str(_already_submitted(conn, occ))
        if action == "receive":
            first = conn.execute(select(RECEIPT).where(RECEIPT.c.occurrence_id == occ["id"])
                                 ).mappings().first()
            if first is not None:
                return str(_already_received(first))
    return None


def _already_received(first: Any) -> AlreadyRecorded:
    return AlreadyRecorded(f"already recorded on {fmt(london_date(first['recorded_at']))} by "
                           f"{first['recorded_by']} (meeting of {fmt(first['meeting_date'])}, "
                           f"{first['minute_reference']})")


def lateness(entry: Entry, due: dt.date, on: dt.date) -> str:
    late = entry.area.calendar.working_days_between(due, on)
    if on <= due or late == 0:
        return "on time"
    return f"{late} working day{'s' * (late != 1)} late"


# ---- writing ---------------------------------------------------------------------------

def _submitted_at(day: dt.date, now: dt.datetime) -> dt.datetime:
    if day == london_date(now):
        return now
    return day_start_utc(day) + dt.timedelta(hours=12)


def _already_submitted(conn: Any, occ: dict[str, Any]) -> AlreadyRecorded:
    sub = conn.execute(select(q.SUBMISSION).where(q.SUBMISSION.c.occurrence_id == occ["id"])
                       .order_by(q.SUBMISSION.c.id)).mappings().first()
    if sub is not None:
        return AlreadyRecorded(f"already recorded on {fmt(london_date(sub['submitted_at']))} "
                               f"by {sub['submitted_by']}")
    dec = conn.execute(select(q.DECISION).where(q.DECISION.c.occurrence_id == occ["id"],
                                                q.DECISION.c.kind == "waived")).mappings().first()
    if dec is not None:
        return AlreadyRecorded(f"already waived on {fmt(london_date(dec['recorded_at']))} "
                               f"by {dec['approver']}")
    return AlreadyRecorded(f"already {occ['status']}")


def submit(engine: Engine, entry: Entry, occurrence_id: int, by: str, day: dt.date,
           evidence: str, note: str, role: str, now: dt.datetime) -> Done:
    by, evidence, note = by.strip(), evidence.strip(), note.strip()
    today = london_date(now)
    if not by:
        raise InputError("submitted by", "say who submitted the report")
    if day > today:
        raise InputError("date", f"{fmt(day)} is in the future: record it once it has happened")
    if evidence and not evidence.startswith(("http://", "https://", "file:", "/", "\\\\")):
        raise InputError("evidence", "give a link (https://…) or a file path")
    if len(by) > 200 or len(evidence) > 2000 or len(note) > 4000:
        raise InputError("note", "too long")
    at = _submitted_at(day, now)
    with engine.begin() as conn:
        # the conditional update first: of two presses at once, one claims the row
        claimed = conn.execute(update(q.OCC).where(
            q.OCC.c.id == occurrence_id, q.OCC.c.status == OccurrenceStatus.open.value)
            .values(status=OccurrenceStatus.submitted.value, closed_at=at, next_action_at=None,
                    updated_at=now))
        occ = conn.execute(select(q.OCC).where(q.OCC.c.id == occurrence_id)).mappings().one()
        if claimed.rowcount != 1:
            raise _already_submitted(conn, dict(occ))
        conn.execute(q.SUBMISSION.insert().values(
            occurrence_id=occurrence_id, submitted_by=by, submitted_at=at,
            evidence=evidence or None, note=note or None, recorded_at=now,
            channel=CHANNEL, role=role))
    return Done(f"recorded: {lateness(entry, occ['due'], day)}")


def receive(engine: Engine, occurrence_id: int, meeting: dt.date, minute: str, by: str,
            role: str, now: dt.datetime) -> Done:
    minute, by = minute.strip(), by.strip()
    if not minute:
        raise InputError("minute reference", "give the minute reference (e.g. CTB 12/2026 item 4)")
    if len(minute) > 200:
        raise InputError("minute reference", "keep it under 200 characters")
    if not by:
        raise InputError("noted by", "say who noted it")
    if meeting > london_date(now):
        raise InputError("meeting date", f"{fmt(meeting)} is in the future")
    with engine.begin() as conn:
        inserted = q.insert_ignore(conn, RECEIPT, [{
            "occurrence_id": occurrence_id, "meeting_date": meeting,
            "minute_reference": minute, "recorded_by": by, "channel": CHANNEL, "role": role,
            "recorded_at": now}], ["occurrence_id"])
        if not inserted:
            first = conn.execute(select(RECEIPT).where(RECEIPT.c.occurrence_id == occurrence_id)
                                 ).mappings().one()
            raise _already_received(first)
    return Done(f"recorded: received at the meeting of {fmt(meeting)} ({minute})")


def request_deferral(engine: Engine, occurrence_id: int, new_due: dt.date, reason: str, by: str,
                     role: str, approver: str, now: dt.datetime) -> int:
    """Store a pending request; returns its id (the approver's link decides it)."""
    reason, by = reason.strip(), by.strip()
    if not reason:
        raise InputError("reason", "say why the report needs more time")
    if len(reason) > 4000:
        raise InputError("reason", "keep it under 4,000 characters")
    with engine.begin() as conn:
        occ = conn.execute(select(q.OCC).where(q.OCC.c.id == occurrence_id)).mappings().one()
        if occ["status"] != OccurrenceStatus.open.value:
            raise _already_submitted(conn, dict(occ))
        if new_due <= occ["due"]:
            raise InputError("new date", f"{fmt(new_due)} is not after the current due date "
                             f"{fmt(occ['due'])}")
        pending = conn.execute(select(REQUEST).where(
            REQUEST.c.occurrence_id == occurrence_id, REQUEST.c.status == "pending")
        ).mappings().first()
        if pending is not None:
            raise AlreadyRecorded(f"a deferral to {fmt(pending['new_due'])} was already asked "
                                  f"for on {fmt(london_date(pending['created_at']))} by "
                                  f"{pending['requested_by']}; it awaits a decision")
        result = conn.execute(REQUEST.insert().values(
            occurrence_id=occurrence_id, new_due=new_due, reason=reason, requested_by=by,
            role=role, approver_role=approver, status="pending", channel=CHANNEL,
            created_at=now).returning(REQUEST.c.id))
        return int(result.scalar_one())


def decide_deferral(engine: Engine, entry: Entry, request_id: int, approve: bool, by: str,
                    role: str, now: dt.datetime) -> Done:
    """Approve (the due date moves, the original is kept, as ``cycles defer``) or decline."""
    status = "approved" if approve else "declined"
    with engine.begin() as conn:
        claimed = conn.execute(update(REQUEST).where(
            REQUEST.c.id == request_id, REQUEST.c.status == "pending")
            .values(status=status, decided_at=now, decided_by=by))
        req = conn.execute(select(REQUEST).where(REQUEST.c.id == request_id)).mappings().one()
        if claimed.rowcount != 1:
            raise AlreadyRecorded(f"already {req['status']} on "
                                  f"{fmt(london_date(req['decided_at']))} by {req['decided_by']}")
        if not approve:
            return Done(f"recorded: deferral to {fmt(req['new_due'])} declined")
        occ = conn.execute(select(q.OCC).where(q.OCC.c.id == req["occurrence_id"])
                           ).mappings().one()
        if occ["status"] != OccurrenceStatus.open.value:
            raise _already_submitted(conn, dict(occ))
        if req["new_due"] <= occ["due"]:
            raise InputError("new date", f"the due date is already {fmt(occ['due'])}")
        conn.execute(q.DECISION.insert().values(
            occurrence_id=occ["id"], kind="deferred", reason=req["reason"], approver=by,
            new_due=req["new_due"], previous_due=occ["due"], recorded_at=now,
            channel=CHANNEL, role=role))
        first = first_action_day(entry, req["new_due"])
        conn.execute(update(q.OCC).where(q.OCC.c.id == occ["id"]).values(
            due=req["new_due"], updated_at=now,
            next_action_at=day_start_utc(max(first, london_date(now)))))
    return Done(f"recorded: deferred to {fmt(req['new_due'])} "
                f"(originally due {fmt(occ['original_due'])})")


def deferral_approver(entry: Entry, due: dt.date, today: dt.date) -> str | None:
    """The role tag that approves a deferral: set in the catalogue (obligation, then area),
    else the next step of the escalation ladder, else the business manager."""
    area = entry.area
    chosen = (getattr(entry.obligation, "deferral_approver", None)
              or getattr(area, "deferral_approver", None))
    if chosen:
        return f"{area.area}.{chosen}"
    late = area.calendar.working_days_between(due, today) if today > due else 0
    steps = sorted(entry.policy.escalation, key=lambda s: s.after_working_days)
    upcoming = [s for s in steps if s.after_working_days > late] or steps[-1:]
    if upcoming and upcoming[0].to:
        return f"{area.area}.{upcoming[0].to[0]}"
    manager = business_manager_role(area)
    return f"{area.area}.{manager}" if manager else None


def business_manager_role(area: Any) -> str | None:
    if "business_manager" in area.roles:
        return "business_manager"
    for role_id, role in area.roles.items():
        if "business manager" in role.title.lower():
            return str(role_id)
    return None


def business_manager(catalogue: Catalogue, area_id: str | None) -> str:
    """Whom a person with a broken link should contact, in words."""
    area = catalogue.areas.get(area_id or "")
    role = business_manager_role(area) if area else None
    if area is None or role is None:
        return "the board's business manager"
    return f"the {area.role_title(role)} ({area.name})"
