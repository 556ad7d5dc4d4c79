"""Commands that read or write the database: run, status, submit, waive, defer, event,
simulate, history. Loaded lazily by :mod:`cycles.cli`; only ``run`` imports apprise, and only
when it really sends."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from cycles.cli import (
    UserError,
    catalogue_option,
    check_area,
    emit_json,
    guarded,
    load,
    london_today,
    parse_date,
    parse_instant,
)

db_option = click.option("--db", metavar="URL", help="SQLAlchemy URL (default: "
                         "$CYCLES_DATABASE_URL or sqlite:///data/cycles.sqlite).")


def _open(db: str | None, migrate: bool = True) -> Any:
    from storage.db import StorageError, open_database

    try:
        return open_database(db, migrate=migrate)
    except StorageError as exc:
        raise UserError(str(exc)) from None


def _existing(db: str | None) -> Any:
    """The database if there is one, without creating or migrating it (read-only commands)."""
    from sqlalchemy.engine import make_url

    from storage.db import database_url

    url = database_url(db)
    try:
        parsed = make_url(url)
    except Exception:
        raise UserError("the database URL is not a SQLAlchemy URL "
                        "(e.g. sqlite:///data/cycles.sqlite)") from None
    local_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None, "", ":memory:")
    if local_file and not Path(str(parsed.database)).exists():
        return None
    return _open(db, migrate=False)


def _jsonable(value: Any) -> Any:
    """Rows for ``--json``: dates and instants as ISO 8601 strings."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):  # datetimes included
        return value.isoformat()
    return value


def _records_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    from storage.records import RecordError

    try:
        return fn(*args, **kwargs)
    except RecordError as exc:
        raise UserError(str(exc)) from None


# ---- run -------------------------------------------------------------------------------

@click.command()
@click.option("--as-of", "as_of", metavar="DATETIME",
              help="Scan as if it were this moment (ISO; default now). Naive times are London.")
@click.option("--dry-run", is_flag=True, help="Decide and show, send nothing, write nothing.")
@click.option("--area", help="Only this area.")
@click.option("--notify", "notify_path", metavar="PATH",
              help="Apprise config file (default: $CYCLES_APPRISE_CONFIG).")
@click.option("--demo", is_flag=True, help="Embedded defaults: SQLite in ./data and a local "
              "mail sink writing .eml files to ./outbox.")
@click.option("--outbox", default="outbox", show_default=True,
              help="With --demo: where the mail sink saves messages.")
@click.option("--json", "as_json", is_flag=True)
@db_option
@catalogue_option
@guarded
def run(as_of: str | None, dry_run: bool, area: str | None, notify_path: str | None,
        demo: bool, outbox: str, as_json: bool, db: str | None,
        catalogue: tuple[str, ...]) -> None:
    """One reminder scan now: decide what is owed, send it, record it."""
    from cycles import demo as demo_mod
    from cycles.runner import Runner
    from cycles.views import print_scan_report, scan_report_json

    instant = parse_instant(as_of)
    cat = load(catalogue)
    check_area(cat, area)
    if demo:
        with demo_mod.demo_environment(cat, Path(outbox), db) as (notifier, url, sink):
            engine = _open(url)
            report = Runner(engine, cat, notifier, links=_links()).scan(instant, area, dry_run)
            emit_json(scan_report_json(report)) if as_json else print_scan_report(report, cat)
            if not as_json:
                click.echo(f"\n{sink.count} message(s) in the mail sink: {sink.folder.resolve()}")
        sys.exit(0 if report.ok else 1)
    notifier = _notifier(notify_path, dry_run)
    engine = _open(db)
    report = Runner(engine, cat, notifier, links=_links()).scan(instant, area, dry_run)
    emit_json(scan_report_json(report)) if as_json else print_scan_report(report, cat)
    sys.exit(0 if report.ok else 1)


def _links() -> Any:
    """Signed action links for the messages when a base URL is set (see `cycles web`)."""
    from cycles.links.keys import SecretKeyError
    from cycles.links.maker import BaseUrlError, links_from_env

    try:
        return links_from_env()
    except (BaseUrlError, SecretKeyError) as exc:
        raise UserError(str(exc)) from None


def _notifier(path: str | None, dry_run: bool) -> Any:
    from cycles.notify.seam import NotifyConfigError

    if path is None and not os.environ.get("CYCLES_APPRISE_CONFIG"):
        raise UserError("no notification config: give --notify PATH or set "
                        "CYCLES_APPRISE_CONFIG (see config/apprise.example.yml), "
                        "or use --demo for a local mail sink")
    from cycles.notify.apprise_notifier import AppriseNotifier

    try:
        return AppriseNotifier.from_env_or_path(path)
    except NotifyConfigError as exc:
        raise UserError(str(exc)) from None


# ---- status ----------------------------------------------------------------------------

@click.command()
@click.option("--as-of", "as_of", metavar="DATETIME", help="Status at this moment.")
@click.option("--area", help="Only this area.")
@click.option("--days", type=click.IntRange(0, 3660), default=90, show_default=True,
              help="Include occurrences due up to this many days ahead.")
@click.option("--all", "show_all", is_flag=True, help="Include submitted and waived ones.")
@click.option("--json", "as_json", is_flag=True)
@db_option
@catalogue_option
@guarded
def status(as_of: str | None, area: str | None, days: int, show_all: bool, as_json: bool,
           db: str | None, catalogue: tuple[str, ...]) -> None:
    """Every open occurrence with its state: upcoming, due soon, due today, overdue."""
    from cycles.views import print_status, status_rows
    from storage.overlay import states_in_window

    today = london_today(parse_instant(as_of))
    cat = load(catalogue)
    check_area(cat, area)
    engine = _existing(db)
    pairs = states_in_window(cat, engine, today + dt.timedelta(days=days), area)
    rows = status_rows(pairs, today, show_all)
    emit_json(rows) if as_json else print_status(rows, today)


# ---- records ---------------------------------------------------------------------------

@click.command()
@click.argument("obligation")
@click.option("--period", required=True, metavar="LABEL", help='e.g. "2026-27 H1".')
@click.option("--by", default=None, help="Who submitted it (default: $USER).")
@click.option("--evidence", metavar="URL", help="Link to the report or the minutes.")
@click.option("--note", help="Anything worth keeping with the record.")
@click.option("--at", "at", metavar="DATETIME", help="When it was submitted (default now).")
@db_option
@catalogue_option
@guarded
def submit(obligation: str, period: str, by: str | None, evidence: str | None,
           note: str | None, at: str | None, db: str | None, catalogue: tuple[str, ...]) -> None:
    """Record that a report was submitted: its reminders stop."""
    import pendulum

    from storage import records

    now = pendulum.now("UTC")
    when = parse_instant(at, "--at") if at else now
    cat = load(catalogue)
    _records_call(records.find_entry, cat, obligation)
    engine = _open(db)
    who = by or os.environ.get("USER") or "unknown"
    done = _records_call(records.submit, engine, cat, obligation, period, who, when, now,
                         evidence, note)
    click.echo(done.message)


@click.command()
@click.argument("obligation")
@click.option("--period", required=True, metavar="LABEL")
@click.option("--reason", required=True)
@click.option("--approver", required=True, help="Who agreed the waiver.")
@db_option
@catalogue_option
@guarded
def waive(obligation: str, period: str, reason: str, approver: str, db: str | None,
          catalogue: tuple[str, ...]) -> None:
    """Record that a report is not required this time: its reminders stop."""
    import pendulum

    from storage import records

    cat = load(catalogue)
    _records_call(records.find_entry, cat, obligation)
    engine = _open(db)
    done = _records_call(records.waive, engine, cat, obligation, period, reason, approver,
                         pendulum.now("UTC"))
    click.echo(done.message)


@click.command()
@click.argument("obligation")
@click.option("--period", required=True, metavar="LABEL")
@click.option("--to", "to", required=True, metavar="DATE", help="The new due date.")
@click.option("--reason", required=True)
@click.option("--approver", required=True, help="Who agreed the deferral.")
@db_option
@catalogue_option
@guarded
def defer(obligation: str, period: str, to: str, reason: str, approver: str, db: str | None,
          catalogue: tuple[str, ...]) -> None:
    """Move a due date (reminders follow); the original date is kept for the record."""
    import pendulum

    from storage import records

    until = parse_date(to, "--to")
    assert until is not None
    cat = load(catalogue)
    _records_call(records.find_entry, cat, obligation)
    engine = _open(db)
    done = _records_call(records.defer, engine, cat, obligation, period, until, reason,
                         approver, pendulum.now("UTC"))
    click.echo(done.message)


@click.command()
@click.argument("name", metavar="EVENT_OR_OBLIGATION")
@click.option("--on", "on", required=True, metavar="DATE", help="When it happened.")
@click.option("--ref", "ref", help="A reference, e.g. the review's name (default: the date).")
@click.option("--by", default=None, help="Who records it.")
@click.option("--close", is_flag=True, help="Close the event (ends its repeating reports).")
@db_option
@catalogue_option
@guarded
def event(name: str, on: str, ref: str | None, by: str | None, close: bool, db: str | None,
          catalogue: tuple[str, ...]) -> None:
    """Record a trigger (e.g. oxfordshire.scr_published): its reports fall due from it."""
    import pendulum

    from storage import records

    day = parse_date(on, "--on")
    assert day is not None
    cat = load(catalogue)
    _records_call(records._event_name, cat, name)
    engine = _open(db)
    done = _records_call(records.record_event, engine, cat, name, day, ref,
                         pendulum.now("UTC"), by or os.environ.get("USER"), close)
    click.echo(done.message)


@click.command()
@click.argument("obligation")
@click.option("--json", "as_json", is_flag=True)
@db_option
@catalogue_option
@guarded
def history(obligation: str, as_json: bool, db: str | None, catalogue: tuple[str, ...]) -> None:
    """Every recorded occurrence of one obligation: submissions, decisions, messages."""
    from cycles.views import print_history
    from storage import records

    cat = load(catalogue)
    entry = _records_call(records.find_entry, cat, obligation)
    engine = _existing(db)
    data = [] if engine is None else _records_call(records.history, engine, cat, obligation)
    if as_json:
        emit_json(_jsonable(data))
    else:
        print_history(entry, data)


@click.command()
@click.option("--from", "from_", required=True, metavar="DATE")
@click.option("--to", "to", required=True, metavar="DATE")
@click.option("--area", help="Only this area.")
@click.option("--at", "hour", default="07:00", show_default=True,
              help="Time of the daily scan (London).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@catalogue_option
@guarded
def simulate(from_: str, to: str, area: str | None, hour: str, as_json: bool, db: str | None,
             catalogue: tuple[str, ...]) -> None:
    """Every notification a daily scan would send over a window: nothing sent or written."""
    from cycles.simulate import simulate as run_simulation
    from cycles.views import print_simulation

    start, end = parse_date(from_, "--from"), parse_date(to, "--to")
    assert start is not None and end is not None
    if end < start:
        raise UserError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    if (end - start).days > 3660:
        raise UserError("--from/--to: simulate at most ten years at a time")
    cat = load(catalogue)
    check_area(cat, area)
    engine = _existing(db)
    sends = run_simulation(cat, engine, start, end, area)
    emit_json([s.as_json() for s in sends]) if as_json else print_simulation(sends, cat)
