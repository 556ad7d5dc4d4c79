"""A GET of any page a link opens changes nothing (mail scanners fetch every link), and every
page carries the strict headers and loads nothing from another origin."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from web_support import CE, DCS, OWNER, SECRETARY, make_site, serving

from cycles.web import actions as act


def test_every_get_leaves_the_database_as_it_was(db_url: str, tmp_path: Path,
                                                  dump_db: Callable[[Any], Any]) -> None:
    site = make_site(tmp_path, db_url)
    occ = site.occurrence_id()
    request_id = act.request_deferral(site.engine, occ, site.clock().date().replace(month=9),
                                      "Data late from health partners", "Report Owner", OWNER,
                                      DCS, site.clock())
    with serving(site) as url:
        links = [site.link(a) for a in ("view", "submit", "defer", "receive", "board")]
        links += [site.link("receive", SECRETARY), site.link("view", CE),
                  site.link("approve-defer", DCS, ref=request_id)]
        links += [links[0][:-4] + "AAAA", f"{url}/a/not-a-token", f"{url}/", f"{url}/healthz",
                  f"{url}/static/site.css"]
        before = dump_db(site.engine)
        with httpx.Client(timeout=30) as client:
            for link in links:
                for _ in range(2):
                    answer = client.get(link)
                    assert answer.status_code in (200, 403), (link, answer.status_code)
                    assert answer.headers["referrer-policy"] == "no-referrer"
                    csp = answer.headers["content-security-policy"]
                    assert "default-src 'none'" in csp and "form-action 'self'" in csp
                    assert "frame-ancestors 'none'" in csp
                    if answer.headers["content-type"].startswith("text/html"):
                        nothing_from_elsewhere(answer.text, url)
                head = client.head(link)
                assert head.status_code in (200, 403, 405)
        assert dump_db(site.engine) == before


def nothing_from_elsewhere(html: str, url: str) -> None:
    assert "<script" not in html
    for ref in re.findall(r'(?:src|href|action)="([^"]*)"', html):
        assert ref.startswith(("/", url + "/")), ref
