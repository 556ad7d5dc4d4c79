"""What running the reminder scan as a Prefect flow costs over running it plainly.

Run: ``python benchmarks/bench_flow_overhead.py [--runs N]``. Not a test: it prints figures.

Starts a temporary ``prefect server start`` (its own PREFECT_HOME, analytics off,
deployments/logging.yml), then times, on the shipped catalogue scanned as of one Monday:

(a) the plain scan: :meth:`cycles.runner.Runner.scan` in-process with a FakeNotifier;
(b) the same scan as a flow run: ``reminder_scan(...)`` called in-process with
    PREFECT_API_URL pointing at the server (three task runs, two artifacts per area, the
    flow and task states and logs sent to the server).

Each run starts from its own copy of one prepared (migrated, empty) SQLite database, so
every run sends the same ~160 notifications. One untimed warm-up of each first. Prints the
medians and the overhead (b - a). Target: overhead <= 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AS_OF = "2026-11-02T07:00"  # a Monday with overdue and due-soon reports in every area
TARGET_S = 1.5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_CONFIG_PATH=str(REPO / "deployments" / "logging.yml"),
               PREFECT_UI_API_URL=url)
    log = (home / "server.log").open("wb")
    started = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    while True:
        if proc.poll() is not None:
            sys.exit(f"prefect server exited: see {home / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return proc, url, time.perf_counter() - started
        except OSError:
            if time.perf_counter() - started > 120:
                stop(proc)
                sys.exit("prefect server not healthy after 120 s")
            time.sleep(0.25)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (>= 5)")
    args = parser.parse_args()
    runs = max(args.runs, 5)

    work = Path(tempfile.mkdtemp(prefix="bench-flow-"))
    home = work / "prefect-home"
    home.mkdir()
    server, api_url, startup = start_server(home)
    try:
        # before prefect is imported: this process is a client of that server
        os.environ.update(PREFECT_API_URL=api_url, PREFECT_HOME=str(home),
                          PREFECT_SERVER_ANALYTICS_ENABLED="false",
                          PREFECT_LOGGING_CONFIG_PATH=str(REPO / "deployments" / "logging.yml"),
                          PREFECT_LOGGING_LEVEL="WARNING")
        import pendulum

        from config.loader import load_catalogue
        from cycles.notify.fake import FakeNotifier
        from cycles.runner import Runner
        from storage.db import open_database

        template = work / "template.sqlite"
        open_database(f"sqlite:///{template}").dispose()  # migrated, nothing in it
        catalogue = load_catalogue()
        as_of = pendulum.parse(AS_OF, tz="Europe/London").in_timezone("UTC")
        counter = iter(range(10_000))

        def fresh_db() -> str:
            path = work / f"run-{next(counter)}.sqlite"
            shutil.copyfile(template, path)
            return f"sqlite:///{path}"

        def plain() -> tuple[float, int]:
            engine = open_database(fresh_db())
            started = time.perf_counter()
            report = Runner(engine, catalogue, FakeNotifier(), retry_delays=()).scan(as_of)
            elapsed = time.perf_counter() - started
            engine.dispose()
            return elapsed, report.sent

        import_started = time.perf_counter()
        from flows import wiring
        from flows.reminder_scan import reminder_scan
        import_s = time.perf_counter() - import_started

        wiring.notifier_factory = lambda _config: FakeNotifier()
        wiring.runner_options = {"retry_delays": ()}

        def as_flow() -> tuple[float, int]:
            os.environ["CYCLES_DATABASE_URL"] = fresh_db()  # the flows read it from there
            started = time.perf_counter()
            state = reminder_scan(area="all", as_of=AS_OF, force=True, return_state=True)
            elapsed = time.perf_counter() - started
            assert state.is_completed(), state.message
            return elapsed, int(state.result()["sent"])

        cold_plain, _ = plain()
        cold_flow, _ = as_flow()
        a = [plain() for _ in range(runs)]
        b = [as_flow() for _ in range(runs)]
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)

    med_a = statistics.median(t for t, _ in a)
    med_b = statistics.median(t for t, _ in b)
    overhead = med_b - med_a
    print(f"prefect server start -> healthy: {startup:.1f} s; import flows (prefect): "
          f"{import_s:.1f} s")
    print(f"warm-up (untimed in the medians): plain {cold_plain:.2f} s, flow {cold_flow:.2f} s")
    print(f"(a) plain Runner.scan        median {med_a:.3f} s  (min {min(t for t, _ in a):.3f}, "
          f"max {max(t for t, _ in a):.3f}; {a[0][1]} notifications sent per run, n={runs})")
    print(f"(b) reminder-scan flow run   median {med_b:.3f} s  (min {min(t for t, _ in b):.3f}, "
          f"max {max(t for t, _ in b):.3f}; {b[0][1]} notifications sent per run, n={runs})")
    verdict = "within" if overhead <= TARGET_S else "OVER"
    print(f"overhead (b - a): {overhead:.3f} s: {verdict} the {TARGET_S} s target")


if __name__ == "__main__":
    main()
