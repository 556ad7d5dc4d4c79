"""Two reminder-scan flow runs at once on one PostgreSQL database send each notification once.

Two worker processes run the ``reminder-scan`` flow at the same moment against a fresh
PostgreSQL database (tests/fixtures/databases.py: skipped with the reason when the server
is unreachable, a failure with CYCLES_REQUIRE_POSTGRES=1), both reporting to one temporary
Prefect server, both sending through Apprise to one real SMTP sink on loopback. Every ledger
row is sent exactly once, with exactly one attempt, and the sink holds exactly the messages
the two runs report having sent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_CONFIG_PATH", str(REPO / "deployments" / "logging.yml"))

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SCAN_AT = "2026-11-02T07:00"
SEND_SECONDS = 0.2

WORKER = textwrap.dedent("""
    import json, sys
    from flows.reminder_scan import reminder_scan

    import time
    print("READY", flush=True)
    sys.stdin.readline()  # the start signal: both workers begin together
    started = time.time()
    state = reminder_scan(area="all", as_of=sys.argv[1], force=True, return_state=True)
    print("RESULT " + json.dumps({"type": state.type.value, "message": state.message,
                                  "result": state.result(raise_on_failure=False),
                                  "span": [started, time.time()]}))
""")


@pytest.fixture(scope="module")
def prefect_api_url() -> Iterator[str]:
    """A temporary Prefect server (test harness) the two worker processes report to."""
    from fixtures.databases import require_postgres

    require_postgres()  # skip before paying for a server
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        url = PREFECT_API_URL.value()
        assert url
        yield str(url)


@pytest.fixture
def slow_sink(tmp_path: Path) -> Iterator[Any]:
    """A MailSink that takes SEND_SECONDS per message, like a busy mail server: the first
    worker is still delivering when the second starts, so the two really compete."""
    from cycles.notify.mailsink import MailSink

    class SlowSink(MailSink):
        def _save(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> Path:
            time.sleep(SEND_SECONDS)
            return super()._save(mail_from, rcpt_tos, content)

    with SlowSink(tmp_path / "mail") as sink:
        yield sink


def apprise_config(sink: Any, path: Path) -> Path:
    """A route to the sink for every role of every area of the shipped catalogue."""
    from config.loader import load_catalogue

    urls = [{sink.apprise_url(f"{role.replace('_', '-')}@{area.area}.example.org"):
             [{"tag": f"{area.area}.{role}"}]}
            for area in load_catalogue().areas.values() for role in area.roles]
    path.write_text(yaml.safe_dump({"version": 1, "urls": urls}), encoding="utf-8")
    return path


def test_two_scans_at_once_send_each_notification_exactly_once(
        prefect_api_url: str, pg_url: str, slow_sink: Any, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from storage import queries as q
    from storage.db import open_database

    engine = open_database(pg_url)  # migrated once, as a deployment would be
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYCLES_")}
    env.update(PREFECT_API_URL=prefect_api_url, CYCLES_DATABASE_URL=pg_url,
               CYCLES_APPRISE_CONFIG=str(apprise_config(slow_sink, tmp_path / "apprise.yml")),
               PYTHONPATH=str(REPO))
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, SCAN_AT], cwd=REPO, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    try:
        for w in workers:  # both imported and waiting ...
            assert w.stdout is not None and w.stdout.readline().strip() == "READY"
        for w in workers:  # ... then both start at once
            assert w.stdin is not None
            w.stdin.write("go\n")
            w.stdin.flush()
        outputs = [w.communicate(timeout=150) for w in workers]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
    results = []
    for (out, err), w in zip(outputs, workers, strict=True):
        lines = [x for x in out.splitlines() if x.startswith("RESULT ")]
        assert w.returncode == 0 and lines, err[-3000:]
        import json

        results.append(json.loads(lines[-1].removeprefix("RESULT ")))

    assert [r["type"] for r in results] == ["COMPLETED", "COMPLETED"], results
    sent = [r["result"]["sent"] for r in results]
    messages = [r["result"]["messages_sent"] for r in results]

    with engine.connect() as conn:
        rows = conn.execute(select(q.NOTE.c.id, q.NOTE.c.status, q.NOTE.c.attempts)).all()
        attempts = conn.execute(
            select(q.ATTEMPT.c.notification_id, func.count()).group_by(
                q.ATTEMPT.c.notification_id)).all()
        runners = {r[0] for r in conn.execute(select(q.ATTEMPT.c.runner).distinct())}
    assert len(rows) > 100  # a real batch: every area's overdue and due-soon reports
    assert {r.status for r in rows} == {"sent"}
    assert {r.attempts for r in rows} == {1}
    assert len(attempts) == len(rows) and {n for _, n in attempts} == {1}
    assert sum(sent) == len(rows)  # each row sent by exactly one of the two runs
    assert slow_sink.count == sum(messages)  # and nothing else reached the sink
    assert len(runners) == 2, f"the runs did not overlap: {results}"  # both really sent
    print(f"\n{len(rows)} notifications, {slow_sink.count} messages; sent per run {sent}, "
          f"messages per run {messages}")
