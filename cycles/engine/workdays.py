"""Working days in England: weekends, England's bank holidays and local closure days.

Bank holidays come from ``holidays.UK(subdiv="ENG")``, which is computed offline and includes
substitute days (Boxing Day 2026 falls on a Saturday; the substitute Monday 28 December is
the day off). A catalogue may add local closures (for instance the council's Christmas
shutdown); they count as non-working days exactly like bank holidays.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache


def fmt_date(d: dt.date) -> str:
    """``Fri 22 Jan 2027``: the form people read on a committee paper."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def fmt_short(d: dt.date) -> str:
    """``Fri 1 Jan``: a date inside an explanation whose year is already clear."""
    return f"{d:%a} {d.day} {d:%b}"


HolidaySource = Callable[[int], Mapping[dt.date, str]]


def library_holidays(year: int) -> dict[dt.date, str]:
    """England's bank holidays of one year, from the ``holidays`` package (offline)."""
    import holidays

    return dict(holidays.UK(subdiv="ENG", years=year).items())


_source: HolidaySource = library_holidays


def use_holiday_source(source: HolidaySource) -> None:
    """Replace where bank holidays come from (the CLI installs an on-disk cache of the same
    library's answers: importing ``holidays`` costs ~150 ms, a cache hit ~2 ms)."""
    global _source
    _source = source
    _england_year.cache_clear()
    _england_weekday_holidays.cache_clear()


@lru_cache(maxsize=256)
def _england_year(year: int) -> dict[dt.date, str]:
    return dict(_source(year))


@lru_cache(maxsize=256)
def _england_weekday_holidays(year: int) -> tuple[dt.date, ...]:
    """The bank holidays of one year that fall on a weekday, sorted (for bisecting)."""
    return tuple(sorted(d for d in _england_year(year) if d.weekday() < 5))


def weekdays_between(start: dt.date, end: dt.date) -> int:
    """Mondays to Fridays after ``start`` up to and including ``end`` (0 when end <= start):
    five per whole week, then the days of the part week counted one by one (at most six)."""
    n = (end - start).days
    if n <= 0:
        return 0
    weeks, rest = divmod(n, 7)
    first = start.weekday()
    return 5 * weeks + sum(1 for i in range(1, rest + 1) if (first + i) % 7 < 5)


class Roll(StrEnum):
    """What happens when a computed date is not a working day.

    ``following``: move to the next working day (the default: a deadline on a Saturday is met
    by the Monday). ``preceding``: move back to the previous working day (for "by" dates that
    must fall before a meeting). ``none``: keep the date as it is.
    """

    following = "following"
    preceding = "preceding"
    none = "none"


@dataclass(frozen=True)
class Skipped:
    day: dt.date
    name: str


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days for one area.

    ``closures`` maps a date to its name (``"Council Christmas closure"``).
    """

    closures: Mapping[dt.date, str] = field(default_factory=dict)

    def __hash__(self) -> int:  # closures is a dict; identity is enough for caching
        return id(self)

    def holiday_name(self, day: dt.date) -> str | None:
        """The bank holiday or closure on ``day``, if any (weekends are not named)."""
        if day in self.closures:
            return self.closures[day]
        return _england_year(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def add_working_days(self, day: dt.date, n: int) -> tuple[dt.date, list[Skipped]]:
        """The n-th working day after ``day`` (before it when n < 0).

        ``day`` itself is not counted: +1 working day from Thu is Fri. With n == 0 the date is
        returned unchanged. Also returns the bank holidays and closures skipped on the way
        (weekday ones only: weekends need no explanation).
        """
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        skipped: list[Skipped] = []
        current = day
        while remaining:
            current += dt.timedelta(days=step)
            if current.weekday() >= 5:
                continue
            name = self.holiday_name(current)
            if name is not None:
                skipped.append(Skipped(current, name))
                continue
            remaining -= 1
        return current, skipped

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start).

        Closed form, so lateness costs the same for a day or a decade: the weekdays in the
        range (whole weeks times five plus the part week) less the weekday bank holidays and
        closures in it, each found by bisecting a sorted list.
        """
        if end <= start:
            return 0
        count = weekdays_between(start, end)
        for year in range(start.year, end.year + 1):
            days = _england_weekday_holidays(year)
            count -= bisect_right(days, end) - bisect_right(days, start)
        closures = self._weekday_closures
        lo, hi = bisect_right(closures, start), bisect_right(closures, end)
        for day in closures[lo:hi]:
            if day not in _england_year(day.year):  # a closure on a bank holiday is one day off
                count -= 1
        return count

    @cached_property
    def _weekday_closures(self) -> tuple[dt.date, ...]:
        return tuple(sorted(d for d in self.closures if d.weekday() < 5))

    def roll(self, day: dt.date, policy: Roll) -> tuple[dt.date, list[Skipped]]:
        """Apply a :class:`Roll` policy; returns the date and the holidays it stepped over."""
        if policy is Roll.none or self.is_working_day(day):
            return day, []
        step = 1 if policy is Roll.following else -1
        skipped: list[Skipped] = []
        current = day
        while not self.is_working_day(current):
            name = self.holiday_name(current)
            if name is not None and current.weekday() < 5:
                skipped.append(Skipped(current, name))
            current += dt.timedelta(days=step)
        return current, skipped

    def last_working_day(self, year: int, month: int) -> tuple[dt.date, list[Skipped]]:
        """The last working day of a month, and the holidays passed over to reach it."""
        last = _last_day(year, month)
        return self.roll(last, Roll.preceding)

    def with_closures(self, extra: Iterable[tuple[dt.date, str]]) -> WorkingCalendar:
        merged = dict(self.closures)
        merged.update(extra)
        return WorkingCalendar(merged)


def _last_day(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def month_add(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) shifted by ``months``; always computed from the anchor, never chained."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def clamp_day(year: int, month: int, day: int) -> dt.date:
    """Day ``day`` of a month, or its last day when the month is shorter (31 -> 30 Apr)."""
    return min(dt.date(year, month, 1) + dt.timedelta(days=day - 1), _last_day(year, month))
