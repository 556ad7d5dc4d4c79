"""The catalogue's typed shape (pydantic): validation and coercion of a file, nothing else.

A valid file becomes :class:`config.model.Area` (plain dataclasses) in the loader.

A file describes one partnership (an *area*): its roles, the boards' meeting dates, local
closure days, default reminder and escalation policy, and its obligations. Every owner,
recipient and escalation step names a role declared in the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from cycles.engine.periods import Cadence
from cycles.engine.workdays import Roll

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=80)]
MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}




def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"a number, not {str(value).lower()} (yes/no/true/false are not numbers)")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank: write the text out")
    return value


Int = Annotated[int, BeforeValidator(_not_bool)]
Text = Annotated[str, AfterValidator(_not_blank)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _month(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in MONTHS:
        return MONTHS[value.strip().lower()]
    return value


class Role(Strict):
    title: Text
    holder: Text | None = None  # a named person, where the protocol names one


class Meeting(Strict):
    title: Text
    dates: list[dt.date] = Field(default_factory=list)


class EventType(Strict):
    title: Text


class Escalation(Strict):
    after_working_days: Int = Field(ge=1, le=250)
    to: list[str] = Field(min_length=1)


class Reminders(Strict):
    before_working_days: list[Int] = Field(default_factory=lambda: [14, 3])
    on_due: bool = True
    overdue_every_days: Int = Field(default=7, ge=0, le=365)

    @field_validator("before_working_days")
    @classmethod
    def _positive(cls, v: list[int]) -> list[int]:
        if any(n < 1 or n > 250 for n in v):
            raise ValueError("lead times are working days between 1 and 250")
        return v


class DueSpec(Strict):
    """Exactly one of the forms below, counted from the end of the period (or its start).

    ``working_days_after: 15`` (negative: before), ``days_after: 30``,
    ``day_of_month: 31`` with ``month: July`` (the first 31 July after) or ``months_after: 1``,
    ``last_working_day: true`` with ``month`` or ``months_after``,
    ``working_days_before_meeting: 10`` with ``meeting: <meeting id>``,
    ``months_after: 6`` alone: six calendar months after, same day of the month or the
    month's last day (31 Aug -> 28 Feb), then rolled.
    ``roll`` (following, preceding, none) moves a calendar date off a non-working day.
    Counting from a named day never counts that day itself, in either direction.
    """

    working_days_after: Int | None = Field(default=None, ge=-250, le=250)
    days_after: Int | None = Field(default=None, ge=-730, le=730)
    day_of_month: Int | None = Field(default=None, ge=1, le=31)
    last_working_day: bool = False
    working_days_before_meeting: Int | None = Field(default=None, ge=0, le=250)
    month: Int | None = Field(default=None, ge=1, le=12)
    months_after: Int | None = Field(default=None, ge=-120, le=120)
    meeting: str | None = None
    roll: Roll = Roll.following
    counted_from: Literal["period_end", "period_start"] = "period_end"

    _month_names = field_validator("month", mode="before")(_month)

    @model_validator(mode="after")
    def _one_form(self) -> DueSpec:
        forms = [
            name
            for name in ("working_days_after", "days_after", "day_of_month",
                         "working_days_before_meeting")
            if getattr(self, name) is not None
        ] + (["last_working_day"] if self.last_working_day else [])
        if self.months_after is not None and not (
            self.day_of_month is not None or self.last_working_day
        ):
            forms.append("months_after")
        if len(forms) != 1:
            raise ValueError(
                "give exactly one of working_days_after, days_after, day_of_month, "
                "last_working_day, working_days_before_meeting, months_after "
                f"(got {forms or 'none'})"
            )
        if forms[0] in ("day_of_month", "last_working_day") and self.months_after is not None \
                and not 0 <= self.months_after <= 24:
            raise ValueError(f"with {forms[0]}, months_after is 0 to 24")
        if self.month is not None and forms[0] not in ("day_of_month", "last_working_day"):
            raise ValueError("'month' is only used with day_of_month or last_working_day")
        if self.working_days_before_meeting is not None and not self.meeting:
            raise ValueError("working_days_before_meeting needs 'meeting: <meeting id>'")
        if self.meeting and self.working_days_before_meeting is None:
            raise ValueError("'meeting' is only used with working_days_before_meeting")
        return self

class Cited(Strict):
    """Where a duty is written: the sentence word for word (``quote``, a local protocol), or
    a pointer to it (``citation``, e.g. national guidance by chapter and paragraph, whose
    sentences a template must not copy). At least one of the two."""

    quote: str | None = Field(default=None, min_length=10)
    citation: Text | None = Field(default=None, min_length=10)

    @model_validator(mode="after")
    def _quoted_or_cited(self) -> Cited:
        if self.quote is None and self.citation is None:
            raise ValueError("give 'quote' (the sentence, word for word) or 'citation' "
                             "(chapter and paragraph)")
        return self


class Source(Cited):
    file: str = Field(min_length=1)


class Omission(Cited):
    """A duty the source states that this file does not encode, and why."""

    duty: Text
    reason: Text


class AfterSubmission(Strict):
    """A chained trigger: the clock starts when another obligation of the area is submitted."""

    after_submission_of: Slug


CADENCES = {c.value for c in Cadence} | {"event", "rolling"}


class Obligation(Strict):
    id: Slug
    title: Text = Field(min_length=3)
    owner: list[str] = Field(min_length=1)
    recipients: list[str] = Field(min_length=1)
    cadence: str
    every_years: Int = Field(default=1, ge=1, le=10)
    first_year: Int | None = Field(default=None, ge=2000, le=2100)
    year_start: Int | Literal["calendar", "financial"] = "financial"
    trigger: str | AfterSubmission | None = None  # event type, or {after_submission_of: id}
    repeat: Literal["once", "monthly", "quarterly", "six-monthly", "annual"] = "once"
    until: str | None = None  # event type that closes a repeating event-triggered obligation
    due: DueSpec
    reminders: Reminders | None = None
    escalation: list[Escalation] | None = None
    last_published: dt.date | None = None  # cadence rolling: the last one before tracking
    local_default: str | None = None  # set when the protocol gives no date: what we chose
    local_addition: Text | None = None  # set when the quote does not support the entry: why
    deadline_source: Literal["protocol", "national"] = "protocol"
    deadline_note: Text | None = None  # with deadline_source national: which text, where
    source: Source
    notes: str | None = None
    deferral_approver: str | None = None  # role approving a deferral (web links)
    received_by: str | None = None  # role noting receipt for the receiving body (web links)

    @field_validator("owner", "recipients", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("cadence")
    @classmethod
    def _cadence(cls, v: str) -> str:
        if v not in CADENCES:
            raise ValueError(f"unknown cadence {v!r}; use one of {', '.join(sorted(CADENCES))}")
        return v

    @field_validator("year_start", mode="before")
    @classmethod
    def _year_start(cls, v: Any) -> Any:
        return _month(v)

    @model_validator(mode="after")
    def _shape(self) -> Obligation:
        if self.cadence == "event" and not self.trigger:
            raise ValueError("cadence 'event' needs 'trigger: <event type>' or "
                             "'trigger: {after_submission_of: <obligation id>}'")
        if self.cadence != "event" and (self.trigger or self.until):
            raise ValueError("'trigger' and 'until' are only for cadence 'event'")
        if self.cadence != "rolling" and self.last_published is not None:
            raise ValueError("'last_published' is only for cadence 'rolling'")
        if self.cadence == "rolling" and self.due.working_days_before_meeting is not None:
            raise ValueError("cadence 'rolling' counts from the last submission, not a meeting")
        if self.deadline_source == "national" and not self.deadline_note:
            raise ValueError("deadline_source 'national' needs 'deadline_note': which national "
                             "text gives the deadline")
        if self.cadence == Cadence.every_n_years.value and self.every_years < 2:
            raise ValueError("cadence 'every-n-years' needs 'every_years' of 2 or more")
        if self.cadence == Cadence.every_n_years.value and self.first_year is None:
            raise ValueError("cadence 'every-n-years' needs 'first_year' (the start of one plan)")
        if isinstance(self.year_start, int) and not 1 <= self.year_start <= 12:
            raise ValueError(
                "year_start is a month (1-12, a month name, 'calendar' or 'financial')"
            )
        return self

class Area(Strict):
    """One partnership's file."""

    area: Slug
    name: Text
    board: Text
    partnership: Text
    source_file: str
    tracking_from: dt.date
    roles: dict[str, Role] = Field(min_length=1)
    meetings: dict[str, Meeting] = Field(default_factory=dict)
    events: dict[str, EventType] = Field(default_factory=dict)
    closures: dict[dt.date, str] = Field(default_factory=dict)
    reminders: Reminders = Field(default_factory=Reminders)
    escalation: list[Escalation] = Field(default_factory=list)
    deferral_approver: str | None = None  # default approver of deferrals (web links)
    obligations: list[Obligation] = Field(min_length=1)
    omissions: list[Omission] = Field(default_factory=list)

    @field_validator("tracking_from", mode="before")
    @classmethod
    def _date_only(cls, v: Any) -> Any:
        if isinstance(v, dt.datetime):
            raise ValueError("not a date: write it as YYYY-MM-DD")
        if isinstance(v, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
            raise ValueError(f"not a date: {v!r} (write it as YYYY-MM-DD)")
        return v
