"""The engine is a pure function: same inputs, same dates and explanations, whatever the clock."""

from __future__ import annotations

import datetime as dt

import time_machine

from cycles.engine.occurrences import EventRecord, Schedule, occurrences
from cycles.engine.periods import Cadence, PeriodSpec
from cycles.engine.rules import (
    AfterDays,
    AfterWorkingDays,
    BeforeMeeting,
    DayOfMonth,
    LastWorkingDay,
)
from cycles.engine.stages import EscalationStep, ReminderPolicy, current_stages, next_action
from cycles.engine.workdays import Roll, WorkingCalendar

D = dt.date
WINDOW = (D(2026, 4, 1), D(2028, 12, 31))
MEETINGS = {"ctb": (D(2026, 6, 18), D(2026, 9, 17), D(2026, 12, 10), D(2027, 3, 18),
                    D(2027, 6, 17), D(2027, 9, 16), D(2027, 12, 9), D(2028, 3, 16))}
EVENTS = (
    EventRecord("scr-published", D(2026, 11, 3), "SCR 2026/1"),
    EventRecord("scr-published", D(2027, 1, 31), "SCR 2027/1", closed_on=D(2027, 12, 1)),
)
POLICY = ReminderPolicy(
    escalation=(EscalationStep(5, ("chair",)), EscalationStep(10, ("dcs",)))
)


def _schedules(calendar: WorkingCalendar) -> list[Schedule]:
    fy_q = PeriodSpec(Cadence.quarterly)
    fy_h = PeriodSpec(Cadence.six_monthly)
    return [
        Schedule("a.quarterly", AfterWorkingDays(15), calendar, D(2026, 4, 1), fy_q),
        Schedule("a.pmrg", LastWorkingDay(months_after=1), calendar, D(2026, 4, 1), fy_h),
        Schedule("a.annual", LastWorkingDay(month=7), calendar, D(2026, 4, 1),
                 PeriodSpec(Cadence.annual)),
        Schedule("a.monthly", DayOfMonth(25, roll=Roll.preceding), calendar, D(2026, 4, 1),
                 PeriodSpec(Cadence.monthly)),
        Schedule("a.days", AfterDays(30), calendar, D(2026, 4, 1), fy_q),
        Schedule("a.meeting", BeforeMeeting("ctb", 10, "Children's Trust Board"), calendar,
                 D(2026, 4, 1), fy_q, meetings=MEETINGS),
        Schedule("a.triennial", AfterWorkingDays(20), calendar, D(2026, 4, 1),
                 PeriodSpec(Cadence.every_n_years, every_years=3, first_year=2024)),
        Schedule("a.scr", AfterWorkingDays(30), calendar, D(2026, 4, 1),
                 trigger="scr-published"),
        Schedule("a.scr-progress", AfterWorkingDays(10), calendar, D(2026, 4, 1),
                 trigger="scr-published", repeat=fy_q),
    ]


def _calendar() -> WorkingCalendar:
    return WorkingCalendar({D(2026, 12, 29): "Council Christmas closure"})


def _compute(calendar: WorkingCalendar) -> list[tuple]:
    result = []
    for schedule in _schedules(calendar):
        for occ in occurrences(schedule, *WINDOW, events=EVENTS):
            stages = [
                current_stages(occ.due, POLICY, calendar, ("owner",), occ.due + dt.timedelta(k))
                for k in (-20, -3, 0, 1, 9, 30)
            ]
            result.append((occ.key, occ.period, occ.due, occ.explanation, stages,
                           next_action(occ.due, POLICY, calendar, occ.due)))
    return result


def test_same_inputs_give_the_same_dates_and_explanations_twice():
    calendar = _calendar()
    first = _compute(calendar)
    assert len(first) > 40
    assert _compute(calendar) == first


def test_a_fresh_calendar_gives_the_same_results():
    assert _compute(_calendar()) == _compute(_calendar())


def test_the_engine_reads_no_clock():
    with time_machine.travel(dt.datetime(2026, 1, 2, 12, 0, tzinfo=dt.UTC), tick=False):
        early = _compute(_calendar())
        assert dt.date.today() == D(2026, 1, 2)  # the clock really is moved
    with time_machine.travel(dt.datetime(2031, 7, 30, 12, 0, tzinfo=dt.UTC), tick=False):
        late = _compute(_calendar())
        assert dt.date.today() == D(2031, 7, 30)
    assert early == late
    assert early == _compute(_calendar())
