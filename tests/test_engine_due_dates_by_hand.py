"""Due dates of the four card obligations for 2026-27 and 2027-28, worked out by hand.

Every expected value below is a literal date, counted by hand from a printed calendar; the
reasoning is in the comment next to each case. The schedules are built directly from engine
classes (not from the YAML catalogue).

England bank holidays used in the reasoning (holidays.UK(subdiv="ENG")):

  2026: Thu 1 Jan New Year's Day; Fri 3 Apr Good Friday; Mon 6 Apr Easter Monday;
        Mon 4 May May Day; Mon 25 May Spring Bank Holiday; Mon 31 Aug Late Summer Bank
        Holiday; Fri 25 Dec Christmas Day; Sat 26 Dec Boxing Day (substitute Mon 28 Dec).
  2027: Fri 1 Jan New Year's Day; Fri 26 Mar Good Friday; Mon 29 Mar Easter Monday;
        Mon 3 May May Day; Mon 31 May Spring Bank Holiday; Mon 30 Aug Late Summer Bank
        Holiday; Sat 25 / Sun 26 Dec (substitutes Mon 27 and Tue 28 Dec).
  2028: Sat 1 Jan New Year's Day (substitute Mon 3 Jan); Fri 14 Apr Good Friday;
        Mon 17 Apr Easter Monday.

British Summer Time starts Sun 29 Mar 2026 and Sun 28 Mar 2027 and ends Sun 25 Oct 2026 and
Sun 31 Oct 2027; working days are whole dates, so those weeks count like any other.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cycles.engine.occurrences import Schedule, due_for, occurrences
from cycles.engine.periods import Cadence, PeriodSpec
from cycles.engine.rules import AfterWorkingDays, DayOfMonth, LastWorkingDay
from cycles.engine.workdays import Roll, WorkingCalendar

D = dt.date
CAL = WorkingCalendar()
TRACKING_FROM = D(2026, 4, 1)

FY_QUARTERS = PeriodSpec(Cadence.quarterly, year_start_month=4)
FY_HALVES = PeriodSpec(Cadence.six_monthly, year_start_month=4)
FY_YEARS = PeriodSpec(Cadence.annual, year_start_month=4)
MONTHS = PeriodSpec(Cadence.monthly, year_start_month=4)
CALENDAR_QUARTERS = PeriodSpec(Cadence.quarterly, year_start_month=1)

# (1) agencies' quarterly performance returns: 15 working days after the quarter ends.
QUARTERLY_RETURNS = Schedule(
    obligation="medway.agency-quarterly-returns",
    rule=AfterWorkingDays(15),
    calendar=CAL,
    tracking_from=TRACKING_FROM,
    periods=FY_QUARTERS,
)
# (2) the board's bi-annual report to the Trust's PMRG: last working day of the next month.
PMRG_REPORT = Schedule(
    obligation="medway.pmrg-six-monthly-report",
    rule=LastWorkingDay(months_after=1),
    calendar=CAL,
    tracking_from=TRACKING_FROM,
    periods=FY_HALVES,
)
# (3) the annual report: last working day of the July after the financial year.
ANNUAL_REPORT = Schedule(
    obligation="medway.annual-report",
    rule=LastWorkingDay(month=7),
    calendar=CAL,
    tracking_from=TRACKING_FROM,
    periods=FY_YEARS,
)
# (4) the chair and DCS six-monthly report to the CE and Leader: same rule as (2).
CE_LEADER_REPORT = Schedule(
    obligation="medway.chair-dcs-six-monthly-report",
    rule=LastWorkingDay(months_after=1),
    calendar=CAL,
    tracking_from=TRACKING_FROM,
    periods=FY_HALVES,
)


def _period(spec: PeriodSpec, label: str, inside: dt.date):
    period = spec.period_at(spec.index_of(inside))
    assert period.label == label
    return period


# --------------------------------------------------------------------------------------------
# (1) quarterly returns, +15 working days after the quarter end
# --------------------------------------------------------------------------------------------

QUARTERLY_CASES = [
    # Q1 ends Tue 30 Jun 2026. July: Wed 1, Thu 2, Fri 3 (3); Mon 6-Fri 10 (8);
    # Mon 13-Fri 17 (13); Mon 20 (14), Tue 21 (15). No holiday in the way.
    ("2026-27 Q1", D(2026, 5, 15), D(2026, 7, 21),
     "2026-27 Q1 ends Tue 30 Jun 2026; +15 working days = Tue 21 Jul 2026"),
    # Q2 ends Wed 30 Sep 2026. October: Thu 1, Fri 2 (2); Mon 5-Fri 9 (7); Mon 12-Fri 16 (12);
    # Mon 19 (13), Tue 20 (14), Wed 21 (15).
    ("2026-27 Q2", D(2026, 8, 1), D(2026, 10, 21),
     "2026-27 Q2 ends Wed 30 Sep 2026; +15 working days = Wed 21 Oct 2026"),
    # Q3 ends Thu 31 Dec 2026. Fri 1 Jan 2027 is New Year's Day (skipped); Mon 4-Fri 8 (5);
    # Mon 11-Fri 15 (10); Mon 18-Fri 22 (15).
    ("2026-27 Q3", D(2026, 11, 11), D(2027, 1, 22),
     "2026-27 Q3 ends Thu 31 Dec 2026; +15 working days, skipping New Year's Day (Fri 1 Jan)"
     " = Fri 22 Jan 2027"),
    # Q4 ends Wed 31 Mar 2027 (Easter Monday, 29 Mar, is already behind it). April: Thu 1,
    # Fri 2 (2); Mon 5-Fri 9 (7); Mon 12-Fri 16 (12); Mon 19 (13), Tue 20 (14), Wed 21 (15).
    ("2026-27 Q4", D(2027, 2, 14), D(2027, 4, 21),
     "2026-27 Q4 ends Wed 31 Mar 2027; +15 working days = Wed 21 Apr 2027"),
    # Q1 ends Wed 30 Jun 2027. July: Thu 1, Fri 2 (2); Mon 5-Fri 9 (7); Mon 12-Fri 16 (12);
    # Mon 19 (13), Tue 20 (14), Wed 21 (15).
    ("2027-28 Q1", D(2027, 4, 1), D(2027, 7, 21),
     "2027-28 Q1 ends Wed 30 Jun 2027; +15 working days = Wed 21 Jul 2027"),
    # Q2 ends Thu 30 Sep 2027. October: Fri 1 (1); Mon 4-Fri 8 (6); Mon 11-Fri 15 (11);
    # Mon 18 (12), Tue 19 (13), Wed 20 (14), Thu 21 (15).
    ("2027-28 Q2", D(2027, 9, 30), D(2027, 10, 21),
     "2027-28 Q2 ends Thu 30 Sep 2027; +15 working days = Thu 21 Oct 2027"),
    # Q3 ends Fri 31 Dec 2027. Sat 1 Jan 2028 is New Year's Day, so Mon 3 Jan is the
    # substitute day (skipped; Saturday needs no mention). Tue 4-Fri 7 (4); Mon 10-Fri 14 (9);
    # Mon 17-Fri 21 (14); Mon 24 (15).
    ("2027-28 Q3", D(2027, 10, 1), D(2028, 1, 24),
     "2027-28 Q3 ends Fri 31 Dec 2027; +15 working days, skipping New Year's Day (observed)"
     " (Mon 3 Jan) = Mon 24 Jan 2028"),
    # Q4 ends Fri 31 Mar 2028. April: Mon 3-Fri 7 (5); Mon 10-Thu 13 (9); Fri 14 Good Friday
    # and Mon 17 Easter Monday skipped; Tue 18-Fri 21 (13); Mon 24 (14), Tue 25 (15).
    ("2027-28 Q4", D(2028, 3, 31), D(2028, 4, 25),
     "2027-28 Q4 ends Fri 31 Mar 2028; +15 working days, skipping Good Friday (Fri 14 Apr),"
     " Easter Monday (Mon 17 Apr) = Tue 25 Apr 2028"),
]


@pytest.mark.parametrize(("label", "inside", "expected", "explanation"), QUARTERLY_CASES)
def test_quarterly_returns_are_due_15_working_days_after_the_quarter(
    label, inside, expected, explanation
):
    due = due_for(QUARTERLY_RETURNS, _period(FY_QUARTERS, label, inside))
    assert due.date == expected
    assert due.explanation == explanation


def test_quarterly_returns_occurrences_for_2026_27_and_2027_28():
    # The 2025-26 Q4 return (due Thu 23 Apr 2026) falls before the window and is left out.
    found = occurrences(QUARTERLY_RETURNS, D(2026, 7, 1), D(2028, 6, 30))
    assert [(o.period.label, o.due) for o in found] == [
        (label, expected) for label, _, expected, _ in QUARTERLY_CASES
    ]
    assert found[2].key == "medway.agency-quarterly-returns@2026-27 Q3"


def test_new_years_day_2027_explanation_reads_exactly():
    period = _period(FY_QUARTERS, "2026-27 Q3", D(2026, 12, 31))
    due = due_for(QUARTERLY_RETURNS, period)
    assert due.date == D(2027, 1, 22)
    assert due.explanation == (
        "2026-27 Q3 ends Thu 31 Dec 2026; +15 working days, skipping New Year's Day (Fri 1 Jan)"
        " = Fri 22 Jan 2027"
    )


# --------------------------------------------------------------------------------------------
# (2) and (4) six-monthly reports, last working day of the month after the half
# --------------------------------------------------------------------------------------------

SIX_MONTHLY_CASES = [
    # H1 ends Wed 30 Sep 2026; October 2026 ends on Sat 31, so Fri 30 Oct (a weekend move).
    ("2026-27 H1", D(2026, 4, 1), D(2026, 10, 30),
     "2026-27 H1 ends Wed 30 Sep 2026; last working day of October 2026 = Fri 30 Oct 2026"),
    # H2 ends Wed 31 Mar 2027; April 2027 ends on Fri 30, a working day.
    ("2026-27 H2", D(2027, 3, 31), D(2027, 4, 30),
     "2026-27 H2 ends Wed 31 Mar 2027; last working day of April 2027 = Fri 30 Apr 2027"),
    # H1 ends Thu 30 Sep 2027; October 2027 ends on Sun 31, so Fri 29 Oct (the Sunday is
    # also the day the clocks go back: it changes nothing).
    ("2027-28 H1", D(2027, 6, 6), D(2027, 10, 29),
     "2027-28 H1 ends Thu 30 Sep 2027; last working day of October 2027 = Fri 29 Oct 2027"),
    # H2 ends Fri 31 Mar 2028; April 2028 ends on Sun 30, so Fri 28 Apr.
    ("2027-28 H2", D(2027, 10, 1), D(2028, 4, 28),
     "2027-28 H2 ends Fri 31 Mar 2028; last working day of April 2028 = Fri 28 Apr 2028"),
]


@pytest.mark.parametrize(("label", "inside", "expected", "explanation"), SIX_MONTHLY_CASES)
@pytest.mark.parametrize("schedule", [PMRG_REPORT, CE_LEADER_REPORT], ids=["pmrg", "ce-leader"])
def test_six_monthly_reports_are_due_on_the_last_working_day_of_the_next_month(
    schedule, label, inside, expected, explanation
):
    due = due_for(schedule, _period(FY_HALVES, label, inside))
    assert due.date == expected
    assert due.explanation == explanation


def test_chair_dcs_report_for_2026_27_h1_is_due_fri_30_oct_2026():
    found = occurrences(CE_LEADER_REPORT, D(2026, 10, 1), D(2026, 10, 31))
    assert len(found) == 1
    assert found[0].key == "medway.chair-dcs-six-monthly-report@2026-27 H1"
    assert found[0].due == D(2026, 10, 30)


@pytest.mark.parametrize("schedule", [PMRG_REPORT, CE_LEADER_REPORT], ids=["pmrg", "ce-leader"])
def test_six_monthly_occurrences_for_2026_27_and_2027_28(schedule):
    # 2025-26 H2 (due Thu 30 Apr 2026) is before the window.
    found = occurrences(schedule, D(2026, 7, 1), D(2028, 6, 30))
    assert [(o.period.label, o.due) for o in found] == [
        (label, expected) for label, _, expected, _ in SIX_MONTHLY_CASES
    ]


# --------------------------------------------------------------------------------------------
# (3) annual report, last working day of the July after the financial year
# --------------------------------------------------------------------------------------------

ANNUAL_CASES = [
    # 2026-27 ends Wed 31 Mar 2027; July 2027 ends on Sat 31, so Fri 30 Jul (a weekend move).
    ("2026-27", D(2026, 4, 1), D(2027, 7, 30),
     "2026-27 ends Wed 31 Mar 2027; last working day of July 2027 = Fri 30 Jul 2027"),
    # 2027-28 ends Fri 31 Mar 2028; July 2028 ends on Mon 31, a working day.
    ("2027-28", D(2028, 3, 1), D(2028, 7, 31),
     "2027-28 ends Fri 31 Mar 2028; last working day of July 2028 = Mon 31 Jul 2028"),
]


@pytest.mark.parametrize(("label", "inside", "expected", "explanation"), ANNUAL_CASES)
def test_annual_report_is_due_on_the_last_working_day_of_july_after_the_year(
    label, inside, expected, explanation
):
    due = due_for(ANNUAL_REPORT, _period(FY_YEARS, label, inside))
    assert due.date == expected
    assert due.explanation == explanation


def test_annual_report_occurrences():
    # The 2025-26 report (due Fri 31 Jul 2026) is before the window.
    found = occurrences(ANNUAL_REPORT, D(2027, 1, 1), D(2028, 12, 31))
    assert [(o.period.label, o.due) for o in found] == [
        ("2026-27", D(2027, 7, 30)),
        ("2027-28", D(2028, 7, 31)),
    ]


# --------------------------------------------------------------------------------------------
# Dates moved by bank holidays (rules other than the card's, on monthly periods)
# --------------------------------------------------------------------------------------------

HOLIDAY_CASES = [
    # Christmas 2026. Nov 2026 ends Mon 30 Nov. December: Tue 1-Fri 4 (4); Mon 7-Fri 11 (9);
    # Mon 14-Fri 18 (14); Mon 21-Thu 24 (18); Fri 25 Christmas Day skipped; Sat 26 Boxing Day
    # is a weekend; Mon 28 the substitute Boxing Day skipped; Tue 29 (19), Wed 30 (20).
    (MONTHS, D(2026, 11, 15), AfterWorkingDays(20), D(2026, 12, 30),
     "Nov 2026 ends Mon 30 Nov 2026; +20 working days, skipping Christmas Day (Fri 25 Dec),"
     " Boxing Day (observed) (Mon 28 Dec) = Wed 30 Dec 2026"),
    # Christmas 2026, a fixed day rolled forward: 25 Dec is a Friday bank holiday, Sat 26 and
    # Sun 27 are the weekend, Mon 28 is the substitute day: Tue 29 Dec.
    (MONTHS, D(2026, 11, 15), DayOfMonth(25), D(2026, 12, 29),
     "Nov 2026 ends Mon 30 Nov 2026; due on Fri 25 Dec 2026 (Fri 25 Dec is Christmas Day;"
     " next working day, skipping Boxing Day (observed) (Mon 28 Dec)) = Tue 29 Dec 2026"),
    # Christmas 2026 rolled back: Mon 28 Dec (substitute) -> Sun, Sat, Fri 25 (Christmas Day)
    # -> Thu 24 Dec.
    (MONTHS, D(2026, 11, 15), DayOfMonth(28, roll=Roll.preceding), D(2026, 12, 24),
     "Nov 2026 ends Mon 30 Nov 2026; due on Mon 28 Dec 2026 (Mon 28 Dec is Boxing Day"
     " (observed); previous working day, skipping Christmas Day (Fri 25 Dec)) = Thu 24 Dec 2026"),
    # Easter 2027, landing on Good Friday: 26 Mar 2027 is Good Friday; Sat 27, Sun 28 (clocks
    # go forward), Mon 29 Easter Monday: next working day Tue 30 Mar.
    (MONTHS, D(2027, 2, 1), DayOfMonth(26), D(2027, 3, 30),
     "Feb 2027 ends Sun 28 Feb 2027; due on Fri 26 Mar 2027 (Fri 26 Mar is Good Friday;"
     " next working day, skipping Easter Monday (Mon 29 Mar)) = Tue 30 Mar 2027"),
    # Easter 2027, landing on Easter Monday and rolled back: Mon 29 Mar -> Sun, Sat,
    # Fri 26 Good Friday -> Thu 25 Mar.
    (MONTHS, D(2027, 2, 1), DayOfMonth(29, roll=Roll.preceding), D(2027, 3, 25),
     "Feb 2027 ends Sun 28 Feb 2027; due on Mon 29 Mar 2027 (Mon 29 Mar is Easter Monday;"
     " previous working day, skipping Good Friday (Fri 26 Mar)) = Thu 25 Mar 2027"),
    # Easter 2027 counted over, across the week the clocks go forward (Sun 28 Mar 2027).
    # Feb 2027 ends Sun 28 Feb. March: Mon 1-Fri 5 (5); 8-12 (10); 15-19 (15); Mon 22-Thu 25
    # (19); Fri 26 and Mon 29 skipped; Tue 30 (20).
    (MONTHS, D(2027, 2, 1), AfterWorkingDays(20), D(2027, 3, 30),
     "Feb 2027 ends Sun 28 Feb 2027; +20 working days, skipping Good Friday (Fri 26 Mar),"
     " Easter Monday (Mon 29 Mar) = Tue 30 Mar 2027"),
    # Easter 2026 in a calendar-year quarter: 2026 Q1 ends Tue 31 Mar 2026. April: Wed 1,
    # Thu 2 (2); Fri 3 Good Friday and Mon 6 Easter Monday skipped; Tue 7-Fri 10 (6);
    # Mon 13-Fri 17 (11); Mon 20 (12), Tue 21 (13), Wed 22 (14), Thu 23 (15).
    (CALENDAR_QUARTERS, D(2026, 2, 1), AfterWorkingDays(15), D(2026, 4, 23),
     "2026 Q1 ends Tue 31 Mar 2026; +15 working days, skipping Good Friday (Fri 3 Apr),"
     " Easter Monday (Mon 6 Apr) = Thu 23 Apr 2026"),
    # Early May 2026: Apr 2026 ends Thu 30 Apr; day 4 of May is Mon 4 May, May Day: Tue 5 May.
    (MONTHS, D(2026, 4, 4), DayOfMonth(4), D(2026, 5, 5),
     "Apr 2026 ends Thu 30 Apr 2026; due on Mon 4 May 2026 (Mon 4 May is May Day;"
     " next working day) = Tue 5 May 2026"),
    # Early May and Spring 2026: Apr 2026 ends Thu 30 Apr. May: Fri 1 (1); Mon 4 May Day
    # skipped; Tue 5-Fri 8 (5); Mon 11-Fri 15 (10); Mon 18-Fri 22 (15); Mon 25 Spring Bank
    # Holiday skipped; Tue 26 (16).
    (MONTHS, D(2026, 4, 4), AfterWorkingDays(16), D(2026, 5, 26),
     "Apr 2026 ends Thu 30 Apr 2026; +16 working days, skipping May Day (Mon 4 May),"
     " Spring Bank Holiday (Mon 25 May) = Tue 26 May 2026"),
    # Early May 2027: Apr 2027 ends Fri 30 Apr. Mon 3 May is May Day (skipped); Tue 4-Fri 7
    # (4); Mon 10 (5).
    (MONTHS, D(2027, 4, 4), AfterWorkingDays(5), D(2027, 5, 10),
     "Apr 2027 ends Fri 30 Apr 2027; +5 working days, skipping May Day (Mon 3 May)"
     " = Mon 10 May 2027"),
    # Spring 2027: the last day of May 2027 is Mon 31, the Spring Bank Holiday; Sat 29 and
    # Sun 30 are the weekend: Fri 28 May.
    (MONTHS, D(2027, 4, 4), LastWorkingDay(months_after=1), D(2027, 5, 28),
     "Apr 2027 ends Fri 30 Apr 2027; last working day of May 2027, skipping Spring Bank"
     " Holiday (Mon 31 May) = Fri 28 May 2027"),
    # Summer 2026: Mon 31 Aug 2026 is the Late Summer Bank Holiday, so the last working day
    # of August 2026 is Fri 28 Aug.
    (MONTHS, D(2026, 7, 7), LastWorkingDay(months_after=1), D(2026, 8, 28),
     "Jul 2026 ends Fri 31 Jul 2026; last working day of August 2026, skipping Late Summer"
     " Bank Holiday (Mon 31 Aug) = Fri 28 Aug 2026"),
    # Summer 2027: the bank holiday is Mon 30 Aug 2027, but Tue 31 Aug 2027 is a working day,
    # so the last working day of August 2027 is Tue 31 Aug (the holiday is not passed over).
    (MONTHS, D(2027, 7, 7), LastWorkingDay(months_after=1), D(2027, 8, 31),
     "Jul 2027 ends Sat 31 Jul 2027; last working day of August 2027 = Tue 31 Aug 2027"),
    # Summer 2027, a "by" date landing on the bank holiday: day 30 of August 2027 is
    # Mon 30 Aug, rolled back over Sun 29 and Sat 28 to Fri 27 Aug.
    (MONTHS, D(2027, 7, 7), DayOfMonth(30, roll=Roll.preceding), D(2027, 8, 27),
     "Jul 2027 ends Sat 31 Jul 2027; due on Mon 30 Aug 2027 (Mon 30 Aug is Late Summer Bank"
     " Holiday; previous working day) = Fri 27 Aug 2027"),
]


@pytest.mark.parametrize(("spec", "inside", "rule", "expected", "explanation"), HOLIDAY_CASES)
def test_due_dates_moved_by_bank_holidays(spec, inside, rule, expected, explanation):
    schedule = Schedule("test.holiday", rule, CAL, TRACKING_FROM, periods=spec)
    due = due_for(schedule, spec.period_at(spec.index_of(inside)))
    assert due.date == expected
    assert due.explanation == explanation
    assert CAL.is_working_day(due.date)


# --------------------------------------------------------------------------------------------
# The weeks the clocks change: working days are dates, the hour lost or gained changes nothing
# --------------------------------------------------------------------------------------------

DST_CASES = [
    # Clocks go forward Sun 29 Mar 2026. Feb 2026 ends Sat 28 Feb. March: Mon 2-Fri 6 (5);
    # 9-13 (10); 16-20 (15); 23-27 (20); Mon 30 (21), Tue 31 (22).
    (D(2026, 2, 1), 22, D(2026, 3, 31)),
    # Clocks go back Sun 25 Oct 2026. Sep 2026 ends Wed 30 Sep. October: Thu 1, Fri 2 (2);
    # 5-9 (7); 12-16 (12); 19-23 (17); Mon 26 (18), Tue 27 (19), Wed 28 (20).
    (D(2026, 9, 1), 20, D(2026, 10, 28)),
    # Clocks go forward Sun 28 Mar 2027 (Easter weekend too). Feb 2027 ends Sun 28 Feb.
    # March: 1-5 (5); 8-12 (10); 15-19 (15); 22-25 (19); Good Friday 26 and Easter Monday 29
    # skipped; Tue 30 (20).
    (D(2027, 2, 1), 20, D(2027, 3, 30)),
    # Clocks go back Sun 31 Oct 2027. Sep 2027 ends Thu 30 Sep. October: Fri 1 (1); 4-8 (6);
    # 11-15 (11); 18-22 (16); 25-29 (21); Mon 1 Nov (22), Tue 2 Nov (23).
    (D(2027, 9, 1), 23, D(2027, 11, 2)),
]


@pytest.mark.parametrize(("inside", "n", "expected"), DST_CASES)
def test_working_day_counts_across_clock_change_weeks(inside, n, expected):
    schedule = Schedule("test.dst", AfterWorkingDays(n), CAL, TRACKING_FROM, periods=MONTHS)
    period = MONTHS.period_at(MONTHS.index_of(inside))
    assert due_for(schedule, period).date == expected
    assert CAL.working_days_between(period.end, expected) == n


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Fri to Fri across Sun 29 Mar 2026 (clocks forward): Mon 30, Tue 31, Wed 1 Apr,
        # Thu 2 Apr (4); Fri 3 Apr is Good Friday.
        (D(2026, 3, 27), D(2026, 4, 3), 4),
        # Fri to Fri across Sun 25 Oct 2026 (clocks back): Mon 26-Fri 30 Oct (5).
        (D(2026, 10, 23), D(2026, 10, 30), 5),
        # Fri to Fri across Sun 28 Mar 2027 (clocks forward): Mon 29 Easter Monday, then
        # Tue 30, Wed 31, Thu 1 Apr, Fri 2 Apr (4).
        (D(2027, 3, 26), D(2027, 4, 2), 4),
        # Fri to Fri across Sun 31 Oct 2027 (clocks back): Mon 1-Fri 5 Nov (5).
        (D(2027, 10, 29), D(2027, 11, 5), 5),
    ],
)
def test_working_days_between_across_clock_change_weekends(start, end, expected):
    assert CAL.working_days_between(start, end) == expected
