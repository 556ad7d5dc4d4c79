"""``cycles``: the command line. Thin: parse, call, print, map errors to exit codes.

Exit codes: 0 success; 1 the job ran but something failed (a notification not delivered);
2 bad input (catalogue, arguments, database, notification config) with one line per problem,
or a fault that stopped the work (disk full, an I/O error, the database failing mid-scan):
one line, nothing half-written, the next run resumes.

Commands live in small modules loaded only when used, so read-only commands never import
prefect, apprise or the database layer they do not need.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from cycles.cli_options import (
    UserError,
    catalogue_option,
    check_area,
    db_read_option,
    emit_json,
    guarded,
    load,
    london_today,
    parse_date,
)

# name -> "module:function"; loaded on first use (see LazyGroup)
COMMANDS = {
    "validate": "cycles.cli:validate",
    "init": "cycles.cli:init",
    "upcoming": "cycles.cli:upcoming",
    "calendar": "cycles.cli:calendar",
    "run": "cycles.commands_scan:run",
    "status": "cycles.commands_scan:status",
    "submit": "cycles.commands_records:submit",
    "waive": "cycles.commands_records:waive",
    "defer": "cycles.commands_records:defer",
    "event": "cycles.commands_records:event",
    "history": "cycles.commands_records:history",
    "simulate": "cycles.commands_scan:simulate",
    "serve": "cycles.commands_serve:serve",
    "report": "cycles.commands_report:report",
    "web": "cycles.web.command:web",
    "links": "cycles.links.command:links",
}


class LazyGroup(click.Group):
    def main(self, args: Sequence[str] | None = None,  # type: ignore[override]
             prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Click's own usage errors as one line too (``error: No such option '-0' (see
        `cycles defer --help`)``), exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        from cycles.cli_options import say

        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
            say(f"error: {exc.format_message()}{hint}")
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            say(f"error: {exc.format_message()}")
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            say("Aborted!")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        cmd = getattr(importlib.import_module(module), attr)
        assert isinstance(cmd, click.Command)
        return cmd


# ---- the group ------------------------------------------------------------------------

@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reporting-cycles")
def main() -> None:
    """Reporting cycles of safeguarding children partnerships: due dates, reminders, records."""
    from cycles import bankholidays

    # Start-up cost, not behaviour: pydantic scans every installed package's entry points
    # for plugins (~40 ms here) and we use none; the holidays library costs ~150 ms to import,
    # its answers are cached on disk.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    bankholidays.install()
    # A command builds many long-lived objects (the libraries it imports, the catalogue,
    # thousands of occurrences) and frees almost everything by reference counting: with the
    # default thresholds the cycle collector re-walks them all a dozen times (~0.2 s of a
    # 200-area `status`). Collect less often; cycles are still collected.
    gc.set_threshold(50_000, 20, 20)


# ---- catalogue commands (no database, no prefect, no apprise) ---------------------------

@click.command()
@click.argument("paths", nargs=-1, type=str)  # checked by the app (a NUL would crash click.Path)
@click.option("--as-of", "as_of", metavar="DATE",
              help="Day the meeting-date horizon is measured from (default: today, London).")
@guarded
def validate(paths: tuple[str, ...], as_of: str | None) -> None:
    """Check catalogue files (default: the shipped catalogue); one line per problem.

    Warnings (exit 0): meeting-relative obligations whose meeting dates run out within a
    year of today.
    """
    from config.checks import meeting_horizon_warnings
    from cycles.app.bounds import catalogue_window, check_date

    today = parse_date(as_of, "--as-of") or london_today()
    catalogue = load(paths)
    check_date(today, "--as-of", catalogue_window(catalogue, london_today()))
    for area in catalogue.areas.values():
        n_event = sum(1 for ob in area.obligations if ob.is_event)
        n_default = sum(1 for ob in area.obligations if ob.local_default)
        n_added = sum(1 for ob in area.obligations if ob.local_addition)
        added = f", {n_added} local addition{'s' * (n_added > 1)}" if n_added else ""
        n_left = len(area.omissions)
        omitted = f", {n_left} omission{'s' * (n_left > 1)} recorded" if n_left else ""
        click.echo(
            f"{catalogue.files[area.area]}: ok: {area.name}: {len(area.obligations)} obligations "
            f"({n_event} event-triggered, {n_default} on local defaults{added}), "
            f"{len(area.roles)} roles{omitted}, tracking from {area.tracking_from.isoformat()}"
        )
    for line in meeting_horizon_warnings(catalogue, today):
        click.echo(f"warning: {line}", err=True)


@click.command()
@click.option("--template", required=True, metavar="NAME",
              help="Template to start from (wt2023: Working Together 2023).")
@click.option("--area", required=True, metavar="ID",
              help="The new area's id, e.g. brighton-and-hove.")
@click.option("--name", metavar="TEXT", help="Its name as people write it (default: from the id).")
@click.option("--out", metavar="PATH",
              help="File or folder to write (default: config/catalogue/ID.yaml); "
              "never overwritten.")
@click.option("--tracking-from", "tracking_from", metavar="DATE",
              help="First day tracked (default: today, London).")
@guarded
def init(template: str, area: str, name: str | None, out: str | None,
         tracking_from: str | None) -> None:
    """Write a new area's catalogue file from a template, with its roles to fill in."""

    from config.init_area import InitError, create_area

    start = parse_date(tracking_from, "--tracking-from") or london_today()
    try:
        created = create_area(template, area, name, Path(out) if out else None, start)
    except InitError as exc:
        raise UserError(str(exc)) from None
    a = created.area
    click.echo(f"{created.path}: ok: {a.name}: {len(a.obligations)} obligations, "
               f"{len(a.roles)} roles, tracking from {a.tracking_from.isoformat()}")
    click.echo("next: 1. fill in each role's holder and give every role a route in the Apprise "
               "file; 2. set last_published on the yearly report and check each local_default; "
               f"3. cycles validate {created.path} && cycles upcoming --area {a.area}")


def _window(from_: str | None, to: str | None, days: int | None) -> tuple[dt.date, dt.date]:
    start = parse_date(from_, "--from") or london_today()
    if to is not None and days is not None:
        raise UserError("give --to or --days, not both")
    end = parse_date(to, "--to") if to is not None else start + dt.timedelta(days=days or 90)
    assert end is not None
    if end < start:
        raise UserError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    return start, end


def _within(cat: Any, start: dt.date, end: dt.date) -> None:
    """The window inside the dates this tool works with, at most ten years long."""
    from cycles.app.bounds import catalogue_window, check_span

    check_span(start, end, catalogue_window(cat, london_today()))


@click.command()
@click.option("--from", "from_", metavar="DATE", help="First day (default: today, London).")
@click.option("--to", metavar="DATE", help="Last day, inclusive.")
@click.option("--days", type=click.IntRange(0, 3660), help="Window length (default 90).")
@click.option("--area", help="Only this area (e.g. medway).")
@click.option("--role", help="Only obligations this role owns or receives.")
@click.option("--explain", is_flag=True, help="Show how each due date was worked out.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_read_option
@catalogue_option
@guarded
def upcoming(from_: str | None, to: str | None, days: int | None, area: str | None,
             role: str | None, explain: bool, as_json: bool, db: str | None,
             catalogue: tuple[str, ...]) -> None:
    """Every occurrence due in a window, soonest first.

    With a database (--db, or $CYCLES_DATABASE_URL when it exists) it also shows what was
    recorded: occurrences started by events and submissions, deferred dates, and what is
    already submitted or waived.
    """
    from cycles.app.setup import named_database
    from cycles.occurrence_rows import occurrence_row, standing_row

    start, end = _window(from_, to, days)
    cat = load(catalogue)
    check_area(cat, area)
    _within(cat, start, end)
    engine = named_database(db)
    if engine is None:  # the catalogue alone: the light path (no storage rows, no scan)
        pairs = cat.occurrences(start, end, area=area, role=role)
        if as_json:
            emit_json([occurrence_row(e, o, explain=explain) for e, o in pairs])
        else:
            _print_upcoming([_FromCatalogue(e, o) for e, o in pairs], start, end, explain)
        return
    from cycles.app.status import standing

    items = standing(cat, engine, start, end, area=area, role=role)
    if as_json:
        emit_json([standing_row(st, explain) if engine is not None
                   else occurrence_row(st.entry, st.occurrence, explain=explain)
                   for st in items])
        return
    _print_upcoming(items, start, end, explain, recorded=engine is not None)


class _FromCatalogue:
    """An occurrence as the catalogue alone computes it (nothing recorded, never deferred),
    in the shape :func:`_print_upcoming` reads."""

    deferred = False
    state: Any = None

    def __init__(self, entry: Any, occurrence: Any):
        self.entry, self.occurrence = entry, occurrence


def _print_upcoming(items: list[Any], start: dt.date, end: dt.date, explain: bool,
                    recorded: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    from cycles.engine.workdays import fmt_date

    table = Table(title=f"Due {fmt_date(start)} to {fmt_date(end)}: {len(items)} reports",
                  title_justify="left", show_lines=explain)
    for col in ("Due", "Area", "Report", "Period", "Owner") + (("State",) if recorded else ()):
        table.add_column(col, overflow="fold")
    for st in items:
        entry, occ = st.entry, st.occurrence
        report = entry.obligation.title
        if explain:
            report += f"\n[dim]{occ.explanation}[/dim]"
        due = fmt_date(occ.due)
        if st.deferred:
            due += f" (deferred; originally {fmt_date(st.state.original_due)})"
        row = [due, entry.area.name, report, occ.period.label,
               ", ".join(entry.role_titles(entry.obligation.owner))]
        table.add_row(*row, *((str(st.state.status),) if recorded else ()))
    Console(soft_wrap=False).print(table)


@click.command()
@click.option("--area", help="Only this area.")
@click.option("--role", help="Only obligations this role owns or receives.")
@click.option("--from", "from_", metavar="DATE", help="First day (default: 1 year ago).")
@click.option("--to", metavar="DATE", help="Last day (default: 2 years ahead).")
@db_read_option
@catalogue_option
@guarded
def calendar(area: str | None, role: str | None, from_: str | None, to: str | None,
             db: str | None, catalogue: tuple[str, ...]) -> None:
    """An iCalendar (RFC 5545) feed of due dates on stdout, for Outlook or Google Calendar.

    With a database (--db, or $CYCLES_DATABASE_URL when it exists): occurrences started by
    recorded events and submissions too, and deferred ones on their new date.
    """
    from cycles.app.setup import named_database
    from cycles.calendar_feed import feed

    today = london_today()
    start = parse_date(from_, "--from") or today - dt.timedelta(days=365)
    end = parse_date(to, "--to") or today + dt.timedelta(days=730)
    if end < start:
        raise UserError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    cat = load(catalogue)
    check_area(cat, area)
    _within(cat, start, end)
    sys.stdout.buffer.write(feed(cat, named_database(db), start, end, area=area, role=role))


if __name__ == "__main__":
    main()
