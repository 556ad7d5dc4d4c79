"""``cycles report``: the yearly evidence of on-time reporting (HTML, CSV or Markdown).

Also the two functions a Prefect flow calls: :func:`build_report` (database + catalogue ->
:class:`~cycles.report.Compliance`) and :func:`write_report_files` (the HTML report, the
register CSV and the figures CSV, under stable names).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from storage.private import private_dir, write_private

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from config.loader import Catalogue
    from cycles.report import Compliance

FORMATS = ("html", "csv", "summary-csv", "md")


def build_report(engine: Engine, catalogue: Catalogue, year: str, area: str | None,
                 as_of_date: dt.date) -> Compliance:
    """The classified year for ``area`` (None: every area) as at the end of ``as_of_date``.

    ValueError for a bad year label or an area the catalogue does not know.
    """
    from cycles.report import compliance, parse_year
    from storage.reporting import year_rows

    start, end = parse_year(year)
    if area is not None and area not in catalogue.areas:
        raise ValueError(f"unknown area {area!r} (known: {', '.join(catalogue.areas)})")
    rows = year_rows(engine, start, end, area)
    return compliance(catalogue, rows, as_of_date, year=year, area=area)


def report_file_names(c: Compliance) -> dict[str, str]:
    """``compliance-2026-27-medway.html`` etc. (``all`` when every area is in scope)."""
    stem = f"compliance-{c.slug}"
    return {"html": f"{stem}.html", "csv": f"{stem}.csv", "summary_csv": f"{stem}-summary.csv"}


def write_report_files(compliance: Compliance, folder: Path | str) -> dict[str, Path]:
    """Write the HTML report, the register CSV and the figures CSV; returns their paths."""
    from cycles.report import to_csv, to_html, to_summary_csv

    out = private_dir(folder)
    render = {"html": to_html, "csv": to_csv, "summary_csv": to_summary_csv}
    paths: dict[str, Path] = {}
    for kind, name in report_file_names(compliance).items():
        path = out / name
        _write(path, render[kind](compliance))
        paths[kind] = path
    return paths


def _write(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report (0600)."""
    write_private(path, text)


def render(c: Compliance, fmt: str) -> str:
    from cycles import report

    renderers: dict[str, Any] = {"html": report.to_html, "csv": report.to_csv,
                                 "summary-csv": report.to_summary_csv,
                                 "md": report.to_markdown}
    text: str = renderers[fmt](c)
    return text


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
    from cycles.report import parse_year

    try:
        parse_year(year)
    except ValueError as exc:
        raise UserError(f"--year: {exc}") from None
    from cycles.app.bounds import check_as_of

    instant = parse_instant(as_of)
    as_of_date = london_today(instant)
    cat = load(catalogue)
    if area is not None and area not in cat.areas:
        raise UserError(f"--area: unknown area {area!r} (known: {', '.join(cat.areas)})")
    check_as_of(cat, instant, london_today())
    engine = _existing(db)
    if engine is None:  # no database yet: nothing recorded (every past due date is listed
        from cycles.report import compliance  # as not in the database)

        c = compliance(cat, [], as_of_date, year=year, area=area)
    else:
        c = build_report(engine, cat, year, area, as_of_date)
    text = render(c, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.is_dir():
        raise UserError(f"--output: {output} is a folder; give a file name")
    try:
        private_dir(path.parent)
        write_private(path, text)
    except OSError as exc:
        raise UserError(f"--output: cannot write {output}: {exc.strerror}") from None
    click.echo(f"wrote {path} ({c.scope}, {c.year}, as of {as_of_date.isoformat()}: "
               f"{c.overall.on_time} of {c.overall.assessed} on time)", err=True)
