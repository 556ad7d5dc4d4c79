"""What people record, as rows: submissions, waivers, deferrals and trigger events.

Each function works inside the caller's transaction (``engine.begin()``), so the use case
above (:mod:`cycles.app.records`) validates, decides and writes all or nothing. Nothing here
checks input or words a message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from storage import queries as q
from storage.rows import (
    DecisionKind,
    ObligationRow,
    OccurrenceRow,
    OccurrenceState,
    OccurrenceStatus,
)


def occurrence(conn: Connection, key: str) -> OccurrenceState | None:
    row = conn.execute(select(*q.STATE_COLUMNS).where(q.OCC.c.key == key)).first()
    return q.state_of_row(row) if row is not None else None


def insert_occurrence(conn: Connection, obligation: ObligationRow, row: OccurrenceRow,
                      now: dt.datetime) -> OccurrenceState:
    """Store an occurrence (and its obligation if new); a concurrent insert is kept."""
    if not conn.execute(select(q.OBL.c.id).where(q.OBL.c.id == obligation.id)).first():
        conn.execute(q.OBL.insert().values(**q.obligation_values(obligation, now)))
    q.insert_ignore(conn, q.OCC, [q.occurrence_values(row, now)], ["key"])
    stored = occurrence(conn, row.key)
    assert stored is not None
    return stored


def add_submission(conn: Connection, occurrence_id: int, by: str, at: dt.datetime,
                   evidence: str | None, note: str | None, now: dt.datetime,
                   channel: str | None = None) -> None:
    conn.execute(q.SUBMISSION.insert().values(
        occurrence_id=occurrence_id, submitted_by=by, submitted_at=at, evidence=evidence,
        note=note, recorded_at=now, channel=channel))
    conn.execute(update(q.OCC).where(q.OCC.c.id == occurrence_id).values(
        status=OccurrenceStatus.submitted.value, closed_at=at, next_action_at=None,
        updated_at=now))


def add_waiver(conn: Connection, occ: OccurrenceState, reason: str, approver: str,
               now: dt.datetime, channel: str | None = None) -> None:
    conn.execute(q.DECISION.insert().values(
        occurrence_id=occ.id, kind=DecisionKind.waived.value, reason=reason,
        approver=approver, previous_due=occ.due, recorded_at=now, channel=channel))
    conn.execute(update(q.OCC).where(q.OCC.c.id == occ.id).values(
        status=OccurrenceStatus.waived.value, closed_at=now, next_action_at=None,
        updated_at=now))


def add_deferral(conn: Connection, occ: OccurrenceState, until: dt.date, reason: str,
                 approver: str, next_action_at: dt.datetime, now: dt.datetime,
                 channel: str | None = None) -> None:
    conn.execute(q.DECISION.insert().values(
        occurrence_id=occ.id, kind=DecisionKind.deferred.value, reason=reason,
        approver=approver, new_due=until, previous_due=occ.due, recorded_at=now,
        channel=channel))
    conn.execute(update(q.OCC).where(q.OCC.c.id == occ.id).values(
        due=until, next_action_at=next_action_at, updated_at=now))


def close_event(conn: Connection, area: str, event: str, reference: str,
                on: dt.date) -> bool:
    """Close a recorded event; False when there is no such event."""
    found = conn.execute(select(q.EVENT.c.id).where(
        q.EVENT.c.area == area, q.EVENT.c.event == event,
        q.EVENT.c.reference == reference)).first()
    if found is None:
        return False
    conn.execute(update(q.EVENT).where(q.EVENT.c.id == found[0]).values(closed_on=on))
    return True


def add_event(conn: Connection, area: str, event: str, reference: str, on: dt.date,
              by: str | None, now: dt.datetime) -> bool:
    """Record an event; False when the same reference is already recorded."""
    return bool(q.insert_ignore(conn, q.EVENT, [{
        "area": area, "event": event, "reference": reference, "occurred_on": on,
        "closed_on": None, "recorded_by": by, "recorded_at": now}],
        ["area", "event", "reference"]))


def history(engine: Engine, obligation_id: str) -> list[dict[str, Any]]:
    """Every stored occurrence of an obligation with its submissions, decisions, messages."""
    with engine.connect() as conn:
        occs = conn.execute(select(q.OCC).where(q.OCC.c.obligation_id == obligation_id)
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
