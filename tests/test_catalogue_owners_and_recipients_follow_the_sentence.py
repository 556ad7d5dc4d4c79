"""Owners, recipients and escalations are the ones the quoted sentence supports; entries the
quote does not support say so (``local_addition``); a deadline taken from national text says
so (``deadline_source: national``); every duty left out is listed with its reason."""

from __future__ import annotations

import pytest

from config.loader import Catalogue, load_catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.mark.parametrize("qualified", [
    "nottinghamshire.lsp-safeguarding-targets", "nottinghamshire.lsp-safeguarding-progress",
    "medway.lsp-safeguarding-targets", "medway.lsp-safeguarding-progress",
])
def test_the_chief_executive_reports_targets_to_the_lsp(catalogue: Catalogue,
                                                        qualified: str) -> None:
    ob = catalogue.entry(qualified).obligation
    assert ob.owner == ["chief_executive"]
    assert ob.recipients == ["lsp_board"]


@pytest.mark.parametrize("qualified", [
    "nottinghamshire.trust-scrutiny-of-annual-report",
    "oxfordshire.ct-response-to-annual-report", "oxfordshire.ct-progress-on-recommendations",
    "oxfordshire.cypp-consultation", "oxfordshire.ct-consults-oscb-on-policies",
])
def test_the_trusts_duty_belongs_to_the_trusts_chair(catalogue: Catalogue,
                                                      qualified: str) -> None:
    entry = catalogue.entry(qualified)
    assert entry.obligation.owner == ["ct_chair"]
    assert "Chair of the" in entry.area.roles["ct_chair"].title
    assert "Trust" in entry.area.roles["ct_chair"].title


@pytest.mark.parametrize(("qualified", "recipients"), [
    ("newcastle.child-deaths-analysis", ["nscb"]),
    ("medway.annual-report", ["lsp_board", "nhs_medway_board", "kent_police_board"]),
    ("nottinghamshire.ce-leader-annual-assessment", ["ctb"]),
    ("oxfordshire.cdop-recommendations", ["oscb"]),
])
def test_recipients_are_the_ones_the_sentence_names(catalogue: Catalogue, qualified: str,
                                                    recipients: list[str]) -> None:
    assert catalogue.entry(qualified).obligation.recipients == recipients


def test_no_escalation_step_goes_only_to_owners(catalogue: Catalogue) -> None:
    for entry in catalogue.entries():
        for step in entry.policy.escalation:
            assert not set(step.to) <= set(entry.obligation.owner), (entry.id, step)


def test_the_newcastle_chair_escalates_upwards(catalogue: Catalogue) -> None:
    steps = catalogue.entry("newcastle.chair-attends-ctb").policy.escalation
    assert [(s.after_working_days, s.to) for s in steps] == [(5, ("ctb_chair",)),
                                                            (10, ("dcs",))]


@pytest.mark.parametrize("qualified", ["newcastle.scr-learning-to-ctb",
                                       "slough.scr-action-plan-oversight"])
def test_entries_the_quote_does_not_support_are_local_additions(catalogue: Catalogue,
                                                                qualified: str) -> None:
    reason = catalogue.entry(qualified).obligation.local_addition
    assert reason is not None and "local addition" in reason


def test_only_the_two_unsupported_entries_are_local_additions(catalogue: Catalogue) -> None:
    marked = sorted(e.id for e in catalogue.entries() if e.obligation.local_addition)
    assert marked == ["newcastle.scr-learning-to-ctb", "slough.scr-action-plan-oversight"]


def test_a_deadline_from_national_text_says_so(catalogue: Catalogue) -> None:
    ob = catalogue.entry("medway.partner-contributions-to-annual-report").obligation
    assert ob.deadline_source == "national"
    assert ob.deadline_note and "national" in ob.deadline_note
    others = [e.id for e in catalogue.entries() if e.obligation.deadline_source != "protocol"]
    assert others == ["medway.partner-contributions-to-annual-report"]


@pytest.mark.parametrize(("qualified", "owner"), [
    ("newcastle.ctb-chair-attends-nscb", "ctb_chair"),
    ("slough.cpb-publishes-commissioning-and-performance", "cpb_chair"),
    ("oxfordshire.ct-invites-oscb-chair", "ct_chair"),
    ("oxfordshire.ct-overview-of-oscb-activity", "ct_chair"),
    ("oxfordshire.ct-disseminates-oscb-advice", "ct_chair"),
    ("medway.ctb-consults-on-cypp", "lead_member"),
])
def test_the_six_questionable_omissions_are_encoded(catalogue: Catalogue, qualified: str,
                                                    owner: str) -> None:
    ob = catalogue.entry(qualified).obligation
    assert ob.owner == [owner]
    assert ob.local_default


def test_the_defensible_omissions_are_recorded_with_reasons(catalogue: Catalogue) -> None:
    recorded = {a: [o.duty for o in area.omissions] for a, area in catalogue.areas.items()}
    assert {a: len(v) for a, v in recorded.items()} == {
        "newcastle": 2, "nottinghamshire": 1, "slough": 1, "medway": 1, "oxfordshire": 0}
    for area in catalogue.areas.values():
        for om in area.omissions:
            assert om.reason.strip() and len(om.quote) >= 10
