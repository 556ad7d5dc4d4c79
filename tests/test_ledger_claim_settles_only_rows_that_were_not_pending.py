"""One claim over rows in every claimable state: the pending ones, one a dead runner left
being sent (its attempt in flight) and one that failed after an earlier interrupted send.
All become ours in one call; the attempt left in flight becomes interrupted; the interrupted
attempts are counted for the rows that had them and for no pending row; a second runner
claiming the same rows gets none of them.

Real parts: a SQLite file migrated by our migrations, the storage functions the runner calls.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select, update

from storage import queries as q
from storage.db import open_database
from storage.rows import ObligationRow, OccurrenceRow, PendingRow

NOW = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=10)


def ledger_of_four(tmp_path: Path) -> tuple[object, list[int]]:
    engine = open_database(f"sqlite:///{tmp_path / 'cycles.sqlite'}")
    ob = ObligationRow("a.report", "a", "Report", "annual", "dcs", "board", "a.yaml", "q", None)
    occ = OccurrenceRow("a.report/2026", "a.report", "a", "2026", dt.date(2026, 1, 1),
                        dt.date(2026, 12, 31), dt.date(2026, 11, 30), "", NOW)
    q.sync_rows(engine, [ob], [occ], NOW)
    (occ_id,) = [s.id for s in q.occurrence_states(engine, keys=[occ.key])]
    q.write_outbox(engine, [PendingRow(occ_id, f"stage-{i}", "reminder", "a.dcs", "r1", "x://")
                            for i in range(4)], {}, NOW)
    ids = sorted(q.claimable(engine, NOW, LEASE)["r1"])
    return engine, ids


def test_one_claim_takes_every_state_and_counts_only_earlier_interruptions(
        tmp_path: Path) -> None:
    engine, ids = ledger_of_four(tmp_path)
    earlier = NOW - dt.timedelta(hours=1)
    left_sending, failed_once = ids[2], ids[3]
    # a runner claimed two rows, handed their message over and died before recording it
    q.claim(engine, [left_sending, failed_once], "host:1", earlier, LEASE)
    q.begin_attempt(engine, [left_sending, failed_once], "host:1", earlier)
    # the next one reclaimed one of them (counted interrupted) and its resend failed
    later = earlier + dt.timedelta(minutes=11)
    rows, counts = q.claim(engine, [failed_once], "host:2", later, LEASE)
    assert [r.id for r in rows] == [failed_once] and counts == {failed_once: 1}
    q.begin_attempt(engine, [failed_once], "host:2", later)
    q.mark(engine, [failed_once], False, "refused", "host:2", later, dt.timedelta(0))
    with engine.begin() as conn:  # host:1's lease on the other row is still running
        conn.execute(update(q.NOTE).where(q.NOTE.c.id == left_sending)
                     .values(claimed_at=NOW - dt.timedelta(minutes=1)))

    rows, counts = q.claim(engine, ids, "host:3", NOW, LEASE, dead=["host:1"])

    assert [r.id for r in rows] == ids  # by id, whatever state each came from
    assert {r.status for r in rows} == {"sending"}
    assert counts == {left_sending: 1, failed_once: 1}  # no pending row has an attempt
    with engine.connect() as conn:
        errors = dict(conn.execute(select(q.ATTEMPT.c.runner, q.ATTEMPT.c.error)
                                   .where(q.ATTEMPT.c.notification_id == left_sending)).all())
        holders = set(conn.execute(select(q.NOTE.c.claimed_by)).scalars())
    assert errors == {"host:1": q.INTERRUPTED}
    assert holders == {"host:3"}
    assert q.claim(engine, ids, "host:4", NOW, LEASE, dead=["host:1"]) == ([], {})
