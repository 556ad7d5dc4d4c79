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
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from cycles.cli_options import (
    UserError,
    catalogue_option,
    check_area,
    emit_json,
    guarded,
    load,
    london_today,
    parse_date,
)

# name -> "module:function"; loaded on first use (see LazyGroup)
COMMANDS = {
    "validate": "cycles.cli:validate",
    "upcoming": "cycles.cli:upcoming",
    "calendar": "cycles.cli:calendar",
    "run": "cycles.commands:run",
    "status": "cycles.commands:status",
    "submit": "cycles.commands:submit",
    "waive": "cycles.commands:waive",
    "defer": "cycles.commands:defer",
    "event": "cycles.commands:event",
    "history": "cycles.commands:history",
    "simulate": "cycles.commands:simulate",
    "serve": "cycles.commands_serve:serve",
    "report": "cycles.commands_report:report",
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
    """Statutory reporting cycles between safeguarding boards and Children's Trusts."""
    from cycles import bankholidays

    # Start-up cost, not behaviour: pydantic scans every installed package's entry points
    # for plugins (~40 ms here) and we use none; the holidays library costs ~150 ms to import,
    # its answers are cached on disk.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    bankholidays.install()


# ---- catalogue commands (no database, no prefect, no apprise) ---------------------------

@click.command()
@click.argument("paths", nargs=-1, type=str)  # checked by the app (a NUL would crash click.Path)
@guarded
def validate(paths: tuple[str, ...]) -> None:
    """Check catalogue files (default: the shipped catalogue); one line per problem."""
    catalogue = load(paths)
    for area in catalogue.areas.values():
        n_event = sum(1 for ob in area.obligations if ob.is_event)
        n_default = sum(1 for ob in area.obligations if ob.local_default)
        click.echo(
            f"{catalogue.files[area.area]}: ok: {area.name}: {len(area.obligations)} obligations "
            f"({n_event} event-triggered, {n_default} on local defaults), "
            f"{len(area.roles)} roles, tracking from {area.tracking_from.isoformat()}"
        )


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
@catalogue_option
@guarded
def upcoming(from_: str | None, to: str | None, days: int | None, area: str | None,
             role: str | None, explain: bool, as_json: bool, catalogue: tuple[str, ...]) -> None:
    """Every occurrence due in a window, soonest first."""
    from cycles.occurrence_rows import occurrence_row

    start, end = _window(from_, to, days)
    cat = load(catalogue)
    check_area(cat, area)
    _within(cat, start, end)
    pairs = cat.occurrences(start, end, area=area, role=role)
    if as_json:
        emit_json([occurrence_row(e, o, explain=explain) for e, o in pairs])
        return
    _print_upcoming(pairs, start, end, explain)


def _print_upcoming(pairs: list[Any], start: dt.date, end: dt.date, explain: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from cycles.engine.workdays import fmt_date

    table = Table(title=f"Due {fmt_date(start)} to {fmt_date(end)}: {len(pairs)} reports",
                  title_justify="left", show_lines=explain)
    for col in ("Due", "Area", "Report", "Period", "Owner"):
        table.add_column(col, overflow="fold")
    for entry, occ in pairs:
        report = entry.obligation.title
        if explain:
            report += f"\n[dim]{occ.explanation}[/dim]"
        table.add_row(fmt_date(occ.due), entry.area.name, report, occ.period.label,
                      ", ".join(entry.role_titles(entry.obligation.owner)))
    Console(soft_wrap=False).print(table)


@click.command()
@click.option("--area", help="Only this area.")
@click.option("--role", help="Only obligations this role owns or receives.")
@click.option("--from", "from_", metavar="DATE", help="First day (default: 1 year ago).")
@click.option("--to", metavar="DATE", help="Last day (default: 2 years ahead).")
@catalogue_option
@guarded
def calendar(area: str | None, role: str | None, from_: str | None, to: str | None,
             catalogue: tuple[str, ...]) -> None:
    """An iCalendar (RFC 5545) feed of due dates on stdout, for Outlook or Google Calendar."""
    import pendulum

    from cycles.calendar_feed import build_calendar

    today = london_today()
    start = parse_date(from_, "--from") or today - dt.timedelta(days=365)
    end = parse_date(to, "--to") or today + dt.timedelta(days=730)
    if end < start:
        raise UserError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    cat = load(catalogue)
    check_area(cat, area)
    _within(cat, start, end)
    pairs = cat.occurrences(start, end, area=area, role=role)
    scope = cat.areas[area].name if area else "all areas"
    name = f"Reporting cycles: {scope}" + (f" ({role})" if role else "")
    cal = build_calendar(pairs, name, pendulum.now("UTC"))
    sys.stdout.buffer.write(cal.to_ical())


if __name__ == "__main__":
    main()
