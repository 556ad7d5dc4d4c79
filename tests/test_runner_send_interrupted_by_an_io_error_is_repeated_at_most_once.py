"""A message handed to the notifier whose outcome could not be recorded (the database file
fails with an I/O error right after the send) is recognised by the next scan: the scan that
failed ends with one line (a ScanFault, exit 2 in the CLI), the next one sends that message
once more and says so ("may have been sent twice"), and a message interrupted like that
twice is taken as sent, never sent a third time.

Real parts: a SQLite file, the MailSink on loopback, the AppriseNotifier. The fault is real
too: ``chattr +i`` on the database files makes the next write fail with "disk I/O error".
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from config.loader import load_catalogue
from cycles.app.errors import ScanFault
from cycles.app.scanning import scan
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.seam import Message, Route, SendResult
from storage import queries as q
from storage.db import open_database


def chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


class DiskFailsAfterSend:
    """The real notifier; after the ``nth`` send the database files become immutable."""

    def __init__(self, notifier: AppriseNotifier, files: list[Path], nth: int = 1):
        self.notifier, self.files, self.nth, self.sends = notifier, files, nth, 0

    def routes(self, tag: str) -> list[Route]:
        return self.notifier.routes(tag)

    def send(self, message: Message, route: Route) -> SendResult:
        result = self.notifier.send(message, route)
        self.sends += 1
        if self.sends == self.nth:
            chattr("+i", *[f for f in self.files if f.exists()])
        return result


@pytest.fixture
def setup(tmp_path: Path, mail_sink: Any, many_routes: Callable[..., Any]) -> Any:
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    probe = tmp_path / "probe"
    probe.touch()
    if subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not permitted here")
    chattr("-i", probe)
    sc = many_routes(mail_sink.port, routes=3, obligations=1)
    db = tmp_path / "cycles.sqlite"
    engine = open_database(f"sqlite:///{db}")
    files = [db, Path(f"{db}-wal")]  # not the -shm: it is mapped in memory (SIGBUS)
    yield sc, engine, files, load_catalogue([sc.catalogue]), AppriseNotifier(str(sc.notify))
    subprocess.run(["chattr", "-i", *map(str, files)], capture_output=True)
    engine.dispose()


def ledger(engine: Any) -> Counter[str]:
    with engine.connect() as conn:
        return Counter(r.status for r in conn.execute(select(q.NOTE)))


def one_scan(engine: Any, cat: Any, notifier: Any, at: dt.datetime, who: str) -> Any:
    # one delivery worker: with a pool, each worker may have one message in flight when the
    # disk fails (the README says so); this test follows one interrupted message
    return scan(engine, cat, notifier, as_of=at, clock=lambda: at, sleep=lambda s: None,
                retry_delays=(), identity=who, workers=1)


def test_an_interrupted_send_is_named_and_repeated_once(setup: Any, mail_sink: Any) -> None:
    sc, engine, files, cat, notifier = setup
    with pytest.raises(ScanFault) as fault:
        one_scan(engine, cat, DiskFailsAfterSend(notifier, files), sc.as_of, "host:1")
    assert "\n" not in str(fault.value) and "disk I/O error" in str(fault.value)
    chattr("-i", *[f for f in files if f.exists()])
    assert mail_sink.count == 1  # handed over, outcome not recorded
    assert ledger(engine)["sending"] == 1

    later = sc.as_of + dt.timedelta(minutes=11)  # past the first runner's lease
    report = one_scan(engine, cat, notifier, later, "host:2")
    assert report.ok and report.maybe_repeated == 1 and report.taken_as_sent == 0
    assert ledger(engine) == {"sent": 3}
    assert mail_sink.count == 4  # three recipients, one of them twice
    to = Counter(str(m["X-Envelope-To"]) for m in mail_sink.messages())
    assert sorted(to.values()) == [1, 1, 2]


def test_a_message_interrupted_twice_is_not_sent_a_third_time(setup: Any,
                                                              mail_sink: Any) -> None:
    sc, engine, files, cat, notifier = setup
    with pytest.raises(ScanFault):
        one_scan(engine, cat, DiskFailsAfterSend(notifier, files), sc.as_of, "host:1")
    chattr("-i", *[f for f in files if f.exists()])
    second = sc.as_of + dt.timedelta(minutes=11)
    with pytest.raises(ScanFault):  # the resend is interrupted the same way
        one_scan(engine, cat, DiskFailsAfterSend(notifier, files), second, "host:2")
    chattr("-i", *[f for f in files if f.exists()])
    assert mail_sink.count == 2

    third = second + dt.timedelta(minutes=11)
    report = one_scan(engine, cat, notifier, third, "host:3")
    assert report.taken_as_sent == 1 and report.maybe_repeated == 0
    assert ledger(engine) == {"sent": 3}
    to = Counter(str(m["X-Envelope-To"]) for m in mail_sink.messages())
    assert sorted(to.values()) == [1, 1, 2]  # the twice-interrupted one: no third copy
    with engine.connect() as conn:
        errors = [r.last_error for r in conn.execute(select(q.NOTE)) if r.last_error]
    assert errors == ["interrupted twice after being handed to the notifier: taken as sent, "
                      "not repeated again"]
