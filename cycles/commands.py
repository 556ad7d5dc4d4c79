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

from cycles.cli_options import (
    UserError,
    catalogue_option,
    check_area,
    db_option,
    emit_json,
    guarded,
    load,
    london_today,
    notifier_from,
    parse_date,
    parse_instant,
)
from cycles.cli_options import (
    existing_database as _existing,
)
from cycles.cli_options import (
    open_database as _open,
)


def _jsonable(value: Any) -> Any:
    """Rows for ``--json``: dates and instants as ISO 8601 strings."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):  # datetimes included
        return value.isoformat()
    return value


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
    from cycles.app.scanning import plan, scan, scan_report_json
    from cycles.terminal_output import print_scan_report

    instant = parse_instant(as_of)
    cat = load(catalogue)
    check_area(cat, area)
    if demo:
        with demo_mod.demo_environment(cat, Path(outbox), db) as (notifier, url, sink):
            engine = _open(url)
            report = (plan if dry_run else scan)(engine, cat, notifier, as_of=instant, area=area)
            emit_json(scan_report_json(report)) if as_json else print_scan_report(report, cat)
            if not as_json:
                click.echo(f"\n{sink.count} message(s) in the mail sink: {sink.folder.resolve()}")
        sys.exit(0 if report.ok else 1)
    notifier = notifier_from(notify_path)
    engine = _open(db)
    report = (plan if dry_run else scan)(engine, cat, notifier, as_of=instant, area=area)
    emit_json(scan_report_json(report)) if as_json else print_scan_report(report, cat)
    sys.exit(0 if report.ok else 1)


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
    from cycles.app.status import status as status_of
    from cycles.terminal_output import print_status

    today = london_today(parse_instant(as_of))
    cat = load(catalogue)
    check_area(cat, area)
    engine = _existing(db)
    rows = status_of(cat, engine, today, days=days, area=area, show_all=show_all)
    emit_json(rows) if as_json else print_status(rows, today)
    from config.checks import meeting_horizon_warnings

    for line in meeting_horizon_warnings(cat, today, area=area):
        click.echo(f"warning: {line}", err=True)


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

    from cycles.app import records

    now = pendulum.now("UTC")
    when = parse_instant(at, "--at") if at else now
    cat = load(catalogue)
    records.find_entry(cat, obligation)
    engine = _open(db)
    who = by or os.environ.get("USER") or "unknown"
    done = records.submit(engine, cat, obligation, period, who, when, now, evidence, note,
                          channel="cli")
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

    from cycles.app import records

    cat = load(catalogue)
    records.find_entry(cat, obligation)
    engine = _open(db)
    done = records.waive(engine, cat, obligation, period, reason, approver,
                         pendulum.now("UTC"), channel="cli")
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

    from cycles.app import records

    until = parse_date(to, "--to")
    assert until is not None
    cat = load(catalogue)
    records.find_entry(cat, obligation)
    engine = _open(db)
    done = records.defer(engine, cat, obligation, period, until, reason, approver,
                         pendulum.now("UTC"), channel="cli")
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

    from cycles.app import records

    day = parse_date(on, "--on")
    assert day is not None
    cat = load(catalogue)
    records.event_name(cat, name)
    engine = _open(db)
    done = records.record_event(engine, cat, name, day, ref, pendulum.now("UTC"),
                                by or os.environ.get("USER"), close)
    click.echo(done.message)


@click.command()
@click.argument("obligation")
@click.option("--json", "as_json", is_flag=True)
@db_option
@catalogue_option
@guarded
def history(obligation: str, as_json: bool, db: str | None, catalogue: tuple[str, ...]) -> None:
    """Every recorded occurrence of one obligation: submissions, decisions, messages."""
    from cycles.app import records
    from cycles.terminal_output import print_history

    cat = load(catalogue)
    entry = records.find_entry(cat, obligation)
    engine = _existing(db)
    data = [] if engine is None else records.history(engine, cat, obligation)
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
    from cycles.terminal_output import print_simulation

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
