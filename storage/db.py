"""The database: engine set-up, migrations, and the errors people see.

``sqlite:///data/cycles.sqlite`` (relative to the working folder) unless ``--db`` or
``CYCLES_DATABASE_URL`` gives another SQLAlchemy URL, e.g.
``postgresql+psycopg://cycles@db.example/cycles``. SQLite runs in WAL mode with a busy
timeout so a scan and a ``cycles submit`` can overlap.

Opening a database migrates it to the latest schema (Alembic; an upgrade never drops a
record). A database written by a newer release is refused rather than touched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

DEFAULT_URL = "sqlite:///data/cycles.sqlite"
MIGRATIONS = Path(__file__).parent / "migrations"


class StorageError(Exception):
    """Bad database input: one line for a person, never a password."""


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("CYCLES_DATABASE_URL") or DEFAULT_URL


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError("the database URL is not a SQLAlchemy URL "
                           "(e.g. sqlite:///data/cycles.sqlite)") from None
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
        if parsed.get_backend_name() == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise StorageError(f"{safe_url(url)}: no driver for this database ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    import sqlite3
    import time

    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    # Switching a new file to WAL needs it to itself, and SQLite answers "database is
    # locked" at once (no busy wait) while another process is creating it: retry a while.
    deadline = time.monotonic() + 30
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> tuple[set[str], str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    revisions = {r.revision for r in script.walk_revisions()}
    head = script.get_current_head()
    assert head is not None
    return revisions, head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


MIGRATION_LOCK = 0x6379636C6573  # "cycles": PostgreSQL advisory lock key for migrations


def _newer(url: str, revision: str, head: str) -> StorageError:
    return StorageError(
        f"the database {safe_url(url)} has schema {revision!r}, written by a newer release "
        f"of reporting-cycles (this one knows up to {head!r}): upgrade reporting-cycles"
    )


def _upgrade(engine: Engine, url: str) -> None:
    """Migrate to head, one process at a time.

    Two scans starting together on a fresh database would otherwise both create the tables
    (and one would fail). The first takes a lock (PostgreSQL: a transaction-scoped advisory
    lock; SQLite: BEGIN IMMEDIATE, waited for through the busy timeout) and migrates; the
    second waits, then finds the schema at head and does nothing.
    """
    from alembic import command

    revisions, head = known_revisions()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        revision = _revision(conn)
        if revision is not None and revision not in revisions:
            raise _newer(url, revision, head)
        if revision != head:
            command.upgrade(_alembic_config(conn), "head")


def open_database(url: str | None = None, migrate: bool = True) -> Engine:
    """Connect, refuse a newer schema, and migrate to the latest one."""
    url = database_url(url)
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "unreachable"
        raise StorageError(f"cannot reach the database {safe_url(url)}: {reason}") from None
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot use the database {safe_url(url)}: "
                           f"{type(exc).__name__}") from None
    revisions, head = known_revisions()
    if revision is not None and revision not in revisions:
        raise _newer(url, revision, head)
    if migrate and revision != head:
        _upgrade(engine, url)
    return engine
