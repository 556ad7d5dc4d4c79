"""Every record keeps the door it came through: ``cli`` for the command line (``link`` for a
signed link: see test_web_submission_records_once_with_its_channel)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select

from storage import queries as q


def test_command_line_records_say_cli(cli: Callable[..., Any], small_catalogue: Path,
                                      sqlite_url: str) -> None:
    common = ["--db", sqlite_url, "--catalogue", str(small_catalogue)]
    done = cli("submit", "alpha.quarterly-return", "--period", "2026-27 Q1", "--by", "Jo",
               "--at", "2026-07-20", *common)
    assert done.exit_code == 0, done.stderr
    done = cli("defer", "alpha.quarterly-return", "--period", "2026-27 Q2", "--to", "2026-11-30",
               "--reason", "late data", "--approver", "DCS", *common)
    assert done.exit_code == 0, done.stderr
    done = cli("waive", "alpha.annual-report", "--period", "2025-26", "--reason", "merged",
               "--approver", "Chair", *common)
    assert done.exit_code == 0, done.stderr
    engine = create_engine(sqlite_url)
    with engine.connect() as conn:
        subs = conn.execute(select(q.SUBMISSION.c.channel, q.SUBMISSION.c.role)).all()
        decs = conn.execute(select(q.DECISION.c.kind, q.DECISION.c.channel)).all()
    engine.dispose()
    assert subs == [("cli", None)]
    assert sorted(decs) == [("deferred", "cli"), ("waived", "cli")]
