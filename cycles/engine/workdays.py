"""Working days in England: weekends, England's bank holidays and local closure days.

Bank holidays come from ``holidays.UK(subdiv="ENG")``, which is computed offline and includes
substitute days (Boxing Day 2026 falls on a Saturday; the substitute Monday 28 December is
the day off). A catalogue may add local closures (for instance the council's Christmas
shutdown); they count as non-working days exactly like bank holidays.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Any, TypeVar, cast

T = TypeVar("T")


def fmt_date(d: dt.date) -> str:
    """``Fri 22 Jan 2027``: the form people read on a committee paper."""
    # The same few days are written into thousands of explanations: each is formatted once
    # (dates only: equal aware datetimes can fall on different days).
    return _fmt_date(d) if type(d) is dt.date else f"{d:%a} {d.day} {d:%b %Y}"


def fmt_short(d: dt.date) -> str:
    """``Fri 1 Jan``: a date inside an explanation whose year is already clear."""
    return _fmt_short(d) if type(d) is dt.date else f"{d:%a} {d.day} {d:%b}"


@lru_cache(maxsize=8192)
def _fmt_date(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


@lru_cache(maxsize=8192)
def _fmt_short(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


HolidaySource = Callable[[int], Mapping[dt.date, str]]


def library_holidays(year: int) -> dict[dt.date, str]:
    """England's bank holidays of one year, from the ``holidays`` package (offline)."""
    import holidays

    return dict(holidays.UK(subdiv="ENG", years=year).items())


_source: HolidaySource = library_holidays
_generation = 0


def use_holiday_source(source: HolidaySource) -> None:
    """Replace where bank holidays come from (the CLI installs an on-disk cache of the same
    library's answers: importing ``holidays`` costs ~150 ms, a cache hit ~2 ms)."""
    global _source, _generation
    _source = source
    _generation += 1  # what calendars worked out from the old source no longer holds
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


_MEMO_LIMIT = 100_000


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days for one area.

    ``closures`` maps a date to its name (``"Council Christmas closure"``).
    """

    closures: Mapping[dt.date, str] = field(default_factory=dict)
    # answers already worked out (the calendar never changes): add_working_days, roll
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False,
                                  compare=False)

    def __hash__(self) -> int:  # closures is a dict; identity is enough for caching
        return id(self)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (the catalogue cache) as its closures alone: what it worked out stays
        behind, and unpickling gives the shared calendar of those closures."""
        return calendar_with, (dict(self.closures),)

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
        (weekday ones only: weekends need no explanation), in the order they are passed.

        Closed form (see :meth:`_add_working_days`), remembered per calendar: the calendar is
        frozen, so the same question always has the same answer.
        """
        key = ("add", day, n)
        found = self._recall(key)
        if found is None:
            found = self._remember(key, self._add_working_days(day, n))
        return found[0], list(found[1])

    def _add_working_days(self, day: dt.date, n: int) -> tuple[dt.date, tuple[Skipped, ...]]:
        """Count ``|n|`` weekdays, then as many more as there are days off among those
        counted, until no new day off comes into the range. The days off only grow as the
        range does, so this stops, on a working day (a day off at the end would have been
        counted and pushed it on): the walk's answer, without walking."""
        if n == 0:
            return day, ()
        off = 0
        while True:
            end = nth_weekday(day, n + off if n > 0 else n - off)
            days = self._days_off(day, end) if n > 0 else self._days_off(end, day, True)
            if len(days) == off:
                break
            off = len(days)
        if n < 0:
            days.reverse()
        return end, tuple(Skipped(d, self._day_off_name(d)) for d in days)

    def _days_off(self, lo: dt.date, hi: dt.date, backward: bool = False) -> list[dt.date]:
        """The weekday bank holidays and closures a walk passes, sorted: after ``lo`` up to
        and including ``hi``, or (``backward``) from ``lo`` up to but excluding ``hi``."""
        cut = bisect_left if backward else bisect_right
        out: list[dt.date] = []
        for year in range(lo.year, hi.year + 1):
            days = self._weekday_days_off(year)
            out += days[cut(days, lo):cut(days, hi)]
        return out

    def _weekday_days_off(self, year: int) -> tuple[dt.date, ...]:
        key = ("off", year)
        found = self._recall(key)
        if found is None:
            own = {d for d in self._weekday_closures if d.year == year}
            found = self._remember(key, tuple(sorted(own.union(_england_weekday_holidays(year)))))
        return found

    def remembered(self, key: Hashable, work: Callable[[], T]) -> T:
        """``work()``'s answer, worked out once per calendar for ``key``: for answers that
        depend only on the key and on this calendar (which never changes), such as a due
        date that many areas with the same rule and the same period ask for."""
        memo_key = ("of", key)
        found = self._recall(memo_key)
        if found is None:
            found = self._remember(memo_key, (work(),))
        return cast(T, found[0])

    def _recall(self, key: tuple[Any, ...]) -> Any:
        if self._memo.get("source") != _generation:
            self._memo.clear()
            self._memo["source"] = _generation
        return self._memo.get(key)

    def _remember(self, key: tuple[Any, ...], value: Any) -> Any:
        if len(self._memo) >= _MEMO_LIMIT:  # a long-lived process asking about any date
            self._memo.clear()
            self._memo["source"] = _generation
        self._memo[key] = value
        return value

    def _day_off_name(self, day: dt.date) -> str:
        name = self.holiday_name(day)
        assert name is not None
        return name

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
        if policy is Roll.none:
            return day, []
        key = ("roll", day, policy)
        found = self._recall(key)
        if found is None:
            found = self._remember(key, self._roll(day, policy))
        return found[0], list(found[1])

    def _roll(self, day: dt.date, policy: Roll) -> tuple[dt.date, tuple[Skipped, ...]]:
        if self.is_working_day(day):
            return day, ()
        step = 1 if policy is Roll.following else -1
        skipped: list[Skipped] = []
        current = day
        while not self.is_working_day(current):
            name = self.holiday_name(current)
            if name is not None and current.weekday() < 5:
                skipped.append(Skipped(current, name))
            current += dt.timedelta(days=step)
        return current, tuple(skipped)

    def last_working_day(self, year: int, month: int) -> tuple[dt.date, list[Skipped]]:
        """The last working day of a month, and the holidays passed over to reach it."""
        return self.roll(_last_day(year, month), Roll.preceding)

    def with_closures(self, extra: Iterable[tuple[dt.date, str]]) -> WorkingCalendar:
        merged = dict(self.closures)
        merged.update(extra)
        return WorkingCalendar(merged)


_calendars: dict[frozenset[tuple[dt.date, str]], WorkingCalendar] = {}


def calendar_with(closures: Mapping[dt.date, str]) -> WorkingCalendar:
    """The one calendar of these closures: areas with the same closures (most have none:
    England's bank holidays are every area's) share it, and with it what it has worked out."""
    key = frozenset(closures.items())
    found = _calendars.get(key)
    if found is None:
        found = _calendars[key] = WorkingCalendar(dict(closures))
    return found


def nth_weekday(day: dt.date, n: int) -> dt.date:
    """The n-th Monday-to-Friday after ``day`` (before it when n < 0; ``day`` itself not
    counted): five per whole week, then the rest, stepping over one weekend if it crosses."""
    if n == 0:
        return day
    wd = day.weekday()
    weeks, rest = divmod(abs(n), 5)
    if n > 0:
        if wd >= 5:  # from a weekend, count as from the Friday before
            day, wd = day - dt.timedelta(days=wd - 4), 4
        return day + dt.timedelta(days=7 * weeks + rest + (2 if wd + rest >= 5 else 0))
    if wd >= 5:  # back from a weekend, count as from the Monday after
        day, wd = day + dt.timedelta(days=7 - wd), 0
    return day - dt.timedelta(days=7 * weeks + rest + (2 if wd - rest < 0 else 0))


@lru_cache(maxsize=4096)
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
