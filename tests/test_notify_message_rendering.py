"""What a busy chair reads: subjects, digest order, escaping, and the lateness told truly."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from cycles.notify.message import render

TODAY = dt.date(2026, 10, 27)  # a Tuesday
CHAIR = "Independent Chair of the MSCB"


def test_single_reminder_subject_names_the_report_and_the_due_date(make_item: Callable[..., Any]
                                                                   ) -> None:
    m = render([make_item()], CHAIR, TODAY)
    assert m.subject == ("[Due in 3 days] Medway: MSCB chair and DCS six-monthly report to the "
                         "CE and Leader — 2026-27 H1, due Fri 30 Oct 2026")


@pytest.mark.parametrize(
    ("fields", "prefix"),
    [
        ({"days_to_due": 3, "kind": "reminder"}, "[Due in 3 days]"),
        ({"days_to_due": 1, "kind": "reminder"}, "[Due tomorrow]"),
        ({"days_to_due": 0, "kind": "due", "stage": "due"}, "[Due today]"),
        ({"days_to_due": -1, "kind": "overdue", "stage": "overdue-1", "working_days_late": 1},
         "[Overdue 1 day]"),
        ({"days_to_due": -12, "kind": "overdue", "stage": "overdue-2", "working_days_late": 8},
         "[Overdue 12 days]"),
        ({"days_to_due": -14, "kind": "escalation", "stage": "escalate-10wd",
          "working_days_late": 10}, "[Escalation: 10 working days late]"),
        ({"days_to_due": -1, "kind": "escalation", "stage": "escalate-1wd",
          "working_days_late": 1}, "[Escalation: 1 working day late]"),
    ],
)
def test_subject_prefix_for_each_kind(make_item: Callable[..., Any], fields: dict[str, Any],
                                      prefix: str) -> None:
    item = make_item(**fields, due=TODAY + dt.timedelta(days=fields["days_to_due"]))
    subject = render([item], CHAIR, TODAY).subject
    assert subject.startswith(prefix + " Medway: MSCB chair and DCS six-monthly report")
    assert subject.endswith(f"— 2026-27 H1, due {item.due:%a} {item.due.day} {item.due:%b %Y}")


def digest_items(make_item: Callable[..., Any]) -> list[Any]:
    return [
        make_item(obligation="medway.soon", title="Soon report", days_to_due=3),
        make_item(obligation="medway.later", title="Later report", days_to_due=9,
                  due=dt.date(2026, 11, 5)),
        make_item(obligation="medway.today", title="Today report", days_to_due=0, kind="due",
                  stage="due", due=TODAY),
        make_item(obligation="medway.late2", title="Two days late", days_to_due=-2,
                  kind="overdue", stage="overdue-1", working_days_late=2,
                  due=dt.date(2026, 10, 25)),
        make_item(obligation="medway.late30", title="Thirty days late", days_to_due=-30,
                  kind="overdue", stage="overdue-5", working_days_late=21,
                  due=dt.date(2026, 9, 27)),
        make_item(obligation="medway.esc", title="Escalated report", days_to_due=-15,
                  kind="escalation", stage="escalate-10wd", working_days_late=11,
                  due=dt.date(2026, 10, 12)),
    ]


def test_several_items_make_one_digest_most_urgent_first(make_item: Callable[..., Any]) -> None:
    m = render(digest_items(make_item), CHAIR, TODAY)
    assert m.subject == ("[Reporting cycles] 6 Medway reports need attention: "
                         "3 overdue (1 escalated), 1 due today, 2 due soon")
    order = ["Escalated report", "Thirty days late", "Two days late", "Today report",
             "Soon report", "Later report"]
    for body in (m.text, m.html, json.dumps(m.card)):
        positions = [body.index(title) for title in order]
        assert positions == sorted(positions), body
    # each item has its own lines, with its own command
    for ob in ("medway.soon", "medway.later", "medway.today", "medway.late2", "medway.late30",
               "medway.esc"):
        assert f"cycles submit {ob} --period" in m.text
    assert "1. [Escalation: 11 working days late]" in m.text
    assert "6. [Due in 9 days]" in m.text


def test_digest_across_areas_does_not_name_one_area(make_item: Callable[..., Any]) -> None:
    items = [make_item(), make_item(area="newcastle", area_name="Newcastle",
                                    obligation="newcastle.x", title="Newcastle report")]
    assert render(items, CHAIR, TODAY).subject == (
        "[Reporting cycles] 2 reports need attention: 2 due soon")


def test_catalogue_text_is_escaped_in_html_only(make_item: Callable[..., Any]) -> None:
    item = make_item(title="Report <script>alert(1)</script> & review",
                     local_default='The chair "reports" <b>now</b> & then',
                     owners=("Chair & <Deputy>",))
    m = render([item], CHAIR, TODAY)
    assert "<script>" not in m.html and "<b>now</b>" not in m.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; review" in m.html
    assert "&lt;b&gt;now&lt;/b&gt; &amp; then" in m.html
    assert "Chair &amp; &lt;Deputy&gt;" in m.html
    # plain text, subject and card carry the text as written
    assert "Report <script>alert(1)</script> & review" in m.subject
    assert 'The chair "reports" <b>now</b> & then' in " ".join(m.text.split())
    assert "Report <script>alert(1)</script> & review" in json.dumps(m.card)


def test_digest_html_escapes_text_inside_shared_phrases(make_item: Callable[..., Any]) -> None:
    items = [make_item(area_name="Kent & <Medway>"),
             make_item(area_name="Kent & <Medway>", obligation="medway.x", title="X")]
    m = render(items, "Chair <b>", TODAY)
    assert "<Medway>" not in m.html and "Chair <b>" not in m.html
    assert "2 Kent &amp; &lt;Medway&gt; reports need attention" in m.html
    assert "Chair &lt;b&gt;," in m.html
    assert "2 Kent & <Medway> reports need attention" in m.text


def test_plain_text_is_complete_on_its_own(make_item: Callable[..., Any]) -> None:
    item = make_item()
    text = render([item], CHAIR, TODAY).text
    flat = " ".join(text.split())
    assert text.startswith(CHAIR + ",")
    assert item.quote not in flat  # the full quote is on the View page, not in the message
    assert "Source: Medway MSCB–Children's Trust arrangements, July 2009" in flat
    assert item.submit_command in text  # on one line, ready to copy
    assert 'deployment "record-submission"' in flat
    assert "Owner(s): Independent Chair of the MSCB; Director of Children's Services" in flat
    assert ("Goes to: Chief Executive, Medway Council; Leader of Medway Council; "
            "Portfolio Holders in Medway") in flat
    assert "Period: 2026-27 H1" in flat
    assert "Due: Fri 30 Oct 2026" in flat
    assert "Local default: The protocol says six monthly and gives no date." in flat


def test_lateness_is_the_true_lateness_after_downtime(make_item: Callable[..., Any]) -> None:
    # The stage that fired is the first overdue notice, but the scan ran 12 days late.
    item = make_item(days_to_due=-12, working_days_late=8, kind="overdue", stage="overdue-1",
                     due=dt.date(2026, 10, 15))
    m = render([item], CHAIR, TODAY)
    assert m.subject.startswith("[Overdue 12 days]")
    for body in (" ".join(m.text.split()), m.html, json.dumps(m.card)):
        assert "12 days late (8 working days)" in body
        assert "1 day late" not in body


def test_escalation_states_the_step_and_the_real_lateness(make_item: Callable[..., Any]) -> None:
    item = make_item(days_to_due=-13, working_days_late=9, kind="escalation",
                     stage="escalate-5wd", due=dt.date(2026, 10, 14))
    m = render([item], "Lead Member for Children's Services", TODAY)
    assert m.subject.startswith("[Escalation: 9 working days late] Medway:")
    flat = " ".join(m.text.split())
    assert "13 days late (9 working days)" in flat
    # what is asked of the escalation recipient, in words
    assert ("MSCB chair and DCS six-monthly report to the CE and Leader (2026-27 H1) has not "
            "been submitted; it is 9 working days late; please follow up with Independent "
            "Chair of the MSCB and Director of Children's Services.") in flat


def test_deferred_report_shows_the_original_due_date(make_item: Callable[..., Any]) -> None:
    item = make_item(due=dt.date(2026, 10, 30), original_due=dt.date(2026, 10, 16))
    m = render([item], CHAIR, TODAY)
    assert "Due: Fri 30 Oct 2026 (deferred from Fri 16 Oct 2026)" in " ".join(m.text.split())
    assert "deferred from Fri 16 Oct 2026" in m.html


def test_card_is_an_adaptive_card_with_the_subject_and_every_item(make_item: Callable[..., Any]
                                                                  ) -> None:
    m = render(digest_items(make_item), CHAIR, TODAY)
    assert m.card["type"] == "AdaptiveCard" and m.card["version"] == "1.5"
    assert m.card["body"][0]["text"] == m.subject
    containers = [b for b in m.card["body"] if b["type"] == "Container"]
    assert len(containers) == 6
    facts = {f["title"]: f["value"] for f in containers[0]["items"][1]["facts"]}
    assert facts["Lateness"] == "15 days late (11 working days)"
    assert facts["Record it"] == 'cycles submit medway.esc --period "2026-27 H1"'


def test_render_needs_an_item() -> None:
    with pytest.raises(ValueError):
        render([], CHAIR, TODAY)
