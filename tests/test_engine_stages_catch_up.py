"""Stages before, on and after a due date, and the catch-up rule after downtime."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.stages import (
    EscalationStep,
    ReminderPolicy,
    StageKind,
    current_stages,
    escalation_stages,
    next_action,
    overdue_stage,
    reminder_stages,
)
from cycles.engine.workdays import WorkingCalendar

D = dt.date
CAL = WorkingCalendar()
OWNERS = ("chair", "manager")
POLICY = ReminderPolicy(
    before_working_days=(14, 3),
    on_due=True,
    overdue_every_days=7,
    escalation=(
        EscalationStep(5, ("chair",)),
        EscalationStep(10, ("dcs",)),
        EscalationStep(20, ("chief_executive", "leader")),
    ),
)
# 2026-27 Q3 return, due Fri 22 Jan 2027.
DUE = D(2027, 1, 22)


def keys(today: dt.date, policy: ReminderPolicy = POLICY) -> list[tuple[str, dt.date]]:
    return [(s.key, s.on) for s in current_stages(DUE, policy, CAL, OWNERS, today)]


def test_reminder_and_escalation_dates_count_working_days():
    # -14 working days from Fri 22 Jan 2027: Thu 21-Mon 18 (4), Fri 15-Mon 11 (9),
    # Fri 8-Mon 4 (14) -> Mon 4 Jan 2027 (the day after the New Year's Day weekend).
    # -3: Thu 21 (1), Wed 20 (2), Tue 19 (3).
    assert [(s.key, s.on, s.kind) for s in reminder_stages(DUE, POLICY, CAL, OWNERS)] == [
        ("before-14wd", D(2027, 1, 4), StageKind.reminder),
        ("before-3wd", D(2027, 1, 19), StageKind.reminder),
        ("due", DUE, StageKind.due),
    ]
    # +5: Mon 25-Fri 29 Jan; +10: Mon 1-Fri 5 Feb; +20: Mon 8-Fri 19 Feb.
    assert [(s.key, s.on, s.roles) for s in escalation_stages(DUE, POLICY, CAL)] == [
        ("escalate-5wd", D(2027, 1, 29), ("chair",)),
        ("escalate-10wd", D(2027, 2, 5), ("dcs",)),
        ("escalate-20wd", D(2027, 2, 19), ("chief_executive", "leader")),
    ]


def test_escalation_over_a_bank_holiday_counts_working_days():
    # Due Wed 23 Dec 2026; +5 working days: Thu 24 (1), Fri 25 Christmas, Mon 28 substitute
    # Boxing Day, Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Jan New Year's Day, Mon 4 Jan (5).
    due = D(2026, 12, 23)
    steps = escalation_stages(due, POLICY, CAL)
    assert steps[0].on == D(2027, 1, 4)
    assert current_stages(due, POLICY, CAL, OWNERS, D(2027, 1, 3))[1:] == []
    assert [s.key for s in current_stages(due, POLICY, CAL, OWNERS, D(2027, 1, 4))] == [
        "overdue-2",  # due + 8 = Thu 31 Dec; next repeat Thu 7 Jan
        "escalate-5wd",
    ]


def test_before_the_first_reminder_nothing_is_owed():
    assert keys(D(2027, 1, 3)) == []


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2027, 1, 4), [("before-14wd", D(2027, 1, 4))]),
        (D(2027, 1, 18), [("before-14wd", D(2027, 1, 4))]),
        # only the latest reminder counts once the second has started
        (D(2027, 1, 19), [("before-3wd", D(2027, 1, 19))]),
        (D(2027, 1, 21), [("before-3wd", D(2027, 1, 19))]),
        # on the day: only "due"
        (DUE, [("due", DUE)]),
        # the day after: overdue-1
        (D(2027, 1, 23), [("overdue-1", D(2027, 1, 23))]),
        (D(2027, 1, 29), [("overdue-1", D(2027, 1, 23)), ("escalate-5wd", D(2027, 1, 29))]),
        # seven days after overdue-1: overdue-2
        (D(2027, 1, 30), [("overdue-2", D(2027, 1, 30)), ("escalate-5wd", D(2027, 1, 29))]),
        (D(2027, 2, 6), [("overdue-3", D(2027, 2, 6)), ("escalate-5wd", D(2027, 1, 29)),
                         ("escalate-10wd", D(2027, 2, 5))]),
    ],
)
def test_current_stages_before_on_and_after_the_due_date(today, expected):
    assert keys(today) == expected


def test_overdue_repeats_weekly():
    assert overdue_stage(DUE, POLICY, OWNERS, DUE) is None
    seen = {}
    for k in range(1, 36):
        stage = overdue_stage(DUE, POLICY, OWNERS, DUE + dt.timedelta(days=k))
        assert stage is not None and stage.kind is StageKind.overdue
        seen.setdefault(stage.key, stage.on)
    assert seen == {
        "overdue-1": D(2027, 1, 23),
        "overdue-2": D(2027, 1, 30),
        "overdue-3": D(2027, 2, 6),
        "overdue-4": D(2027, 2, 13),
        "overdue-5": D(2027, 2, 20),
    }


def test_overdue_every_zero_gives_a_single_notice():
    once = ReminderPolicy(overdue_every_days=0)
    for k in (1, 7, 8, 100):
        stage = overdue_stage(DUE, once, OWNERS, DUE + dt.timedelta(days=k))
        assert stage is not None
        assert (stage.key, stage.on) == ("overdue-1", D(2027, 1, 23))
    assert next_action(DUE, once, CAL, D(2027, 1, 23)) is None


def test_after_a_30_day_gap_one_overdue_stage_and_each_escalation_reached():
    # Down from the due date to Sun 21 Feb 2027 (30 days late): one overdue stage (the
    # latest, overdue-5 from Sat 20 Feb), plus the three escalations reached by then.
    owed = current_stages(DUE, POLICY, CAL, OWNERS, D(2027, 2, 21))
    assert [(s.key, s.kind, s.on) for s in owed] == [
        ("overdue-5", StageKind.overdue, D(2027, 2, 20)),
        ("escalate-5wd", StageKind.escalation, D(2027, 1, 29)),
        ("escalate-10wd", StageKind.escalation, D(2027, 2, 5)),
        ("escalate-20wd", StageKind.escalation, D(2027, 2, 19)),
    ]
    assert owed[0].roles == OWNERS
    assert owed[3].roles == ("chief_executive", "leader")


def test_on_due_false_gives_nothing_on_the_due_day():
    quiet = ReminderPolicy(before_working_days=(3,), on_due=False)
    assert keys(DUE, quiet) == []
    assert keys(D(2027, 1, 21), quiet) == [("before-3wd", D(2027, 1, 19))]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (D(2027, 1, 1), D(2027, 1, 4)),  # before-14wd
        (D(2027, 1, 4), D(2027, 1, 19)),  # before-3wd
        (D(2027, 1, 19), DUE),  # due
        (DUE, D(2027, 1, 23)),  # overdue-1
        (D(2027, 1, 23), D(2027, 1, 29)),  # escalate-5wd comes before overdue-2
        (D(2027, 1, 29), D(2027, 1, 30)),  # overdue-2
        (D(2027, 1, 30), D(2027, 2, 5)),  # escalate-10wd
        (D(2027, 2, 5), D(2027, 2, 6)),  # overdue-3
        (D(2027, 2, 18), D(2027, 2, 19)),  # escalate-20wd
        (D(2027, 2, 19), D(2027, 2, 20)),  # overdue-5
        (D(2027, 3, 1), D(2027, 3, 6)),  # overdue-7 = due + 1 + 6 * 7
    ],
)
def test_next_action_returns_the_next_stage_start(after, expected):
    assert next_action(DUE, POLICY, CAL, after) == expected


@settings(max_examples=200, deadline=None)
@given(
    due=st.dates(min_value=D(2026, 1, 1), max_value=D(2028, 12, 31)),
    today_offset=st.integers(-40, 120),
    every=st.integers(0, 14),
)
def test_catch_up_owes_at_most_one_stage_of_each_kind_but_escalations(due, today_offset, every):
    policy = ReminderPolicy(
        before_working_days=(14, 3),
        overdue_every_days=every,
        escalation=POLICY.escalation,
    )
    today = due + dt.timedelta(days=today_offset)
    owed = current_stages(due, policy, CAL, OWNERS, today)
    kinds = [s.kind for s in owed]
    assert kinds.count(StageKind.reminder) <= 1
    assert kinds.count(StageKind.due) <= 1
    assert kinds.count(StageKind.overdue) <= 1
    assert all(s.on <= today for s in owed)
    if today > due:
        assert kinds[0] is StageKind.overdue
        reached = [s for s in escalation_stages(due, policy, CAL) if s.on <= today]
        assert owed[1:] == reached
        # the overdue stage is the latest one started; the next starts after today
        nxt = next_action(due, policy, CAL, today)
        assert owed[0].on <= today
        if nxt is not None:
            assert nxt > today
            # nothing owed changes strictly between today and the next action
            if nxt > today + dt.timedelta(days=1):
                assert current_stages(due, policy, CAL, OWNERS, nxt - dt.timedelta(days=1)) \
                    == owed
    # what's owed tomorrow differs from today only if a stage starts tomorrow
    tomorrow = today + dt.timedelta(days=1)
    if current_stages(due, policy, CAL, OWNERS, tomorrow) != owed:
        assert next_action(due, policy, CAL, today) == tomorrow
