"""The compliance report's files and formats: rendering one format, writing the three files
whole (what :mod:`cycles.app.compliance` and the front doors call)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cycles.compliance.csv_export import to_csv, to_summary_csv
from cycles.compliance.markdown import to_markdown
from cycles.compliance.model import Compliance

FORMATS = ("html", "csv", "summary-csv", "md")


def report_file_names(c: Compliance) -> dict[str, str]:
    """``compliance-2026-27-medway.html`` etc. (``all`` when every area is in scope)."""
    stem = f"compliance-{c.slug}"
    return {"html": f"{stem}.html", "csv": f"{stem}.csv", "summary_csv": f"{stem}-summary.csv"}


def write_report_files(c: Compliance, folder: Path | str) -> dict[str, Path]:
    """Write the HTML report, the register CSV and the figures CSV; returns their paths."""
    from cycles.compliance.html import to_html
    from storage.private import private_dir

    out = private_dir(folder)  # owner-only (0700), whatever the umask
    renderers: dict[str, Callable[[Compliance], str]] = {
        "html": to_html, "csv": to_csv, "summary_csv": to_summary_csv}
    paths: dict[str, Path] = {}
    for kind, name in report_file_names(c).items():
        path = out / name
        write_atomic(path, renderers[kind](c))
        paths[kind] = path
    return paths


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report; the
    file is owner-only (0600) whatever the umask."""
    from storage.private import write_private

    write_private(path, text)


def render(c: Compliance, fmt: str) -> str:
    """The report in one of :data:`FORMATS`."""
    from cycles.compliance.html import to_html

    renderers: dict[str, Callable[[Compliance], str]] = {
        "html": to_html, "csv": to_csv, "summary-csv": to_summary_csv, "md": to_markdown}
    return renderers[fmt](c)
