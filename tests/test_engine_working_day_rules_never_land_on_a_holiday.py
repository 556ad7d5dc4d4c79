"""Working-day rules land on working days: never a weekend, a bank holiday or a closure."""

from __future__ import annotations

import datetime as dt

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.periods import Cadence, PeriodSpec, period_containing
from cycles.engine.rules import AfterDays, AfterWorkingDays, Anchor, DayOfMonth, LastWorkingDay
from cycles.engine.workdays import Roll, WorkingCalendar

SETTINGS = settings(max_examples=200, deadline=None)

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
specs = st.builds(
    PeriodSpec,
    cadence=st.sampled_from(list(Cadence)),
    year_start_month=st.integers(1, 12),
    every_years=st.integers(1, 5),
    first_year=st.integers(2000, 2030),
)
following_or_preceding = st.sampled_from([Roll.following, Roll.preceding])

# England's bank holidays, looked up independently of the engine's own cache.
ENGLAND = holidays.UK(subdiv="ENG", years=range(1999, 2063))


@st.composite
def period_and_calendar(draw):
    """A period, and a calendar with up to 15 closures in the 400 days after it ends."""
    spec = draw(specs)
    period = period_containing(spec, draw(days))
    offsets = draw(st.lists(st.integers(-10, 400), max_size=15, unique=True))
    closures = {
        period.end + dt.timedelta(days=o): f"Closure {i}" for i, o in enumerate(offsets)
    }
    return period, WorkingCalendar(closures)


def assert_working_day(calendar: WorkingCalendar, day: dt.date) -> None:
    assert day.weekday() < 5, f"{day} is a weekend"
    assert day not in ENGLAND, f"{day} is an England bank holiday ({ENGLAND.get(day)})"
    assert day not in calendar.closures, f"{day} is a closure"
    assert calendar.is_working_day(day)


def anchor_of(period) -> Anchor:
    return Anchor(period.end, period.explain_end())


@SETTINGS
@given(pc=period_and_calendar(), n=st.integers(1, 60))
def test_after_working_days_lands_on_a_working_day_after_the_period(pc, n):
    period, calendar = pc
    due = AfterWorkingDays(n).due(anchor_of(period), calendar, {})
    assert_working_day(calendar, due.date)
    assert due.date > period.end
    assert calendar.working_days_between(period.end, due.date) == n


@SETTINGS
@given(pc=period_and_calendar(), n=st.integers(-60, -1))
def test_negative_working_days_land_on_a_working_day_before_the_anchor(pc, n):
    period, calendar = pc
    due = AfterWorkingDays(n).due(anchor_of(period), calendar, {})
    assert_working_day(calendar, due.date)
    assert due.date < period.end


@SETTINGS
@given(
    pc=period_and_calendar(),
    month=st.one_of(st.none(), st.integers(1, 12)),
    months_after=st.integers(0, 24),
)
def test_last_working_day_is_a_working_day(pc, month, months_after):
    period, calendar = pc
    due = LastWorkingDay(month=month, months_after=months_after).due(
        anchor_of(period), calendar, {}
    )
    assert_working_day(calendar, due.date)
    if month is not None or months_after >= 1:
        assert due.date > period.end
    # nothing later in that month is a working day
    day = due.date + dt.timedelta(days=1)
    while day.month == due.date.month:
        assert not calendar.is_working_day(day)
        day += dt.timedelta(days=1)


@SETTINGS
@given(
    pc=period_and_calendar(),
    day=st.integers(1, 31),
    month=st.one_of(st.none(), st.integers(1, 12)),
    months_after=st.integers(0, 24),
    roll=following_or_preceding,
)
def test_day_of_month_rolled_is_a_working_day(pc, day, month, months_after, roll):
    period, calendar = pc
    due = DayOfMonth(day, month=month, months_after=months_after, roll=roll).due(
        anchor_of(period), calendar, {}
    )
    assert_working_day(calendar, due.date)
    if roll is Roll.following and (month is not None or months_after >= 1):
        assert due.date > period.end


@SETTINGS
@given(pc=period_and_calendar(), n=st.integers(0, 400), roll=following_or_preceding)
def test_after_days_rolled_is_a_working_day(pc, n, roll):
    period, calendar = pc
    due = AfterDays(n, roll=roll).due(anchor_of(period), calendar, {})
    assert_working_day(calendar, due.date)
    if roll is Roll.following:
        assert due.date >= period.end


@SETTINGS
@given(pc=period_and_calendar(), day=days, n=st.integers(0, 120))
def test_add_working_days_then_count_back_gives_n(pc, day, n):
    _, calendar = pc
    later, skipped = calendar.add_working_days(day, n)
    assert calendar.working_days_between(day, later) == n
    if n:
        assert_working_day(calendar, later)
    # every skipped day is a named weekday non-working day inside the range
    for s in skipped:
        assert day < s.day < later
        assert s.day.weekday() < 5
        assert calendar.holiday_name(s.day) == s.name


@SETTINGS
@given(pc=period_and_calendar(), day=days, n=st.integers(1, 120))
def test_add_negative_working_days_from_a_working_day_counts_back(pc, day, n):
    _, calendar = pc
    start, _ = calendar.roll(day, Roll.following)
    earlier, _ = calendar.add_working_days(start, -n)
    assert_working_day(calendar, earlier)
    assert calendar.working_days_between(earlier, start) == n


def test_listed_closure_is_skipped_and_named():
    # Council Christmas shutdown 2026: Tue 29 - Thu 31 Dec. Nov 2026 ends Mon 30 Nov;
    # +20 working days was Wed 30 Dec 2026 without closures; with Tue 29, Wed 30 and Thu 31
    # closed, and Fri 1 Jan 2027 New Year's Day: day 19 is Mon 4 Jan, day 20 Tue 5 Jan.
    closures = {
        dt.date(2026, 12, d): "Council Christmas closure" for d in (29, 30, 31)
    }
    calendar = WorkingCalendar().with_closures(closures.items())
    anchor = Anchor(dt.date(2026, 11, 30), "Nov 2026 ends Mon 30 Nov 2026")
    due = AfterWorkingDays(20).due(anchor, calendar, {})
    assert due.date == dt.date(2027, 1, 5)
    assert due.explanation == (
        "Nov 2026 ends Mon 30 Nov 2026; +20 working days, skipping Christmas Day (Fri 25 Dec),"
        " Boxing Day (observed) (Mon 28 Dec), Council Christmas closure (Tue 29 Dec),"
        " Council Christmas closure (Wed 30 Dec), Council Christmas closure (Thu 31 Dec),"
        " New Year's Day (Fri 1 Jan) = Tue 5 Jan 2027"
    )
    # The last working day of December 2026 is then Thu 24 Dec.
    last, _ = calendar.last_working_day(2026, 12)
    assert last == dt.date(2026, 12, 24)
