"""BeforeMeeting: N working days before the first meeting whose deadline is after the period."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.occurrences import Schedule, due_for, occurrences
from cycles.engine.periods import Cadence, PeriodSpec, period_containing
from cycles.engine.rules import Anchor, BeforeMeeting, RuleNotComputable
from cycles.engine.workdays import WorkingCalendar

D = dt.date
CAL = WorkingCalendar()
QUARTERS = PeriodSpec(Cadence.quarterly)
# As in the catalogue: the last meeting before tracking_from (Thu 19 Mar 2026) stays listed,
# so quarters that ended before it are reported at it rather than at the June 2026 meeting.
CTB = (D(2026, 3, 19), D(2026, 6, 18), D(2026, 9, 17), D(2026, 12, 10), D(2027, 3, 18),
       D(2027, 6, 17), D(2027, 9, 16), D(2027, 12, 9), D(2028, 3, 16))
RULE = BeforeMeeting("ctb", 10, "Children's Trust Board")
SCHEDULE = Schedule("medway.ctb-quarterly", RULE, CAL, D(2026, 4, 1), periods=QUARTERS,
                    meetings={"ctb": CTB})


@pytest.mark.parametrize(
    ("inside", "expected", "explanation"),
    [
        # 2026-27 Q1 ends Tue 30 Jun 2026; next meeting Thu 17 Sep 2026 (18 Jun is before the
        # quarter ends). -10: Wed 16-Mon 14 (3), Fri 11-Mon 7 (8), Fri 4 (9), Thu 3 Sep (10).
        (D(2026, 5, 1), D(2026, 9, 3),
         "2026-27 Q1 ends Tue 30 Jun 2026; next Children's Trust Board meeting Thu 17 Sep 2026;"
         " -10 working days = Thu 3 Sep 2026"),
        # Q2 ends Wed 30 Sep 2026; meeting Thu 10 Dec 2026. -10: Wed 9-Mon 7 (3),
        # Fri 4 Dec-Mon 30 Nov (8), Fri 27 (9), Thu 26 Nov (10).
        (D(2026, 8, 1), D(2026, 11, 26),
         "2026-27 Q2 ends Wed 30 Sep 2026; next Children's Trust Board meeting Thu 10 Dec 2026;"
         " -10 working days = Thu 26 Nov 2026"),
        # Q3 ends Thu 31 Dec 2026; meeting Thu 18 Mar 2027. -10: Wed 17-Mon 15 (3),
        # Fri 12-Mon 8 (8), Fri 5 (9), Thu 4 Mar (10).
        (D(2026, 12, 1), D(2027, 3, 4),
         "2026-27 Q3 ends Thu 31 Dec 2026; next Children's Trust Board meeting Thu 18 Mar 2027;"
         " -10 working days = Thu 4 Mar 2027"),
        # Q4 ends Wed 31 Mar 2027; meeting Thu 17 Jun 2027. -10: Wed 16-Mon 14 (3),
        # Fri 11-Mon 7 (8), Fri 4 (9), Thu 3 Jun (10) (Spring Bank Holiday 31 May is earlier).
        (D(2027, 2, 1), D(2027, 6, 3),
         "2026-27 Q4 ends Wed 31 Mar 2027; next Children's Trust Board meeting Thu 17 Jun 2027;"
         " -10 working days = Thu 3 Jun 2027"),
        # 2027-28 Q3 ends Fri 31 Dec 2027; meeting Thu 16 Mar 2028. -10: Wed 15-Mon 13 (3),
        # Fri 10-Mon 6 (8), Fri 3 (9), Thu 2 Mar (10).
        (D(2027, 11, 1), D(2028, 3, 2),
         "2027-28 Q3 ends Fri 31 Dec 2027; next Children's Trust Board meeting Thu 16 Mar 2028;"
         " -10 working days = Thu 2 Mar 2028"),
    ],
)
def test_due_ten_working_days_before_the_next_meeting(inside, expected, explanation):
    due = due_for(SCHEDULE, period_containing(QUARTERS, inside))
    assert (due.date, due.explanation) == (expected, explanation)


def test_a_meeting_whose_deadline_is_not_after_the_period_end_is_passed_over():
    anchor = Anchor(D(2026, 6, 30), "2026-27 Q1 ends Tue 30 Jun 2026")
    # Tue 30 Jun + 10 working days = Tue 14 Jul 2026 (Wed 1-Fri 3 (3), 6-10 (8), 13 (9),
    # 14 (10)). A meeting on Tue 14 Jul has its deadline on the quarter end itself: skipped.
    # A meeting on Thu 2 Jul has its deadline in June: skipped too.
    meetings = {"ctb": [D(2026, 7, 2), D(2026, 7, 14), D(2026, 7, 15), D(2026, 9, 17)]}
    due = RULE.due(anchor, CAL, meetings)
    # Wed 15 Jul - 10: Tue 14-Mon 13 (2), Fri 10-Mon 6 (7), Fri 3, Thu 2, Wed 1 Jul (10).
    assert due.date == D(2026, 7, 1)
    assert "meeting Wed 15 Jul 2026" in due.explanation
    # without the 15 July meeting, the September one is chosen
    meetings = {"ctb": [D(2026, 7, 2), D(2026, 7, 14), D(2026, 9, 17)]}
    assert RULE.due(anchor, CAL, meetings).date == D(2026, 9, 3)
    # meeting dates need not be given in order
    meetings = {"ctb": [D(2026, 9, 17), D(2026, 7, 15), D(2026, 7, 2)]}
    assert RULE.due(anchor, CAL, meetings).date == D(2026, 7, 1)


def test_counting_back_from_a_meeting_skips_christmas_and_new_year():
    # Nov 2026 ends Mon 30 Nov; meeting Tue 5 Jan 2027, -5 working days: Mon 4 Jan (1),
    # Fri 1 Jan New Year's Day, Thu 31 (2), Wed 30 (3), Tue 29 (4), Mon 28 substitute Boxing
    # Day, Fri 25 Christmas Day, Thu 24 Dec (5).
    anchor = Anchor(D(2026, 11, 30), "Nov 2026 ends Mon 30 Nov 2026")
    due = BeforeMeeting("ctb", 5, "Children's Trust Board").due(
        anchor, CAL, {"ctb": [D(2027, 1, 5)]}
    )
    assert due.date == D(2026, 12, 24)
    assert due.explanation.startswith(
        "Nov 2026 ends Mon 30 Nov 2026; next Children's Trust Board meeting Tue 5 Jan 2027;"
        " -5 working days, skipping "
    )
    for skipped in ("New Year's Day (Fri 1 Jan)", "Boxing Day (observed) (Mon 28 Dec)",
                    "Christmas Day (Fri 25 Dec)"):
        assert skipped in due.explanation
    assert due.explanation.endswith(" = Thu 24 Dec 2026")


def test_raises_when_no_meeting_is_dated_late_enough():
    # 2027-28 Q4 ends Fri 31 Mar 2028; the last dated meeting is Thu 16 Mar 2028.
    q4 = period_containing(QUARTERS, D(2028, 3, 31))
    with pytest.raises(RuleNotComputable) as info:
        due_for(SCHEDULE, q4)
    assert str(info.value) == (
        "no Children's Trust Board meeting is dated late enough after Fri 31 Mar 2028 "
        "(last dated meeting: Thu 16 Mar 2028)"
    )
    # a meeting after the quarter whose deadline is not after it does not help
    anchor = Anchor(D(2026, 6, 30), "2026-27 Q1 ends Tue 30 Jun 2026")
    with pytest.raises(RuleNotComputable):
        RULE.due(anchor, CAL, {"ctb": [D(2026, 7, 14)]})
    with pytest.raises(RuleNotComputable, match=r"last dated meeting: none"):
        RULE.due(anchor, CAL, {})


def test_occurrences_skip_periods_without_a_meeting():
    # Quarters up to 2025-26 Q3 go to the 19 Mar 2026 meeting (due Thu 5 Mar 2026, before
    # tracking_from); 2027-28 Q4 and later have no meeting dated late enough.
    found = occurrences(SCHEDULE, D(2026, 4, 1), D(2029, 12, 31))
    assert [(o.period.label, o.due) for o in found] == [
        # 2025-26 Q4 ends Tue 31 Mar 2026: Thu 18 Jun 2026 - 10 = Thu 4 Jun 2026.
        ("2025-26 Q4", D(2026, 6, 4)),
        ("2026-27 Q1", D(2026, 9, 3)),
        ("2026-27 Q2", D(2026, 11, 26)),
        ("2026-27 Q3", D(2027, 3, 4)),
        ("2026-27 Q4", D(2027, 6, 3)),
        # 2027-28 Q1 ends Wed 30 Jun 2027: Thu 16 Sep 2027 - 10 = Thu 2 Sep 2027.
        ("2027-28 Q1", D(2027, 9, 2)),
        # 2027-28 Q2 ends Thu 30 Sep 2027: Thu 9 Dec 2027 - 10: Wed 8-Mon 6 (3),
        # Fri 3 Dec-Mon 29 Nov (8), Fri 26 (9), Thu 25 Nov (10).
        ("2027-28 Q2", D(2027, 11, 25)),
        ("2027-28 Q3", D(2028, 3, 2)),
    ]


@settings(max_examples=200, deadline=None)
@given(
    end=st.dates(min_value=D(2025, 1, 1), max_value=D(2029, 12, 31)),
    meetings=st.lists(st.dates(min_value=D(2024, 6, 1), max_value=D(2030, 12, 31)),
                      max_size=12),
    n=st.integers(0, 40),
    within=st.one_of(st.none(), st.integers(30, 800)),
)
def test_the_first_meeting_with_a_deadline_after_the_anchor_is_chosen(end, meetings, n, within):
    rule = BeforeMeeting("m", n) if within is None else BeforeMeeting("m", n, within_days=within)
    anchor = Anchor(end, "x")
    horizon = end + dt.timedelta(days=rule.within_days)
    deadlines = [
        CAL.add_working_days(m, -n)[0] for m in sorted(meetings) if end < m <= horizon
    ]
    qualifying = [d for d in deadlines if d > end]
    if not qualifying:
        with pytest.raises(RuleNotComputable):
            rule.due(anchor, CAL, {"m": meetings})
        return
    due = rule.due(anchor, CAL, {"m": meetings})
    assert due.date == qualifying[0] == min(qualifying)
    assert due.date > end
    if n:
        assert CAL.is_working_day(due.date)


def test_meetings_more_than_within_days_after_the_period_do_not_count():
    # 2024-25 Q4 ends Mon 31 Mar 2025; the first meeting listed after it, Thu 18 Jun 2026, is
    # 444 days later: beyond the default 366, so not computable (no stale report due then).
    anchor = Anchor(D(2025, 3, 31), "2024-25 Q4 ends Mon 31 Mar 2025")
    with pytest.raises(RuleNotComputable):
        RULE.due(anchor, CAL, {"ctb": [D(2026, 6, 18)]})
    # With a wider window the June 2026 meeting is used: Thu 18 Jun - 10 working days:
    # Wed 17-Mon 15 (3), Fri 12-Mon 8 (8), Fri 5 (9), Thu 4 Jun 2026 (10).
    wide = BeforeMeeting("ctb", 10, "Children's Trust Board", within_days=500)
    assert wide.due(anchor, CAL, {"ctb": [D(2026, 6, 18)]}).date == D(2026, 6, 4)
    # 366 days is still in: Tue 31 Mar 2026 + 366 days = Thu 1 Apr 2027. Counting back 10
    # working days over Easter 2027: Wed 31 (1), Tue 30 (2), Easter Monday 29 and Good Friday
    # 26 skipped, Thu 25-Mon 22 (6), Fri 19-Tue 16 Mar (10).
    q4 = Anchor(D(2026, 3, 31), "2025-26 Q4 ends Tue 31 Mar 2026")
    assert RULE.due(q4, CAL, {"ctb": [D(2027, 4, 1)]}).date == D(2027, 3, 16)
    # 367 days (Fri 2 Apr 2027) is out.
    with pytest.raises(RuleNotComputable):
        RULE.due(q4, CAL, {"ctb": [D(2027, 4, 2)]})


def test_no_older_quarter_piles_up_on_the_first_meeting_after_tracking_from():
    # Every quarter before 2025-26 Q4 goes to the listed 19 Mar 2026 meeting, due Thu 5 Mar
    # 2026, before tracking_from: none is produced, and each meeting gets one quarter.
    found = occurrences(SCHEDULE, D(2020, 1, 1), D(2029, 12, 31))
    dues = [o.due for o in found]
    assert len(dues) == len(set(dues))
    assert (found[0].period.label, found[0].due) == ("2025-26 Q4", D(2026, 6, 4))
