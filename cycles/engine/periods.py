"""Reporting periods: monthly, quarterly, six-monthly, annual and every N years.

Periods are anchored on a year-start month: April (the UK financial year) unless an entry
says otherwise (1 = calendar year, 9 = academic year, ...). Periods of one cadence tile time:
each starts the day after the previous one ends, and their labels are unique.

Labels are the ones people use on committee papers:

* financial year (any start month but January): ``2026-27 Q3``, ``2026-27 H1``, ``2026-27``,
  ``2024-27`` (three years from April 2024), ``Nov 2026`` (a month);
* calendar year: ``2026 Q3``, ``2026 H1``, ``2026``, ``2024-2026``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from cycles.engine.workdays import fmt_date, month_add


class Cadence(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"
    six_monthly = "six-monthly"
    annual = "annual"
    every_n_years = "every-n-years"

    def months(self, every_years: int = 1) -> int:
        return {
            Cadence.monthly: 1,
            Cadence.quarterly: 3,
            Cadence.six_monthly: 6,
            Cadence.annual: 12,
            Cadence.every_n_years: 12 * every_years,
        }[self]


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive: the last day of the period
    label: str

    def explain_end(self) -> str:
        return f"{self.label} ends {fmt_date(self.end)}"


@dataclass(frozen=True)
class PeriodSpec:
    """A cadence with its anchor: everything needed to cut time into periods."""

    cadence: Cadence
    year_start_month: int = 4
    every_years: int = 1
    first_year: int = 2000  # the start year of one period; only matters when every_years > 1

    @property
    def length(self) -> int:
        return self.cadence.months(self.every_years)

    def _anchor_index(self) -> int:
        return self.first_year * 12 + (self.year_start_month - 1)

    def period_at(self, k: int) -> Period:
        """The k-th period after the anchor (k may be negative)."""
        return _period_at(self, k)

    def _period_at(self, k: int) -> Period:
        start_index = self._anchor_index() + k * self.length
        sy, sm = divmod(start_index, 12)
        ey, em = month_add(sy, sm + 1, self.length)
        start = dt.date(sy, sm + 1, 1)
        end = dt.date(ey, em, 1) - dt.timedelta(days=1)
        return Period(start, end, self._label(start, end))

    def index_of(self, day: dt.date) -> int:
        months = day.year * 12 + (day.month - 1) - self._anchor_index()
        return months // self.length

    def _label(self, start: dt.date, end: dt.date) -> str:
        ys = self.year_start_month
        # the year that the period's "year" starts in
        fy = start.year if start.month >= ys else start.year - 1
        calendar = ys == 1
        year_label = str(fy) if calendar else f"{fy}-{(fy + 1) % 100:02d}"
        c = self.cadence
        if c is Cadence.monthly:
            return f"{start:%b %Y}"
        if c is Cadence.quarterly:
            q = ((start.month - ys) % 12) // 3 + 1
            return f"{year_label} Q{q}"
        if c is Cadence.six_monthly:
            h = ((start.month - ys) % 12) // 6 + 1
            return f"{year_label} H{h}"
        if c is Cadence.annual:
            return year_label
        if calendar:
            return f"{start.year}-{end.year}"
        return f"{fy}-{(fy + self.every_years) % 100:02d}"


@lru_cache(maxsize=16384)
def _period_at(spec: PeriodSpec, k: int) -> Period:
    """Periods are values: every area with the same cadence cuts time the same way."""
    return spec._period_at(k)


def period_containing(spec: PeriodSpec, day: dt.date) -> Period:
    return spec.period_at(spec.index_of(day))


def periods_between(spec: PeriodSpec, first: dt.date, last: dt.date) -> Iterator[Period]:
    """Every period that overlaps [first, last], in order."""
    k = spec.index_of(first)
    while True:
        p = spec.period_at(k)
        if p.start > last:
            return
        yield p
        k += 1
