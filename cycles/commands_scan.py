"""Commands that scan: run (one reminder scan, or its plan with --dry-run), status, simulate.
Loaded lazily by :mod:`cycles.cli`; only ``run`` imports apprise, and only when it really
sends."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from cycles.app.bounds import catalogue_window, check_as_of, check_span
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
    from cycles.app.scanning import scan_report_json
    from cycles.app.setup import database_url
    from cycles.terminal_output import print_scan_report

    database_url(db)  # a blank --db is refused, never silently the default
    instant = parse_instant(as_of)
    cat = load(catalogue)
    check_area(cat, area)
    check_as_of(cat, instant, london_today())
    if demo:
        with demo_mod.demo_environment(cat, Path(outbox), db) as (notifier, url, sink):
            engine = _existing(url) if dry_run else _open(url)
            report = _scan(dry_run, engine, cat, notifier, instant, area)
            emit_json(scan_report_json(report)) if as_json else print_scan_report(report, cat)
            if not as_json:
                click.echo(f"\n{sink.count} message(s) in the mail sink: {sink.folder.resolve()}")
        sys.exit(0 if report.ok else 1)
    notifier = notifier_from(notify_path)
    # a dry run opens nothing for writing: an existing database read-only, none created
    engine = _existing(db) if dry_run else _open(db)
    report = _scan(dry_run, engine, cat, notifier, instant, area)
    emit_json(scan_report_json(report)) if as_json else print_scan_report(report, cat)
    sys.exit(0 if report.ok else 1)

def _scan(dry_run: bool, engine: Any, cat: Any, notifier: Any, instant: Any,
          area: str | None) -> Any:
    from cycles.app.scanning import plan, scan

    return (plan if dry_run else scan)(engine, cat, notifier, as_of=instant, area=area)

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

    instant = parse_instant(as_of)
    today = london_today(instant)
    cat = load(catalogue)
    check_area(cat, area)
    check_as_of(cat, instant, london_today())
    engine = _existing(db)
    rows = status_of(cat, engine, today, days=days, area=area, show_all=show_all)
    emit_json(rows) if as_json else print_status(rows, today)
    from config.checks import meeting_horizon_warnings

    for line in meeting_horizon_warnings(cat, today, area=area):
        click.echo(f"warning: {line}", err=True)

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
    check_span(start, end, catalogue_window(cat, london_today()))
    engine = _existing(db)
    sends = run_simulation(cat, engine, start, end, area)
    emit_json([s.as_json() for s in sends]) if as_json else print_simulation(sends, cat)
