"""The yearly evidence of on-time reporting, for the annual assessment of governance.

Pure: no clock, no database, no prefect. :func:`compliance` classifies stored occurrences
(read by :func:`storage.reporting.year_rows`) as they stood at the end of an as-of date, and
the renderers lay the result out as HTML (with inline SVG pictures), Markdown or CSV.

Definitions (the same text is printed in every report, see :data:`DEFINITIONS`):

* **the year** is a financial year, 1 April to 31 March; an occurrence belongs to the year,
  quarter and month of its *original* due date (as the catalogue computed it), so a deferral
  never moves a report out of the year it was owed in.
* **the due date in force** is the original due date, moved by each deferral that was
  approved (recorded) on or before the due date then in force. A deferral approved after
  that date had passed is listed but does not move the deadline.
* **on time**: submitted on or before the due date in force (the submission's London date);
  **late**: submitted after it; **missed**: not submitted (nor waived) and the due date in
  force is before the as-of date; **open**: not submitted and not yet past due; **waived**:
  waived by a recorded decision. Records dated after the as-of date are ignored, so a report
  as of a past date shows what was known then.
* **on-time rate** = on time / (on time + late + missed); open and waived occurrences are left
  out. None (shown as "-") when nothing has been assessed yet.
* **working days late** counts the area's working days (weekends, England's bank holidays and
  the area's closures skipped) after the due date in force up to the day the report arrived;
  a report that arrives on a non-working day counts as arriving on the next working day, so a
  late report is always at least 1 working day late.
* **owner roles**: an obligation with two owners counts in both owners' figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from cycles.engine.workdays import Roll, WorkingCalendar, fmt_date

if TYPE_CHECKING:
    from config.loader import Catalogue, Entry
    from storage.reporting import DecisionRow, ReportRow

LONDON = ZoneInfo("Europe/London")
TEMPLATES_DIR = Path(__file__).parent / "templates"
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
QUARTER_MONTHS = {1: "Apr-Jun", 2: "Jul-Sep", 3: "Oct-Dec", 4: "Jan-Mar"}
_YEAR_LABEL = re.compile(r"^(\d{4})-(\d{2})$")

DEFINITIONS: list[tuple[str, str]] = [
    ("Year", "The financial year, 1 April to 31 March. A report belongs to the year, quarter "
     "and month of its original due date, so a deferral never moves it out of the year."),
    ("Due date in force", "The original due date, moved by each deferral approved on or "
     "before the due date then in force. A deferral approved after that date had passed is "
     "listed but does not move the deadline."),
    ("On time", "Submitted on or before the due date in force (London date)."),
    ("Late", "Submitted after the due date in force."),
    ("Missed", "Neither submitted nor waived, and the due date in force had passed by the "
     "as-of date."),
    ("Open", "Not yet submitted and not yet past its due date in force."),
    ("Waived", "Not required this time, by a recorded decision with a reason and approver."),
    ("Deferred", "On time or late against a due date moved by an approved deferral."),
    ("On-time rate", "On time / (on time + late + missed). Open and waived reports are left "
     "out; '-' when nothing was due yet."),
    ("Working days late", "Working days after the due date in force up to the day the report "
     "arrived (weekends, England's bank holidays and local closures skipped; a report arriving "
     "on a non-working day counts from the next working day)."),
    ("As of", "Records dated after the as-of date are ignored: the report shows what was "
     "known at the end of that day."),
]


class Outcome(StrEnum):
    on_time = "on time"
    late = "late"
    missed = "missed"
    open = "open"
    waived = "waived"


# ---- the year -----------------------------------------------------------------------------

def parse_year(label: str) -> tuple[dt.date, dt.date]:
    """``"2026-27"`` -> (1 Apr 2026, 31 Mar 2027); ValueError for anything else."""
    m = _YEAR_LABEL.match(label.strip()) if isinstance(label, str) else None
    if m is None or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValueError(f"year {label!r} is not a financial year label: use the form "
                         "2026-27 (1 April 2026 to 31 March 2027)")
    first = int(m.group(1))
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def year_label(day: dt.date) -> str:
    """The financial year containing ``day``: 2027-01-12 -> ``"2026-27"``."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def quarter_of(day: dt.date) -> int:
    """Financial quarter: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar."""
    return (day.month - 4) % 12 // 3 + 1


def month_index(day: dt.date) -> int:
    """0 for April ... 11 for March."""
    return (day.month - 4) % 12


def london_date(instant: dt.datetime) -> dt.date:
    if instant.tzinfo is None:  # stored instants are UTC
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(LONDON).date()


# ---- the result ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionNote:
    """A waiver or deferral, as the report shows it."""

    key: str
    obligation_id: str
    title: str
    area_name: str
    period: str
    kind: str  # "waived" | "deferred"
    reason: str
    approver: str
    decided_on: dt.date  # London date it was recorded
    previous_due: dt.date | None
    new_due: dt.date | None
    counted: bool  # a deferral that moved the deadline / a waiver in force
    note: str  # e.g. "approved after the due date had passed: the deadline did not move"


@dataclass(frozen=True)
class Item:
    """One occurrence, classified."""

    key: str
    obligation_id: str
    title: str
    area: str
    area_name: str
    period: str
    original_due: dt.date
    due_in_force: dt.date
    outcome: Outcome
    deferred: bool  # the deadline was moved by an approved deferral
    submitted_on: dt.date | None = None
    submitted_by: str | None = None
    evidence: str | None = None
    working_days_late: int | None = None  # late only
    working_days_overdue: int | None = None  # missed only
    owners: tuple[str, ...] = ()  # "area.role"
    decisions: tuple[DecisionNote, ...] = ()
    received: str | None = None  # "2026-07-22, minute TB 2026/07 item 4" (receiving body)

    @property
    def quarter(self) -> int:
        return quarter_of(self.original_due)

    @property
    def month(self) -> int:
        return month_index(self.original_due)

    @property
    def label(self) -> str:
        """``on time (deferred)``, ``late (3 working days)``, ``missed``, ..."""
        if self.outcome is Outcome.late:
            n = self.working_days_late
            text = f"late ({n} working day{'s' * (n != 1)})"
        else:
            text = self.outcome.value
        return f"{text} (deferred)" if self.deferred else text


@dataclass(frozen=True)
class Tally:
    on_time: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0
    waived: int = 0
    deferred: int = 0
    late_days: tuple[int, ...] = ()

    @classmethod
    def of(cls, items: Iterable[Item]) -> Tally:
        items = list(items)
        count = {o: sum(1 for i in items if i.outcome is o) for o in Outcome}
        return cls(count[Outcome.on_time], count[Outcome.late], count[Outcome.missed],
                   count[Outcome.open], count[Outcome.waived],
                   sum(1 for i in items if i.deferred),
                   tuple(sorted(i.working_days_late for i in items
                                if i.working_days_late is not None)))

    @property
    def assessed(self) -> int:
        return self.on_time + self.late + self.missed

    @property
    def total(self) -> int:
        return self.assessed + self.open + self.waived

    @property
    def rate(self) -> float | None:
        return self.on_time / self.assessed if self.assessed else None

    @property
    def median_late(self) -> float | None:
        return statistics.median(self.late_days) if self.late_days else None

    @property
    def worst_late(self) -> int | None:
        return max(self.late_days) if self.late_days else None


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    tally: Tally
    detail: str = ""  # e.g. the area of an obligation or role


@dataclass(frozen=True)
class Unrecorded:
    """An occurrence the catalogue says was due, with no row in the database."""

    key: str
    title: str
    area_name: str
    period: str
    due: dt.date


@dataclass(frozen=True)
class Compliance:
    year: str
    start: dt.date
    end: dt.date
    area: str | None  # None: all areas
    scope: str  # "Medway" or "all areas"
    as_of: dt.date
    items: list[Item]
    overall: Tally
    by_quarter: list[Group]
    by_board: list[Group]
    by_obligation: list[Group]
    by_role: list[Group]
    missed: list[Item]
    open: list[Item]
    late: list[Item]
    waivers: list[DecisionNote]
    deferrals: list[DecisionNote]
    unrecorded: list[Unrecorded] = field(default_factory=list)

    @property
    def title(self) -> str:
        return (f"Reporting cycles {self.year}: evidence for the annual assessment of "
                "governance")

    @property
    def slug(self) -> str:
        """``2026-27-medway`` / ``2026-27-all``: for stable file names."""
        return f"{self.year}-{self.area or 'all'}"


# ---- classification -----------------------------------------------------------------------

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


def classify(row: ReportRow, entry: Entry | None, as_of: dt.date) -> Item:
    """One stored occurrence, as it stood at the end of ``as_of``."""
    title = entry.obligation.title if entry else (row.obligation_title or row.obligation_id)
    area_name = entry.area.name if entry else row.area
    calendar = entry.area.calendar if entry else WorkingCalendar()
    owners = tuple(f"{row.area}.{r}" for r in entry.obligation.owner) if entry else ()
    deadline, moved, notes = _deadline(row, as_of, title, area_name)
    base: dict[str, Any] = {
        "key": row.key, "obligation_id": row.obligation_id, "title": title, "area": row.area,
        "area_name": area_name, "period": row.period, "original_due": row.original_due,
        "due_in_force": deadline, "deferred": moved, "owners": owners,
        "decisions": tuple(notes),
        "received": (f"{row.receipt.meeting_date.isoformat()}, minute "
                     f"{row.receipt.minute_reference}" if row.receipt else None),
    }
    sub = row.submission
    if sub is not None and london_date(sub.submitted_at) <= as_of:
        on = london_date(sub.submitted_at)
        extra: dict[str, Any] = {"submitted_on": on, "submitted_by": sub.submitted_by,
                                 "evidence": sub.evidence}
        if on <= deadline:
            return Item(outcome=Outcome.on_time, **base, **extra)
        arrived, _ = calendar.roll(on, Roll.following)
        late = calendar.working_days_between(deadline, arrived)
        return Item(outcome=Outcome.late, working_days_late=late, **base, **extra)
    waived = any(n.kind == "waived" for n in notes) or (
        row.status == "waived" and not any(d.kind == "waived" for d in row.decisions))
    if waived:
        return Item(outcome=Outcome.waived, **base)
    if as_of > deadline:
        overdue = calendar.working_days_between(deadline, as_of)
        return Item(outcome=Outcome.missed, working_days_overdue=overdue, **base)
    return Item(outcome=Outcome.open, **base)


def _groups(items: Sequence[Item], keys: Callable[[Item], Iterable[str]],
            label: Callable[[str], str], detail: Callable[[str], str] = lambda k: ""
            ) -> list[Group]:
    members: dict[str, list[Item]] = {}
    for item in items:
        for k in keys(item):
            members.setdefault(k, []).append(item)
    return [Group(k, label(k), Tally.of(v), detail(k)) for k, v in members.items()]


def compliance(catalogue: Catalogue, rows: Iterable[ReportRow], as_of_date: dt.date,
               year: str | None = None, area: str | None = None) -> Compliance:
    """Classify ``rows`` as at the end of ``as_of_date`` and add up the figures.

    ``year`` (``"2026-27"``) defaults to the financial year of the earliest row (or of the
    as-of date); rows whose original due date falls outside it, or outside ``area``, are
    left out.
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
        missed=[i for i in items if i.outcome is Outcome.missed],
        open=sorted((i for i in items if i.outcome is Outcome.open),
                    key=lambda i: (i.due_in_force, i.key)),
        late=[i for i in items if i.outcome is Outcome.late],
        waivers=[n for n in all_notes if n.kind == "waived"],
        deferrals=[n for n in all_notes if n.kind == "deferred"],
        unrecorded=_unrecorded(catalogue, rows, start, min(end, as_of_date), area),
    )


def _unrecorded(catalogue: Catalogue, rows: Sequence[ReportRow], start: dt.date,
                end: dt.date, area: str | None) -> list[Unrecorded]:
    """Periodic occurrences due by ``end`` that the database has no row for.

    They are not counted (the database cannot say whether they were submitted) but listed,
    so an unsynced database cannot make the record look better than it is. Event-triggered
    obligations are left out: their occurrences depend on recorded events.
    """
    if end < start:
        return []
    stored = {r.key for r in rows}
    return [
        Unrecorded(occ.key, entry.obligation.title, entry.area.name, occ.period.label, occ.due)
        for entry, occ in catalogue.occurrences(start, end, area=area)
        if occ.key not in stored
    ]


# ---- text helpers -------------------------------------------------------------------------

def fmt_rate(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.0f}%"


def fmt_days(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def rate_phrase(t: Tally) -> str:
    """``83% (5 of 6)``."""
    if t.rate is None:
        return "- (none due yet)"
    return f"{fmt_rate(t.rate)} ({t.on_time} of {t.assessed})"


def headline(c: Compliance) -> str:
    t = c.overall
    if t.assessed == 0:
        return (f"No report in scope had fallen due by {fmt_date(c.as_of)}: "
                f"{t.open} open, {t.waived} waived.")
    late = ""
    if t.late:
        late = (f" Late reports were a median {fmt_days(t.median_late)} and at worst "
                f"{t.worst_late} working day{'s' * (t.worst_late != 1)} late.")
    return (f"{t.on_time} of {t.assessed} reports due by {fmt_date(c.as_of)} were on time "
            f"({fmt_rate(t.rate)}): {t.late} late, {t.missed} missed; {t.waived} waived, "
            f"{t.open} not yet due.{late}")


# ---- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = [
    "area", "obligation_id", "obligation", "period", "quarter", "original_due",
    "due_in_force", "outcome", "deferred", "submitted_on", "submitted_by",
    "working_days_late", "working_days_overdue", "evidence", "decisions", "received",
]
SUMMARY_COLUMNS = [
    "section", "key", "label", "on_time", "late", "missed", "open", "waived", "deferred",
    "on_time_rate", "median_working_days_late", "worst_working_days_late",
]


def _cell(value: Any) -> Any:
    """Dates as ISO, None as empty, and no spreadsheet formulas from free text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _decision_text(n: DecisionNote) -> str:
    moved = f" to {n.new_due.isoformat()}" if n.kind == "deferred" and n.new_due else ""
    return (f"{n.kind}{moved} on {n.decided_on.isoformat()} by {n.approver}: {n.reason} "
            f"({n.note})")


def to_csv(c: Compliance) -> str:
    """One row per occurrence (the register). The figures are :func:`to_summary_csv`."""
    return _csv(CSV_COLUMNS, (
        [i.area, i.obligation_id, i.title, i.period, f"Q{i.quarter}", i.original_due,
         i.due_in_force, i.outcome.value, i.deferred, i.submitted_on, i.submitted_by,
         i.working_days_late, i.working_days_overdue, i.evidence,
         "; ".join(_decision_text(n) for n in i.decisions), i.received]
        for i in c.items
    ))


def to_summary_csv(c: Compliance) -> str:
    """The figures: one row overall, then per quarter, board, obligation and owner role."""
    def row(section: str, key: str, label: str, t: Tally) -> list[Any]:
        rate = "" if t.rate is None else f"{t.rate:.4f}"
        return [section, key, label, t.on_time, t.late, t.missed, t.open, t.waived,
                t.deferred, rate, t.median_late, t.worst_late]

    rows = [row("overall", c.area or "all", c.scope, c.overall)]
    for section, groups in (("quarter", c.by_quarter), ("board", c.by_board),
                            ("obligation", c.by_obligation), ("owner_role", c.by_role)):
        rows.extend(row(section, g.key, g.label, g.tally) for g in groups)
    return _csv(SUMMARY_COLUMNS, rows)


# ---- Markdown -----------------------------------------------------------------------------

def _md_cell(value: Any) -> str:
    text = "-" if value is None or value == "" else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    rows = list(rows)
    if not rows:
        return ["None.", ""]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out.extend("| " + " | ".join(_md_cell(v) for v in r) + " |" for r in rows)
    return out + [""]


def _tally_cells(t: Tally) -> list[Any]:
    return [t.on_time, t.late, t.missed, t.open, t.waived, rate_phrase(t),
            fmt_days(t.median_late), fmt_days(t.worst_late)]


TALLY_HEADER = ["On time", "Late", "Missed", "Open", "Waived", "On-time rate",
                "Median days late", "Worst days late"]


def to_markdown(c: Compliance) -> str:
    out = [f"# {c.title}", "",
           f"Scope: {c.scope}. As of {fmt_date(c.as_of)}. Financial year "
           f"{fmt_date(c.start)} to {fmt_date(c.end)}.", "", headline(c), ""]
    if c.unrecorded:
        out += [f"**Warning:** {len(c.unrecorded)} report(s) the catalogue says were due are "
                "not in the database and are not counted (see the end).", ""]
    out += ["## On-time rate by quarter (by original due date)", ""]
    out += _md_table(["Quarter", *TALLY_HEADER],
                     ([g.label, *_tally_cells(g.tally)] for g in c.by_quarter))
    out += ["## By board", ""]
    out += _md_table(["Board", *TALLY_HEADER],
                     ([g.label, *_tally_cells(g.tally)] for g in c.by_board))
    out += ["## By obligation", ""]
    out += _md_table(["Obligation", "Area", *TALLY_HEADER],
                     ([g.label, g.detail, *_tally_cells(g.tally)] for g in c.by_obligation))
    out += ["## By owner role", ""]
    out += _md_table(["Role", "Area", *TALLY_HEADER],
                     ([g.label, g.detail, *_tally_cells(g.tally)] for g in c.by_role))
    out += ["## Missed", ""]
    out += _md_table(["Report", "Area", "Period", "Due", "Working days overdue"],
                     ([i.title, i.area_name, i.period, i.due_in_force.isoformat(),
                       i.working_days_overdue] for i in c.missed))
    out += ["## Late", ""]
    out += _md_table(["Report", "Area", "Period", "Due", "Submitted", "Working days late"],
                     ([i.title, i.area_name, i.period, i.due_in_force.isoformat(),
                       i.submitted_on, i.working_days_late] for i in c.late))
    out += ["## Open (not yet due)", ""]
    out += _md_table(["Report", "Area", "Period", "Due"],
                     ([i.title, i.area_name, i.period, i.due_in_force.isoformat()]
                      for i in c.open))
    out += ["## Waivers and deferrals", ""]
    out += _md_table(["Decision", "Report", "Period", "Was due", "New due", "Decided",
                      "Approver", "Reason", "Note"],
                     ([n.kind, n.title, n.period, n.previous_due, n.new_due, n.decided_on,
                       n.approver, n.reason, n.note] for n in c.waivers + c.deferrals))
    out += ["## Register: every report due in the year", ""]
    out += _md_table(["Report", "Area", "Period", "Original due", "Due in force", "Outcome",
                      "Submitted", "By"],
                     ([i.title, i.area_name, i.period, i.original_due, i.due_in_force,
                       i.label, i.submitted_on, i.submitted_by] for i in c.items))
    if c.unrecorded:
        out += ["## Not in the database (not counted)", ""]
        out += _md_table(["Report", "Area", "Period", "Due"],
                         ([u.title, u.area_name, u.period, u.due] for u in c.unrecorded))
    out += ["## Definitions", ""]
    out += [f"- **{term}**: {text}" for term, text in DEFINITIONS]
    return "\n".join(out) + "\n"


# ---- SVG pictures -------------------------------------------------------------------------

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
COLOURS = {
    Outcome.on_time: "#1a7a3a",
    Outcome.late: "#c25a00",
    Outcome.missed: "#b3202c",
    Outcome.waived: "#c8c8c8",
    Outcome.open: "#ffffff",
}
LEGEND = [
    (Outcome.on_time, "on time (tick, solid)"),
    (Outcome.late, "late (hatched; number = working days late)"),
    (Outcome.missed, "missed (cross, heavy border)"),
    (Outcome.waived, "waived (W, grey)"),
    (Outcome.open, "not yet due (empty outline)"),
]


def _e(text: Any) -> str:
    return str(escape(str(text)))


def _wrap(text: str, width: int, lines: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "\u2026"
    return out


def _defs(uid: str) -> str:
    """The late hatch; one per SVG (ids are unique in the page)."""
    return (f'<defs><pattern id="hatch-{uid}" width="7" height="7" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="7" height="7" fill="#fde3c4"/>'
            f'<rect width="3" height="7" fill="{COLOURS[Outcome.late]}"/></pattern></defs>')


def _mark(outcome: Outcome, x: float, y: float, w: float, h: float, uid: str,
          text: str = "", deferred: bool = False) -> str:
    """One occurrence cell: a fill pattern and a symbol, so it reads in black and white."""
    parts: list[str] = []
    cx, cy = x + w / 2, y + h / 2
    s = min(w, h) * 0.28  # symbol half-size
    if outcome is Outcome.on_time:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="{COLOURS[outcome]}" stroke="#0b3d1c" stroke-width="1"/>')
        parts.append(f'<path d="M{cx - s:.1f},{cy:.1f} L{cx - s * 0.3:.1f},{cy + s * 0.7:.1f} '
                     f'L{cx + s:.1f},{cy - s * 0.75:.1f}" fill="none" stroke="#ffffff" '
                     'stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>')
    elif outcome is Outcome.late:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="url(#hatch-{uid})" stroke="#7a3900" stroke-width="1"/>')
        pill = max(20.0, 8.5 * len(text) + 10)
        size = 14.0
        if pill > w - 2:  # two or more marks share the month: a smaller number
            pill, size = max(w - 2, 12.0), 11.0
        ph = min(20.0, h - 4)
        parts.append(f'<rect x="{cx - pill / 2:.1f}" y="{cy - ph / 2:.1f}" width="{pill:.1f}" '
                     f'height="{ph:.1f}" rx="{ph / 2:.1f}" fill="#ffffff" stroke="#000000" '
                     'stroke-width="1"/>')
        parts.append(f'<text x="{cx:.1f}" y="{cy + size * 0.36:.1f}" text-anchor="middle" '
                     f'font-size="{size:g}" font-weight="bold" fill="#000000">{_e(text)}</text>')
    elif outcome is Outcome.missed:
        parts.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{w - 2:.1f}" '
                     f'height="{h - 2:.1f}" rx="3" fill="{COLOURS[outcome]}" stroke="#000000" '
                     'stroke-width="2.5"/>')
        parts.append(f'<path d="M{cx - s:.1f},{cy - s:.1f} L{cx + s:.1f},{cy + s:.1f} '
                     f'M{cx + s:.1f},{cy - s:.1f} L{cx - s:.1f},{cy + s:.1f}" stroke="#ffffff" '
                     'stroke-width="3.5" stroke-linecap="round"/>')
    elif outcome is Outcome.waived:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="{COLOURS[outcome]}" stroke="#6b6b6b" stroke-width="1"/>')
        parts.append(f'<text x="{cx:.1f}" y="{cy + 5:.1f}" text-anchor="middle" '
                     'font-size="14" font-weight="bold" fill="#333333">W</text>')
    else:
        parts.append(f'<rect x="{x + 0.5:.1f}" y="{y + 0.5:.1f}" width="{w - 1:.1f}" '
                     f'height="{h - 1:.1f}" rx="3" fill="#ffffff" stroke="#555555" '
                     'stroke-width="1.2" stroke-dasharray="4 3"/>')
    if deferred:  # a light corner flag with a black edge: visible on dark and light cells
        parts.append(f'<path d="M{x + w - 13:.1f},{y:.1f} L{x + w:.1f},{y:.1f} '
                     f'L{x + w:.1f},{y + 13:.1f} Z" fill="#ffd21f" stroke="#000000" '
                     'stroke-width="1.2" stroke-linejoin="round"/>')
    return "".join(parts)


_LABEL_W, _COL_W, _HEAD_H, _ROW_H, _PAD = 330, 56, 48, 28, 6
_GRID_W = _LABEL_W + 12 * _COL_W + 8


def _svg_open(cls: str, width: float, height: float, title: str, uid: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" role="img" '
            f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
            f'font-family="{FONT}" aria-labelledby="t-{uid}">'
            f'<title id="t-{uid}">{_e(title)}</title>{_defs(uid)}')


def grid_svgs(c: Compliance) -> list[tuple[str, str]]:
    """The year grid, one SVG per area: (area name, svg).

    Rows are the area's obligations, columns the months April..March; each occurrence is a
    mark in the month of its original due date, drawn by :func:`_mark`. One SVG per area lets
    a long catalogue break between areas when printed.
    """
    by_area: dict[str, dict[str, list[Item]]] = {}
    names: dict[str, str] = {}
    for i in c.items:
        by_area.setdefault(i.area, {}).setdefault(i.obligation_id, []).append(i)
        names[i.area] = i.area_name
    return [(names[a], _area_grid(c, a, names[a], obs)) for a, obs in by_area.items()]


def _area_grid(c: Compliance, area: str, name: str, obligations: dict[str, list[Item]]) -> str:
    label_w, col_w, head_h, row_h, pad = _LABEL_W, _COL_W, _HEAD_H, _ROW_H, _PAD
    uid = f"grid-{re.sub(r'[^a-z0-9-]', '-', area.lower())}"
    body_h = row_h * len(obligations)
    height = head_h + body_h + 6
    out = [_svg_open("grid", _GRID_W, height, f"{name}: every report due in {c.year} by month, "
                     "marked by outcome", uid)]
    first = c.start.year
    # column bands, quarter headings and month names
    for m in range(12):
        x = label_w + m * col_w
        if m % 2 == 0:
            out.append(f'<rect x="{x}" y="{head_h - 18}" width="{col_w}" '
                       f'height="{body_h + 20}" fill="#efefef"/>')
        out.append(f'<text x="{x + col_w / 2}" y="{head_h - 5}" text-anchor="middle" '
                   f'font-size="13" font-weight="bold">{MONTHS[m]}</text>')
    for q in range(4):
        x = label_w + q * 3 * col_w
        year = first if q < 3 else first + 1
        out.append(f'<text x="{x + 1.5 * col_w}" y="12" text-anchor="middle" font-size="11" '
                   f'fill="#333">Q{q + 1} {year}</text>')
        out.append(f'<line x1="{x}" y1="2" x2="{x}" y2="{head_h + body_h}" stroke="#888" '
                   'stroke-width="1"/>')
    out.append(f'<text x="4" y="{head_h - 5}" font-size="15" font-weight="bold">'
               f'{_e(name)}</text>')
    out.append(f'<line x1="0" y1="{head_h}" x2="{_GRID_W}" y2="{head_h}" stroke="#000" '
               'stroke-width="1.5"/>')
    y = head_h
    for its in obligations.values():
        title = its[0].title
        lines = _wrap(title, 46, 2)
        ty = y + row_h / 2 + (4 if len(lines) == 1 else -1.5)
        out.append(f'<g class="ob"><title>{_e(title)}</title>')
        for n, line in enumerate(lines):
            out.append(f'<text x="10" y="{ty + n * 12:.1f}" font-size="11">{_e(line)}</text>')
        out.append("</g>")
        by_month: dict[int, list[Item]] = {}
        for i in its:
            by_month.setdefault(i.month, []).append(i)
        for m, cell in by_month.items():
            x0 = label_w + m * col_w + pad / 2
            w = (col_w - pad - 2 * (len(cell) - 1)) / len(cell)
            for k, i in enumerate(cell):
                xc = x0 + k * (w + 2)
                text_in = str(i.working_days_late) if i.outcome is Outcome.late else ""
                tip = (f"{i.title}, {i.period}: {i.label}; due {fmt_date(i.due_in_force)}"
                       + (f", submitted {fmt_date(i.submitted_on)}" if i.submitted_on else ""))
                out.append(f'<g class="cell cell-{i.outcome.name}"><title>{_e(tip)}</title>'
                           + _mark(i.outcome, xc, y + 3, w, row_h - 6, uid, text_in,
                                   i.deferred)
                           + "</g>")
        y += row_h
        out.append(f'<line x1="0" y1="{y}" x2="{_GRID_W}" y2="{y}" stroke="#c8c8c8" '
                   'stroke-width="1"/>')
    if c.start <= c.as_of <= c.end:  # the as-of line, labelled in the header
        m = month_index(c.as_of)
        days = (dt.date(c.as_of.year + c.as_of.month // 12, c.as_of.month % 12 + 1, 1)
                - dt.timedelta(days=1)).day
        xa = label_w + m * col_w + col_w * (c.as_of.day - 0.5) / days
        out.append(f'<line x1="{xa:.1f}" y1="{head_h - 22}" x2="{xa:.1f}" '
                   f'y2="{head_h + body_h}" stroke="#000" stroke-width="2" '
                   'stroke-dasharray="6 3"/>')
        anchor, dx = ("end", -5) if m >= 10 else ("start", 5)
        label = f"as of {c.as_of.day} {c.as_of:%b}"
        tw = 7.0 * len(label) + 6
        bx = xa + dx - (tw if anchor == "end" else 0)
        out.append(f'<rect x="{bx:.1f}" y="{head_h - 33}" width="{tw:.1f}" height="14" '
                   'fill="#ffffff"/>')
        out.append(f'<text class="as-of" x="{xa + dx - 3 if anchor == "end" else xa + dx + 3:.1f}" '
                   f'y="{head_h - 22}" font-size="11" text-anchor="{anchor}" '
                   f'font-weight="bold">{_e(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def legend_svg() -> str:
    """The key to the grid's marks (colour, fill pattern and symbol)."""
    uid = "legend"
    entries: list[tuple[Outcome, str, bool]] = [(o, t, False) for o, t in LEGEND]
    entries.append((Outcome.on_time, "deferred before its due date (corner flag)", True))
    positions = [(0, 3), (250, 3), (620, 3), (0, 30), (250, 30), (620, 30)]
    out = [_svg_open("grid-legend", _GRID_W, 56, "Key to the year grid", uid)]
    for (lx, ly), (o, t, d) in zip(positions, entries, strict=True):
        out.append(f'<g class="key key-{o.name}{" key-deferred" if d else ""}">')
        out.append(_mark(o, lx + 4, ly, 40, 24, uid, "3" if o is Outcome.late else "", d))
        out.append(f'<text x="{lx + 52}" y="{ly + 16}" font-size="12.5">{_e(t)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def quarter_chart_svg(c: Compliance) -> str:
    """On-time rate by quarter (and for the year so far) as bars, 0-100%."""
    groups = [*c.by_quarter, Group("year", "Year", c.overall)]
    left, top, plot_h, bar_w, gap = 44, 22, 120, 68, 34
    width = left + len(groups) * (bar_w + gap) + 6
    height = top + plot_h + 58
    base = top + plot_h
    out = [_svg_open("bars", width, height, f"On-time rate by quarter, {c.year}", "bars")]
    for pct in (0, 25, 50, 75, 100):
        y = base - plot_h * pct / 100
        out.append(f'<line x1="{left}" y1="{y}" x2="{width - 4}" y2="{y}" '
                   f'stroke="{"#000" if pct == 0 else "#c8c8c8"}" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" font-size="11">'
                   f'{pct}%</text>')
    for n, g in enumerate(groups):
        x = left + gap / 2 + n * (bar_w + gap)
        cx = x + bar_w / 2
        t = g.tally
        fill = "#000000" if g.key == "year" else "#2f5f8a"
        if t.rate is None:
            out.append(f'<text x="{cx}" y="{base - 8}" text-anchor="middle" font-size="11" '
                       'fill="#444">none due yet</text>')
        else:
            h = plot_h * t.rate
            out.append(f'<rect class="bar" x="{x}" y="{base - h:.1f}" width="{bar_w}" '
                       f'height="{h:.1f}" fill="{fill}"><title>{_e(g.label)}: '
                       f'{_e(rate_phrase(t))} on time</title></rect>')
            out.append(f'<text x="{cx}" y="{base - h - 6:.1f}" text-anchor="middle" '
                       f'font-size="15" font-weight="bold">{fmt_rate(t.rate)}</text>')
        label = "Year to date" if g.key == "year" else g.label
        out.append(f'<text x="{cx}" y="{base + 16}" text-anchor="middle" font-size="12" '
                   f'font-weight="bold">{_e(label)}</text>')
        sub = (f"{t.on_time} of {t.assessed} on time" if t.assessed
               else f"{t.open} open, {t.waived} waived")
        out.append(f'<text x="{cx}" y="{base + 31}" text-anchor="middle" font-size="11">'
                   f'{_e(sub)}</text>')
        if t.late or t.missed:
            out.append(f'<text x="{cx}" y="{base + 45}" text-anchor="middle" font-size="11" '
                       f'fill="#333">{t.late} late, {t.missed} missed</text>')
    out.append("</svg>")
    return "".join(out)


# ---- HTML ---------------------------------------------------------------------------------

def to_html(c: Compliance) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = lambda d: "-" if d is None else fmt_date(d)
    env.filters["rate"] = fmt_rate
    env.filters["days"] = fmt_days
    template = env.get_template("report.html.j2")
    return template.render(
        c=c, headline=headline(c), definitions=DEFINITIONS,
        grids=[(name, Markup(svg)) for name, svg in grid_svgs(c)],
        legend=Markup(legend_svg()), bars=Markup(quarter_chart_svg(c)),
        rate_phrase=rate_phrase, Outcome=Outcome,
    )
