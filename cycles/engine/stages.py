"""Notification stages of one occurrence: before, on and after its due date.

A stage is a dated moment at which somebody is owed a message. Keys are stable strings, so
the ledger's unique key (occurrence, stage, recipient) survives catalogue edits:

* ``before-14wd``, ``before-3wd``: reminders N working days before the due date (owner);
* ``due``: on the due date (owner);
* ``overdue-1``, ``overdue-2``, ...: the day after the due date, then every
  ``overdue_every_days`` calendar days until submitted or waived (owner);
* ``escalate-5wd``, ``escalate-10wd``, ...: N working days late, to the roles of that step.

Which stage is *current* at a moment is decided by :func:`current_stages`: before the due date
only the latest reminder counts, on the day only ``due``, after it only the latest overdue
repeat, plus every escalation step reached so far. That is the catch-up rule: after downtime
one message per kind of stage missed, not one per missed day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from cycles.engine.workdays import WorkingCalendar


class StageKind(StrEnum):
    reminder = "reminder"
    due = "due"
    overdue = "overdue"
    escalation = "escalation"


@dataclass(frozen=True)
class EscalationStep:
    after_working_days: int
    to: tuple[str, ...]


@dataclass(frozen=True)
class ReminderPolicy:
    before_working_days: tuple[int, ...] = (14, 3)
    on_due: bool = True
    overdue_every_days: int = 7  # 0: a single overdue notice, no repeats
    escalation: tuple[EscalationStep, ...] = ()


@dataclass(frozen=True)
class Stage:
    key: str
    kind: StageKind
    on: dt.date
    roles: tuple[str, ...]


def reminder_stages(
    due: dt.date, policy: ReminderPolicy, calendar: WorkingCalendar, owners: tuple[str, ...]
) -> list[Stage]:
    """The reminders before the due date and the due-day notice, in date order."""
    stages = []
    for n in sorted(set(policy.before_working_days), reverse=True):
        on, _ = calendar.add_working_days(due, -n)
        stages.append(Stage(f"before-{n}wd", StageKind.reminder, on, owners))
    if policy.on_due:
        stages.append(Stage("due", StageKind.due, due, owners))
    return stages


def overdue_stage(
    due: dt.date, policy: ReminderPolicy, owners: tuple[str, ...], today: dt.date
) -> Stage | None:
    """The latest overdue repeat on or before ``today`` (None while not overdue)."""
    if today <= due:
        return None
    late = (today - due).days  # >= 1
    n = 1 if policy.overdue_every_days <= 0 else 1 + (late - 1) // policy.overdue_every_days
    on = due + dt.timedelta(days=1 + (n - 1) * max(policy.overdue_every_days, 0))
    return Stage(f"overdue-{n}", StageKind.overdue, on, owners)


def escalation_stages(
    due: dt.date, policy: ReminderPolicy, calendar: WorkingCalendar
) -> list[Stage]:
    stages = []
    for step in sorted(policy.escalation, key=lambda s: s.after_working_days):
        on, _ = calendar.add_working_days(due, step.after_working_days)
        stages.append(
            Stage(f"escalate-{step.after_working_days}wd", StageKind.escalation, on, step.to)
        )
    return stages


def current_stages(
    due: dt.date,
    policy: ReminderPolicy,
    calendar: WorkingCalendar,
    owners: tuple[str, ...],
    today: dt.date,
    not_before: dt.date | None = None,
) -> list[Stage]:
    """Every stage owed at ``today`` (the catch-up rule above), none dated before ``not_before``."""
    owed: list[Stage] = []
    if today < due:
        passed = [s for s in reminder_stages(due, policy, calendar, owners) if s.on <= today]
        passed = [s for s in passed if s.kind is StageKind.reminder]
        if passed:
            owed.append(passed[-1])
    elif today == due:
        owed.extend(s for s in reminder_stages(due, policy, calendar, owners) if s.key == "due")
    else:
        stage = overdue_stage(due, policy, owners, today)
        if stage is not None:
            owed.append(stage)
        owed.extend(s for s in escalation_stages(due, policy, calendar) if s.on <= today)
    if not_before is not None:
        owed = [s for s in owed if s.on >= not_before]
    return owed


def next_action(
    due: dt.date, policy: ReminderPolicy, calendar: WorkingCalendar, after: dt.date
) -> dt.date | None:
    """The first day strictly after ``after`` on which a new stage starts (for the index)."""
    candidates = [s.on for s in reminder_stages(due, policy, calendar, ())]
    candidates += [s.on for s in escalation_stages(due, policy, calendar)]
    candidates.append(due + dt.timedelta(days=1))  # overdue-1
    late = (after - due).days
    if policy.overdue_every_days > 0 and late >= 1:
        n = 1 + (late - 1) // policy.overdue_every_days  # the repeat in force at ``after``
        candidates.append(due + dt.timedelta(days=1 + n * policy.overdue_every_days))
    future = [d for d in candidates if d > after]
    return min(future) if future else None
