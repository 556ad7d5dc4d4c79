"""After 30 days without a scan, one notification per kind of stage missed, not one per
missed day, and the text states the true lateness.

alpha.quarterly-return 2026-27 Q1 is due Tue 21 Jul 2026 (owner: manager; escalation after
5 working days to the chair, Tue 28 Jul). Scanned on Mon 20 Jul (its 3-day reminder), then
not again until Wed 19 Aug: 29 days late, 21 working days (no bank holiday in between).
Missed meanwhile: due, overdue-1 .. overdue-4, escalate-5wd. Owed now: the latest overdue
repeat (overdue-5, 19 Aug) to the manager and the escalation step reached, to the chair.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config.loader import load_catalogue
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

Q1 = "alpha.quarterly-return@2026-27 Q1"
ANNUAL = "alpha.annual-report@2025-26"  # due Fri 31 Jul 2026, owner: chair


def _weekdays_between(a: dt.date, b: dt.date) -> int:
    return sum(1 for i in range(1, (b - a).days + 1) if (a + dt.timedelta(days=i)).weekday() < 5)


def _stages(engine: Any, created_at: Any) -> dict[str, list[tuple[str, str]]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(q.OCC.c.key, q.NOTE.c.stage, q.NOTE.c.tag)
            .join(q.OCC, q.OCC.c.id == q.NOTE.c.occurrence_id)
            .where(q.NOTE.c.created_at == created_at).order_by(q.NOTE.c.id))
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, stage, tag in rows:
            out[key].append((stage, tag))
        return out


def test_thirty_days_down_one_message_per_missed_stage_kind_with_true_lateness(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    day_d, day_d30 = at(2026, 7, 20), at(2026, 8, 19)

    fake = FakeNotifier()
    Runner(engine, cat, fake, clock=lambda: day_d, sleep=lambda s: None,
           retry_delays=()).scan(day_d)
    first = _stages(engine, day_d)
    assert first[Q1] == [("before-3wd", "alpha.manager")]
    assert first[ANNUAL] == [("before-14wd", "alpha.chair")]

    fake = FakeNotifier()
    report = Runner(engine, cat, fake, clock=lambda: day_d30, sleep=lambda s: None,
                    retry_delays=()).scan(day_d30)
    assert report.ok
    second = _stages(engine, day_d30)
    assert second[Q1] == [("overdue-5", "alpha.manager"), ("escalate-5wd", "alpha.chair")]
    # the annual report is the chair's own: its escalation goes to the DCS, not back to them
    assert second[ANNUAL] == [("overdue-3", "alpha.chair"), ("escalate-5wd", "alpha.dcs")]
    for key, stages in second.items():  # never more than one overdue notice per occurrence
        assert sum(1 for s, _ in stages if s.startswith("overdue-")) <= 1, (key, stages)
        assert not any(s in ("due", "before-14wd", "before-3wd") for s, _ in stages), key

    # one message per recipient, each stating the true lateness
    late_wd = _weekdays_between(dt.date(2026, 7, 21), dt.date(2026, 8, 19))
    assert late_wd == 21
    alpha = [(m, r) for m, r in fake.sent if r.tag.startswith("alpha.")]
    by_tag = {route.tag: message for message, route in alpha}
    assert sorted(by_tag) == ["alpha.chair", "alpha.dcs", "alpha.manager"] and len(alpha) == 3
    manager = by_tag["alpha.manager"].text
    assert f"29 days late ({late_wd} working days)" in manager
    chair = by_tag["alpha.chair"].text
    assert f"Escalation: {late_wd} working days late" in chair
    assert "Quarterly performance return" in chair and "Annual report on safeguarding" in chair
    assert "19 days late" in chair  # the annual report: due 31 Jul
    dcs = by_tag["alpha.dcs"].text
    assert "escalated to you" in dcs and "Annual report on safeguarding" in dcs
    assert "Quarterly performance return" not in dcs

    # scanning again the same day sends nothing more
    fake = FakeNotifier()
    later = day_d30.add(hours=3)
    Runner(engine, cat, fake, clock=lambda: later, sleep=lambda s: None,
           retry_delays=()).scan(later)
    assert fake.sent == []
