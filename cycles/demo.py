"""Embedded defaults for ``cycles run --demo``: SQLite in ./data and a local mail sink.

Every role of every area gets an email route (``dcs@medway.example.org``) to an SMTP server
started on loopback, which saves each message as an ``.eml`` file. No account is needed.

It writes only where it was told: the database (``--db``) and the outbox (``--outbox``);
the Apprise config pointing at the sink lives in a private temporary folder for as long as
the demo runs. Folders it creates are owner-only (0700).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from config.loader import Catalogue
from storage.db import database_url
from storage.private import private_dir, write_private


@contextlib.contextmanager
def demo_environment(catalogue: Catalogue, outbox: Path, db: str | None
                     ) -> Iterator[tuple[Any, str, Any]]:
    from cycles.notify.apprise_notifier import AppriseNotifier
    from cycles.notify.mailsink import MailSink

    url = database_url(db)
    private_dir(outbox)
    with MailSink(outbox) as sink, tempfile.TemporaryDirectory(
            prefix="cycles-demo-") as folder:
        routes = []
        for area in catalogue.areas.values():
            for role in area.roles:
                to = f"{role.replace('_', '-')}@{area.area}.example.org"
                routes.append({sink.apprise_url(to): [{"tag": f"{area.area}.{role}"}]})
        config = Path(folder) / "demo-apprise.yml"  # mkdtemp: 0700
        write_private(config, "# written by `cycles run --demo`: routes to the local mail "
                      "sink\n" + yaml.safe_dump({"version": 1, "urls": routes},
                                                sort_keys=False))
        sink.folder = outbox
        yield AppriseNotifier.from_env_or_path(str(config)), url, sink
