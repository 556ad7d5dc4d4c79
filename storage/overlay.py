"""The catalogue's occurrences overlaid with what storage knows, without writing anything.

Read-only commands (``status``, ``simulate``) use this: they work on a fresh machine with no
database (every occurrence open, as the catalogue computes it) and, once there is one, show
submissions, waivers and deferrals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from config.loader import Catalogue, Entry
from cycles.scan import OccurrenceState
from storage import queries as q


def states_in_window(catalogue: Catalogue, engine: Any, until: dt.date,
                     area: str | None = None) -> list[tuple[Entry, OccurrenceState]]:
    entries = {e.id: e for e in catalogue.entries(area)}
    stored: dict[str, OccurrenceState] = {}
    events = []
    if engine is not None:
        with engine.connect() as conn:
            events = q.load_events(conn)
            rows = conn.execute(select(*q.STATE_COLUMNS).where(q.OCC.c.due <= until))
            for r in rows:
                s = q._state(r)
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
