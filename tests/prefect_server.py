"""A real ``prefect server start`` and ``cycles serve`` for end-to-end tests (helpers, no
fixtures): a temporary PREFECT_HOME, analytics off, deployments/logging.yml, a free port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LOGGING = REPO / "deployments" / "logging.yml"
BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
DEPLOYMENTS = ("reminder-scan/daily", "record-submission/on-demand", "compliance-report/yearly")


@dataclass
class Server:
    url: str  # http://127.0.0.1:PORT (the UI)
    api: str  # http://127.0.0.1:PORT/api
    env: dict[str, str]
    log: Path


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[Any], grace: float = 20.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it has not gone after ``grace``."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def tail(path: Path, n: int = 3000) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-n:] if path.exists() else ""


def api_settings(server: Server) -> Any:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    return temporary_settings(updates={PREFECT_API_URL: server.api})


def wait_for(check: Callable[[], Any], timeout: float, what: str,
             log: Path | None = None) -> Any:
    """Poll ``check`` (every 0.5 s) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not seen in {timeout:.0f} s"
                                 + (f":\n{tail(log)}" if log else ""))
        time.sleep(0.5)


@contextmanager
def prefect_server(home: Path) -> Iterator[Server]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CYCLES_"))}
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=f"{url}/api",
               PREFECT_UI_API_URL=f"{url}/api",  # the UI asks this API, not the default port
               PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_CONFIG_PATH=str(LOGGING), PYTHONPATH=str(REPO))
    log = home / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
             str(port)], env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        def healthy() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"prefect server exited ({proc.returncode}):\n{tail(log)}")
            try:
                with urllib.request.urlopen(f"{url}/api/health", timeout=2) as r:
                    return bool(r.status == 200)
            except OSError:
                return False

        wait_for(healthy, 120, "a healthy prefect server", log)
        yield Server(url, f"{url}/api", env, log)
    finally:
        stop(proc)


@contextmanager
def cycles_serve(server: Server, folder: Path, args: list[str],
                 env: dict[str, str] | None = None) -> Iterator[Path]:
    """``cycles serve ARGS`` until its deployments are registered; yields its log file.
    Stopped on exit (before the server: a runner without its server hangs on SIGTERM)."""
    log = folder / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(BIN / "cycles"), "serve", *args], cwd=folder,
            env={**server.env, "PREFECT_RUNNER_POLL_FREQUENCY": "1", **(env or {})},
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
    try:
        from prefect import get_client

        def registered() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"cycles serve exited ({proc.returncode}):\n{tail(log)}")
            with api_settings(server), get_client(sync_client=True) as client:
                try:
                    found = [client.read_deployment_by_name(name) for name in DEPLOYMENTS]
                except Exception:
                    return False
                return all(d.entrypoint.startswith("flows.") for d in found)

        wait_for(registered, 90, "cycles serve's deployments", log)
        yield log
    finally:
        stop(proc)
