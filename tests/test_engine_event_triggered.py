"""Event-triggered obligations: one-off rules and repeating cycles started by an event."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.occurrences import EventRecord, Schedule, event_periods, occurrences
from cycles.engine.periods import Cadence, PeriodSpec
from cycles.engine.rules import AfterWorkingDays
from cycles.engine.workdays import WorkingCalendar

D = dt.date
CAL = WorkingCalendar()
WINDOW = (D(2026, 4, 1), D(2027, 12, 31))

ONE_OFF = Schedule(
    "medway.scr-action-plan", AfterWorkingDays(30), CAL, D(2026, 4, 1), trigger="scr-published"
)
QUARTERLY_PROGRESS = Schedule(
    "medway.scr-progress", AfterWorkingDays(10), CAL, D(2026, 4, 1), trigger="scr-published",
    repeat=PeriodSpec(Cadence.quarterly),
)
SCR = EventRecord("scr-published", D(2026, 11, 3), "SCR 2026/1")  # Tue 3 Nov 2026


def test_one_off_event_rule_counts_working_days_from_the_event():
    # Tue 3 Nov 2026 + 30 working days. November: Wed 4-Fri 6 (3), 9-13 (8), 16-20 (13),
    # 23-27 (18), Mon 30 (19); December: Tue 1-Fri 4 (23), Mon 7-Fri 11 (28), Mon 14 (29),
    # Tue 15 (30).
    found = occurrences(ONE_OFF, *WINDOW, events=[SCR])
    assert len(found) == 1
    occ = found[0]
    assert occ.due == D(2026, 12, 15)
    assert occ.explanation == (
        "SCR 2026/1 recorded Tue 3 Nov 2026; +30 working days = Tue 15 Dec 2026"
    )
    assert occ.key == "medway.scr-action-plan@SCR 2026/1"
    assert (occ.period.start, occ.period.end) == (SCR.on, SCR.on)


def test_one_off_event_over_christmas_skips_the_bank_holidays():
    # Fri 18 Dec 2026 + 5 working days: Mon 21 (1), Tue 22, Wed 23, Thu 24 (4), Fri 25
    # Christmas Day, Mon 28 substitute Boxing Day, Tue 29 (5). Without a reference the label
    # is the ISO date.
    event = EventRecord("scr-published", D(2026, 12, 18))
    schedule = Schedule("a.b", AfterWorkingDays(5), CAL, D(2026, 4, 1), trigger="scr-published")
    (occ,) = occurrences(schedule, *WINDOW, events=[event])
    assert occ.due == D(2026, 12, 29)
    assert occ.key == "a.b@2026-12-18"
    assert occ.explanation == (
        "2026-12-18 recorded Fri 18 Dec 2026; +5 working days, skipping Christmas Day"
        " (Fri 25 Dec), Boxing Day (observed) (Mon 28 Dec) = Tue 29 Dec 2026"
    )


def test_other_events_are_ignored():
    other = EventRecord("inspection", D(2026, 11, 3), "OFSTED")
    assert occurrences(ONE_OFF, *WINDOW, events=[other]) == []
    assert occurrences(ONE_OFF, *WINDOW) == []


def test_quarterly_repeating_event_cycles_and_labels():
    # Cycles from Tue 3 Nov 2026, each three months from the event date:
    # #1 3 Nov 2026-Tue 2 Feb 2027: Wed 3-Fri 5 (3), 8-12 (8), Mon 15 (9), Tue 16 Feb (10).
    # #2 3 Feb-Sun 2 May 2027: Mon 3 May is May Day; Tue 4-Fri 7 (4), 10-14 (9), Mon 17 May.
    # #3 3 May-Mon 2 Aug 2027: Tue 3-Fri 6 (4), 9-13 (9), Mon 16 Aug (10).
    # #4 3 Aug-Tue 2 Nov 2027: Wed 3-Fri 5 (3), 8-12 (8), Mon 15 (9), Tue 16 Nov (10).
    # #5 ends Wed 2 Feb 2028: due after the window.
    found = occurrences(QUARTERLY_PROGRESS, *WINDOW, events=[SCR])
    assert [(o.period.label, o.period.start, o.period.end, o.due) for o in found] == [
        ("SCR 2026/1 #1", D(2026, 11, 3), D(2027, 2, 2), D(2027, 2, 16)),
        ("SCR 2026/1 #2", D(2027, 2, 3), D(2027, 5, 2), D(2027, 5, 17)),
        ("SCR 2026/1 #3", D(2027, 5, 3), D(2027, 8, 2), D(2027, 8, 16)),
        ("SCR 2026/1 #4", D(2027, 8, 3), D(2027, 11, 2), D(2027, 11, 16)),
    ]
    assert found[1].explanation == (
        "SCR 2026/1 #2 ends Sun 2 May 2027; +10 working days, skipping May Day (Mon 3 May)"
        " = Mon 17 May 2027"
    )
    assert found[0].key == "medway.scr-progress@SCR 2026/1 #1"


def test_quarterly_repeating_event_stops_after_closed_on():
    # Closed on Sun 2 May 2027, the last day of cycle #2: no cycle starts after it.
    closed = EventRecord("scr-published", D(2026, 11, 3), "SCR 2026/1", closed_on=D(2027, 5, 2))
    found = occurrences(QUARTERLY_PROGRESS, *WINDOW, events=[closed])
    assert [o.period.label for o in found] == ["SCR 2026/1 #1", "SCR 2026/1 #2"]
    # Closed before the first cycle has even ended: only #1.
    early = EventRecord("scr-published", D(2026, 11, 3), "SCR 2026/1", closed_on=D(2026, 12, 1))
    assert [o.period.label for o in occurrences(QUARTERLY_PROGRESS, *WINDOW, events=[early])] \
        == ["SCR 2026/1 #1"]


def test_month_end_clamping_event_on_31_january():
    # An event on Sun 31 Jan 2027 repeats quarterly on 30 Apr (April has no 31st), then on
    # 31 Jul and 31 Oct again: each start is computed from the event, never chained.
    event = EventRecord("scr-published", D(2027, 1, 31), "SCR 2027/1")
    cycles = [p for p, _ in event_periods(QUARTERLY_PROGRESS, event, D(2027, 12, 31))]
    assert [(p.label, p.start, p.end) for p in cycles] == [
        ("SCR 2027/1 #1", D(2027, 1, 31), D(2027, 4, 29)),
        ("SCR 2027/1 #2", D(2027, 4, 30), D(2027, 7, 30)),
        ("SCR 2027/1 #3", D(2027, 7, 31), D(2027, 10, 30)),
        ("SCR 2027/1 #4", D(2027, 10, 31), D(2028, 1, 30)),
    ]
    # Monthly from 31 Jan 2028 (a leap year): 29 Feb, then 31 Mar.
    monthly = Schedule("a.m", AfterWorkingDays(5), CAL, D(2026, 4, 1), trigger="scr-published",
                       repeat=PeriodSpec(Cadence.monthly))
    leap = EventRecord("scr-published", D(2028, 1, 31), "X")
    starts = [p.start for p, _ in event_periods(monthly, leap, D(2028, 4, 30))]
    assert starts == [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31), D(2028, 4, 30)]


@settings(max_examples=200, deadline=None)
@given(
    on=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    cadence=st.sampled_from([Cadence.monthly, Cadence.quarterly, Cadence.six_monthly,
                             Cadence.annual]),
    closed_after=st.one_of(st.none(), st.integers(0, 1500)),
    horizon=st.integers(0, 2000),
)
def test_event_cycles_tile_and_stop_at_closure(on, cadence, closed_after, horizon):
    closed_on = None if closed_after is None else on + dt.timedelta(days=closed_after)
    event = EventRecord("e", on, "R", closed_on)
    schedule = Schedule("a.e", AfterWorkingDays(10), CAL, D(2000, 1, 1), trigger="e",
                        repeat=PeriodSpec(cadence))
    until = on + dt.timedelta(days=horizon)
    cycles = list(event_periods(schedule, event, until))
    assert cycles, "the first cycle starts on the event date"
    assert cycles[0][0].start == on
    for i, (period, anchor) in enumerate(cycles, start=1):
        assert period.label == f"R #{i}"
        assert period.start <= period.end
        assert anchor.day == period.end
        assert period.start <= until
        if closed_on is not None:
            assert period.start <= closed_on
    for (prev, _), (nxt, _) in zip(cycles, cycles[1:], strict=False):
        assert nxt.start == prev.end + dt.timedelta(days=1)
    # the cycle after the last one would start after ``until`` or after the closure
    after_last = cycles[-1][0].end + dt.timedelta(days=1)
    assert after_last > until or (closed_on is not None and after_last > closed_on)
