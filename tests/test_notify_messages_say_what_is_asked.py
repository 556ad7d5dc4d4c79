"""Each recipient reads what is asked of them, with one button per item when links are given
(today's "how to record" text when not), the source named as people name it, and no more
than a handful of items before "and M more"."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from typing import Any

from cycles.notify.message import DIGEST_LIMIT, render

TODAY = dt.date(2026, 10, 27)
CE = "Chief Executive, Medway Council"


def links(n: int) -> dict[str, str]:
    return {a: f"https://cycles.example/a/{a}/tok{n}" for a in ("submit", "view", "defer")}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_owner_is_asked_to_submit(make_item: Callable[..., Any]) -> None:
    m = render([make_item()], "Director of Children's Services", TODAY)
    assert ("Please submit MSCB chair and DCS six-monthly report to the CE and Leader "
            "(2026-27 H1) by Fri 30 Oct 2026.") in flat(m.text)


def test_escalation_recipient_is_asked_to_follow_up_with_the_owner(
        make_item: Callable[..., Any]) -> None:
    item = make_item(kind="escalation", stage="escalate-20wd", days_to_due=-30,
                     working_days_late=20, due=dt.date(2026, 9, 27), actions=links(0))
    m = render([item], CE, TODAY)
    asked = ("MSCB chair and DCS six-monthly report to the CE and Leader (2026-27 H1) has not "
             "been submitted; it is 20 working days late; please follow up with Independent "
             "Chair of the MSCB and Director of Children's Services.")
    for body in (flat(m.text), flat(m.html.replace("&#39;", "'")), json.dumps(m.card)):
        assert asked in body
    # only an owner records a submission or asks for a deferral: the CE gets View
    assert "https://cycles.example/a/view/tok0" in m.html
    assert "/submit/" not in m.html + m.text + json.dumps(m.card)
    assert "/defer/" not in m.html + m.text + json.dumps(m.card)


def test_receiving_body_is_told_the_meeting(make_item: Callable[..., Any]) -> None:
    item = make_item(audience="receiver", meeting=dt.date(2026, 11, 12))
    m = render([item], "Children's Trust Board", TODAY)
    assert ("MSCB chair and DCS six-monthly report to the CE and Leader (2026-27 H1) is "
            "expected at your meeting of Thu 12 Nov 2026.") in flat(m.text)


def test_source_is_named_the_way_people_name_it_without_the_quote(
        make_item: Callable[..., Any]) -> None:
    item = make_item()
    m = render([item, make_item(obligation="medway.x", title="X")], CE, TODAY)
    for body in (m.text, m.html.replace("&#39;", "'"), json.dumps(m.card, ensure_ascii=False)):
        assert "Medway MSCB–Children's Trust arrangements, July 2009" in body
        assert "004_f958580faba94197.txt" not in body
        assert item.quote not in flat(body)


def test_links_become_buttons_and_replace_the_command(make_item: Callable[..., Any]) -> None:
    items = [make_item(obligation=f"medway.r{n}", title=f"Report {n}", actions=links(n))
             for n in range(3)]
    m = render(items, "Director of Children's Services", TODAY)
    for n in range(3):
        # the table's button is the primary action; view and defer follow in the details
        assert f'href="https://cycles.example/a/submit/tok{n}"' in m.html
        assert f'href="https://cycles.example/a/defer/tok{n}"' in m.html
        assert f"Record as submitted: https://cycles.example/a/submit/tok{n}" in m.text
    assert "cycles submit" not in m.html and "cycles submit" not in m.text
    actions = [a for b in m.card["body"] if b["type"] == "Container" for i in b["items"]
               if i["type"] == "ActionSet" for a in i["actions"]]
    assert [a["title"] for a in actions[:3]] == ["Record as submitted", "View",
                                                 "Ask for a deferral"]
    assert all(a["type"] == "Action.OpenUrl" and a["url"].startswith("https://cycles.example")
               for a in actions)


def test_without_links_the_message_says_how_to_record(make_item: Callable[..., Any]) -> None:
    m = render([make_item(), make_item(obligation="medway.x", title="X")], CE, TODAY)
    assert 'cycles submit medway.x --period "2026-27 H1"' in html.unescape(m.html)
    assert 'deployment "record-submission"' in flat(m.text)
    assert "<a " not in m.html


def test_past_a_handful_the_most_urgent_are_listed_and_the_rest_counted(
        make_item: Callable[..., Any]) -> None:
    items = [make_item(obligation=f"medway.r{n:02d}", title=f"Report {n:02d}",
                       days_to_due=n + 1, due=TODAY + dt.timedelta(days=n + 1))
             for n in range(DIGEST_LIMIT + 4)]
    more = "https://cycles.example/more/tok"
    m = render(items, CE, TODAY, more_url=more)
    assert m.subject.startswith(f"[Reporting cycles] {DIGEST_LIMIT + 4} Medway reports")
    listed = [f"Report {n:02d}" for n in range(DIGEST_LIMIT)]
    hidden = [f"Report {n:02d}" for n in range(DIGEST_LIMIT, DIGEST_LIMIT + 4)]
    card = json.dumps(m.card)
    for body in (m.html, m.text, card):
        assert all(t in body for t in listed)
        assert not any(t in body for t in hidden)
        assert more in body
    assert "And 4 more: <a" in m.html
    assert f"And 4 more: {more}" in m.text
    assert "and 4 more" in card
    # without a page to link to, the rest are named in one line
    m = render(items, CE, TODAY)
    assert all(f"{t} (2026-27 H1, due in" in m.text.replace("\n", " ") for t in hidden)
