"""`cycles run --demo` in an empty folder: the shipped catalogue, SQLite in ./data, a local
mail sink writing .eml files to ./outbox. A second run at the same moment sends nothing."""

from __future__ import annotations

import email
import email.policy
import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _cycles(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYCLES_")}
    return subprocess.run([str(Path(sys.executable).with_name("cycles")), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=180)


def test_demo_run_writes_eml_files_and_a_second_run_sends_nothing(tmp_path: Path) -> None:
    first = _cycles(tmp_path, "run", "--demo", "--as-of", "2026-11-23T07:00")
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr

    outbox = tmp_path / "outbox"
    files = sorted(outbox.glob("*.eml"))
    assert files, "the demo wrote messages"
    assert f"{len(files)} message(s) in the mail sink" in first.stdout
    database = tmp_path / "data" / "cycles.sqlite"
    assert database.is_file()

    recipients = Counter()
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["Subject"] and message["X-Envelope-To"]
        assert str(message["X-Envelope-To"]).endswith(".example.org")
        body = message.get_body(preferencelist=("plain",))
        assert body is not None and "cycles submit" in body.get_content()
        recipients[str(message["X-Envelope-To"])] += 1
    assert max(recipients.values()) == 1  # one digest per recipient

    with sqlite3.connect(database) as conn:
        statuses = dict(conn.execute(
            "SELECT status, count(*) FROM notification GROUP BY status").fetchall())
    assert set(statuses) == {"sent"} and statuses["sent"] >= len(files)

    snapshot = {p.name: p.read_bytes() for p in files}
    second = _cycles(tmp_path, "run", "--demo", "--as-of", "2026-11-23T07:00", "--json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert (report["queued"], report["sent"], report["messages_sent"]) == (0, 0, 0)
    assert {p.name: p.read_bytes() for p in outbox.glob("*.eml")} == snapshot
