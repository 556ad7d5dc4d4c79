"""Offsets before the anchor are explained with a minus sign, not ``+-``.

The catalogue allows ``working_days_after: -3`` ("negative: before") and ``days_after: -10``;
the explanation shown to people must read ``-3 working days``, like BeforeMeeting's.
"""

from __future__ import annotations

import datetime as dt

from cycles.engine.rules import AfterDays, AfterWorkingDays, Anchor
from cycles.engine.workdays import WorkingCalendar

D = dt.date
CAL = WorkingCalendar()
Q3 = Anchor(D(2026, 12, 31), "2026-27 Q3 ends Thu 31 Dec 2026")


def test_negative_working_days_are_explained_with_a_minus_sign():
    # Thu 31 Dec 2026 - 3 working days: Wed 30 (1), Tue 29 (2), Mon 28 substitute Boxing Day,
    # Sun 27, Sat 26, Fri 25 Christmas Day, Thu 24 Dec (3).
    due = AfterWorkingDays(-3).due(Q3, CAL, {})
    assert due.date == D(2026, 12, 24)
    assert due.explanation.startswith("2026-27 Q3 ends Thu 31 Dec 2026; -3 working days, ")
    assert "+-" not in due.explanation
    assert due.explanation.endswith(" = Thu 24 Dec 2026")


def test_negative_calendar_days_are_explained_with_a_minus_sign():
    # Thu 31 Dec 2026 - 10 days = Mon 21 Dec 2026, a working day.
    due = AfterDays(-10).due(Q3, CAL, {})
    assert due.date == D(2026, 12, 21)
    assert due.explanation == "2026-27 Q3 ends Thu 31 Dec 2026; -10 days = Mon 21 Dec 2026"


def test_positive_offsets_keep_their_plus_sign():
    assert AfterWorkingDays(15).due(Q3, CAL, {}).explanation == (
        "2026-27 Q3 ends Thu 31 Dec 2026; +15 working days, skipping New Year's Day (Fri 1 Jan)"
        " = Fri 22 Jan 2027"
    )
    # Thu 31 Dec + 2 days = Sat 2 Jan 2027, a weekend: next working day Mon 4 Jan.
    assert AfterDays(2).due(Q3, CAL, {}).explanation == (
        "2026-27 Q3 ends Thu 31 Dec 2026; +2 days = Sat 2 Jan 2027 (Sat 2 Jan is a weekend;"
        " next working day) = Mon 4 Jan 2027"
    )
