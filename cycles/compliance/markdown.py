"""The report as Markdown (published by the compliance flow as a Prefect artifact)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from cycles.compliance.model import Compliance, Tally
from cycles.compliance.wording import DEFINITIONS, fmt_days, headline, rate_phrase
from cycles.engine.workdays import fmt_date

# Markdown and inline HTML that catalogue or user text could otherwise start: emphasis, code,
# links and images, raw HTML and entities, strikethrough, and the table's own pipes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_text(value: Any) -> str:
    """``value`` as inert Markdown text on one line: every character that could start
    markup is backslash-escaped (CommonMark renders it literally)."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_cell(value: Any) -> str:
    return "-" if value is None or value == "" else md_text(value)


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    rows = list(rows)
    if not rows:
        return ["None.", ""]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out.extend("| " + " | ".join(_md_cell(v) for v in r) + " |" for r in rows)
    return out + [""]


def _tally_cells(t: Tally) -> list[Any]:
    return [t.on_time, t.late, t.missed, t.open, t.waived, rate_phrase(t),
            fmt_days(t.median_late), fmt_days(t.worst_late)]


TALLY_HEADER = ["On time", "Late", "Missed", "Open", "Waived", "On-time rate",
                "Median days late", "Worst days late"]


def to_markdown(c: Compliance) -> str:
    out = [f"# {c.title}", "",
           f"Scope: {md_text(c.scope)}. As of {fmt_date(c.as_of)}. Financial year "
           f"{fmt_date(c.start)} to {fmt_date(c.end)}.", "", headline(c), ""]
    if c.unrecorded:
        out += [f"**Warning:** {len(c.unrecorded)} report(s) the catalogue says were due are "
                "not in the database and are not counted (see the end).", ""]
    out += ["## On-time rate by quarter (by original due date)", ""]
    out += _md_table(["Quarter", *TALLY_HEADER],
                     ([g.label, *_tally_cells(g.tally)] for g in c.by_quarter))
    out += ["## By board", ""]
    out += _md_table(["Board", *TALLY_HEADER],
                     ([g.label, *_tally_cells(g.tally)] for g in c.by_board))
    out += ["## By obligation", ""]
    out += _md_table(["Obligation", "Area", *TALLY_HEADER],
                     ([g.label, g.detail, *_tally_cells(g.tally)] for g in c.by_obligation))
    out += ["## By owner role", ""]
    out += _md_table(["Role", "Area", *TALLY_HEADER],
                     ([g.label, g.detail, *_tally_cells(g.tally)] for g in c.by_role))
    out += ["## Missed", ""]
    out += _md_table(["Report", "Area", "Period", "Due", "Working days overdue"],
                     ([i.title, i.area_name, i.period, i.due_in_force.isoformat(),
                       i.working_days_overdue] for i in c.missed))
    out += ["## Late", ""]
    out += _md_table(["Report", "Area", "Period", "Due", "Submitted", "Working days late"],
                     ([i.title, i.area_name, i.period, i.due_in_force.isoformat(),
                       i.submitted_on, i.working_days_late] for i in c.late))
    out += ["## Open (not yet due)", ""]
    out += _md_table(["Report", "Area", "Period", "Due"],
                     ([i.title, i.area_name, i.period, i.due_in_force.isoformat()]
                      for i in c.open))
    out += ["## Waivers and deferrals", ""]
    out += _md_table(["Decision", "Report", "Period", "Was due", "New due", "Decided",
                      "Approver", "Reason", "Note"],
                     ([n.kind, n.title, n.period, n.previous_due, n.new_due, n.decided_on,
                       n.approver, n.reason, n.note] for n in c.waivers + c.deferrals))
    out += ["## Register: every report due in the year", ""]
    out += _md_table(["Report", "Area", "Period", "Original due", "Due in force", "Outcome",
                      "Submitted", "By"],
                     ([i.title, i.area_name, i.period, i.original_due, i.due_in_force,
                       i.label, i.submitted_on, i.submitted_by] for i in c.items))
    if c.unrecorded:
        out += ["## Not in the database (not counted)", ""]
        out += _md_table(["Report", "Area", "Period", "Due"],
                         ([u.title, u.area_name, u.period, u.due] for u in c.unrecorded))
    out += ["## Definitions", ""]
    out += [f"- **{term}**: {text}" for term, text in DEFINITIONS]
    return "\n".join(out) + "\n"
