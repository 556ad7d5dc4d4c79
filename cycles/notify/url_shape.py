"""Does an expanded ``${VAR}`` change how a notification URL splits?

A secret put into a URL as it is (``mailto://relay:${SMTP_PASSWORD}@host``) must not hold an
unencoded URL-reserved character: ``Tr0ub4dor&3/horse@staple`` would make the URL's host
``staple@host`` and its path ``/horse...``, leaking part of the password into routes, logs and
the ledger, and sending mail to the wrong place. The check compares the *shape* of the URL
(user, password, host and port, path segments, query pairs, fragment) as written in the
config with the shape of the URL once the variables are expanded; the first variable that
changes it is named (never its value).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}://\S*")

Shape = tuple[object, ...]


def _shape(url: str) -> Shape:
    """The raw parts of a URL, split the strict way (the first ``@`` ends the user info)."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.partition("@")
    if not at:
        userinfo, hostport = "", parts.netloc
    user, colon, password = userinfo.partition(":")
    query = tuple(tuple(p.partition("=")[::2]) for p in parts.query.split("&")) \
        if parts.query else ()
    return (parts.scheme, bool(at), user, bool(colon), password, tuple(hostport.split(":")),
            tuple(parts.path.split("/")), query, parts.fragment)


def _substitute(shape: Shape, values: Mapping[str, str]) -> Shape:
    def sub(node: object) -> object:
        if isinstance(node, str):
            for placeholder, value in values.items():
                node = node.replace(placeholder, value)
            return node
        if isinstance(node, tuple):
            return tuple(sub(n) for n in node)
        return node

    return tuple(sub(n) for n in shape)


def _expand_one(url: str, name: str, value: str, placeholders: Mapping[str, str]) -> str:
    def sub(v: re.Match[str]) -> str:
        return value if v.group(1) == name else placeholders.get(v.group(1), v.group(0))

    return VAR.sub(sub, url)


def variable_breaking_url(template: str, environ: Mapping[str, str]) -> str | None:
    """The name of the first ``${VAR}`` whose value makes ``template``'s URLs split
    differently once expanded; None when every URL keeps its shape (or holds no variable).
    Variables missing from ``environ`` are left to the caller."""
    for m in URL_IN_TEXT.finditer(template):
        url = m.group(0)
        names = [n for n in dict.fromkeys(VAR.findall(url)) if n in environ]
        if not names:
            continue
        placeholders = {n: f"cyclesvar{i}x" for i, n in enumerate(names)}
        template_shape = _shape(_expand_one(url, "", "", placeholders))
        for name in names:
            one = _expand_one(url, name, environ[name], placeholders)
            expected = _substitute(template_shape, {placeholders[name]: environ[name]})
            if _shape(one) != expected:
                return name
    return None
