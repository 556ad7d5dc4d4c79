"""Which occurrences exist, decided from the catalogue and what people recorded (trigger
events; submissions, which start chained obligations and move rolling ones on), and handed
to storage as rows: the scan's sync, and the periods people can name when they record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cycles.engine.chains import EventRecord, SubmissionRecord
from cycles.engine.occurrences import Occurrence
from cycles.engine.periods import Period
from cycles.engine.rules import Due
from cycles.london import day_start_utc, london_date
from cycles.scan import first_action_day
from storage.rows import (
    ObligationRow,
    OccurrenceRow,
    StoredEvent,
    StoredSubmission,
    SyncReport,
)

if TYPE_CHECKING:
    from config.loader import Catalogue, Entry

SYNC_HORIZON_DAYS = 400  # the scan stores occurrences due up to this far ahead
NAMABLE_AHEAD_DAYS = 1100  # how far ahead people may record against a period


def event_records(stored: Iterable[StoredEvent]) -> list[EventRecord]:
    """Stored events as the engine reads them (``area.event`` qualified)."""
    return [EventRecord(f"{e.area}.{e.event}", e.occurred_on, e.reference, e.closed_on)
            for e in stored]


def submission_records(stored: Iterable[StoredSubmission]) -> list[SubmissionRecord]:
    """Stored submissions as the engine reads them: the London day each was submitted."""
    return [SubmissionRecord(s.obligation, s.period, london_date(s.submitted_at))
            for s in stored]


@dataclass(frozen=True)
class Recorded:
    """What people recorded that changes which occurrences exist and when they fall due."""

    events: tuple[EventRecord, ...] = ()
    submissions: tuple[SubmissionRecord, ...] = ()


def recorded(engine: Any) -> Recorded:
    """The recorded events and submissions (``engine`` None: nothing recorded yet)."""
    if engine is None:
        return Recorded()
    from storage import reads as q

    with engine.connect() as conn:
        return Recorded(tuple(event_records(q.stored_events(conn))),
                        tuple(submission_records(q.stored_submissions(conn))))


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

    New occurrences are inserted (their first action is their first reminder), including
    those a recorded event or submission starts; an open, undeferred occurrence whose due
    date the catalogue now computes differently is moved. Only the stored rows of the
    occurrences the catalogue computes are read (by key), never the rest of the history.
    """
    from storage import queries as q

    start = min(a.tracking_from for a in catalogue.areas.values())
    done = recorded(engine)
    pairs = catalogue.occurrences(start, today + dt.timedelta(days=horizon_days),
                                  events=done.events, submissions=done.submissions)
    return q.sync_rows(engine, [obligation_row(e) for e in catalogue.entries()],
                       [row_of(e, o) for e, o in pairs], now)


def namable_periods(entry: Entry, events: Iterable[StoredEvent],
                    submissions: Iterable[StoredSubmission], today: dt.date
                    ) -> list[tuple[Period, Due | None]]:
    """Every period of the obligation people could name, with its due (or None): periodic
    ones from well before tracking began, one per recorded trigger (or submission of the
    obligation it is chained to), and a rolling one's chain of submissions."""
    return entry.named_periods(today + dt.timedelta(days=NAMABLE_AHEAD_DAYS),
                               events=event_records(events),
                               submissions=submission_records(submissions))
