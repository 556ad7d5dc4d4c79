"""Tokens: what a link may do, signed with HMAC-SHA256.

A token binds an *action* (view, submit, defer, receive, approve-defer, board) to one
occurrence (or, for ``board``, to the area of its tag), to the recipient role tag it was sent
to (``medway.dcs``), optionally to a reference (the deferral request an approver decides), and
to an expiry instant. Its text is ``<payload>.<key id>.<signature>``, all URL-safe base64:

* a changed byte anywhere fails the signature: :class:`BadToken` (HTTP 403);
* a token signed by another key (the key was rotated) is :class:`RevokedToken` (410);
* a genuine token past its expiry is :class:`ExpiredToken` (410).

The key id is the first 6 bytes of SHA-256 of the key: it tells "signed by an old key" from
"forged", and reveals nothing about the key. Nothing here reads a clock or a file.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

_TOKEN_TEXT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
ACTIONS = ("view", "submit", "defer", "receive", "approve-defer", "board")


class LinkError(Exception):
    """A token that must not be honoured; ``status`` is the HTTP status to answer with."""

    status = 403
    reason = "This link is not valid."

    def __init__(self, detail: str, area: str | None = None):
        super().__init__(detail)
        self.area = area  # the area the token claims to be for (display only, unverified)


class BadToken(LinkError):
    status = 403
    reason = "This link is not valid: it has been changed or was never issued."


class RevokedToken(LinkError):
    status = 410
    reason = "This link has been withdrawn (the site's signing key was changed)."


class ExpiredToken(LinkError):
    status = 410
    reason = "This link has expired."


@dataclass(frozen=True)
class Claims:
    action: str
    occurrence_id: int  # 0 for a board link
    tag: str  # the recipient role it was sent to: "medway.dcs"
    expires: int  # Unix seconds
    ref: int = 0  # the deferral request an approve-defer link decides

    @property
    def area(self) -> str:
        return self.tag.partition(".")[0]

    @property
    def role(self) -> str:
        return self.tag.partition(".")[2]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(key: bytes) -> str:
    return _b64(hashlib.sha256(key).digest()[:6])


def _signature(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, f"cycles-link-v1.{payload}".encode(), hashlib.sha256).digest())


def sign(claims: Claims, key: bytes) -> str:
    if claims.action not in ACTIONS:
        raise ValueError(f"unknown action {claims.action!r}")
    if "\n" in claims.tag or not claims.tag:
        raise ValueError("a token needs a recipient tag")
    body = f"{claims.action}|{claims.occurrence_id}|{claims.ref}|{claims.expires}|{claims.tag}"
    payload = _b64(body.encode("utf-8"))
    return f"{payload}.{key_id(key)}.{_signature(key, payload)}"


def _claimed_area(payload: str) -> str | None:
    """The area an unverified payload names (to say whom to contact), or None."""
    try:
        tag = _unb64(payload).decode("utf-8").split("|", 4)[4]
    except (ValueError, IndexError):
        return None
    area = tag.partition(".")[0]
    return area if area.replace("-", "").replace("_", "").isalnum() else None


def verify(token: str, key: bytes, now: dt.datetime) -> Claims:
    """The claims of a genuine, unexpired token signed with ``key``; else a LinkError."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 600 or not _TOKEN_TEXT.fullmatch(token):
        raise BadToken("malformed token")
    payload, kid, signature = parts
    area = _claimed_area(payload)
    expected = _signature(key, payload)
    if not hmac.compare_digest(expected, signature):
        if len(kid) == 8 and len(signature) == 43 and not hmac.compare_digest(kid, key_id(key)):
            raise RevokedToken("signed with another key", area)
        raise BadToken("bad signature", area)
    if not hmac.compare_digest(kid, key_id(key)):
        raise BadToken("key id does not match", area)
    try:
        action, occ, ref, expires, tag = _unb64(payload).decode("utf-8").split("|", 4)
        claims = Claims(action, int(occ), tag, int(expires), int(ref))
    except ValueError:
        raise BadToken("unreadable payload", area) from None
    if claims.action not in ACTIONS:
        raise BadToken("unknown action", area)
    if now.timestamp() >= claims.expires:
        raise ExpiredToken("expired", area)
    return claims


def csrf_token(token: str, key: bytes) -> str:
    """The form token for a page reached by ``token``: only this server can make it."""
    return _b64(hmac.new(key, f"cycles-csrf-v1.{token}".encode(), hashlib.sha256).digest())


def csrf_ok(token: str, key: bytes, given: str) -> bool:
    return given.isascii() and hmac.compare_digest(csrf_token(token, key), given)
