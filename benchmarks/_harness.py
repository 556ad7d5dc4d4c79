"""Shared parts of the benchmarks that drive the ``cycles`` command line as a subprocess.

Not a benchmark itself. What lives here does not import the project's code (only the
command line, as a child process), so the scripts stay valid while modules move:

* :func:`cycles` / :func:`measure`: run ``cycles ...`` (``from cycles.cli import main``, with
  this checkout first on ``PYTHONPATH``) and read that one child's wall time, CPU time and
  peak RSS (``os.wait4``);
* :class:`Sink`: an SMTP server on loopback (aiosmtpd) that keeps each message's bytes and
  arrival time, so "the last message in the sink" is a time on this process's clock;
* :func:`replay`: the sink's raw ingest -- the same messages over one reused ``smtplib``
  connection, the baseline a scan's delivery is compared with;
* :func:`apprise_config`: an Apprise YAML config of ``mailto://`` routes to a sink.
"""

from __future__ import annotations

import os
import re
import shutil
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# the console entry point, whatever module holds it (cycles/cli.py or a cycles/cli/ package)
BOOT = "import sys; sys.argv[0] = 'cycles'; from cycles.cli import main; main()"
AS_OF = "2026-11-23T07:00"  # a Monday, London time: catch-up of a year's reminders
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)\s*$")


def cycles(*args: str, python_args: Sequence[str] = ()) -> list[str]:
    return [PYTHON, *python_args, "-c", BOOT, *args]


def environment(cache: Path | None = None, **extra: str) -> dict[str, str]:
    """This checkout first on the path, no ``CYCLES_*`` from the caller, and its own cache
    folder (catalogue snapshots) when given, so a run does not depend on ~/.cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYCLES_")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONIOENCODING"] = "utf-8"
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    env.update(extra)
    return env


@dataclass
class Measured:
    argv: list[str]
    wall: float  # seconds, spawn to exit
    cpu: float  # user + system seconds of the child
    rss_mb: float  # the child's peak resident set
    rc: int
    started: float  # perf_counter() at spawn
    out: str = ""
    err: str = ""


def measure(argv: list[str], env: dict[str, str], cwd: Path = REPO,
            keep_output: bool = False) -> Measured:
    """Run ``argv`` once; that child's own rusage (not the sum of all children)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text_out = out.read().decode("utf-8", "replace") if keep_output else ""
        text_err = err.read().decode("utf-8", "replace")
    return Measured(argv, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                    proc.returncode, started, text_out, text_err[-2000:])


def repeat(argv: list[str], env: dict[str, str], runs: int, cwd: Path = REPO,
           ok_codes: Iterable[int] = (0,)) -> list[Measured]:
    results = [measure(argv, env, cwd) for _ in range(runs)]
    for m in results:
        if m.rc not in tuple(ok_codes):
            sys.exit(f"{' '.join(argv[3:])}: exit {m.rc}\n{m.err}")
    return results


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def summary(results: Sequence[Measured]) -> str:
    walls = [m.wall for m in results]
    return (f"median {median(walls):7.2f} s (min {min(walls):.2f}, max {max(walls):.2f}, "
            f"n={len(walls)}), cpu {median(m.cpu for m in results):.2f} s, "
            f"peak RSS {max(m.rss_mb for m in results):.0f} MB")


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "OVER"


def imported(argv: list[str], env: dict[str, str], names: Sequence[str],
             cwd: Path = REPO) -> dict[str, float | None]:
    """Cumulative import time in ms of each top-level package in ``names`` (None when it was
    not imported), from ``python -X importtime``; argv must come from :func:`cycles`."""
    found: dict[str, float | None] = dict.fromkeys(names)
    proc = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], cwd=cwd, env=env,
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    for line in proc.stderr.splitlines():
        hit = IMPORT_LINE.match(line)
        if hit and hit.group(4) in found:
            found[hit.group(4)] = int(hit.group(2)) / 1000
    return found


# ---- the mail sink ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    at: float  # perf_counter() when the DATA was accepted
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


@dataclass
class Sink:
    """aiosmtpd on loopback keeping every message in memory with its arrival time."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port,
                                      data_size_limit=256 * 1024 * 1024)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8")
        with self._lock:
            self.received.append(Received(time.perf_counter(), envelope.mail_from or "",
                                          list(envelope.rcpt_tos), content))
        return "250 Message accepted for delivery"

    def __enter__(self) -> Sink:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def last(self) -> float:
        with self._lock:
            return max((r.at for r in self.received), default=float("nan"))

    def first(self) -> float:
        with self._lock:
            return min((r.at for r in self.received), default=float("nan"))

    def url(self, to_addr: str, from_addr: str = "cycles@bench.example.org") -> str:
        """A plain ``mailto://`` route to this sink (no TLS, no AUTH)."""
        return (f"mailto://127.0.0.1:{self.port}"
                f"?from={quote(from_addr, safe='@')}&to={quote(to_addr, safe='@')}")


def replay(messages: Sequence[Received]) -> float:
    """Seconds for a fresh sink to take ``messages`` over one reused smtplib connection."""
    with Sink() as sink, smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        started = time.perf_counter()
        for m in messages:
            smtp.sendmail(m.mail_from, m.rcpt_tos, m.content)
        took = time.perf_counter() - started
        assert sink.count == len(messages), (sink.count, len(messages))
    return took


def apprise_config(path: Path, routes: Iterable[tuple[str, str]]) -> int:
    """Write an Apprise YAML config of ``(url, tag)`` routes; returns how many."""
    urls = [{url: [{"tag": tag}]} for url, tag in routes]
    path.write_text(yaml.safe_dump({"version": 1, "urls": urls}, sort_keys=False))
    return len(urls)


def role_routes(sink: Sink, catalogue_files: Iterable[Path]) -> list[tuple[str, str]]:
    """One route per role of every area, as ``cycles run --demo`` builds them."""
    out = []
    for path in catalogue_files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for role in data["roles"]:
            to = f"{role.replace('_', '-')}@{data['area']}.example.org"
            out.append((sink.url(to), f"{data['area']}.{role}"))
    return out


def shipped_catalogue() -> list[Path]:
    return sorted((REPO / "config" / "catalogue").glob("*.yaml"))


def copy_database(source: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
