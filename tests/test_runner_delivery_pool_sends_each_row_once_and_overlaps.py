"""A pool of delivery workers sends every ledger row once, and really sends at once.

A real scan (the real AppriseNotifier, a SQLite file) owes 2 reports to each of 24 mailto
routes: 24 digests. The SMTP server is aiosmtpd on loopback that takes 50 ms over each
message and notes how many messages it is taking at the same moment. With 6 workers the
server sees several at once (never more than 6); every row is sent exactly once, every
recipient gets exactly one message, and a second scan sends nothing.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from config.loader import load_catalogue
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import free_port
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

WORKERS = 6


class SlowSink:
    """Takes 50 ms over each message; records the most messages taken at once."""

    def __init__(self) -> None:
        self.in_data = 0
        self.most_at_once = 0
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.in_data += 1
        self.most_at_once = max(self.most_at_once, self.in_data)
        try:
            await asyncio.sleep(0.05)
            self.received.append((list(envelope.rcpt_tos), envelope.original_content or b""))
        finally:
            self.in_data -= 1
        return "250 Message accepted for delivery"


@pytest.fixture
def slow_sink() -> Iterator[tuple[SlowSink, int]]:
    handler, port = SlowSink(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def test_a_pool_of_workers_sends_each_row_once_with_overlapping_smtp_sessions(
        slow_sink: tuple[SlowSink, int], many_routes: Callable[..., Any],
        sqlite_url: str) -> None:
    sink, port = slow_sink
    sc = many_routes(port, routes=24, obligations=2)
    engine = open_database(sqlite_url)
    runner = Runner(engine, load_catalogue([sc.catalogue]), AppriseNotifier(sc.notify),
                    clock=lambda: sc.as_of, retry_delays=(), workers=WORKERS)

    report = runner.scan(sc.as_of)

    assert report.ok and report.failures == []
    assert (report.sent, report.messages_sent, report.pending) == (48, 24, 0)
    assert 2 <= sink.most_at_once <= WORKERS  # sessions overlapped, bounded by the pool
    per_recipient = Counter(to for tos, _ in sink.received for to in tos)
    assert per_recipient == Counter({a: 1 for a in sc.addresses})
    for _, content in sink.received:  # each digest names both reports
        body = email.message_from_bytes(content, policy=email.policy.default)
        text = body.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        assert all(f'cycles submit {o} ' in text for o in sc.obligations), text
    with engine.connect() as conn:
        rows = list(conn.execute(select(q.NOTE.c.id, q.NOTE.c.status, q.NOTE.c.attempts)))
        attempts = Counter(r.notification_id for r in conn.execute(select(q.ATTEMPT)))
    assert len(rows) == 48 and {(r.status, r.attempts) for r in rows} == {("sent", 1)}
    assert set(attempts.values()) == {1} and len(attempts) == 48

    again = runner.scan(sc.as_of)
    assert (again.queued, again.sent, again.messages_sent) == (0, 0, 0)
    assert len(sink.received) == 24
    engine.dispose()
