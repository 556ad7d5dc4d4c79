"""The financial year, 1 April to 31 March: labels, quarters, months, London dates."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
QUARTER_MONTHS = {1: "Apr-Jun", 2: "Jul-Sep", 3: "Oct-Dec", 4: "Jan-Mar"}
_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def parse_year(label: str) -> tuple[dt.date, dt.date]:
    """``"2026-27"`` -> (1 Apr 2026, 31 Mar 2027); ValueError for anything else."""
    m = _YEAR_LABEL.match(label.strip()) if isinstance(label, str) else None
    if m is None or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValueError(f"year {label!r} is not a financial year label: use the form "
                         "2026-27 (1 April 2026 to 31 March 2027)")
    first = int(m.group(1))
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def year_label(day: dt.date) -> str:
    """The financial year containing ``day``: 2027-01-12 -> ``"2026-27"``."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def quarter_of(day: dt.date) -> int:
    """Financial quarter: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar."""
    return (day.month - 4) % 12 // 3 + 1


def month_index(day: dt.date) -> int:
    """0 for April ... 11 for March."""
    return (day.month - 4) % 12


