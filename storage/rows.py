"""The typed rows storage hands out and takes in: plain frozen dataclasses and the status
enums, importable without a database driver (the pure scan reads :class:`OccurrenceState`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class OccurrenceStatus(StrEnum):
    open = "open"
    submitted = "submitted"
    waived = "waived"


class NotificationStatus(StrEnum):
    pending = "pending"  # written before sending: the outbox
    sending = "sending"  # claimed by one runner
    sent = "sent"
    failed = "failed"  # will be retried after next_attempt_at
    skipped = "skipped"  # no longer owed when its turn came (submitted meanwhile)


class DecisionKind(StrEnum):
    waived = "waived"
    deferred = "deferred"


@dataclass(frozen=True)
class OccurrenceState:
    """What storage knows about one occurrence."""

    id: int
    key: str
    obligation: str
    period: str
    period_start: dt.date
    period_end: dt.date
    due: dt.date  # in force (a deferral moves it)
    original_due: dt.date
    status: str = OccurrenceStatus.open  # open, submitted, waived

    @property
    def is_open(self) -> bool:
        return self.status == OccurrenceStatus.open


@dataclass(frozen=True)
class StoredEvent:
    """A recorded trigger event (``scr_published`` in ``oxfordshire``)."""

    area: str
    event: str
    reference: str
    occurred_on: dt.date
    closed_on: dt.date | None


@dataclass(frozen=True)
class StoredSubmission:
    """A recorded submission: ``obligation`` (``area.id``) for ``period``, at an instant."""

    obligation: str
    period: str
    submitted_at: dt.datetime  # aware UTC


@dataclass(frozen=True)
class ObligationRow:
    """The catalogue's view of an obligation, as stored for history and reports."""

    id: str
    area: str
    title: str
    cadence: str
    owner: str  # comma-separated roles
    recipients: str
    source_file: str
    quote: str
    local_default: str | None


@dataclass(frozen=True)
class OccurrenceRow:
    """An occurrence the catalogue says exists, with the instant of its first action."""

    key: str
    obligation_id: str
    area: str
    period: str
    period_start: dt.date
    period_end: dt.date
    due: dt.date
    explanation: str
    first_action_at: dt.datetime  # aware UTC: when the scan first needs to look at it


@dataclass(frozen=True)
class SyncReport:
    obligations: int
    created: int
    moved: int


@dataclass(frozen=True)
class PendingRow:
    """A notification owed: one (occurrence, stage, route), written before any send."""

    occurrence_id: int
    stage: str
    kind: str
    tag: str
    route_id: str
    route: str


@dataclass(frozen=True)
class LedgerRow:
    """A notification in the ledger, as the runner reads it back to send it."""

    id: int
    occurrence_id: int
    stage: str
    kind: str
    tag: str
    route_id: str
    route: str  # Apprise's privacy form
    status: str
    attempts: int
