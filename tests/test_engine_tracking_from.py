"""Nothing dated before ``tracking_from`` is produced; ``not_before`` drops earlier stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.occurrences import EventRecord, Schedule, occurrences
from cycles.engine.periods import Cadence, PeriodSpec
from cycles.engine.rules import AfterDays, AfterWorkingDays, DayOfMonth, LastWorkingDay
from cycles.engine.stages import EscalationStep, ReminderPolicy, current_stages
from cycles.engine.workdays import WorkingCalendar

D = dt.date
CAL = WorkingCalendar()
SETTINGS = settings(max_examples=200, deadline=None)
EARLY = D(2024, 1, 1)  # before every window drawn below

rules = st.one_of(
    st.builds(AfterWorkingDays, st.integers(1, 60)),
    st.builds(AfterDays, st.integers(0, 120)),
    st.builds(DayOfMonth, st.integers(1, 31), st.one_of(st.none(), st.integers(1, 12))),
    st.builds(LastWorkingDay, st.one_of(st.none(), st.integers(1, 12)), st.integers(0, 3)),
)
specs = st.builds(
    PeriodSpec,
    cadence=st.sampled_from(list(Cadence)),
    year_start_month=st.integers(1, 12),
    every_years=st.integers(1, 5),
    first_year=st.integers(2020, 2026),
)
days = st.dates(min_value=D(2025, 1, 1), max_value=D(2029, 12, 31))


@SETTINGS
@given(rule=rules, spec=specs, tracking_from=days, a=days, b=days)
def test_nothing_due_before_tracking_from_is_produced(rule, spec, tracking_from, a, b):
    start, end = min(a, b), max(a, b)
    schedule = Schedule("t.ob", rule, CAL, tracking_from, periods=spec)
    found = occurrences(schedule, start, end)
    for occ in found:
        assert occ.due >= tracking_from
        assert start <= occ.due <= end
    # ... and tracking_from removes exactly those: the same schedule tracked from before the
    # window gives the same list plus only occurrences due before tracking_from.
    untracked = occurrences(replace(schedule, tracking_from=EARLY), start, end)
    assert found == [o for o in untracked if o.due >= tracking_from]
    keys = [o.key for o in found]
    assert len(keys) == len(set(keys))


@SETTINGS
@given(
    tracking_from=days,
    on=st.dates(min_value=D(2024, 1, 1), max_value=D(2029, 12, 31)),
    closed_after=st.one_of(st.none(), st.integers(0, 900)),
    repeat=st.one_of(st.none(), st.sampled_from([Cadence.monthly, Cadence.quarterly])),
)
def test_event_triggered_occurrences_respect_tracking_from(tracking_from, on, closed_after,
                                                           repeat):
    closed_on = None if closed_after is None else on + dt.timedelta(days=closed_after)
    schedule = Schedule(
        "t.scr", AfterWorkingDays(10), CAL, tracking_from, trigger="scr",
        repeat=None if repeat is None else PeriodSpec(repeat),
    )
    events = [EventRecord("scr", on, "SCR 1", closed_on), EventRecord("other", on)]
    found = occurrences(schedule, EARLY, D(2031, 12, 31), events)
    assert all(o.due >= tracking_from for o in found)
    untracked = occurrences(replace(schedule, tracking_from=EARLY), EARLY, D(2031, 12, 31),
                            events)
    assert found == [o for o in untracked if o.due >= tracking_from]


def test_quarter_due_just_before_tracking_from_is_left_out():
    # 2025-26 Q4 ends Tue 31 Mar 2026; +15 working days (skipping Good Friday 3 Apr and
    # Easter Monday 6 Apr) = Thu 23 Apr 2026. Tracking from Fri 24 Apr 2026 leaves it out;
    # the next one is 2026-27 Q1, due Tue 21 Jul 2026.
    schedule = Schedule("t.q", AfterWorkingDays(15), CAL, D(2026, 4, 24),
                        periods=PeriodSpec(Cadence.quarterly))
    found = occurrences(schedule, D(2026, 1, 1), D(2026, 12, 31))
    assert [(o.period.label, o.due) for o in found] == [
        ("2026-27 Q1", D(2026, 7, 21)),
        ("2026-27 Q2", D(2026, 10, 21)),
    ]
    # tracking from the due day itself keeps it
    on_the_day = replace(schedule, tracking_from=D(2026, 4, 23))
    assert occurrences(on_the_day, D(2026, 1, 1), D(2026, 4, 30))[0].due == D(2026, 4, 23)
    # a window that ends before tracking_from yields nothing
    assert occurrences(schedule, D(2026, 1, 1), D(2026, 4, 23)) == []


POLICY = ReminderPolicy(
    before_working_days=(14, 3),
    overdue_every_days=7,
    escalation=(EscalationStep(5, ("chair",)), EscalationStep(10, ("dcs",))),
)
DUE = D(2027, 1, 22)  # Fri 22 Jan 2027


def test_not_before_drops_stages_dated_earlier():
    # 30 days late (Sun 21 Feb 2027): overdue-5 started Sat 20 Feb (due + 29), escalate-5wd
    # Fri 29 Jan, escalate-10wd Fri 5 Feb.
    today = D(2027, 2, 21)
    everything = current_stages(DUE, POLICY, CAL, ("owner",), today)
    assert [(s.key, s.on) for s in everything] == [
        ("overdue-5", D(2027, 2, 20)),
        ("escalate-5wd", D(2027, 1, 29)),
        ("escalate-10wd", D(2027, 2, 5)),
    ]
    # tracking started Mon 1 Feb 2027: the escalation of Fri 29 Jan is not owed any more
    later = current_stages(DUE, POLICY, CAL, ("owner",), today, not_before=D(2027, 2, 1))
    assert [s.key for s in later] == ["overdue-5", "escalate-10wd"]
    # a not_before on the stage's own day keeps it
    same_day = current_stages(DUE, POLICY, CAL, ("owner",), today, not_before=D(2027, 2, 5))
    assert [s.key for s in same_day] == ["overdue-5", "escalate-10wd"]
    assert current_stages(DUE, POLICY, CAL, ("owner",), today, not_before=D(2027, 2, 22)) == []


def test_not_before_drops_an_earlier_reminder():
    # before-3wd is Tue 19 Jan 2027; tracking from Wed 20 Jan drops it.
    assert [s.key for s in current_stages(DUE, POLICY, CAL, ("o",), D(2027, 1, 20))] == [
        "before-3wd"
    ]
    assert current_stages(DUE, POLICY, CAL, ("o",), D(2027, 1, 20),
                          not_before=D(2027, 1, 20)) == []


@SETTINGS
@given(
    due=st.dates(min_value=D(2026, 1, 1), max_value=D(2028, 12, 31)),
    today_offset=st.integers(-40, 60),
    not_before_offset=st.integers(-40, 60),
)
def test_not_before_only_ever_removes_earlier_stages(due, today_offset, not_before_offset):
    today = due + dt.timedelta(days=today_offset)
    not_before = due + dt.timedelta(days=not_before_offset)
    every = current_stages(due, POLICY, CAL, ("o",), today)
    kept = current_stages(due, POLICY, CAL, ("o",), today, not_before=not_before)
    assert kept == [s for s in every if s.on >= not_before]
