"""One message per route per scan: the ledger rows claimed for a route, as people read them.

A route may serve several roles (one address line for the Chief Executive and the Leader).
Its rows then hold several (stage, role) pairs for one occurrence. The message names every
role in its greeting and shows each occurrence once:

* at its highest step: escalation over overdue over due over reminder (a later step of the
  same kind over an earlier one: ``escalate-20wd`` over ``escalate-10wd``, ``before-3wd``
  over ``before-10wd``);
* with the action links of the role with the most rights on it: an owner (submit, defer)
  over the role that notes receipt over anyone else (view).

Every row is still marked in the ledger; only what the message shows is merged. Pure: no
storage, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cycles.links.maker import receiver_roles
from cycles.scan import stage_name
from storage.rows import LedgerRow

KIND_RANK = {"reminder": 0, "due": 1, "overdue": 2, "escalation": 3}
_NUMBER = re.compile(r"-(\d+)(?:wd)?$")


def step_rank(row: LedgerRow) -> tuple[int, int]:
    """Higher is a later step of the ladder."""
    stage = stage_name(row.stage)
    m = _NUMBER.search(stage)
    n = int(m.group(1)) if m else 0
    # days *before* due count down to the due date: fewer is later
    return KIND_RANK.get(row.kind, -1), (-n if stage.startswith("before") else n)


def rights(entry: Any, tag: str) -> int:
    """What the role may do with the report: 2 owner, 1 notes receipt, 0 view only."""
    role = tag.partition(".")[2]
    if role in entry.obligation.owner:
        return 2
    return 1 if role in receiver_roles(entry) else 0


@dataclass(frozen=True)
class Shown:
    """One occurrence as the message shows it."""

    row: LedgerRow  # the row of its highest step (stage and kind the item shows)
    link_tag: str  # the role whose links the item carries
    owner: bool  # that role owns the report: the item asks it to submit


def one_per_occurrence(rows: Iterable[LedgerRow], entry_of: Callable[[LedgerRow], Any]
                       ) -> list[Shown]:
    """Each occurrence of ``rows`` once, in the order first met."""
    by_occurrence: dict[int, list[LedgerRow]] = {}
    for r in rows:
        by_occurrence.setdefault(r.occurrence_id, []).append(r)
    shown = []
    for group in by_occurrence.values():
        entry = entry_of(group[0])
        top = max(group, key=step_rank)
        tags = sorted({r.tag for r in group})
        best = max(tags, key=lambda t: (rights(entry, t), -tags.index(t)))
        shown.append(Shown(top, best, rights(entry, best) == 2))
    return shown


def tags_of(rows: Iterable[LedgerRow]) -> list[str]:
    """The route's roles in these rows, each once, sorted."""
    return sorted({r.tag for r in rows})


def greeting(tags: Iterable[str], title: Callable[[str], str]) -> str:
    """``Chief Executive and Leader of the Council``: every role named once."""
    titles: list[str] = []
    for t in tags:
        name = title(t)
        if name not in titles:
            titles.append(name)
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def entries_by_occurrence(states: Mapping[int, Any], entries: Mapping[str, Any]
                          ) -> Callable[[LedgerRow], Any]:
    return lambda r: entries[states[r.occurrence_id].obligation]
