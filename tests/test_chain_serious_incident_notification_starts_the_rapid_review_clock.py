"""The serious-incident chain of the Working Together 2023 template, end to end through the
command line, a SQLite file and an SMTP server on loopback (aiosmtpd): the incident is
recorded, the scan reminds the local authority to notify the Panel, the notification is
recorded as submitted, and the rapid review's clock starts from that submission.

Testshire is made by ``cycles init --template wt2023`` tracking from Thu 1 Oct 2026; nothing
else of the template falls due before the end of the year, so every message is the chain's.

* Incident recorded Mon 5 Oct 2026. Notification: +5 working days (6, 7, 8, 9, 12 Oct) =
  Mon 12 Oct 2026; its reminders 3 and 1 working days before: Wed 7 Oct and Fri 9 Oct.
* Notification submitted Fri 9 Oct 2026 at 15:00. Rapid review: +15 working days from the
  submission (12-16 Oct 5, 19-23 Oct 10, 26-30 Oct 15) = Fri 30 Oct 2026 (counted from the
  incident it would have been Mon 26 Oct). Its reminders 10, 5 and 2 working days before:
  Fri 16 Oct (30, 29, 28, 27, 26, 23, 22, 21, 20, 19 are the 10 days between), Fri 23 Oct,
  Wed 28 Oct.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

AREA = "testshire"
CHAIN = ("serious-incident-notification", "rapid-review")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def make_area(cli: Callable[..., Result], tmp_path: Path, sink: Any) -> tuple[Path, Path]:
    """``cycles init`` into tmp_path, and an Apprise file giving every role a mailbox."""
    path = tmp_path / f"{AREA}.yaml"
    made = cli("init", "--template", "wt2023", "--area", AREA, "--out", str(path),
               "--tracking-from", "2026-10-01")
    assert made.exit_code == 0, made.output
    roles = yaml.safe_load(path.read_text())["roles"]
    urls = [{sink.apprise_url(f"{role}@{AREA}.example.org"): [{"tag": f"{AREA}.{role}"}]}
            for role in roles]
    notify = tmp_path / "apprise.yml"
    notify.write_text(yaml.safe_dump({"version": 1, "urls": urls}), encoding="utf-8")
    return path, notify


def test_the_submitted_notification_starts_the_rapid_review_and_its_reminders(
        cli: Callable[..., Result], tmp_path: Path, mail_sink: Any) -> None:
    catalogue, notify = make_area(cli, tmp_path, mail_sink)
    db = f"sqlite:///{tmp_path / 'cycles.sqlite'}"
    common = ("--db", db, "--catalogue", str(catalogue))

    def scan(as_of: str) -> list[tuple[str, str]]:
        """One scan; the messages it delivered as (recipient, subject)."""
        before = mail_sink.count
        result = cli("run", "--as-of", as_of, "--notify", str(notify), "--json", *common)
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["failed"] == 0 and report["unrouted"] == [] and report["warnings"] == []
        return sorted((str(m["X-Envelope-To"]), str(m["Subject"]))
                      for m in mail_sink.messages()[before:])

    recorded = cli("event", f"{AREA}.serious_incident", "--on", "2026-10-05",
                   "--ref", "SI-2026-01", *common)
    assert recorded.exit_code == 0, recorded.output

    assert scan("2026-10-06T07:00") == []  # 4 working days before: not yet
    [(to, subject)] = scan("2026-10-07T07:00")
    assert to == f"delegated_la@{AREA}.example.org"
    assert "SI-2026-01" in subject and "due Mon 12 Oct 2026" in subject

    submitted = cli("submit", f"{AREA}.serious-incident-notification", "--period",
                    "SI-2026-01", "--at", "2026-10-09T15:00", "--by", "Delegated LA", *common)
    assert submitted.exit_code == 0, submitted.output
    assert "on 2026-10-09 (on time; due 2026-10-12)" in submitted.stdout

    status = cli("status", "--as-of", "2026-10-09T16:00", "--all", "--json", *common)
    assert status.exit_code == 0, status.output
    rows = [(r["obligation"], r["period"], r["due"], r["state"]) for r in json.loads(status.stdout)
            if r["obligation"].removeprefix(f"{AREA}.") in CHAIN]
    assert rows == [
        (f"{AREA}.serious-incident-notification", "SI-2026-01", "2026-10-12", "submitted"),
        (f"{AREA}.rapid-review", "SI-2026-01", "2026-10-30", "upcoming"),
    ]

    assert scan("2026-10-15T07:00") == []  # the notification is done; the review not yet due
    review = scan("2026-10-16T07:00")
    assert [to for to, _ in review] == [f"delegated_{who}@{AREA}.example.org"
                                        for who in ("icb", "la", "police")]
    assert all("Rapid review" in s and "SI-2026-01" in s and "due Fri 30 Oct 2026" in s
               for _, s in review)
    assert scan("2026-10-16T09:00") == []  # sent once
    assert len(scan("2026-10-23T07:00")) == 3  # 5 working days before
