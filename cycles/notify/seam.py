"""The notifier seam: what the runner needs from any way of sending a message.

A *tag* names a recipient role in an area (``medway.dcs``). A tag has zero or more *routes*
(an email address, a Teams workflow, ...). The ledger keeps one row per (occurrence, stage,
route), so a route that fails is retried on its own while the others are marked sent.

Routes are identified by ``Route.id``, a hash of the full URL (secrets included, never
shown), and shown only by ``Route.privacy``: Apprise's privacy form with passwords and
tokens masked. Nothing outside an implementation ever sees a full URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol


@dataclass(frozen=True)
class Route:
    id: str  # stable hash of the full URL: safe to store
    privacy: str  # e.g. "mailto://127.0.0.1:2525/?to=d...@m...example" -- safe to log
    tag: str
    kind: str = "email"  # "email", "teams", or the Apprise service name


class Message:
    """One message: its subject and three bodies (plain text, HTML, an Adaptive Card for
    Teams). A route reads only the body it sends (an email its HTML, a Teams workflow its
    card), so :func:`~cycles.notify.message.render` hands over ``parts``: each body is
    rendered when first read, once. Given bodies are used as they are."""

    def __init__(self, subject: str, text: str | None = None, html: str | None = None,
                 card: dict[str, Any] | None = None, *,
                 parts: Callable[[str], Any] | None = None):
        if parts is None and (text is None or html is None):
            raise TypeError("Message needs its text and html, or the parts to render them")
        self.subject = subject
        self._parts = parts
        for name, given in (("text", text), ("html", html), ("card", card)):
            if given is not None:
                self.__dict__[name] = given
        if parts is None and card is None:
            self.__dict__["card"] = {}

    @cached_property
    def text(self) -> str:
        return str(self._render("text"))

    @cached_property
    def html(self) -> str:
        return str(self._render("html"))

    @cached_property
    def card(self) -> dict[str, Any]:
        return dict(self._render("card"))

    def _render(self, name: str) -> Any:
        assert self._parts is not None  # a body not given is rendered
        return self._parts(name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return ((self.subject, self.text, self.html, self.card)
                == (other.subject, other.text, other.html, other.card))

    __hash__ = None  # type: ignore[assignment]  # compared by content, like the dataclass was

    def __repr__(self) -> str:
        return f"Message(subject={self.subject!r})"


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
