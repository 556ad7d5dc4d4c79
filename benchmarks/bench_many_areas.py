"""Cost with many areas and routes: ``run --dry-run``, a first real scan into a mail sink,
``status`` and ``calendar`` for 50 and 200 areas (800 with ``--with-800``), and how each
grows with the number of areas.

Run: ``python benchmarks/bench_many_areas.py [--runs 2] [--with-800] [--areas 50,200]``.
Not a test: it prints figures beside their targets (issue 12, "Scale").

For N areas, N catalogue files are written to a temporary folder: copies of the shipped
files in turn (medway, newcastle, ...) with the area id and name renamed (``medway-0007``),
so 200 areas hold 2,160 obligations and 2,120 roles. The Apprise config has one
``mailto://`` route per role of every area (~10 per area: 2,120 at 200 areas) to an SMTP
sink on loopback in this process (aiosmtpd). Every command runs as its own process
(``cycles ...`` from this checkout) with ``--as-of 2026-11-23T07:00`` (London), with its
own catalogue cache, warmed once by an untimed ``validate`` (its cold time is printed).

Targets at 200 areas (2,000 routes):
* ``run --dry-run`` <= 3 s (on the migrated, empty database);
* a full first scan, from the process's start to the last message in the sink, <= 2 x the
  sink's raw ingest of the same messages (the bytes it received, sent again over one reused
  ``smtplib`` connection to a fresh sink); beside it, what Apprise alone takes to send the
  same messages one after another (``_apprise_floor.py``): the part of the scan that is the
  library's, not ours;
* ``status`` (after that scan) <= 1 s; ``calendar`` (three years) <= 2 s;
* each growing linearly or better from 50 to 200 (to 800) areas: ratio <= areas ratio.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _apprise_floor import apprise_alone  # noqa: E402
from _harness import (  # noqa: E402
    AS_OF,
    Sink,
    apprise_config,
    cycles,
    environment,
    measure,
    median,
    repeat,
    replay,
    role_routes,
    shipped_catalogue,
    summary,
    verdict,
)
from _synthetic import migrate  # noqa: E402

TARGETS = {"run --dry-run": 3.0, "first scan / ingest": 2.0, "status": 1.0, "calendar": 2.0}
CALENDAR_FROM, CALENDAR_TO = "2025-11-23", "2028-11-22"  # the default window around AS_OF


def write_areas(folder: Path, n: int) -> list[Path]:
    """``n`` catalogue files, copies of the shipped ones with renamed area ids."""
    folder.mkdir(parents=True)
    shipped = [(p, p.read_text(encoding="utf-8")) for p in shipped_catalogue()]
    out = []
    for i in range(n):
        source, text = shipped[i % len(shipped)]
        area = f"{source.stem}-{i:04d}"
        text = re.sub(r"^area: .*$", f"area: {area}", text, count=1, flags=re.M)
        text = re.sub(r"^name: (.*)$", rf"name: \1 {i}", text, count=1, flags=re.M)
        path = folder / f"{area}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def one_size(work: Path, n: int, runs: int, scan_only: bool = False) -> dict[str, float]:
    folder = work / f"areas-{n}"
    files = write_areas(folder, n)
    cat = ("--catalogue", str(folder))
    env = environment(cache=work / f"cache-{n}")
    figures: dict[str, float] = {}
    with Sink() as sink:
        config = work / f"apprise-{n}.yml"
        n_routes = apprise_config(config, role_routes(sink, files))
        cold = measure(cycles("validate", str(folder)), env)
        if cold.rc != 0:
            sys.exit(f"cycles validate: exit {cold.rc}\n{cold.err}")
        obligations = sum(len(re.findall(r"^  - id: ", p.read_text(), flags=re.M))
                          for p in files)
        print(f"{n} areas: {obligations:,} obligations, {n_routes:,} routes; cold validate "
              f"{cold.wall:.2f} s (fills the catalogue cache)")
        db = work / f"db-{n}.sqlite"
        migrate(db)  # the empty database at the latest schema (untimed)
        url = f"sqlite:///{db}"
        common = ("--as-of", AS_OF, "--db", url, "--notify", str(config), *cat)

        if not scan_only:
            dry = repeat(cycles("run", "--dry-run", *common), env, runs)
            figures["run --dry-run"] = median(m.wall for m in dry)
            figures["run --dry-run cpu"] = median(m.cpu for m in dry)
            print(f"  run --dry-run    {summary(dry)}")

        scan = measure(cycles("run", *common), env)
        if scan.rc != 0:
            sys.exit(f"cycles run: exit {scan.rc}\n{scan.err}")
        messages = list(sink.received)
        to_last = sink.last() - scan.started
        to_first = sink.first() - scan.started
        ingest = replay(messages)
        floor = apprise_alone(messages)
        figures["first scan"] = to_last
        figures["first scan cpu"] = scan.cpu
        figures["first scan / ingest"] = to_last / ingest
        figures["first scan / apprise alone"] = to_last / floor
        size = statistics.median(len(m.content) for m in messages) / 1024
        print(f"  first scan       {len(messages):,} messages ({size:.1f} kB median): start to "
              f"last message {to_last:.2f} s (first at {to_first:.2f} s, exit at "
              f"{scan.wall:.2f} s), cpu {scan.cpu:.2f} s, peak RSS {scan.rss_mb:.0f} MB")
        print(f"  sink raw ingest  the same {len(messages):,} messages over one smtplib "
              f"connection: {ingest:.2f} s ({ingest / len(messages) * 1000:.1f} ms each)")
        print(f"  apprise alone    the same {len(messages):,} messages through Apprise's email "
              f"plugin, one after another, nothing of ours: {floor:.2f} s "
              f"({floor / len(messages) * 1000:.1f} ms each = {floor / ingest:.1f}x the raw "
              f"ingest); first scan / apprise alone {to_last / floor:.2f}x")
        print(f"  deliver phase    first to last message {to_last - to_first:.2f} s = "
              f"{(to_last - to_first) / ingest:.2f}x the raw ingest (the queue phase, "
              f"before the first message: {to_first:.2f} s)")
        if scan_only:
            print(f"  first scan / ingest {to_last / ingest:.2f}x (target <= "
                  f"{TARGETS['first scan / ingest']}x): "
                  f"{verdict(to_last / ingest, TARGETS['first scan / ingest'])}")
            return figures

    status = repeat(cycles("status", "--as-of", AS_OF, "--db", url, *cat), env, runs)
    figures["status"] = median(m.wall for m in status)
    figures["status cpu"] = median(m.cpu for m in status)
    print(f"  status           {summary(status)}")
    calendar = repeat(cycles("calendar", "--from", CALENDAR_FROM, "--to", CALENDAR_TO, *cat),
                      env, runs)
    figures["calendar"] = median(m.wall for m in calendar)
    figures["calendar cpu"] = median(m.cpu for m in calendar)
    print(f"  calendar         {summary(calendar)}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs per repeatable command")
    parser.add_argument("--areas", default="50,200", help="area counts, comma-separated")
    parser.add_argument("--with-800", action="store_true", help="add 800 areas (slow)")
    parser.add_argument("--first-scan-only", action="store_true",
                        help="only the first real scan of each size (no dry run, status, "
                             "calendar, growth table)")
    args = parser.parse_args()
    sizes = sorted({int(x) for x in args.areas.split(",")} | ({800} if args.with_800 else set()))

    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="cycles-bench-areas-") as tmp:
        for n in sizes:
            results[n] = one_size(Path(tmp), n, args.runs, args.first_scan_only)
    if args.first_scan_only:
        return

    judged = 200 if 200 in results else sizes[-1]
    print(f"\ntargets at {judged} areas:")
    for name, target in TARGETS.items():
        value = results[judged][name]
        unit = "x" if "/" in name else " s"
        print(f"  {name:<20} {value:7.2f}{unit} (target <= {target}{unit.strip() or 's'}): "
              f"{verdict(value, target)}")
    floor = results[judged]["first scan / apprise alone"]
    print(f"  {'first scan / apprise alone':<20} {floor:5.2f}x (Apprise sending the same "
          "messages one after another, nothing of ours: the library's floor)")
    base = sizes[0]
    print(f"\ngrowth from {base} areas (wall, then CPU of the process; linear: the "
          "areas ratio):")
    header = "".join(f"{f'{n} areas':>22}" for n in sizes)
    print(f"  {'':<20}{header}")
    rows = [x for name in ("run --dry-run", "first scan", "status", "calendar")
            for x in (name, f"{name} cpu")]
    for name in rows:
        cells = []
        for n in sizes:
            value = results[n][name]
            ratio = value / results[base][name]
            cells.append(f"{value:8.2f} s ({ratio:5.2f}x)")
        label = "  cpu" if name.endswith(" cpu") else name
        print(f"  {label:<20}" + "".join(f"{c:>22}" for c in cells))
    print(f"  {'areas ratio':<20}" + "".join(f"{f'{n / base:.2f}x':>22}" for n in sizes))
    for name in rows:
        worst = max((results[n][name] / results[base][name] / (n / base) for n in sizes[1:]),
                    default=1.0)
        print(f"  {name:<20} worst growth / areas growth: {worst:.2f} "
              f"({'linear or better' if worst <= 1.1 else 'faster than linear'})")


if __name__ == "__main__":
    main()
