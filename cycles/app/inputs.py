"""Parsing what people type, for every door: dates, and instants (an ISO date or date-time;
a naive value is London time). Errors are :class:`~cycles.app.errors.InputError`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cycles.app.errors import InputError
from cycles.london import LONDON


def parse_date(value: str | None, field: str = "date") -> dt.date | None:
    """``YYYY-MM-DD`` -> a date; None stays None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"{value!r} is not a date (use YYYY-MM-DD)") from None


def parse_instant(value: str | None, field: str = "as of") -> Any:
    """An ISO date or date-time as an aware UTC pendulum instant; naive values are London.
    None -> now."""
    import pendulum

    if value is None:
        return pendulum.now("UTC")
    problem = f"{value!r} is not a date or date-time (ISO 8601)"
    try:
        parsed = pendulum.parse(value, tz=LONDON)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        raise InputError(field, problem) from None
    if not isinstance(parsed, pendulum.DateTime):
        raise InputError(field, problem)
    return parsed.in_timezone("UTC")
