"""A database that is not ours is refused in one line naming it ("... is not a
reporting-cycles database: ...") before anything is written, by the commands that write and
by those that read: another application's SQLite file, an ``alembic_version`` with no row, a
foreign table named ``occurrence``, a missing ``attempt`` table, a random or truncated file.
The file is byte-for-byte unchanged. ``--db`` under a path that is a file is one line too."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hardening import file_digest, invoke, record_history, refusal, write_catalogue


def execute(path: Path, *statements: str) -> None:
    """Run ``statements`` and close, leaving everything in the main file."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def other_application(path: Path) -> None:
    execute(path, "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)",
            "INSERT INTO customer VALUES (1, 'Ada')")


def empty_alembic_version(path: Path) -> None:
    execute(path, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")


def foreign_occurrence(path: Path) -> None:
    execute(path, "CREATE TABLE occurrence (when_seen TEXT, what TEXT)")


def ours_then(drop: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        record_history(f"sqlite:///{path}", write_catalogue(path.parent / "cat"))
        execute(path, drop)
    return make


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def truncated(path: Path) -> None:
    ours_then("SELECT 1")(path)
    data = path.read_bytes()
    path.write_bytes(data[:1500])
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "another application's tables": (other_application, "holds other tables (customer)"),
    "alembic_version with no row": (empty_alembic_version, "alembic_version table has 0 rows"),
    "a foreign occurrence table": (foreign_occurrence, "holds other tables (occurrence)"),
    "the attempt table missing": (ours_then("DROP TABLE attempt"), "'attempt' is missing"),
    "a column missing": (ours_then("ALTER TABLE submission DROP COLUMN note"),
                         "'submission' has no column 'note'"),
    "the receipt table missing (schema 0002)": (ours_then("DROP TABLE receipt"),
                                                "'receipt' is missing"),
    "a channel column missing (schema 0002)": (
        ours_then("ALTER TABLE decision DROP COLUMN channel"),
        "'decision' has no column 'channel'"),
    "random bytes": (random_bytes, "not a SQLite database file"),
    "a truncated file": (truncated, "not a reporting-cycles database"),
}
COMMANDS = {
    "status": ["status"],
    "history": ["history", "alpha.quarterly-return"],
    "report": ["report", "--year", "2026-27", "--format", "csv"],
    "simulate": ["simulate", "--from", "2026-10-01", "--to", "2026-10-31"],
    "submit": ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--by", "M"],
    "run": ["run", "--as-of", "2026-10-16T07:00", "--demo"],
    "run --dry-run": ["run", "--as-of", "2026-10-16T07:00", "--demo", "--dry-run"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(CASES))
def test_a_database_not_ours_is_refused_in_one_line_and_untouched(
        case: str, command: str, tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    path = tmp_path / "db" / "theirs.sqlite"
    path.parent.mkdir()
    make, expected = CASES[case]
    make(path)
    before = file_digest(path)
    names = sorted(p.name for p in path.parent.iterdir())
    line = refusal(invoke([*COMMANDS[command], "--db", f"sqlite:///{path}", "--catalogue",
                           str(catalogue), *(["--outbox", str(tmp_path / "out")]
                                             if command.startswith("run") else [])]))
    assert "is not a reporting-cycles database" in line and str(path) in line, line
    assert expected in line, line
    assert file_digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(
        ("-wal", "-shm"))) == [n for n in names if not n.endswith(("-wal", "-shm"))]


@pytest.mark.parametrize("command", ["status", "submit", "run"])
def test_db_under_a_path_that_is_a_file_is_one_line(command: str, tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder")
    line = refusal(invoke([*COMMANDS[command], "--db", f"sqlite:///{blocker}/sub/x.sqlite",
                           "--catalogue", str(catalogue), *(["--outbox", str(tmp_path / "o")]
                                                            if command == "run" else [])]))
    assert str(blocker) in line, line
    assert blocker.read_text() == "not a folder"


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    path = tmp_path / "empty.sqlite"
    path.touch()
    ok = invoke(["submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--by", "M",
                 "--db", f"sqlite:///{path}", "--catalogue", str(catalogue)])
    assert ok.code == 0, ok.err
