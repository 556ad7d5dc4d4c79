"""Which process is this, and is another one still alive: the runner's claim identity."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable


def runner_identity() -> str:
    """``host:pid``: what a runner writes into the rows it claims."""
    return f"{socket.gethostname()}:{os.getpid()}"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def dead_claimers(claimers: Iterable[str | None]) -> list[str]:
    """Identities of runners on this host whose process is gone (killed mid-send)."""
    host = socket.gethostname()
    dead = []
    for claimer in claimers:
        if not claimer or not claimer.startswith(host + ":"):
            continue
        try:
            pid = int(claimer.rsplit(":", 1)[1])
        except ValueError:
            continue
        if pid != os.getpid() and not process_alive(pid):
            dead.append(claimer)
    return dead
