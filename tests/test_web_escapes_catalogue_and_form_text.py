"""HTML and Markdown in catalogue titles, quotes and every form field come out as text on
every page and in the approver's message."""

from __future__ import annotations

from pathlib import Path

import httpx
from web_support import DCS, OWNER, SECRETARY, csrf, make_site, serving

from cycles.web import actions as act
from cycles.web.approval import approval_message

EVIL_TITLE = "Return <script>alert(1)</script> & [click](https://evil.example)"
EVIL_QUOTE = "The owner <b>must</b> <img src=x onerror=alert(2)> send it."
EVIL_TEXT = '<img src=x onerror=alert(3)>"\'&'


def test_markup_is_escaped_everywhere(tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url, title=EVIL_TITLE, quote=EVIL_QUOTE)
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("submit")
        page = client.get(link).text
        client.post(link, data={"csrf": csrf(page), "by": EVIL_TEXT, "date": "2026-07-22",
                                "evidence": "/share/" + EVIL_TEXT, "note": EVIL_TEXT})
        receive = site.link("receive", SECRETARY)
        client.post(receive, data={"csrf": csrf(client.get(receive).text),
                                   "meeting": "2026-07-22", "minute": EVIL_TEXT,
                                   "by": EVIL_TEXT})
        bad_form = client.post(site.link("defer", occurrence_id=site.occurrence_id("2026-27 Q2")),
                               data={"csrf": "x", "new_due": EVIL_TEXT, "reason": EVIL_TEXT})
        pages = [client.get(site.link(a)).text for a in ("view", "board", "submit", "defer")]
        pages += [bad_form.text, client.get(receive).text]
    for html in pages:
        assert "<script>" not in html and "<img" not in html and "<b>" not in html
    view = pages[0]
    assert ("Return &lt;script&gt;alert(1)&lt;/script&gt; &amp; [click](https://evil.example)"
            in view)
    assert "&lt;img src=x onerror=alert(3)&gt;&#34;&#39;&amp;" in view
    assert 'href="https://evil.example' not in view


def test_the_approvers_message_escapes_too(tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url, title=EVIL_TITLE)
    entry = site.catalogue.entry("web.quarterly-return")
    occ_id = site.occurrence_id("2026-27 Q2")
    request_id = act.request_deferral(site.engine, occ_id,
                                      act.occurrence(site.engine, occ_id)["due"].replace(day=28),
                                      EVIL_TEXT, EVIL_TEXT, OWNER, DCS, site.clock())
    message = approval_message(entry, act.occurrence(site.engine, occ_id) or {},
                               act.request(site.engine, request_id) or {}, "Director",
                               "https://cycles.example/a/t.o.k")
    assert "<script>" not in message.html and "<img" not in message.html
    texts = " ".join(b["text"] for b in message.card["body"])
    assert "\\[click\\]\\(https://evil\\.example\\)" in texts
