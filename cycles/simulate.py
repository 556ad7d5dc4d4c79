"""``cycles simulate``: what a daily scan would send over a window, decided by the same pure
code the real scan uses, against an in-memory ledger. Nothing is sent or written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from config.loader import Catalogue
from cycles.app.status import states_in_window
from cycles.scan import owed_now, stage_name
from cycles.tags import Tag


@dataclass(frozen=True)
class SimulatedSend:
    day: dt.date
    obligation: str
    title: str
    period: str
    due: dt.date
    stage: str
    kind: str
    tag: str
    role: str
    why: str

    def as_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "obligation": self.obligation, "title": self.title,
                "period": self.period, "due": self.due.isoformat(), "stage": self.stage,
                "kind": self.kind, "to": self.tag, "role": self.role, "why": self.why}


def _why(kind: str, stage: str, due: dt.date, day: dt.date, wd_late: int) -> str:
    if kind == "reminder":
        return f"reminder {stage.removeprefix('before-').removesuffix('wd')} working days before"
    if kind == "due":
        return "due today"
    if kind == "overdue":
        return f"overdue {(day - due).days} days"
    step = stage.removeprefix("escalate-").removesuffix("wd")
    return f"escalation at {step} working days late (now {wd_late})"


def simulate(catalogue: Catalogue, engine: Any, start: dt.date, end: dt.date,
             area: str | None = None) -> list[SimulatedSend]:
    pairs = states_in_window(catalogue, engine, end + dt.timedelta(days=60), area)
    seen: set[tuple[str, str, str]] = set()
    if engine is not None:
        from storage import queries as q

        real = [s.id for _, s in pairs if s.id > 0]
        keys = q.ledger_keys(engine, real)
        by_id = {s.id: s.key for _, s in pairs}
        seen = {(by_id[i], stage, tag) for i, stage, tag in keys if i in by_id}
    sends: list[SimulatedSend] = []
    day = start
    while day <= end:
        for entry, occ in pairs:
            if occ.due - day > dt.timedelta(days=400):
                continue
            for o in owed_now(entry, occ, day):
                key = (occ.key, o.stage.key, o.tag)
                if key in seen:
                    continue
                seen.add(key)
                late = entry.area.calendar.working_days_between(occ.due, day)
                role = entry.area.role_title(Tag.parse(o.tag).role)
                stage = stage_name(o.stage.key)  # without a deferral's "@<due>"
                sends.append(SimulatedSend(day, entry.id, entry.obligation.title, occ.period,
                                           occ.due, stage, o.stage.kind.value, o.tag, role,
                                           _why(o.stage.kind.value, stage, occ.due, day, late)))
        day += dt.timedelta(days=1)
    return sends
