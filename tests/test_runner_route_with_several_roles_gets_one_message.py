"""A route tagged with several roles (one address for the Chief Executive, the Leader and
the DCS) gets one message per scan: the greeting names every role, each report appears once
(at its highest step, with the links of the role with the most rights), and the ledger
still marks every (occurrence, stage, route) row sent."""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from config.loader import load_catalogue
from cycles.links.maker import LinkMaker
from cycles.links.tokens import verify
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import MailSink
from cycles.notify.message import DIGEST_LIMIT
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

CATALOGUE = Path(__file__).resolve().parents[1] / "config" / "catalogue" / "medway.yaml"
KEY = b"k" * 32
TAGS = ("medway.chief_executive", "medway.leader", "medway.dcs")


def test_three_roles_one_address_one_message_each_report_once(
        tmp_path: Path, mail_sink: MailSink) -> None:
    config = tmp_path / "apprise.yml"
    config.write_text("urls:\n  - \"" + mail_sink.apprise_url("top@medway.example") + "\":\n"
                      "      tag: " + ", ".join(TAGS) + "\n", encoding="utf-8")
    cat = load_catalogue([CATALOGUE])
    engine = open_database(f"sqlite:///{tmp_path}/c.sqlite")
    links = LinkMaker("https://cycles.example", KEY)
    as_of = pendulum.datetime(2026, 12, 4, 7, tz="Europe/London").in_timezone("UTC")
    report = Runner(engine, cat, AppriseNotifier(config), retry_delays=(),
                    links=links).scan(as_of)

    [mail] = mail_sink.messages()
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    greeting = text.strip().splitlines()[0]
    assert greeting == ("Chief Executive, Medway Council, Director of Children's Services and "
                        "Leader of Medway Council,")
    # rows owed to several of the roles for one report (the CE's 10- and 20-working-day
    # escalation steps, the Leader's 20, the DCS's own overdue) make one item each
    rows = q.ledger_rows(engine, [r[0] for r in _ids(engine)])
    per_occurrence: dict[int, set[tuple[str, str]]] = {}
    for r in rows:
        per_occurrence.setdefault(r.occurrence_id, set()).add((r.stage, r.tag))
    assert any(len(pairs) > 1 for pairs in per_occurrence.values())
    counted = re.search(r"(\d+) Medway reports", str(mail["Subject"]))
    assert counted is not None and int(counted.group(1)) == len(per_occurrence)
    # no report twice: each shown report's View link once, each bound to one role
    claims = [verify(t, KEY, as_of) for t in re.findall(r'href="https://cycles\.example/a/'
                                                       r'([^"]+)"', html)]
    views = [c.occurrence_id for c in claims if c.action == "view"]
    assert len(views) == min(len(per_occurrence), DIGEST_LIMIT) == len(set(views))
    # the DCS owns the six-monthly reports: their links are the DCS's (record, defer)
    six_monthly = {r.occurrence_id for r in rows if r.tag == "medway.dcs"}
    assert six_monthly & set(views)
    assert {c.tag for c in claims if c.occurrence_id in six_monthly} == {"medway.dcs"}
    assert any(c.action == "submit" for c in claims if c.occurrence_id in six_monthly)
    # every row is marked sent, one message
    assert report.messages_sent == 1 and report.sent == len(rows) == report.queued
    assert {r.status for r in rows} == {"sent"}


def _ids(engine: Engine) -> list[tuple[int, ...]]:
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(q.NOTE)).scalar_one() > 0
        return [tuple(r) for r in conn.execute(select(q.NOTE.c.id))]
