"""Route ids and kinds: how a loaded Apprise service is named in the ledger."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from apprise.plugins.email import NotifyEmail
from apprise.plugins.workflows import NotifyWorkflows

from cycles.notify.secrets import MASK, MIN_SECRET
from cycles.notify.service_urls import privacy_form


def route_id(url: str, names: Mapping[str, str] | None = None) -> str:
    """A stable id for a route: the hash of its URL with each ``${VAR}`` value put back as
    its name, so rotating a password or a webhook signature kept in the environment does not
    make the route look new (which would re-send what it already had)."""
    for value in sorted(names or {}, key=len, reverse=True):
        if len(value) < MIN_SECRET:
            continue
        for form in {value, quote(value, safe=""), quote(value)}:
            url = url.replace(form, (names or {})[value])
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def route_kind(service: Any) -> str:
    if isinstance(service, NotifyEmail):
        return "email"
    if isinstance(service, NotifyWorkflows):
        return "teams"
    return privacy_form(service).split("://", 1)[0]


# Apprise's privacy form keeps a secret's first and last character ("T...e") or its last four
# ("...aple"); a whole URL part (between delimiters) in either form becomes "****".
_PARTLY_MASKED = re.compile(r"(?<=[/:@=])[^/:@?&=#]?\.\.\.[^/:@?&=#]{0,4}(?=[/:@?&#]|$)")


def privacy_url(service: Any) -> str:
    """The service's URL with every secret fully masked (``****``): safe to store and log."""
    return _PARTLY_MASKED.sub(MASK, privacy_form(service))
