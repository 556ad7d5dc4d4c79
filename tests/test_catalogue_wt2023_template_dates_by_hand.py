"""The Working Together 2023 template validates, and its dates are right by hand: the
serious-incident chain (incident -> notification -> rapid review), the practice review six
months from the decision and its copies, the yearly report rolling from the last one, and
the yearly and two-yearly local defaults. Bank holidays: Christmas 2026 Fri 25 and the
Boxing Day substitute Mon 28 Dec; New Year Fri 1 Jan 2027; May Day Mon 1 May 2028."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from config.init_area import TEMPLATES_DIR
from config.loader import Catalogue, load_catalogue
from cycles.engine.chains import EventRecord, SubmissionRecord

D = dt.date
A = "template-area"


@pytest.fixture(scope="module")
def template() -> Catalogue:
    return load_catalogue([TEMPLATES_DIR / "wt2023.yaml"])


def due(cat: Catalogue, events: Sequence[EventRecord] = (),
        submissions: Sequence[SubmissionRecord] = (),
        until: dt.date = dt.date(2029, 3, 31)) -> list[tuple[str, dt.date]]:
    pairs = cat.occurrences(D(2026, 4, 1), until, events=events, submissions=submissions)
    return [(o.key.removeprefix(f"{A}."), o.due) for _, o in pairs]


def test_the_template_names_the_three_lead_partners_and_the_scrutineer(
        template: Catalogue) -> None:
    roles = template.areas[A].roles
    for role in ("la_chief_executive", "chief_constable", "icb_chief_executive",
                 "delegated_la", "delegated_police", "delegated_icb", "independent_scrutineer",
                 "business_manager", "cdr_partners", "panel", "foundations"):
        assert role in roles
    for ob in template.areas[A].obligations:  # cited, never copied
        assert ob.source.quote == "" and ob.source.citation
        assert ob.source.citation.startswith("Working Together 2023, chapter ")
        assert ob.local_default or ob.deadline_source == "national", ob.id


def test_periodic_dates_without_any_record(template: Catalogue) -> None:
    assert due(template, until=D(2027, 12, 31)) == [
        ("independent-scrutiny-report@2025-26", D(2026, 6, 30)),  # Tue, last working day
        ("cdr-yearly-report@2025-26", D(2026, 9, 30)),            # Wed
        ("section-11-audit@2026-28", D(2027, 1, 29)),             # Sun 31 -> Fri 29 Jan
        ("arrangements-review@2026-27", D(2027, 3, 31)),          # Wed
        # rolling: none recorded before tracking began (Wed 1 Apr 2026) + 12 months
        ("yearly-report@since 2026-04-01", D(2027, 4, 1)),
        ("independent-scrutiny-report@2026-27", D(2027, 6, 30)),
        ("cdr-yearly-report@2026-27", D(2027, 9, 30)),
    ]


def test_the_serious_incident_chain(template: Catalogue) -> None:
    incident = EventRecord(f"{A}.serious_incident", D(2026, 12, 18), "SI-2026-07")
    # Fri 18 Dec + 5 working days: 21, 22, 23, 24 Dec, (25 and 28 skipped) Tue 29 Dec 2026.
    assert ("serious-incident-notification@SI-2026-07", D(2026, 12, 29)) in due(
        template, [incident])
    assert not [k for k, _ in due(template, [incident]) if k.startswith("rapid-review")]
    sent = SubmissionRecord(f"{A}.serious-incident-notification", "SI-2026-07", D(2026, 12, 22))
    # Notified Tue 22 Dec: 23, 24, 29, 30, 31 Dec (5), New Year skipped, 4-8 Jan (10),
    # 11-15 Jan (15) = Fri 15 Jan 2027.
    assert ("rapid-review@SI-2026-07", D(2027, 1, 15)) in due(template, [incident], [sent])


def test_the_practice_review_and_its_copies(template: Catalogue) -> None:
    decided = EventRecord(f"{A}.cspr_commissioned", D(2027, 10, 29), "CSPR-2027-02")
    # Fri 29 Oct 2027 + 6 months = Sat 29 Apr 2028; Sun 30; Mon 1 May is May Day: Tue 2 May.
    assert ("cspr-publication@CSPR-2027-02", D(2028, 5, 2)) in due(template, [decided])
    published = SubmissionRecord(f"{A}.cspr-publication", "CSPR-2027-02", D(2028, 5, 2))
    # published Tue 2 May 2028 + 7 days = Tue 9 May 2028
    assert ("cspr-copies@CSPR-2027-02", D(2028, 5, 9)) in due(template, [decided], [published])


def test_the_yearly_report_rolls_from_its_publication(template: Catalogue) -> None:
    published = SubmissionRecord(f"{A}.yearly-report", "since 2026-04-01", D(2026, 12, 18))
    found = due(template, [], [published])
    # copies: Fri 18 Dec + 7 days = Fri 25 Dec (Christmas); Mon 28 (substitute): Tue 29 Dec
    assert ("yearly-report-copies@since 2026-04-01", D(2026, 12, 29)) in found
    # the next report: 12 months from Fri 18 Dec 2026 = Sat 18 Dec 2027 -> Mon 20 Dec 2027
    assert ("yearly-report@since 2026-12-18", D(2027, 12, 20)) in found
    assert ("yearly-report@since 2026-04-01", D(2027, 4, 1)) in found  # kept: it was owed


def test_the_periods_people_can_name_include_chained_and_rolling_ones(
        template: Catalogue) -> None:
    """What ``submit``/``waive``/``defer`` look periods up in (storage calls this)."""
    incident = EventRecord(f"{A}.serious_incident", D(2026, 12, 18), "SI-2026-07")
    sent = SubmissionRecord(f"{A}.serious-incident-notification", "SI-2026-07", D(2026, 12, 22))
    review = template.entry(f"{A}.rapid-review")
    assert review.named_periods(D(2027, 12, 31), [incident]) == []
    [(period, found)] = review.named_periods(D(2027, 12, 31), [incident], [sent])
    assert (period.label, found and found.date) == ("SI-2026-07", D(2027, 1, 15))
    yearly = template.entry(f"{A}.yearly-report")
    published = SubmissionRecord(f"{A}.yearly-report", "since 2026-04-01", D(2026, 12, 18))
    labels = [(p.label, d and d.date) for p, d in yearly.named_periods(D(2029, 1, 1), [],
                                                                       [published])]
    assert labels == [("since 2026-04-01", D(2027, 4, 1)), ("since 2026-12-18", D(2027, 12, 20))]
    scrutiny = template.entry(f"{A}.independent-scrutiny-report")
    assert "2026-27" in [p.label for p, _ in scrutiny.named_periods(D(2027, 12, 31))]
