"""What every command of the CLI shares: its errors and how they print, the options, and
the translation of the application layer's errors into flags (``period`` -> ``--period``).

Imports nothing heavy: the read-only commands load it too.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import click

from cycles.app.errors import InputError, SetupError

# the application layer's field names -> this door's flags (None: a positional argument)
FLAGS: dict[str, str | None] = {
    "period": "--period", "submitted at": "--at", "submitted by": "--by",
    "evidence": "--evidence", "new due date": "--to", "reason": "--reason",
    "approver": "--approver", "area": "--area", "date": "--on", "reference": "--ref",
    "year": "--year", "as of": "--as-of", "from": "--from", "to": "--to",
    "note": "--note", "recorded by": "--by", "database": "--db", "catalogue": "--catalogue",
    "obligation": None, "event": None,
}


class UserError(Exception):
    """Bad input: printed as one line per problem, exit 2, no traceback."""

    def __init__(self, *lines: str, code: int = 2):
        self.lines = [str(x) for x in lines]
        self.code = code
        super().__init__("\n".join(self.lines))


def printable(text: str) -> str:
    """``text`` safe for one terminal line: control, escape and line-separator characters
    (and lone surrogates) shown as ``\\x1b``-style escapes, never acted on."""
    if all(c.isprintable() for c in text):
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace")
                   .decode("ascii") for c in text)


def say(line: str) -> None:
    """One line on stderr, made printable."""
    click.echo(printable(line), err=True)


def flag(field: str) -> str | None:
    return FLAGS.get(field, field)


def input_line(err: InputError) -> str:
    """An application InputError as this door says it, naming the flag."""
    if err.field == "obligation" and err.subject is None:
        return f"obligation {err.message} (see `cycles upcoming` or `cycles status`)"
    return err.line(flag)


def fail(*lines: str, code: int = 2) -> NoReturn:
    for line in lines:
        say(f"error: {line}" if not line.startswith(("error", "/", "config")) else line)
    sys.exit(code)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn known errors into one-line messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SetupError as exc:
            for line in exc.lines:
                say(line if exc.located else f"error: {line}")
            sys.exit(2)
        except InputError as exc:
            say(f"error: {input_line(exc)}")
            sys.exit(2)
        except UserError as exc:
            for line in exc.lines:
                say(f"error: {line}")
            sys.exit(exc.code)
        except OSError as exc:  # disk full, an I/O error, a read-only file system
            where = f" ({exc.filename})" if exc.filename else ""
            say(f"error: {exc.strerror or type(exc).__name__}{where}")
            sys.exit(2)
        except Exception as exc:
            if not type(exc).__module__.startswith("sqlalchemy"):
                raise
            orig = getattr(exc, "orig", None) or exc
            reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
            say(f"error: the database failed: {reason}; nothing was half-written")
            sys.exit(2)

    return wrapper


# ---- parsing, with the flag's name -------------------------------------------------------

def parse_date(value: str | None, what: str) -> dt.date | None:
    """``what`` is the flag (``--to``)."""
    from cycles.app.inputs import parse_date as parse

    try:
        return parse(value, what)
    except InputError as exc:
        raise UserError(f"{what}: {exc.message}") from None


def parse_instant(value: str | None, what: str = "--as-of") -> Any:
    """An ISO date or date-time; naive values are Europe/London; None -> now (UTC)."""
    from cycles.app.inputs import parse_instant as parse

    try:
        return parse(value, what)
    except InputError as exc:
        raise UserError(f"{what}: {exc.message}") from None


def london_today(instant: Any = None) -> dt.date:
    from cycles.london import today

    return today(instant)


def load(paths: Iterable[str] | None = None) -> Any:
    from cycles.app.setup import open_catalogue

    return open_catalogue(paths)


def check_area(catalogue: Any, area: str | None) -> None:
    from cycles.app.setup import check_area as check

    check(catalogue, area)


def open_database(db: str | None, migrate: bool = True) -> Any:
    from cycles.app.setup import open_database as connect

    return connect(db, migrate=migrate)


def existing_database(db: str | None) -> Any:
    """The database if there is one, without creating or migrating it (read-only commands)."""
    from cycles.app.setup import existing_database as existing

    return existing(db)


def notifier_from(path: str | None) -> Any:
    """The notifier of ``--notify`` (or $CYCLES_APPRISE_CONFIG), checked now."""
    from cycles.app.setup import notifier_configured, open_notifier

    if not notifier_configured(path):
        raise UserError("no notification config: give --notify PATH or set "
                        "CYCLES_APPRISE_CONFIG (see config/apprise.example.yml), "
                        "or use --demo for a local mail sink")
    return open_notifier(path)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


catalogue_option = click.option(
    "--catalogue", "catalogue", multiple=True, metavar="PATH",
    help="Catalogue file or folder (repeatable; default: the shipped catalogue, or "
    "$CYCLES_CATALOGUE).",
)

db_option = click.option("--db", metavar="URL", help="SQLAlchemy URL (default: "
                         "$CYCLES_DATABASE_URL or sqlite:///data/cycles.sqlite).")

db_read_option = click.option(
    "--db", metavar="URL", help="Read what was recorded from this database (SQLAlchemy URL; "
    "default: $CYCLES_DATABASE_URL when set and the database exists, else none).")
