"""An on-disk cache of England's bank holidays, as the ``holidays`` package computes them.

Read-only commands must start fast, and ``import holidays`` plus its first lookup costs
~150 ms here. The cache holds the library's own answers for 1990-2070, keyed by the
installed ``holidays`` version (read from its files without importing it), so a new release
of the library rebuilds it. Years outside the range, or a cache that cannot be read or
written, fall back to the library itself. The engine stays pure: it is handed this source
through :func:`cycles.engine.workdays.use_holiday_source`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
from pathlib import Path

from cycles.engine.workdays import library_holidays, use_holiday_source
from storage.private import private_dir, write_private

FIRST, LAST = 1990, 2070


def _library_version() -> str | None:
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    # the installed distribution's metadata folder names the version: holidays-0.109.dist-info
    for info in sorted(package.parent.glob("holidays-*.dist-info")):
        m = re.fullmatch(r"holidays-(.+)\.dist-info", info.name)
        if m:
            return m.group(1)
    return None


def cache_path(version: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "reporting-cycles" / f"england-bank-holidays-{version}.json"


def _build(path: Path) -> dict[int, dict[dt.date, str]]:
    table = {y: library_holidays(y) for y in range(FIRST, LAST + 1)}
    data = {str(y): {d.isoformat(): n for d, n in days.items()} for y, days in table.items()}
    try:
        private_dir(path.parent)  # owner-only, like every file the tool writes
        write_private(path, json.dumps(data))  # atomic: a reader never sees half a file
    except OSError:
        pass
    return table


def _read(path: Path) -> dict[str, dict[str, str]] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _year(data: dict[str, dict[str, str]], year: int) -> dict[dt.date, str] | None:
    try:
        return {dt.date.fromisoformat(d): n for d, n in data[str(year)].items()}
    except (KeyError, ValueError, AttributeError):
        return None


def install() -> None:
    """Serve bank holidays from the cache (built on first use) for this process."""
    version = _library_version()
    if version is None:
        return
    path = cache_path(version)
    table: dict[str, dict[str, str]] | None = None

    def source(year: int) -> dict[dt.date, str]:
        nonlocal table
        if not FIRST <= year <= LAST:
            return library_holidays(year)
        if table is None:
            table = _read(path)
            if table is None:
                built = _build(path)
                table = {str(y): {d.isoformat(): n for d, n in days.items()}
                         for y, days in built.items()}
        found = _year(table, year)
        return found if found is not None else library_holidays(year)

    use_holiday_source(source)
