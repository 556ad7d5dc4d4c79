"""Lateness is counted in closed form (whole weeks plus the holidays in range, found by
bisecting) and always equals the day-by-day count, closures included; and it is fast."""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.workdays import WorkingCalendar

CLOSURES = {
    dt.date(2026, 12, 29): "Council Christmas closure",
    dt.date(2026, 12, 30): "Council Christmas closure",
    dt.date(2026, 12, 28): "Council Christmas closure",  # also the Boxing Day substitute
    dt.date(2030, 6, 15): "Saturday closure",  # a weekend closure changes nothing
}
PLAIN = WorkingCalendar()
LOCAL = WorkingCalendar(CLOSURES)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))


def one_by_one(cal: WorkingCalendar, start: dt.date, end: dt.date) -> int:
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += cal.is_working_day(day)
    return count


@settings(max_examples=300, deadline=None)
@given(dates, dates)
def test_closed_form_equals_the_day_by_day_count(a: dt.date, b: dt.date) -> None:
    for cal in (PLAIN, LOCAL):
        assert cal.working_days_between(a, b) == one_by_one(cal, a, b)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(2026, 11, 1), max_value=dt.date(2027, 2, 28)),
       st.integers(min_value=0, max_value=120))
def test_closures_around_christmas_are_counted_once(a: dt.date, days: int) -> None:
    b = a + dt.timedelta(days=days)
    assert LOCAL.working_days_between(a, b) == one_by_one(LOCAL, a, b)


def test_known_counts() -> None:
    # Thu 24 Dec 2026 to Mon 4 Jan 2027: Tue 29, Wed 30, Thu 31 Dec and Mon 4 Jan.
    assert PLAIN.working_days_between(dt.date(2026, 12, 24), dt.date(2027, 1, 4)) == 4
    # ... of which the council closes Tue 29 and Wed 30.
    assert LOCAL.working_days_between(dt.date(2026, 12, 24), dt.date(2027, 1, 4)) == 2
    assert PLAIN.working_days_between(dt.date(2027, 1, 4), dt.date(2026, 12, 24)) == 0


def test_sixty_years_of_lateness_costs_no_more_than_a_week() -> None:
    start = dt.date(2000, 1, 3)
    PLAIN.working_days_between(start, dt.date(2060, 12, 31))  # warm the holiday lists
    t0 = time.perf_counter()
    for _ in range(2000):
        PLAIN.working_days_between(start, dt.date(2060, 12, 31))
    long = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(2000):
        PLAIN.working_days_between(start, dt.date(2000, 1, 10))
    short = time.perf_counter() - t0
    # Per-year bisects only: 61 years cost well under the day-by-day walk of 22,000 days.
    assert long < 60 * short + 0.5
