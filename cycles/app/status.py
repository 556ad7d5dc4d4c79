"""Where every occurrence stands: the catalogue's occurrences overlaid with what storage
knows, without writing anything.

Read-only use cases (``status``, ``simulate``, a scan's plan, the status tables) work on a
fresh machine with no database (every occurrence open, as the catalogue computes it) and,
once there is one, show submissions, waivers and deferrals.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from cycles.app.occurrences import event_records
from cycles.scan import state_of
from storage.rows import OccurrenceState

if TYPE_CHECKING:
    from config.loader import Catalogue, Entry


def states_in_window(catalogue: Catalogue, engine: Any, until: dt.date,
                     area: str | None = None) -> list[tuple[Entry, OccurrenceState]]:
    """Every occurrence due up to ``until`` (``engine`` None: no database yet), soonest
    first; occurrences not yet stored get negative ids."""
    entries = {e.id: e for e in catalogue.entries(area)}
    stored: dict[str, OccurrenceState] = {}
    events = []
    if engine is not None:
        from storage import queries as q

        events = event_records(q.events(engine))
        for s in q.states_due_until(engine, until):
            if s.obligation in entries:
                stored[s.key] = s
    start = min((a.tracking_from for a in catalogue.areas.values()), default=until)
    out: list[tuple[Entry, OccurrenceState]] = []
    synthetic = -1
    for entry, occ in catalogue.occurrences(start, until, area=area, events=events):
        found = stored.pop(occ.key, None)
        s = found if found is not None else OccurrenceState(
            synthetic, occ.key, entry.id, occ.period.label, occ.period.start, occ.period.end,
            occ.due, occ.due)
        if found is None:
            synthetic -= 1
        out.append((entry, s))
    out.extend((entries[s.obligation], s) for s in stored.values())
    out.sort(key=lambda p: (p[1].due, p[1].key))
    return out


def status_rows(pairs: list[tuple[Entry, OccurrenceState]], today: dt.date,
                show_all: bool = False) -> list[dict[str, Any]]:
    """One row per occurrence (open ones only unless ``show_all``): the shape of
    ``status --json``, the status tables and the web page."""
    rows = []
    for entry, occ in pairs:
        state = state_of(entry, occ, today)
        if not show_all and not occ.is_open:
            continue
        rows.append({
            "obligation": entry.id, "area": entry.area.area, "title": entry.obligation.title,
            "period": occ.period, "due": occ.due.isoformat(),
            "original_due": occ.original_due.isoformat(), "state": state.value,
            "days_late": max((today - occ.due).days, 0) if occ.is_open else 0,
            "owner": list(entry.obligation.owner),
            "deferred": occ.due != occ.original_due,
        })
    return rows


def status(catalogue: Catalogue, engine: Any, today: dt.date, *, days: int = 90,
           area: str | None = None, show_all: bool = False) -> list[dict[str, Any]]:
    """Status rows of every occurrence due up to ``days`` after ``today``."""
    pairs = states_in_window(catalogue, engine, today + dt.timedelta(days=days), area)
    return status_rows(pairs, today, show_all)

