"""The scan: a pure decision of which notifications are owed now.

Inputs are the catalogue, the stored state of the occurrences that are due for action
(selected by the indexed ``next_action_at``), and ``as_of``. Nothing here reads a clock,
a file, a database or the network; :mod:`cycles.runner` does the side effects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from config.loader import Catalogue, Entry
from cycles.engine.stages import Stage, current_stages, next_action, reminder_stages
from cycles.tags import Tag
from storage.rows import OccurrenceState, OccurrenceStatus

__all__ = ["OccurrenceState", "Owed", "State", "decide", "owed_now", "state_of"]


class State(StrEnum):
    """Where an occurrence stands on a given day (the words the status table uses)."""

    upcoming = "upcoming"
    due_soon = "due soon"  # within the first reminder lead time
    due = "due today"
    overdue = "overdue"
    submitted = "submitted"
    waived = "waived"


@dataclass(frozen=True)
class Owed:
    occurrence: OccurrenceState
    stage: Stage
    tag: str  # "medway.dcs"

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.occurrence.id, self.stage.key, self.tag)


def tag_for(area: str, role: str) -> str:
    return str(Tag(area, role))


def state_of(entry: Entry, occ: OccurrenceState, today: dt.date) -> State:
    if occ.status == OccurrenceStatus.submitted:
        return State.submitted
    if occ.status == OccurrenceStatus.waived:
        return State.waived
    if today > occ.due:
        return State.overdue
    if today == occ.due:
        return State.due
    stages = reminder_stages(occ.due, entry.policy, entry.area.calendar, ())
    first = min((s.on for s in stages), default=occ.due)
    return State.due_soon if today >= first else State.upcoming


def owed_now(entry: Entry, occ: OccurrenceState, today: dt.date) -> list[Owed]:
    """The notifications owed for one occurrence today (none once submitted or waived)."""
    if not occ.is_open:
        return []
    ob = entry.obligation
    stages = current_stages(
        occ.due, entry.policy, entry.area.calendar, tuple(ob.owner), today,
        not_before=entry.area.tracking_from,
    )
    if today < entry.area.tracking_from:
        return []
    if occ.due != occ.original_due:  # deferred: the moved stages are new ones
        stages = [replace(s, key=f"{s.key}@{occ.due.isoformat()}") for s in stages]
    return [Owed(occ, s, tag_for(entry.area.area, role)) for s in stages for role in s.roles]


def stage_name(key: str) -> str:
    """The stage of a ledger key, without the due date a deferral adds to it.

    Once a deferral moves the due date, its stages are keyed ``before-3wd@2026-11-20``: the
    ledger's unique (occurrence, stage, route) would otherwise count the reminders, due,
    overdue and escalation notices already sent for the old date as sent for the new one.
    """
    return key.split("@", 1)[0]


def decide(
    catalogue: Catalogue,
    states: Iterable[OccurrenceState],
    today: dt.date,
    area: str | None = None,
) -> list[Owed]:
    """Every notification owed at ``today`` for these occurrences.

    Occurrences whose obligation has left the catalogue are skipped (their history stays).
    """
    index = {e.id: e for e in catalogue.entries(area)}
    owed: list[Owed] = []
    for occ in states:
        entry = index.get(occ.obligation)
        if entry is not None:
            owed.extend(owed_now(entry, occ, today))
    return owed


def next_action_day(entry: Entry, due: dt.date, after: dt.date) -> dt.date | None:
    """The next day on which this occurrence owes something new, after ``after``."""
    return next_action(due, entry.policy, entry.area.calendar, after)


def first_action_day(entry: Entry, due: dt.date) -> dt.date:
    """The first day an occurrence needs the scan's attention (its first reminder)."""
    stages = reminder_stages(due, entry.policy, entry.area.calendar, ())
    first = min((s.on for s in stages), default=due)
    return max(first, entry.area.tracking_from) if first < entry.area.tracking_from else first
