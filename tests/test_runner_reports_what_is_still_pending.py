"""`cycles run`'s summary counts what is still waiting in the ledger: failed rows await
their retry, and once delivered nothing is pending."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum

from config.loader import load_catalogue
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage.db import open_database

MEDWAY = Path(__file__).resolve().parents[1] / "config" / "catalogue" / "medway.yaml"


def test_failed_rows_count_as_pending_until_delivered(tmp_path: Path) -> None:
    cat = load_catalogue([MEDWAY])
    engine = open_database(f"sqlite:///{tmp_path}/c.sqlite")
    as_of = pendulum.datetime(2026, 11, 2, 7, tz="Europe/London").in_timezone("UTC")
    down = FakeNotifier(fail_first=10_000)
    report = Runner(engine, cat, down, retry_delays=()).scan(as_of)
    assert report.failed > 0
    assert report.pending == report.failed

    up = FakeNotifier()
    later = pendulum.now("UTC") + dt.timedelta(hours=7)  # past the backoff
    report = Runner(engine, cat, up, retry_delays=(), clock=lambda: later).scan(as_of)
    assert report.sent > 0
    assert report.pending == 0
