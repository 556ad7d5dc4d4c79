"""The database: engine set-up, migrations, and the errors people see.

``sqlite:///data/cycles.sqlite`` (relative to the working folder) unless ``--db`` or
``CYCLES_DATABASE_URL`` gives another SQLAlchemy URL, e.g.
``postgresql+psycopg://cycles@db.example/cycles``. SQLite runs in WAL mode with a busy
timeout so a scan and a ``cycles submit`` can overlap.

Opening a database migrates it to the latest schema (Alembic; an upgrade never drops a
record). A database written by a newer release is refused rather than touched, and so is
one that is not ours (another application's tables, an ``alembic_version`` with no row, a
table missing or shaped differently, a file that is not SQLite): checked before anything is
written. The read commands open an existing SQLite file read-only (``mode=ro``; on
read-only media ``immutable``), so an archive on a read-only mount can be read.

A new SQLite file and the folders made for it are owner-only (0600/0700) whatever the umask
(SQLite gives its ``-wal`` and ``-shm`` the database file's permissions).
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from storage.columns import BASELINE, HEAD
from storage.private import private_dir, private_file

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


def make_engine(url: str, read_only: bool = False) -> Engine:
    """An engine for ``url``. SQLite: the file's folder is created (0700) and the file
    itself (0600) unless ``read_only``, which opens an existing file with ``mode=ro``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError("the database URL is not a SQLAlchemy URL "
                           "(e.g. sqlite:///data/cycles.sqlite)") from None
    kwargs: dict[str, Any] = {}
    sqlite_file = None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            sqlite_file = Path(database)
            if not read_only:
                _prepare_file(sqlite_file)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        if read_only and sqlite_file is not None:
            kwargs["creator"] = _read_only_connector(sqlite_file)
            kwargs.pop("connect_args")
    else:
        kwargs["pool_pre_ping"] = True
        if parsed.get_backend_name() == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise StorageError(f"{safe_url(url)}: no driver for this database ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect",
                     _sqlite_read_only_pragmas if read_only else _sqlite_pragmas)
    return engine


def _prepare_file(path: Path) -> None:
    """The folder (0700) and an empty file (0600) for a new SQLite database."""
    try:
        private_dir(path.parent)
        if path.exists() and not path.is_file():
            raise StorageError(f"{path}: not a database file (it is a folder or a device)")
        private_file(path)
    except OSError as exc:
        raise StorageError(f"cannot create the database {path}: "
                           f"{exc.strerror or exc}") from None


def _read_only_connector(path: Path) -> Any:
    """Open ``path`` read-only; on read-only media, where SQLite cannot make the ``-shm`` a
    WAL database needs, as immutable (nothing there can change it)."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(path.resolve()))}?mode=ro"

    def connect() -> Any:
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:
            if "unable to open" not in str(exc) or not path.is_file():
                raise
        return sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)

    return connect


def _sqlite_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=1")
    cur.close()


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


def known_revisions() -> tuple[frozenset[str], str]:
    """Every schema revision this release knows, and the latest (head).

    Read once per process from the ``revision = "..."`` and ``down_revision = ...`` lines of
    the migration scripts, as text: loading them through Alembic imports Alembic and every
    migration module (~0.5 s), which a read command such as ``status`` need not pay. A
    history that is not one plain chain of such lines (a merge, a branch) is read through
    Alembic's own ScriptDirectory instead; a test checks both agree.
    """
    return _known_revisions()


_REVISION_LINE = re.compile(
    r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:'([^']*)'|\"([^\"]*)\"|(None))\s*$",
    re.MULTILINE)


@cache
def _known_revisions() -> tuple[frozenset[str], str]:
    parents: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = {m[1]: m[2] or m[3] or None for m in _REVISION_LINE.finditer(script.read_text())}
        if "revision" not in found or "down_revision" not in found:
            return alembic_revisions()
        parents[str(found["revision"])] = found["down_revision"]
    heads = set(parents) - set(parents.values())
    roots = [r for r, down in parents.items() if down is None]
    if len(heads) != 1 or len(roots) != 1 or not set(parents.values()) <= set(parents) | {None}:
        return alembic_revisions()
    return frozenset(parents), heads.pop()


def alembic_revisions() -> tuple[frozenset[str], str]:
    """The revisions and head as Alembic reads them (imports every migration script)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    revisions = frozenset(r.revision for r in script.walk_revisions())
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


def _older(url: str, revision: str, head: str) -> StorageError:
    return StorageError(
        f"the database {safe_url(url)} has schema {revision!r}, older than this release's "
        f"{head!r}, and this command only reads: record something or run a scan once "
        "(`cycles run`) to upgrade it"
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


def open_database(url: str | None = None, migrate: bool = True,
                  read_only: bool = False) -> Engine:
    """Connect, refuse a newer schema or a database that is not ours, and (``migrate``)
    migrate to the latest one. ``read_only``: nothing is created, migrated or written."""
    url = database_url(url)
    # An existing SQLite file is checked through a read-only connection first: even the
    # switch to WAL would rewrite the header of a file that turns out not to be ours.
    probe_only = not read_only and _existing_sqlite_file(url)
    engine = make_engine(url, read_only=read_only or probe_only)
    try:
        with engine.connect() as conn:
            revision = check_ours(conn, url)
        if probe_only:
            engine.dispose()
            engine = make_engine(url)
    except StorageError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        reason = first_line(exc)
        if "not a database" in reason:
            raise _not_ours(url, f"not a SQLite database file ({reason})") from None
        raise StorageError(f"cannot reach the database {safe_url(url)}: {reason}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = first_line(exc)
        if "not a database" in reason or "malformed" in reason:
            raise _not_ours(url, f"not a SQLite database file ({reason})") from None
        raise StorageError(f"cannot use the database {safe_url(url)}: {reason}") from None
    head = known_revisions()[1]
    if read_only and revision is not None and revision != head:
        engine.dispose()  # its queries would fail on a column the upgrade adds
        raise _older(url, revision, head)
    if migrate and not read_only and revision != head:
        try:
            _upgrade(engine, url)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StorageError(f"cannot migrate the database {safe_url(url)}: "
                               f"{first_line(exc)}") from None
    return engine


def _existing_sqlite_file(url: str) -> bool:
    """True for a SQLite URL naming a non-empty regular file."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return False
    path = Path(database)
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def first_line(exc: BaseException) -> str:
    """The driver's own reason, one line (``database or disk is full``)."""
    orig = getattr(exc, "orig", None) or exc
    text_ = str(orig).strip().splitlines()
    return text_[0] if text_ else type(orig).__name__


def _not_ours(url: str, reason: str) -> StorageError:
    return StorageError(f"{safe_url(url)} is not a reporting-cycles database: {reason}")


def expected_tables(revision: str) -> dict[str, set[str]]:
    """What a database at ``revision`` must hold: at head, every table and column of the
    models (:data:`HEAD`); at an older revision, the first schema (a migration adds the
    rest)."""
    _, head = known_revisions()
    return HEAD if revision == head else BASELINE


def model_tables() -> dict[str, set[str]]:
    """Every table and column the models declare (imports SQLModel)."""
    from sqlmodel import SQLModel

    import storage.models  # noqa: F401  (registers the tables)

    return {name: {c.name for c in table.columns}
            for name, table in SQLModel.metadata.tables.items()}


def check_ours(conn: Any, url: str) -> str | None:
    """The schema revision of a database that is ours (None: empty, ready to create), read
    without writing. StorageError when it is not ours or newer than this release."""
    found = set(inspect(conn).get_table_names())
    if "alembic_version" not in found:
        if found:
            shown = ", ".join(sorted(found)[:5]) + (", ..." if len(found) > 5 else "")
            raise _not_ours(url, f"it holds other tables ({shown}) and no alembic_version; "
                            "give an empty file or a reporting-cycles database")
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    if len(rows) != 1:
        raise _not_ours(url, f"its alembic_version table has {len(rows)} rows (expected one)")
    revision = str(rows[0][0])
    revisions, head = known_revisions()
    if revision not in revisions:
        raise _newer(url, revision, head)
    inspector = inspect(conn)
    for table, columns in sorted(expected_tables(revision).items()):
        if table not in found:
            raise _not_ours(url, f"the table {table!r} is missing (schema {revision})")
        have = {c["name"] for c in inspector.get_columns(table)}
        missing = sorted(columns - have)
        if missing:
            raise _not_ours(url, f"the table {table!r} has no column "
                            f"{', '.join(map(repr, missing))} (schema {revision})")
    return revision
