"""Which occurrences exist, decided from the catalogue and the recorded events, and handed
to storage as rows: the scan's sync, and the periods people can name when they record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cycles.engine.occurrences import EventRecord, Occurrence, due_for, event_periods
from cycles.engine.periods import Period, periods_between
from cycles.engine.rules import Due, RuleNotComputable
from cycles.london import day_start_utc
from cycles.scan import first_action_day
from storage.rows import ObligationRow, OccurrenceRow, StoredEvent, SyncReport

if TYPE_CHECKING:
    from config.loader import Catalogue, Entry

SYNC_HORIZON_DAYS = 400  # the scan stores occurrences due up to this far ahead
COMPARE_BACK_DAYS = 800  # stored occurrences older than tracking by this much are left alone
NAMABLE_AHEAD_DAYS = 1100  # how far ahead people may record against a period


def event_records(stored: Iterable[StoredEvent]) -> list[EventRecord]:
    """Stored events as the engine reads them (``area.event`` qualified)."""
    return [EventRecord(f"{e.area}.{e.event}", e.occurred_on, e.reference, e.closed_on)
            for e in stored]


def obligation_row(entry: Entry) -> ObligationRow:
    ob = entry.obligation
    return ObligationRow(
        id=entry.id, area=entry.area.area, title=ob.title, cadence=ob.cadence,
        owner=",".join(ob.owner), recipients=",".join(ob.recipients),
        source_file=ob.source.file, quote=ob.source.quote, local_default=ob.local_default)


def occurrence_row(entry: Entry, period: Period, due: dt.date, explanation: str,
                   key: str | None = None) -> OccurrenceRow:
    return OccurrenceRow(
        key=key or f"{entry.id}@{period.label}", obligation_id=entry.id, area=entry.area.area,
        period=period.label, period_start=period.start, period_end=period.end, due=due,
        explanation=explanation, first_action_at=day_start_utc(first_action_day(entry, due)))


def row_of(entry: Entry, occ: Occurrence) -> OccurrenceRow:
    return occurrence_row(entry, occ.period, occ.due, occ.explanation, occ.key)


def sync_catalogue(engine: Any, catalogue: Catalogue, today: dt.date, now: dt.datetime,
                   horizon_days: int = SYNC_HORIZON_DAYS) -> SyncReport:
    """Bring the tables in line with the catalogue up to ``today + horizon_days``.

    New occurrences are inserted (their first action is their first reminder); an open,
    undeferred occurrence whose due date the catalogue now computes differently is moved.
    """
    from storage import queries as q

    start = min(a.tracking_from for a in catalogue.areas.values())
    pairs = catalogue.occurrences(start, today + dt.timedelta(days=horizon_days),
                                  events=event_records(q.events(engine)))
    return q.sync_rows(engine, [obligation_row(e) for e in catalogue.entries()],
                       [row_of(e, o) for e, o in pairs],
                       start - dt.timedelta(days=COMPARE_BACK_DAYS), now)


def namable_periods(entry: Entry, events: Iterable[StoredEvent], today: dt.date
                    ) -> list[tuple[Period, Due | None]]:
    """Every period of the obligation people could name, with its due (or None)."""
    schedule = entry.schedule()
    until = today + dt.timedelta(days=NAMABLE_AHEAD_DAYS)
    out: list[tuple[Period, Due | None]] = []
    if schedule.periods is not None:
        first = entry.area.tracking_from - dt.timedelta(days=COMPARE_BACK_DAYS)
        for p in periods_between(schedule.periods, first, until):
            try:
                out.append((p, due_for(schedule, p)))
            except RuleNotComputable:
                out.append((p, None))
        return out
    trigger = entry.obligation.trigger or ""
    for ev in events:
        if ev.area != entry.area.area or ev.event != trigger:
            continue
        local = EventRecord(trigger, ev.occurred_on, ev.reference, ev.closed_on)
        for p, anchor in event_periods(schedule, local, until):
            try:
                out.append((p, schedule.rule.due(anchor, schedule.calendar,
                                                 schedule.meetings or {})))
            except RuleNotComputable:
                out.append((p, None))
    return out
