"""A notifier that sends nothing: it records what it was asked to send.

For tests and ``--dry-run``. Routes come from a dict ``tag -> [route id, ...]``; a tag not in
the dict gets one route of its own (``fake:<tag>``) unless ``default_route=False``.
Failures are scripted: ``fail_routes`` always fail, and the first ``fail_first`` sends fail
whatever their route.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cycles.notify.seam import Message, Route, SendResult


@dataclass(frozen=True)
class Sent:
    message: Message
    route: Route
    ok: bool


class FakeNotifier:
    def __init__(
        self,
        routes: Mapping[str, Iterable[str]] | None = None,
        *,
        default_route: bool = True,
        fail_routes: Iterable[str] = (),
        fail_first: int = 0,
        error: str = "scripted failure",
    ):
        self._routes = {tag: list(ids) for tag, ids in (routes or {}).items()}
        self.default_route = default_route
        self.fail_routes = set(fail_routes)
        self.fail_first = fail_first
        self.error = error
        self.attempts: list[Sent] = []  # every send, failed ones included
        self._lock = threading.Lock()

    def routes(self, tag: str) -> list[Route]:
        if tag in self._routes:
            ids = self._routes[tag]
        elif self.default_route:
            ids = [f"fake:{tag}"]
        else:
            ids = []
        return [Route(id=rid, privacy=f"fake://{rid}", tag=tag, kind="fake") for rid in ids]

    def send(self, message: Message, route: Route) -> SendResult:
        with self._lock:
            fail = route.id in self.fail_routes or len(self.attempts) < self.fail_first
            self.attempts.append(Sent(message, route, not fail))
        return SendResult(False, f"{self.error} ({route.privacy})") if fail else SendResult(True)

    @property
    def sent(self) -> list[tuple[Message, Route]]:
        """Every (message, route) delivered successfully, in order."""
        return [(s.message, s.route) for s in self.attempts if s.ok]

    def messages_for(self, route_id: str) -> list[Message]:
        return [s.message for s in self.attempts if s.ok and s.route.id == route_id]

    def clear(self) -> None:
        with self._lock:
            self.attempts.clear()
