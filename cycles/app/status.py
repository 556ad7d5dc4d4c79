"""Where every occurrence stands: the catalogue's occurrences overlaid with what storage
knows, without writing anything.

Read-only use cases (``upcoming``, ``calendar``, ``status``, ``simulate``, a scan's plan,
the status tables) work on a fresh machine with no database (every occurrence open, as the
catalogue computes it) and, once there is one, read what people recorded: a trigger event
starts its obligations, a submission starts a chained obligation's clock and moves a
rolling one on, a deferral moves the due date (the original is kept), a waiver or a
submission closes an occurrence. :func:`standing` is that one read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cycles.app.occurrences import recorded
from cycles.engine.occurrences import Occurrence
from cycles.engine.periods import Period
from cycles.engine.workdays import fmt_date
from cycles.scan import state_of
from storage.rows import OccurrenceState

if TYPE_CHECKING:
    from config.loader import Catalogue, Entry


@dataclass(frozen=True)
class Standing:
    """One occurrence as it stands: ``occurrence`` carries the due date in force (a
    deferral's), ``state`` what storage knows (a negative id when not stored yet)."""

    entry: Entry
    occurrence: Occurrence
    state: OccurrenceState

    @property
    def deferred(self) -> bool:
        return self.state.due != self.state.original_due


def _in_force(occ: Occurrence, state: OccurrenceState) -> Occurrence:
    if state.due == state.original_due:
        return occ
    return dataclasses.replace(occ, due=state.due, explanation=(
        f"{occ.explanation}; deferred to {fmt_date(state.due)} "
        f"(originally due {fmt_date(state.original_due)})"))


def standing(catalogue: Catalogue, engine: Any, start: dt.date | None, end: dt.date,
             area: str | None = None, role: str | None = None, *, closed: bool = True,
             acting_at: dt.datetime | None = None) -> list[Standing]:
    """Every occurrence whose due date in force falls in [start, end] (``start`` None: from
    the beginning), soonest first. ``engine`` None: no database, the catalogue alone.

    ``closed`` False: only what can still change is read from storage -- the stored rows of
    the occurrences the catalogue computes here (by key, whatever their status) and the open
    ones due by ``end`` (or, with ``acting_at``, the open ones whose next action has come by
    then), both through an index; a closed occurrence the catalogue no longer computes is
    left out (every open one is the same as with ``closed``)."""
    done = recorded(engine)
    entries = {e.id: e for e in catalogue.entries(area, role)}
    if engine is None:
        stored: dict[str, OccurrenceState] = {}
        lower = start
        pairs = catalogue.occurrences(lower or dt.date.min, end, area=area, role=role,
                                      events=done.events, submissions=done.submissions)
    elif closed:
        stored, lower = _touching(engine, entries, start, end)
        pairs = catalogue.occurrences(lower or dt.date.min, end, area=area, role=role,
                                      events=done.events, submissions=done.submissions)
    else:
        pairs = catalogue.occurrences(start or dt.date.min, end, area=area, role=role,
                                      events=done.events, submissions=done.submissions)
        stored = _live(engine, entries, [occ.key for _, occ in pairs], start, end, area,
                       acting_at)
    out: list[Standing] = []
    synthetic = -1
    for entry, occ in pairs:
        found = stored.pop(occ.key, None)
        state = found if found is not None else OccurrenceState(
            synthetic, occ.key, entry.id, occ.period.label, occ.period.start, occ.period.end,
            occ.due, occ.due)
        if found is None:
            synthetic -= 1
        if (start is None or start <= state.due) and state.due <= end:
            out.append(Standing(entry, _in_force(occ, state), state))
    for s in stored.values():  # stored, but no longer what the catalogue computes here
        if (start is None or start <= s.due) and s.due <= end:
            occ = Occurrence(s.obligation, Period(s.period_start, s.period_end, s.period),
                             s.original_due, f"as recorded: due {fmt_date(s.original_due)}")
            out.append(Standing(entries[s.obligation], _in_force(occ, s), s))
    out.sort(key=lambda st: (st.state.due, st.state.key))
    return out


def _touching(engine: Any, entries: dict[str, Entry], start: dt.date | None, end: dt.date
              ) -> tuple[dict[str, OccurrenceState], dt.date | None]:
    """Every stored occurrence due (in force or originally) in the window, and how far back
    the catalogue must be read to meet those deferred into it."""
    from storage import reads as q

    stored: dict[str, OccurrenceState] = {}
    lower = start
    for s in q.states_touching(engine, start, end):
        if s.obligation in entries:
            stored[s.key] = s
            if lower is not None and start is not None and start <= s.due <= end:
                lower = min(lower, s.original_due)  # deferred into the window
    return stored, lower


def _touches(s: OccurrenceState, start: dt.date | None, end: dt.date) -> bool:
    return any((start is None or start <= d) and d <= end for d in (s.due, s.original_due))


def _live(engine: Any, entries: dict[str, Entry], keys: list[str], start: dt.date | None,
          end: dt.date, area: str | None, acting_at: dt.datetime | None
          ) -> dict[str, OccurrenceState]:
    """The stored rows that can still change the window: those of ``keys`` and the open
    ones (due by ``end``, or acting by ``acting_at``)."""
    from storage import reads as q

    rows = q.states_of_keys(engine, keys)
    rows += (q.open_states_due_by(engine, end, area) if acting_at is None
             else q.due_for_action(engine, acting_at, area))
    return {s.key: s for s in rows if s.obligation in entries and _touches(s, start, end)}


def states_in_window(catalogue: Catalogue, engine: Any, until: dt.date,
                     area: str | None = None, *, closed: bool = True,
                     acting_at: dt.datetime | None = None
                     ) -> list[tuple[Entry, OccurrenceState]]:
    """Every occurrence due up to ``until`` (``engine`` None: no database yet), soonest
    first; occurrences not yet stored get negative ids. ``closed``, ``acting_at``: as
    :func:`standing`."""
    return [(st.entry, st.state) for st in standing(catalogue, engine, None, until, area,
                                                    closed=closed, acting_at=acting_at)]


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
            # working days, as the protocols count (cycles.vocabulary)
            "days_late": entry.area.calendar.working_days_between(occ.due, today)
            if occ.is_open else 0,
            "owner": list(entry.obligation.owner),
            "deferred": occ.due != occ.original_due,
        })
    return rows


def status(catalogue: Catalogue, engine: Any, today: dt.date, *, days: int = 90,
           area: str | None = None, show_all: bool = False) -> list[dict[str, Any]]:
    """Status rows of every occurrence due up to ``days`` after ``today`` (closed ones are
    read from storage only when ``show_all`` lists them)."""
    pairs = states_in_window(catalogue, engine, today + dt.timedelta(days=days), area,
                             closed=show_all)
    return status_rows(pairs, today, show_all)

