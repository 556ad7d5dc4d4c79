"""Areas with the same closures, rule and meeting dates share the due dates worked out for
the same periods (one calendar remembers them); any difference in what a due date depends
on (meeting dates, closures, the rule) gives that area its own answer, equal to working it
out afresh, and a rule with no answer has none for every area."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from cycles.engine.occurrences import Schedule, due_from, named_periods, occurrences
from cycles.engine.periods import Cadence, PeriodSpec
from cycles.engine.rules import AfterWorkingDays, Anchor, BeforeMeeting, RuleNotComputable
from cycles.engine.workdays import calendar_with

D = dt.date
QUARTERS = PeriodSpec(Cadence.quarterly)
SHARED = calendar_with({})
XMAS = calendar_with({D(2026, 12, 29): "Council Christmas closure"})
BOARD = (D(2026, 6, 18), D(2026, 9, 17), D(2026, 12, 10), D(2027, 3, 18), D(2027, 6, 17))
MOVED = (D(2026, 6, 18), D(2026, 9, 24), D(2026, 12, 17), D(2027, 3, 25), D(2027, 6, 24))


def schedule(area: str, rule: object, calendar: object = SHARED,
             meetings: tuple[dt.date, ...] = BOARD) -> Schedule:
    return Schedule(f"{area}.report", rule, calendar, D(2026, 4, 1),  # type: ignore[arg-type]
                    periods=QUARTERS, meetings={"board": meetings})


def fresh(s: Schedule) -> list[tuple[dt.date, str]]:
    """The same schedule's due dates, worked out with nothing remembered or shared."""
    cal = dataclasses.replace(s.calendar)  # a new calendar: empty memory
    return [(o.due, o.explanation)
            for o in occurrences(dataclasses.replace(s, calendar=cal), D(2026, 4, 1),
                                 D(2027, 12, 31))]


def dues(s: Schedule) -> list[tuple[dt.date, str]]:
    return [(o.due, o.explanation) for o in occurrences(s, D(2026, 4, 1), D(2027, 12, 31))]


@pytest.mark.parametrize("rule", [BeforeMeeting("board", 10, "Board"), AfterWorkingDays(15)])
def test_each_area_gets_the_answer_worked_out_afresh(rule: object) -> None:
    areas = [schedule("a", rule), schedule("b", rule), schedule("c", rule, XMAS),
             schedule("d", rule, meetings=MOVED), schedule("e", rule)]
    for s in areas:  # asked twice: the second time from memory
        assert dues(s) == fresh(s)
        assert dues(s) == fresh(s)
    assert dues(areas[0]) == dues(areas[1]) == dues(areas[4])


def test_meeting_dates_that_differ_are_not_shared() -> None:
    rule = BeforeMeeting("board", 10, "Board")
    def q2(s: Schedule) -> dt.date:
        return next(o.due for o in occurrences(s, D(2026, 4, 1), D(2027, 12, 31))
                    if o.period.label == "2026-27 Q2")

    assert q2(schedule("a", rule)) == D(2026, 11, 26)  # 10 working days before Thu 10 Dec
    assert q2(schedule("d", rule, meetings=MOVED)) == D(2026, 12, 3)  # ... before Thu 17 Dec


def test_closures_that_differ_are_not_shared() -> None:
    rule = AfterWorkingDays(2)
    anchor = Anchor(D(2026, 12, 24), "Thu 24 Dec")
    assert due_from(schedule("a", rule), anchor, (rule, ())).date == D(2026, 12, 30)
    assert due_from(schedule("c", rule, XMAS), anchor, (rule, ())).date == D(2026, 12, 31)


def test_no_answer_is_no_answer_for_every_area() -> None:
    rule = BeforeMeeting("board", 10, "Board")
    anchor = Anchor(D(2027, 9, 30), "2027-28 Q2 ends Thu 30 Sep 2027")
    for area in ("a", "b"):
        with pytest.raises(RuleNotComputable, match="no Board meeting is dated late enough"):
            due_from(schedule(area, rule), anchor, (rule, ("board", BOARD)))
    named = named_periods(schedule("b", rule), D(2027, 12, 31))
    assert named[-1][1] is None and any(due is not None for _, due in named)
