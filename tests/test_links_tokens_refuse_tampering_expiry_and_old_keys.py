"""A link token is honoured only as issued: same key, unexpired, every byte unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from cycles.links.maker import action_links, actions_for
from cycles.links.tokens import (
    BadToken,
    Claims,
    ExpiredToken,
    RevokedToken,
    csrf_ok,
    csrf_token,
    sign,
    verify,
)

KEY = b"k" * 32
NOW = dt.datetime(2026, 7, 22, 8, tzinfo=dt.UTC)


def token(**over: object) -> str:
    fields: dict[str, object] = dict(action="submit", occurrence_id=7, tag="medway.dcs",
                                     expires=int(NOW.timestamp()) + 3600)
    fields.update(over)
    return sign(Claims(**fields), KEY)  # type: ignore[arg-type]


def test_a_genuine_token_gives_back_its_claims() -> None:
    claims = verify(token(), KEY, NOW)
    assert (claims.action, claims.occurrence_id, claims.tag, claims.area, claims.role) == (
        "submit", 7, "medway.dcs", "medway", "dcs")


def test_every_changed_character_is_refused() -> None:
    genuine = token()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    refused = 0
    for i, ch in enumerate(genuine):
        if ch == ".":
            continue
        other = alphabet[(alphabet.index(ch) + 1) % len(alphabet)]
        with pytest.raises((BadToken, RevokedToken)):
            verify(genuine[:i] + other + genuine[i + 1:], KEY, NOW)
        refused += 1
    assert refused == len(genuine) - 2


def test_a_token_for_another_occurrence_cannot_be_made_from_this_one() -> None:
    genuine = token()
    payload, kid, sig = genuine.split(".")
    forged_payload = token(occurrence_id=8).split(".")[0]
    with pytest.raises(BadToken) as refused:
        verify(f"{forged_payload}.{kid}.{sig}", KEY, NOW)
    assert refused.value.status == 403
    assert refused.value.area == "medway"  # to name whom to contact, nothing more


def test_an_expired_token_is_gone_not_forged() -> None:
    with pytest.raises(ExpiredToken) as refused:
        verify(token(expires=int(NOW.timestamp())), KEY, NOW)
    assert refused.value.status == 410


def test_a_token_signed_by_a_rotated_key_is_revoked() -> None:
    with pytest.raises(RevokedToken) as refused:
        verify(token(), b"n" * 32, NOW)
    assert refused.value.status == 410


@pytest.mark.parametrize("junk", ["", "abc", "a.b", "a.b.c.d", "x" * 700, "é.é.é"])
def test_junk_is_refused_with_403(junk: str) -> None:
    with pytest.raises(BadToken):
        verify(junk, KEY, NOW)


def test_the_form_token_is_bound_to_the_link_token() -> None:
    a, b = token(), token(action="view")
    assert csrf_ok(a, KEY, csrf_token(a, KEY))
    assert not csrf_ok(b, KEY, csrf_token(a, KEY))
    assert not csrf_ok(a, b"n" * 32, csrf_token(a, KEY))


def test_action_links_need_a_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CYCLES_BASE_URL", raising=False)
    assert action_links(None, 7, "medway.dcs", NOW, key=KEY) is None
    links = action_links("https://cycles.example.gov.uk/", 7, "medway.dcs", NOW, key=KEY)
    assert links is not None and set(links) == {"view", "submit", "defer", "receive"}
    for action, url in links.items():
        assert url.startswith("https://cycles.example.gov.uk/a/")
        claims = verify(url.rsplit("/", 1)[1], KEY, NOW)
        assert (claims.action, claims.occurrence_id, claims.tag) == (action, 7, "medway.dcs")
        assert claims.expires - NOW.timestamp() == 120 * 86400  # the default lifetime


def test_each_role_gets_the_actions_it_may_take() -> None:
    from config.loader import load_catalogue

    entry = load_catalogue().entry("medway.chair-dcs-six-monthly-report")
    assert actions_for(entry, "medway.dcs") == ("view", "submit", "defer")
    assert actions_for(entry, "medway.chief_executive") == ("view", "receive")
    assert actions_for(entry, "medway.lead_member") == ("view",)
