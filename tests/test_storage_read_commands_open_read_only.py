"""The read commands (status, history, report, simulate, and a dry run) open an existing
database read-only: they work on an archive on a read-only mount or an immutable file, and
on a writable one they change nothing (same bytes, same schema; the connection refuses
writes: ``PRAGMA query_only``)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hardening import file_digest, invoke, record_history, sqlite_dump, write_catalogue
from sqlalchemy import text

from cycles.app.setup import existing_database

READS = {
    "status": ["status", "--as-of", "2026-10-16T07:00", "--all"],
    "history": ["history", "alpha.quarterly-return"],
    "report": ["report", "--year", "2026-27", "--format", "csv", "--as-of", "2026-10-16"],
    "simulate": ["simulate", "--from", "2026-10-01", "--to", "2026-10-31"],
    "run --dry-run": ["run", "--as-of", "2026-10-16T07:00", "--dry-run", "--demo"],
}


def archive(folder: Path) -> tuple[Path, Path]:
    catalogue = write_catalogue(folder / "catalogue")
    db = folder / "archive" / "cycles.sqlite"
    db.parent.mkdir(parents=True)
    record_history(f"sqlite:///{db}", catalogue)
    return catalogue, db


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """An archived database on a read-only bind mount (root only; skipped otherwise)."""
    catalogue, db = archive(tmp_path)
    mount = tmp_path / "mnt"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount(8)")
    steps = [["mount", "--bind", str(db.parent), str(mount)],
             ["mount", "-o", "remount,ro,bind", str(mount)]]
    for i, step in enumerate(steps):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            if i:
                subprocess.run(["umount", "-l", str(mount)], check=False)
            pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
    try:
        yield catalogue, mount / db.name
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("command", list(READS))
def test_read_commands_work_on_a_read_only_mount(command: str, tmp_path: Path,
                                                 read_only_mount: tuple[Path, Path]) -> None:
    catalogue, db = read_only_mount
    with pytest.raises(OSError):
        (db.parent / "probe").touch()  # really read-only
    done = invoke([*READS[command], "--db", f"sqlite:///{db}", "--catalogue", str(catalogue),
                   *(["--outbox", str(tmp_path / "out")] if command.startswith("run") else [])])
    assert done.code == 0, (done.err, done.out[-300:])
    assert "Traceback" not in done.out + done.err


@pytest.mark.parametrize("command", list(READS))
def test_read_commands_work_on_an_immutable_file(command: str, tmp_path: Path) -> None:
    catalogue, db = archive(tmp_path)
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        done = invoke([*READS[command], "--db", f"sqlite:///{db}", "--catalogue",
                       str(catalogue), *(["--outbox", str(tmp_path / "out")]
                                         if command.startswith("run") else [])])
        assert done.code == 0, (done.err, done.out[-300:])
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=False)


@pytest.mark.parametrize("command", list(READS))
def test_read_commands_change_nothing_on_a_writable_file(command: str, tmp_path: Path) -> None:
    catalogue, db = archive(tmp_path)
    before, dump = file_digest(db), sqlite_dump(db)
    done = invoke([*READS[command], "--db", f"sqlite:///{db}", "--catalogue", str(catalogue),
                   *(["--outbox", str(tmp_path / "out")] if command.startswith("run") else [])])
    assert done.code == 0, done.err
    assert file_digest(db) == before and sqlite_dump(db) == dump


def test_the_read_only_connection_refuses_writes(tmp_path: Path) -> None:
    _, db = archive(tmp_path)
    engine = existing_database(f"sqlite:///{db}")
    assert engine is not None
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA query_only")).scalar() == 1
            with pytest.raises(Exception, match="readonly|read-only|query_only"):
                conn.execute(text("DELETE FROM submission"))
    finally:
        engine.dispose()
