"""Occurrences: one obligation in one period, with its due date and the reason for it.

:func:`occurrences` turns a :class:`Schedule` (everything the engine needs to know about one
obligation) into the occurrences whose due date falls in a window. Nothing dated before the
schedule's ``tracking_from`` is ever produced.

Rolling and chained schedules: see :mod:`cycles.engine.chains`.

Event-triggered obligations have no periods of their own: each recorded event (a serious
case review published on 3 Nov 2026) starts either one occurrence counted from the event
date (``repeat`` None), or a run of cycles of ``repeat`` length starting on the event date
(action-plan progress quarterly) until the event is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from cycles.engine.chains import SUBMITTED, EventRecord, rolling_periods
from cycles.engine.periods import Period, PeriodSpec, periods_between
from cycles.engine.rules import Anchor, Due, DueRule, RuleNotComputable
from cycles.engine.workdays import WorkingCalendar, fmt_date, month_add


@dataclass(frozen=True)
class Schedule:
    obligation: str  # qualified id, ``area.obligation``
    rule: DueRule
    calendar: WorkingCalendar
    tracking_from: dt.date
    periods: PeriodSpec | None = None  # None: event-triggered
    counted_from: str = "period_end"  # or "period_start"
    meetings: Mapping[str, Sequence[dt.date]] | None = None
    trigger: str | None = None
    repeat: PeriodSpec | None = None
    rolling_from: Anchor | None = None  # rolling cadence: what the first occurrence counts from


@dataclass(frozen=True)
class Occurrence:
    obligation: str
    period: Period
    due: dt.date
    explanation: str

    @property
    def key(self) -> str:
        """Stable identity: ``medway.chair-dcs-six-monthly-report@2026-27 H1``."""
        return f"{self.obligation}@{self.period.label}"


def _anchor(schedule: Schedule, period: Period) -> Anchor:
    """The day a period's rule counts from: its last day, or with ``counted_from:
    period_start`` its first day. Either way that named day itself is excluded, in both
    directions: +20 working days from Wed 1 Apr 2026 is Fri 1 May 2026 (Good Friday and
    Easter Monday skipped); -15 from Thu 1 Apr 2027 is Tue 9 Mar 2027."""
    if schedule.counted_from == "period_start":
        return Anchor(period.start, f"{period.label} starts {fmt_date(period.start)}")
    return Anchor(period.end, period.explain_end())


def due_for(schedule: Schedule, period: Period, shared: Hashable | None = None) -> Due:
    """The due date of one period (raises :class:`RuleNotComputable`)."""
    return due_from(schedule, _anchor(schedule, period), shared)


def sharing_key(schedule: Schedule) -> Hashable | None:
    """What besides the anchor and the calendar a due date depends on: the rule and the
    meeting dates (None: a rule that is not a value, whose answers are not shared)."""
    meetings = tuple(sorted((k, tuple(v)) for k, v in (schedule.meetings or {}).items()))
    try:
        hash((schedule.rule, meetings))
    except TypeError:
        return None
    return schedule.rule, meetings


def due_from(schedule: Schedule, anchor: Anchor, shared: Hashable | None = None) -> Due:
    """The rule's answer from ``anchor`` (raises :class:`RuleNotComputable`).

    With ``shared`` (:func:`sharing_key`), worked out once per calendar: every area with
    the same closures (England's bank holidays alone, for most), the same rule and meeting
    dates asks the same question about the same periods.
    """
    if shared is None:
        return schedule.rule.due(anchor, schedule.calendar, schedule.meetings or {})
    answer = schedule.calendar.remembered((shared, anchor), lambda: _answer(schedule, anchor))
    if isinstance(answer, str):
        raise RuleNotComputable(answer)
    return answer


def _answer(schedule: Schedule, anchor: Anchor) -> Due | str:
    try:
        return schedule.rule.due(anchor, schedule.calendar, schedule.meetings or {})
    except RuleNotComputable as exc:
        return str(exc)


def event_periods(
    schedule: Schedule, event: EventRecord, until: dt.date
) -> Iterable[tuple[Period, Anchor]]:
    """The cycles started by one event, up to ``until`` or the event's closure."""
    if schedule.repeat is None:
        period = Period(event.on, event.on, event.label)
        yield period, Anchor(event.on, _started(event))
        return
    months = schedule.repeat.length
    k = 0
    while True:
        sy, sm = month_add(event.on.year, event.on.month, k * months)
        ey, em = month_add(event.on.year, event.on.month, (k + 1) * months)
        start = _same_day(sy, sm, event.on.day)
        end = _same_day(ey, em, event.on.day) - dt.timedelta(days=1)
        if start > until or (event.closed_on is not None and start > event.closed_on):
            return
        label = f"{event.label} #{k + 1}"
        yield Period(start, end, label), Anchor(end, f"{label} ends {fmt_date(end)}")
        k += 1


def _started(event: EventRecord) -> str:
    """What the clock counts from: ``SI-2026-07 recorded Tue 22 Dec 2026``, or for a chained
    obligation ``SI-2026-07: serious-incident-notification submitted Tue 22 Dec 2026``."""
    if event.event.startswith(SUBMITTED):
        return (f"{event.label}: {event.event.removeprefix(SUBMITTED)} submitted "
                f"{fmt_date(event.on)}")
    return f"{event.label} recorded {fmt_date(event.on)}"


def _same_day(year: int, month: int, day: int) -> dt.date:
    """Day ``day`` of the month, or its last day (an event on 31 Jan repeats on 30 Apr)."""
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return min(dt.date(year, month, 1) + dt.timedelta(days=day - 1),
               first_next - dt.timedelta(days=1))


def occurrences(
    schedule: Schedule,
    start: dt.date,
    end: dt.date,
    events: Iterable[EventRecord] = (),
    submitted: Mapping[str, dt.date] | None = None,
) -> list[Occurrence]:
    """Occurrences due within [start, end] (inclusive), never before ``tracking_from``.

    ``events`` start event-triggered and chained schedules (see :mod:`cycles.engine.chains`);
    ``submitted`` (period label -> day submitted, this obligation's own) moves a rolling
    schedule on from each submission.

    A meeting-relative rule with no meeting dated late enough yields no occurrence for that
    period: the catalogue must be given next year's meeting dates to extend the calendar.
    """
    lower = max(start, schedule.tracking_from)
    if end < lower:
        return []
    found: list[Occurrence] = []
    if schedule.rolling_from is not None:
        for period, anchor in rolling_periods(schedule.rolling_from, submitted or {}, end):
            _add(found, schedule, period, anchor, lower, end)
    elif schedule.periods is not None:
        # Due dates fall at most ~2 years from a period's end; look back far enough.
        lookback = lower - dt.timedelta(days=800)
        lookahead = end + dt.timedelta(days=800)
        shared = sharing_key(schedule)
        for period in periods_between(schedule.periods, lookback, lookahead):
            try:
                due = due_for(schedule, period, shared)
            except RuleNotComputable:
                continue
            if lower <= due.date <= end:
                found.append(Occurrence(schedule.obligation, period, due.date, due.explanation))
    else:
        for event in events:
            if event.event != schedule.trigger:
                continue
            for period, anchor in event_periods(schedule, event, end):
                _add(found, schedule, period, anchor, lower, end)
    found.sort(key=lambda o: (o.due, o.period.start))
    return found


def named_periods(
    schedule: Schedule,
    until: dt.date,
    events: Iterable[EventRecord] = (),
    submitted: Mapping[str, dt.date] | None = None,
) -> list[tuple[Period, Due | None]]:
    """Every period of the schedule that people could name (to submit, waive or defer it),
    up to ``until``, with its due date, or None where the rule has no answer.

    Periodic: from 800 days before ``tracking_from``; event-triggered and chained: one run
    per matching event; rolling: the chain of ``submitted`` anchors.
    """
    shared = sharing_key(schedule)

    def with_due(period: Period, anchor: Anchor) -> tuple[Period, Due | None]:
        try:
            return period, due_from(schedule, anchor, shared)
        except RuleNotComputable:
            return period, None

    if schedule.rolling_from is not None:
        return [with_due(p, a) for p, a in rolling_periods(schedule.rolling_from,
                                                            submitted or {}, until)]
    if schedule.periods is not None:
        first = schedule.tracking_from - dt.timedelta(days=800)
        return [with_due(p, _anchor(schedule, p))
                for p in periods_between(schedule.periods, first, until)]
    return [with_due(p, a) for ev in events if ev.event == schedule.trigger
            for p, a in event_periods(schedule, ev, until)]


def _add(found: list[Occurrence], schedule: Schedule, period: Period, anchor: Anchor,
         lower: dt.date, end: dt.date) -> None:
    try:
        due = due_from(schedule, anchor, sharing_key(schedule))
    except RuleNotComputable:
        return
    if lower <= due.date <= end:
        found.append(Occurrence(schedule.obligation, period, due.date, due.explanation))
