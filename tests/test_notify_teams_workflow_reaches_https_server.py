"""A Teams (Power Automate workflows://) route POSTs the message's Adaptive Card over HTTPS.

The server is a real TLS server on 127.0.0.1 with a certificate made at test time; the
route says ``verify=no`` as a self-signed certificate needs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.message import render
from cycles.notify.seam import Message

pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

TODAY = dt.date(2026, 10, 27)


def notifier_for(tmp_path: Path, url: str, tag: str = "medway.mscb_chair") -> AppriseNotifier:
    path = tmp_path / "apprise.yml"
    path.write_text(f'urls:\n  - "{url}":\n      tag: {tag}\n', encoding="utf-8")
    return AppriseNotifier(path)


def test_card_with_subject_and_every_item_arrives(
        tmp_path: Path, https_sink: Any, make_item: Callable[..., Any]) -> None:
    notifier = notifier_for(tmp_path, https_sink.workflows_url("wf0042", "sigABC123"))
    [route] = notifier.routes("medway.mscb_chair")
    assert route.kind == "teams"
    items = [
        make_item(),
        make_item(obligation="medway.annual-report", title="MSCB annual report",
                  period="2025-26", due=dt.date(2026, 7, 31), days_to_due=-88,
                  working_days_late=62, kind="escalation", stage="escalate-20wd"),
    ]
    message = render(items, "Independent Chair of the MSCB", TODAY)

    result = notifier.send(message, route)

    assert result.ok, result.error
    [request] = https_sink.requests
    url = urlsplit(request.path)
    assert url.path == "/workflows/wf0042/triggers/manual/paths/invoke"
    assert parse_qs(url.query)["sig"] == ["sigABC123"]
    assert request.headers["Content-Type"] == "application/json"
    payload = request.json()
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card == message.card  # exactly the rendered card, not Apprise's generic one
    assert card["type"] == "AdaptiveCard"
    assert card["body"][0]["text"] == message.subject
    text = json.dumps(card, ensure_ascii=False)
    for expected in ("MSCB annual report", "MSCB chair and DCS six-monthly report",
                     "88 days late (62 working days)",
                     'cycles submit medway.annual-report --period \\"2025-26\\"'):
        assert expected in text


def test_catalogue_text_with_template_braces_stays_literal(
        tmp_path: Path, https_sink: Any, make_item: Callable[..., Any]) -> None:
    notifier = notifier_for(tmp_path, https_sink.workflows_url())
    message = render([make_item(title="Report {{app_title}} & {{ app_body }}")], "Chair", TODAY)
    assert notifier.send(message, notifier.routes("medway.mscb_chair")[0]).ok
    card = https_sink.requests[0].json()["attachments"][0]["content"]
    assert "Report {{app_title}} & {{ app_body }}" in card["body"][0]["text"]


def test_a_route_with_its_own_template_keeps_it(
        tmp_path: Path, https_sink: Any, make_item: Callable[..., Any]) -> None:
    template = tmp_path / "own.json"
    template.write_text(json.dumps({
        "type": "message",
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
                         "content": {"type": "AdaptiveCard", "version": "1.4", "body": [
                             {"type": "TextBlock", "text": "{{app_title}}"},
                             {"type": "TextBlock", "text": "{{app_body}}"}]}}],
    }), encoding="utf-8")
    notifier = notifier_for(tmp_path, https_sink.workflows_url() + f"&template={template}")
    message = render([make_item()], "Chair", TODAY)
    assert notifier.send(message, notifier.routes("medway.mscb_chair")[0]).ok
    body = https_sink.requests[0].json()["attachments"][0]["content"]["body"]
    assert body[0]["text"] == message.subject
    assert "cycles submit medway.chair-dcs-six-monthly-report" in body[1]["text"]


def test_a_card_too_big_for_teams_is_not_sent_and_never_replaced_by_apprises_card(
        tmp_path: Path, https_sink: Any) -> None:
    notifier = notifier_for(tmp_path, https_sink.workflows_url())
    message = Message(subject="Big one", text="plain", html="<p>Hello <b>there</b></p>",
                      card={"type": "AdaptiveCard", "body": [{"text": "x" * 40_000}]})
    result = notifier.send(message, notifier.routes("medway.mscb_chair")[0])
    assert not result.ok and result.error and "over the 27000-byte limit" in result.error
    assert https_sink.requests == []  # neither this card nor Apprise's default went out
