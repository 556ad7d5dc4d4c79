"""Apprise derives an email's text/plain part from the HTML and drops link targets: the HTML
writes each URL beside its button in a span hidden from HTML readers, so a text-only reader
still gets every link; an HTML reader (and a Markdown route) sees each URL once, as a link."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cycles.notify.apprise_notifier import AppriseNotifier, without_plain_urls
from cycles.notify.mailsink import MailSink
from cycles.notify.message import render

TODAY = dt.date(2026, 10, 27)


def links(n: int) -> dict[str, str]:
    return {a: f"https://cycles.example/a/{a}-tok{n}" for a in ("submit", "view", "defer")}


def test_text_part_of_a_digest_email_names_every_link(
        tmp_path: Path, mail_sink: MailSink, make_item: Callable[..., Any]) -> None:
    config = tmp_path / "apprise.yml"
    config.write_text(f"""\
urls:
  - "{mail_sink.apprise_url('dcs@medway.example')}":
      tag: medway.dcs
""", encoding="utf-8")
    notifier = AppriseNotifier(config)
    [route] = notifier.routes("medway.dcs")
    items = [make_item(obligation=f"medway.r{n}", title=f"Report {n}", actions=links(n))
             for n in range(12)]
    message = render(items, "Director of Children's Services", TODAY,
                     more_url="https://cycles.example/a/board-tok")
    assert notifier.send(message, route).ok
    [mail] = mail_sink.messages()
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    shown = set(re.findall(r'href="([^"]+)"', html))
    assert len(shown) > 8 and "https://cycles.example/a/board-tok" in shown
    for url in shown:
        assert f"<{url}>" in text, url
    assert "Record as submitted <https://cycles.example/a/submit-tok" in text
    # hidden from HTML readers; removed where a route gets Markdown
    assert re.search(r'<span class="plain-url" style="display:none;[^"]*"> &lt;https://',
                     html)
    assert "&lt;https://" not in without_plain_urls(message.html)
