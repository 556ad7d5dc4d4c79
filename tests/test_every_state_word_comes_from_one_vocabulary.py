"""Every state word and every lateness phrase people read comes from :mod:`cycles.vocabulary`:
the status (``cycles status`` and ``--json``), the Prefect status table, the record
messages, the notification messages and the compliance report.

Real parts: the shipped catalogue, a SQLite file, the CLI in-process, the message renderer
and the report renderers. Lateness is always counted in working days ("3 working days
late"); a state is one of the vocabulary's words, never a synonym ("missed", "pending"...).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from cycles.vocabulary import STATE_WORDS, StateWord, lateness, working_days

SIX_MONTHLY = "medway.chair-dcs-six-monthly-report"
# a number of days followed by how late: every such phrase must be "N working day(s) late"
LATENESS = re.compile(r"\b\d+\s*(?:working\s+)?d(?:ays?)?\b(?:\s+(?:late|ago|overdue))?"
                      r"|\boverdue\s+\d+\s+days?\b", re.IGNORECASE)
ALLOWED_LATENESS = re.compile(r"^\d+ working days? late$")
# words a person could take for a state that the vocabulary does not use
SYNONYMS = re.compile(r"\b(missed|pending|outstanding|completed?|late by|past due|not done)\b",
                      re.IGNORECASE)


def lateness_phrases(texts: Iterable[str]) -> list[str]:
    found = []
    for text in texts:
        for m in LATENESS.finditer(text):
            phrase = m.group(0)
            if re.search(r"late|ago|overdue|\dd\b", phrase, re.IGNORECASE):
                found.append(phrase)
    return found


def check(texts: list[str]) -> None:
    bad = [p for p in lateness_phrases(texts) if not ALLOWED_LATENESS.match(p)]
    assert not bad, f"lateness not in working days: {bad}"
    synonyms = sorted({m.group(0).lower() for t in texts for m in SYNONYMS.finditer(t)})
    assert not synonyms, f"state words outside cycles.vocabulary: {synonyms}"


def test_the_vocabulary_phrases() -> None:
    assert lateness(0) == "on time" and lateness(-2) == "on time"
    assert lateness(1) == "1 working day late"
    assert lateness(25) == "25 working days late"
    assert working_days(1) == "1 working day"
    assert {"upcoming", "due soon", "due today", "overdue", "submitted", "waived",
            "deferred", "escalated"} <= STATE_WORDS


@pytest.mark.parametrize(("at", "timing"), [
    ("2026-10-30T16:00", "on time"),
    ("2026-10-31T10:00", "1 working day late"),  # a Saturday counts from Monday, as the report
    ("2026-12-04T10:00", "25 working days late"),  # 35 calendar days
])
def test_the_record_message_says_working_days(tmp_path: Any, cli: Callable[..., Any],
                                              at: str, timing: str) -> None:
    db = f"sqlite:///{tmp_path / 'cycles.sqlite'}"
    done = cli("submit", SIX_MONTHLY, "--period", "2026-27 H1", "--by", "Jo Bloggs",
               "--at", at, "--db", db)
    assert done.exit_code == 0, done.output
    assert done.stdout.strip().endswith(f"({timing}; due 2026-10-30)")  # Fri 30 Oct 2026
    check([done.stdout])


def test_status_in_the_terminal_and_as_json(cli: Callable[..., Any],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # one line per row: phrases are not folded
    table = cli("status", "--as-of", "2026-12-04T09:00", "--area", "medway", "--days", "120")
    assert table.exit_code == 0, table.output
    assert "(25 working days late)" in table.stdout
    check([table.stdout])
    rows = json.loads(cli("status", "--as-of", "2026-12-04T09:00", "--area", "medway",
                          "--json").stdout)
    assert {r["state"] for r in rows} <= STATE_WORDS
    six = next(r for r in rows if r["obligation"] == SIX_MONTHLY and r["period"] == "2026-27 H1")
    assert (six["state"], six["days_late"]) == ("overdue", 25)


def test_the_prefect_status_table() -> None:
    from config.loader import load_catalogue
    from flows.publish import status_table

    rows = status_table(None, load_catalogue(), "medway", dt.date(2026, 12, 4))
    assert {r["state"] for r in rows} <= STATE_WORDS
    assert all(r["days late"] == "" or ALLOWED_LATENESS.match(r["days late"]) for r in rows)
    six = next(r for r in rows if r["obligation"] == SIX_MONTHLY and r["period"] == "2026-27 H1")
    assert six["days late"] == "25 working days late"
    check([json.dumps(rows)])


def submitted_late(cli: Callable[..., Any], folder: Any) -> Any:
    """A database where Medway's six-monthly 2026-27 H1 was submitted 25 working days
    late; the rest of the year is open or overdue."""
    from storage.db import open_database

    db = f"sqlite:///{folder / 'cycles.sqlite'}"
    done = cli("submit", SIX_MONTHLY, "--period", "2026-27 H1", "--by", "Jo Bloggs",
               "--at", "2026-12-04T10:00", "--db", db)
    assert done.exit_code == 0, done.output
    return open_database(db)


def test_the_compliance_figures_in_the_ui(cli: Callable[..., Any], tmp_path: Any) -> None:
    from config.loader import load_catalogue
    from cycles.app.compliance import build_report
    from flows.compliance_report import figures_rows

    c = build_report(submitted_late(cli, tmp_path), load_catalogue(), year="2026-27",
                     area="medway", as_of_date=dt.date(2027, 4, 15))
    rows = figures_rows(c)
    words = {k for r in rows for k in r} - {"report", "area", "obligation", "open",
                                            "on-time rate", "median working days late"}
    assert words == {"on time", "late", "overdue (not submitted)", "waived"}
    check([json.dumps(rows)])


@pytest.mark.xfail(strict=True, reason="the message templates (cycles/templates, issue 9's "
                   "owner) still count calendar days: '[Overdue 12 days]', '12 days late (8 "
                   "working days)'; the lead merges the wording")
def test_the_notification_messages(make_item: Callable[..., Any]) -> None:
    from cycles.notify.message import render

    today = dt.date(2026, 11, 13)
    overdue = make_item(days_to_due=-14, kind="overdue", stage="overdue-2",
                        due=dt.date(2026, 10, 30), working_days_late=10)
    escalated = make_item(obligation="medway.x", days_to_due=-14, kind="escalation",
                          stage="escalate-10wd", due=dt.date(2026, 10, 30),
                          working_days_late=10)
    texts = []
    for items in ([overdue], [escalated], [overdue, escalated]):
        m = render(items, "Director of Children's Services", today)
        texts += [m.subject, m.text]
    check(texts)


@pytest.mark.xfail(strict=True, reason="the compliance report (cycles/report.py, moving to "
                   "cycles/compliance/) says 'missed' where status says 'overdue'; the lead "
                   "merges the wording")
def test_the_compliance_report(cli: Callable[..., Any], tmp_path: Any) -> None:
    from config.loader import load_catalogue
    from cycles.app.compliance import build_report
    from cycles.compliance import Outcome, to_markdown

    c = build_report(submitted_late(cli, tmp_path), load_catalogue(), year="2026-27",
                     area="medway", as_of_date=dt.date(2027, 4, 15))
    assert {o.value for o in Outcome} <= STATE_WORDS | {"open"}
    check([to_markdown(c)])


def test_state_words_are_the_vocabularys() -> None:
    from cycles.scan import State

    assert {s.value for s in State} <= STATE_WORDS
    assert StateWord.overdue.value == State.overdue.value
