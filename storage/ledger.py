"""The ledger's writes while a scan delivers: claim rows, write the attempt in flight, record
the outcome (or skip rows no longer owed).

These run once or twice per message, so their statements are built once, here, with bound
parameters (``IN`` lists as expanding parameters) and only executed per call: building a
Core statement and computing its cache key each time cost more than running it on SQLite.

Why a row claimed from *pending* needs no settling of interrupted attempts: a ledger row is
written pending (:func:`storage.queries.write_outbox`), no statement ever sets it back to
pending and none deletes it, and attempt rows are only written for rows a runner has
claimed (:func:`begin_attempt`, :func:`mark`), which took them out of pending. So a row
whose claim found it pending, in the same statement, has no attempt row at all: nothing in
flight to settle and no interrupted attempt to count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import BindParameter

from storage.models import Attempt, Notification
from storage.rows import LedgerRow, NotificationStatus

NOTE = Notification.__table__  # type: ignore[attr-defined]
ATTEMPT = Attempt.__table__  # type: ignore[attr-defined]

# An attempt row with this error is a message handed to the notifier whose outcome is not
# recorded yet; once its runner is gone it becomes INTERRUPTED ("may have been sent").
IN_FLIGHT = "sending: handed to the notifier, outcome not yet recorded"
INTERRUPTED = "interrupted after being handed to the notifier: may have been sent"

LEDGER_COLUMNS = (NOTE.c.id, NOTE.c.occurrence_id, NOTE.c.stage, NOTE.c.kind, NOTE.c.tag,
                  NOTE.c.route_id, NOTE.c.route, NOTE.c.status, NOTE.c.attempts)

_PENDING = NotificationStatus.pending.value
_SENDING = NotificationStatus.sending.value
_FAILED = NotificationStatus.failed.value
_SENT = NotificationStatus.sent.value
_SKIPPED = NotificationStatus.skipped.value

_IDS: BindParameter[list[int]] = bindparam("p_ids", expanding=True)
_NOW = bindparam("p_now", type_=NOTE.c.claimed_at.type)
_STALE = bindparam("p_stale", type_=NOTE.c.claimed_at.type)
_DEAD: BindParameter[list[str]] = bindparam("p_dead", expanding=True)
_RUNNER = bindparam("p_runner", type_=NOTE.c.claimed_by.type)
_ERROR = bindparam("p_error", type_=NOTE.c.last_error.type)


def _reclaimable(dead: bool) -> Any:
    """Rows not pending that may be claimed: failed and due for a retry, or being sent
    under a lease that ran out or by a runner that is gone (``p_dead``)."""
    cond = or_(and_(NOTE.c.status == _FAILED, NOTE.c.next_attempt_at <= _NOW),
               and_(NOTE.c.status == _SENDING, NOTE.c.claimed_at < _STALE))
    if dead:
        cond = or_(cond, and_(NOTE.c.status == _SENDING, NOTE.c.claimed_by.in_(_DEAD)))
    return cond


def claimable_condition(dead: bool) -> Any:
    """Ready rows, with the parameters of :func:`claim_params`."""
    return or_(NOTE.c.status == _PENDING, _reclaimable(dead))


def claim_params(now: dt.datetime, lease: dt.timedelta, dead: Sequence[str]
                 ) -> dict[str, Any]:
    params: dict[str, Any] = {"p_now": now, "p_stale": now - lease}
    if dead:
        params["p_dead"] = list(dead)
    return params


def _claim(cond: Any) -> Any:
    return (update(NOTE).where(NOTE.c.id.in_(_IDS), cond)
            .values(status=_SENDING, claimed_by=_RUNNER, claimed_at=_NOW)
            .returning(*LEDGER_COLUMNS))


_CLAIM_PENDING = _claim(NOTE.c.status == _PENDING)
_RECLAIM = {dead: _claim(_reclaimable(dead)) for dead in (False, True)}
_SETTLE = (update(ATTEMPT)
           .where(ATTEMPT.c.notification_id.in_(_IDS), ATTEMPT.c.error == IN_FLIGHT,
                  ATTEMPT.c.runner != _RUNNER)
           .values(error=INTERRUPTED))
_INTERRUPTED_COUNTS = (select(ATTEMPT.c.notification_id, func.count())
                       .where(ATTEMPT.c.notification_id.in_(_IDS),
                              ATTEMPT.c.error == INTERRUPTED)
                       .group_by(ATTEMPT.c.notification_id))


def claim(engine: Engine, ids: Sequence[int], runner: str, now: dt.datetime,
          lease: dt.timedelta, dead: Sequence[str] = ()
          ) -> tuple[list[LedgerRow], dict[int, int]]:
    """Conditionally claim rows: only those still claimable become ours (race-safe). In
    the same transaction, attempts another runner left in flight on them become INTERRUPTED.
    Returns the claimed rows (by id) and, per row, how many interrupted attempts it now has
    (0 left out).

    The pending rows are claimed first; only the others (failed, or being sent by a runner
    whose lease ran out or who is gone) can have attempt rows (see the module's docstring),
    so only those are claimed next and have their attempts settled and counted: a first
    scan, where every row is pending, runs one statement per unit.
    """
    if not ids:
        return [], {}
    wanted = list(ids)
    with engine.begin() as conn:
        rows = [LedgerRow(*r) for r in conn.execute(
            _CLAIM_PENDING, {"p_ids": wanted, "p_runner": runner, "p_now": now})]
        counts: dict[int, int] = {}
        if len(rows) < len(wanted):
            taken = {r.id for r in rows}
            rest = [i for i in wanted if i not in taken]
            params = {**claim_params(now, lease, dead), "p_ids": rest, "p_runner": runner}
            again = [LedgerRow(*r) for r in conn.execute(_RECLAIM[bool(dead)], params)]
            if again:
                mine = {"p_ids": [r.id for r in again], "p_runner": runner}
                conn.execute(_SETTLE, mine)
                counts = {int(i): int(n) for i, n in conn.execute(_INTERRUPTED_COUNTS, mine)}
                rows.extend(again)
    rows.sort(key=lambda r: r.id)
    return rows, counts


_ATTEMPT_INSERT = ATTEMPT.insert()


def begin_attempt(engine: Engine, ids: Sequence[int], runner: str, now: dt.datetime) -> None:
    """Record, before the send, that these rows' message is being handed over."""
    if not ids:
        return
    with engine.begin() as conn:
        conn.execute(_ATTEMPT_INSERT, [
            {"notification_id": i, "at": now, "ok": False, "error": IN_FLIGHT,
             "runner": runner} for i in ids])


_COMPLETE_FLYING = (update(ATTEMPT)
                    .where(ATTEMPT.c.notification_id.in_(_IDS), ATTEMPT.c.runner == _RUNNER,
                           ATTEMPT.c.error == IN_FLIGHT)
                    .values(at=bindparam("p_at", type_=ATTEMPT.c.at.type),
                            ok=bindparam("p_ok", type_=ATTEMPT.c.ok.type),
                            error=bindparam("p_attempt_error", type_=ATTEMPT.c.error.type))
                    .returning(ATTEMPT.c.notification_id))
_RELEASE = {"attempts": NOTE.c.attempts + 1, "claimed_by": None, "claimed_at": None}
_MARK_SENT = (update(NOTE).where(NOTE.c.id.in_(_IDS), NOTE.c.claimed_by == _RUNNER)
              .values(**_RELEASE, status=_SENT, sent_at=_NOW, last_error=_ERROR))
_MARK_FAILED = (update(NOTE).where(NOTE.c.id.in_(_IDS), NOTE.c.claimed_by == _RUNNER)
                .values(**_RELEASE, status=_FAILED, last_error=_ERROR,
                        next_attempt_at=bindparam("p_next", type_=NOTE.c.next_attempt_at.type)))


def mark(engine: Engine, ids: Sequence[int], ok: bool, error: str | None, runner: str,
         now: dt.datetime, retry_after: dt.timedelta | None = None) -> None:
    """Record the outcome of one attempt at sending these rows (one message): the attempt
    rows :func:`begin_attempt` wrote are completed, others are added."""
    if not ids:
        return
    wanted = list(ids)
    with engine.begin() as conn:
        flying = {r[0] for r in conn.execute(_COMPLETE_FLYING, {
            "p_ids": wanted, "p_runner": runner, "p_at": now, "p_ok": ok,
            "p_attempt_error": error})}
        rest = [i for i in wanted if i not in flying]
        if rest:
            conn.execute(_ATTEMPT_INSERT, [
                {"notification_id": i, "at": now, "ok": ok, "error": error, "runner": runner}
                for i in rest
            ])
        params: dict[str, Any] = {"p_ids": wanted, "p_runner": runner, "p_error": error}
        if ok:
            conn.execute(_MARK_SENT, {**params, "p_now": now})
        else:
            # retry_after may be zero (retry within this scan): only None means the default
            wait = dt.timedelta(minutes=5) if retry_after is None else retry_after
            conn.execute(_MARK_FAILED, {**params, "p_next": now + wait})


def skip(engine: Engine, ids: Sequence[int], runner: str, reason: str) -> None:
    """Claimed rows no longer owed (the report was submitted meanwhile)."""
    if not ids:
        return
    with engine.begin() as conn:
        conn.execute(update(NOTE).where(NOTE.c.id.in_(list(ids)), NOTE.c.claimed_by == runner)
                     .values(status=_SKIPPED, last_error=reason,
                             claimed_by=None, claimed_at=None))
