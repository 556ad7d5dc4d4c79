"""`cycles status` with no database yet (no file at the URL) answers from the catalogue
alone without importing SQLAlchemy or SQLModel, so it costs about what `upcoming` costs;
once the file exists it reads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cycles.app.setup import DEFAULT_DATABASE
from storage.db import DEFAULT_URL, open_database


def _run(args: list[str], cwd: Path) -> tuple[set[str], list[dict[str, object]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYCLES_")}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cycles.cli", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
               if line.startswith("import time:")}
    return modules, json.loads(proc.stdout)


@pytest.mark.parametrize("db", [None, "sqlite:///nowhere/cycles.sqlite",
                                "sqlite:///{tmp}/missing.sqlite"])
def test_status_with_no_database_file_stays_off_sqlalchemy(tmp_path: Path,
                                                          db: str | None) -> None:
    args = ["status", "--as-of", "2026-11-23", "--json"]
    if db is not None:
        args += ["--db", db.format(tmp=tmp_path)]
    modules, rows = _run(args, tmp_path)
    assert not {m for m in modules if m.split(".")[0] in {"sqlalchemy", "sqlmodel", "alembic"}}
    assert rows and all(r["state"] for r in rows)  # the catalogue's open occurrences
    assert not (tmp_path / "data").exists()  # nothing created


def test_status_reads_the_database_once_it_exists(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cycles.sqlite"
    open_database(url).dispose()
    modules, rows = _run(["status", "--as-of", "2026-11-23", "--json", "--db", url], tmp_path)
    assert "sqlalchemy" in modules
    _, without = _run(["status", "--as-of", "2026-11-23", "--json"], tmp_path)
    assert rows == without  # an empty database: the same rows as the catalogue alone


def test_the_default_database_is_storage_s() -> None:
    assert DEFAULT_DATABASE == DEFAULT_URL
