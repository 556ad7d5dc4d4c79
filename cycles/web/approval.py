"""The message that asks an approver to decide a deferral, and its delivery.

Sent through the notifier seam to every route of the approver's role tag. The link in it is
the only way to decide: the requester never sees it.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from config.loader import Entry
from cycles.notify.seam import Message, Notifier
from cycles.web.pages import fmt_day

log = logging.getLogger("cycles.web")


def approval_message(entry: Entry, occ: dict[str, Any], req: dict[str, Any],
                     approver_title: str, url: str) -> Message:
    title, period = entry.obligation.title, occ["period"]
    subject = f"Deferral asked for: {title} ({period})"
    lines = [
        f"Dear {approver_title},",
        "",
        f"{req.get('requested_by', 'The owner')} asks to move the due date of "
        f"{title} ({entry.area.name}, {period}) from {fmt_day(occ['due'])} to "
        f"{fmt_day(req.get('new_due'))}.",
        f"Reason given: {req.get('reason', '')}",
        "",
        f"Approve or decline: {url}",
        "",
        "If you approve, reminders move to the new date and the original due date "
        f"({fmt_day(occ['original_due'])}) is kept on the record.",
    ]
    text = "\n".join(lines) + "\n"
    e = html.escape
    body = (
        f"<p>Dear {e(approver_title)},</p>"
        f"<p>{e(str(req.get('requested_by', 'The owner')))} asks to move the due date of "
        f"<strong>{e(title)}</strong> ({e(entry.area.name)}, {e(period)}) from "
        f"{e(fmt_day(occ['due']))} to <strong>{e(fmt_day(req.get('new_due')))}</strong>.</p>"
        f"<p>Reason given: {e(str(req.get('reason', '')))}</p>"
        f"<p><a href=\"{e(url)}\">Approve or decline</a></p>"
        f"<p>If you approve, reminders move to the new date and the original due date "
        f"({e(fmt_day(occ['original_due']))}) is kept on the record.</p>"
    )
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": "1.5",
        "body": [{"type": "TextBlock", "wrap": True, "weight": "Bolder",
                  "text": _plain(subject)},
                 {"type": "TextBlock", "wrap": True, "text": _plain(lines[2])},
                 {"type": "TextBlock", "wrap": True, "text": _plain(lines[3])}],
        "actions": [{"type": "Action.OpenUrl", "title": "Approve or decline", "url": url}],
    }
    return Message(subject=subject, text=text, html=f"<html><body>{body}</body></html>",
                   card=card)


def _plain(text: str) -> str:
    """Card text is Markdown: escape what would turn catalogue text into markup."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_{}[]()#+-.!<>|~" else ch)
    return "".join(out)


def send(notifier: Notifier | None, tag: str, message: Message) -> bool:
    """True when at least one route of ``tag`` took the message."""
    if notifier is None:
        return False
    delivered = False
    for route in notifier.routes(tag):
        result = notifier.send(message, route)
        if result.ok:
            delivered = True
        else:
            log.warning("could not send a deferral request to %s (%s): %s", route.privacy, tag,
                        result.error)
    return delivered
