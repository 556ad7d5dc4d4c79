"""A relay's rate limit (messages a minute, ``rate_limits:`` in the Apprise config): which of a
scan's ready messages go now and which wait for the next scan.

Exchange Online, for one, takes 30 messages a minute per mailbox. Messages already sent in
the last minute count against the limit (read from the attempt rows, newest first, so the
cost does not grow with history); every route sending through the same relay shares it.
What is over the limit stays pending in the ledger and is said in the scan's summary.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from cycles.notify.seam import RateLimit
from storage import queries as q

log = logging.getLogger(__name__)

RATE_WINDOW = dt.timedelta(minutes=1)

Unit = tuple[str, list[int]]  # (route id, its ready ledger row ids): one message


@dataclass
class HeldBack:
    relay: str  # the relay's host
    per_minute: int
    messages: int  # messages (routes) left pending for the next scan


def held_back_line(h: HeldBack) -> str:
    return (f"{h.messages} message(s) held back by the rate limit of {h.per_minute} a minute "
            f"for {h.relay}; the next scan sends them")


def within_rate_limits(engine: Engine, limit_of: Callable[[str], RateLimit | None],
                       units: list[Unit], now: dt.datetime, held_before: list[HeldBack]
                       ) -> tuple[list[Unit], list[HeldBack]]:
    """The units the limits let through now (in the order given: oldest rows first), and
    what is held back by relay (added to ``held_before``, from earlier rounds)."""
    if not units:
        return units, held_before
    limits = {route_id: limit_of(route_id) for route_id, _ in units}
    if not any(limits.values()):
        return units, held_before
    used: dict[str, int] = {}
    for route_id, n in q.messages_sent_since(engine, now - RATE_WINDOW).items():
        limit = limits[route_id] if route_id in limits else limit_of(route_id)
        if limit is not None:
            used[limit.relay] = used.get(limit.relay, 0) + n
    kept: list[Unit] = []
    held: dict[str, HeldBack] = {h.relay: h for h in held_before}
    for route_id, ids in units:
        limit = limits[route_id]
        if limit is None or used.get(limit.relay, 0) < limit.per_minute:
            kept.append((route_id, ids))
            if limit is not None:
                used[limit.relay] = used.get(limit.relay, 0) + 1
            continue
        h = held.setdefault(limit.relay, HeldBack(limit.relay, limit.per_minute, 0))
        h.messages += 1
    if len(kept) < len(units):
        for h in held.values():
            log.warning("%s", held_back_line(h))
    return kept, list(held.values())
