"""How long people's text may be: one set of numbers for the input boundary
(:mod:`cycles.app.bounds`) and the columns (:mod:`storage.models`), so SQLite and PostgreSQL
accept exactly the same values (SQLite would take a megabyte where PostgreSQL's
``VARCHAR(120)`` fails)."""

from __future__ import annotations

NAME_MAX = 200  # who submitted, who approved, who recorded
TEXT_MAX = 2000  # a reason, a note
REFERENCE_MAX = 120  # an event's reference (TriggerEvent.reference is VARCHAR(120))
EVIDENCE_MAX = 2000  # a link to the report or the minutes
LABEL_MAX = 60  # a period label (Occurrence.period is VARCHAR(60))
IDENTIFIER_MAX = 160  # an obligation id (Obligation.id is VARCHAR(160))
MINUTE_REFERENCE_MAX = 200  # a receipt's minute reference (Receipt.minute_reference)
ROLE_MAX = 120  # a role tag ("medway.dcs") kept with a record or a request
CHANNEL_MAX = 20  # the door a record came through: cli, prefect, link
