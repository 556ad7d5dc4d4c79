"""``cycles report``: the yearly evidence of on-time reporting (HTML, CSV or Markdown).

The click command only: building, rendering and writing the report is
:mod:`cycles.compliance` (which the Prefect flow calls too).
"""

from __future__ import annotations

from pathlib import Path

import click

from cycles.cli_options import (
    UserError,
    catalogue_option,
    db_option,
    guarded,
    load,
    london_today,
    parse_instant,
)
from cycles.cli_options import existing_database as _existing
from cycles.compliance.files import FORMATS
from storage.private import private_dir


@click.command()
@click.option("--year", required=True, metavar="LABEL",
              help="Financial year, e.g. 2026-27 (1 April 2026 to 31 March 2027).")
@click.option("--area", help="Only this area (default: every area).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="html: the printable report with pictures; csv: one row per occurrence; "
              "summary-csv: the figures; md: Markdown.")
@click.option("--output", "output", metavar="PATH", help="Write to this file (default: stdout).")
@click.option("--as-of", "as_of", metavar="DATETIME",
              help="Report as at the end of this day (ISO; default today, London). Records "
              "dated after it are ignored.")
@db_option
@catalogue_option
@guarded
def report(year: str, area: str | None, fmt: str, output: str | None, as_of: str | None,
           db: str | None, catalogue: tuple[str, ...]) -> None:
    """The yearly evidence of on-time reporting, for the annual assessment of governance."""
    from cycles.app.bounds import check_as_of
    from cycles.app.compliance import build_report, check_year
    from cycles.compliance import render, write_atomic

    check_year(year)
    instant = parse_instant(as_of)
    as_of_date = london_today(instant)
    cat = load(catalogue)
    check_as_of(cat, instant, london_today())
    # no database yet: nothing recorded (every past due date is listed as not in the database)
    c = build_report(_existing(db), cat, year=year, area=area, as_of_date=as_of_date)
    text = render(c, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.is_dir():
        raise UserError(f"--output: {output} is a folder; give a file name")
    try:
        private_dir(path.parent)  # owner-only (0700) when created, whatever the umask
        write_atomic(path, text)
    except OSError as exc:
        raise UserError(f"--output: cannot write {output}: {exc.strerror}") from None
    click.echo(f"wrote {path} ({c.scope}, {c.year}, as of {as_of_date.isoformat()}: "
               f"{c.overall.on_time} of {c.overall.assessed} on time)", err=True)
