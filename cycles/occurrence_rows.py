"""Occurrences as rows: the shape shared by `upcoming --json`, `status` and the calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from config.loader import Entry
from cycles.engine.occurrences import Occurrence

if TYPE_CHECKING:
    from cycles.app.status import Standing


def occurrence_row(entry: Entry, occ: Occurrence, explain: bool = False) -> dict[str, Any]:
    ob = entry.obligation
    row: dict[str, Any] = {
        "obligation": entry.id,
        "area": entry.area.area,
        "title": ob.title,
        "period": occ.period.label,
        "period_start": occ.period.start.isoformat(),
        "period_end": occ.period.end.isoformat(),
        "due": occ.due.isoformat(),
        "owner": list(ob.owner),
        "recipients": list(ob.recipients),
        "cadence": ob.cadence,
        "local_default": ob.local_default,
        "source": {"file": ob.source.file, "quote": ob.source.quote},
    }
    if explain:
        row["explanation"] = occ.explanation
    return row



def standing_row(st: Standing, explain: bool = False) -> dict[str, Any]:
    """An occurrence read with a database: ``due`` is the date in force, with the
    ``original_due``, whether it was ``deferred`` and its ``status``."""
    row = occurrence_row(st.entry, st.occurrence, explain)
    row.update(original_due=st.state.original_due.isoformat(), deferred=st.deferred,
               status=str(st.state.status))
    return row
