"""Checks across a validated area that a schema alone cannot make (each a :class:`Problem`),
and warnings that do not stop a file loading (each a line of text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from config.catalogue import Catalogue, Entry
from config.model import Area, Obligation
from config.problems import Problem
from cycles.engine.occurrences import due_for
from cycles.engine.periods import periods_between
from cycles.engine.rules import RuleNotComputable
from cycles.engine.workdays import fmt_date


def check_area(name: str, area: Area) -> Iterator[Problem]:
    """Cross-references that a schema alone cannot check."""
    roles = set(area.roles)
    declared = ", ".join(sorted(roles))

    def unknown(ob: str, fld: str, names: Iterable[str]) -> Iterator[Problem]:
        for r in names:
            if r not in roles:
                yield Problem(name, ob, fld, f"unknown role {r!r} (declared: {declared})")

    for i, step in enumerate(area.escalation):
        yield from unknown("-", f"escalation[{i}].to", step.to)
    yield from unknown("-", "deferral_approver", filter(None, [area.deferral_approver]))
    seen: set[str] = set()
    for ob in area.obligations:
        if ob.id in seen:
            yield Problem(name, ob.id, "id", "duplicate id (each obligation needs its own)")
        seen.add(ob.id)
        yield from unknown(ob.id, "owner", ob.owner)
        yield from unknown(ob.id, "recipients", ob.recipients)
        for i, step in enumerate(ob.escalation or []):
            yield from unknown(ob.id, f"escalation[{i}].to", step.to)
        for fld in ("deferral_approver", "received_by"):
            yield from unknown(ob.id, fld, filter(None, [getattr(ob, fld)]))
        if ob.source.file != area.source_file:
            yield Problem(name, ob.id, "source.file",
                          f"{ob.source.file!r} is not this area's source_file {area.source_file!r}")
        yield from _escalation_above_owners(name, area, ob)
        yield from _chain(name, area, ob)
        for fld in ("trigger", "until"):
            ev = getattr(ob, fld)
            if ev is not None and ev not in area.events:
                yield Problem(name, ob.id, fld, f"unknown event {ev!r} "
                              f"(declared: {', '.join(sorted(area.events)) or 'none'})")
        if ob.due.meeting is not None:
            meeting = area.meetings.get(ob.due.meeting)
            if meeting is None:
                yield Problem(name, ob.id, "due.meeting",
                              f"unknown meeting {ob.due.meeting!r} "
                              f"(declared: {', '.join(sorted(area.meetings)) or 'none'})")
                continue
            if not meeting.dates:
                yield Problem(name, ob.id, "due.meeting",
                              f"meeting {ob.due.meeting!r} has no dates: list them under "
                              f"meetings.{ob.due.meeting}.dates")
                continue
        yield from _computable(name, area, ob)


def _escalation_above_owners(name: str, area: Area, ob: Obligation) -> Iterator[Problem]:
    """An escalation step must reach someone besides the obligation's owners."""
    own = ob.escalation is not None
    steps = ob.escalation if ob.escalation is not None else area.escalation
    for i, step in enumerate(steps):
        if set(step.to) <= set(ob.owner):
            where = f"escalation[{i}].to" if own else f"escalation[{i}].to (the area default)"
            yield Problem(name, ob.id, where,
                          f"every recipient ({', '.join(step.to)}) already owns this obligation:"
                          " escalate to someone above the owners")


def _chain(name: str, area: Area, ob: Obligation) -> Iterator[Problem]:
    """A chained trigger names another obligation of this area, and the chain has no loop."""
    if ob.after_submission_of is None:
        return
    by_id = {o.id: o for o in area.obligations}
    fld = "trigger.after_submission_of"
    if ob.after_submission_of not in by_id:
        yield Problem(name, ob.id, fld, f"unknown obligation {ob.after_submission_of!r} "
                      f"(this area's: {', '.join(sorted(by_id))})")
        return
    seen = [ob.id]
    current: str | None = ob.after_submission_of
    while current is not None and current in by_id:
        if current in seen:
            loop = " -> ".join([*seen, current])
            yield Problem(name, ob.id, fld, f"the chain loops back on itself ({loop})")
            return
        seen.append(current)
        current = by_id[current].after_submission_of


def _computable(name: str, area: Area, ob: Obligation) -> Iterator[Problem]:
    """Every period from tracking_from for two years must have a due date.

    A meeting-relative rule only needs one: periods after the last dated meeting are
    skipped until next year's dates are added (and :func:`meeting_horizon_warnings` says so).
    """
    schedule = Entry(area, ob).schedule()
    if schedule.periods is None:
        return
    first = area.tracking_from
    periods = list(periods_between(schedule.periods, first, first + dt.timedelta(days=730)))
    computed = 0
    for period in periods:
        try:
            due_for(schedule, period)
            computed += 1
        except RuleNotComputable as exc:
            if ob.due.meeting is None:
                yield Problem(name, ob.id, "due", f"cannot compute for {period.label}: {exc}")
                return
        except (ValueError, OverflowError) as exc:
            yield Problem(name, ob.id, "due", f"cannot compute for {period.label}: {exc}")
            return
    if ob.due.meeting is not None and not computed:
        yield Problem(name, ob.id, "due.meeting",
                      f"no {ob.due.meeting!r} meeting is dated late enough after tracking_from "
                      f"{first.isoformat()}: add the meeting dates")


HORIZON = dt.timedelta(days=365)


def meeting_horizon_warnings(
    catalogue: Catalogue, as_of: dt.date, horizon: dt.timedelta = HORIZON,
    area: str | None = None,
) -> list[str]:
    """Meeting-relative obligations whose meeting dates run out inside the horizon.

    The horizon is a year either side of ``as_of`` (never before ``tracking_from``): every
    period whose rule counts from a day in it must find a meeting. A year ahead gives a
    board time to fix next year's dates; a year back keeps warning about a period that has
    already gone without a due date. One line per obligation, naming the first period
    left without a date: ``FILE: ID: due.meeting: 2027-28 Q4 (ends ...) has no due date ...``.
    """
    lines = []
    for entry in catalogue.entries(area):
        ob = entry.obligation
        if ob.due.meeting is None:
            continue
        schedule = entry.schedule()
        if schedule.periods is None:
            continue
        first = max(entry.area.tracking_from, as_of - horizon)
        for period in periods_between(schedule.periods, first, as_of + horizon):
            anchor = period.start if ob.due.counted_from == "period_start" else period.end
            if not first <= anchor <= as_of + horizon:
                continue
            try:
                due_for(schedule, period)
            except RuleNotComputable:
                meeting = entry.area.meetings[ob.due.meeting]
                last = max(meeting.dates)
                lines.append(
                    f"{catalogue.files.get(entry.area.area, entry.area.area)}: {ob.id}: "
                    f"due.meeting: {period.label} (counted from {fmt_date(anchor)}) has no due "
                    f"date: no {meeting.title} meeting is dated after it (last listed "
                    f"{fmt_date(last)}); add the next meeting dates under "
                    f"meetings.{ob.due.meeting}.dates")
                break
    return lines
