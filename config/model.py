"""The catalogue as the rest of the program reads it: plain frozen dataclasses.

:mod:`config.schema` (pydantic) validates a file and turns it into these; the loader caches
them per file content, so a read-only command on an unchanged catalogue never imports
pydantic or PyYAML (start-up: ~150 ms less). Field names mirror the YAML; methods turn an
entry into engine values (periods, due rule, reminder policy, working calendar).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cycles.engine.chains import submission_trigger
from cycles.engine.periods import Cadence, PeriodSpec
from cycles.engine.rules import (
    AfterDays,
    AfterWorkingDays,
    BeforeMeeting,
    DayOfMonth,
    DueRule,
    LastWorkingDay,
    MonthsAfter,
)
from cycles.engine.stages import EscalationStep, ReminderPolicy
from cycles.engine.workdays import Roll, WorkingCalendar, calendar_with


@dataclass(frozen=True)
class Role:
    title: str
    holder: str | None = None


@dataclass(frozen=True)
class Meeting:
    title: str
    dates: list[dt.date] = field(default_factory=list)


@dataclass(frozen=True)
class EventType:
    title: str


@dataclass(frozen=True)
class Escalation:
    after_working_days: int
    to: list[str]


@dataclass(frozen=True)
class Reminders:
    before_working_days: list[int] = field(default_factory=lambda: [14, 3])
    on_due: bool = True
    overdue_every_days: int = 7


@dataclass(frozen=True)
class DueSpec:
    """One due rule; see :class:`config.schema.DueSpec` for the forms and their checks."""

    working_days_after: int | None = None
    days_after: int | None = None
    day_of_month: int | None = None
    last_working_day: bool = False
    working_days_before_meeting: int | None = None
    month: int | None = None
    months_after: int | None = None
    meeting: str | None = None
    roll: Roll = Roll.following
    counted_from: str = "period_end"

    def rule(self, meeting_title: str = "") -> DueRule:
        if self.working_days_after is not None:
            return AfterWorkingDays(self.working_days_after)
        if self.days_after is not None:
            return AfterDays(self.days_after, self.roll)
        months = 1 if self.months_after is None else self.months_after
        if self.day_of_month is not None:
            return DayOfMonth(self.day_of_month, self.month, months, self.roll)
        if self.last_working_day:
            return LastWorkingDay(self.month, months)
        if self.months_after is not None and self.meeting is None:
            return MonthsAfter(self.months_after, self.roll)
        assert self.meeting is not None and self.working_days_before_meeting is not None
        return BeforeMeeting(self.meeting, self.working_days_before_meeting, meeting_title)


@dataclass(frozen=True)
class Source:
    """``quote``: the sentence word for word ("" when only cited); ``citation``: where it is
    (chapter and paragraph of national guidance), for templates that must not copy it."""

    file: str
    quote: str = ""
    citation: str | None = None

    @property
    def text(self) -> str:
        """What to show a reader: the quote, else the citation."""
        return self.quote or self.citation or ""


@dataclass(frozen=True)
class Omission:
    duty: str
    reason: str
    quote: str = ""
    citation: str | None = None


@dataclass(frozen=True)
class Obligation:
    id: str
    title: str
    owner: list[str]
    recipients: list[str]
    cadence: str
    due: DueSpec
    source: Source
    every_years: int = 1
    first_year: int | None = None
    year_start: int | str = "financial"
    trigger: str | None = None  # an event type
    after_submission_of: str | None = None  # or: chained to another obligation's submission
    repeat: str = "once"
    until: str | None = None
    reminders: Reminders | None = None
    escalation: list[Escalation] | None = None
    last_published: dt.date | None = None
    local_default: str | None = None
    local_addition: str | None = None
    deadline_source: str = "protocol"
    deadline_note: str | None = None
    notes: str | None = None
    deferral_approver: str | None = None  # role approving a deferral (else the next step)
    received_by: str | None = None  # role noting receipt (else each recipient)

    @property
    def year_start_month(self) -> int:
        if self.year_start == "financial":
            return 4
        if self.year_start == "calendar":
            return 1
        return int(self.year_start)

    @property
    def is_event(self) -> bool:
        return self.cadence == "event"

    @property
    def is_rolling(self) -> bool:
        return self.cadence == "rolling"

    @property
    def event_name(self) -> str | None:
        """The event this obligation waits for (``submitted:<id>`` when chained)."""
        if self.after_submission_of is not None:
            return submission_trigger(self.after_submission_of)
        return self.trigger

    def period_spec(self) -> PeriodSpec | None:
        if self.is_event or self.is_rolling:
            return None
        return PeriodSpec(Cadence(self.cadence), self.year_start_month, self.every_years,
                          self.first_year or 2000)

    def repeat_spec(self) -> PeriodSpec | None:
        """For a repeating event-triggered obligation, the length of each cycle."""
        if not self.is_event or self.repeat == "once":
            return None
        return PeriodSpec(Cadence(self.repeat))


@dataclass(frozen=True)
class Area:
    """One partnership's file."""

    area: str
    name: str
    board: str
    partnership: str
    source_file: str
    tracking_from: dt.date
    roles: dict[str, Role]
    obligations: list[Obligation]
    meetings: dict[str, Meeting] = field(default_factory=dict)
    events: dict[str, EventType] = field(default_factory=dict)
    closures: dict[dt.date, str] = field(default_factory=dict)
    reminders: Reminders = field(default_factory=Reminders)
    escalation: list[Escalation] = field(default_factory=list)
    omissions: list[Omission] = field(default_factory=list)
    deferral_approver: str | None = None

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return calendar_with(self.closures)

    @cached_property
    def meeting_dates(self) -> dict[str, tuple[dt.date, ...]]:
        return {k: tuple(sorted(m.dates)) for k, m in self.meetings.items()}

    def policy(self, ob: Obligation) -> ReminderPolicy:
        r = ob.reminders or self.reminders
        steps = ob.escalation if ob.escalation is not None else self.escalation
        return ReminderPolicy(
            before_working_days=tuple(r.before_working_days),
            on_due=r.on_due,
            overdue_every_days=r.overdue_every_days,
            escalation=tuple(EscalationStep(s.after_working_days, tuple(s.to)) for s in steps),
        )

    def rule(self, ob: Obligation) -> DueRule:
        title = ""
        if ob.due.meeting and ob.due.meeting in self.meetings:
            title = self.meetings[ob.due.meeting].title
        return ob.due.rule(title)

    def role_title(self, role: str) -> str:
        return self.roles[role].title if role in self.roles else role

    @classmethod
    def from_validated(cls, data: dict[str, Any]) -> Area:
        """From :meth:`config.schema.Area.model_dump` output (already checked and coerced)."""

        def reminders(d: dict[str, Any] | None) -> Reminders | None:
            return None if d is None else Reminders(**d)

        def steps(items: list[dict[str, Any]] | None) -> list[Escalation] | None:
            return None if items is None else [Escalation(**s) for s in items]

        def chained(trigger: Any) -> dict[str, Any]:
            if isinstance(trigger, dict):
                return {"trigger": None, "after_submission_of": trigger["after_submission_of"]}
            return {"trigger": trigger}

        def cited(d: dict[str, Any]) -> dict[str, Any]:
            return {**d, "quote": d.get("quote") or ""}

        obligations = [
            Obligation(**{**o, "due": DueSpec(**o["due"]), "source": Source(**cited(o["source"])),
                          "reminders": reminders(o["reminders"]),
                          "escalation": steps(o["escalation"]), **chained(o["trigger"])})
            for o in data["obligations"]
        ]
        return cls(**{
            **data,
            "roles": {k: Role(**v) for k, v in data["roles"].items()},
            "meetings": {k: Meeting(**v) for k, v in data["meetings"].items()},
            "events": {k: EventType(**v) for k, v in data["events"].items()},
            "reminders": Reminders(**data["reminders"]),
            "escalation": steps(data["escalation"]) or [],
            "obligations": obligations,
            "omissions": [Omission(**cited(x)) for x in data.get("omissions", [])],
        })
