"""The Adaptive Card a Teams route receives, and the Workflows payload that carries it."""

from __future__ import annotations

import json
from typing import Any

ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def workflow_payload(card: dict[str, Any]) -> str:
    """The JSON a Teams Workflows webhook receives: a message with the card attached.

    Apprise substitutes ``{{token}}`` in templates; ``{{`` only occurs inside JSON strings,
    so escaping it there keeps catalogue text literal.
    """
    payload = {
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": None,
            "content": card,
        }],
    }
    return json.dumps(payload, ensure_ascii=False).replace("{{", "{\\u007b")


def adaptive_card(context: dict[str, Any], phrases: Any) -> dict[str, Any]:
    """The Adaptive Card (1.4, what Teams renders) for the same message.

    Wording comes from the macros in ``_phrases.j2``; Adaptive Card text is not HTML, so
    nothing is escaped here (JSON encoding happens when it is sent).
    """
    p = phrases
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": context["subject"], "weight": "Bolder", "size": "Medium",
         "wrap": True, "style": "heading"},
        {"type": "TextBlock", "text": _one_line(str(p.intro(context))), "wrap": True},
    ]
    for v in context["items"]:
        facts = [
            {"title": "Due", "value": _one_line(str(p.due(v)))},
            {"title": "Lateness", "value": _one_line(str(p.lateness(v)))},
            {"title": "Owner(s)", "value": "; ".join(v.owners)},
            {"title": "Goes to", "value": "; ".join(v.recipients)},
            {"title": "Record it", "value": v.submit_command},
        ]
        if v.kind == "escalation":
            facts.insert(2, {"title": "Escalation",
                             "value": _one_line(str(p.escalation(v)))})
        items: list[dict[str, Any]] = [
            {"type": "TextBlock", "wrap": True, "weight": "Bolder",
             "text": _one_line(f"[{p.label(v)}] {p.headline(v)}")},
            {"type": "FactSet", "facts": facts},
            {"type": "TextBlock", "wrap": True, "isSubtle": True,
             "text": f"\u201c{_one_line(v.quote)}\u201d ({v.source_file})"},
        ]
        if v.local_default:
            items.append({"type": "TextBlock", "wrap": True, "isSubtle": True,
                          "text": "Local default: " + _one_line(v.local_default)})
        body.append({"type": "Container", "separator": True, "spacing": "Medium",
                     "items": items})
    body.append({"type": "TextBlock", "wrap": True, "size": "Small",
                 "text": _one_line(str(p.how_to_record(context)))})
    return {
        "$schema": ADAPTIVE_CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "msteams": {"width": "Full"},
    }
