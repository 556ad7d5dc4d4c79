"""Rendering: the Jinja2 environment (autoescaped) and what the view page shows."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from config.loader import Entry
from cycles.london import fmt_date, london_date
from cycles.scan import OccurrenceState, state_of

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

CHANNELS = {"link": "from an emailed link", "cli": "on the command line",
            "prefect": "from the Prefect run form", None: ""}


def fmt_day(d: dt.date | None) -> str:
    return "" if d is None else fmt_date(d)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["day"] = fmt_day
    env.filters["london_day"] = lambda instant: fmt_day(london_date(instant)) if instant else ""
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def state_words(entry: Entry, occ: dict[str, Any], today: dt.date) -> tuple[str, str]:
    """(state, a CSS class): "overdue: 4 working days late", "submitted", "due in 9 days"."""
    s = OccurrenceState(occ["id"], occ["key"], occ["obligation_id"], occ["period"],
                        occ["period_start"], occ["period_end"], occ["due"], occ["original_due"],
                        occ["status"])
    state = state_of(entry, s, today).value
    if state == "overdue":
        late = entry.area.calendar.working_days_between(occ["due"], today)
        return f"overdue: {late} working day{'s' * (late != 1)} late", "late"
    if state in ("upcoming", "due soon"):
        days = (occ["due"] - today).days
        return f"{state}: due in {days} day{'s' * (days != 1)}", "soon"
    return state, "closed" if state in ("submitted", "waived") else "late"


def stage_words(stage: str) -> str:
    """``before-3wd`` -> "Reminder 3 working days before the due date", and so on."""
    key, _, moved = stage.partition("@")
    kind, _, n = key.partition("-")
    number = n.removesuffix("wd")
    words = {"before": f"Reminder {number} working days before the due date",
             "due": "Reminder on the due date",
             "overdue": "Overdue reminder" + (f" {number}" if number not in ("", "1") else ""),
             "escalate": f"Escalation at {number} working days late"}.get(kind, key)
    return words + (" (after the deferral)" if moved else "")


def history_lines(entry: Entry, hist: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One line per thing that happened, oldest first: what, when, who, how."""
    title = entry.area.role_title
    lines: list[dict[str, Any]] = []

    def who(row: dict[str, Any]) -> str:
        role = row.get("role")
        via = CHANNELS.get(row.get("channel"), row.get("channel") or "")
        by = f" (link sent to {title(role.partition('.')[2])})" if role else ""
        return (via + by).strip()

    for n in hist["notifications"]:
        when = n["sent_at"] or n["created_at"]
        status = {"sent": "sent", "failed": "not delivered yet", "skipped": "not needed",
                  "pending": "queued", "sending": "being sent"}.get(n["status"], n["status"])
        lines.append({"at": when, "what": f"{stage_words(n['stage'])} to "
                      f"{title(n['tag'].partition('.')[2])}: {status}", "how": ""})
    for s in hist["submissions"]:
        lines.append({"at": s["submitted_at"], "what": f"Submitted by {s['submitted_by']}"
                      + (f": {s['note']}" if s["note"] else ""), "how": who(s),
                      "link": s["evidence"]})
    for d in hist["decisions"]:
        what = (f"Deferred from {fmt_day(d['previous_due'])} to {fmt_day(d['new_due'])}, "
                f"approved by {d['approver']}: {d['reason']}" if d["kind"] == "deferred"
                else f"Waived by {d['approver']}: {d['reason']}")
        lines.append({"at": d["recorded_at"], "what": what, "how": who(d)})
    for r in hist["requests"]:
        lines.append({"at": r["created_at"], "what": f"{r['requested_by']} asked to defer it to "
                      f"{fmt_day(r['new_due'])}: {r['reason']} ({r['status']})", "how": who(r)})
    for r in hist["receipts"]:
        lines.append({"at": r["recorded_at"], "what": f"Received at the meeting of "
                      f"{fmt_day(r['meeting_date'])}, minute {r['minute_reference']}, noted by "
                      f"{r['recorded_by']}", "how": who(r)})
    for line in lines:
        link = line.get("link") or ""
        line["link"] = link if link.startswith(("https://", "http://")) else None
        line["evidence"] = link if link and not line["link"] else None
    lines.sort(key=lambda x: x["at"])
    return lines
