"""A submitted or waived occurrence is never notified again, whenever it was recorded:
before its stages, between the outbox write and the send (its rows become *skipped*), or
while a failed send waits for its retry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config.loader import load_catalogue
from cycles.app import records
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

Q2 = "alpha.quarterly-return@2026-27 Q2"  # due Wed 21 Oct 2026; reminders 1 Oct, 16 Oct
ANNUAL = "alpha.annual-report@2025-26"  # due Fri 31 Jul 2026


def _runner(engine: Any, cat: Any, notifier: Any, now: Any) -> Runner:
    return Runner(engine, cat, notifier, clock=lambda: now, sleep=lambda s: None,
                  retry_delays=())


def _rows(engine: Any, key: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        occ_id = conn.execute(select(q.OCC.c.id).where(q.OCC.c.key == key)).scalar_one()
        return [dict(r) for r in conn.execute(
            select(q.NOTE).where(q.NOTE.c.occurrence_id == occ_id).order_by(q.NOTE.c.id)
        ).mappings()]


def _mentions(notifier: FakeNotifier, obligation: str, period: str) -> int:
    needle = f'cycles submit {obligation} --period "{period}"'
    return sum(1 for m, _ in notifier.sent if needle in m.text)


def test_submitted_and_waived_occurrences_get_nothing_more(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    fake = FakeNotifier()

    first = at(2026, 7, 20)  # Q2 not yet in its reminders; annual report due in 9 days
    _runner(engine, cat, fake, first).scan(first)
    assert _mentions(fake, "alpha.annual-report", "2025-26") >= 1  # before-14wd or -3wd
    records.submit(engine, cat, "alpha.annual-report", "2025-26", "Chair",
                   at(2026, 7, 21), at(2026, 7, 21, 9))
    records.waive(engine, cat, "alpha.quarterly-return", "2026-27 Q2", "merged into Q3",
                  "Chair", at(2026, 7, 21, 9))
    fake.clear()

    day = dt.date(2026, 7, 21)
    while day <= dt.date(2027, 1, 31):  # every stage of both, long past their due dates
        now = at(day.year, day.month, day.day)
        _runner(engine, cat, fake, now).scan(now)
        day += dt.timedelta(days=3)

    assert _mentions(fake, "alpha.annual-report", "2025-26") == 0
    assert _mentions(fake, "alpha.quarterly-return", "2026-27 Q2") == 0
    assert [r["stage"] for r in _rows(engine, Q2)] == []
    assert all(r["status"] == "sent" for r in _rows(engine, ANNUAL))
    # the other occurrences carried on as usual (the scans did run)
    assert _mentions(fake, "alpha.quarterly-return", "2026-27 Q3") >= 3


def test_submitted_between_queue_and_deliver_becomes_skipped(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    fake = FakeNotifier()
    now = at(2026, 10, 16)  # Q2's before-3wd day
    runner = _runner(engine, cat, fake, now)

    report = runner.queue(now)
    pending = _rows(engine, Q2)
    assert [r["stage"] for r in pending] == ["before-3wd"]
    assert pending[0]["status"] == "pending"

    records.submit(engine, cat, "alpha.quarterly-return", "2026-27 Q2", "Manager",
                   at(2026, 10, 16, 7, 30), at(2026, 10, 16, 7, 31))
    runner.deliver(now, report)

    row = _rows(engine, Q2)[0]
    assert row["status"] == "skipped"
    assert "no longer owed" in (row["last_error"] or "")
    assert report.skipped == 1
    assert _mentions(fake, "alpha.quarterly-return", "2026-27 Q2") == 0
    later = at(2026, 11, 30)
    _runner(engine, cat, fake, later).scan(later)
    assert [r["stage"] for r in _rows(engine, Q2)] == ["before-3wd"]
    assert _mentions(fake, "alpha.quarterly-return", "2026-27 Q2") == 0


def test_waived_while_a_failed_send_waits_for_its_retry(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    down = FakeNotifier(fail_routes={"fake:alpha.manager"})
    now = at(2026, 10, 16)
    report = _runner(engine, cat, down, now).scan(now)
    assert [r["status"] for r in _rows(engine, Q2)] == ["failed"]
    assert not report.ok

    records.waive(engine, cat, "alpha.quarterly-return", "2026-27 Q2", "not needed",
                  "Chair", at(2026, 10, 16, 8))
    up = FakeNotifier()
    retry = at(2026, 10, 16, 13)  # well past the backoff
    _runner(engine, cat, up, retry).scan(retry)
    assert [r["status"] for r in _rows(engine, Q2)] == ["skipped"]
    assert _mentions(up, "alpha.quarterly-return", "2026-27 Q2") == 0
