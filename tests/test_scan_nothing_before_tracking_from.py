"""Nothing before an area's ``tracking_from`` is ever due, overdue or notified.

Alpha here starts tracking on Wed 15 Apr 2026. Its 2025-26 Q3 return (due Jan 2026) and
annual report 2024-25 (due Jul 2025) are history: never stored, never notified. The 2025-26
Q4 return is due Thu 23 Apr 2026 and tracked, but its 14-working-day reminder fell on
Wed 1 Apr, before tracking began: only its 3-working-day reminder (Mon 20 Apr) is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from config.loader import load_catalogue
from cycles.app import records
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from cycles.simulate import simulate
from storage import queries as q
from storage.db import open_database

TRACKING_FROM = dt.date(2026, 4, 15)


@pytest.fixture
def late_start(small_catalogue: Path) -> Any:
    alpha = small_catalogue / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(text.replace("tracking_from: 2026-04-01",
                                  f"tracking_from: {TRACKING_FROM.isoformat()}"),
                     encoding="utf-8")
    (small_catalogue / "beta.yaml").unlink()
    return load_catalogue([small_catalogue])


def test_scans_before_and_after_tracking_from_send_nothing_older(
        late_start: Any, sqlite_url: str, at: Callable[..., Any]) -> None:
    engine = open_database(sqlite_url)
    sent: list[tuple[dt.date, str, str]] = []
    day = dt.date(2026, 1, 5)
    while day <= dt.date(2026, 4, 30):
        now = at(day.year, day.month, day.day)
        fake = FakeNotifier()
        Runner(engine, late_start, fake, clock=lambda now=now: now, sleep=lambda s: None,
               retry_delays=()).scan(now)
        sent += [(day, r.tag, m.subject) for m, r in fake.sent]
        day += dt.timedelta(days=1)

    assert all(d >= TRACKING_FROM for d, _, _ in sent), sent
    assert [(d, tag) for d, tag, _ in sent] == [(dt.date(2026, 4, 20), "alpha.manager"),
                                               (dt.date(2026, 4, 23), "alpha.manager"),
                                               (dt.date(2026, 4, 24), "alpha.manager"),
                                               (dt.date(2026, 4, 30), "alpha.chair")]
    with engine.connect() as conn:
        dues = [r.due for r in conn.execute(select(q.OCC.c.due))]
        stages = [r.stage for r in conn.execute(select(q.NOTE.c.stage).order_by(q.NOTE.c.id))]
    assert dues and min(dues) >= TRACKING_FROM
    assert stages == ["before-3wd", "due", "overdue-1", "escalate-5wd"]  # no before-14wd


def test_simulate_never_shows_anything_before_tracking_from(late_start: Any) -> None:
    sends = simulate(late_start, None, dt.date(2025, 6, 1), dt.date(2026, 4, 30))
    assert sends, "the tracked Q4 return has reminders in the window"
    assert min(s.day for s in sends) >= TRACKING_FROM
    assert min(s.due for s in sends) >= TRACKING_FROM
    assert "before-14wd" not in {s.stage for s in sends if s.due == dt.date(2026, 4, 23)}


def test_records_refuse_a_period_due_before_tracking_from(
        late_start: Any, sqlite_url: str, at: Callable[..., Any]) -> None:
    engine = open_database(sqlite_url)
    with pytest.raises(records.RecordError, match="before tracking began"):
        records.submit(engine, late_start, "alpha.quarterly-return", "2025-26 Q3", "Manager",
                       at(2026, 1, 20), at(2026, 5, 1))
    with engine.connect() as conn:
        assert conn.execute(select(q.OCC.c.id)).first() is None
