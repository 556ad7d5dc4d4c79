"""The tables and columns a database of ours must hold, by schema revision: read by
:func:`storage.db.check_ours` without importing the models (a test keeps :data:`HEAD` equal to
what :mod:`storage.models` declares)."""

from __future__ import annotations

# The tables and columns of the first schema (0001): every revision has at least these.
BASELINE: dict[str, set[str]] = {
    "obligation": {"id", "area", "title", "cadence", "owner", "recipients", "source_file",
                   "quote", "local_default", "active", "synced_at"},
    "occurrence": {"id", "key", "obligation_id", "area", "period", "period_start",
                   "period_end", "due", "original_due", "explanation", "status", "closed_at",
                   "next_action_at", "created_at", "updated_at"},
    "submission": {"id", "occurrence_id", "submitted_by", "submitted_at", "evidence", "note",
                   "recorded_at"},
    "decision": {"id", "occurrence_id", "kind", "reason", "approver", "new_due",
                 "previous_due", "recorded_at"},
    "triggerevent": {"id", "area", "event", "reference", "occurred_on", "closed_on",
                     "recorded_by", "recorded_at"},
    "notification": {"id", "occurrence_id", "stage", "kind", "tag", "route_id", "route",
                     "status", "attempts", "last_error", "claimed_by", "claimed_at",
                     "next_attempt_at", "created_at", "sent_at"},
    "attempt": {"id", "notification_id", "at", "ok", "error", "runner"},
}


# The tables and columns at head (0003), as storage.models declares them: listed here so
# that checking a database is ours needs no SQLModel import; a test checks they are equal.
HEAD: dict[str, set[str]] = {
    "attempt": {"id", "notification_id", "at", "ok", "error", "runner"},
    "decision": {"id", "occurrence_id", "kind", "reason", "approver", "new_due", "previous_due",
                 "recorded_at", "channel", "role"},
    "deferralrequest": {"id", "occurrence_id", "new_due", "reason", "requested_by", "role",
                        "approver_role", "status", "channel", "created_at", "decided_at",
                        "decided_by", "decision_note"},
    "notification": {"id", "occurrence_id", "stage", "kind", "tag", "route_id", "route",
                     "status", "attempts", "last_error", "claimed_by", "claimed_at",
                     "next_attempt_at", "created_at", "sent_at"},
    "obligation": {"id", "area", "title", "cadence", "owner", "recipients", "source_file",
                   "quote", "local_default", "active", "synced_at"},
    "occurrence": {"id", "key", "obligation_id", "area", "period", "period_start",
                   "period_end", "due", "original_due", "explanation", "status", "closed_at",
                   "next_action_at", "created_at", "updated_at"},
    "receipt": {"id", "occurrence_id", "meeting_date", "minute_reference", "recorded_by",
                "channel", "role", "recorded_at"},
    "submission": {"id", "occurrence_id", "submitted_by", "submitted_at", "evidence", "note",
                   "recorded_at", "channel", "role"},
    "triggerevent": {"id", "area", "event", "reference", "occurred_on", "closed_on",
                     "recorded_by", "recorded_at"},
}
