"""What a notification says: items owed to one recipient, rendered into one message.

An :class:`Item` is one owed notification, already resolved for people (titles, not role
ids). :func:`render` turns the items owed to one recipient in one scan into a single
message: with one item the subject names it; with several it is a digest, most urgent first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from cycles.notify.seam import Message
from cycles.notify.teams_card import adaptive_card


@dataclass(frozen=True)
class Item:
    area: str  # "medway"
    area_name: str  # "Medway"
    obligation: str  # "medway.chair-dcs-six-monthly-report"
    title: str
    period: str  # "2026-27 H1"
    due: dt.date
    original_due: dt.date | None  # set when a deferral moved the due date
    stage: str  # "before-3wd", "due", "overdue-2", "escalate-10wd"
    kind: str  # "reminder", "due", "overdue", "escalation"
    days_to_due: int  # calendar days from today to due; negative when late
    working_days_late: int  # 0 when not late
    owners: tuple[str, ...]  # role titles
    recipients: tuple[str, ...]  # role titles of the bodies the report goes to
    quote: str
    source_file: str
    local_default: str | None = None

    @property
    def submit_command(self) -> str:
        return f'cycles submit {self.obligation} --period "{self.period}"'


# -- rendering ------------------------------------------------------------------------------
#
# The wording lives in ``cycles/templates/``: ``_phrases.j2`` (labels and lateness, shared),
# ``subject.txt.j2``, ``body.txt.j2``, ``body.html.j2`` (autoescaped) and the card facts.
# This module only computes numbers, dates and order; ``teams_card.py`` assembles the card.

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

# The Prefect deployment that records a submission from the UI (see flows/).
SUBMISSION_DEPLOYMENT = "record-submission"

_ESCALATION_STEP = re.compile(r"^escalate-(\d+)wd$")


def fmt_day(d: dt.date) -> str:
    """``Fri 30 Oct 2026`` (``%a %-d %b %Y``, without relying on the platform's ``%-d``)."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def urgency(item: Item) -> tuple[int, int, int, str, str, str]:
    """Sort key, most urgent first: escalations, then overdue (most late first), then due
    today, then upcoming (soonest first)."""
    if item.kind == "escalation":
        group = 0
    elif item.days_to_due < 0:
        group = 1
    elif item.days_to_due == 0:
        group = 2
    else:
        group = 3
    return (group, item.days_to_due, -item.working_days_late, item.area_name, item.title,
            item.period)


@dataclass(frozen=True)
class ItemView:
    """An :class:`Item` with what the templates print already worked out."""

    item: Item
    due_str: str
    original_due_str: str | None
    days_late: int  # calendar days after the due date; 0 when not late
    escalation_step: int | None  # N of an ``escalate-Nwd`` stage

    def __getattr__(self, name: str) -> Any:  # the templates read Item fields directly
        if name == "item":
            raise AttributeError(name)
        return getattr(self.item, name)

    @classmethod
    def of(cls, item: Item) -> ItemView:
        m = _ESCALATION_STEP.match(item.stage)
        return cls(
            item=item,
            due_str=fmt_day(item.due),
            original_due_str=fmt_day(item.original_due) if item.original_due else None,
            days_late=max(-item.days_to_due, 0),
            escalation_step=int(m.group(1)) if m else None,
        )

    @property
    def submit_command(self) -> str:
        return self.item.submit_command


@dataclass(frozen=True)
class Counts:
    total: int
    overdue: int  # escalations included
    escalated: int
    due_today: int
    due_soon: int

    @classmethod
    def of(cls, items: list[Item]) -> Counts:
        return cls(
            total=len(items),
            overdue=sum(1 for i in items if i.days_to_due < 0 or i.kind == "escalation"),
            escalated=sum(1 for i in items if i.kind == "escalation"),
            due_today=sum(1 for i in items if i.days_to_due == 0 and i.kind != "escalation"),
            due_soon=sum(1 for i in items if i.days_to_due > 0 and i.kind != "escalation"),
        )


def _html_alias(name: str) -> tuple[str, str, Callable[[], bool]] | None:
    """``_phrases.html.j2`` is ``_phrases.j2`` compiled with autoescape.

    A macro's body is escaped according to the template it is *defined* in, so the HTML
    body imports the phrases under an ``.html.j2`` name to get catalogue text escaped.
    """
    if name != "_phrases.html.j2":
        return None
    path = TEMPLATES_DIR / "_phrases.j2"
    return path.read_text(encoding="utf-8"), str(path), lambda: True


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES_DIR),
                                    jinja2.FunctionLoader(_html_alias)]),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                            default_for_string=False, default=False),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render(items: list[Item], recipient_title: str, today: dt.date) -> Message:
    """One message for one recipient: a single report, or a digest most urgent first."""
    if not items:
        raise ValueError("render() needs at least one item")
    ordered = sorted(items, key=urgency)
    views = [ItemView.of(i) for i in ordered]
    areas = {i.area_name for i in ordered}
    context: dict[str, Any] = {
        "items": views,
        "digest": len(views) > 1,
        "counts": Counts.of(ordered),
        "area_name": next(iter(areas)) if len(areas) == 1 else None,
        "recipient_title": recipient_title,
        "today": today,
        "today_str": fmt_day(today),
        "submission_deployment": SUBMISSION_DEPLOYMENT,
    }
    context["c"] = context  # the macros in _phrases.j2 take the whole context
    env = _environment()
    subject = _one_line(env.get_template("subject.txt.j2").render(context))
    context["subject"] = subject
    text = env.get_template("body.txt.j2").render(context)
    html = env.get_template("body.html.j2").render(context)
    phrases = env.get_template("_phrases.j2").module
    return Message(subject=subject, text=text, html=html, card=adaptive_card(context, phrases))
