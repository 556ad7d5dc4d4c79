"""Synthetic SQLite databases of stored occurrences, shared by the benchmarks.

Not a benchmark itself. :func:`build` writes a migrated SQLite file holding ``total``
occurrences of the shipped catalogue's obligations (keys ``<obligation>@synthetic-<i>``):
``due`` of them due for action at :data:`AS_OF` (open, due within the last 30 days, next
action an hour ago -- the same rows whatever ``total``), the rest half future (open, due
from :data:`FUTURE_FROM_DAYS` on, past ``status``'s 90-day window, next action months or
years ahead) and half history (submitted, nothing to do). So every size has the same working
set: what ``status`` lists and a scan acts on is the same rows; only what is stored beside
them grows. (Until builder 2, future rows began 60 days ahead: 1% of them fell inside the
status window, so at 1,000,000 ``status`` listed 5,718 open reports against 553 at 10,000.)

:func:`cached` keeps each build in /tmp under a name that says its size, its due count and
a fingerprint of the schema (the migrated empty database's ``sqlite_master``), so reruns
reuse it and a schema change builds a new one. Callers that write (a real scan) copy it
first (:func:`_harness.copy_database`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pendulum  # noqa: E402

AS_OF = pendulum.datetime(2026, 11, 23, 7, tz="Europe/London").in_timezone("UTC")
FUTURE_FROM_DAYS = 120  # future rows are due this far ahead or more
BUILDER_VERSION = "2"  # bump when the rows below change


def sqlite_time(d: dt.datetime) -> str:
    """SQLAlchemy's SQLite DateTime text (UTC wall time)."""
    return d.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def migrate(path: Path) -> None:
    """An empty database at the latest schema (the project's own migrations)."""
    from storage.db import open_database

    open_database(f"sqlite:///{path}").dispose()


def schema_fingerprint() -> str:
    with tempfile.TemporaryDirectory(prefix="cycles-bench-schema-") as tmp:
        path = Path(tmp) / "empty.sqlite"
        migrate(path)
        conn = sqlite3.connect(path)
        rows = sorted(str(sql) for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
        conn.close()
    digest = hashlib.sha256("\n".join([BUILDER_VERSION, *rows]).encode()).hexdigest()
    return digest[:10]


def cached(total: int, due: int, catalogue: Any) -> tuple[Path, float | None]:
    """The built file for ``(total, due)`` and the seconds building took (None: reused)."""
    path = Path(f"/tmp/cycles-bench-history-{total}-due{due}-{schema_fingerprint()}.sqlite")
    if path.exists():
        return path, None
    partial = path.with_suffix(".partial")
    took = build(partial, total, due, catalogue)
    partial.rename(path)  # only a finished build is ever reused
    return path, took


def build(path: Path, total: int, due: int, catalogue: Any, as_of: dt.datetime = AS_OF
          ) -> float:
    """A migrated SQLite file with ``total`` occurrences, ``due`` of them due at ``as_of``."""
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    migrate(path)
    entries = catalogue.entries()
    rng, rng_due = random.Random(total), random.Random(0)  # the due rows: the same in both
    now = sqlite_time(as_of)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    # faster: drop the occurrence indexes during the bulk insert, recreate them after
    indexes = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'occurrence' "
        "AND sql IS NOT NULL")]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                "tbl_name = 'occurrence' AND sql IS NOT NULL").fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    with conn:
        conn.executemany(
            "INSERT INTO obligation (id, area, title, cadence, owner, recipients, source_file, "
            "quote, local_default, active, synced_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(e.id, e.area.area, e.obligation.title, e.obligation.cadence,
              ",".join(e.obligation.owner), ",".join(e.obligation.recipients),
              e.obligation.source.file, e.obligation.source.quote, None, 1, now)
             for e in entries])

        def rows():  # type: ignore[no-untyped-def]
            today = as_of.date()
            for i in range(total):
                e = entries[i % len(entries)]
                if i < due:  # due now: within the last month, next action an hour ago
                    d = today - dt.timedelta(days=rng_due.randrange(0, 30))
                    nxt: str | None = sqlite_time(as_of - dt.timedelta(hours=1))
                    status = "open"
                elif i % 2:  # future: due beyond status's 90-day window, next action later
                    d = today + dt.timedelta(days=FUTURE_FROM_DAYS + rng.randrange(0, 3000))
                    nxt = sqlite_time(as_of + dt.timedelta(days=30 + rng.randrange(0, 2900)))
                    status = "open"
                else:  # history: submitted, nothing to do
                    d = today - dt.timedelta(days=30 + rng.randrange(0, 3000))
                    nxt = None
                    status = "submitted"
                yield (f"{e.id}@synthetic-{i}", e.id, e.area.area, f"synthetic-{i}",
                       (d - dt.timedelta(days=120)).isoformat(),
                       (d - dt.timedelta(days=30)).isoformat(), d.isoformat(), d.isoformat(),
                       "synthetic", status, nxt, now, now)

        conn.executemany(
            "INSERT INTO occurrence (key, obligation_id, area, period, period_start, "
            "period_end, due, original_due, explanation, status, next_action_at, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows())
    with conn:
        for sql in indexes:
            conn.execute(sql)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started
