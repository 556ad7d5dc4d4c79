"""Every link of every message of a demo scan, fetched with GET as a mail scanner would:
each opens a page, and the database is unchanged afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_support import Clock, Site, london, mail_routes, serving

from config.loader import load_catalogue
from cycles.links.maker import LinkMaker
from cycles.runner import Runner
from storage.db import open_database

pytestmark = pytest.mark.slow


def test_every_link_in_the_demo_messages_is_read_only(
        tmp_path: Path, sqlite_url: str, mail_sink: Any,
        dump_db: Callable[[Any], Any]) -> None:
    catalogue = load_catalogue()
    when = london(2026, 11, 23, 7)
    site = Site(open_database(sqlite_url), catalogue, Clock(when), tmp_path, sqlite_url)
    notifier = mail_routes(tmp_path, mail_sink, catalogue)
    with serving(site, notifier) as url:
        Runner(site.engine, catalogue, notifier, clock=lambda: when, sleep=lambda s: None,
               retry_delays=(), links=LinkMaker(site.base, site.key)).scan(when)
        links: set[str] = set()
        for message in mail_sink.messages():
            body = message.get_body(("html", "plain")).get_content()
            links.update(re.findall(re.escape(url) + r"/a/[A-Za-z0-9_.-]+", body))
        assert len(links) > 50
        before = dump_db(site.engine)
        with httpx.Client(timeout=30) as client:
            for link in sorted(links):
                answer = client.get(link)
                assert answer.status_code == 200, link
        assert dump_db(site.engine) == before
