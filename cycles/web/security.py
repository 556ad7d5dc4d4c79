"""What keeps links safe on the wire: response headers, a rate limit for bad tokens, and
access-log scrubbing (a token is a credential: it never reaches a log).
"""

from __future__ import annotations

import copy
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]

_TOKEN_IN_PATH = re.compile(r"/a/[^/?#\s\"']+")


def scrub(text: str) -> str:
    """``GET /a/<token>`` -> ``GET /a/[token]``."""
    return _TOKEN_IN_PATH.sub("/a/[token]", text)


class ScrubTokens(logging.Filter):
    """Removes tokens from a log record's message and arguments (uvicorn's access log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's logging config with :class:`ScrubTokens` on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["scrub_tokens"] = {"()": "cycles.web.security.ScrubTokens"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("scrub_tokens")
    return config


class SecurityHeaders:
    """ASGI middleware: the same strict headers on every response."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in HEADERS if k not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BadTokenLimiter:
    """A token bucket per client address, spent only by bad tokens: ``burst`` at once, then
    one every ``60 / per_minute`` seconds. An address with an empty bucket gets 429 for any
    link until it refills."""

    def __init__(self, burst: int = 20, per_minute: float = 10.0,
                 clock: Callable[[], float] = time.monotonic, max_addresses: int = 50_000):
        self.burst = float(burst)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.max_addresses = max_addresses
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _level(self, address: str, now: float) -> float:
        level, at = self._buckets.get(address, (self.burst, now))
        return min(self.burst, level + (now - at) * self.rate)

    def allowed(self, address: str) -> bool:
        with self._lock:
            return self._level(address, self.clock()) >= 1.0

    def spend(self, address: str) -> None:
        with self._lock:
            now = self.clock()
            if len(self._buckets) >= self.max_addresses:
                self._buckets = {a: v for a, v in self._buckets.items()
                                 if self._level(a, now) < self.burst}
            self._buckets[address] = (max(self._level(address, now) - 1.0, 0.0), now)
