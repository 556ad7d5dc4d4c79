"""Secrets never leak: a log filter and a scrubber that mask every known secret.

Each notifier registers what it must never show (each substituted ``${VAR}`` value, each
password, token, workflow id and signature of a loaded URL, and the full URLs);
Apprise's and urllib3's log records pass :data:`SCRUBBER`, and errors go through
:func:`one_line`, which masks the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

MASK = "****"
# Secrets shorter than this are not scrubbed from free text (it would mangle it).
MIN_SECRET = 3
# Loggers whose records may carry a URL with secrets in it.
_SCRUBBED_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.poolmanager",
                     "urllib3.util.retry", "requests")
_ERROR_MAX = 300


class _Scrubber(logging.Filter):
    """Replaces every registered secret in log records (and any text) by ``****``."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def add(self, values: Iterable[str]) -> None:
        new: set[str] = set()
        for v in values:
            if not isinstance(v, str) or len(v) < MIN_SECRET:
                continue
            new.add(v)
            new.add(quote(v, safe=""))
            new.add(quote(v))
        with self._lock:
            merged = set(self._secrets) | new
            self._secrets = tuple(sorted(merged, key=len, reverse=True))

    def scrub(self, text: str) -> str:
        for s in self._secrets:
            if s in text:
                text = text.replace(s, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        clean = self.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = self.scrub(text), None
        elif record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        return True


SCRUBBER = _Scrubber()
for _name in _SCRUBBED_LOGGERS:
    logging.getLogger(_name).addFilter(SCRUBBER)


def scrub(text: str) -> str:
    """``text`` with every secret known to any notifier masked."""
    return SCRUBBER.scrub(text)


def service_secrets(service: Any) -> list[str]:
    """The private parts of a loaded service: password, tokens, ids, signatures... and its
    full URL when that differs from the privacy form (i.e. when it holds a secret)."""
    found: list[str] = []
    from cycles.notify.service_urls import full_url, privacy_form

    full = full_url(service)
    if full != privacy_form(service):
        found.append(full)
    password = getattr(service, "password", None)
    if isinstance(password, str):
        found.append(password)
    specs = {**getattr(service, "template_tokens", {}), **getattr(service, "template_args", {})}
    for key, spec in specs.items():
        if not isinstance(spec, dict) or not spec.get("private"):
            continue
        for attr in {key, spec.get("map_to") or key}:
            value = getattr(service, attr, None)
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, (list, tuple, set)):
                found.extend(v for v in value if isinstance(v, str))
    return found


def one_line(text: str, limit: int = _ERROR_MAX) -> str:
    line = " ".join(scrub(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
