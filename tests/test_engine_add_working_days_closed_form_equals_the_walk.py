"""Adding working days is worked out in closed form (weekdays counted in whole weeks, then
as many more as there are days off among them) and remembered per calendar; the date and the
holidays and closures it reports skipping, in the order passed, always equal the day-by-day
walk's, forwards and backwards, asked once or again. Areas with the same closures share one
calendar (and so what it has worked out)."""

from __future__ import annotations

import datetime as dt
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.workdays import (
    Roll,
    Skipped,
    WorkingCalendar,
    calendar_with,
    nth_weekday,
)

CLOSURES = {
    dt.date(2026, 12, 29): "Council Christmas closure",
    dt.date(2026, 12, 30): "Council Christmas closure",
    dt.date(2026, 12, 28): "Council Christmas closure",  # also the Boxing Day substitute
    dt.date(2027, 1, 1): "Council New Year closure",  # on a bank holiday: one day off
    dt.date(2030, 6, 15): "Saturday closure",  # a weekend closure changes nothing
}
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
counts = st.integers(min_value=-400, max_value=400)


def walk(cal: WorkingCalendar, day: dt.date, n: int) -> tuple[dt.date, list[Skipped]]:
    """The definition: step a day at a time, counting working days, naming the weekday
    holidays and closures stepped over."""
    step = 1 if n >= 0 else -1
    remaining, skipped, current = abs(n), [], day
    while remaining:
        current += dt.timedelta(days=step)
        if current.weekday() >= 5:
            continue
        name = cal.holiday_name(current)
        if name is not None:
            skipped.append(Skipped(current, name))
            continue
        remaining -= 1
    return current, skipped


def weekday_walk(day: dt.date, n: int) -> dt.date:
    step = 1 if n >= 0 else -1
    remaining, current = abs(n), day
    while remaining:
        current += dt.timedelta(days=step)
        remaining -= current.weekday() < 5
    return current


@settings(max_examples=400, deadline=None)
@given(dates, counts, st.dictionaries(dates, st.sampled_from(["Closure A", "Closure B"]),
                                      max_size=30))
def test_closed_form_equals_the_walk(day: dt.date, n: int,
                                     closures: dict[dt.date, str]) -> None:
    for cal in (WorkingCalendar(), WorkingCalendar(CLOSURES), WorkingCalendar(closures)):
        expected = walk(cal, day, n)
        assert cal.add_working_days(day, n) == expected
        assert cal.add_working_days(day, n) == expected  # remembered: the same answer


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(2026, 11, 1), max_value=dt.date(2027, 2, 28)),
       st.integers(min_value=-40, max_value=40))
def test_around_christmas_closures_and_bank_holidays(day: dt.date, n: int) -> None:
    cal = WorkingCalendar(CLOSURES)
    assert cal.add_working_days(day, n) == walk(cal, day, n)


@settings(max_examples=300, deadline=None)
@given(dates, counts)
def test_nth_weekday_equals_counting_weekdays(day: dt.date, n: int) -> None:
    assert nth_weekday(day, n) == weekday_walk(day, n)


def test_a_caller_changing_the_answer_changes_nothing_remembered() -> None:
    cal = WorkingCalendar(CLOSURES)
    day, skipped = cal.add_working_days(dt.date(2026, 12, 24), 3)
    assert (day, [s.day for s in skipped]) == (
        dt.date(2027, 1, 5), [dt.date(2026, 12, 25), dt.date(2026, 12, 28),
                              dt.date(2026, 12, 29), dt.date(2026, 12, 30),
                              dt.date(2027, 1, 1)])
    assert skipped[-1].name == "Council New Year closure"  # the closure's own name
    skipped.clear()
    assert len(cal.add_working_days(dt.date(2026, 12, 24), 3)[1]) == 5
    rolled, passed = cal.roll(dt.date(2026, 12, 26), Roll.following)
    passed.clear()
    assert cal.roll(dt.date(2026, 12, 26), Roll.following)[1] != []
    assert rolled == dt.date(2026, 12, 31)


def test_areas_with_the_same_closures_share_one_calendar() -> None:
    assert calendar_with({}) is calendar_with({})
    assert calendar_with(dict(CLOSURES)) is calendar_with(dict(reversed(CLOSURES.items())))
    assert calendar_with(CLOSURES) is not calendar_with({})
    assert calendar_with(CLOSURES) == WorkingCalendar(CLOSURES)


def test_a_pickled_calendar_comes_back_shared_and_without_what_it_worked_out() -> None:
    cal = calendar_with(CLOSURES)
    cal.add_working_days(dt.date(2026, 12, 24), 3)
    data = pickle.dumps(cal)  # as the catalogue cache stores an area
    assert b"add" not in data
    assert pickle.loads(data) is cal
