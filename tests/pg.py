"""PostgreSQL for the storage and runner tests: a fresh database per test, dropped after.

The server is ``$CYCLES_TEST_POSTGRES_URL`` (default: the local one, trust auth). When it
cannot be reached the PostgreSQL tests are skipped with the reason, unless
``CYCLES_REQUIRE_POSTGRES=1`` (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
from collections.abc import Iterator

import pytest

ADMIN_URL = os.environ.get("CYCLES_TEST_POSTGRES_URL",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def required() -> bool:
    return os.environ.get("CYCLES_REQUIRE_POSTGRES") == "1"


@functools.cache
def unavailable() -> str | None:
    """Why PostgreSQL cannot be used here (None when it can)."""
    try:
        from sqlalchemy import create_engine, text
    except ImportError as exc:  # pragma: no cover
        return f"sqlalchemy missing: {exc}"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    engine = create_engine(ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        first = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
        return f"PostgreSQL at {_safe(ADMIN_URL)} unreachable: {first[0] if first else exc}"
    finally:
        engine.dispose()
    return None


def require_postgres() -> None:
    """Skip (or, with CYCLES_REQUIRE_POSTGRES=1, fail) when PostgreSQL is unreachable."""
    reason = unavailable()
    if reason is None:
        return
    if required():
        pytest.fail(f"CYCLES_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(f"{reason} (set CYCLES_TEST_POSTGRES_URL, or CYCLES_REQUIRE_POSTGRES=1 "
                "to make this a failure)")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _admin():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT",
                         connect_args={"connect_timeout": 5})


@contextlib.contextmanager
def fresh_database(prefix: str = "cycles_test") -> Iterator[str]:
    """CREATE DATABASE <prefix>_<random>; yield its URL; DROP it (even if still in use)."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    require_postgres()
    name = f"{prefix}_{secrets.token_hex(5)}"
    admin = _admin()
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
