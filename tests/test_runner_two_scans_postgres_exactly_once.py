"""Two scans started together, each its own process and engine, on a fresh database (so
both also race to create the schema and sync the catalogue), send each notification
exactly once: counted at the SMTP sink. On a fresh PostgreSQL database and on SQLite.

PostgreSQL is skipped when unreachable, unless CYCLES_REQUIRE_POSTGRES=1
(tests/fixtures/databases.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from cycles.notify.mailsink import MailSink
from storage import queries as q

pytestmark = pytest.mark.slow


def test_two_scans_at_once_send_each_notification_exactly_once(
        tmp_path: Path, many_routes: Callable[..., Any], scan_script: Path,
        db_url: str) -> None:
    with MailSink(tmp_path / "mail") as sink:
        sc = many_routes(sink.port, routes=24, obligations=3)
        go = tmp_path / "go"
        args = [sys.executable, str(scan_script), db_url, str(sc.catalogue), str(sc.notify),
                sc.as_of.isoformat(), str(go)]
        procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("go.*.ready"))) < 2:  # both imported and waiting
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs), (
                [p.communicate() for p in procs if p.poll() is not None])
            time.sleep(0.005)
        go.touch()
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (_, err) in zip(procs, outs, strict=True):
            assert p.returncode == 0, err[-3000:]
        reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]

        assert sink.count == 24  # one digest per route, never two
        received = Counter(str(m["X-Envelope-To"]) for m in sink.messages())
        assert received == {a: 1 for a in sc.addresses}

    assert sum(r["queued"] for r in reports) == sc.owed == 72  # written once between them
    assert sum(r["sent"] for r in reports) == 72
    assert sum(r["messages_sent"] for r in reports) == 24
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            notes = list(conn.execute(select(q.NOTE)))
            attempts = list(conn.execute(select(q.ATTEMPT)))
            occurrences = conn.execute(select(q.OCC.c.key)).scalars().all()
    finally:
        engine.dispose()
    assert Counter(n.status for n in notes) == {"sent": 72}
    assert len(attempts) == 72 and all(a.ok for a in attempts)
    assert len(occurrences) == len(set(occurrences))
