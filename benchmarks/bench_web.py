"""The web pages with 1,000,000 stored occurrences: the View page and the submission POST.

Run: ``python benchmarks/bench_web.py [--requests N] [--seconds S] [--keep]``. Not a test:
it prints figures.

A SQLite file in /tmp holds 1,000,000 synthetic occurrences of the shipped catalogue's
obligations (built as :mod:`bench_scan_decision` builds them). The app is called in-process
through ``httpx.ASGITransport`` (no network): per-request latency of ``GET /a/<view token>``
and of ``POST /a/<submit token>`` (each POST records a different open occurrence), p50 and
p95 over ``--requests`` sequential requests (target p95 <= 50 ms), then requests per second
with 4 concurrent clients for ``--seconds`` each.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import httpx  # noqa: E402
from bench_scan_decision import AS_OF, build  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from config.loader import load_catalogue  # noqa: E402
from cycles.links.maker import LinkMaker  # noqa: E402
from cycles.links.tokens import csrf_token  # noqa: E402
from cycles.london import london_date  # noqa: E402
from cycles.web.app import create_app  # noqa: E402
from storage import queries as q  # noqa: E402
from storage.db import open_database  # noqa: E402

TOTAL = 1_000_000
TARGET_P95_MS = 50.0
KEY = b"bench-web-key-0123456789abcdef01"
BASE = "http://bench.local"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def open_ids(engine: Any, count: int) -> list[tuple[int, str]]:
    """``count`` random open occurrences (id, owner tag) spread over the table."""
    with engine.connect() as conn:
        top = conn.execute(select(func.max(q.OCC.c.id))).scalar_one()
        rng = random.Random(7)
        picked: dict[int, str] = {}
        catalogue_owner = {e.id: f"{e.area.area}.{e.obligation.owner[0]}"
                           for e in load_catalogue().entries()}
        while len(picked) < count:
            ids = [rng.randrange(1, top + 1) for _ in range(count * 2)]
            rows = conn.execute(select(q.OCC.c.id, q.OCC.c.obligation_id).where(
                q.OCC.c.id.in_(ids), q.OCC.c.status == "open")).all()
            for occ_id, obligation in rows:
                if len(picked) < count:
                    picked[occ_id] = catalogue_owner[obligation]
    return list(picked.items())


async def timed(client: httpx.AsyncClient, method: str, url: str,
                data: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    answer = await client.request(method, url, data=data)
    took = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{method} answered {answer.status_code}: {answer.text[:300]}")
    return took


def submit_form(link: str) -> dict[str, str]:
    return {"csrf": csrf_token(link.rsplit("/", 1)[1], KEY), "by": "Bench Owner",
            "date": london_date(AS_OF).isoformat(), "evidence": "", "note": ""}


async def run(app: Any, views: list[str], submits: list[str], seconds: float) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        for link in views[:20]:  # warm-up: caches, templates, statements
            await timed(client, "GET", link)
        n = len(views)
        view_times = [await timed(client, "GET", link) for link in views]
        half = min(n, len(submits) // 2)
        post_times = [await timed(client, "POST", link, submit_form(link))
                      for link in submits[:half]]
        report("View page (GET)", view_times, n)
        report("Submission (POST)", post_times, half)

        async def clients(method: str, links: list[str]) -> tuple[int, float]:
            done = 0
            queue = iter(links)
            deadline = time.perf_counter() + seconds

            async def one() -> None:
                nonlocal done
                while time.perf_counter() < deadline:
                    link = next(queue, None)
                    if link is None:
                        return
                    await timed(client, method, link,
                                submit_form(link) if method == "POST" else None)
                    done += 1

            started = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(4)))
            return done, time.perf_counter() - started

        many_views = views * 50
        done, took = await clients("GET", many_views)
        print(f"View page, 4 concurrent clients: {done / took:.0f} requests/s "
              f"({done} in {took:.1f} s)")
        done, took = await clients("POST", submits[half:])
        print(f"Submission, 4 concurrent clients: {done / took:.0f} requests/s "
              f"({done} in {took:.1f} s)")


def report(what: str, times: list[float], n: int) -> None:
    p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
    print(f"{what}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, mean "
          f"{statistics.mean(times) * 1000:.1f} ms over {n} requests "
          f"(target p95 <= {TARGET_P95_MS:.0f} ms: {'OK' if p95 <= TARGET_P95_MS else 'OVER'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--keep", action="store_true", help="reuse the /tmp file if present")
    parser.add_argument("--total", type=int, default=TOTAL, help="stored occurrences")
    args = parser.parse_args()

    catalogue = load_catalogue()
    total = args.total
    path = Path(f"/tmp/cycles-bench-web-{total}.sqlite")
    if args.keep and path.exists():
        print(f"{total:,} occurrences: reusing {path}")
    else:
        took = build(path, total, 500, catalogue)
        print(f"{total:,} occurrences: built {path} in {took:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB)")
    engine = open_database(f"sqlite:///{path}")
    picked = open_ids(engine, args.requests * 2 + 5000)
    maker = LinkMaker(BASE, KEY)
    views = [maker.url("view", i, tag, AS_OF) for i, tag in picked[:args.requests]]
    submits = [maker.url("submit", i, tag, AS_OF) for i, tag in picked[args.requests:]]
    app = create_app(engine, catalogue, KEY, BASE, lambda: AS_OF)
    asyncio.run(run(app, views, submits, args.seconds))
    engine.dispose()


if __name__ == "__main__":
    main()
