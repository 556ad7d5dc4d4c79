"""London time, in one place: the zone every due date and every scan day is counted in.

Instants are stored and passed around in UTC (aware); a *day* is a London calendar date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cycles.engine.workdays import fmt_date

LONDON = "Europe/London"

__all__ = ["LONDON", "day_start_utc", "fmt_date", "fmt_instant", "london_date", "today"]


def london_date(instant: dt.datetime) -> dt.date:
    """The London calendar date of an aware instant (a plain ``datetime.date``; the
    standard library's zone data, so the read-only commands need not import pendulum)."""
    from zoneinfo import ZoneInfo

    if instant.tzinfo is None:  # as pendulum reads a naive instant: UTC
        instant = instant.replace(tzinfo=dt.UTC)
    d = instant.astimezone(ZoneInfo(LONDON))
    return dt.date(d.year, d.month, d.day)


def day_start_utc(day: dt.date) -> dt.datetime:
    """00:00 in London on ``day``, as an aware UTC instant (the stored form)."""
    import pendulum

    return pendulum.datetime(day.year, day.month, day.day, tz=LONDON).in_timezone("UTC")


def today(instant: dt.datetime | None = None) -> dt.date:
    """The London date of ``instant`` (default: now)."""
    return london_date(instant if instant is not None else dt.datetime.now(dt.UTC))


def fmt_instant(instant: Any) -> str:
    """``Mon 2 Nov 2026 07:00``: an instant as a London wall-clock time."""
    import pendulum

    return pendulum.instance(instant).in_timezone(LONDON).format("ddd D MMM YYYY HH:mm")
