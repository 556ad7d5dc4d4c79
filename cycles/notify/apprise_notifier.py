"""The Apprise implementation of the notifier seam.

Configuration is an Apprise config file, YAML or TEXT (https://appriseit.com/getting-started/
configuration/), named by ``--notify PATH`` or ``CYCLES_APPRISE_CONFIG``. Tags name recipient
roles (``medway.dcs``); see ``config/apprise.example.yml``.

* **Secrets** come from the environment: ``${VAR}`` is replaced by the variable's value
  before Apprise parses the config. In YAML it is replaced inside each parsed string, so a
  value given as an option (``pass: ${SMTP_PASSWORD}``) may hold any character; inside a
  URL (and in TEXT configs, outside ``#`` comment lines) the value is inserted as it is, so
  URL-reserved characters must be percent-encoded. A missing variable is a
  :class:`NotifyConfigError` naming the variable (never a value).
* **Tags**: ``routes("medway.dcs")`` is every URL tagged ``medway.dcs`` *plus every URL
  tagged* ``always`` (Apprise's reserved tag: such a route receives every notification, e.g.
  an archive mailbox). Apprise's TEXT format cannot hold a ``.`` in a tag; use YAML for
  ``area.role`` tags.
* **Email** (``mailto://``, ``mailtos://``) is sent as HTML; Apprise 1.13 then sends
  ``multipart/alternative`` with a ``text/plain`` part it derives from that HTML (there is no
  way to hand it a separate text body, and the derivation drops link targets), so the HTML
  template is written to convert well: each link is followed by its URL in a span hidden
  from HTML readers, which the text part keeps (``View <https://…>``). Routes that get
  Markdown have those spans removed first (the link itself carries the URL).
  With ``?format=text`` on the URL an email is plain text only, from :attr:`Message.text`.
* **Teams** (``workflows://``) gets the message's Adaptive Card, through the plugin's
  supported ``template=`` option: the card is written to a temporary JSON file and the
  route is instantiated once more with ``template=`` pointing at it. A route that sets its
  own ``template=`` keeps it (its tokens get the subject and a Markdown body). A card over
  :data:`~cycles.notify.teams_card.CARD_LIMIT` (Teams refuses ~28 KB) is not sent (a failed
  result): :func:`~cycles.notify.message.render` summarises to stay under it, and Apprise's
  default card never goes out instead.
* **TLS**: Apprise builds an SSL context for every email; before the first one, OpenSSL is
  pointed at the hashed CA directory when it holds every certificate of the bundle in force,
  so a context no longer parses the whole bundle (:mod:`cycles.notify.tls_trust`).
* **Results**: each route is sent through its own service's ``notify()`` (``Apprise.notify``
  answers one bool for all). A failure is a ``SendResult(ok=False, error=...)`` whose error
  is one line built from what Apprise logged during the send; it never raises.
* **Secrets never leak**: Apprise's and urllib3's log records pass a filter that replaces
  every known secret (each substituted ``${VAR}`` value, each password, token, workflow
  id and signature of a loaded URL, and the full URLs) by ``****``; errors are scrubbed the
  same way; routes are shown by their privacy form only, every secret fully masked
  (:func:`~cycles.notify.routes.privacy_url`).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import apprise
from apprise.conversion import convert_between
from apprise.plugins.workflows import NotifyWorkflows

from cycles.notify.apprise_config import load_config
from cycles.notify.apprise_logs import apprise_records, reason
from cycles.notify.route_index import RouteIndex, TaggedRoute
from cycles.notify.routes import privacy_url, route_id, route_kind
from cycles.notify.seam import Message, NotifyConfigError, RateLimit, Route, SendResult
from cycles.notify.secrets import one_line
from cycles.notify.service_urls import full_url
from cycles.notify.teams_card import CARD_LIMIT, workflow_payload
from cycles.notify.tls_trust import describe, prefer_ca_directory

ENV_VAR = "CYCLES_APPRISE_CONFIG"
ALWAYS_TAG = "always"

log = logging.getLogger("cycles.notify")


_PLAIN_URL = re.compile(r'<span class="plain-url"[^>]*>[^<]*</span>')


def without_plain_urls(html: str) -> str:
    """The HTML body less the URLs written out for the text part of an email."""
    return _PLAIN_URL.sub("", html)


_trust_lock = threading.Lock()
_trust_chosen = False


def _choose_tls_trust() -> None:
    """Once per process, before the first email: the CA directory over the bundle file when
    they hold the same authorities (:mod:`cycles.notify.tls_trust`)."""
    global _trust_chosen
    with _trust_lock:
        if not _trust_chosen:
            _trust_chosen = True
            log.debug("%s", describe(prefer_ca_directory()))


class CardTooLarge(ValueError):
    """A card handed to :meth:`AppriseNotifier.send` that Teams would refuse."""


class AppriseNotifier:
    """Routes and delivery through Apprise; see the module docstring for the rules."""

    def __init__(self, path: str | Path, environ: Mapping[str, str] | None = None):
        self.path = Path(path)
        self._services: dict[str, Any] = {}
        self._apprise = apprise.Apprise()
        services, names, self._limits = load_config(self.path, environ)
        for service in services:
            rid = route_id(full_url(service), names)
            if rid not in self._services:
                self._services[rid] = service
                self._apprise.add(service)
        self._ids = {id(s): rid for rid, s in self._services.items()}
        self._index: RouteIndex | None = None

    @classmethod
    def from_env_or_path(cls, path: str | Path | None = None) -> AppriseNotifier:
        """From ``--notify PATH`` when given, else from ``$CYCLES_APPRISE_CONFIG``."""
        chosen = path or os.environ.get(ENV_VAR)
        if not chosen:
            raise NotifyConfigError(
                f"no notification config: pass --notify PATH or set {ENV_VAR}")
        return cls(chosen)

    def __repr__(self) -> str:
        return f"AppriseNotifier({str(self.path)!r}, {len(self._services)} route(s))"

    def services(self) -> list[tuple[str, Any]]:
        """(route id, Apprise service) for every loaded route, in configuration order."""
        return list(self._services.items())

    def routes(self, tag: str) -> list[Route]:
        """Apprise's ``find(tag, match_always=True)``, answered from one index."""
        if self._index is None:
            self._index = RouteIndex.build(self)
        return self._index[tag]

    def find_routes(self, tag: str) -> list[Route]:
        """What Apprise's own ``find`` answers (a scan of every route): for tags that are
        not plain names, and to check the index against."""
        found: list[Route] = []
        for service in self._apprise.find(tag, match_always=True):
            rid = self._ids[id(service)]
            if any(r.id == rid for r in found):
                continue
            found.append(Route(id=rid, privacy=privacy_url(service), tag=tag,
                               kind=route_kind(service)))
        return found

    def tagged_routes(self) -> list[TaggedRoute]:
        """Every route once, in the config's order, with the tag names it answers to."""
        return [TaggedRoute(Route(id=rid, privacy=privacy_url(s), tag="", kind=route_kind(s)),
                            frozenset(str(t).strip().lower() for t in s.tags))
                for rid, s in self._services.items()]

    def rate_limit(self, route_id: str) -> RateLimit | None:
        """The limit of the relay this route sends through (``rate_limits:`` in the config,
        by host: the SMTP server of an email route, the host of any other), if any."""
        service = self._services.get(route_id)
        if service is None or not self._limits:
            return None
        host = str(getattr(service, "smtp_host", None) or service.host or "").lower()
        per_minute = self._limits.get(host)
        return RateLimit(host, per_minute) if per_minute else None

    def all_routes(self) -> list[Route]:
        """Every configured route once (``tag``: its first tag), e.g. for a test message."""
        out = []
        for rid, s in self._services.items():
            tags = sorted(str(t) for t in s.tags)
            out.append(Route(id=rid, privacy=privacy_url(s), tag=tags[0] if tags else "",
                             kind=route_kind(s)))
        return out

    def send(self, message: Message, route: Route) -> SendResult:
        service = self._services.get(route.id)
        if service is None:
            return SendResult(False, one_line(f"no such route in {self.path}: {route.privacy}"))
        crashed = ""
        if route.kind == "email":
            _choose_tls_trust()
        with apprise_records() as records:
            try:
                ok = bool(self._deliver(service, message))
            except Exception as e:  # a plugin bug must not stop the other routes
                ok, crashed = False, f"{type(e).__name__}: {e}"
        if ok:
            log.debug("delivered %r to %s", message.subject, route.privacy)
            return SendResult(True)
        error = reason(records, crashed or "delivery failed (Apprise gave no reason)")
        log.debug("delivery to %s failed: %s", route.privacy, error)
        return SendResult(False, error)

    # -- per service ------------------------------------------------------------------------
    def _deliver(self, service: Any, message: Message) -> bool:
        if isinstance(service, NotifyWorkflows) and message.card and not service.template:
            return self._deliver_card(service, message)
        return self._deliver_plain(service, message)

    @staticmethod
    def _deliver_plain(service: Any, message: Message) -> bool:
        fmt = service.notify_format
        if fmt == apprise.NotifyFormat.HTML:
            body, body_format = message.html, apprise.NotifyFormat.HTML
        elif fmt == apprise.NotifyFormat.MARKDOWN:
            body = convert_between(apprise.NotifyFormat.HTML, apprise.NotifyFormat.MARKDOWN,
                                   without_plain_urls(message.html))
            body_format = apprise.NotifyFormat.MARKDOWN
        else:
            body, body_format = message.text, apprise.NotifyFormat.TEXT
        return bool(service.notify(body=body, title=message.subject, body_format=body_format))

    def _deliver_card(self, service: Any, message: Message) -> bool:
        text = workflow_payload(message.card)
        size = len(text.encode("utf-8"))
        if size > min(CARD_LIMIT, NotifyWorkflows.max_workflows_template_size):
            # render() keeps its cards under the limit; never swap in Apprise's default card
            raise CardTooLarge(f"the Adaptive Card is {size} bytes, over the {CARD_LIMIT}-byte "
                               "limit Teams accepts: not sent")
        with tempfile.TemporaryDirectory(prefix="cycles-card-") as tmp:
            card_file = Path(tmp) / "card.json"
            card_file.write_text(text, encoding="utf-8")
            url = full_url(service)
            url += ("&" if "?" in url else "?") + "template=" + quote(str(card_file), safe="")
            clone = apprise.Apprise.instantiate(url, asset=service.asset)
            if clone is None:
                return False
            return bool(clone.notify(body=message.text, title=message.subject,
                                     body_format=apprise.NotifyFormat.TEXT))
