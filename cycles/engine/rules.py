"""Due rules: from a period (or an event date) to the day a report is due.

Each rule is a small frozen value with one method, :meth:`DueRule.due`, that returns the date
together with the sentence that explains it, built by the same code that computes the date:

    Q3 ends Thu 31 Dec 2026; +15 working days, skipping New Year's Day (Fri 1 Jan) = Fri 22 Jan 2027

Month-end policy: a fixed day that a month does not have (31 in April) is clamped to the
month's last day. Non-working-day policy: see :class:`~cycles.engine.workdays.Roll`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from cycles.engine.workdays import (
    Roll,
    Skipped,
    WorkingCalendar,
    clamp_day,
    fmt_date,
    fmt_short,
    month_add,
)


class RuleNotComputable(ValueError):
    """The rule has no answer for this period (for instance no meeting is dated after it)."""


@dataclass(frozen=True)
class Due:
    date: dt.date
    explanation: str


@dataclass(frozen=True)
class Anchor:
    """What a rule counts from: the end of a period, or the date an event was recorded."""

    day: dt.date
    description: str  # "2026-27 Q3 ends Thu 31 Dec 2026"


class DueRule(Protocol):
    def due(
        self, anchor: Anchor, calendar: WorkingCalendar, meetings: Mapping[str, Sequence[dt.date]]
    ) -> Due: ...


@lru_cache(maxsize=4096)
def _month_name(year: int, month: int) -> str:
    """``December 2026`` (formatted once: thousands of explanations name the same months)."""
    return dt.date(year, month, 1).strftime("%B %Y")


def _skipping(skipped: list[Skipped]) -> str:
    if not skipped:
        return ""
    parts = [f"{s.name} ({fmt_short(s.day)})" for s in skipped]
    return ", skipping " + ", ".join(parts)


def _rolled(day: dt.date, rolled: dt.date, skipped: list[Skipped], policy: Roll) -> str:
    """`` (Sat 26 Dec is a weekend; next working day, skipping ...)``: why a date moved."""
    if rolled == day:
        return ""
    why = "a weekend" if day.weekday() >= 5 else "not a working day"
    if skipped and skipped[0].day == day:
        why = skipped[0].name
        skipped = skipped[1:]
    way = "next" if policy is Roll.following else "previous"
    return f" ({fmt_short(day)} is {why}; {way} working day{_skipping(skipped)})"


@dataclass(frozen=True)
class AfterDays:
    """N calendar days after the anchor, then rolled to a working day (default: following)."""

    days: int
    roll: Roll = Roll.following

    def due(self, anchor: Anchor, calendar: WorkingCalendar, meetings: Mapping) -> Due:
        raw = anchor.day + dt.timedelta(days=self.days)
        date, skipped = calendar.roll(raw, self.roll)
        text = f"{anchor.description}; {self.days:+d} days = {fmt_date(raw)}"
        text += _rolled(raw, date, skipped, self.roll)
        if date != raw:
            text += f" = {fmt_date(date)}"
        return Due(date, text)



@dataclass(frozen=True)
class MonthsAfter:
    """N calendar months after the anchor (before it when N < 0), on the same day of the
    month or the month's last day when it has no such day (31 Aug + 6 months = 28 Feb),
    then rolled off a non-working day (default: following).

    Not a count of days: 6 months from Mon 31 Aug 2026 is Sun 28 Feb 2027, rolled to
    Mon 1 Mar 2027, where 183 days would give Tue 2 Mar 2027.
    """

    months: int
    roll: Roll = Roll.following

    def due(self, anchor: Anchor, calendar: WorkingCalendar, meetings: Mapping) -> Due:
        y, m = month_add(anchor.day.year, anchor.day.month, self.months)
        raw = clamp_day(y, m, anchor.day.day)
        unit = "month" if abs(self.months) == 1 else "months"
        text = f"{anchor.description}; {self.months:+d} {unit} = {fmt_date(raw)}"
        if raw.day != anchor.day.day:
            text += f" (no {anchor.day.day} {raw:%b}: the month's last day)"
        date, skipped = calendar.roll(raw, self.roll)
        text += _rolled(raw, date, skipped, self.roll)
        if date != raw:
            text += f" = {fmt_date(date)}"
        return Due(date, text)


@dataclass(frozen=True)
class AfterWorkingDays:
    """N working days after the anchor (the anchor day itself is not counted).

    With N = 0 the anchor day itself, moved to the next working day when it is not one.
    """

    working_days: int

    def due(self, anchor: Anchor, calendar: WorkingCalendar, meetings: Mapping) -> Due:
        if self.working_days == 0:
            date, skipped = calendar.roll(anchor.day, Roll.following)
            moved = _rolled(anchor.day, date, skipped, Roll.following)
            text = f"{anchor.description}; on that day{moved}"
            return Due(date, text + (f" = {fmt_date(date)}" if date != anchor.day else ""))
        date, skipped = calendar.add_working_days(anchor.day, self.working_days)
        text = (
            f"{anchor.description}; {self.working_days:+d} working days"
            f"{_skipping(skipped)} = {fmt_date(date)}"
        )
        return Due(date, text)



@dataclass(frozen=True)
class DayOfMonth:
    """Day ``day`` of a month after the anchor.

    With ``month`` set: the first such date after the anchor in that calendar month (31 July
    following the end of the financial year). Otherwise the month ``months_after`` months
    after the anchor's month (``months_after=1``: the 15th of the next month).
    """

    day: int
    month: int | None = None
    months_after: int = 1
    roll: Roll = Roll.following

    def _raw(self, anchor: dt.date) -> dt.date:
        if self.month is not None:
            year = anchor.year
            candidate = clamp_day(year, self.month, self.day)
            if candidate <= anchor:
                candidate = clamp_day(year + 1, self.month, self.day)
            return candidate
        y, m = month_add(anchor.year, anchor.month, self.months_after)
        return clamp_day(y, m, self.day)

    def due(self, anchor: Anchor, calendar: WorkingCalendar, meetings: Mapping) -> Due:
        raw = self._raw(anchor.day)
        date, skipped = calendar.roll(raw, self.roll)
        text = f"{anchor.description}; due on {fmt_date(raw)}"
        text += _rolled(raw, date, skipped, self.roll)
        if date != raw:
            text += f" = {fmt_date(date)}"
        return Due(date, text)



@dataclass(frozen=True)
class LastWorkingDay:
    """The last working day of a month after the anchor (``month`` or ``months_after``)."""

    month: int | None = None
    months_after: int = 1

    def due(self, anchor: Anchor, calendar: WorkingCalendar, meetings: Mapping) -> Due:
        if self.month is not None:
            y = anchor.day.year
            date, skipped = calendar.last_working_day(y, self.month)
            if date <= anchor.day:
                y += 1
                date, skipped = calendar.last_working_day(y, self.month)
            year, month = y, self.month
        else:
            year, month = month_add(anchor.day.year, anchor.day.month, self.months_after)
            date, skipped = calendar.last_working_day(year, month)
        month_name = _month_name(year, month)
        text = (
            f"{anchor.description}; last working day of {month_name}"
            f"{_skipping(skipped)} = {fmt_date(date)}"
        )
        return Due(date, text)



@dataclass(frozen=True)
class BeforeMeeting:
    """N working days before the first meeting of a named board at which the report can go.

    The meeting chosen is the first one dated after the anchor whose deadline (the meeting
    less N working days) also falls after the anchor: a quarter's report cannot be due
    before the quarter has ended. Only meetings within ``within_days`` of the anchor count
    (a quarter from years ago does not fall due at next month's meeting). Meeting dates are
    data in the catalogue; when none is dated late enough the rule is not computable for
    that period.
    """

    meeting: str
    working_days: int
    meeting_title: str = ""
    within_days: int = 366

    def due(
        self, anchor: Anchor, calendar: WorkingCalendar, meetings: Mapping[str, Sequence[dt.date]]
    ) -> Due:
        dates = sorted(meetings.get(self.meeting, ()))
        title = self.meeting_title or self.meeting
        for meeting_day in dates:
            if meeting_day <= anchor.day:
                continue
            if (meeting_day - anchor.day).days > self.within_days:
                break
            date, skipped = calendar.add_working_days(meeting_day, -self.working_days)
            if date > anchor.day:
                text = (
                    f"{anchor.description}; next {title} meeting {fmt_date(meeting_day)}; "
                    f"-{self.working_days} working days{_skipping(skipped)} = {fmt_date(date)}"
                )
                return Due(date, text)
        last = fmt_date(dates[-1]) if dates else "none"
        raise RuleNotComputable(
            f"no {title} meeting is dated late enough after {fmt_date(anchor.day)} "
            f"(last dated meeting: {last})"
        )

