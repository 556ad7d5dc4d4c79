"""Wall time of ``cycles upcoming --json`` over the shipped catalogue, as a whole process.

Run: ``python benchmarks/bench_upcoming.py [--runs N]``. Not a test: it prints figures.

* median / min / max wall time of the whole command (start-up, imports, loading and checking
  the catalogue, computing a financial year of due dates, printing JSON), and its CPU time;
* the bare interpreter start-up (``python -c pass``) for comparison;
* the ten largest cumulative import times from ``-X importtime``;
* whether prefect or apprise (or the database layer) were imported: they must not be.

Target: median <= 300 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMAND = ["upcoming", "--json", "--from", "2026-04-01", "--to", "2027-03-31"]
TARGET_MS = 300.0
HEAVY = ("prefect", "apprise", "sqlmodel", "sqlalchemy")
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)\s*$")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CYCLES_CATALOGUE"}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(argv: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) time in ms of ``runs`` runs of ``argv``.

    One untimed warm-up run first (bytecode caches, page cache). CPU time is reported too
    because wall time on a shared 2-core machine moves with whatever else is running.
    """
    env = _env()
    subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=True)
    wall, cpu = [], []
    for _ in range(runs):
        c0, t0 = _child_cpu(), time.perf_counter()
        subprocess.run(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((_child_cpu() - c0) * 1000)
    return wall, cpu


def import_profile() -> tuple[list[tuple[int, int, str]], int]:
    """(cumulative us, self us, module) for every import, and the number of rows printed."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cycles.cli", *COMMAND],
        cwd=REPO, env=_env(), capture_output=True, text=True, check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = IMPORT_LINE.match(line)
        if m:
            rows.append((int(m.group(2)), int(m.group(1)), m.group(4)))
    return rows, len(json.loads(proc.stdout))


def summary(label: str, values: list[float]) -> str:
    return (f"{label}: median {statistics.median(values):7.1f} ms   "
            f"min {min(values):7.1f} ms   max {max(values):7.1f} ms   ({len(values)} runs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs (at least 7)")
    args = parser.parse_args()
    runs = max(args.runs, 7)

    print(f"python: {sys.executable} ({sys.version.split()[0]}), {os.cpu_count()} CPUs")
    print(f"command: python -m cycles.cli {' '.join(COMMAND)}")
    cmd, cmd_cpu = time_runs([sys.executable, "-m", "cycles.cli", *COMMAND], runs)
    bare, bare_cpu = time_runs([sys.executable, "-c", "pass"], runs)
    print(summary("cycles upcoming --json  wall", cmd))
    print(summary("python -c pass          wall", bare))
    print(summary("cycles upcoming --json  cpu ", cmd_cpu))
    print(summary("python -c pass          cpu ", bare_cpu))
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"command minus start-up (medians): "
          f"{statistics.median(cmd) - statistics.median(bare):.1f} ms")

    rows, n_rows = import_profile()
    print(f"\noccurrences printed: {n_rows}; modules imported: {len(rows)}")
    print("top 10 cumulative import times:")
    for cumulative, own, module in sorted(rows, reverse=True)[:10]:
        print(f"  {cumulative / 1000:7.1f} ms  (self {own / 1000:6.1f} ms)  {module}")

    tops = {module.split(".")[0] for _, _, module in rows}
    for heavy in HEAVY:
        print(f"{heavy} imported: {'YES' if heavy in tops else 'no'}")
    for light in ("icalendar", "rich"):
        print(f"{light} imported: {'yes' if light in tops else 'no'}")

    median = statistics.median(cmd)
    verdict = "OK" if median <= TARGET_MS else "OVER"
    print(f"\ntarget <= {TARGET_MS:.0f} ms: median {median:.1f} ms: {verdict}")
    return 0 if median <= TARGET_MS and not tops.intersection(HEAVY) else 1


if __name__ == "__main__":
    sys.exit(main())
