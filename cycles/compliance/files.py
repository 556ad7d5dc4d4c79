"""Building the compliance report from a database and writing it out: what every front door
(``cycles report``, the compliance flow, the web page) calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cycles.compliance.classify import compliance
from cycles.compliance.csv_export import to_csv, to_summary_csv
from cycles.compliance.markdown import to_markdown
from cycles.compliance.model import Compliance
from cycles.compliance.years import parse_year

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from config.loader import Catalogue

FORMATS = ("html", "csv", "summary-csv", "md")


def build_report(engine: Engine, catalogue: Catalogue, year: str, area: str | None,
                 as_of_date: dt.date) -> Compliance:
    """The classified year for ``area`` (None: every area) as at the end of ``as_of_date``.

    ValueError for a bad year label or an area the catalogue does not know.
    """
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


def write_report_files(c: Compliance, folder: Path | str) -> dict[str, Path]:
    """Write the HTML report, the register CSV and the figures CSV; returns their paths."""
    from cycles.compliance.html import to_html

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    renderers: dict[str, Callable[[Compliance], str]] = {
        "html": to_html, "csv": to_csv, "summary_csv": to_summary_csv}
    paths: dict[str, Path] = {}
    for kind, name in report_file_names(c).items():
        path = out / name
        write_atomic(path, renderers[kind](c))
        paths[kind] = path
    return paths


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)


def render(c: Compliance, fmt: str) -> str:
    """The report in one of :data:`FORMATS`."""
    from cycles.compliance.html import to_html

    renderers: dict[str, Callable[[Compliance], str]] = {
        "html": to_html, "csv": to_csv, "summary-csv": to_summary_csv, "md": to_markdown}
    return renderers[fmt](c)
