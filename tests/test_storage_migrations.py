"""Opening a database: a fresh one migrates to head; a newer schema is refused untouched;
an unreachable one fails quickly with one line (and never shows a password)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import inspect, text

from storage.db import StorageError, current_revision, known_revisions, open_database

TABLES = {"alembic_version", "obligation", "occurrence", "submission", "decision",
          "triggerevent", "notification", "attempt"}


def test_fresh_database_migrates_to_head_and_reopens_as_is(db_url: str) -> None:
    _, head = known_revisions()
    engine = open_database(db_url)
    try:
        assert current_revision(engine) == head
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) >= TABLES
            indexes = {i["name"] for i in inspect(conn).get_indexes("occurrence")}
            uniques = {u["name"] for u in inspect(conn).get_unique_constraints("notification")}
        assert "ix_occurrence_action" in indexes  # the scan's index on next_action_at
        assert "uq_notification_key" in uniques  # the ledger's exactly-once key
    finally:
        engine.dispose()
    again = open_database(db_url)  # already at head: nothing to do
    try:
        assert current_revision(again) == head
    finally:
        again.dispose()


def test_newer_schema_is_refused_with_one_line_and_left_untouched(
        db_url: str, dump_db: Callable[[Any], dict[str, list[dict[str, Any]]]]) -> None:
    engine = open_database(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        conn.execute(text("CREATE TABLE added_by_a_newer_release (x INTEGER)"))
    engine.dispose()
    before = dump_db(db_url)

    with pytest.raises(StorageError) as caught:
        open_database(db_url)
    message = str(caught.value)
    assert "\n" not in message
    assert "9999_from_the_future" in message and "newer release" in message
    assert "upgrade reporting-cycles" in message
    assert dump_db(db_url) == before  # no table, row or version changed


def test_newer_schema_refused_even_without_migrating(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer release"):
        open_database(sqlite_url, migrate=False)


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres@127.0.0.1:1/x",
    "postgresql+psycopg://postgres:canary-pw-8c1f@127.0.0.1:1/x",
])
def test_unreachable_database_is_one_quick_line_without_the_password(url: str) -> None:
    started = time.monotonic()
    with pytest.raises(StorageError) as caught:
        open_database(url)
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert elapsed < 5, f"took {elapsed:.1f}s to report an unreachable database"
    assert "\n" not in message
    assert message.startswith("cannot reach the database"), message
    assert "127.0.0.1:1" in message
    assert "canary-pw-8c1f" not in message


@pytest.mark.parametrize("url", ["not a url", "nosuchdriver://host/db"])
def test_unusable_url_is_one_line(url: str) -> None:
    with pytest.raises(StorageError) as caught:
        open_database(url)
    assert "\n" not in str(caught.value)
