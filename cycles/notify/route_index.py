"""Routes by tag, indexed once: Apprise's ``find(tag)`` looks at every route on every call,
which over ~2,000 routes dominated a scan. :meth:`RouteIndex.build` reads each loaded
service's tags once and answers a tag in constant time, with Apprise's rules: a route
tagged ``always`` receives every tag; configuration order is kept; a route is listed once.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from typing import Any

from cycles.notify.routes import privacy_url, route_kind
from cycles.notify.seam import Route

ALWAYS_TAG = "always"


class RouteIndex(Mapping[str, list[Route]]):
    """``index[tag]``: every route for ``tag`` (empty when none); ``len``/iteration cover the
    tags some route names (``always`` routes answer any tag too)."""

    def __init__(self, positions: dict[str, list[int]], services: list[tuple[str, Any]]):
        self._positions = positions  # tag -> positions in ``services``, ascending
        self._services = services  # (route id, Apprise service), in configuration order
        self._always = positions.get(ALWAYS_TAG, [])
        self._cache: dict[str, list[Route]] = {}

    @classmethod
    def build(cls, notifier: Any) -> RouteIndex:
        """From an :class:`~cycles.notify.apprise_notifier.AppriseNotifier` (its loaded
        services, in configuration order)."""
        services = list(notifier.services())
        positions: dict[str, list[int]] = {}
        for n, (_, service) in enumerate(services):
            for tag in sorted({str(t) for t in service.tags}):
                positions.setdefault(tag, []).append(n)
        return cls(positions, services)

    def __getitem__(self, tag: str) -> list[Route]:
        found = self._cache.get(tag)
        if found is None:
            own = self._positions.get(tag, [])
            merged = heapq.merge(own, self._always) if self._always and tag != ALWAYS_TAG \
                else iter(own)
            seen: set[int] = set()
            found = []
            for n in merged:
                if n in seen:
                    continue
                seen.add(n)
                rid, service = self._services[n]
                found.append(Route(id=rid, privacy=privacy_url(service), tag=tag,
                                   kind=route_kind(service)))
            self._cache[tag] = found
        return list(found)

    def __contains__(self, tag: object) -> bool:
        return isinstance(tag, str) and (tag in self._positions or bool(self._always))

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)
