"""The Adaptive Card a Teams route receives, and the Workflows payload that carries it.

Version 1.5 (what Teams renders; ``style: heading`` and ``Action.OpenUrl`` styles are 1.5).
Every text is escaped so catalogue or user text cannot become Markdown (a title holding
``[click](https://...)`` stays literal). The card always stays under :data:`CARD_LIMIT`
bytes of serialized payload (Teams refuses posts over about 28 KB): it shows the most urgent
items that fit, then "and M more" (with a button to a page listing them when a URL is given),
and is never replaced by Apprise's default card.
"""

from __future__ import annotations

import json
import re
from typing import Any

CARD_VERSION = "1.5"
# Bytes of the serialized Workflows payload: under Teams' ~28 KB limit, with room to spare.
CARD_LIMIT = 27_000
# A single text is clipped to this many characters, so one item always fits.
TEXT_MAX = 400
ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Markdown an Adaptive Card TextBlock or fact would render: a link or image ("](" after the
# text), an autolink ("<https:"), emphasis (* and _ at a word's edge), code, strikethrough,
# the escape character itself, and a block marker at the start of the text. A bracket that
# opens no link ("[Due in 3 days]") stays as it is.
_CARD_SPECIAL = re.compile(
    r"\\|`|\*|~|\](?=\()|<(?=[A-Za-z][A-Za-z0-9+.-]*:)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+(?=[.)]))")


def card_text(value: Any) -> str:
    """``value`` on one line, clipped to :data:`TEXT_MAX`, with Markdown escaped."""
    text = _one_line(str(value))
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1].rstrip() + "\u2026"
    text = _CARD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    m = _LINE_START.match(text)
    if m and m.group(2)[0].isdigit():  # "1. x" -> "1\. x"
        return text[:m.end()] + "\\" + text[m.end():]
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def payload_size(card: dict[str, Any]) -> int:
    """Bytes of the Workflows payload that would carry ``card``."""
    return len(workflow_payload(card).encode("utf-8"))


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


def _text(text: Any, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": card_text(text), "wrap": True, **style}


def _buttons(buttons: Any) -> dict[str, Any]:
    return {"type": "ActionSet", "actions": [
        {"type": "Action.OpenUrl", "title": card_text(label), "url": url,
         **({"style": "positive"} if n == 0 else {})}
        for n, (label, url) in enumerate(buttons)]}


def _item(n: int, v: Any, p: Any, links: bool) -> dict[str, Any]:
    facts = [
        {"title": "Due", "value": card_text(p.due(v))},
        {"title": "Lateness", "value": card_text(p.lateness(v))},
    ]
    if not v.buttons and not links:
        facts.append({"title": "Record it", "value": card_text(v.submit_command)})
    items: list[dict[str, Any]] = [
        _text(f"{n}. [{p.label(v)}] {p.headline(v)}", weight="Bolder"),
        {"type": "FactSet", "facts": facts},
        _text(p.ask(v)),
        _text(f"Source: {v.source_name}", isSubtle=True, size="Small", spacing="None"),
    ]
    if v.buttons:
        items.append(_buttons(v.buttons))
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _card(head: list[dict[str, Any]], items: list[dict[str, Any]], more: int,
          more_url: str | None, p: Any, context: dict[str, Any]) -> dict[str, Any]:
    body = head + items
    if more:
        body.append(_text(f"and {more} more", weight="Bolder", separator=True))
        if more_url:
            body.append(_buttons([("See them all", more_url)]))
    body.append(_text(p.how_to_record(context), size="Small"))
    return {
        "$schema": ADAPTIVE_CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }


def adaptive_card(context: dict[str, Any], phrases: Any) -> dict[str, Any]:
    """The Adaptive Card for the same message as the email, most urgent first.

    Wording comes from the macros in ``_phrases.j2`` (``phrases``); items are dropped from
    the end (and counted in "and M more") until the payload is under :data:`CARD_LIMIT`.
    """
    p = phrases
    head = [_text(context["subject"], weight="Bolder", size="Medium", style="heading"),
            _text(p.intro(context))]
    items = [_item(n, v, p, context["links"])
             for n, v in enumerate(context["items"], start=1)]
    more = int(context["more"])
    card = _card(head, items, more, context["more_url"], p, context)
    while payload_size(card) > CARD_LIMIT and items:
        items.pop()
        more += 1
        card = _card(head, items, more, context["more_url"], p, context)
    return card
