"""The web app a signed link opens: ``create_app(engine, catalogue, key, base_url, clock)``.

Routes:

* ``GET /a/{token}``: the page for the token's action (view, submit, defer, receive,
  approve-defer, board). A GET never writes: mail scanners fetch every link.
* ``POST /a/{token}``: the write, from the page's button, with a form token (``csrf``)
  bound to the link token.
* ``GET /static/site.css``, ``GET /healthz``, ``GET /``.
* the board's pages, reports and calendar feed: :mod:`cycles.web.board`.

A tampered link answers 403, an expired or revoked one 410, with a plain page naming the
area's business manager; bad tokens are rate-limited per client address (429).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from config.loader import Catalogue, Entry
from cycles.links.maker import LinkMaker, actions_for
from cycles.links.tokens import Claims, LinkError, csrf_ok, csrf_token, verify
from cycles.london import london_date
from cycles.notify.seam import Notifier
from cycles.web import actions as act
from cycles.web import pages
from cycles.web.security import BadTokenLimiter, SecurityHeaders

log = logging.getLogger("cycles.web")
MAX_FORM = 64 * 1024
TITLES = {"view": "Report", "submit": "Record as submitted", "defer": "Ask for a deferral",
          "receive": "Mark as received", "approve-defer": "Approve or decline a deferral",
          "board": "Open reports"}


class Site:
    """Everything a request needs; one per app."""

    def __init__(self, engine: Engine, catalogue: Catalogue, key: bytes, base_url: str,
                 clock: Callable[[], dt.datetime], notifier: Notifier | None,
                 limiter: BadTokenLimiter):
        self.engine = engine
        self.catalogue = catalogue
        self.key = key
        self.links = LinkMaker(base_url, key)
        self.clock = clock
        self.notifier = notifier
        self.limiter = limiter
        self.entries = {e.id: e for e in catalogue.entries()}

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(pages.render(template, **context), status_code=status)

    def refuse(self, exc: LinkError) -> HTMLResponse:
        contact = act.business_manager(self.catalogue, exc.area)
        return self.page("refused.html.j2", exc.status, title="Link not valid",
                         reason=exc.reason, contact=contact)

    def check(self, token: str, client: str) -> Claims | Response:
        if not self.limiter.allowed(client):
            return PlainTextResponse("Too many invalid links from this address: try later.",
                                     status_code=429)
        try:
            return verify(token, self.key, self.clock())
        except LinkError as exc:
            self.limiter.spend(client)
            log.info("refused a link from %s: %s", client, exc)
            return self.refuse(exc)

    # -- GET -------------------------------------------------------------------------------
    def show(self, claims: Claims, token: str) -> Response:
        now = self.clock()
        if claims.action == "board":
            return self.board(claims, token)
        found = self.load(claims)
        if isinstance(found, Response):
            return found
        entry, occ = found
        ctx = self.context(claims, token, entry, occ, now)
        if claims.action == "view":
            hist = act.history(self.engine, occ["id"])
            return self.page("view.html.j2", history=pages.history_lines(entry, hist), **ctx)
        if claims.action == "approve-defer":
            req = act.request(self.engine, claims.ref)
            if req is None or (req["occurrence_id"], req["approver_role"]) != (occ["id"],
                                                                              claims.tag):
                return self.refuse(LinkError("no such request", claims.area))
            return self.page("approve-defer.html.j2", req=req, errors={}, **ctx)
        already = act.already(self.engine, claims.action, occ)
        if already is not None:
            return self.page("done.html.j2", message=already, **ctx)
        return self.page(f"{claims.action}.html.j2", errors={}, form={}, **ctx)

    def load(self, claims: Claims) -> tuple[Entry, dict[str, Any]] | Response:
        occ = act.occurrence(self.engine, claims.occurrence_id)
        if occ is None or occ["area"] != claims.area:
            return self.refuse(LinkError("no such occurrence", claims.area))
        entry = self.entries.get(occ["obligation_id"])
        if entry is None:
            return self.page("refused.html.j2", 410, title="Report no longer tracked",
                             reason="This report is no longer in the catalogue.",
                             contact=act.business_manager(self.catalogue, claims.area))
        return entry, occ

    def context(self, claims: Claims, token: str, entry: Entry, occ: dict[str, Any],
                now: dt.datetime) -> dict[str, Any]:
        today = london_date(now)
        state, state_class = pages.state_words(entry, occ, today)
        allowed = [a for a in actions_for(entry, claims.tag)
                   if occ["status"] == "open" or a not in ("submit", "defer")]
        # links to the other pages this recipient may use, expiring with this one
        others = {a: self.links.url(a, occ["id"], claims.tag, now, expires=claims.expires)
                  for a in ("view", "submit", "defer", "receive")
                  if a != claims.action and (a in allowed or a == "view")}
        approver = act.deferral_approver(entry, occ["due"], today)
        return {"title": TITLES[claims.action], "entry": entry, "occ": occ, "state": state,
                "state_class": state_class, "today": today, "csrf": csrf_token(token, self.key),
                "role_title": entry.area.role_title(claims.role), "others": others,
                "approver_title": (entry.area.role_title(approver.partition(".")[2])
                                   if approver else None)}

    def board(self, claims: Claims, token: str) -> Response:
        from cycles.web.board import page

        return page(self, claims, token)

    # -- POST ------------------------------------------------------------------------------
    def act(self, claims: Claims, token: str, form: dict[str, str]) -> Response:
        if not csrf_ok(token, self.key, form.get("csrf", "")):
            return self.page("refused.html.j2", 403, title="Form expired",
                             reason="This form was not sent from its page: open the link "
                             "again and press the button.",
                             contact=act.business_manager(self.catalogue, claims.area))
        found = self.load(claims)
        if isinstance(found, Response):
            return found
        entry, occ = found
        now = self.clock()
        ctx = self.context(claims, token, entry, occ, now)
        try:
            done = self.write(claims, entry, occ, form, now)
        except act.AlreadyRecorded as exc:  # an InputError too: caught first
            return self.page("done.html.j2", 409, message=str(exc), **self.after(claims, token))
        except act.InputError as exc:
            if claims.action == "approve-defer":
                ctx["req"] = act.request(self.engine, claims.ref)
            return self.page(f"{claims.action}.html.j2", 400, form=form,
                             errors={exc.field: exc.message}, **ctx)
        log.info("recorded %s for occurrence %d by link (%s)", claims.action, occ["id"],
                 claims.tag)
        return self.page("done.html.j2", message=done, **self.after(claims, token))

    def after(self, claims: Claims, token: str) -> dict[str, Any]:
        """The page context once a write happened (the state and the offers have changed)."""
        found = self.load(claims)
        assert not isinstance(found, Response)
        return self.context(claims, token, *found, self.clock())

    def write(self, claims: Claims, entry: Entry, occ: dict[str, Any], form: dict[str, str],
              now: dt.datetime) -> str:
        title = entry.area.role_title(claims.role)
        if claims.action == "submit":
            day = _date(form.get("date", ""), "date", self.catalogue, now)
            return act.submit(self.engine, entry, occ["id"], form.get("by", ""), day,
                              form.get("evidence", ""), form.get("note", ""), claims.tag,
                              now).message
        if claims.action == "receive":
            day = _date(form.get("meeting", ""), "meeting date", self.catalogue, now)
            return act.receive(self.engine, occ["id"], day, form.get("minute", ""),
                               form.get("by", "") or title, claims.tag, now).message
        if claims.action == "defer":
            return self.ask_deferral(claims, entry, occ, form, now)
        if claims.action == "approve-defer":
            req = act.request(self.engine, claims.ref)
            if req is None or (req["occurrence_id"], req["approver_role"]) != (occ["id"],
                                                                              claims.tag):
                raise act.InputError("request", "no such request")
            if form.get("decision") not in ("approve", "decline"):
                raise act.InputError("decision", "press Approve or Decline")
            approve = form.get("decision") == "approve"
            return act.decide_deferral(self.engine, entry, claims.ref, approve, title,
                                       claims.tag, now).message
        raise act.InputError("action", "nothing to record from this page")

    def ask_deferral(self, claims: Claims, entry: Entry, occ: dict[str, Any],
                     form: dict[str, str], now: dt.datetime) -> str:
        from cycles.web.approval import approval_message, send

        new_due = _date(form.get("new_due", ""), "new date", self.catalogue, now)
        approver = act.deferral_approver(entry, occ["due"], london_date(now))
        if approver is None:
            raise act.InputError("new date", "no approver is set for this report; contact "
                                 + act.business_manager(self.catalogue, claims.area))
        title = entry.area.role_title(claims.role)
        request_id = act.request_deferral(self.engine, occ["id"], new_due,
                                          form.get("reason", ""), title, claims.tag,
                                          approver, now)
        url = self.links.url("approve-defer", occ["id"], approver, now, ref=request_id)
        approver_title = entry.area.role_title(approver.partition(".")[2])
        message = approval_message(entry, occ, act.request(self.engine, request_id) or {},
                                   approver_title, url)
        sent = send(self.notifier, approver, message)
        if sent:
            return (f"asked the {approver_title} to approve a new due date of "
                    f"{pages.fmt_day(new_due)}")
        return (f"your request is saved, but no message could be sent to the {approver_title}: "
                f"please tell {act.business_manager(self.catalogue, claims.area)}")


def _date(text: str, field: str, catalogue: Catalogue, now: dt.datetime) -> dt.date:
    """A form's date, inside the dates this tool works with (as at every other door)."""
    from cycles.app.bounds import catalogue_window, check_date

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise act.InputError(field, "give a date (YYYY-MM-DD)") from None
    return check_date(day, field, catalogue_window(catalogue, london_date(now)))


def create_app(engine: Engine, catalogue: Catalogue, key: bytes, base_url: str,
               clock: Callable[[], dt.datetime], notifier: Notifier | None = None,
               limiter: BadTokenLimiter | None = None) -> Any:
    site = Site(engine, catalogue, key, base_url, clock, notifier, limiter or BadTokenLimiter())
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    css = (pages.STATIC / "site.css").read_bytes()

    def client(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    @app.get("/static/site.css")
    def stylesheet() -> Response:
        return Response(css, media_type="text/css",
                        headers={"cache-control": "public, max-age=3600"})

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/healthz")
    def health() -> Response:
        return PlainTextResponse("ok")

    @app.get("/", response_class=HTMLResponse)
    def home() -> Response:
        return site.page("home.html.j2", title="Reporting cycles")

    @app.get("/a/{token}")
    def get_link(token: str, request: Request) -> Response:
        checked = site.check(token, client(request))
        if isinstance(checked, Response):
            return checked
        return site.show(checked, token)

    @app.post("/a/{token}")
    async def post_link(token: str, request: Request) -> Response:
        checked = site.check(token, client(request))
        if isinstance(checked, Response):
            return checked
        body = await request.body()
        if len(body) > MAX_FORM:
            return PlainTextResponse("Form too large.", status_code=413)
        parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        form = {k: v[0] for k, v in parsed.items()}
        return await run_in_threadpool(site.act, checked, token, form)

    from cycles.web.board import add_board_routes

    add_board_routes(app, site)
    app.state.site = site
    app.add_middleware(SecurityHeaders)
    return app
