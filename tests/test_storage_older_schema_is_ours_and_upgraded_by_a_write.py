"""A database at an older schema of ours (0001, before signed links) is ours: a command
that only reads says in one line that it is older and leaves the file byte-for-byte as it
was (its queries would need the columns the upgrade adds); a command that records upgrades
it and records."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hardening import file_digest, invoke, refusal, write_catalogue
from sqlalchemy import text

from storage.db import _alembic_config, current_revision, known_revisions, make_engine

SUBMIT = ["submit", "alpha.quarterly-return", "--period", "2026-27 Q1", "--by", "Jo",
          "--at", "2026-07-01T09:00"]


def database_at_0001(path: Path) -> str:
    """A SQLite file at schema 0001 holding one obligation and its first occurrence."""
    from alembic import command

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    now = dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), "0001")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO obligation (id, area, title, cadence, owner, recipients, "
                "source_file, quote, active, synced_at) VALUES ('alpha.quarterly-return', "
                "'alpha', 'Quarterly performance return', 'quarterly', 'o', 'b', 'f', 'q', "
                "true, :now)"), {"now": now})
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)  # everything in the main file: its digest is the whole
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return url


@pytest.mark.parametrize("command", [
    ["status", "--as-of", "2026-10-16"],
    ["history", "alpha.quarterly-return"],
    ["report", "--year", "2026-27", "--format", "csv"],
    ["simulate", "--from", "2026-10-01", "--to", "2026-10-05"],
])
def test_a_read_command_names_the_older_schema_and_writes_nothing(
        command: list[str], tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    path = tmp_path / "old.sqlite"
    url = database_at_0001(path)
    before = file_digest(path)
    line = refusal(invoke([*command, "--db", url, "--catalogue", str(catalogue)]))
    assert "has schema '0001', older than" in line and str(path) in line, line
    assert "not a reporting-cycles database" not in line
    assert file_digest(path) == before


def test_a_recording_command_upgrades_it_and_records(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    url = database_at_0001(tmp_path / "old.sqlite")
    done = invoke([*SUBMIT, "--db", url, "--catalogue", str(catalogue)])
    assert done.code == 0, done.err
    engine = make_engine(url)
    try:
        assert current_revision(engine) == known_revisions()[1]
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT submitted_by, channel FROM submission")).all()
        assert [tuple(r) for r in rows] == [("Jo", "cli")]
    finally:
        engine.dispose()
    shown = invoke(["history", "alpha.quarterly-return", "--db", url, "--catalogue",
                    str(catalogue)])
    assert shown.code == 0 and "Jo" in shown.out, shown.err
