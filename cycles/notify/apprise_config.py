"""Loading an Apprise config file: ``${VAR}`` substitution from the environment and checks.

Every problem is a :class:`NotifyConfigError` of one line naming the file (and the line,
entry or variable), never a secret.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import apprise
import yaml
from apprise.config.base import ConfigBase
from apprise.manager_plugins import NotificationManager

from cycles.notify.apprise_logs import apprise_records, reason
from cycles.notify.apprise_plain_yaml import plain_services
from cycles.notify.seam import NotifyConfigError
from cycles.notify.secrets import SCRUBBER, one_line, service_secrets
from cycles.notify.url_shape import VAR, variable_breaking_url

# The start of a notification URL on a YAML list item or a TEXT line ("tags=url").
_URL_START = re.compile(
    r"^\s*(?:-\s*)?[\"']?(?:(?P<tags>[^#;=\"'\s][^=\"']*?)\s*=\s*)?"
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{0,31})://"
)


def _fail(path: Path, problem: str) -> NotifyConfigError:
    return NotifyConfigError(one_line(f"notification config {path}: {problem}"))


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

        expanded = VAR.sub(value, text)
        if "://" in text:
            broken = variable_breaking_url(text, self.environ)
            if broken is not None:
                raise _fail(self.path, f"{where}the value of ${{{broken}}} holds a character "
                            "reserved in URLs, so the URL no longer splits into user, password, "
                            "host, path and query as written: percent-encode it (%40 for @, "
                            "%2F for /, %3A for :, %26 for &, %23 for #, %3F for ?, %25 for %)")
        return expanded

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


# libyaml's safe loader and dumper when PyYAML was built with it (4x quicker on 2,000 URLs)
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _load_yaml(text: str, path: Path) -> Any:
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
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


RATE_LIMITS_KEY = "rate_limits"


def _rate_limits(data: Any, path: Path) -> dict[str, int]:
    """``rate_limits:`` (ours, not Apprise's): messages a minute per relay host, e.g.
    ``{"smtp.office365.com": 30}``; taken out before Apprise reads the config."""
    if not isinstance(data, dict) or RATE_LIMITS_KEY not in data:
        return {}
    limits = data.pop(RATE_LIMITS_KEY)
    if not isinstance(limits, dict):
        raise _fail(path, f"'{RATE_LIMITS_KEY}:' must map a relay host to messages a minute "
                          "(e.g. smtp.office365.com: 30)")
    out: dict[str, int] = {}
    for host, per_minute in limits.items():
        if isinstance(per_minute, bool) or not isinstance(per_minute, int) or per_minute < 1:
            raise _fail(path, f"{RATE_LIMITS_KEY}: {host}: expected a whole number of "
                              f"messages a minute (1 or more), not {per_minute!r}")
        out[str(host).strip().lower()] = per_minute
    return out


def _is_yaml(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".yml", ".yaml"):
        return True
    if path.suffix.lower() in (".txt", ".conf", ".cfg"):
        return False
    with apprise_records(replay=False):
        detected = ConfigBase.detect_config_format(text)
    return detected is not None and str(detected.value) == "yaml"


def load_config(path: Path, environ: Mapping[str, str] | None = None
                ) -> tuple[list[Any], dict[str, str], dict[str, int]]:
    """The loaded Apprise services, the ``${VAR}`` names by value (for route ids), and the
    rate limits by relay host (YAML ``rate_limits:``)."""
    raw = _read(path)
    limits: dict[str, int] = {}
    sub = _Substitution(os.environ if environ is None else environ, path)
    data: Any = None  # the YAML tree, when it is YAML
    if _is_yaml(path, raw):
        data = sub.tree(_load_yaml(raw, path))
        SCRUBBER.add(sub.used)  # before Apprise sees (and perhaps logs) any of it
        limits = _rate_limits(data, path)
        _check_yaml(data, path)
        content = ""  # written for Apprise's own parser only when it must read it
        fmt = "yaml"
    else:
        content = sub.lines(raw)
        SCRUBBER.add(sub.used)
        _check_text_lines(content, path)
        with apprise_records(replay=False):
            detected = ConfigBase.detect_config_format(content)
        if detected is None:
            raise _fail(path, "neither Apprise YAML nor TEXT config (no notification URL found)")
        fmt = str(detected.value)
    asset = apprise.AppriseAsset()
    with apprise_records(replay=False) as records:
        plain = plain_services(data, asset) if fmt == "yaml" else None
        if plain is None and fmt == "yaml":
            content = yaml.dump(data, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False)
        servers, includes = (plain, []) if plain is not None else ConfigBase.config_parse(
            content, asset=asset, config_format=fmt)
    for s in servers:
        SCRUBBER.add(service_secrets(s))
    if includes:
        raise _fail(path, "'include' is not supported: put every URL in this one file")
    if any(r.levelno >= logging.WARNING for r in records):
        raise _fail(path, reason(records, "Apprise could not load it"))
    if not servers:
        raise _fail(path, "no notification URLs loaded")
    return list(servers), sub.names, limits
