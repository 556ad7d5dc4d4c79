"""In a digest the recipient's own overdue reports (what is asked of them) come before
escalations of other people's reports, so "and M more" never hides what they must submit:
the MSCB chair's digest of the first demo scan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum

from config.loader import load_catalogue
from cycles.app.setup import catalogue_paths
from cycles.notify.fake import FakeNotifier
from cycles.notify.message import render, urgency
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database

CHAIR = "medway.mscb_chair"


def test_mscb_chairs_own_overdue_reports_come_before_escalations(tmp_path: Path) -> None:
    cat = load_catalogue(catalogue_paths(None))
    engine = open_database(f"sqlite:///{tmp_path}/c.sqlite")
    fake = FakeNotifier()
    as_of = pendulum.datetime(2026, 12, 4, 7, tz="Europe/London").in_timezone("UTC")
    Runner(engine, cat, fake, retry_delays=()).scan(as_of)
    [digest] = fake.messages_for(f"fake:{CHAIR}")
    text = " ".join(digest.text.split())
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(q.NOTE.select().with_only_columns(q.NOTE.c.id)
                                          .where(q.NOTE.c.tag == CHAIR))]
    rows = q.ledger_rows(engine, ids)
    states = {s.id: s for s in q.occurrence_states(engine, ids={r.occurrence_id for r in rows})}
    own = {states[r.occurrence_id] for r in rows if r.kind == "overdue"}
    others = [r for r in rows if r.kind == "escalation"]
    assert own and others and len(rows) > 8  # a digest that says "and M more"
    assert "more" in text
    first_escalation = text.index("has not been submitted")
    for occ in own:
        title = cat.entry(occ.obligation).obligation.title
        asked = text.find(f"Please submit {title} ({occ.period})")
        assert 0 <= asked < first_escalation, (title, occ.period)


def test_an_owners_overdue_report_outranks_a_longer_escalation(
        make_item: Callable[..., Any]) -> None:
    today = dt.date(2026, 12, 4)
    own = make_item(title="Mine", days_to_due=-3, working_days_late=2, kind="overdue",
                    stage="overdue-3")
    theirs = [make_item(title=f"Theirs {n}", obligation=f"medway.t{n}", kind="escalation",
                        stage="escalate-20wd", days_to_due=-60 - n, working_days_late=40)
              for n in range(12)]
    assert sorted([*theirs, own], key=urgency)[0] is own
    m = render([*theirs, own], "Independent Chair of the MSCB", today)
    assert m.text.index("Mine") < m.text.index("Theirs")
