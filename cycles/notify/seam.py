"""The notifier seam: what the runner needs from any way of sending a message.

A *tag* names a recipient role in an area (``medway.dcs``). A tag has zero or more *routes*
(an email address, a Teams workflow, ...). The ledger keeps one row per (occurrence, stage,
route), so a route that fails is retried on its own while the others are marked sent.

Routes are identified by ``Route.id``, a hash of the full URL (secrets included, never
shown), and shown only by ``Route.privacy``: Apprise's privacy form with passwords and
tokens masked. Nothing outside an implementation ever sees a full URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Route:
    id: str  # stable hash of the full URL: safe to store
    privacy: str  # e.g. "mailto://127.0.0.1:2525/?to=d...@m...example" -- safe to log
    tag: str
    kind: str = "email"  # "email", "teams", or the Apprise service name


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    card: dict[str, Any] = field(default_factory=dict)  # Adaptive Card for Teams


@dataclass(frozen=True)
class SendResult:
    ok: bool
    error: str | None = None  # secret-free, one line


@dataclass(frozen=True)
class RateLimit:
    """At most ``per_minute`` messages a minute through one relay (shared by its routes)."""

    relay: str  # the relay's host, e.g. "smtp.office365.com": safe to show
    per_minute: int


class NotifyConfigError(ValueError):
    """A malformed or missing notification config: one line, no secrets."""


class Notifier(Protocol):
    def routes(self, tag: str) -> list[Route]:
        """Every route for a recipient tag (empty when none is configured)."""
        ...

    def send(self, message: Message, route: Route) -> SendResult:
        """Deliver one message on one route; never raises for a delivery failure."""
        ...


class RateLimited(Protocol):
    """A notifier whose routes may share a relay's rate limit (optional for a notifier)."""

    def rate_limit(self, route_id: str) -> RateLimit | None:
        """The rate limit of the relay this route sends through, if any."""
        ...
