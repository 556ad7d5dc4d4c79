"""The few queries the rest needs.

Storage persists and reads: it is handed rows and hands back typed rows
(:mod:`storage.rows`); which occurrences exist, their due dates and every message people read
are decided above it (:mod:`cycles.app`).

* :func:`sync_rows`: the catalogue's rows into ``obligation`` and ``occurrence`` (idempotent);
* :func:`due_for_action`: open occurrences whose ``next_action_at`` has come (indexed);
* :func:`write_outbox`: pending ledger rows, unique per (occurrence, stage, route), and the
  occurrences' next action times, in one transaction;
* :func:`claimable`: the ledger rows ready to be claimed, by route;
* :func:`claim` / :func:`begin_attempt` / :func:`mark` / :func:`skip` (:mod:`storage.ledger`):
  the conditional claim, an attempt row written *before* a message is handed to the
  notifier (so a send whose outcome was never recorded, a kill or a full disk, is recognised
  by the next scan) and the outcome of each attempt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.engine import Connection, Engine

from storage.ledger import (  # the delivery's writes, re-exported for the runner
    IN_FLIGHT,
    INTERRUPTED,
    LEDGER_COLUMNS,
    begin_attempt,
    claim,
    claim_params,
    claimable_condition,
    mark,
    skip,
)
from storage.models import (
    Attempt,
    Decision,
    Notification,
    Obligation,
    Occurrence,
    Submission,
    TriggerEvent,
)
from storage.reads import (  # the reads, re-exported here for the scan and the records
    KEYS_PER_QUERY,
    due_for_action,
    open_states_due_by,
    state_of_row,
    states_of_keys,
    states_touching,
    stored_events,
    stored_submissions,
)
from storage.rows import (
    LedgerRow,
    NotificationStatus,
    ObligationRow,
    OccurrenceRow,
    OccurrenceState,
    OccurrenceStatus,
    PendingRow,
    StoredEvent,
    StoredSubmission,
    SyncReport,
)

__all__ = ["IN_FLIGHT", "INTERRUPTED", "KEYS_PER_QUERY", "PendingRow", "SyncReport",
           "begin_attempt", "claim", "due_for_action", "mark", "open_states_due_by", "skip",
           "state_of_row", "states_of_keys", "states_touching", "stored_events",
           "stored_submissions"]

OCC = Occurrence.__table__  # type: ignore[attr-defined]
NOTE = Notification.__table__  # type: ignore[attr-defined]
OBL = Obligation.__table__  # type: ignore[attr-defined]
ATTEMPT = Attempt.__table__  # type: ignore[attr-defined]
EVENT = TriggerEvent.__table__  # type: ignore[attr-defined]
SUBMISSION = Submission.__table__  # type: ignore[attr-defined]
DECISION = Decision.__table__  # type: ignore[attr-defined]


def insert_ignore(conn: Connection, table: Any, rows: Sequence[dict[str, Any]],
                  keys: Sequence[str]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING; returns the number of rows really inserted."""
    if not rows:
        return 0
    dialect = conn.engine.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql  # only here: ~20 ms a read need not pay

        pg = postgresql.insert(table).on_conflict_do_nothing(index_elements=list(keys))
        # psycopg reports rowcount -1 for executemany: count with RETURNING instead
        result = conn.execute(pg.returning(table.c.id), list(rows))
        return len(result.fetchall())
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        lite = sqlite.insert(table).on_conflict_do_nothing(index_elements=list(keys))
        return max(conn.execute(lite, list(rows)).rowcount, 0)
    inserted = 0  # other databases: one by one, ignoring duplicates
    for row in rows:
        cond = and_(*(table.c[k] == row[k] for k in keys))
        if conn.execute(select(table.c[keys[0]]).where(cond)).first() is None:
            conn.execute(table.insert().values(**row))
            inserted += 1
    return inserted


# ---- catalogue -> tables ---------------------------------------------------------------

def events(engine: Engine) -> list[StoredEvent]:
    with engine.connect() as conn:
        return stored_events(conn)


def submissions(engine: Engine) -> list[StoredSubmission]:
    with engine.connect() as conn:
        return stored_submissions(conn)


def obligation_values(row: ObligationRow, now: dt.datetime) -> dict[str, Any]:
    return {**asdict(row), "active": True, "synced_at": now}


def occurrence_values(row: OccurrenceRow, now: dt.datetime) -> dict[str, Any]:
    values = asdict(row)
    first = values.pop("first_action_at")
    return {**values, "original_due": row.due, "status": OccurrenceStatus.open.value,
            "next_action_at": first, "created_at": now, "updated_at": now}


def sync_rows(engine: Engine, obligations: Sequence[ObligationRow],
              occurrences: Sequence[OccurrenceRow], now: dt.datetime) -> SyncReport:
    """Store the catalogue as given: upsert ``obligations`` (the others become inactive) and
    ``occurrences`` (idempotent).

    A new occurrence is inserted; a stored one whose original due date differs is updated,
    and, when it is open and was never deferred, its due date and next action follow. Only
    the stored rows of the given keys are read (the unique key index): history the
    catalogue no longer produces is never loaded.
    """
    with engine.begin() as conn:
        obligation_rows = [obligation_values(r, now) for r in obligations]
        existing = {r[0] for r in conn.execute(select(OBL.c.id))}
        for ob_row in obligation_rows:
            if ob_row["id"] in existing:
                conn.execute(update(OBL).where(OBL.c.id == ob_row["id"]).values(**ob_row))
        # ignoring duplicates: a scan starting at the same moment may insert them first
        insert_ignore(conn, OBL, [r for r in obligation_rows if r["id"] not in existing], ["id"])
        gone = existing - {r["id"] for r in obligation_rows}
        if gone:
            conn.execute(update(OBL).where(OBL.c.id.in_(gone)).values(active=False))

        columns = (OCC.c.key, OCC.c.id, OCC.c.due, OCC.c.original_due, OCC.c.status)
        stored = {r.key: r for r in by_keys(conn, columns, [o.key for o in occurrences])}
        new_rows: list[dict[str, Any]] = []
        moved = 0
        for occ in occurrences:
            row = stored.get(occ.key)
            if row is None:
                new_rows.append(occurrence_values(occ, now))
            elif row.original_due != occ.due:
                values: dict[str, Any] = {"original_due": occ.due, "explanation": occ.explanation,
                                          "updated_at": now}
                if row.due == row.original_due and row.status == OccurrenceStatus.open.value:
                    values["due"] = occ.due  # not deferred: follow the catalogue
                    values["next_action_at"] = occ.first_action_at
                conn.execute(update(OCC).where(OCC.c.id == row.id).values(**values))
                moved += 1
        created = insert_ignore(conn, OCC, new_rows, ["key"])
    return SyncReport(len(obligation_rows), created, moved)


def by_keys(conn: Connection, columns: Sequence[Any], keys: Sequence[str]) -> list[Any]:
    """``columns`` of the stored occurrences with these keys, through the unique key index,
    a bounded number of keys per query."""
    unique = sorted(set(keys))
    rows: list[Any] = []
    for i in range(0, len(unique), KEYS_PER_QUERY):
        chunk = unique[i:i + KEYS_PER_QUERY]
        rows.extend(conn.execute(select(*columns).where(OCC.c.key.in_(chunk))))
    return rows


# ---- what the scan reads ---------------------------------------------------------------

STATE_COLUMNS = (OCC.c.id, OCC.c.key, OCC.c.obligation_id, OCC.c.period, OCC.c.period_start,
                 OCC.c.period_end, OCC.c.due, OCC.c.original_due, OCC.c.status)


# built once: the runner reads the states of each message's rows
_STATES_BY_IDS = select(*STATE_COLUMNS).where(OCC.c.id.in_(bindparam("p_ids", expanding=True)))


def occurrence_states(engine: Engine, keys: Iterable[str] | None = None,
                      ids: Iterable[int] | None = None) -> list[OccurrenceState]:
    if keys is None and ids is not None:
        with engine.connect() as conn:
            return [state_of_row(r) for r in conn.execute(_STATES_BY_IDS,
                                                          {"p_ids": list(ids)})]
    stmt = select(*STATE_COLUMNS)
    if keys is not None:
        stmt = stmt.where(OCC.c.key.in_(list(keys)))
    if ids is not None:
        stmt = stmt.where(OCC.c.id.in_(list(ids)))
    with engine.connect() as conn:
        return [state_of_row(r) for r in conn.execute(stmt)]


# ---- the ledger ------------------------------------------------------------------------

def write_outbox(engine: Engine, rows: Sequence[PendingRow],
                 next_actions: dict[int, dt.datetime | None], now: dt.datetime) -> int:
    """Write pending rows and advance the scanned occurrences, atomically."""
    with engine.begin() as conn:
        inserted = insert_ignore(conn, NOTE, [
            {"occurrence_id": r.occurrence_id, "stage": r.stage, "kind": r.kind, "tag": r.tag,
             "route_id": r.route_id, "route": r.route,
             "status": NotificationStatus.pending.value, "attempts": 0, "created_at": now,
             "next_attempt_at": now}
            for r in rows
        ], ["occurrence_id", "stage", "route_id"])
        for occ_id, at in next_actions.items():
            conn.execute(update(OCC).where(OCC.c.id == occ_id)
                         .values(next_action_at=at, updated_at=now))
    return inserted


def claimable(engine: Engine, now: dt.datetime, lease: dt.timedelta,
              dead: Sequence[str] = (), area: str | None = None) -> dict[str, list[int]]:
    """Ledger rows that are ready, grouped by route: one message per route.

    With ``area``, only that area's rows (tags ``area.role``): a scan of one area must not
    claim, and so hold back, another area's rows.
    """
    stmt = select(NOTE.c.id, NOTE.c.route_id).where(
        claimable_condition(bool(dead))).order_by(NOTE.c.id)
    if area is not None:
        stmt = stmt.where(NOTE.c.tag.startswith(f"{area}.", autoescape=True))
    groups: dict[str, list[int]] = {}
    with engine.connect() as conn:
        for r in conn.execute(stmt, claim_params(now, lease, dead)):
            groups.setdefault(r.route_id, []).append(r.id)
    return groups


def sending_claimers(engine: Engine) -> list[str]:
    """Who holds the rows being sent (``host:pid``); the runner decides which are dead."""
    stmt = select(NOTE.c.claimed_by).where(
        NOTE.c.status == NotificationStatus.sending.value).distinct()
    with engine.connect() as conn:
        return [claimer for (claimer,) in conn.execute(stmt) if claimer]


def messages_sent_since(engine: Engine, since: dt.datetime) -> dict[str, int]:
    """Messages sent from ``since`` on, by route (for rate limits): one message is the rows
    marked sent together (same route, same time). Reads the newest attempts first and stops
    a minute before ``since``, so the cost does not grow with history."""
    stmt = (select(ATTEMPT.c.at, ATTEMPT.c.ok, NOTE.c.route_id)
            .join_from(ATTEMPT, NOTE, ATTEMPT.c.notification_id == NOTE.c.id)
            .order_by(ATTEMPT.c.id.desc()))
    stop = since - dt.timedelta(minutes=1)  # attempts of concurrent runners interleave
    seen: set[tuple[str, dt.datetime]] = set()
    with engine.connect() as conn:
        for r in conn.execution_options(yield_per=500).execute(stmt):
            if r.at < stop:
                break
            if r.ok and r.at >= since:
                seen.add((r.route_id, r.at))
    counts: dict[str, int] = {}
    for route_id, _ in seen:
        counts[route_id] = counts.get(route_id, 0) + 1
    return counts


def ledger_rows(engine: Engine, ids: Sequence[int]) -> list[LedgerRow]:
    stmt = select(*LEDGER_COLUMNS).where(NOTE.c.id.in_(list(ids))).order_by(NOTE.c.id)
    with engine.connect() as conn:
        return [LedgerRow(*r) for r in conn.execute(stmt)]


def ledger_keys(engine: Engine, occurrence_ids: Iterable[int]) -> set[tuple[int, str, str]]:
    """(occurrence, stage, tag) already in the ledger, whatever their status."""
    ids = list(occurrence_ids)
    if not ids:
        return set()
    stmt = select(NOTE.c.occurrence_id, NOTE.c.stage, NOTE.c.tag).where(
        NOTE.c.occurrence_id.in_(ids))
    with engine.connect() as conn:
        return {(r[0], r[1], r[2]) for r in conn.execute(stmt)}


def waiting(engine: Engine, area: str | None = None) -> int:
    """Ledger rows not yet delivered: pending, being sent, or failed and awaiting a retry."""
    from sqlalchemy import func

    stmt = select(func.count()).select_from(NOTE).where(NOTE.c.status.in_([
        NotificationStatus.pending.value, NotificationStatus.sending.value,
        NotificationStatus.failed.value]))
    if area is not None:
        stmt = stmt.where(NOTE.c.tag.like(f"{area}.%"))
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())
