"""The board page for the business manager, reached by an area's secret board link
(:mod:`cycles.links.board`): the open reports with their action links, the compliance report
of any financial year (HTML with its year grid and charts, two CSV files) and the calendar
feed to subscribe to.

Routes (added by :func:`add_board_routes`):

* ``GET /a/{token}`` with a board token: the page (``all``: an index of every area's page);
* ``GET /a/{token}/report/{year}``: the compliance report, under the site's strict CSP (its
  stylesheet is served as ``/static/report.css``, so no inline style or script is allowed);
* ``GET /a/{token}/report/{year}/register.csv`` and ``.../figures.csv``;
* ``GET /calendar/{area}.ics?k={token}`` and ``GET /calendar/{area}/{role}.ics?k={token}``:
  the feed (:func:`cycles.calendar_feed.feed`), ``text/calendar; charset=utf-8``, with an
  ETag (an unchanged feed is byte-identical).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from typing import Any, Protocol

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from cycles.links.board import ALL_AREAS, BoardLinks, board_links
from cycles.links.maker import LinkMaker
from cycles.links.tokens import Claims, LinkError
from cycles.london import london_date
from cycles.scan import OccurrenceState, state_of
from cycles.vocabulary import StateWord, lateness
from cycles.web import actions as act


class Site(Protocol):
    """What the board needs of :class:`cycles.web.app.Site` (which imports this module)."""

    engine: Any
    catalogue: Any
    key: bytes
    links: LinkMaker
    clock: Callable[[], dt.datetime]
    entries: dict[str, Any]

    def page(self, template: str, status: int = 200, **context: Any) -> Response: ...

    def refuse(self, exc: LinkError) -> Response: ...

    def check(self, token: str, client: str) -> Claims | Response: ...

ACTION_WORDS = {"view": "View", "submit": "Record as submitted", "defer": "Ask for a deferral",
                "receive": "Mark as received"}
AHEAD_DAYS = 90  # the page lists open reports due up to this many days ahead
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
REPORT_NAV_CSS = """
nav.board-nav { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 6px 0 10px;
                border-bottom: 1px solid #777; margin-bottom: 10px; font-size: 10pt; }
nav.board-nav a { color: #0b5cad; font-weight: bold; }
@media print { nav.board-nav { display: none; } }
"""


def report_css() -> bytes:
    """The compliance report's own stylesheet (from its template), plus the board's nav."""
    from cycles.compliance.html import TEMPLATES_DIR

    text = (TEMPLATES_DIR / "report.html.j2").read_text(encoding="utf-8")
    found = _STYLE.search(text)
    return ((found.group(1) if found else "") + REPORT_NAV_CSS).encode("utf-8")


def _years(site: Site, area: str | None, today: dt.date) -> list[str]:
    """Financial years from the earliest tracking start to this one, newest first."""
    from cycles.compliance import parse_year, year_label

    areas = [site.catalogue.areas[area]] if area else list(site.catalogue.areas.values())
    first = min((a.tracking_from for a in areas), default=today)
    label, years = year_label(today), []
    while True:
        years.append(label)
        start, _ = parse_year(label)
        if start <= first or len(years) >= 20:
            return years
        label = year_label(start - dt.timedelta(days=1))


def _links(site: Site, claims: Claims, area: str) -> BoardLinks:
    return board_links(site.links.base_url, site.key, area, site.clock(),
                       expires=claims.expires)


def page(site: Site, claims: Claims, token: str) -> Response:
    now = site.clock()
    today = london_date(now)
    if claims.area == ALL_AREAS:
        return index(site, claims, today)
    area = site.catalogue.areas.get(claims.area)
    if area is None:
        return site.refuse(LinkError("unknown area", None))
    board = BoardLinks(site.links.base_url, claims.area, token)
    rows, later = [], 0
    horizon = today + dt.timedelta(days=AHEAD_DAYS)
    for occ in act.board(site.engine, claims.area):
        entry = site.entries.get(occ["obligation_id"])
        if entry is None:
            continue
        if occ["due"] > horizon:
            later += 1
            continue
        rows.append(_row(site, claims, entry, occ, today, now))
    roles = [(area.role_title(r), board.calendar(r)) for r in sorted(area.roles)]
    return site.page("board.html.j2", title=f"Open reports: {area.name}", area=area,
                     rows=rows, later=later, horizon=horizon,
                     role_title=area.role_title(claims.role), board=board,
                     years=_years(site, claims.area, today), roles=roles, today=today)


def _row(site: Site, claims: Claims, entry: Any, occ: dict[str, Any], today: dt.date,
         now: dt.datetime) -> dict[str, Any]:
    s = OccurrenceState(occ["id"], occ["key"], occ["obligation_id"], occ["period"],
                        occ["period_start"], occ["period_end"], occ["due"], occ["original_due"],
                        occ["status"])
    state = state_of(entry, s, today).value
    late = (entry.area.calendar.working_days_between(occ["due"], today)
            if state == StateWord.overdue else 0)
    css = {"overdue": "late", "due today": "late", "due soon": "soon"}.get(state, "")
    actions = [(ACTION_WORDS[a], site.links.url(a, occ["id"], claims.tag, now,
                                                expires=claims.expires))
               for a in ACTION_WORDS]
    return {"occ": occ, "entry": entry, "state": state, "state_class": css,
            "deferred": occ["due"] != occ["original_due"],
            "late": lateness(late) if late > 0 else "",
            "owner": ", ".join(entry.role_titles(entry.obligation.owner)),
            "actions": actions}


def index(site: Site, claims: Claims, today: dt.date) -> Response:
    board = _links(site, claims, ALL_AREAS)
    areas = [(a.name, _links(site, claims, name).page)
             for name, a in sorted(site.catalogue.areas.items())]
    return site.page("board-index.html.j2", title="Reporting cycles: all areas", areas=areas,
                     board=board, years=_years(site, None, today),
                     role_title="the business managers")


def _claims(site: Site, token: str, request: Request) -> Claims | Response:
    checked = site.check(token, request.client.host if request.client else "unknown")
    if isinstance(checked, Response):
        return checked
    if checked.action != "board":
        return site.refuse(LinkError("not a board link", checked.area))
    return checked


def _compliance(site: Site, claims: Claims, year: str) -> Any:
    from cycles.app.compliance import build_report
    from cycles.app.errors import InputError

    scope = None if claims.area == ALL_AREAS else claims.area
    try:
        return build_report(site.engine, site.catalogue, year=year, area=scope,
                            as_of_date=london_date(site.clock()))
    except InputError as exc:
        return site.page("refused.html.j2", 404, title="No such year",
                         reason=f"{year}: {exc.message}",
                         contact=act.business_manager(site.catalogue, claims.area))


def report_page(site: Site, claims: Claims, token: str, year: str) -> Response:
    from cycles.compliance.html import to_html

    c = _compliance(site, claims, year)
    if isinstance(c, Response):
        return c
    from markupsafe import escape

    page_url = escape(f"/a/{token}")
    files = escape(f"/a/{token}/report/{c.year}")
    nav = (f'<nav class="board-nav"><a href="{page_url}">Back to the board page</a>'
           f'<a href="{files}/register.csv" download>Download the register '
           f'(CSV)</a><a href="{files}/figures.csv" download>Download the '
           f'figures (CSV)</a></nav>')
    html = _STYLE.sub('<meta name="referrer" content="no-referrer">\n'
                      '<link rel="stylesheet" href="/static/report.css">', to_html(c), count=1)
    html = html.replace("<body>", "<body>\n" + nav, 1)
    return Response(html, media_type="text/html; charset=utf-8")


def report_csv(site: Site, claims: Claims, year: str, kind: str) -> Response:
    from cycles.compliance.csv_export import to_csv, to_summary_csv
    from cycles.compliance.files import report_file_names

    c = _compliance(site, claims, year)
    if isinstance(c, Response):
        return c
    name = report_file_names(c)["csv" if kind == "register" else "summary_csv"]
    body = to_csv(c) if kind == "register" else to_summary_csv(c)
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


def calendar(site: Site, request: Request, area: str, role: str | None) -> Response:
    from cycles.calendar_feed import CONTENT_TYPE, feed
    from cycles.compliance import parse_year, year_label

    token = request.query_params.get("k", "")
    claims = _claims(site, token, request)
    if isinstance(claims, Response):
        return claims
    if claims.area != area:
        return site.refuse(LinkError("another area's link", claims.area))
    scope = None if area == ALL_AREAS else area
    known = (site.catalogue.areas[scope].roles if scope
             else {r for a in site.catalogue.areas.values() for r in a.roles})
    if role is not None and role not in known:
        return PlainTextResponse(f"No role {role!r} in this area.", status_code=404)
    today = london_date(site.clock())
    start, _ = parse_year(year_label(today - dt.timedelta(days=365)))
    _, end = parse_year(year_label(today + dt.timedelta(days=730)))
    body = feed(site.catalogue, site.engine, start, end, area=scope, role=role)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"etag": etag})
    name = f"{area}-{role}.ics" if role else f"{area}.ics"
    return Response(body, media_type=CONTENT_TYPE, headers={
        "etag": etag, "content-disposition": f'inline; filename="{name}"',
        "cache-control": "private, max-age=0, must-revalidate"})


def add_board_routes(app: Any, site: Site) -> None:
    css = report_css()

    @app.get("/static/report.css")
    def stylesheet() -> Response:
        return Response(css, media_type="text/css",
                        headers={"cache-control": "public, max-age=3600"})

    @app.get("/a/{token}/report/{year}")
    async def report(token: str, year: str, request: Request) -> Response:
        claims = _claims(site, token, request)
        if isinstance(claims, Response):
            return claims
        return await run_in_threadpool(report_page, site, claims, token, year)

    @app.get("/a/{token}/report/{year}/{kind}.csv")
    async def report_file(token: str, year: str, kind: str, request: Request) -> Response:
        claims = _claims(site, token, request)
        if isinstance(claims, Response):
            return claims
        if kind not in ("register", "figures"):
            return PlainTextResponse("No such file.", status_code=404)
        return await run_in_threadpool(report_csv, site, claims, year, kind)

    @app.get("/calendar/{area}.ics")
    async def area_feed(area: str, request: Request) -> Response:
        return await run_in_threadpool(calendar, site, request, area, None)

    @app.get("/calendar/{area}/{role}.ics")
    async def role_feed(area: str, role: str, request: Request) -> Response:
        return await run_in_threadpool(calendar, site, request, area, role)
