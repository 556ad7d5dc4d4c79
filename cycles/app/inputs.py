"""Parsing what people type, for every door: dates, and instants (an ISO date or date-time;
a naive value is London time). Errors are :class:`~cycles.app.errors.InputError`.

A naive London time the clocks skip (``2026-03-29T01:30``: 01:00 became 02:00) or pass
twice (``2026-10-25T01:30``: 02:00 became 01:00) is refused, naming the two instants it
could mean, each with its offset, so the person picks one. Range checks (the dates this
tool works with) are :mod:`cycles.app.bounds`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cycles.app.errors import InputError
from cycles.london import LONDON

MAX_INPUT = 64  # longer than any date or date-time anyone types


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def parse_date(value: str | None, field: str = "date") -> dt.date | None:
    """``YYYY-MM-DD`` -> a date; None stays None."""
    if value is None:
        return None
    try:
        if len(value) > MAX_INPUT:
            raise ValueError
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(field, f"{_short(value)} is not a date (use YYYY-MM-DD)") from None


def london_wall_time(naive: dt.datetime, field: str) -> dt.datetime:
    """A naive London wall-clock time as an aware instant; InputError when the clocks skip
    it or pass it twice (naming both candidate instants)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(LONDON)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    shown = naive.isoformat(timespec="minutes")
    a, b = (x.isoformat(timespec="minutes") for x in (first, second))
    back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:  # a gap: 01:00 -> 02:00 in March
        raise InputError(field, f"{shown} does not exist in London (the clocks went forward "
                         f"an hour); give {a} or {b}")
    raise InputError(field, f"{shown} happens twice in London (the clocks went back an "
                     f"hour); give {a} (the first) or {b} (the second)")


def parse_instant(value: str | None, field: str = "as of") -> Any:
    """An ISO date or date-time as an aware UTC pendulum instant; naive values are London
    (refused when the clocks skip them or pass them twice). None -> now."""
    import pendulum
    from pendulum.parsing import parse as parse_iso

    if value is None:
        return pendulum.now("UTC")
    problem = f"{_short(value)} is not a date or date-time (ISO 8601)"
    text = value.strip()
    try:
        if len(text) > MAX_INPUT or not text:
            raise ValueError
        exact = pendulum.parse(text, exact=True)
        if isinstance(exact, pendulum.Date) and not isinstance(exact, pendulum.DateTime):
            local = london_wall_time(dt.datetime(exact.year, exact.month, exact.day), field)
        elif isinstance(exact, pendulum.DateTime):
            raw = parse_iso(text)
            if not isinstance(raw, dt.datetime):
                raise ValueError
            local = london_wall_time(raw, field) if raw.tzinfo is None else raw
        else:
            raise ValueError  # a time alone, a duration
        return pendulum.instance(local).in_timezone("UTC")
    except InputError:
        raise
    except (ValueError, OverflowError, TypeError, pendulum.parsing.exceptions.ParserError):
        raise InputError(field, problem) from None
