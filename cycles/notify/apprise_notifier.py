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
  way to hand it a separate text body), so the HTML template is written to convert well.
  With ``?format=text`` on the URL an email is plain text only, from :attr:`Message.text`.
* **Teams** (``workflows://``) gets the message's Adaptive Card, through the plugin's
  supported ``template=`` option: the card is written to a temporary JSON file and the
  route is instantiated once more with ``template=`` pointing at it. A route that sets its
  own ``template=`` keeps it (its tokens get the subject and a Markdown body). A card over
  the plugin's 35 kB template limit falls back to Apprise's default card.
* **Results**: each route is sent through its own service's ``notify()`` (``Apprise.notify``
  answers one bool for all). A failure is a ``SendResult(ok=False, error=...)`` whose error
  is one line built from what Apprise logged during the send; it never raises.
* **Secrets never leak**: Apprise's and urllib3's log records pass a filter that replaces
  every known secret (each substituted ``${VAR}`` value, each password, token, workflow
  id and signature of a loaded URL, and the full URLs) by ``****``; errors are scrubbed the
  same way; routes are shown by ``url(privacy=True)`` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import apprise
import yaml
from apprise.config.base import ConfigBase
from apprise.conversion import convert_between
from apprise.manager_plugins import NotificationManager
from apprise.plugins.email import NotifyEmail
from apprise.plugins.workflows import NotifyWorkflows

from cycles.notify.seam import Message, NotifyConfigError, Route, SendResult

ENV_VAR = "CYCLES_APPRISE_CONFIG"
ALWAYS_TAG = "always"

log = logging.getLogger("cycles.notify")

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# The start of a notification URL on a YAML list item or a TEXT line ("tags=url").
_URL_START = re.compile(
    r"^\s*(?:-\s*)?[\"']?(?:(?P<tags>[^#;=\"'\s][^=\"']*?)\s*=\s*)?"
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,31})://"
)
_MASK = "****"
# Secrets shorter than this are not scrubbed from free text (it would mangle it).
_MIN_SECRET = 3
# Loggers whose records may carry a URL with secrets in it.
_SCRUBBED_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.poolmanager",
                     "urllib3.util.retry", "requests")
_ERROR_MAX = 300


# -- secret scrubbing -----------------------------------------------------------------------

class _Scrubber(logging.Filter):
    """Replaces every registered secret in log records (and any text) by ``****``."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def add(self, values: Iterable[str]) -> None:
        new: set[str] = set()
        for v in values:
            if not isinstance(v, str) or len(v) < _MIN_SECRET:
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
                text = text.replace(s, _MASK)
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


def _service_secrets(service: Any) -> list[str]:
    """The private parts of a loaded service: password, tokens, ids, signatures... and its
    full URL when that differs from the privacy form (i.e. when it holds a secret)."""
    found: list[str] = []
    full = service.url()
    if full != service.url(privacy=True):
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


# -- capturing what Apprise says during one call ----------------------------------------------

class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_CAPTURE_LOCK = threading.RLock()


@contextlib.contextmanager
def _apprise_records(replay: bool = True) -> Iterator[list[logging.LogRecord]]:
    """Collect everything the ``apprise`` logger says (DEBUG included) during the block.

    The logger is lowered to DEBUG and detached for the block; afterwards, the records its
    own level would have let through are handed to its usual handlers (``replay``), so
    logging looks as it would have without the capture. Serialised by a lock: sends made
    through this module run one at a time.
    """
    logger = logging.getLogger("apprise")
    handler = _ListHandler()
    with _CAPTURE_LOCK:
        threshold = logger.getEffectiveLevel()
        level, propagate, handlers = logger.level, logger.propagate, list(logger.handlers)
        for h in handlers:
            logger.removeHandler(h)
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        try:
            yield handler.records
        finally:
            logger.removeHandler(handler)
            for h in handlers:
                logger.addHandler(h)
            logger.setLevel(level)
            logger.propagate = propagate
            if replay:
                for record in handler.records:
                    if record.levelno >= threshold:
                        logger.callHandlers(record)


def _one_line(text: str, limit: int = _ERROR_MAX) -> str:
    line = " ".join(scrub(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _reason(records: list[logging.LogRecord], fallback: str) -> str:
    """One line from what Apprise logged: its warnings, plus the low-level cause if any."""
    said: list[str] = []
    cause = ""
    for r in records:
        msg = " ".join(r.getMessage().split())
        if r.levelno >= logging.WARNING:
            if msg and msg not in said:
                said.append(msg)
        else:
            for prefix in ("Socket Exception:", "Loading Exception:", "YAML Exception:"):
                if msg.startswith(prefix):
                    cause = msg[len(prefix):].strip()
    text = "; ".join(said[:2]) or fallback
    if cause and cause not in text:
        text += f" ({cause})"
    return _one_line(text)


# -- loading the config ---------------------------------------------------------------------

def _fail(path: Path, problem: str) -> NotifyConfigError:
    return NotifyConfigError(_one_line(f"notification config {path}: {problem}"))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(path, "file not found") from None
    except IsADirectoryError:
        raise _fail(path, "is a directory, not a file") from None
    except PermissionError:
        raise _fail(path, "cannot be read (permission denied)") from None
    except UnicodeDecodeError:
        raise _fail(path, "is not UTF-8 text") from None
    except OSError as e:
        raise _fail(path, f"cannot be read ({e.strerror or type(e).__name__})") from None


class _Substitution:
    """``${VAR}`` from the environment; remembers the values used (they are secrets)."""

    def __init__(self, environ: Mapping[str, str], path: Path):
        self.environ = environ
        self.path = path
        self.used: list[str] = []
        self.names: dict[str, str] = {}  # value -> "${NAME}", for secret-free route ids

    def text(self, text: str, where: str = "") -> str:
        def value(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in self.environ:
                raise _fail(self.path, f"{where}environment variable {name} is not set")
            self.used.append(self.environ[name])
            self.names[self.environ[name]] = "${" + name + "}"
            return self.environ[name]

        return _VAR.sub(value, text)

    def lines(self, text: str) -> str:
        """Line by line, skipping ``#`` comment lines (TEXT configs)."""
        out = []
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            comment = line.lstrip().startswith(("#", ";"))
            out.append(line if comment else self.text(line, f"line {number}: "))
        return "".join(out)

    def tree(self, node: Any) -> Any:
        """In every string of parsed YAML (keys included): a value may hold any character."""
        if isinstance(node, str):
            return self.text(node)
        if isinstance(node, dict):
            return {self.tree(k): self.tree(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.tree(v) for v in node]
        return node


_SCHEMES: set[str] | None = None


def _known_scheme(scheme: str) -> bool:
    global _SCHEMES
    if _SCHEMES is None:
        _SCHEMES = {s.lower() for s in NotificationManager().schemas()}
    # A pasted https://... webhook (Teams workflows, ...) is recognised by its plugin.
    return scheme.lower() in _SCHEMES or scheme.lower() in ("http", "https")


def _scheme_problem(url: str) -> str | None:
    m = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]{0,31})://", url)
    if not m:
        return "not a URL (expected scheme://...)"
    if not _known_scheme(m.group(1)):
        return f"unknown notification scheme '{m.group(1)}://'"
    return None


def _check_text_lines(text: str, path: Path) -> None:
    """TEXT configs: unknown schemes and dotted tags, with the line number."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("#", ";")):
            continue
        m = _URL_START.match(line)
        if not m:
            continue
        tags = m.group("tags")
        if tags and "." in tags:
            raise _fail(path, f"line {number}: Apprise's TEXT format does not allow '.' in a tag "
                              f"({tags.strip()}); write the config in YAML instead")
        problem = _scheme_problem(line[m.start("scheme"):])
        if problem:
            raise _fail(path, f"line {number}: {problem}")


def _load_yaml(text: str, path: Path) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or "syntax error"
        raise _fail(path, f"not valid YAML{where}: {problem}") from None


def _check_yaml(data: Any, path: Path) -> None:
    if not isinstance(data, dict):
        raise _fail(path, "not an Apprise YAML config (expected a mapping with 'urls:')")
    urls = data.get("urls")
    if not urls:
        raise _fail(path, "no notification URLs ('urls:' is missing or empty)")
    if not isinstance(urls, list):
        raise _fail(path, "'urls:' must be a list of URLs")
    for n, entry in enumerate(urls, start=1):
        keys = [entry] if isinstance(entry, str) else list(entry) if isinstance(entry, dict) else []
        if not keys:
            raise _fail(path, f"urls entry #{n}: expected a URL")
        for key in keys:
            problem = _scheme_problem(str(key))
            if problem:
                raise _fail(path, f"urls entry #{n}: {problem}")


def _is_yaml(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".yml", ".yaml"):
        return True
    if path.suffix.lower() in (".txt", ".conf", ".cfg"):
        return False
    with _apprise_records(replay=False):
        detected = ConfigBase.detect_config_format(text)
    return detected is not None and str(detected.value) == "yaml"


def _load(path: Path, environ: Mapping[str, str] | None = None
          ) -> tuple[list[Any], dict[str, str]]:
    raw = _read(path)
    sub = _Substitution(os.environ if environ is None else environ, path)
    if _is_yaml(path, raw):
        data = sub.tree(_load_yaml(raw, path))
        SCRUBBER.add(sub.used)  # before Apprise sees (and perhaps logs) any of it
        _check_yaml(data, path)
        content, fmt = yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "yaml"
    else:
        content = sub.lines(raw)
        SCRUBBER.add(sub.used)
        _check_text_lines(content, path)
        with _apprise_records(replay=False):
            detected = ConfigBase.detect_config_format(content)
        if detected is None:
            raise _fail(path, "neither Apprise YAML nor TEXT config (no notification URL found)")
        fmt = str(detected.value)
    asset = apprise.AppriseAsset()
    with _apprise_records(replay=False) as records:
        servers, includes = ConfigBase.config_parse(content, asset=asset, config_format=fmt)
    for s in servers:
        SCRUBBER.add(_service_secrets(s))
    if includes:
        raise _fail(path, "'include' is not supported: put every URL in this one file")
    if any(r.levelno >= logging.WARNING for r in records):
        raise _fail(path, _reason(records, "Apprise could not load it"))
    if not servers:
        raise _fail(path, "no notification URLs loaded")
    return list(servers), sub.names


# -- the notifier ---------------------------------------------------------------------------

def route_id(url: str, names: Mapping[str, str] | None = None) -> str:
    """A stable id for a route: the hash of its URL with each ``${VAR}`` value put back as
    its name, so rotating a password or a webhook signature kept in the environment does not
    make the route look new (which would re-send what it already had)."""
    for value in sorted(names or {}, key=len, reverse=True):
        if len(value) < _MIN_SECRET:
            continue
        for form in {value, quote(value, safe=""), quote(value)}:
            url = url.replace(form, (names or {})[value])
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def route_kind(service: Any) -> str:
    if isinstance(service, NotifyEmail):
        return "email"
    if isinstance(service, NotifyWorkflows):
        return "teams"
    return str(service.url(privacy=True).split("://", 1)[0])


class AppriseNotifier:
    """Routes and delivery through Apprise; see the module docstring for the rules."""

    def __init__(self, path: str | Path, environ: Mapping[str, str] | None = None):
        self.path = Path(path)
        self._services: dict[str, Any] = {}
        self._apprise = apprise.Apprise()
        services, names = _load(self.path, environ)
        for service in services:
            rid = route_id(service.url(), names)
            if rid not in self._services:
                self._services[rid] = service
                self._apprise.add(service)
        self._ids = {id(s): rid for rid, s in self._services.items()}
        self._routes: dict[str, list[Route]] = {}

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

    def routes(self, tag: str) -> list[Route]:
        if tag not in self._routes:
            found: list[Route] = []
            for service in self._apprise.find(tag, match_always=True):
                rid = self._ids[id(service)]
                if any(r.id == rid for r in found):
                    continue
                found.append(Route(id=rid, privacy=service.url(privacy=True), tag=tag,
                                   kind=route_kind(service)))
            self._routes[tag] = found
        return list(self._routes[tag])

    def all_routes(self) -> list[Route]:
        """Every configured route once (``tag``: its first tag), e.g. for a test message."""
        out = []
        for rid, s in self._services.items():
            tags = sorted(str(t) for t in s.tags)
            out.append(Route(id=rid, privacy=s.url(privacy=True), tag=tags[0] if tags else "",
                             kind=route_kind(s)))
        return out

    def send(self, message: Message, route: Route) -> SendResult:
        service = self._services.get(route.id)
        if service is None:
            return SendResult(False, _one_line(f"no such route in {self.path}: {route.privacy}"))
        crashed = ""
        with _apprise_records() as records:
            try:
                ok = bool(self._deliver(service, message))
            except Exception as e:  # a plugin bug must not stop the other routes
                ok, crashed = False, f"{type(e).__name__}: {e}"
        if ok:
            log.debug("delivered %r to %s", message.subject, route.privacy)
            return SendResult(True)
        error = _reason(records, crashed or "delivery failed (Apprise gave no reason)")
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
                                   message.html)
            body_format = apprise.NotifyFormat.MARKDOWN
        else:
            body, body_format = message.text, apprise.NotifyFormat.TEXT
        return bool(service.notify(body=body, title=message.subject, body_format=body_format))

    def _deliver_card(self, service: Any, message: Message) -> bool:
        payload = {
            "type": "message",
            "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": message.card,
            }],
        }
        # Apprise substitutes {{token}} in templates; "{{" only occurs inside JSON strings,
        # so escaping it there keeps catalogue text literal.
        text = json.dumps(payload, ensure_ascii=False).replace("{{", "{\\u007b")
        if len(text.encode("utf-8")) > NotifyWorkflows.max_workflows_template_size:
            log.info("Adaptive Card of %r is over the Workflows template limit; "
                     "sending Apprise's default card", message.subject)
            return self._deliver_plain(service, message)
        with tempfile.TemporaryDirectory(prefix="cycles-card-") as tmp:
            card_file = Path(tmp) / "card.json"
            card_file.write_text(text, encoding="utf-8")
            url = service.url()
            url += ("&" if "?" in url else "?") + "template=" + quote(str(card_file), safe="")
            clone = apprise.Apprise.instantiate(url, asset=service.asset)
            if clone is None:
                return False
            return bool(clone.notify(body=message.text, title=message.subject,
                                     body_format=apprise.NotifyFormat.TEXT))
