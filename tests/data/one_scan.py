"""One scan in its own process: DB_URL CATALOGUE NOTIFY AS_OF [GO_FILE].

With GO_FILE, once imported it writes GO_FILE.<pid>.ready and waits for GO_FILE to exist,
so that several processes start scanning together.
"""

import json
import os
import sys
import time
from pathlib import Path

import pendulum

from config.loader import load_catalogue
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.runner import Runner
from storage.db import open_database

db, catalogue, notify, as_of = sys.argv[1:5]
go = Path(sys.argv[5]) if len(sys.argv) > 5 else None
cat = load_catalogue([Path(catalogue)])
notifier = AppriseNotifier(notify)
instant = pendulum.parse(as_of).in_timezone("UTC")
if go is not None:  # start together with the other processes
    Path(f"{go}.{os.getpid()}.ready").touch()
    while not go.exists():
        time.sleep(0.001)
engine = open_database(db)
runner = Runner(engine, cat, notifier, clock=lambda: instant, sleep=lambda s: None,
                retry_delays=())
report = runner.scan(instant)
print(json.dumps({"queued": report.queued, "sent": report.sent, "failed": report.failed,
                  "skipped": report.skipped, "messages_sent": report.messages_sent,
                  "ok": report.ok}))
