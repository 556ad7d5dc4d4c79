"""The board's secret links: one per area (or ``all``), for the business manager.

A board token is ``Claims(action="board", occurrence_id=0, tag="<area>.business_manager")``
signed with the link key: whoever holds the link sees the area's board page, its compliance
reports and CSV files, and its calendar feed. There are no accounts: rotating the key
(``cycles web --rotate-key``) revokes every board link with every other link.

* board page: ``<base>/a/<token>``
* the compliance report of a financial year: ``<base>/a/<token>/report/2026-27``
  (``.../register.csv``, ``.../figures.csv``)
* the calendar feed: ``<base>/calendar/<area>.ics?k=<token>``, per role
  ``<base>/calendar/<area>/<role>.ics?k=<token>`` (``webcal://`` for Outlook's "subscribe").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cycles.links.tokens import Claims, sign

BOARD_ROLE = "business_manager"
ALL_AREAS = "all"
BOARD_TTL = dt.timedelta(days=366)


def board_tag(area: str) -> str:
    return f"{area}.{BOARD_ROLE}"


@dataclass(frozen=True)
class BoardLinks:
    base_url: str
    area: str
    token: str

    @property
    def page(self) -> str:
        return f"{self.base_url}/a/{self.token}"

    def report(self, year: str) -> str:
        return f"{self.page}/report/{year}"

    def calendar(self, role: str | None = None) -> str:
        path = f"{self.area}/{role}" if role else self.area
        return f"{self.base_url}/calendar/{path}.ics?k={self.token}"

    def webcal(self, role: str | None = None) -> str:
        """The same feed as a ``webcal://`` address (Outlook and Apple Calendar subscribe)."""
        return "webcal://" + self.calendar(role).partition("://")[2]


def board_links(base_url: str, key: bytes, area: str, now: dt.datetime,
                ttl: dt.timedelta = BOARD_TTL, expires: int | None = None) -> BoardLinks:
    """The signed links of ``area``'s board (``all``: the index of every area)."""
    until = expires if expires is not None else int((now + ttl).timestamp())
    token = sign(Claims("board", 0, board_tag(area), until), key)
    return BoardLinks(base_url.rstrip("/"), area, token)
