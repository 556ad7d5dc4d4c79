"""The yearly compliance figures equal a count done by hand.

A small catalogue (one area, four obligations) is written to tmp_path; eight 2026-27
occurrences are recorded through :mod:`cycles.app.records` at fixed instants, so nothing depends
on today's date. England's bank holidays used below: Good Friday 3 Apr 2026, Easter Monday
6 Apr 2026, May Day Mon 4 May 2026, Christmas Fri 25 Dec 2026, Boxing Day (observed)
Mon 28 Dec 2026, New Year's Day Fri 1 Jan 2027.

Due dates (original, as the catalogue computes them), and what happened:

=========================  ===============  ==========================================
occurrence                 due              record -> outcome as of Mon 11 Jan 2027
=========================  ===============  ==========================================
quarterly-return 2025-26 Q4  Thu 23 Apr 2026  submitted Wed 22 Apr -> on time        (Q1)
half-year-return 2025-26 H2  Thu 30 Apr 2026  submitted Tue 5 May -> late, 2 wd      (Q1)
annual-plan 2025-26          Tue 30 Jun 2026  submitted Tue 30 Jun -> on time        (Q1)
quarterly-return 2026-27 Q1  Tue 21 Jul 2026  deferred on 14 Jul to Fri 7 Aug,
                                              submitted Wed 5 Aug -> on time (deferred) (Q2)
annual-report 2025-26        Fri 31 Jul 2026  submitted 00:30 BST Sat 1 Aug -> late, 1 wd (Q2)
quarterly-return 2026-27 Q2  Wed 21 Oct 2026  waived on 1 Oct -> waived             (Q3)
half-year-return 2026-27 H1  Fri 30 Oct 2026  deferred on 5 Nov (too late to count),
                                              never submitted -> missed, 48 wd      (Q3)
quarterly-return 2026-27 Q3  Fri 22 Jan 2027  nothing yet -> open                   (Q4)
=========================  ===============  ==========================================
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from config.loader import Catalogue, load_catalogue
from cycles.app import records
from cycles.compliance import Compliance, Outcome, compliance, parse_year
from storage.db import open_database
from storage.reporting import year_rows

UTC = dt.UTC

CATALOGUE_YAML = """\
area: tamside
name: Tamside
board: Tamside Safeguarding Children Board
partnership: Tamside Children's Trust Board
source_file: tamside-protocol.txt
tracking_from: 2026-04-01

roles:
  chair: {title: Independent Chair of the Board}
  manager: {title: Board Business Manager}
  dcs: {title: Director of Children's Services}
  trust: {title: Tamside Children's Trust Board}

obligations:
  - id: quarterly-return
    title: Quarterly performance return
    owner: [manager]
    recipients: [trust]
    cadence: quarterly
    due: {working_days_after: 15}
    source: {file: tamside-protocol.txt, quote: The Business Manager sends the quarterly return.}

  - id: half-year-return
    title: Half-year report to the Chief Executive and Leader
    owner: [dcs]
    recipients: [trust]
    cadence: six-monthly
    due: {last_working_day: true, months_after: 1}
    source: {file: tamside-protocol.txt, quote: The DCS reports six monthly to the CE and Leader.}

  - id: annual-report
    title: Annual report on the effectiveness of safeguarding
    owner: [chair, manager]
    recipients: [trust, dcs]
    cadence: annual
    due: {day_of_month: 31, month: July}
    source: {file: tamside-protocol.txt, quote: The Chair publishes an annual report each year.}

  - id: annual-plan
    title: Business plan for the year ahead
    owner: [chair]
    recipients: [trust]
    cadence: annual
    due: {day_of_month: 30, month: June}
    source: {file: tamside-protocol.txt, quote: The Board agrees its business plan each year.}
"""

QR = "tamside.quarterly-return"
HY = "tamside.half-year-return"
AR = "tamside.annual-report"
AP = "tamside.annual-plan"
AS_OF = dt.date(2027, 1, 11)  # Monday


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def write_catalogue(folder: Path) -> Catalogue:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tamside.yaml"
    path.write_text(CATALOGUE_YAML, encoding="utf-8")
    return load_catalogue([path])


def seed(url: str, catalogue: Catalogue) -> Any:
    """Record the year in the table above; returns the engine."""
    engine = open_database(url)
    cat = catalogue

    # Q4 2025-26 return: due Thu 23 Apr 2026 (15 working days after 31 Mar, skipping Good
    # Friday 3 Apr and Easter Monday 6 Apr); submitted the day before -> on time.
    records.submit(engine, cat, QR, "2025-26 Q4", "Business Manager",
                   at(2026, 4, 22, 14, 0), at(2026, 4, 22, 14, 5),
                   evidence="https://example.org/qr-2025-26-q4.pdf")
    # H2 2025-26 half-year report: due Thu 30 Apr 2026 (last working day of April).
    # Submitted Tue 5 May. Working days after Thu 30 Apr up to and including Tue 5 May:
    # Fri 1 May (1), [Sat 2, Sun 3 weekend], [Mon 4 May: May Day bank holiday], Tue 5 May (2)
    # -> 2 working days late (5 calendar days).
    records.submit(engine, cat, HY, "2025-26 H2", "DCS", at(2026, 5, 5, 9, 0),
                   at(2026, 5, 5, 9, 0))
    # Business plan 2025-26: due Tue 30 Jun 2026; submitted that afternoon -> on time.
    records.submit(engine, cat, AP, "2025-26", "Chair", at(2026, 6, 30, 15, 0),
                   at(2026, 6, 30, 15, 0))
    # Q1 2026-27 return: due Tue 21 Jul 2026. Deferred on Tue 14 Jul (before the due date,
    # so it moves the deadline) to Fri 7 Aug; submitted Wed 5 Aug -> on time (deferred).
    records.defer(engine, cat, QR, "2026-27 Q1", dt.date(2026, 8, 7),
                  "Data from the new case system delayed", "Chair of the Trust Board",
                  at(2026, 7, 14, 9, 0))
    records.submit(engine, cat, QR, "2026-27 Q1", "Business Manager", at(2026, 8, 5, 10, 0),
                   at(2026, 8, 5, 10, 0))
    # Annual report 2025-26: due Fri 31 Jul 2026. Submitted 23:30 UTC on 31 Jul, which is
    # 00:30 BST on Sat 1 Aug in London: late. Arriving on a Saturday counts from the next
    # working day, Mon 3 Aug: working days after Fri 31 Jul up to Mon 3 Aug = 1 -> 1 late.
    records.submit(engine, cat, AR, "2025-26", "Chair", at(2026, 7, 31, 23, 30),
                   at(2026, 7, 31, 23, 31))
    # Q2 2026-27 return (due Wed 21 Oct 2026): waived on Thu 1 Oct.
    records.waive(engine, cat, QR, "2026-27 Q2", "Folded into the joint inspection return",
                  "Chief Executive", at(2026, 10, 1, 9, 0))
    # H1 2026-27 half-year report: due Fri 30 Oct 2026. A deferral to 30 Nov was recorded on
    # Thu 5 Nov, after the due date had passed: it does not move the deadline. Never
    # submitted -> missed. Working days after Fri 30 Oct 2026 up to Mon 11 Jan 2027:
    #   Nov: 2-6, 9-13, 16-20, 23-27, 30            = 21
    #   Dec: 1-4, 7-11, 14-18, 21-24 (Fri 25 Christmas), (Mon 28 Boxing Day observed),
    #        29-31                                  = 4 + 5 + 5 + 4 + 3 = 21   (42)
    #   Jan: (Fri 1 New Year's Day), 4-8, 11        = 6                        (48)
    records.defer(engine, cat, HY, "2026-27 H1", dt.date(2026, 11, 30),
                  "Awaiting the inspection outcome", "Lead Member", at(2026, 11, 5, 10, 0))
    # Q3 2026-27 return: due Fri 22 Jan 2027 (15 working days after 31 Dec, skipping
    # New Year's Day): stored, nothing recorded -> open at 11 Jan.
    now = at(2027, 1, 4, 8, 0)
    with engine.begin() as conn:
        records.ensure_occurrence(conn, cat.entry(QR), "2026-27 Q3", dt.date(2027, 1, 4), now)
    return engine


@pytest.fixture
def year(tmp_path: Path) -> tuple[Catalogue, Any]:
    cat = write_catalogue(tmp_path / "catalogue")
    return cat, seed(f"sqlite:///{tmp_path}/t.sqlite", cat)


def report(cat: Catalogue, engine: Any, as_of: dt.date = AS_OF) -> Compliance:
    start, end = parse_year("2026-27")
    return compliance(cat, year_rows(engine, start, end, "tamside"), as_of, year="2026-27",
                      area="tamside")


def by_key(c: Compliance) -> dict[str, Any]:
    return {i.key: i for i in c.items}


def test_each_occurrence_is_classified_by_hand(year: tuple[Catalogue, Any]) -> None:
    c = report(*year)
    items = by_key(c)
    assert {k: (i.original_due, i.due_in_force, i.outcome, i.deferred,
                i.working_days_late, i.working_days_overdue) for k, i in items.items()} == {
        f"{QR}@2025-26 Q4": (dt.date(2026, 4, 23), dt.date(2026, 4, 23), Outcome.on_time,
                             False, None, None),
        f"{HY}@2025-26 H2": (dt.date(2026, 4, 30), dt.date(2026, 4, 30), Outcome.late,
                             False, 2, None),
        f"{AP}@2025-26": (dt.date(2026, 6, 30), dt.date(2026, 6, 30), Outcome.on_time,
                          False, None, None),
        f"{QR}@2026-27 Q1": (dt.date(2026, 7, 21), dt.date(2026, 8, 7), Outcome.on_time,
                             True, None, None),
        f"{AR}@2025-26": (dt.date(2026, 7, 31), dt.date(2026, 7, 31), Outcome.late,
                          False, 1, None),
        f"{QR}@2026-27 Q2": (dt.date(2026, 10, 21), dt.date(2026, 10, 21), Outcome.waived,
                             False, None, None),
        f"{HY}@2026-27 H1": (dt.date(2026, 10, 30), dt.date(2026, 10, 30), Outcome.missed,
                             False, None, 48),
        f"{QR}@2026-27 Q3": (dt.date(2027, 1, 22), dt.date(2027, 1, 22), Outcome.open,
                             False, None, None),
    }
    assert items[f"{AR}@2025-26"].submitted_on == dt.date(2026, 8, 1)  # London, not UTC
    assert items[f"{QR}@2025-26 Q4"].evidence == "https://example.org/qr-2025-26-q4.pdf"
    assert items[f"{QR}@2026-27 Q1"].label == "on time (deferred)"
    assert items[f"{HY}@2025-26 H2"].label == "late (2 working days)"
    assert c.unrecorded == []  # every occurrence the catalogue owes by 11 Jan is stored


def test_counts_and_on_time_rates(year: tuple[Catalogue, Any]) -> None:
    c = report(*year)
    t = c.overall
    assert (t.on_time, t.late, t.missed, t.open, t.waived, t.deferred) == (3, 2, 1, 1, 1, 1)
    assert t.assessed == 6 and t.total == 8
    assert t.rate == pytest.approx(3 / 6)  # open and waived are left out

    quarters = {g.key: g.tally for g in c.by_quarter}
    # Q1 Apr-Jun: QR Q4 on time, HY H2 late, AP on time -> 2 of 3
    assert (quarters["Q1"].on_time, quarters["Q1"].late, quarters["Q1"].rate) == (
        2, 1, pytest.approx(2 / 3))
    # Q2 Jul-Sep: QR Q1 on time (deferred; by its original due date in July), AR late
    assert (quarters["Q2"].on_time, quarters["Q2"].late, quarters["Q2"].deferred) == (1, 1, 1)
    assert quarters["Q2"].rate == pytest.approx(1 / 2)
    # Q3 Oct-Dec: QR Q2 waived (left out), HY H1 missed -> 0 of 1
    assert (quarters["Q3"].waived, quarters["Q3"].missed, quarters["Q3"].rate) == (1, 1, 0.0)
    # Q4 Jan-Mar: only QR Q3, not yet due -> no rate
    assert (quarters["Q4"].open, quarters["Q4"].rate) == (1, None)

    obligations = {g.key: g.tally for g in c.by_obligation}
    assert list(obligations) == [QR, HY, AR, AP]  # catalogue order
    assert obligations[QR].rate == 1.0  # 2 of 2 (waived and open left out)
    assert (obligations[QR].on_time, obligations[QR].waived, obligations[QR].open) == (2, 1, 1)
    assert obligations[HY].rate == 0.0 and (obligations[HY].late, obligations[HY].missed) == (
        1, 1)
    assert obligations[AR].rate == 0.0 and obligations[AR].late == 1
    assert obligations[AP].rate == 1.0

    roles = {g.key: g.tally for g in c.by_role}
    # manager owns QR (2 on time) and AR (late, shared with the chair) -> 2 of 3
    assert roles["tamside.manager"].rate == pytest.approx(2 / 3)
    # chair owns AR (late) and AP (on time) -> 1 of 2
    assert roles["tamside.chair"].rate == pytest.approx(1 / 2)
    # dcs owns HY: late and missed -> 0 of 2
    assert roles["tamside.dcs"].rate == 0.0 and roles["tamside.dcs"].assessed == 2
    assert {g.key: g.label for g in c.by_role}["tamside.dcs"] == "Director of Children's Services"

    boards = {g.key: g.tally for g in c.by_board}
    assert list(boards) == ["tamside"] and boards["tamside"] == t


def test_working_days_late_median_and_worst(year: tuple[Catalogue, Any]) -> None:
    c = report(*year)
    assert c.overall.late_days == (1, 2)  # AR 1 (weekend arrival), HY H2 2 (May Day)
    assert c.overall.median_late == 1.5
    assert c.overall.worst_late == 2
    assert [i.key for i in c.late] == [f"{HY}@2025-26 H2", f"{AR}@2025-26"]


def test_missed_and_open_lists(year: tuple[Catalogue, Any]) -> None:
    c = report(*year)
    assert [(i.key, i.due_in_force, i.working_days_overdue) for i in c.missed] == [
        (f"{HY}@2026-27 H1", dt.date(2026, 10, 30), 48)]
    assert [(i.key, i.due_in_force) for i in c.open] == [
        (f"{QR}@2026-27 Q3", dt.date(2027, 1, 22))]


def test_waivers_and_deferrals_with_reasons_and_approvers(year: tuple[Catalogue, Any]) -> None:
    c = report(*year)
    assert [(n.key, n.reason, n.approver, n.decided_on, n.previous_due) for n in c.waivers] == [
        (f"{QR}@2026-27 Q2", "Folded into the joint inspection return", "Chief Executive",
         dt.date(2026, 10, 1), dt.date(2026, 10, 21))]
    assert [(n.key, n.reason, n.approver, n.previous_due, n.new_due, n.counted)
            for n in c.deferrals] == [
        (f"{QR}@2026-27 Q1", "Data from the new case system delayed",
         "Chair of the Trust Board", dt.date(2026, 7, 21), dt.date(2026, 8, 7), True),
        (f"{HY}@2026-27 H1", "Awaiting the inspection outcome", "Lead Member",
         dt.date(2026, 10, 30), dt.date(2026, 11, 30), False),
    ]
    assert "did not move" in c.deferrals[1].note


def test_an_earlier_as_of_date_ignores_later_records(year: tuple[Catalogue, Any]) -> None:
    # Sat 31 Oct 2026: H1 was due the day before (missed, 0 working days overdue so far);
    # the late deferral (5 Nov) is not known yet; Q3 is open.
    c = report(*year, as_of=dt.date(2026, 10, 31))
    items = by_key(c)
    assert items[f"{HY}@2026-27 H1"].outcome is Outcome.missed
    assert items[f"{HY}@2026-27 H1"].working_days_overdue == 0
    assert [n.key for n in c.deferrals] == [f"{QR}@2026-27 Q1"]
    # Tue 14 Jul 2026: Q1 has just been deferred (open, due 7 Aug); the annual report is not
    # yet due; the Q2 waiver (1 Oct) is in the future, so Q2 counts as open.
    c = report(*year, as_of=dt.date(2026, 7, 14))
    items = by_key(c)
    assert (items[f"{QR}@2026-27 Q1"].outcome, items[f"{QR}@2026-27 Q1"].due_in_force) == (
        Outcome.open, dt.date(2026, 8, 7))
    assert items[f"{AR}@2025-26"].outcome is Outcome.open
    assert items[f"{QR}@2026-27 Q2"].outcome is Outcome.open
    assert (c.overall.on_time, c.overall.late, c.overall.rate) == (2, 1, pytest.approx(2 / 3))
