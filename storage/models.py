"""The tables. Alembic migrations in ``storage/migrations`` create and upgrade them.

* ``obligation``: the catalogue as last synced (for history and reports);
* ``occurrence``: one per obligation and period, with its state and the indexed
  ``next_action_at`` the scan reads (only what is due, never the whole history);
* ``submission``, ``decision`` (waivers and deferrals), ``trigger_event``: what people record;
* ``receipt``: the receiving body noted a report (meeting date, minute reference);
* ``deferralrequest``: an owner's request for a later due date, awaiting its approver;
* ``notification``: the ledger, one row per (occurrence, stage, route), written *pending*
  before any send (an outbox), claimed conditionally, then marked *sent* or *failed*;
* ``attempt``: every delivery attempt of a notification, with its error.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.limits import (
    CHANNEL_MAX,
    IDENTIFIER_MAX,
    LABEL_MAX,
    MINUTE_REFERENCE_MAX,
    REFERENCE_MAX,
    ROLE_MAX,
)
from storage.rows import NotificationStatus, OccurrenceStatus
from storage.types import UTCDateTime, utc_column

__all__ = [
    "Attempt", "Decision", "Notification", "NotificationStatus", "Obligation", "Occurrence",
    "OccurrenceStatus", "Submission", "TriggerEvent", "UTCDateTime", "utc_column",
]


class Obligation(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=IDENTIFIER_MAX)  # "medway.annual-report"
    area: str = Field(index=True, max_length=60)
    title: str
    cadence: str = Field(max_length=40)
    owner: str  # comma-separated roles
    recipients: str
    source_file: str
    quote: str
    local_default: str | None = None
    active: bool = True  # False once the entry left the catalogue (its history stays)
    synced_at: dt.datetime = Field(sa_column=utc_column(nullable=False))


class Occurrence(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("key", name="uq_occurrence_key"),
        Index("ix_occurrence_action", "status", "next_action_at"),
        Index("ix_occurrence_obligation_due", "obligation_id", "due"),
        Index("ix_occurrence_status_due", "status", "due"),  # open ones due by a day
    )
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=220)  # "medway.annual-report@2026-27"
    obligation_id: str = Field(foreign_key="obligation.id", max_length=160)
    area: str = Field(max_length=60)
    period: str = Field(max_length=LABEL_MAX)
    period_start: dt.date
    period_end: dt.date
    due: dt.date  # in force: moved by a deferral
    original_due: dt.date  # as the catalogue computed it: kept for the record
    explanation: str
    status: str = Field(default=OccurrenceStatus.open.value, max_length=20)
    closed_at: dt.datetime | None = Field(default=None, sa_column=utc_column())
    next_action_at: dt.datetime | None = Field(default=None, sa_column=utc_column())
    created_at: dt.datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: dt.datetime = Field(sa_column=utc_column(nullable=False))


class Submission(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    submitted_by: str
    submitted_at: dt.datetime = Field(sa_column=utc_column(nullable=False))
    evidence: str | None = None
    note: str | None = None
    recorded_at: dt.datetime = Field(sa_column=utc_column(nullable=False))
    channel: str | None = Field(default=None, max_length=CHANNEL_MAX)  # "link", "cli", "prefect"
    role: str | None = Field(default=None, max_length=ROLE_MAX)  # tag a link was issued to


class Decision(SQLModel, table=True):
    """A waiver or a deferral, with its reason and approver."""

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    kind: str = Field(max_length=20)  # "waived" | "deferred"
    reason: str
    approver: str
    new_due: dt.date | None = None
    previous_due: dt.date | None = None
    recorded_at: dt.datetime = Field(sa_column=utc_column(nullable=False))
    channel: str | None = Field(default=None, max_length=CHANNEL_MAX)
    role: str | None = Field(default=None, max_length=ROLE_MAX)


class Receipt(SQLModel, table=True):
    """The receiving body noted a report: the other side of a submission (one each)."""

    __table_args__ = (UniqueConstraint("occurrence_id", name="uq_receipt_occurrence"),)
    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id")
    meeting_date: dt.date
    minute_reference: str = Field(max_length=MINUTE_REFERENCE_MAX)
    recorded_by: str  # the role title (or name) that noted it
    channel: str | None = Field(default=None, max_length=CHANNEL_MAX)
    role: str | None = Field(default=None, max_length=ROLE_MAX)
    recorded_at: dt.datetime = Field(sa_column=utc_column(nullable=False))


class DeferralRequest(SQLModel, table=True):
    """An owner asked for a later due date; the approver decides by a signed link."""

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    new_due: dt.date
    reason: str
    requested_by: str  # role title
    role: str | None = Field(default=None, max_length=ROLE_MAX)  # tag the request came from
    approver_role: str = Field(max_length=ROLE_MAX)  # tag asked to decide: "medway.dcs"
    status: str = Field(default="pending", max_length=20)  # pending, approved, declined
    channel: str | None = Field(default=None, max_length=CHANNEL_MAX)
    created_at: dt.datetime = Field(sa_column=utc_column(nullable=False))
    decided_at: dt.datetime | None = Field(default=None, sa_column=utc_column())
    decided_by: str | None = None
    decision_note: str | None = None


class TriggerEvent(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("area", "event", "reference", name="uq_trigger_event"),)
    id: int | None = Field(default=None, primary_key=True)
    area: str = Field(max_length=60)
    event: str = Field(max_length=80)
    reference: str = Field(max_length=REFERENCE_MAX)  # the input boundary uses the same
    occurred_on: dt.date
    closed_on: dt.date | None = None
    recorded_by: str | None = None
    recorded_at: dt.datetime = Field(sa_column=utc_column(nullable=False))


class Notification(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("occurrence_id", "stage", "route_id", name="uq_notification_key"),
        Index("ix_notification_work", "status", "next_attempt_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True)
    stage: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    tag: str = Field(max_length=120)  # recipient role in its area: "medway.dcs"
    route_id: str = Field(max_length=32)  # hash of the full route URL
    route: str  # Apprise's privacy form: safe to show
    status: str = Field(default=NotificationStatus.pending.value, max_length=20)
    attempts: int = 0
    last_error: str | None = None
    claimed_by: str | None = Field(default=None, max_length=120)
    claimed_at: dt.datetime | None = Field(default=None, sa_column=utc_column())
    next_attempt_at: dt.datetime | None = Field(default=None, sa_column=utc_column())
    created_at: dt.datetime = Field(sa_column=utc_column(nullable=False))
    sent_at: dt.datetime | None = Field(default=None, sa_column=utc_column())


class Attempt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notification.id", index=True)
    at: dt.datetime = Field(sa_column=utc_column(nullable=False))
    ok: bool
    error: str | None = None
    runner: str | None = Field(default=None, max_length=120)
