"""The catalogue as the rest of the program uses it: :class:`Catalogue` of :class:`Entry`.

An entry is one obligation with the area it belongs to; it turns itself into the engine's
:class:`~cycles.engine.occurrences.Schedule`. Nothing here reads a file or a clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from config.model import Area, Obligation
from cycles.engine.occurrences import EventRecord, Occurrence, Schedule, occurrences
from cycles.engine.stages import ReminderPolicy


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
            trigger=ob.trigger,
            repeat=ob.repeat_spec(),
        )

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
    ) -> list[tuple[Entry, Occurrence]]:
        events = list(events)
        found = []
        for e in self.entries(area, role):
            area_events = [ev for ev in events if ev.event.startswith(f"{e.area.area}.")]
            local = [
                EventRecord(ev.event.split(".", 1)[1], ev.on, ev.reference, ev.closed_on)
                for ev in area_events
            ]
            for occ in occurrences(e.schedule(), start, end, local):
                found.append((e, occ))
        found.sort(key=lambda pair: (pair[1].due, pair[0].id))
        return found
