"""Real parts for the web tests: a catalogue, a migrated database, a running uvicorn.

``Site`` holds an engine on a SQLite file (or a fresh PostgreSQL database), the catalogue
below, a fixed link key and a settable clock; ``running(app)`` serves an app on a free
loopback port in a thread (uvicorn, with the token-scrubbing log config).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum
from sqlalchemy import select

# 2026-27 Q1 of web.quarterly-return is due Tue 21 Jul 2026 (15 working days after 30 Jun).
WEB_AREA = """\
area: web
name: Webton
board: Webton Safeguarding Children Board
partnership: Webton Children's Trust Board
source_file: web-protocol.txt
tracking_from: 2026-04-01
roles:
  owner: {title: Report Owner}
  business_manager: {title: WSCB Business Manager}
  dcs: {title: Director of Children's Services}
  ce: {title: Chief Executive}
  board: {title: Webton Children's Trust Board}
  secretary: {title: Secretary to the Trust Board}
reminders: {before_working_days: [14, 3], on_due: true, overdue_every_days: 7}
escalation:
  - {after_working_days: 5, to: [dcs]}
  - {after_working_days: 10, to: [ce]}
obligations:
  - id: quarterly-return
    title: TITLE
    owner: [owner]
    recipients: [board]
    received_by: secretary
    cadence: quarterly
    due: {working_days_after: 15}
    source: {file: web-protocol.txt, quote: "QUOTE"}
"""
TITLE = "Quarterly performance return"
QUOTE = "The owner sends the quarterly performance return to the Trust Board."
OWNER, DCS, SECRETARY, CE = "web.owner", "web.dcs", "web.secretary", "web.ce"
KEY = b"web-test-key-0123456789abcdef012"
BASE = "http://127.0.0.1"


def london(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return pendulum.datetime(year, month, day, hour, tz="Europe/London").in_timezone("UTC")


@dataclass
class Clock:
    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Site:
    engine: Any
    catalogue: Any
    clock: Clock
    folder: Path
    url: str
    base: str = BASE
    key: bytes = KEY
    extra: dict[str, Any] = field(default_factory=dict)

    def occurrence_id(self, period: str = "2026-27 Q1",
                      obligation: str = "web.quarterly-return") -> int:
        from storage import queries as q

        with self.engine.connect() as conn:
            return int(conn.execute(select(q.OCC.c.id).where(
                q.OCC.c.key == f"{obligation}@{period}")).scalar_one())

    def link(self, action: str, tag: str = OWNER, occurrence_id: int | None = None,
             ref: int = 0, base: str | None = None) -> str:
        from cycles.links.maker import LinkMaker

        maker = LinkMaker(base or self.base, self.key)
        occ = self.occurrence_id() if occurrence_id is None else occurrence_id
        return maker.url(action, occ, tag, self.clock(), ref)

    def app(self, notifier: Any = None, limiter: Any = None, base: str | None = None) -> Any:
        from cycles.web.app import create_app

        return create_app(self.engine, self.catalogue, self.key, base or self.base,
                          self.clock, notifier, limiter)


def make_site(tmp_path: Path, url: str, title: str = TITLE, quote: str = QUOTE,
              now: dt.datetime | None = None, extra_obligations: str = "") -> Site:
    """The Webton catalogue in tmp_path, the database migrated and synced at ``now``."""
    import json

    from config.loader import load_catalogue
    from cycles.app.occurrences import sync_catalogue as sync
    from cycles.london import london_date
    from storage.db import open_database

    folder = tmp_path / "catalogue"
    folder.mkdir(exist_ok=True)
    text = WEB_AREA.replace("TITLE", json.dumps(title)).replace('"QUOTE"', json.dumps(quote))
    (folder / "web.yaml").write_text(text + extra_obligations, encoding="utf-8")
    catalogue = load_catalogue([folder])
    clock = Clock(now or london(2026, 7, 22))
    engine = open_database(url)
    sync(engine, catalogue, london_date(clock()), clock())
    return Site(engine, catalogue, clock, folder, url)


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def done_text(html: str) -> str:
    import html as markup

    found = re.search(r'class="done"[^>]*>([^<]*)<', html)
    assert found, "no confirmation on the page"
    return markup.unescape(found.group(1))


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def serving(site: Site, notifier: Any = None, limiter: Any = None) -> Iterator[str]:
    """The site's app under uvicorn on a free loopback port, its links pointing there."""
    sock = free_socket()
    site.base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with running(site.app(notifier, limiter), sock) as url:
        yield url


@contextlib.contextmanager
def running(app: Any, sock: socket.socket | None = None) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port; yields ``http://127.0.0.1:PORT``."""
    import uvicorn

    from cycles.web.security import uvicorn_log_config

    sock = sock or free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=uvicorn_log_config(), lifespan="off",
                            limit_concurrency=1000, backlog=2048)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def mail_routes(tmp_path: Path, sink: Any, catalogue: Any) -> Any:
    """An AppriseNotifier with one mail-sink route per role of every area."""
    import yaml

    from cycles.notify.apprise_notifier import AppriseNotifier

    urls = []
    for area in catalogue.areas.values():
        for role in area.roles:
            to = f"{role.replace('_', '-')}@{area.area}.example.org"
            urls.append({sink.apprise_url(to): [{"tag": f"{area.area}.{role}"}]})
    path = tmp_path / "apprise.yml"
    path.write_text(yaml.safe_dump({"version": 1, "urls": urls}), encoding="utf-8")
    return AppriseNotifier(str(path))
