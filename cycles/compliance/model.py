"""What the compliance report holds: each occurrence classified, tallies and groups."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from cycles.compliance.years import month_index, quarter_of


class Outcome(StrEnum):
    on_time = "on time"
    late = "late"
    missed = "missed"
    open = "open"
    waived = "waived"


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
class ReportLine:
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
    def of(cls, items: Iterable[ReportLine]) -> Tally:
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
    items: list[ReportLine]
    overall: Tally
    by_quarter: list[Group]
    by_board: list[Group]
    by_obligation: list[Group]
    by_role: list[Group]
    missed: list[ReportLine]
    open: list[ReportLine]
    late: list[ReportLine]
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
