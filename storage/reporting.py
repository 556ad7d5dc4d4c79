"""What the yearly compliance report reads: stored occurrences with their records.

:func:`year_rows` returns every stored occurrence whose *original* due date (as the catalogue
computed it, before any deferral) falls in a window, with its first submission and its
decisions (waivers and deferrals). Plain dataclasses out; the classification (on time, late,
missed, ...) is :func:`cycles.compliance.compliance`, which reads no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from storage import queries as q
from storage.models import Receipt

RECEIPT = Receipt.__table__  # type: ignore[attr-defined]

_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit


@dataclass(frozen=True)
class SubmissionRow:
    submitted_at: dt.datetime  # aware, UTC
    submitted_by: str
    evidence: str | None
    note: str | None
    recorded_at: dt.datetime  # aware, UTC


@dataclass(frozen=True)
class DecisionRow:
    kind: str  # "waived" | "deferred"
    reason: str
    approver: str
    new_due: dt.date | None
    previous_due: dt.date | None
    recorded_at: dt.datetime  # aware, UTC


@dataclass(frozen=True)
class ReceiptRow:
    """The receiving body noted the report (recorded from a signed link)."""

    meeting_date: dt.date
    minute_reference: str
    recorded_by: str


@dataclass(frozen=True)
class ReportRow:
    occurrence_id: int
    key: str
    obligation_id: str  # qualified: "medway.annual-report"
    obligation_title: str | None  # as last synced (None when the obligation row is missing)
    area: str
    period: str
    period_start: dt.date
    period_end: dt.date
    due: dt.date  # in force (moved by a deferral)
    original_due: dt.date  # as the catalogue computed it
    status: str  # "open" | "submitted" | "waived"
    submission: SubmissionRow | None  # the first one, by submission time
    decisions: tuple[DecisionRow, ...] = field(default_factory=tuple)  # in the order recorded
    receipt: ReceiptRow | None = None


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[i:i + _CHUNK]) for i in range(0, len(ids), _CHUNK)]


def year_rows(engine: Engine, start: dt.date, end: dt.date, area: str | None = None
              ) -> list[ReportRow]:
    """Stored occurrences originally due in [start, end] (inclusive), ``area`` only if given.

    Ordered by area, obligation, original due date and period.
    """
    stmt = (
        select(q.OCC, q.OBL.c.title.label("obligation_title"))
        .select_from(q.OCC.outerjoin(q.OBL, q.OBL.c.id == q.OCC.c.obligation_id))
        .where(q.OCC.c.original_due >= start, q.OCC.c.original_due <= end)
        .order_by(q.OCC.c.area, q.OCC.c.obligation_id, q.OCC.c.original_due,
                  q.OCC.c.period_start)
    )
    if area is not None:
        stmt = stmt.where(q.OCC.c.area == area)
    with engine.connect() as conn:
        occs = [dict(r) for r in conn.execute(stmt).mappings()]
        ids = [o["id"] for o in occs]
        submissions: dict[int, SubmissionRow] = {}
        decisions: dict[int, list[DecisionRow]] = {}
        receipts: dict[int, ReceiptRow] = {}
        for chunk in _chunks(ids):
            subs = conn.execute(
                select(q.SUBMISSION).where(q.SUBMISSION.c.occurrence_id.in_(chunk))
                .order_by(q.SUBMISSION.c.submitted_at, q.SUBMISSION.c.id)).mappings()
            for s in subs:
                submissions.setdefault(s["occurrence_id"], _submission(s))
            decs = conn.execute(
                select(q.DECISION).where(q.DECISION.c.occurrence_id.in_(chunk))
                .order_by(q.DECISION.c.recorded_at, q.DECISION.c.id)).mappings()
            for d in decs:
                decisions.setdefault(d["occurrence_id"], []).append(_decision(d))
            for r in conn.execute(select(RECEIPT).where(RECEIPT.c.occurrence_id.in_(chunk))
                                  ).mappings():
                receipts[r["occurrence_id"]] = ReceiptRow(r["meeting_date"],
                                                          r["minute_reference"], r["recorded_by"])
    return [
        ReportRow(
            occurrence_id=o["id"], key=o["key"], obligation_id=o["obligation_id"],
            obligation_title=o["obligation_title"], area=o["area"], period=o["period"],
            period_start=o["period_start"], period_end=o["period_end"], due=o["due"],
            original_due=o["original_due"], status=o["status"],
            submission=submissions.get(o["id"]),
            decisions=tuple(decisions.get(o["id"], ())),
            receipt=receipts.get(o["id"]),
        )
        for o in occs
    ]


def _submission(s: Any) -> SubmissionRow:
    return SubmissionRow(_utc(s["submitted_at"]), s["submitted_by"], s["evidence"], s["note"],
                         _utc(s["recorded_at"]))


def _decision(d: Any) -> DecisionRow:
    return DecisionRow(d["kind"], d["reason"], d["approver"], d["new_due"], d["previous_due"],
                       _utc(d["recorded_at"]))
