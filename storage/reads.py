"""What the read-only commands read (``status``, ``upcoming``, the scan's plan), through light
typed table clauses (:func:`sqlalchemy.table`) rather than :mod:`storage.models`: the same
SQL, without importing SQLModel, pydantic and SQLAlchemy's ORM (~0.2 s that a read need not
pay). Each clause names only the columns read here, with the models' column types; a test
checks them against the models, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Date, Integer, String, and_, column, or_, select, table
from sqlalchemy.engine import Connection, Engine

from storage.rows import OccurrenceState, OccurrenceStatus, StoredEvent, StoredSubmission
from storage.types import UTCDateTime

OCC = table(
    "occurrence",
    column("id", Integer), column("key", String), column("obligation_id", String),
    column("area", String), column("period", String), column("period_start", Date),
    column("period_end", Date), column("due", Date), column("original_due", Date),
    column("status", String), column("next_action_at", UTCDateTime()),
)
EVENT = table(
    "triggerevent",
    column("id", Integer), column("area", String), column("event", String),
    column("reference", String), column("occurred_on", Date), column("closed_on", Date),
)
SUBMISSION = table(
    "submission",
    column("id", Integer), column("occurrence_id", Integer),
    column("submitted_at", UTCDateTime()),
)

KEYS_PER_QUERY = 500  # bound parameters per IN (...): well under every driver's limit

STATE_COLUMNS = (OCC.c.id, OCC.c.key, OCC.c.obligation_id, OCC.c.period, OCC.c.period_start,
                 OCC.c.period_end, OCC.c.due, OCC.c.original_due, OCC.c.status)


def state_of_row(r: Any) -> OccurrenceState:
    return OccurrenceState(r.id, r.key, r.obligation_id, r.period, r.period_start, r.period_end,
                           r.due, r.original_due, OccurrenceStatus(r.status))


def stored_events(conn: Connection) -> list[StoredEvent]:
    rows = conn.execute(select(EVENT)).mappings().all()
    return [StoredEvent(r["area"], r["event"], r["reference"], r["occurred_on"], r["closed_on"])
            for r in rows]


def stored_submissions(conn: Connection) -> list[StoredSubmission]:
    """Every recorded submission with the obligation and period it was for (the first, should
    an occurrence somehow hold several)."""
    rows = conn.execute(
        select(OCC.c.obligation_id, OCC.c.period, SUBMISSION.c.submitted_at)
        .join_from(SUBMISSION, OCC, SUBMISSION.c.occurrence_id == OCC.c.id)
        .order_by(SUBMISSION.c.submitted_at, SUBMISSION.c.id))
    seen: dict[tuple[str, str], StoredSubmission] = {}
    for r in rows:
        seen.setdefault((r[0], r[1]), StoredSubmission(r[0], r[1], r[2]))
    return list(seen.values())


def due_for_action(engine: Engine, as_of: dt.datetime, area: str | None = None
                   ) -> list[OccurrenceState]:
    """Open occurrences whose next action time has come: an index range scan."""
    stmt = select(*STATE_COLUMNS).where(
        OCC.c.status == OccurrenceStatus.open.value,
        OCC.c.next_action_at.is_not(None),
        OCC.c.next_action_at <= as_of,
    )
    if area is not None:
        stmt = stmt.where(OCC.c.area == area)
    with engine.connect() as conn:
        return [state_of_row(r) for r in conn.execute(stmt)]


def states_touching(engine: Engine, start: dt.date | None, end: dt.date
                    ) -> list[OccurrenceState]:
    """Stored occurrences whose due date in force, or original due date, falls in
    [start, end] (``start`` None: no lower bound): a window's own, and those deferred into
    or out of it."""
    def within(column: Any) -> Any:
        return column <= end if start is None else and_(column >= start, column <= end)

    stmt = select(*STATE_COLUMNS).where(or_(within(OCC.c.due), within(OCC.c.original_due)))
    with engine.connect() as conn:
        return [state_of_row(r) for r in conn.execute(stmt)]


def states_of_keys(engine: Engine, keys: Sequence[str]) -> list[OccurrenceState]:
    """The stored occurrences with these keys, whatever their status (unique key index,
    a bounded number of keys per query)."""
    unique = sorted(set(keys))
    with engine.connect() as conn:
        return [state_of_row(r)
                for i in range(0, len(unique), KEYS_PER_QUERY)
                for r in conn.execute(select(*STATE_COLUMNS).where(
                    OCC.c.key.in_(unique[i:i + KEYS_PER_QUERY])))]


def open_states_due_by(engine: Engine, end: dt.date, area: str | None = None
                       ) -> list[OccurrenceState]:
    """Open occurrences due (in force) on or before ``end``: a range scan of the
    (status, due) index, never the closed history."""
    stmt = select(*STATE_COLUMNS).where(OCC.c.status == OccurrenceStatus.open.value,
                                        OCC.c.due <= end)
    if area is not None:
        stmt = stmt.where(OCC.c.area == area)
    with engine.connect() as conn:
        return [state_of_row(r) for r in conn.execute(stmt)]
