"""Cost that does not grow with history: ``status``, ``run --dry-run`` and a real scan with
1,000,000 stored occurrences vs 10,000 (the same ones due), and ``status`` with no database.

Run: ``python benchmarks/bench_history.py [--runs 3] [--due 500] [--big 1000000]``. Not a
test: it prints figures beside their targets (issue 12, "History").

Each command runs as its own process (``cycles ...`` from this checkout) and is measured
alone: wall time, CPU time and peak RSS of that child (``os.wait4``). The databases are the
synthetic SQLite files of ``benchmarks/_synthetic.py`` (built once, cached in /tmp: the
1,000,000 build takes ~40 s). The routes are one ``mailto://`` per role of every area (as
``cycles run --demo`` makes them) to an SMTP sink on loopback in this process. A real scan
writes, so each one runs on a fresh copy of the cached file (the copy is not timed).

* ``status --as-of 2026-11-23T07:00``, ``run --dry-run``, ``run`` (sync, decide, outbox,
  send into the sink) at 10,000 and at 1,000,000 stored.
  Targets: time at 1,000,000 <= 1.5 x time at 10,000; peak RSS at 1,000,000 <= 150 MB.
* ``status`` with no database vs ``upcoming`` (same catalogue, same window), and whether
  each imports sqlalchemy / sqlmodel (``-X importtime``).
  Target: ``status`` without a database <= 2 x ``upcoming``, and no sqlalchemy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    AS_OF,
    Measured,
    Sink,
    apprise_config,
    copy_database,
    cycles,
    environment,
    imported,
    measure,
    median,
    repeat,
    role_routes,
    shipped_catalogue,
    summary,
    verdict,
)
from _synthetic import cached  # noqa: E402

TIME_RATIO = 1.5
RSS_MB = 150.0
NO_DB_RATIO = 2.0
SMALL = 10_000


def real_scans(db: Path, work: Path, config: Path, sink: Sink, env: dict[str, str],
               runs: int) -> list[Measured]:
    """``runs`` real scans, each on a fresh copy of ``db``; also checks mail arrived."""
    out = []
    for i in range(runs):
        target = work / f"scan-{i}.sqlite"
        copy_database(db, target)
        before = sink.count
        m = measure(cycles("run", "--as-of", AS_OF, "--db", f"sqlite:///{target}",
                           "--notify", str(config), "--json"), env, keep_output=True)
        if m.rc != 0:
            sys.exit(f"cycles run: exit {m.rc}\n{m.err}")
        m.out = json.dumps({"messages": sink.count - before, "report": _report(m.out)})
        target.unlink()
        out.append(m)
    return out


def _report(text: str) -> dict[str, object]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    keep = ("occurrences_checked", "owed", "queued", "sent", "messages_sent", "failed")
    return {k: data[k] for k in keep if isinstance(data, dict) and k in data}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--due", type=int, default=500, help="occurrences due in both")
    parser.add_argument("--big", type=int, default=1_000_000, help="the large history")
    args = parser.parse_args()

    from config.loader import load_catalogue  # only to build the synthetic files

    catalogue = load_catalogue()
    with tempfile.TemporaryDirectory(prefix="cycles-bench-history-") as tmp, Sink() as sink:
        work = Path(tmp)
        env = environment(cache=work / "cache")
        config = work / "apprise.yml"
        n_routes = apprise_config(config, role_routes(sink, shipped_catalogue()))
        repeat(cycles("validate"), env, 1)  # warm the catalogue snapshot cache (untimed)
        print(f"routes: {n_routes} (one mailto:// per role, to a sink on loopback); "
              f"as of {AS_OF} London; {args.runs} run(s) per command, median")

        results: dict[int, dict[str, list[Measured]]] = {}
        for total in (SMALL, args.big):
            started = time.perf_counter()
            db, took = cached(total, args.due, catalogue)
            state = (f"built in {took:.0f} s" if took is not None else "reused") + \
                f" ({db.stat().st_size / 1e6:.0f} MB)"
            print(f"{total:>9,} stored, {args.due} due: {db}: {state}")
            url = f"sqlite:///{db}"
            status_argv = cycles("status", "--as-of", AS_OF, "--db", url)
            dry_argv = cycles("run", "--dry-run", "--as-of", AS_OF, "--db", url,
                              "--notify", str(config))
            measure(status_argv, env)  # warm the page cache (untimed)
            results[total] = {
                "status": repeat(status_argv, env, args.runs),
                "run --dry-run": repeat(dry_argv, env, args.runs),
                "run (real scan)": real_scans(db, work, config, sink, env, args.runs),
            }
            for name, ms in results[total].items():
                print(f"  {name:<16} {summary(ms)}")
            scan = json.loads(results[total]["run (real scan)"][0].out)
            print(f"  real scan: {scan['messages']} messages in the sink per scan; "
                  f"report {scan['report']}  ({time.perf_counter() - started:.0f} s here)")

        big = f"{args.big:,}"
        print(f"\n{'command':<16} {'10,000':>9} {big:>9} {'ratio':>6} (<= {TIME_RATIO}x)"
              f"  {'cpu ratio':>9}  {'RSS 10,000':>10} {'RSS ' + big:>13} (<= {RSS_MB:.0f} MB)")
        for name in results[SMALL]:
            small, big_ms = results[SMALL][name], results[args.big][name]
            t_small, t_big = median(m.wall for m in small), median(m.wall for m in big_ms)
            cpu = median(m.cpu for m in big_ms) / median(m.cpu for m in small)
            rss_small = max(m.rss_mb for m in small)
            rss_big = max(m.rss_mb for m in big_ms)
            ratio = t_big / t_small
            print(f"{name:<16} {t_small:7.2f} s {t_big:7.2f} s {ratio:5.2f}x "
                  f"{verdict(ratio, TIME_RATIO):<4}     {cpu:5.2f}x  {rss_small:7.0f} MB "
                  f"{rss_big:10.0f} MB {verdict(rss_big, RSS_MB)}")
        print("(wall time is judged; the CPU ratio is printed because other sessions load "
              "this machine)")

        print("\nstatus with no database vs upcoming (same catalogue, 90 days):")
        no_db = f"sqlite:///{work / 'absent' / 'none.sqlite'}"
        status_argv = cycles("status", "--as-of", AS_OF, "--db", no_db)
        upcoming_argv = cycles("upcoming", "--from", AS_OF[:10], "--days", "90")
        runs = max(args.runs, 5)
        measure(status_argv, env)
        measure(upcoming_argv, env)
        status_ms = repeat(status_argv, env, runs)
        upcoming_ms = repeat(upcoming_argv, env, runs)
        print(f"  status (no db)   {summary(status_ms)}")
        print(f"  upcoming         {summary(upcoming_ms)}")
        heavy = ("sqlalchemy", "sqlmodel", "alembic", "prefect", "apprise")
        for name, argv in (("status (no db)", status_argv), ("upcoming", upcoming_argv)):
            found = imported(argv, env, heavy)
            said = ", ".join(f"{k} {'no' if v is None else f'yes ({v:.0f} ms)'}"
                             for k, v in found.items())
            print(f"  {name:<16} imports: {said}")
        ratio = median(m.wall for m in status_ms) / median(m.wall for m in upcoming_ms)
        print(f"  ratio status (no db) / upcoming: {ratio:.2f}x (target <= {NO_DB_RATIO}x): "
              f"{verdict(ratio, NO_DB_RATIO)}")


if __name__ == "__main__":
    main()
