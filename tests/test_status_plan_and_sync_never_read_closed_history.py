"""With a long closed history stored, `status`, the scan's plan and its sync read only what
can still change, through indexes (SQLite's query plan never scans the occurrence table),
and `status` lists exactly the rows the full read of every stored occurrence lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert

from config.loader import load_catalogue
from cycles.app.occurrences import sync_catalogue
from cycles.app.status import states_in_window, status, status_rows
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

HISTORY = 3000


def _store_history(engine: Any, obligation: str, area: str) -> None:
    """Closed occurrences from 2000 on, and a few old ones still open (never done)."""
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(HISTORY):
        due = dt.date(2000, 1, 1) + dt.timedelta(days=3 * i)
        still_open = i % 1000 == 7
        rows.append({
            "key": f"{obligation}@old-{i}", "obligation_id": obligation, "area": area,
            "period": f"old-{i}", "period_start": due, "period_end": due, "due": due,
            "original_due": due, "explanation": "history",
            "status": "open" if still_open else "submitted",
            "next_action_at": now if still_open else None, "created_at": now,
            "updated_at": now})
    with engine.begin() as conn:
        conn.execute(insert(q.OCC), rows)


@contextmanager
def occurrence_plans(engine: Any) -> Iterator[list[str]]:
    """SQLite's query plan of every statement reading the occurrence table meanwhile."""
    plans: list[str] = []
    statements: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
             executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "occurrence" in statement:
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield plans
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        raw = engine.raw_connection()
        try:
            for statement, parameters in statements:
                cur = raw.cursor()
                cur.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                plans.extend(str(row[-1]) for row in cur.fetchall())
        finally:
            raw.close()


def _full_scans(plans: list[str]) -> list[str]:
    return [p for p in plans if p.startswith("SCAN occurrence")]


def test_status_plan_and_sync_use_indexes_and_list_the_same_rows(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    entry = cat.entries()[0]
    first = at(2026, 7, 20)
    Runner(engine, cat, FakeNotifier(), clock=lambda: first, sleep=lambda s: None,
           retry_delays=()).scan(first)
    _store_history(engine, entry.id, entry.area.area)
    today = dt.date(2026, 11, 23)

    with occurrence_plans(engine) as plans:
        rows = status(cat, engine, today, days=90)
    assert plans and not _full_scans(plans), plans
    with occurrence_plans(engine) as plans:  # the full read (``status --all``) does scan
        everything = status_rows(states_in_window(cat, engine,
                                                  today + dt.timedelta(days=90)), today)
    assert _full_scans(plans)
    assert rows == everything
    assert sum(1 for r in rows if r["period"].startswith("old-")) == 3  # open history stays

    as_of = at(2026, 11, 23)
    runner = Runner(engine, cat, FakeNotifier(), clock=lambda: as_of, sleep=lambda s: None,
                    retry_delays=())
    with occurrence_plans(engine) as plans:
        planned = runner.plan(as_of)
    assert plans and not _full_scans(plans), plans
    assert {o.occurrence.key for o, _ in planned.planned} >= {
        f"{entry.id}@old-{i}" for i in (7, 1007, 2007)}

    with occurrence_plans(engine) as plans:
        sync_catalogue(engine, cat, today, as_of)
    assert plans and not _full_scans(plans), plans
