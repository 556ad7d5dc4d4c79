"""The scan's decision time with 1,000,000 stored occurrences vs 10,000, the same number due.

Run: ``python benchmarks/bench_scan_decision.py [--runs N] [--due N] [--keep]``. Not a test:
it prints figures.

The decision is what a scan does before it writes anything: read the occurrences due for
action (:func:`storage.queries.due_for_action`, an index range scan on ``(status,
next_action_at)``) and decide what is owed (:func:`cycles.scan.decide`, pure). Two SQLite
files in /tmp hold synthetic occurrences (built by ``benchmarks/_synthetic.py``) of the
shipped catalogue's obligations: most with
``next_action_at`` in the future or NULL (submitted, or nothing left to do), and the same
``--due`` (default 500) due now in both. Each is timed ``--runs`` times (median reported).

Target: the 1,000,000 median <= 1.5 x the 10,000 median. Also printed: the peak Python
allocation during one decision at 1,000,000 (tracemalloc) and the process's max RSS.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pendulum  # noqa: E402
from _synthetic import build, sqlite_time  # noqa: E402

from config.loader import load_catalogue  # noqa: E402
from cycles.london import london_date  # noqa: E402
from cycles.scan import decide  # noqa: E402
from storage import queries as q  # noqa: E402
from storage.db import open_database  # noqa: E402

AS_OF = pendulum.datetime(2026, 11, 23, 7, tz="Europe/London").in_timezone("UTC")
TARGET = 1.5


def decision(engine: object, catalogue: object) -> tuple[int, int]:
    states = q.due_for_action(engine, AS_OF)  # type: ignore[arg-type]
    owed = decide(catalogue, states, london_date(AS_OF))  # type: ignore[arg-type]
    return len(states), len(owed)


def time_decisions(url: str, catalogue: object, runs: int) -> tuple[list[float], int, int]:
    engine = open_database(url)
    decision(engine, catalogue)  # warm-up: page cache, statement cache
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        n_states, n_owed = decision(engine, catalogue)
        times.append(time.perf_counter() - started)
    engine.dispose()  # type: ignore[attr-defined]
    return times, n_states, n_owed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--due", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="reuse /tmp files if present")
    args = parser.parse_args()

    catalogue = load_catalogue()
    results = {}
    for total in (10_000, 1_000_000):
        path = Path(f"/tmp/cycles-bench-scan-{total}.sqlite")
        if args.keep and path.exists():
            print(f"{total:>9,} occurrences: reusing {path}")
        else:
            took = build(path, total, args.due, catalogue)
            size = path.stat().st_size / 1e6
            print(f"{total:>9,} occurrences: built {path} in {took:.1f} s ({size:.0f} MB)")
        times, n_states, n_owed = time_decisions(f"sqlite:///{path}", catalogue, args.runs)
        results[total] = statistics.median(times)
        print(f"{total:>9,} occurrences: {n_states} due for action, {n_owed} notifications "
              f"owed; decision median {results[total] * 1000:.1f} ms "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {args.runs} runs)")

    engine = open_database("sqlite:////tmp/cycles-bench-scan-1000000.sqlite")
    stmt = q.select(q.OCC.c.id).where(q.OCC.c.status == "open",
                                      q.OCC.c.next_action_at.is_not(None),
                                      q.OCC.c.next_action_at <= AS_OF)
    with engine.connect() as conn:
        plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {stmt.compile(conn)}",
                                    ("open", sqlite_time(AS_OF))).fetchall()
    print("query plan of due_for_action:", "; ".join(str(r[-1]) for r in plan))
    decision(engine, catalogue)
    tracemalloc.start()
    decision(engine, catalogue)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    engine.dispose()
    ratio = results[1_000_000] / results[10_000]
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio 1,000,000 / 10,000: {ratio:.2f}x (target <= {TARGET}x): "
          f"{'OK' if ratio <= TARGET else 'OVER'}")
    print(f"peak Python allocation during one decision at 1,000,000: {peak / 1e6:.1f} MB; "
          f"process max RSS: {maxrss_mb:.0f} MB")


if __name__ == "__main__":
    main()
