"""Classification: stored occurrences as they stood at the end of an as-of date.

Pure: no clock, no database. Rows come from :func:`storage.reporting.year_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from cycles.compliance.model import (
    Compliance,
    DecisionNote,
    Group,
    Outcome,
    ReportLine,
    Tally,
    Unrecorded,
)
from cycles.compliance.years import QUARTER_MONTHS, parse_year, year_label
from cycles.engine.chains import EventRecord, SubmissionRecord
from cycles.engine.workdays import Roll, WorkingCalendar, fmt_date
from cycles.london import london_date

if TYPE_CHECKING:
    from config.loader import Catalogue, Entry
    from storage.reporting import DecisionRow, ReportRow


def _entries(catalogue: Catalogue) -> dict[str, Entry]:
    return {e.id: e for e in catalogue.entries()}


def _deadline(row: ReportRow, as_of: dt.date, title: str, area_name: str
              ) -> tuple[dt.date, bool, list[DecisionNote]]:
    """The due date in force at ``as_of``, whether a deferral moved it, and the notes."""
    deadline = row.original_due
    moved = False
    notes: list[DecisionNote] = []
    for d in row.decisions:
        decided = london_date(d.recorded_at)
        if decided > as_of:
            continue  # not known yet at the as-of date
        if d.kind == "deferred":
            counted = d.new_due is not None and decided <= deadline
            if counted:
                assert d.new_due is not None
                note = f"approved on or before the due date {fmt_date(deadline)}: moves it"
                deadline, moved = d.new_due, True
            else:
                note = (f"approved after the due date {fmt_date(deadline)} had passed: "
                        "the deadline did not move")
            notes.append(_note(row, d, decided, counted, note, title, area_name))
        elif d.kind == "waived":
            after = decided > deadline
            note = (f"waived after the due date {fmt_date(deadline)} had passed" if after
                    else "waived before the due date")
            notes.append(_note(row, d, decided, True, note, title, area_name))
    return deadline, moved, notes


def _note(row: ReportRow, d: DecisionRow, decided: dt.date, counted: bool, note: str,
          title: str, area_name: str) -> DecisionNote:
    return DecisionNote(row.key, row.obligation_id, title, area_name, row.period, d.kind,
                        d.reason, d.approver, decided, d.previous_due, d.new_due, counted, note)


def classify(row: ReportRow, entry: Entry | None, as_of: dt.date) -> ReportLine:
    """One stored occurrence, as it stood at the end of ``as_of``."""
    title = entry.obligation.title if entry else (row.obligation_title or row.obligation_id)
    area_name = entry.area.name if entry else row.area
    calendar = entry.area.calendar if entry else WorkingCalendar()
    owners = tuple(f"{row.area}.{r}" for r in entry.obligation.owner) if entry else ()
    local_addition = entry.obligation.local_addition if entry else None
    deadline, moved, notes = _deadline(row, as_of, title, area_name)
    base: dict[str, Any] = {
        "key": row.key, "obligation_id": row.obligation_id, "title": title, "area": row.area,
        "area_name": area_name, "period": row.period, "original_due": row.original_due,
        "due_in_force": deadline, "deferred": moved, "owners": owners,
        "decisions": tuple(notes), "local_addition": local_addition,
        "received": (f"{row.receipt.meeting_date.isoformat()}, minute "
                     f"{row.receipt.minute_reference}" if row.receipt else None),
    }
    sub = row.submission
    if sub is not None and london_date(sub.submitted_at) <= as_of:
        on = london_date(sub.submitted_at)
        extra: dict[str, Any] = {"submitted_on": on, "submitted_by": sub.submitted_by,
                                 "evidence": sub.evidence}
        if on <= deadline:
            return ReportLine(outcome=Outcome.on_time, **base, **extra)
        arrived, _ = calendar.roll(on, Roll.following)
        late = calendar.working_days_between(deadline, arrived)
        return ReportLine(outcome=Outcome.late, working_days_late=late, **base, **extra)
    waived = any(n.kind == "waived" for n in notes) or (
        row.status == "waived" and not any(d.kind == "waived" for d in row.decisions))
    if waived:
        return ReportLine(outcome=Outcome.waived, **base)
    if as_of > deadline:
        overdue = calendar.working_days_between(deadline, as_of)
        return ReportLine(outcome=Outcome.overdue, working_days_overdue=overdue, **base)
    return ReportLine(outcome=Outcome.open, **base)


def _groups(items: Sequence[ReportLine], keys: Callable[[ReportLine], Iterable[str]],
            label: Callable[[str], str], detail: Callable[[str], str] = lambda k: ""
            ) -> list[Group]:
    members: dict[str, list[ReportLine]] = {}
    for item in items:
        for k in keys(item):
            members.setdefault(k, []).append(item)
    return [Group(k, label(k), Tally.of(v), detail(k)) for k, v in members.items()]


def compliance(catalogue: Catalogue, rows: Iterable[ReportRow], as_of_date: dt.date,
               year: str | None = None, area: str | None = None, *,
               events: Iterable[EventRecord] = (),
               submissions: Iterable[SubmissionRecord] = ()) -> Compliance:
    """Classify ``rows`` as at the end of ``as_of_date`` and add up the figures.

    ``year`` (``"2026-27"``) defaults to the financial year of the earliest row (or of the
    as-of date); rows whose original due date falls outside it, or outside ``area``, are
    left out. ``events`` and ``submissions`` are what people recorded (read by the caller):
    they say which event-triggered, chained and rolling occurrences the catalogue owes, so
    those missing from ``rows`` are listed too; records after ``as_of_date`` are ignored.
    """
    rows = sorted(rows, key=lambda r: (r.area, r.obligation_id, r.original_due, r.period))
    if year is None:
        year = year_label(rows[0].original_due if rows else as_of_date)
    start, end = parse_year(year)
    rows = [r for r in rows if start <= r.original_due <= end and area in (None, r.area)]
    entries = _entries(catalogue)
    order = {e.id: i for i, e in enumerate(entries.values())}
    rows.sort(key=lambda r: (r.area, order.get(r.obligation_id, len(order)), r.obligation_id,
                             r.original_due, r.period))
    items = [classify(r, entries.get(r.obligation_id), as_of_date) for r in rows]

    def role_label(key: str) -> str:
        area_id, role = key.split(".", 1)
        a = catalogue.areas.get(area_id)
        return a.role_title(role) if a else role

    def area_name(area_id: str) -> str:
        a = catalogue.areas.get(area_id)
        return a.name if a else area_id

    def board(area_id: str) -> str:
        a = catalogue.areas.get(area_id)
        return f"{a.board}; {a.partnership}" if a else ""

    titles = {i.obligation_id: i.title for i in items}
    item_area = {i.obligation_id: i.area_name for i in items}
    by_quarter = [
        Group(f"Q{q}", f"Q{q} {QUARTER_MONTHS[q]}",
              Tally.of(i for i in items if i.quarter == q))
        for q in (1, 2, 3, 4)
    ]
    all_notes = [n for i in items for n in i.decisions]
    scope = area_name(area) if area else "all areas"
    return Compliance(
        year=year, start=start, end=end, area=area, scope=scope, as_of=as_of_date,
        items=items, overall=Tally.of(items), by_quarter=by_quarter,
        by_board=_groups(items, lambda i: [i.area], area_name, board),
        by_obligation=_groups(items, lambda i: [i.obligation_id], titles.__getitem__,
                              item_area.__getitem__),
        by_role=sorted(_groups(items, lambda i: i.owners, role_label,
                               lambda k: area_name(k.split(".", 1)[0])),
                       key=lambda g: (g.detail, g.label)),
        overdue=[i for i in items if i.outcome is Outcome.overdue],
        open=sorted((i for i in items if i.outcome is Outcome.open),
                    key=lambda i: (i.due_in_force, i.key)),
        late=[i for i in items if i.outcome is Outcome.late],
        waivers=[n for n in all_notes if n.kind == "waived"],
        deferrals=[n for n in all_notes if n.kind == "deferred"],
        unrecorded=_unrecorded(catalogue, rows, start, min(end, as_of_date), area,
                               [e for e in events if e.on <= as_of_date],
                               [s for s in submissions if s.on <= as_of_date]),
    )


def _unrecorded(catalogue: Catalogue, rows: Sequence[ReportRow], start: dt.date,
                end: dt.date, area: str | None, events: Sequence[EventRecord],
                submissions: Sequence[SubmissionRecord]) -> list[Unrecorded]:
    """Occurrences due by ``end`` that the database has no row for: periodic ones, and the
    event-triggered, chained and rolling ones the recorded events and submissions start.

    They are not counted (the database cannot say whether they were submitted) but listed,
    so an unsynced database cannot make the record look better than it is.
    """
    if end < start:
        return []
    stored = {r.key for r in rows}
    return [
        Unrecorded(occ.key, entry.obligation.title, entry.area.name, occ.period.label, occ.due)
        for entry, occ in catalogue.occurrences(start, end, area=area, events=events,
                                                submissions=submissions)
        if occ.key not in stored
    ]
