"""Clocks started by a submission: chained obligations and rolling cadences.

Both take recorded submissions as plain data (:class:`SubmissionRecord`); where they are
stored is not the engine's concern.

* **Chained**: an obligation whose trigger is the submission of another (``trigger:
  {after_submission_of: serious-incident-notification}``). Each recorded submission of the
  first becomes an :class:`~cycles.engine.occurrences.EventRecord` named
  ``submitted:<obligation id>`` whose reference is the submitted period's label, so one
  incident's label (``SI-2026-07``) runs along the whole chain: notification, rapid review,
  practice review, publication, copies.
* **Rolling**: "12 months after the last one was published". The first occurrence counts
  from a given anchor (the last publication before tracking began); each later one from the
  day the previous one was submitted, so a late report pulls the next due date along. Labels
  name the day counted from (``since 2026-09-30``) and stay fixed once that day is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from cycles.engine.periods import Period
from cycles.engine.rules import Anchor, Due, DueRule
from cycles.engine.workdays import WorkingCalendar, fmt_date

SUBMITTED = "submitted:"
MAX_ROLLING = 500  # a bound on any one chain of rolling occurrences (500 years of annuals)


@dataclass(frozen=True)
class EventRecord:
    """A recorded trigger: ``event`` happened ``on`` a date; ``closed_on`` ends its repeats."""

    event: str
    on: dt.date
    reference: str = ""
    closed_on: dt.date | None = None

    @property
    def label(self) -> str:
        return self.reference or self.on.isoformat()


@dataclass(frozen=True)
class SubmissionRecord:
    """``obligation`` (qualified: ``area.id``) was submitted for ``period`` on ``on``."""

    obligation: str
    period: str
    on: dt.date


def submission_trigger(obligation_id: str) -> str:
    """The event name a chained obligation waits for: ``submitted:<obligation id>``."""
    return f"{SUBMITTED}{obligation_id}"


def chained_events(area: str, submissions: Iterable[SubmissionRecord]) -> list[EventRecord]:
    """One area's submissions as the events that start chained obligations (area-local names,
    as :func:`~cycles.engine.occurrences.occurrences` expects)."""
    prefix = f"{area}."
    return [
        EventRecord(submission_trigger(s.obligation.removeprefix(prefix)), s.on, s.period)
        for s in submissions
        if s.obligation.startswith(prefix)
    ]


def rolling_label(anchor_day: dt.date) -> str:
    return f"since {anchor_day.isoformat()}"


def rolling_periods(
    first: Anchor, submitted: Mapping[str, dt.date], until: dt.date
) -> Iterator[tuple[Period, Anchor]]:
    """The rolling occurrences' periods and anchors: the first from ``first``, each next from
    the day its predecessor was submitted (``submitted`` maps a label to that day), until
    one is not yet submitted or the anchor passes ``until``."""
    anchor = first
    for _ in range(MAX_ROLLING):
        if anchor.day > until:
            return
        label = rolling_label(anchor.day)
        yield Period(anchor.day, anchor.day, label), anchor
        done = submitted.get(label)
        if done is None or done <= anchor.day:
            return
        anchor = Anchor(done, f"previous one submitted {fmt_date(done)}")


def next_rolling_due(rule: DueRule, calendar: WorkingCalendar, last_submitted: dt.date) -> Due:
    """The next due date of a rolling obligation, counted from its last submission."""
    return rule.due(Anchor(last_submitted, f"last one submitted {fmt_date(last_submitted)}"),
                    calendar, {})
