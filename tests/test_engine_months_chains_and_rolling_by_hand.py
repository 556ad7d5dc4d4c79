"""The new rules, each date counted by hand from a printed calendar (England's bank holidays:
Christmas 2026 Fri 25 Dec and the Boxing Day substitute Mon 28 Dec; New Year Fri 1 Jan 2027;
Easter 2027 Fri 26 Mar - Mon 29 Mar; May Day Mon 3 May 2027; Spring Mon 31 May 2027;
Christmas 2027 substitutes Mon 27 and Tue 28 Dec; Easter 2028 Fri 14 Apr - Mon 17 Apr).

* ``months_after``: calendar months, month-end clamped, then rolled;
* chained: a submission starts the next obligation's clock, the incident's label carried on;
* rolling: "12 months after the last one", a late one pulling the next along.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cycles.engine.chains import (
    EventRecord,
    SubmissionRecord,
    chained_events,
    next_rolling_due,
    rolling_label,
)
from cycles.engine.occurrences import Schedule, due_for, occurrences
from cycles.engine.periods import Cadence, PeriodSpec, period_containing
from cycles.engine.rules import AfterDays, AfterWorkingDays, Anchor, MonthsAfter
from cycles.engine.workdays import Roll, WorkingCalendar

D = dt.date
CAL = WorkingCalendar()


def months(anchor: dt.date, n: int, roll: Roll = Roll.following) -> dt.date:
    return MonthsAfter(n, roll).due(Anchor(anchor, "x"), CAL, {}).date


@pytest.mark.parametrize(("anchor", "n", "expected"), [
    # Mon 31 Aug 2026 + 6 months: no 31 Feb, so Sun 28 Feb 2027; rolled to Mon 1 Mar.
    (D(2026, 8, 31), 6, D(2027, 3, 1)),
    # Thu 25 Nov 2027 + 1 month = Sat 25 Dec 2027; Sun 26, then the substitutes Mon 27 and
    # Tue 28 Dec: Wed 29 Dec 2027.
    (D(2027, 11, 25), 1, D(2027, 12, 29)),
    # Thu 1 Oct 2026 + 3 months = Fri 1 Jan 2027 (New Year's Day): Mon 4 Jan 2027.
    (D(2026, 10, 1), 3, D(2027, 1, 4)),
    # Sat 26 Sep 2026 + 6 = Fri 26 Mar 2027 (Good Friday); Easter Monday 29: Tue 30 Mar.
    (D(2026, 9, 26), 6, D(2027, 3, 30)),
    # Thu 14 Oct 2027 + 6 = Fri 14 Apr 2028 (Good Friday); Easter Monday 17: Tue 18 Apr.
    (D(2027, 10, 14), 6, D(2028, 4, 18)),
    # Sat 3 Apr 2027 + 1 = Mon 3 May 2027 (May Day): Tue 4 May.
    (D(2027, 4, 3), 1, D(2027, 5, 4)),
    # Wed 31 Mar 2027 + 2 = Mon 31 May 2027 (Spring bank holiday): Tue 1 Jun.
    (D(2027, 3, 31), 2, D(2027, 6, 1)),
    # Backwards: Wed 31 Mar 2027 - 6 = 31 Sep does not exist: Wed 30 Sep 2026.
    (D(2027, 3, 31), -6, D(2026, 9, 30)),
])
def test_months_after_by_hand(anchor: dt.date, n: int, expected: dt.date) -> None:
    assert months(anchor, n) == expected


def test_six_months_is_not_183_days() -> None:
    assert AfterDays(183).due(Anchor(D(2026, 8, 31), "x"), CAL, {}).date == D(2027, 3, 2)
    assert months(D(2026, 8, 31), 6) == D(2027, 3, 1)
    # rolled back instead: Sun 28 Feb -> Fri 26 Feb 2027
    assert months(D(2026, 8, 31), 6, Roll.preceding) == D(2027, 2, 26)


def test_months_after_explains_the_clamp_and_the_roll() -> None:
    due = MonthsAfter(6).due(Anchor(D(2026, 8, 31), "decision recorded Mon 31 Aug 2026"),
                             CAL, {})
    assert due.explanation == (
        "decision recorded Mon 31 Aug 2026; +6 months = Sun 28 Feb 2027 (no 31 Feb: the "
        "month's last day) (Sun 28 Feb is a weekend; next working day) = Mon 1 Mar 2027")


def test_months_after_from_a_period_end_and_start() -> None:
    quarters = PeriodSpec(Cadence.quarterly)
    q3 = period_containing(quarters, D(2026, 12, 1))  # ends Thu 31 Dec 2026
    ends = Schedule("x.q", MonthsAfter(3), CAL, D(2026, 4, 1), periods=quarters)
    assert due_for(ends, q3).date == D(2027, 3, 31)  # Wed 31 Mar 2027
    years = PeriodSpec(Cadence.annual)
    starts = Schedule("x.y", MonthsAfter(1), CAL, D(2026, 4, 1), periods=years,
                      counted_from="period_start")
    # 2027-28 starts Thu 1 Apr 2027; +1 month = Sat 1 May; Sun 2; May Day Mon 3: Tue 4 May.
    assert due_for(starts, period_containing(years, D(2027, 4, 1))).date == D(2027, 5, 4)


def test_months_after_an_event() -> None:
    publication = Schedule("wt.cspr-publication", MonthsAfter(6), CAL, D(2026, 4, 1),
                           trigger="cspr_commissioned")
    found = occurrences(publication, D(2026, 4, 1), D(2027, 12, 31),
                        [EventRecord("cspr_commissioned", D(2026, 8, 31), "CSPR-2026-01")])
    assert [(o.period.label, o.due) for o in found] == [("CSPR-2026-01", D(2027, 3, 1))]


# ---- chained ---------------------------------------------------------------------------

NOTIFY = Schedule("wt.serious-incident-notification", AfterWorkingDays(5), CAL, D(2026, 4, 1),
                  trigger="serious_incident")
REVIEW = Schedule("wt.rapid-review", AfterWorkingDays(15), CAL, D(2026, 4, 1),
                  trigger="submitted:serious-incident-notification")


def test_a_submission_starts_the_next_clock_with_the_incidents_label() -> None:
    incident = EventRecord("serious_incident", D(2026, 12, 18), "SI-2026-07")
    # Fri 18 Dec 2026 + 5 working days: Mon 21, Tue 22, Wed 23, Thu 24 (Christmas Fri 25
    # and the Boxing Day substitute Mon 28 skipped), Tue 29 Dec 2026.
    first = occurrences(NOTIFY, D(2026, 4, 1), D(2027, 12, 31), [incident])
    assert [(o.key, o.due) for o in first] == [
        ("wt.serious-incident-notification@SI-2026-07", D(2026, 12, 29))]
    # Nothing for the rapid review until the notification is submitted.
    assert occurrences(REVIEW, D(2026, 4, 1), D(2027, 12, 31), [incident]) == []
    # Notified Tue 22 Dec; +15 working days: 23, 24, 29, 30, 31 Dec (5), New Year's Day
    # skipped, 4-8 Jan (10), 11-15 Jan (15) = Fri 15 Jan 2027.
    events = [incident, *chained_events("wt", [
        SubmissionRecord("wt.serious-incident-notification", "SI-2026-07", D(2026, 12, 22)),
        SubmissionRecord("other.serious-incident-notification", "X", D(2026, 12, 1)),
    ])]
    review = occurrences(REVIEW, D(2026, 4, 1), D(2027, 12, 31), events)
    assert [(o.key, o.due) for o in review] == [("wt.rapid-review@SI-2026-07", D(2027, 1, 15))]
    assert review[0].explanation.startswith(
        "SI-2026-07: serious-incident-notification submitted Tue 22 Dec 2026; +15 working")


def test_chained_events_keep_only_the_areas_own_submissions() -> None:
    records = chained_events("wt", [SubmissionRecord("wt.a", "P1", D(2027, 1, 4)),
                                    SubmissionRecord("wtx.a", "P2", D(2027, 1, 4))])
    assert records == [EventRecord("submitted:a", D(2027, 1, 4), "P1")]


# ---- rolling ---------------------------------------------------------------------------

YEARLY = Schedule("wt.yearly-report", MonthsAfter(12), CAL, D(2026, 4, 1),
                  rolling_from=Anchor(D(2026, 9, 30), "last one published Wed 30 Sep 2026"))


def test_rolling_first_due_counts_from_the_last_publication() -> None:
    found = occurrences(YEARLY, D(2026, 4, 1), D(2029, 12, 31))
    assert [(o.period.label, o.due) for o in found] == [("since 2026-09-30", D(2027, 9, 30))]


def test_a_late_report_pulls_the_next_due_date_along() -> None:
    # Published five weeks late, Fri 5 Nov 2027: the next is due 12 months on, Sun 5 Nov
    # 2028, rolled to Mon 6 Nov 2028 (not 30 Sep 2028).
    done = {"since 2026-09-30": D(2027, 11, 5)}
    found = occurrences(YEARLY, D(2026, 4, 1), D(2029, 12, 31), submitted=done)
    assert [(o.period.label, o.due) for o in found] == [
        ("since 2026-09-30", D(2027, 9, 30)), ("since 2027-11-05", D(2028, 11, 6))]
    assert found[1].explanation.startswith("previous one submitted Fri 5 Nov 2027; +12 months")
    # and one published on Wed 14 Apr 2027 would be followed by Fri 14 Apr 2028, Good
    # Friday, so Tue 18 Apr 2028 after Easter Monday.
    assert next_rolling_due(MonthsAfter(12), CAL, D(2027, 4, 14)).date == D(2028, 4, 18)


def test_rolling_labels_stay_fixed_and_the_chain_is_bounded() -> None:
    assert rolling_label(D(2027, 11, 5)) == "since 2027-11-05"
    done = {rolling_label(D(2026, 9, 30) + dt.timedelta(days=400 * k)):
            D(2026, 9, 30) + dt.timedelta(days=400 * (k + 1)) for k in range(10)}
    found = occurrences(YEARLY, D(2026, 4, 1), D(2040, 12, 31), submitted=done)
    assert len(found) == 11
    assert all(b.due > a.due for a, b in zip(found, found[1:], strict=False))
