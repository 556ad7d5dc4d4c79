"""A deferral moves every stage to the new due date and keeps the original for the record.

alpha.quarterly-return 2026-27 Q2 is due Wed 21 Oct 2026 (reminders Thu 1 Oct and Fri 16
Oct). Deferred to Fri 20 Nov 2026, its stages become: before-14wd Mon 2 Nov, before-3wd
Tue 17 Nov, due Fri 20 Nov, overdue-1 Sat 21 Nov, escalate-5wd (to the chair) Fri 27 Nov.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config.loader import load_catalogue
from cycles.app import records
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

KEY = "alpha.quarterly-return@2026-27 Q2"
OLD_DUE, NEW_DUE = dt.date(2026, 10, 21), dt.date(2026, 11, 20)
NEEDLE = 'cycles submit alpha.quarterly-return --period "2026-27 Q2"'


def _daily(engine: Any, cat: Any, at: Callable[..., Any], first: dt.date, last: dt.date
           ) -> list[tuple[dt.date, str, str]]:
    """Scan every morning; return (day, route, subject) of each message about Q2."""
    seen: list[tuple[dt.date, str, str]] = []
    day = first
    while day <= last:
        now = at(day.year, day.month, day.day)
        fake = FakeNotifier()
        Runner(engine, cat, fake, clock=lambda now=now: now, sleep=lambda s: None,
               retry_delays=()).scan(now)
        seen += [(day, r.tag, m.text) for m, r in fake.sent if NEEDLE in m.text]
        day += dt.timedelta(days=1)
    return seen


def _occurrence(engine: Any) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(conn.execute(select(q.OCC).where(q.OCC.c.key == KEY)).mappings().one())


def test_deferral_before_any_reminder_moves_every_stage(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    _daily(engine, cat, at, dt.date(2026, 9, 20), dt.date(2026, 9, 25))
    done = records.defer(engine, cat, "alpha.quarterly-return", "2026-27 Q2", NEW_DUE,
                         "the board meets late", "Chair", at(2026, 9, 25, 10))
    assert "originally due 2026-10-21" in done.message

    sent = _daily(engine, cat, at, dt.date(2026, 9, 26), dt.date(2026, 12, 1))
    days = [(d, tag) for d, tag, _ in sent]
    assert days == [
        (dt.date(2026, 11, 2), "alpha.manager"),   # before-14wd of the new date
        (dt.date(2026, 11, 17), "alpha.manager"),  # before-3wd
        (dt.date(2026, 11, 20), "alpha.manager"),  # due
        (dt.date(2026, 11, 21), "alpha.manager"),  # overdue-1
        (dt.date(2026, 11, 27), "alpha.chair"),    # escalate-5wd
        (dt.date(2026, 11, 28), "alpha.manager"),  # overdue-2
    ]
    assert all("deferred from Wed 21 Oct 2026" in text for _, _, text in sent)
    occ = _occurrence(engine)
    assert (occ["due"], occ["original_due"]) == (NEW_DUE, OLD_DUE)


def test_deferral_after_the_old_due_date_sends_the_new_stages_again(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    """Reminders, due and overdue notices already sent for the old date do not use up the
    stages of the new one: missing the new date is overdue again, and escalates again."""
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    before = _daily(engine, cat, at, dt.date(2026, 9, 28), dt.date(2026, 10, 30))
    assert [d for d, tag, _ in before if tag == "alpha.manager"] == [
        dt.date(2026, 10, 1), dt.date(2026, 10, 16), dt.date(2026, 10, 21),
        dt.date(2026, 10, 22), dt.date(2026, 10, 29)]
    assert [d for d, tag, _ in before if tag == "alpha.chair"] == [dt.date(2026, 10, 28)]

    records.defer(engine, cat, "alpha.quarterly-return", "2026-27 Q2", NEW_DUE,
                  "data late from partners", "Chair", at(2026, 10, 30, 10))
    after = _daily(engine, cat, at, dt.date(2026, 10, 31), dt.date(2026, 11, 28))
    assert [(d, tag) for d, tag, _ in after] == [
        (dt.date(2026, 11, 2), "alpha.manager"),
        (dt.date(2026, 11, 17), "alpha.manager"),
        (dt.date(2026, 11, 20), "alpha.manager"),
        (dt.date(2026, 11, 21), "alpha.manager"),
        (dt.date(2026, 11, 27), "alpha.chair"),
        (dt.date(2026, 11, 28), "alpha.manager"),
    ]
    texts = [text for _, _, text in after]
    assert all("deferred from Wed 21 Oct 2026" in t for t in texts)
    assert "due on Fri 20 Nov 2026" in texts[0]
    occ = _occurrence(engine)
    assert (occ["due"], occ["original_due"]) == (NEW_DUE, OLD_DUE)
    # the history keeps both: the decision and every notification, old and new
    history = records.history(engine, cat, "alpha.quarterly-return")
    q2 = next(h for h in history if h["occurrence"]["key"] == KEY)
    assert [(d["kind"], d["previous_due"], d["new_due"]) for d in q2["decisions"]] == [
        ("deferred", OLD_DUE, NEW_DUE)]
    assert len(q2["notifications"]) == len(before) + len(after)


def test_deferral_keeps_status_and_simulate_shows_the_new_dates(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    from cycles.app.status import states_in_window, status_rows
    from cycles.simulate import simulate

    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    records.defer(engine, cat, "alpha.quarterly-return", "2026-27 Q2", NEW_DUE, "late data",
                  "Chair", at(2026, 9, 1, 10))
    rows = status_rows(states_in_window(cat, engine, dt.date(2026, 12, 31)),
                       dt.date(2026, 11, 5))  # after the new before-14wd (2 Nov)
    row = next(r for r in rows if r["obligation"] == "alpha.quarterly-return"
               and r["period"] == "2026-27 Q2")
    assert (row["due"], row["original_due"], row["deferred"], row["state"]) == (
        "2026-11-20", "2026-10-21", True, "due soon")
    sends = [s for s in simulate(cat, engine, dt.date(2026, 9, 1), dt.date(2026, 11, 30))
             if s.obligation == "alpha.quarterly-return" and s.period == "2026-27 Q2"]
    assert [(s.day, s.stage) for s in sends] == [
        (dt.date(2026, 11, 2), "before-14wd"), (dt.date(2026, 11, 17), "before-3wd"),
        (dt.date(2026, 11, 20), "due"), (dt.date(2026, 11, 21), "overdue-1"),
        (dt.date(2026, 11, 27), "escalate-5wd"), (dt.date(2026, 11, 28), "overdue-2")]
    assert all(s.due == NEW_DUE for s in sends)
