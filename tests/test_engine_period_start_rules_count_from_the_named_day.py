"""``counted_from: period_start`` counts from the period's first day, that day excluded, in
both directions, exactly as period-end rules count from the last day. Every expected date
below was counted by hand from a printed calendar (England's bank holidays, see
tests/test_engine_due_dates_by_hand.py for the list); the comment says how.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cycles.engine.occurrences import Schedule, due_for
from cycles.engine.periods import Cadence, PeriodSpec, period_containing
from cycles.engine.rules import AfterWorkingDays
from cycles.engine.workdays import WorkingCalendar

D = dt.date
FY = PeriodSpec(Cadence.annual, year_start_month=4)
CAL_QUARTERS = PeriodSpec(Cadence.quarterly, year_start_month=1)
MONTHS = PeriodSpec(Cadence.monthly, year_start_month=4)


def due(spec: PeriodSpec, start: dt.date, n: int) -> tuple[dt.date, str]:
    schedule = Schedule("x.y", AfterWorkingDays(n), WorkingCalendar(), D(2000, 1, 1),
                        periods=spec, counted_from="period_start")
    period = period_containing(spec, start)
    assert period.start == start
    result = due_for(schedule, period)
    return result.date, result.explanation


CASES = [
    # Wed 1 Apr 2026 excluded: Thu 2 (1), Good Fri 3 and Easter Mon 6 skipped, 7-10 (2-5),
    # 13-17 (6-10), 20-24 (11-15), 27-30 (16-19), Fri 1 May (20).
    (FY, D(2026, 4, 1), 20, D(2026, 5, 1)),
    # Thu 1 Apr 2027 excluded, backwards: 31, 30 Mar (2), Easter Mon 29 and Good Fri 26
    # skipped, 25-22 (6), 19-15 (11), 12-9 (15) = Tue 9 Mar 2027.
    (FY, D(2027, 4, 1), -15, D(2027, 3, 9)),
    # Sat 1 Apr 2028: Mon 3-Thu 13 Apr (9), Good Fri 14 and Easter Mon 17 skipped, Tue 18 (10).
    (FY, D(2028, 4, 1), 10, D(2028, 4, 18)),
    # Sat 1 Apr 2028 backwards: Fri 31 Mar (1) ... Mon 27 Mar (5).
    (FY, D(2028, 4, 1), -5, D(2028, 3, 27)),
    # Fri 1 Jan 2027 (New Year's Day) excluded, backwards: Thu 31, Wed 30, Tue 29 Dec (3);
    # Mon 28 (Boxing Day substitute) and Fri 25 (Christmas) skipped; Thu 24 (4), Wed 23 (5).
    (CAL_QUARTERS, D(2027, 1, 1), -5, D(2026, 12, 23)),
    # Sat 1 Jan 2028 excluded, backwards: Fri 31 (1), Thu 30 (2), Wed 29 Dec 2027 (3).
    (CAL_QUARTERS, D(2028, 1, 1), -3, D(2027, 12, 29)),
    # Sat 1 Jan 2028 forwards: Mon 3 Jan is the New Year substitute; Tue 4 (1), Thu 6 (3).
    (CAL_QUARTERS, D(2028, 1, 1), 3, D(2028, 1, 6)),
    # Fri 1 May 2026 excluded: Mon 4 May is May Day; Tue 5 May (1).
    (MONTHS, D(2026, 5, 1), 1, D(2026, 5, 5)),
    # Tue 1 Jun 2027 excluded, backwards: Mon 31 May (Spring bank holiday) skipped; Fri 28 (1).
    (MONTHS, D(2027, 6, 1), -1, D(2027, 5, 28)),
    # Thu 1 Apr 2027 forwards: Fri 2 (1), 5-9 (6), 12-16 (11), 19-20 (13).
    (FY, D(2027, 4, 1), 13, D(2027, 4, 20)),
]


@pytest.mark.parametrize(("spec", "start", "n", "expected"), CASES,
                         ids=[f"{c[1]}{c[2]:+d}" for c in CASES])
def test_period_start_is_the_day_counted_from(
    spec: PeriodSpec, start: dt.date, n: int, expected: dt.date
) -> None:
    date, explanation = due(spec, start, n)
    assert date == expected
    named = f"{start:%a} {start.day} {start:%b %Y}"
    assert f"starts {named}; {n:+d} working days" in explanation
    assert explanation.endswith(f"{expected:%a} {expected.day} {expected:%b %Y}")
    # The named day excluded: forwards, exactly n working days after it up to the due
    # date; backwards, the due date and the |n| - 1 working days after it before the start.
    cal = WorkingCalendar()
    if n > 0:
        assert cal.working_days_between(start, date) == n
    else:
        assert cal.working_days_between(date, start - dt.timedelta(days=1)) == -n - 1
