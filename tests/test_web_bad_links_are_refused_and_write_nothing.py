"""Tampered, borrowed, expired and revoked links: a plain 403/410 page naming the area's
business manager, and nothing written, whether fetched or posted. Bad tokens are rate-limited
per client address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from web_support import OWNER, csrf, make_site, serving

from cycles.links.tokens import Claims, sign
from cycles.web.security import BadTokenLimiter

CONTACT = "WSCB Business Manager (Webton)"


def test_bad_links_are_refused_and_nothing_is_written(db_url: str, tmp_path: Path,
                                                      dump_db: Callable[[Any], Any]) -> None:
    site = make_site(tmp_path, db_url)
    with serving(site) as url, httpx.Client(timeout=30) as client:
        genuine = site.link("submit")
        form = {"csrf": csrf(client.get(genuine).text), "by": "Report Owner",
                "date": "2026-07-22", "evidence": "", "note": ""}
        token = genuine.rsplit("/", 1)[1]
        payload, kid, sig = token.split(".")
        other = site.link("submit", occurrence_id=site.occurrence_id("2026-27 Q2"))
        borrowed = f"{other.rsplit('/', 1)[1].split('.')[0]}.{kid}.{sig}"
        flipped = sig[:-1] + ("A" if sig[-1] != "A" else "B")
        expired = sign(Claims("submit", site.occurrence_id(), OWNER,
                              int(site.clock().timestamp()) - 1), site.key)
        rotated = sign(Claims("submit", site.occurrence_id(), OWNER,
                              int(site.clock().timestamp()) + 3600), b"another-key" * 3)
        cases = {f"{payload}.{kid}.{flipped}": 403, borrowed: 403, expired: 410, rotated: 410}
        before = dump_db(site.engine)
        for bad, status in cases.items():
            for answer in (client.get(f"{url}/a/{bad}"),
                           client.post(f"{url}/a/{bad}", data=form)):
                assert answer.status_code == status, bad
                assert CONTACT in answer.text
                assert "Nothing has been recorded" in answer.text
        wrong_form = client.post(genuine, data={**form, "csrf": "x" * 43})
        assert wrong_form.status_code == 403
        no_form = client.post(genuine, data={k: v for k, v in form.items() if k != "csrf"})
        assert no_form.status_code == 403
        assert dump_db(site.engine) == before


def test_an_expired_link_says_so(tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url)
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("view")
        assert client.get(link).status_code == 200
        site.clock.now += dt.timedelta(days=121)  # past the default 120-day lifetime
        answer = client.get(link)
        assert answer.status_code == 410 and "This link has expired." in answer.text


def test_bad_tokens_are_rate_limited_per_address(tmp_path: Path, sqlite_url: str,
                                                  dump_db: Callable[[Any], Any]) -> None:
    site = make_site(tmp_path, sqlite_url)
    ticks = [0.0]
    limiter = BadTokenLimiter(burst=3, per_minute=6, clock=lambda: ticks[0])
    with serving(site, limiter=limiter) as url, httpx.Client(timeout=30) as client:
        before = dump_db(site.engine)
        good = site.link("view")
        assert [client.get(f"{url}/a/x.y.z{i}").status_code for i in range(4)] == [
            403, 403, 403, 429]
        assert client.get(good).status_code == 429  # this address waits, even with a good link
        ticks[0] += 10.0  # one token back after 10 s at 6 a minute
        assert client.get(good).status_code == 200
        assert dump_db(site.engine) == before
