"""Building the URLs a message carries: ``<base URL>/a/<token>``.

:func:`action_links` is what the runner or a message needs for one item; with no base URL it
returns ``None`` and messages keep saying how to record with the command line.
:class:`LinkMaker` holds the base URL, key and lifetime for a whole scan, and picks the
actions a recipient may take from the role the message goes to:

* an owner of the report: view, submit, defer;
* the role that notes receipt (``received_by`` in the catalogue, else each recipient): view,
  receive;
* anyone else (an escalation step): view.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cycles.links.tokens import Claims, sign

DEFAULT_TTL = dt.timedelta(days=120)  # well past the longest escalation ladder (20 wd)
ITEM_ACTIONS = ("view", "submit", "defer", "receive")


class BaseUrlError(ValueError):
    """A base URL that cannot be used: one line."""


def normalise_base_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("https://", "http://")) or len(url.split("/")) < 3 or " " in url:
        raise BaseUrlError(f"base URL {url!r}: give the public address people open, "
                           "e.g. https://cycles.example.gov.uk")
    return url


def base_url_from_env(explicit: str | None = None) -> str | None:
    url = explicit or os.environ.get("CYCLES_BASE_URL")
    return normalise_base_url(url) if url else None


def link_ttl() -> dt.timedelta:
    days = os.environ.get("CYCLES_LINK_DAYS")
    if not days:
        return DEFAULT_TTL
    try:
        value = int(days)
    except ValueError:
        raise BaseUrlError(f"CYCLES_LINK_DAYS: {days!r} is not a number of days") from None
    if not 1 <= value <= 3660:
        raise BaseUrlError(f"CYCLES_LINK_DAYS: {value} is outside 1..3660")
    return dt.timedelta(days=value)


def receiver_roles(entry: Any) -> tuple[str, ...]:
    """The roles that note a report's receipt: ``received_by`` if set, else its recipients."""
    chosen = getattr(entry.obligation, "received_by", None)
    return (chosen,) if chosen else tuple(entry.obligation.recipients)


def actions_for(entry: Any, tag: str) -> tuple[str, ...]:
    role = tag.partition(".")[2]
    actions = ["view"]
    if role in entry.obligation.owner:
        actions += ["submit", "defer"]
    if role in receiver_roles(entry):
        actions.append("receive")
    return tuple(actions)


@dataclass(frozen=True)
class LinkMaker:
    base_url: str
    key: bytes
    ttl: dt.timedelta = DEFAULT_TTL

    def url(self, action: str, occurrence_id: int, tag: str, now: dt.datetime,
            ref: int = 0, expires: int | None = None) -> str:
        """A signed link; ``expires`` (Unix seconds) keeps another link's expiry."""
        expires = expires if expires is not None else int((now + self.ttl).timestamp())
        token = sign(Claims(action, occurrence_id, tag, expires, ref), self.key)
        return f"{self.base_url}/a/{token}"

    def links(self, occurrence_id: int, tag: str, now: dt.datetime,
              actions: Sequence[str] = ITEM_ACTIONS) -> dict[str, str]:
        return {a: self.url(a, occurrence_id, tag, now) for a in actions}

    def for_entry(self, entry: Any, occurrence_id: int, tag: str, now: dt.datetime
                  ) -> dict[str, str]:
        """The links one recipient gets for one item (what its role may do)."""
        return self.links(occurrence_id, tag, now, actions_for(entry, tag))

    def board(self, tag: str, now: dt.datetime) -> str:
        """The area's board page (open reports of the tag's area), for that recipient."""
        return self.url("board", 0, tag, now)

    __call__ = for_entry


def _maker(base_url: str | None, key: bytes | None, ttl: dt.timedelta | None
           ) -> LinkMaker | None:
    url = base_url_from_env(base_url)
    if url is None:
        return None
    if key is None:
        from cycles.links.keys import load_key

        key = load_key()
    return LinkMaker(url, key, ttl or link_ttl())


def action_links(base_url: str | None, occurrence_id: int, tag: str, now: dt.datetime,
                 key: bytes | None = None, ttl: dt.timedelta | None = None
                 ) -> dict[str, str] | None:
    """``{"view", "submit", "defer", "receive"}`` URLs for one item; None without a base URL
    (explicit, else ``CYCLES_BASE_URL``)."""
    maker = _maker(base_url, key, ttl)
    return maker.links(occurrence_id, tag, now) if maker else None


def board_link(base_url: str | None, tag: str, now: dt.datetime, key: bytes | None = None,
               ttl: dt.timedelta | None = None) -> str | None:
    maker = _maker(base_url, key, ttl)
    return maker.board(tag, now) if maker else None


def links_from_env(base_url: str | None = None) -> LinkMaker | None:
    """The maker a scan uses: None when no base URL is configured (messages carry no links)."""
    return _maker(base_url, None, None)
