"""The shipped catalogue covers the duties the five protocols set out.

Each protocol (shared/seeds/000-004) is one area's file in config/catalogue/. These tests
pin the duties a reviewer would look for first: the recurring reports between each board
and its Trust, the CE and Leader's yearly assessment, the CYPP cycle, and the
event-triggered serious case review follow-up.
"""

from __future__ import annotations

import datetime as dt

import pytest

from config.loader import Catalogue, Entry, load_catalogue
from cycles.engine.occurrences import EventRecord

AREAS = {"newcastle", "nottinghamshire", "slough", "oxfordshire", "medway"}

# No protocol gives a calendar date for any duty, so every entry must say what was chosen.
ENTRIES_WITH_A_DATE_IN_THE_PROTOCOL: set[str] = set()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def entry(catalogue: Catalogue, qualified: str) -> Entry:
    return catalogue.entry(qualified)


def test_the_catalogue_loads_with_every_area(catalogue: Catalogue) -> None:
    assert set(catalogue.areas) == AREAS
    assert len(catalogue.entries()) >= 45


@pytest.mark.parametrize("area", sorted(AREAS))
def test_each_area_has_a_full_set_of_obligations(catalogue: Catalogue, area: str) -> None:
    a = catalogue.areas[area]
    assert a.tracking_from == dt.date(2026, 4, 1)
    assert 8 <= len(a.obligations) <= 20
    assert all(ob.year_start == "financial" for ob in a.obligations)


@pytest.mark.parametrize("area", sorted(AREAS))
def test_each_area_escalates_to_its_chair_then_the_dcs_then_the_ce_and_leader(
    catalogue: Catalogue, area: str
) -> None:
    steps = [(s.after_working_days, set(s.to)) for s in catalogue.areas[area].escalation]
    assert [days for days, _ in steps] == [5, 10, 20]
    assert steps[0][1] <= {"nscb_chair", "lscb_chair", "oscb_chair", "mscb_chair"}
    assert steps[1][1] == {"dcs"}
    assert steps[2][1] == {"chief_executive", "leader"}


@pytest.mark.parametrize(
    ("qualified", "recipients"),
    [
        ("medway.annual-report", {"lsp_board", "nhs_medway_board", "kent_police_board"}),
        ("slough.annual-report-to-cpb", {"cpb"}),
        ("slough.annual-report-to-scrutiny-panels", {"scrutiny_panels"}),
        ("oxfordshire.annual-report-to-ct", {"ct"}),
        ("newcastle.annual-report", {"ctb"}),
        ("nottinghamshire.annual-report", {"ctb"}),
    ],
)
def test_the_annual_board_report_goes_to_every_body_its_protocol_names(
    catalogue: Catalogue, qualified: str, recipients: set[str]
) -> None:
    ob = entry(catalogue, qualified).obligation
    assert ob.cadence == "annual"
    assert recipients <= set(ob.recipients)


def test_newcastle_reports_to_the_pmrg_six_monthly(catalogue: Catalogue) -> None:
    ob = entry(catalogue, "newcastle.pmrg-six-monthly-report").obligation
    assert ob.cadence == "six-monthly"
    assert ob.recipients == ["pmrg"]
    assert "bi-annually" in ob.source.quote
    assert ob.notes and "twice a year" in ob.notes


def test_newcastle_chair_attends_the_ctb_quarterly_before_dated_meetings(
    catalogue: Catalogue,
) -> None:
    e = entry(catalogue, "newcastle.chair-attends-ctb")
    ob = e.obligation
    assert ob.cadence == "quarterly"
    assert ob.owner == ["nscb_chair"]
    assert (ob.due.meeting, ob.due.working_days_before_meeting) == ("ctb", 10)
    dates = e.area.meetings["ctb"].dates
    for fy in (2026, 2027):
        in_year = [d for d in dates if dt.date(fy, 4, 1) <= d <= dt.date(fy + 1, 3, 31)]
        assert len(in_year) >= 4, f"one CTB meeting a quarter in {fy}-{fy + 1 - 2000}"
    assert all(e.area.calendar.is_working_day(d) for d in dates)


def test_newcastle_brings_its_annual_report_and_business_plan_to_the_ctb(
    catalogue: Catalogue,
) -> None:
    for qualified in ("newcastle.annual-report", "newcastle.business-plan"):
        ob = entry(catalogue, qualified).obligation
        assert ob.cadence == "annual"
        assert ob.recipients == ["ctb"]


def test_medway_chair_and_dcs_report_six_monthly_to_the_ce_and_leader(
    catalogue: Catalogue,
) -> None:
    ob = entry(catalogue, "medway.chair-dcs-six-monthly-report").obligation
    assert ob.cadence == "six-monthly"
    assert set(ob.owner) == {"mscb_chair", "dcs"}
    assert {"chief_executive", "leader"} <= set(ob.recipients)


def test_slough_agencies_report_performance_quarterly_to_the_lscb(catalogue: Catalogue) -> None:
    ob = entry(catalogue, "slough.agency-quarterly-performance").obligation
    assert ob.cadence == "quarterly"
    assert ob.owner == ["agency_leads"]
    assert ob.recipients == ["lscb"]


def test_oxfordshire_me_subgroup_reports_quarterly_and_runs_the_section_11_audit(
    catalogue: Catalogue,
) -> None:
    quarterly = entry(catalogue, "oxfordshire.me-quarterly-report").obligation
    assert quarterly.cadence == "quarterly"
    assert quarterly.recipients == ["oscb"]
    audit = entry(catalogue, "oxfordshire.section-11-audit").obligation
    assert audit.cadence == "annual"
    assert "section 11" in audit.source.quote


def test_slough_cypp_is_three_yearly_and_due_before_each_plan_starts(
    catalogue: Catalogue,
) -> None:
    e = entry(catalogue, "slough.cypp-publication")
    ob = e.obligation
    assert (ob.cadence, ob.every_years, ob.first_year) == ("every-n-years", 3, 2024)
    found = catalogue.occurrences(dt.date(2026, 4, 1), dt.date(2031, 3, 31), area="slough")
    plans = [(o.period.label, o.due) for en, o in found if en.id == e.id]
    assert [label for label, _ in plans] == ["2027-30", "2030-33"]
    assert plans[0][1] < dt.date(2027, 4, 1)
    assert plans[1][1] < dt.date(2030, 4, 1)


@pytest.mark.parametrize(
    "qualified",
    ["newcastle.cypp-consultation", "oxfordshire.cypp-consultation",
     "slough.cypp-lscb-consultation"],
)
def test_the_board_is_consulted_while_the_cypp_is_drawn_up(
    catalogue: Catalogue, qualified: str
) -> None:
    ob = entry(catalogue, qualified).obligation
    assert ob.due.counted_from == "period_start"
    assert ob.due.working_days_after is not None and ob.due.working_days_after < 0
    assert set(ob.recipients) & {"nscb", "oscb", "lscb"}


def test_medway_reviews_the_cypp_annually(catalogue: Catalogue) -> None:
    assert entry(catalogue, "medway.cypp-annual-review").obligation.cadence == "annual"


@pytest.mark.parametrize(
    "qualified",
    ["nottinghamshire.ce-leader-annual-assessment", "medway.ce-leader-annual-assessment"],
)
def test_the_ce_and_leader_assess_governance_every_year(
    catalogue: Catalogue, qualified: str
) -> None:
    ob = entry(catalogue, qualified).obligation
    assert ob.cadence == "annual"
    assert set(ob.owner) == {"chief_executive", "leader"}
    assert "Children's Trust annual report" in ob.source.quote


@pytest.mark.parametrize("area", ["nottinghamshire", "medway"])
def test_safeguarding_targets_and_progress_go_to_the_lsp(
    catalogue: Catalogue, area: str
) -> None:
    targets = entry(catalogue, f"{area}.lsp-safeguarding-targets").obligation
    progress = entry(catalogue, f"{area}.lsp-safeguarding-progress").obligation
    assert targets.cadence == "annual"
    assert progress.cadence == "six-monthly"
    assert "lsp_board" in targets.recipients and "lsp_board" in progress.recipients


def test_slough_publishes_a_business_plan_and_reviews_the_protocol_yearly(
    catalogue: Catalogue,
) -> None:
    assert entry(catalogue, "slough.business-plan").obligation.cadence == "annual"
    review = entry(catalogue, "slough.protocol-review").obligation
    assert review.cadence == "annual"
    assert "reviewed annually" in review.source.quote


def test_scr_action_plans_are_monitored_quarterly_until_closed(catalogue: Catalogue) -> None:
    e = entry(catalogue, "oxfordshire.scr-action-plan-progress")
    ob = e.obligation
    assert (ob.cadence, ob.trigger, ob.repeat, ob.until) == (
        "event", "scr_published", "quarterly", "scr_action_plan_closed")
    assert ob.due.working_days_after == 15
    published = EventRecord("oxfordshire.scr_published", dt.date(2026, 11, 3), "SCR A",
                            closed_on=dt.date(2027, 6, 30))
    found = catalogue.occurrences(dt.date(2026, 4, 1), dt.date(2028, 3, 31),
                                  area="oxfordshire", events=[published])
    labels = [o.period.label for en, o in found if en.id == e.id]
    assert labels == ["SCR A #1", "SCR A #2", "SCR A #3"]


def test_scr_learning_goes_to_the_trust_once(catalogue: Catalogue) -> None:
    ob = entry(catalogue, "oxfordshire.scr-learning-to-ct").obligation
    assert (ob.cadence, ob.trigger, ob.repeat) == ("event", "scr_published", "once")
    assert ob.recipients == ["ct"]


@pytest.mark.parametrize(
    ("qualified", "trigger", "board"),
    [
        ("slough.cpb-progress-on-improvement-areas", "improvement_areas_flagged", "lscb"),
        ("oxfordshire.ct-progress-on-recommendations", "improvement_areas_flagged", "oscb"),
        ("oxfordshire.ct-response-to-annual-report", "annual_report_received", "oscb"),
        ("newcastle.ctb-response-to-annual-report", "annual_report_received", "nscb"),
    ],
)
def test_the_trust_reports_back_on_what_the_board_flagged(
    catalogue: Catalogue, qualified: str, trigger: str, board: str
) -> None:
    ob = entry(catalogue, qualified).obligation
    assert (ob.cadence, ob.trigger) == ("event", trigger)
    assert ob.due.working_days_after is not None and ob.due.working_days_after > 0
    assert board in ob.recipients


@pytest.mark.parametrize("e", load_catalogue().entries(), ids=lambda e: e.id)
def test_every_entry_without_a_date_in_its_protocol_says_what_was_chosen(e: Entry) -> None:
    if e.id in ENTRIES_WITH_A_DATE_IN_THE_PROTOCOL:
        return
    assert e.obligation.local_default and e.obligation.local_default.strip()
