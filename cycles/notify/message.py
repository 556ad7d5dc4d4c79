"""What a notification says: items owed to one recipient, rendered into one message.

An :class:`Item` is one owed notification, already resolved for people (titles, not role
ids). :func:`render` turns the items owed to one recipient in one scan into a single
message a person reads in one screen: with one item the subject names it; with several it
is a digest that opens with a short table (report, period, due, state; one button per item
when links are given), then what is asked of the recipient for each, most urgent first.
Past :data:`DIGEST_LIMIT` items it lists the most urgent and says "and M more" (linking to
``more_url`` when given). The source is named as people name it (``sources.yaml``); the
full quote is on the View page, not in the message; an entry cited rather than quoted
(national guidance, by chapter) names its citation. How late is said in working days, by
:mod:`cycles.vocabulary`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from cycles.london import fmt_date
from cycles.notify.seam import Message
from cycles.notify.teams_card import adaptive_card
from cycles.vocabulary import lateness, working_days


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
    # Set when the source's sentence does not support the entry: why it is kept (a "local
    # addition"); shown on the message's detail and marked where the source is named.
    local_addition: str | None = None
    deadline_note: str | None = None  # the deadline comes from national text: which, where
    citation: str | None = None  # where the duty is, for a source cited rather than quoted
    # Signed links for this item, by action: "submit", "view", "defer", "receive" (a web
    # page's base URL is needed to make them). None: no links; the message says how to record.
    actions: Mapping[str, str] | None = field(default=None, hash=False)
    # Whom the item asks something of: "owner" (please submit), "escalation" (please follow
    # up with the owner) or "receiver" (expected at your meeting). None: from ``kind``.
    audience: str | None = None
    meeting: dt.date | None = None  # the receiving body's meeting it is expected at

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

# Past this many items a digest lists the most urgent and says "and M more".
DIGEST_LIMIT = 8
# Without a page to link to, the rest are named in one line, up to this many.
REST_LIMIT = 40

ACTION_LABELS = {"submit": "Record as submitted", "view": "View", "defer": "Ask for a deferral",
                 "receive": "Mark as received"}
# The one button an item gets in the digest's table, by audience (first available).
PRIMARY_ACTIONS = {"owner": ("submit", "view"), "escalation": ("view",),
                   "receiver": ("receive", "view")}
SOURCES_FILE = Path(__file__).resolve().parent / "sources.yaml"


@lru_cache(maxsize=1)
def _source_names() -> dict[str, str]:
    data = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def source_name(source_file: str) -> str:
    """How people name a protocol: ``Medway MSCB–Children's Trust arrangements, July 2009``
    (the file name itself for a source ``sources.yaml`` does not list)."""
    return _source_names().get(source_file, source_file)


fmt_day = fmt_date  # ``Fri 30 Oct 2026``: the one date form (cycles.london)


def urgency(item: Item) -> tuple[int, int, int, str, str, str]:
    """Sort key, most urgent first: the recipient's own overdue reports (what is asked of
    them), then escalations of other people's reports, then overdue, then due today, then
    upcoming (soonest first); most late first within each. So "and M more" never hides a
    report the recipient must submit behind other people's escalations."""
    own = (item.audience or ("escalation" if item.kind == "escalation" else "owner")) == "owner"
    late = item.days_to_due < 0 or item.kind == "escalation"
    if own and late:
        group = 0
    elif item.kind == "escalation":
        group = 1
    elif item.days_to_due < 0:
        group = 2
    elif item.days_to_due == 0:
        group = 3
    else:
        group = 4
    return (group, item.days_to_due, -item.working_days_late, item.area_name, item.title,
            item.period)


@dataclass(frozen=True)
class ItemView:
    """An :class:`Item` with what the templates print already worked out."""

    item: Item
    due_str: str
    original_due_str: str | None
    days_late: int  # calendar days after the due date (0: not past it); never printed
    escalation_step: int | None  # N of an ``escalate-Nwd`` stage
    audience: str  # "owner", "escalation" or "receiver"
    source_name: str
    meeting_str: str | None
    buttons: tuple[tuple[str, str], ...]  # (label, url), the primary action first

    def __getattr__(self, name: str) -> Any:  # the templates read Item fields directly
        if name == "item":
            raise AttributeError(name)
        return getattr(self.item, name)

    @classmethod
    def of(cls, item: Item) -> ItemView:
        m = _ESCALATION_STEP.match(item.stage)
        audience = item.audience or ("escalation" if item.kind == "escalation" else "owner")
        actions = dict(item.actions or {})
        first = next((a for a in PRIMARY_ACTIONS.get(audience, ("view",)) if actions.get(a)),
                     None)
        order = ([first] if first else []) + [a for a in ACTION_LABELS if a != first]
        if audience != "owner":  # only an owner records a submission or asks for a deferral
            order = [a for a in order if a not in ("submit", "defer")]
        return cls(
            item=item,
            due_str=fmt_day(item.due),
            original_due_str=fmt_day(item.original_due) if item.original_due else None,
            days_late=max(-item.days_to_due, 0),
            escalation_step=int(m.group(1)) if m else None,
            audience=audience,
            source_name=(source_name(item.source_file) if item.quote or not item.citation
                         else item.citation),
            meeting_str=fmt_day(item.meeting) if item.meeting else None,
            buttons=tuple((ACTION_LABELS[a], actions[a]) for a in order if actions.get(a)),
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
    env = jinja2.Environment(
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
    env.globals.update(lateness=lateness, working_days=working_days)
    return env


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render(items: list[Item], recipient_title: str, today: dt.date, *,
           more_url: str | None = None, limit: int = DIGEST_LIMIT) -> Message:
    """One message for one recipient: a single report, or a digest most urgent first.

    A digest shows the ``limit`` most urgent items and says how many more there are, with a
    link to ``more_url`` (a page listing them all) when given.
    """
    if not items:
        raise ValueError("render() needs at least one item")
    ordered = sorted(items, key=urgency)
    views = [ItemView.of(i) for i in ordered]
    areas = {i.area_name for i in ordered}
    shown = views[:max(limit, 1)]
    context: dict[str, Any] = {
        "items": shown,
        "more": len(views) - len(shown),
        "rest": views[len(shown):],
        "rest_limit": REST_LIMIT,
        "more_url": more_url,
        "links": any(v.buttons for v in shown),
        "owner_items": any(v.audience == "owner" for v in shown),
        # a digest whose items all come from one protocol names it once, under the list
        "one_source": (shown[0].source_name if len(shown) > 1
                       and len({v.source_name for v in shown}) == 1 else None),
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

    def part(name: str) -> Any:
        """A body, rendered when the route that sends it reads it (an email never needs
        the Teams card, nor a Teams card the HTML)."""
        if name == "card":
            return adaptive_card(context, env.get_template("_phrases.j2").module)
        return env.get_template(f"body.{'txt' if name == 'text' else name}.j2").render(context)

    return Message(subject=subject, parts=part)
