"""Once a catalogue file has been validated and checked, later read-only commands load its
snapshot: neither pydantic nor PyYAML is imported, and the output is the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ARGS = ["upcoming", "--json", "--from", "2026-04-01", "--to", "2027-03-31"]


def _run(cache: Path) -> tuple[str, set[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("CYCLES_CATALOGUE", None)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cycles.cli", *ARGS],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
               if line.startswith("import time:")}
    return proc.stdout, modules


def test_second_run_imports_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    first_out, first = _run(tmp_path)
    assert "pydantic" in first and "yaml" in first  # a cold cache validates
    second_out, second = _run(tmp_path)
    assert second_out == first_out
    assert not {"pydantic", "yaml", "config.schema"} & second
