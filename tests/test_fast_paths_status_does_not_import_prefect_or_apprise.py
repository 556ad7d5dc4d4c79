"""`cycles status`, a read-only command, never imports prefect or apprise: with no database
yet, and with one that a scan has filled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storage.db import open_database


def _imported(args: list[str], cwd: Path) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cycles.cli", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.parametrize("with_db", [False, True])
def test_status_stays_off_prefect_and_apprise(tmp_path: Path, with_db: bool) -> None:
    url = f"sqlite:///{tmp_path}/cycles.sqlite"
    if with_db:
        open_database(url).dispose()
    modules = _imported(["status", "--as-of", "2026-11-23", "--json", "--db", url], tmp_path)
    heavy = {m for m in modules if m.split(".")[0] in {"prefect", "apprise"}}
    assert not heavy
