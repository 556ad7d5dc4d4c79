"""A loaded Apprise service's two URL forms, each computed once.

``url()`` re-encodes every option of the service (~0.3 ms for an email route) and loading a
config asked for it five times a route: for its secrets, its id, its privacy form, its index
entry. A loaded service does not change, so each form is kept beside it (weakly: a service
that is dropped takes its entry with it).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

_FULL: WeakKeyDictionary[Any, str] = WeakKeyDictionary()
_PRIVACY: WeakKeyDictionary[Any, str] = WeakKeyDictionary()


def full_url(service: Any) -> str:
    """``service.url()``: the URL with its secrets (never stored or shown)."""
    found = _FULL.get(service)
    if found is None:
        found = _FULL[service] = str(service.url())
    return found


def privacy_form(service: Any) -> str:
    """``service.url(privacy=True)``: Apprise's masked form."""
    found = _PRIVACY.get(service)
    if found is None:
        found = _PRIVACY[service] = str(service.url(privacy=True))
    return found
