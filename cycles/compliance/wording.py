"""The report's definitions, headline and number formats (shared by every renderer)."""

from __future__ import annotations

from cycles.compliance.model import Compliance, Tally
from cycles.engine.workdays import fmt_date

DEFINITIONS: list[tuple[str, str]] = [
    ("Year", "The financial year, 1 April to 31 March. A report belongs to the year, quarter "
     "and month of its original due date, so a deferral never moves it out of the year."),
    ("Due date in force", "The original due date, moved by each deferral approved on or "
     "before the due date then in force. A deferral approved after that date had passed is "
     "listed but does not move the deadline."),
    ("On time", "Submitted on or before the due date in force (London date)."),
    ("Late", "Submitted after the due date in force."),
    ("Missed", "Neither submitted nor waived, and the due date in force had passed by the "
     "as-of date."),
    ("Open", "Not yet submitted and not yet past its due date in force."),
    ("Waived", "Not required this time, by a recorded decision with a reason and approver."),
    ("Deferred", "On time or late against a due date moved by an approved deferral."),
    ("On-time rate", "On time / (on time + late + missed). Open and waived reports are left "
     "out; '-' when nothing was due yet."),
    ("Working days late", "Working days after the due date in force up to the day the report "
     "arrived (weekends, England's bank holidays and local closures skipped; a report arriving "
     "on a non-working day counts from the next working day)."),
    ("As of", "Records dated after the as-of date are ignored: the report shows what was "
     "known at the end of that day."),
]


def fmt_rate(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.0f}%"


def fmt_days(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def rate_phrase(t: Tally) -> str:
    """``83% (5 of 6)``."""
    if t.rate is None:
        return "- (none due yet)"
    return f"{fmt_rate(t.rate)} ({t.on_time} of {t.assessed})"


def headline(c: Compliance) -> str:
    t = c.overall
    if t.assessed == 0:
        return (f"No report in scope had fallen due by {fmt_date(c.as_of)}: "
                f"{t.open} open, {t.waived} waived.")
    late = ""
    if t.late:
        late = (f" Late reports were a median {fmt_days(t.median_late)} and at worst "
                f"{t.worst_late} working day{'s' * (t.worst_late != 1)} late.")
    return (f"{t.on_time} of {t.assessed} reports due by {fmt_date(c.as_of)} were on time "
            f"({fmt_rate(t.rate)}): {t.late} late, {t.missed} missed; {t.waived} waived, "
            f"{t.open} not yet due.{late}")
