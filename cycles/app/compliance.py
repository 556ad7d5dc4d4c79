"""The yearly compliance report as use cases: which year, the classified year from the
database and the catalogue, and its files (written whole or not at all)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cycles.app.errors import InputError

if TYPE_CHECKING:
    from config.loader import Catalogue
    from cycles.compliance import Compliance


def check_year(year: str) -> str:
    """A financial year label (``2026-27``), checked; InputError("year") otherwise."""
    from cycles.compliance import parse_year

    try:
        parse_year(year)
    except ValueError as exc:
        raise InputError("year", str(exc)) from None
    return year.strip()


def report_year(year: str | None, as_of_date: dt.date) -> str:
    """``year`` checked, or by default the latest financial year that had ended by
    ``as_of_date`` (on 15 April 2027: ``2026-27``)."""
    from cycles.compliance import parse_year, year_label

    if year:
        return check_year(year)
    start, _ = parse_year(year_label(as_of_date))
    return year_label(start - dt.timedelta(days=1))


def build_report(engine: Any, catalogue: Catalogue, *, year: str, area: str | None,
                 as_of_date: dt.date) -> Compliance:
    """The classified year for ``area`` (None: every area) as at the end of ``as_of_date``;
    ``engine`` None (no database yet): nothing recorded."""
    from cycles.app.setup import check_area
    from cycles.compliance import compliance, parse_year

    start, end = parse_year(check_year(year))
    check_area(catalogue, area)
    rows: list[Any] = []
    if engine is not None:
        from storage.reporting import year_rows

        rows = year_rows(engine, start, end, area)
    return compliance(catalogue, rows, as_of_date, year=year, area=area)


def write_report_files(compliance: Compliance, folder: Path | str) -> dict[str, Path]:
    """The HTML report, the register CSV and the figures CSV under stable names
    (``compliance-2026-27-medway.html`` ...), each written whole or not at all."""
    from cycles.compliance.files import write_report_files as write

    return write(compliance, folder)
