"""SMTP down: every ledger row is recorded failed with its error (and an attempt row per
try), the scan reports it and `cycles run` exits 1. Server back: a later scan, past the
backoff, delivers everything once; a scan before the backoff has passed sends nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from config.loader import load_catalogue
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import MailSink, free_port
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def no_apprise_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apprise waits 5.5 s between two requests of one service (NotifyBase's
    request_rate_per_sec): the retries here would wait for it; the logic is the same."""
    from apprise.plugins.base import NotifyBase

    monkeypatch.setattr(NotifyBase, "request_rate_per_sec", 0)


def _tables(url: str) -> tuple[list[Any], list[Any]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return (list(conn.execute(select(q.NOTE).order_by(q.NOTE.c.id))),
                    list(conn.execute(select(q.ATTEMPT).order_by(q.ATTEMPT.c.id))))
    finally:
        engine.dispose()


def test_smtp_down_every_row_failed_then_back_all_delivered_once(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str) -> None:
    port = free_port()  # nothing listens here yet
    sc = many_routes(port, routes=10, obligations=3)
    cat = load_catalogue([sc.catalogue])
    notifier = AppriseNotifier(sc.notify)
    engine = open_database(sqlite_url)
    now = sc.as_of
    slept: list[float] = []

    down = Runner(engine, cat, notifier, clock=lambda: now, sleep=slept.append,
                  retry_delays=(2.0,)).scan(now)
    assert slept == [2.0]  # one retry round within the scan, after its delay
    assert not down.ok
    assert (down.queued, down.sent, down.failed) == (30, 0, 30)
    assert down.messages_failed == 10 and len(down.failures) == 10
    assert all("refused" in f.error.lower() or "connect" in f.error.lower()
               for f in down.failures), down.failures
    notes, attempts = _tables(sqlite_url)
    assert Counter(n.status for n in notes) == {"failed": 30}
    assert all(n.attempts == 2 and n.last_error and n.sent_at is None for n in notes)
    assert all(n.next_attempt_at > now for n in notes)  # backoff before the next try
    assert len(attempts) == 60 and not any(a.ok for a in attempts)
    assert all(a.error for a in attempts)
    assert {a.notification_id for a in attempts} == {n.id for n in notes}

    with MailSink(tmp_path / "mail", port=port) as sink:
        early = now + dt.timedelta(minutes=1)  # within the backoff: not yet retried
        report = Runner(engine, cat, notifier, clock=lambda: early, sleep=slept.append,
                        retry_delays=()).scan(early)
        assert (report.sent, report.failed, sink.count) == (0, 0, 0)
        assert report.ok

        later = now + dt.timedelta(hours=1)
        back = Runner(engine, cat, notifier, clock=lambda: later, sleep=slept.append,
                      retry_delays=()).scan(later)
        assert back.ok and back.sent == 30 and back.messages_sent == 10
        assert sink.count == 10  # one digest per recipient
        received = Counter(str(m["X-Envelope-To"]) for m in sink.messages())
        assert received == {a: 1 for a in sc.addresses}

        again = now + dt.timedelta(hours=2)
        Runner(engine, cat, notifier, clock=lambda: again, sleep=slept.append,
               retry_delays=()).scan(again)
        assert sink.count == 10

    notes, attempts = _tables(sqlite_url)
    assert Counter(n.status for n in notes) == {"sent": 30}
    assert all(n.attempts == 3 and n.last_error is None and n.sent_at == later for n in notes)
    assert len(attempts) == 90 and sum(a.ok for a in attempts) == 30


def test_cycles_run_exits_1_and_names_the_failures_when_smtp_is_down(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # no real wait before the in-scan retry round
    monkeypatch.setitem(Runner.__init__.__kwdefaults__, "sleep", lambda s: None)
    sc = many_routes(free_port(), routes=2, obligations=1)
    result = cli("run", "--as-of", "2026-07-01T07:00", "--notify", str(sc.notify),
                 "--db", sqlite_url, "--catalogue", str(sc.catalogue), "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["failed"] == 2 and data["sent"] == 0 and len(data["failures"]) == 2
    assert all(f["error"] for f in data["failures"])
    assert "Traceback" not in result.output
    notes, _ = _tables(sqlite_url)
    assert [n.status for n in notes] == ["failed", "failed"]
