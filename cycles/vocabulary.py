"""The words people read for where a report stands and how late it is, in one place.

Every door (the messages, ``cycles status``, the compliance report, the Prefect UI, the web
page) says the same thing the same way:

* a report's **state** on a day: upcoming, due soon, due today, overdue (open, past its due
  date), submitted, waived; *deferred* qualifies a state whose due date was moved;
* a notice that went up the chain: *escalated*;
* how late: always in **working days**, as the protocols count them (the area's calendar:
  weekends, England's bank holidays and the area's closures do not count):
  :func:`lateness` -> ``"3 working days late"``.

Pure: no clock, no I/O.
"""

from __future__ import annotations

from enum import StrEnum


class StateWord(StrEnum):
    upcoming = "upcoming"
    due_soon = "due soon"
    due_today = "due today"
    overdue = "overdue"
    submitted = "submitted"
    waived = "waived"
    deferred = "deferred"
    escalated = "escalated"
    on_time = "on time"
    late = "late"


STATE_WORDS: frozenset[str] = frozenset(w.value for w in StateWord)
LATENESS_UNIT = "working day"


def working_days(n: int) -> str:
    """``1 working day``, ``3 working days``."""
    return f"{n} {LATENESS_UNIT}{'s' * (n != 1)}"


def lateness(n: int) -> str:
    """``3 working days late``; ``on time`` for 0 or less."""
    return StateWord.on_time.value if n <= 0 else f"{working_days(n)} {StateWord.late}"
