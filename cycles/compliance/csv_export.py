"""The register (one row per occurrence) and the figures, as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from cycles.compliance.model import Compliance, DecisionNote, Tally

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
