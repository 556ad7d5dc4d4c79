"""For any increasing sequence of scan times over a year, each (occurrence, stage, route)
is sent at most once, nothing is sent that was never owed, and everything owed at a scan
is sent or recorded failed (with scripted delivery failures, retried by later scans).

Hypothesis draws the scan times (minutes apart or months apart, at any hour, across the
start of tracking and both DST changes) and how many sends fail first.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from config.loader import load_catalogue
from cycles.london import london_date
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from cycles.scan import owed_now
from storage import queries as q
from storage.db import open_database

START = pendulum.datetime(2026, 3, 1, tz="Europe/London")  # a month before tracking_from

scan_times = st.lists(
    st.tuples(st.integers(0, 364), st.integers(0, 23), st.integers(0, 59)),
    min_size=1, max_size=14, unique=True,
).map(sorted)


@pytest.fixture
def template(small_catalogue: Path, tmp_path: Path) -> tuple[Any, Path]:
    """The catalogue, and a migrated empty SQLite file to copy for each example."""
    path = tmp_path / "template.sqlite"
    open_database(f"sqlite:///{path}").dispose()
    return load_catalogue([small_catalogue]), path


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(times=scan_times, fail_first=st.integers(0, 4))
def test_each_stage_sent_once_and_all_owed_sent_or_failed(
        template: tuple[Any, Path], times: list[tuple[int, int, int]], fail_first: int) -> None:
    cat, template_file = template
    entries = {e.id: e for e in cat.entries()}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cycles.sqlite"
        shutil.copy(template_file, db)
        engine = open_database(f"sqlite:///{db}")
        fake = FakeNotifier(fail_first=fail_first)
        instants = [START.add(days=d).replace(hour=h, minute=m).in_timezone("UTC")
                    for d, h, m in times]
        for now in instants:
            Runner(engine, cat, fake, clock=lambda now=now: now, sleep=lambda s: None,
                   retry_delays=()).scan(now)

        with engine.connect() as conn:
            ledger = {(r.occurrence_id, r.stage, r.tag): r for r in conn.execute(select(q.NOTE))}
            ok_sends = dict(conn.execute(
                select(q.ATTEMPT.c.notification_id, func.count())
                .where(q.ATTEMPT.c.ok.is_(True)).group_by(q.ATTEMPT.c.notification_id)).all())
            messages = conn.execute(
                select(func.count()).select_from(
                    select(q.NOTE.c.route_id, q.ATTEMPT.c.at)
                    .join(q.ATTEMPT, q.ATTEMPT.c.notification_id == q.NOTE.c.id)
                    .where(q.ATTEMPT.c.ok.is_(True)).distinct().subquery())).scalar_one()
        states = q.occurrence_states(engine)
        engine.dispose()

    # at most once: one successful attempt per ledger row, one message per route per scan
    assert all(n == 1 for n in ok_sends.values()), ok_sends
    assert len(fake.sent) == messages
    sent_rows = {k for k, r in ledger.items() if r.status == "sent"}
    assert {ledger[k].id for k in sent_rows} == set(ok_sends)

    # every stage owed at any scan is in the ledger, sent or failed with its error
    owed_any: set[tuple[int, str, str]] = set()
    for now in instants:
        today = london_date(now)
        for occ in states:
            owed_any |= {o.key for o in owed_now(entries[occ.obligation], occ, today)}
    for key in owed_any:
        assert key in ledger, f"owed but never queued: {key}"
        row = ledger[key]
        assert row.status in ("sent", "failed"), (key, row.status)
        if row.status == "failed":
            assert row.last_error and row.attempts >= 1
    # and nothing was ever sent that no scan owed
    assert set(ledger) <= owed_any
    if fail_first == 0:
        assert sent_rows == set(ledger)
