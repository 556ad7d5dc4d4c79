"""The catalogue as the rest of the program uses it: :class:`Catalogue` of :class:`Entry`.

An entry is one obligation with the area it belongs to; it turns itself into the engine's
:class:`~cycles.engine.occurrences.Schedule`. Nothing here reads a file or a clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from config.model import Area, Obligation
from cycles.engine.chains import EventRecord, SubmissionRecord, chained_events
from cycles.engine.occurrences import Occurrence, Schedule, named_periods, occurrences
from cycles.engine.periods import Period
from cycles.engine.rules import Anchor, Due
from cycles.engine.stages import ReminderPolicy
from cycles.engine.workdays import fmt_date


@dataclass(frozen=True)
class Entry:
    """One obligation with the area it belongs to."""

    area: Area
    obligation: Obligation

    @property
    def id(self) -> str:
        return f"{self.area.area}.{self.obligation.id}"

    @property
    def policy(self) -> ReminderPolicy:
        return self.area.policy(self.obligation)

    def schedule(self) -> Schedule:
        ob = self.obligation
        return Schedule(
            obligation=self.id,
            rule=self.area.rule(ob),
            calendar=self.area.calendar,
            tracking_from=self.area.tracking_from,
            periods=ob.period_spec(),
            counted_from=ob.due.counted_from,
            meetings=self.area.meeting_dates,
            trigger=ob.event_name,
            repeat=ob.repeat_spec(),
            rolling_from=self._rolling_from(),
        )

    def _rolling_from(self) -> Anchor | None:
        ob = self.obligation
        if not ob.is_rolling:
            return None
        if ob.last_published is not None:
            return Anchor(ob.last_published,
                          f"last one published {fmt_date(ob.last_published)}")
        start = self.area.tracking_from
        return Anchor(start, f"none recorded before tracking began {fmt_date(start)}")

    def named_periods(
        self,
        until: dt.date,
        events: Iterable[EventRecord] = (),
        submissions: Iterable[SubmissionRecord] = (),
    ) -> list[tuple[Period, Due | None]]:
        """Every period of this obligation people could name up to ``until`` (to submit,
        waive or defer it), with its due date or None. ``events`` and ``submissions`` as for
        :meth:`Catalogue.occurrences` (qualified by area)."""
        submissions = list(submissions)
        return named_periods(self.schedule(), until,
                             local_events(self.area.area, events, submissions),
                             {s.period: s.on for s in submissions if s.obligation == self.id})

    def role_titles(self, roles: Iterable[str]) -> list[str]:
        return [self.area.role_title(r) for r in roles]


@dataclass(frozen=True)
class Catalogue:
    areas: dict[str, Area]
    files: dict[str, str] = field(default_factory=dict)  # area -> file it came from

    def entries(self, area: str | None = None, role: str | None = None) -> list[Entry]:
        out = []
        for a in self.areas.values():
            if area is not None and a.area != area:
                continue
            for ob in a.obligations:
                if role is not None and role not in ob.owner and role not in ob.recipients:
                    continue
                out.append(Entry(a, ob))
        return out

    def entry(self, qualified: str) -> Entry:
        """``medway.chair-dcs-six-monthly-report`` (or a bare id when it is unique) -> the entry."""
        matches = [e for e in self.entries() if e.id == qualified]
        if not matches and "." not in qualified:
            matches = [e for e in self.entries() if e.obligation.id == qualified]
        if len(matches) != 1:
            known = "unknown" if not matches else "ambiguous (qualify it with the area)"
            raise KeyError(f"obligation {qualified!r} is {known}")
        return matches[0]

    def occurrences(
        self,
        start: dt.date,
        end: dt.date,
        area: str | None = None,
        role: str | None = None,
        events: Iterable[EventRecord] = (),
        submissions: Iterable[SubmissionRecord] = (),
    ) -> list[tuple[Entry, Occurrence]]:
        """Occurrences due in [start, end]. ``events`` (names qualified by area) start
        event-triggered obligations; ``submissions`` start chained ones and move rolling
        ones on. Both are plain records: the caller reads them from wherever they are kept."""
        events = list(events)
        submissions = list(submissions)
        found = []
        by_area: dict[str, list[EventRecord]] = {}
        # Sorted once by area (an area id has no dot) and obligation, not once per entry.
        area_events: dict[str, list[EventRecord]] = {}
        for ev in events:
            area_events.setdefault(ev.event.split(".", 1)[0], []).append(ev)
        area_submissions: dict[str, list[SubmissionRecord]] = {}
        by_obligation: dict[str, dict[str, dt.date]] = {}
        for s in submissions:
            area_submissions.setdefault(s.obligation.split(".", 1)[0], []).append(s)
            by_obligation.setdefault(s.obligation, {})[s.period] = s.on
        for e in self.entries(area, role):
            key = e.area.area
            if key not in by_area:
                by_area[key] = local_events(key, area_events.get(key, ()),
                                            area_submissions.get(key, ()))
            own = by_obligation.get(e.id, {})
            for occ in occurrences(e.schedule(), start, end, by_area[key], own):
                found.append((e, occ))
        found.sort(key=lambda pair: (pair[1].due, pair[0].id))
        return found


def local_events(area: str, events: Iterable[EventRecord],
                 submissions: Iterable[SubmissionRecord]) -> list[EventRecord]:
    """One area's events with the area prefix dropped (``medway.scr_published`` ->
    ``scr_published``), plus its submissions as the events chained obligations wait for."""
    prefix = f"{area}."
    own = [EventRecord(ev.event.removeprefix(prefix), ev.on, ev.reference, ev.closed_on)
           for ev in events if ev.event.startswith(prefix)]
    return own + chained_events(area, submissions)
