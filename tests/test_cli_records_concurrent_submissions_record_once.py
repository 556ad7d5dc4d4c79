"""Twenty simultaneous `submit` calls for one occurrence (the use case behind `cycles submit`,
the Prefect flow and the web page), on SQLite and on PostgreSQL: exactly one submission
row; every other call is told "already recorded on … by …" and writes nothing."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pendulum
from sqlalchemy import func, select

from config.loader import load_catalogue
from cycles.app import records
from cycles.app.occurrences import sync_catalogue
from storage import queries as q
from storage.db import open_database

CALLS = 20


def test_twenty_submissions_at_once_record_once(small_catalogue: Path, db_url: str) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(db_url)
    now = pendulum.datetime(2026, 10, 1, 9, tz="UTC")
    sync_catalogue(engine, cat, dt.date(2026, 10, 1), now)
    at = pendulum.datetime(2026, 7, 20, 10, tz="UTC")
    start = threading.Barrier(CALLS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def press(n: int) -> None:
        start.wait()
        try:
            done = records.submit(engine, cat, "alpha.quarterly-return", "2026-27 Q1",
                                  f"Person {n}", at, now, channel="cli")
            outcome = done.message
        except records.AlreadyRecorded as exc:
            outcome = str(exc)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=press, args=(n,)) for n in range(CALLS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(outcomes) == CALLS
    recorded = [o for o in outcomes if o.startswith("recorded: ")]
    refused = [o for o in outcomes if o.startswith("already recorded on Mon 20 Jul 2026 by ")]
    assert len(recorded) == 1 and len(refused) == CALLS - 1, outcomes
    winner = recorded[0].split(" submitted by ")[1].split(" on ")[0]
    assert {o.rsplit(" by ", 1)[1] for o in refused} == {winner}
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(q.SUBMISSION)).scalar_one() == 1
        status = conn.execute(select(q.OCC.c.status).where(
            q.OCC.c.key == "alpha.quarterly-return@2026-27 Q1")).scalar_one()
    assert status == "submitted"
    engine.dispose()
