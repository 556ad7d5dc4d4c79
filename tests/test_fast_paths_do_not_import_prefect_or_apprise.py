"""The read-only commands never import the orchestration, notification or database stacks.

Each command runs in a fresh interpreter under ``-X importtime``, which writes one line per
imported module to stderr; none may name prefect, apprise, sqlmodel or sqlalchemy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

FORBIDDEN = ("prefect", "apprise", "sqlmodel", "sqlalchemy")
MODULE_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(?P<module>\S+)\s*$")
REPO = Path(__file__).resolve().parents[1]

COMMANDS = {
    "validate": ["validate"],
    "upcoming-json": ["upcoming", "--json", "--from", "2026-04-01", "--days", "365"],
    "upcoming-table": ["upcoming", "--from", "2026-04-01", "--days", "365"],
    "calendar": ["calendar"],
}


def imported_modules(args: list[str]) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "CYCLES_CATALOGUE"}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cycles.cli", *args],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=120, check=False,
    )
    modules = [m.group("module") for line in proc.stderr.splitlines()
               if (m := MODULE_LINE.match(line))]
    return proc, modules


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_imports_none_of_the_heavy_stacks(name: str) -> None:
    proc, modules = imported_modules(COMMANDS[name])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "config.loader" in modules  # importtime did report the command's imports
    offending = [
        line for line in proc.stderr.splitlines()
        if line.startswith("import time:") and any(word in line for word in FORBIDDEN)
    ]
    assert offending == [], offending
    assert not any(m.split(".")[0] in FORBIDDEN for m in modules)


@pytest.mark.slow
def test_json_path_does_not_import_the_calendar_or_table_libraries() -> None:
    proc, modules = imported_modules(COMMANDS["upcoming-json"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    tops = {m.split(".")[0] for m in modules}
    assert "icalendar" not in tops
    assert "rich" not in tops
