"""The record commands (submit, waive, defer, event) and `cycles run`/`status` on bad input:
one clear line on stderr, exit 2, no traceback, and the database unchanged (a dump of every
table before and after). Then the happy paths, with what they print.

The catalogue is the two small areas of conftest (alpha, beta) plus gamma, which has one
event-triggered obligation. alpha.quarterly-return 2026-27 Q2 is due Wed 21 Oct 2026.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import Result
from sqlalchemy import text

from config.loader import load_catalogue
from cycles.app import records
from cycles.app.occurrences import sync_catalogue
from storage.db import open_database

GAMMA_YAML = """\
area: gamma
name: Gammaby
board: Gammaby Safeguarding Children Board
partnership: Gammaby Children's Trust Board
source_file: gamma-protocol.txt
tracking_from: 2026-04-01
roles:
  chair: {title: Independent Chair}
  trust: {title: Gammaby Children's Trust Board}
events:
  review_published: {title: Case review published}
obligations:
  - id: review-learning
    title: Case review learning reported to the Trust
    owner: [chair]
    recipients: [trust]
    cadence: event
    trigger: review_published
    due: {working_days_after: 20}
    source:
      file: gamma-protocol.txt
      quote: The Chair reports the learning from each published case review to the Trust.
"""

Dump = Callable[[Any], dict[str, list[dict[str, Any]]]]


@pytest.fixture
def catalogue(small_catalogue: Path) -> Path:
    (small_catalogue / "gamma.yaml").write_text(GAMMA_YAML, encoding="utf-8")
    return small_catalogue


@pytest.fixture
def db(catalogue: Path, sqlite_url: str) -> str:
    """A database with history in it: synced, one submission, one waiver, one event."""
    cat = load_catalogue([catalogue])
    engine = open_database(sqlite_url)
    now = pendulum.datetime(2026, 10, 1, 9, tz="UTC")
    sync_catalogue(engine, cat, dt.date(2026, 10, 1), now)
    records.submit(engine, cat, "alpha.quarterly-return", "2026-27 Q1", "Manager",
                   pendulum.datetime(2026, 7, 20, 10, tz="UTC"), now)
    records.waive(engine, cat, "beta.half-year-return", "2025-26 H2", "merged", "Lead", now)
    records.record_event(engine, cat, "gamma.review_published", dt.date(2026, 9, 1),
                         "Review A", now, "Chair")
    engine.dispose()
    return sqlite_url


def one_line(result: Result) -> str:
    """The single problem line of a rejected command, after the shared checks."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: "), lines[0]
    return lines[0]


# ---- bad input: one line, exit 2, nothing changed --------------------------------------------

BAD_RECORDS = {
    "unknown obligation": (
        ["submit", "alpha.quartely-return", "--period", "2026-27 Q2", "--by", "M"],
        "alpha.quartely-return"),
    "unknown period label": (
        ["submit", "alpha.quarterly-return", "--period", "2026-27 Q9", "--by", "M"],
        "no period '2026-27 Q9'"),
    "submission in the future": (
        ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--by", "M",
         "--at", "2099-01-01T09:00"], "in the future"),
    "unparseable --at": (
        ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--at", "yesterday"],
        "--at"),
    "evidence that is not a link": (
        ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--by", "M",
         "--evidence", "see email"], "--evidence"),
    "submit twice": (
        ["submit", "alpha.quarterly-return", "--period", "2026-27 Q1", "--by", "M"],
        "already submitted"),
    "waive a waived one": (
        ["waive", "beta.half-year-return", "--period", "2025-26 H2", "--reason", "r",
         "--approver", "a"], "already waived"),
    "waive without a reason": (
        ["waive", "alpha.quarterly-return", "--period", "2026-27 Q2", "--reason", " ",
         "--approver", "a"], "--reason"),
    "defer to an earlier date": (
        ["defer", "alpha.quarterly-return", "--period", "2026-27 Q2", "--to", "2026-10-01",
         "--reason", "r", "--approver", "a"], "not after the current due date 2026-10-21"),
    "defer to a non-date": (
        ["defer", "alpha.quarterly-return", "--period", "2026-27 Q2", "--to", "31/10/2026",
         "--reason", "r", "--approver", "a"], "not a date"),
    "period before tracking began": (
        ["submit", "alpha.quarterly-return", "--period", "2025-26 Q3", "--by", "M"],
        "before tracking began"),
    "unknown event": (
        ["event", "gamma.review_publisehd", "--on", "2026-09-02"], "not an event type"),
    "event in the future": (
        ["event", "gamma.review_published", "--on", "2099-01-01"], "in the future"),
    "event recorded twice": (
        ["event", "gamma.review_published", "--on", "2026-09-01", "--ref", "Review A"],
        "already recorded"),
    "close an event never recorded": (
        ["event", "gamma.review_published", "--on", "2026-09-02", "--ref", "Nope", "--close"],
        "no recorded event"),
    "unknown area for status": (["status", "--area", "delta"], "unknown area 'delta'"),
}


@pytest.mark.parametrize("case", list(BAD_RECORDS))
def test_bad_record_is_one_line_and_changes_nothing(
        case: str, cli: Callable[..., Result], catalogue: Path, db: str, dump_db: Dump) -> None:
    args, expected = BAD_RECORDS[case]
    before = dump_db(db)
    line = one_line(cli(*args, "--db", db, "--catalogue", str(catalogue)))
    assert expected in line
    assert dump_db(db) == before


@pytest.mark.parametrize("config, expected", [
    (None, "no notification config"),
    ("missing.yml", "file not found"),
    ("urls: [\n  - mailto://x\n", "not valid YAML"),
    ("version: 1\nurls:\n  - nosuch://example.org:\n      - tag: alpha.manager\n",
     "unknown notification scheme"),
    ("version: 1\nurls: []\n", "no notification URLs"),
    ("version: 1\nurls:\n  - mailto://u:${NOT_SET_ANYWHERE}@127.0.0.1:\n"
     "      - tag: alpha.manager\n", "NOT_SET_ANYWHERE"),
])
def test_run_with_a_bad_notification_config_is_one_line_and_changes_nothing(
        config: str | None, expected: str, tmp_path: Path, cli: Callable[..., Result],
        catalogue: Path, db: str, dump_db: Dump, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CYCLES_APPRISE_CONFIG", raising=False)
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    notify: list[str] = []
    if config is not None:
        path = tmp_path / "apprise.yml"
        if config != "missing.yml":
            path.write_text(config, encoding="utf-8")
        notify = ["--notify", str(path)]
    before = dump_db(db)
    line = one_line(cli("run", "--as-of", "2026-10-16T07:00", *notify, "--db", db,
                        "--catalogue", str(catalogue)))
    assert expected in line
    assert dump_db(db) == before


@pytest.mark.parametrize("args", [
    ["status"],
    ["history", "alpha.quarterly-return"],
    ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--by", "M"],
    ["waive", "alpha.quarterly-return", "--period", "2026-27 Q2", "--reason", "r",
     "--approver", "a"],
])
def test_unreachable_database_is_one_line(args: list[str], cli: Callable[..., Result],
                                          catalogue: Path) -> None:
    line = one_line(cli(*args, "--db", "postgresql+psycopg://postgres:pw-canary@127.0.0.1:1/x",
                        "--catalogue", str(catalogue)))
    assert "cannot reach the database" in line and "127.0.0.1:1" in line
    assert "pw-canary" not in line


@pytest.mark.parametrize("args", [
    ["status"],
    ["history", "alpha.quarterly-return"],
    ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--by", "M"],
    ["defer", "alpha.quarterly-return", "--period", "2026-27 Q2", "--to", "2026-11-20",
     "--reason", "r", "--approver", "a"],
    ["simulate", "--from", "2026-10-01", "--to", "2026-10-31"],
])
def test_database_from_a_newer_release_is_one_line_and_untouched(
        args: list[str], cli: Callable[..., Result], catalogue: Path, db: str,
        dump_db: Dump) -> None:
    engine = open_database(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_newer'"))
    engine.dispose()
    before = dump_db(db)
    line = one_line(cli(*args, "--db", db, "--catalogue", str(catalogue)))
    assert "9999_newer" in line and "newer release" in line
    assert dump_db(db) == before


# ---- happy paths ----------------------------------------------------------------------------

def test_submit_waive_defer_event_then_history_and_status(
        cli: Callable[..., Result], catalogue: Path, db: str) -> None:
    common = ("--db", db, "--catalogue", str(catalogue))

    done = cli("submit", "alpha.quarterly-return", "--period", "2026-27 Q2", "--by",
               "Board Manager", "--at", "2026-10-23T16:00", "--evidence",
               "https://example.org/q2.pdf", *common)
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == (
        "recorded: alpha.quarterly-return 2026-27 Q2 submitted by Board Manager on "
        "2026-10-23 (2 working days late; due 2026-10-21)")

    waived = cli("waive", "alpha.annual-report", "--period", "2026-27", "--reason",
                 "joint report with beta", "--approver", "Chair", *common)
    assert waived.exit_code == 0, waived.output
    assert waived.stdout.strip() == "recorded: alpha.annual-report 2026-27 waived by Chair"

    deferred = cli("defer", "beta.half-year-return", "--period", "2026-27 H1", "--to",
                   "2026-11-30", "--reason", "council recess", "--approver", "Lead", *common)
    assert deferred.exit_code == 0, deferred.output
    assert deferred.stdout.strip() == ("recorded: beta.half-year-return 2026-27 H1 deferred "
                                       "to 2026-11-30 (originally due 2026-10-30)")

    event = cli("event", "gamma.review_published", "--on", "2026-10-05", "--ref", "Review B",
                "--by", "Chair", *common)
    assert event.exit_code == 0, event.output
    assert "Case review published (Gammaby) on 2026-10-05, reference 'Review B'" in event.stdout

    history = cli("history", "alpha.quarterly-return", "--json", *common)
    assert history.exit_code == 0, history.output
    by_period = {h["occurrence"]["period"]: h for h in json.loads(history.stdout)}
    q2 = by_period["2026-27 Q2"]
    assert q2["occurrence"]["status"] == "submitted"
    assert q2["submissions"][0]["submitted_by"] == "Board Manager"
    assert q2["submissions"][0]["evidence"] == "https://example.org/q2.pdf"
    assert q2["submissions"][0]["submitted_at"].startswith("2026-10-23T15:00:00")  # UTC
    assert by_period["2026-27 Q1"]["occurrence"]["status"] == "submitted"
    text_history = cli("history", "alpha.quarterly-return", *common)
    assert text_history.exit_code == 0 and "2026-27 Q2" in text_history.stdout

    status = cli("status", "--as-of", "2026-10-26T09:00", "--days", "300", "--all", "--json",
                 *common)
    assert status.exit_code == 0, status.output
    rows = {(r["obligation"], r["period"]): r for r in json.loads(status.stdout)}
    assert rows[("alpha.quarterly-return", "2026-27 Q2")]["state"] == "submitted"
    assert rows[("alpha.annual-report", "2026-27")]["state"] == "waived"
    half = rows[("beta.half-year-return", "2026-27 H1")]
    assert (half["due"], half["original_due"], half["deferred"]) == (
        "2026-11-30", "2026-10-30", True)
    assert ("gamma.review-learning", "Review B") in rows
    assert rows[("gamma.review-learning", "Review A")]["due"] == "2026-09-29"
    assert rows[("gamma.review-learning", "Review A")]["state"] == "overdue"

    open_only = cli("status", "--as-of", "2026-10-26T09:00", "--json", *common)
    assert all(r["state"] not in ("submitted", "waived")
               for r in json.loads(open_only.stdout))


def test_simulate_a_quarter_lists_every_stage_on_its_day_and_writes_nothing(
        cli: Callable[..., Result], catalogue: Path, db: str, dump_db: Dump,
        tmp_path: Path) -> None:
    before = dump_db(db)
    result = cli("simulate", "--from", "2026-09-01", "--to", "2026-11-30", "--area", "alpha",
                 "--json", "--db", db, "--catalogue", str(catalogue))
    assert result.exit_code == 0, result.output
    sends = json.loads(result.stdout)
    q2 = [(s["day"], s["stage"], s["to"]) for s in sends
          if s["obligation"] == "alpha.quarterly-return" and s["period"] == "2026-27 Q2"]
    assert q2 == [
        ("2026-10-01", "before-14wd", "alpha.manager"),
        ("2026-10-16", "before-3wd", "alpha.manager"),
        ("2026-10-21", "due", "alpha.manager"),
        ("2026-10-22", "overdue-1", "alpha.manager"),
        ("2026-10-28", "escalate-5wd", "alpha.chair"),
        ("2026-10-29", "overdue-2", "alpha.manager"),
        ("2026-11-05", "overdue-3", "alpha.manager"),
        ("2026-11-12", "overdue-4", "alpha.manager"),
        ("2026-11-19", "overdue-5", "alpha.manager"),
        ("2026-11-26", "overdue-6", "alpha.manager"),
    ]
    assert all(s["due"] == "2026-10-21" for s in sends if s["period"] == "2026-27 Q2"
               and s["obligation"] == "alpha.quarterly-return")
    assert not [s for s in sends if s["period"] == "2026-27 Q1"
                and s["obligation"] == "alpha.quarterly-return"]  # submitted
    assert dump_db(db) == before

    fresh = tmp_path / "never-created.sqlite"
    table = cli("simulate", "--from", "2026-09-01", "--to", "2026-11-30", "--db",
                f"sqlite:///{fresh}", "--catalogue", str(catalogue))
    assert table.exit_code == 0, table.output
    assert "notifications would be sent" in table.stdout
    assert not fresh.exists()
