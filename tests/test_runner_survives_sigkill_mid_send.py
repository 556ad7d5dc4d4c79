"""A scan killed with SIGKILL in the middle of sending loses nothing and repeats at most
one message per kill and delivery worker (each worker has at most one message in flight).

A real scan (its own process, the real AppriseNotifier, a SQLite file) owes 500
notifications to 100 recipients: 100 mailto routes on one tag, five overdue reports each,
one digest per route. The MailSink in this process counts what arrives. Three times the
scan is killed after some messages arrived; each rerun (a new process) reclaims the dead
process's claim, since its pid is gone, and carries on. Finally every recipient has all
five reports, every ledger row is sent, and the messages beyond 100 are at most one per
kill and worker (those whose send happened but whose mark did not); the scan delivers with
``WORKERS`` routes at once.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from cycles.notify.mailsink import MailSink
from storage import queries as q

pytestmark = pytest.mark.slow

WORKERS = 4
SUBMIT_LINE = re.compile(r'cycles submit (kt\.report-\d+) --period "2025-26"')


def _items(message: Any) -> tuple[str, frozenset[str]]:
    """(recipient, the reports it covers) of one delivered message."""
    to = str(message["X-Envelope-To"])
    body = message.get_body(preferencelist=("plain",)).get_content()
    return to, frozenset(SUBMIT_LINE.findall(body))


def _ledger(url: str) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(q.NOTE)))
    finally:
        engine.dispose()


def test_sigkill_mid_send_loses_nothing_and_repeats_at_most_one_message_per_kill_and_worker(
        tmp_path: Path, many_routes: Callable[..., Any], scan_script: Path,
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYCLES_DELIVERY_WORKERS", str(WORKERS))
    with MailSink(tmp_path / "mail") as sink:
        sc = many_routes(sink.port, routes=100, obligations=5)
        args = [sys.executable, str(scan_script), sqlite_url, str(sc.catalogue),
                str(sc.notify), sc.as_of.isoformat()]
        kills, reclaimed = 0, 0
        for threshold in (20, 45, 70):
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 60
            while sink.count < threshold and proc.poll() is None:
                assert time.monotonic() < deadline, "the scan stalled"
                time.sleep(0.002)
            assert proc.poll() is None, (
                f"the scan finished before {threshold} messages: {proc.communicate()}")
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            proc.stdout.close()  # type: ignore[union-attr]
            proc.stderr.close()  # type: ignore[union-attr]
            kills += 1
            rows = _ledger(sqlite_url)
            assert len(rows) == sc.owed  # the outbox was complete before the first send
            dead = f":{proc.pid}"
            reclaimed += sum(1 for r in rows
                             if r.status == "sending" and (r.claimed_by or "").endswith(dead))

        final = subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stderr
        report = json.loads(final.stdout.strip().splitlines()[-1])
        assert report["ok"] and report["queued"] == 0  # nothing new was owed: only delivery
        assert sink.count >= 100

        # none lost: every row sent, and every recipient has all five reports
        rows = _ledger(sqlite_url)
        assert len(rows) == sc.owed == 500
        assert Counter(r.status for r in rows) == {"sent": 500}
        covered: dict[str, set[str]] = defaultdict(set)
        per_recipient: Counter[str] = Counter()
        for message in sink.messages():
            to, items = _items(message)
            assert items, "every message names the reports it is about"
            covered[to] |= items
            per_recipient[to] += 1
        assert set(covered) == set(sc.addresses)
        assert all(covered[a] == set(sc.obligations) for a in sc.addresses)

        # at most one message repeated per kill and worker
        repeats = sum(n - 1 for n in per_recipient.values())
        assert repeats <= kills * WORKERS, per_recipient.most_common(5)
        assert sum(per_recipient.values()) == sink.count == 100 + repeats
        # a killed claim was there to reclaim at least once (kills land mid-send)
        assert reclaimed + repeats >= 1
