"""The three flows under one Prefect test harness (a temporary server for the session).

Real parts: SQLite files in tmp_path, the shipped catalogue, Prefect's API (artifacts and
flow runs are read back through the client). The notifier is the FakeNotifier, except for
the undeliverable route, which goes through Apprise to a loopback port nobody listens on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
# before prefect is imported: quiet and offline (see deployments/logging.yml)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_CONFIG_PATH", str(REPO / "deployments" / "logging.yml"))

pytestmark = pytest.mark.slow

SCAN_AT = "2026-11-02T07:00"  # a Monday: Medway's 2026-27 H1 six-monthly report is overdue
MEDWAY_SIX_MONTHLY = "medway.chair-dcs-six-monthly-report"


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """One temporary Prefect server for every flow test of the session (~10 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path) -> None:
    """The flows take their database and folders from the environment only."""
    monkeypatch.setenv("CYCLES_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CYCLES_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("CYCLES_BASE_URL", raising=False)
    monkeypatch.delenv("CYCLES_CATALOGUE", raising=False)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The flows' notifier replaced by a FakeNotifier (one route per tag), no retry pause."""
    from cycles.notify.fake import FakeNotifier
    from flows import wiring

    notifier = FakeNotifier()
    monkeypatch.setattr(wiring, "notifier_factory", lambda _config: notifier)
    monkeypatch.setattr(wiring, "runner_options", {"retry_delays": ()})
    return notifier


def artifacts_of(state: Any) -> dict[str, Any]:
    """The artifacts one flow run published, by key, read back through the client."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))
    return {a.key: a for a in found}


def latest_by_key(key: str) -> Any:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC, limit=1)
    assert found, f"no artifact with key {key!r}"
    return found[0]


def flow_run(state: Any) -> Any:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(state.state_details.flow_run_id)


def task_run_names(state: Any) -> list[str]:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(
            id=FlowRunFilterId(any_=[state.state_details.flow_run_id])))
    return sorted(r.name.rsplit("-", 1)[0] for r in runs)


# ---- reminder-scan ------------------------------------------------------------------------

def test_scan_completes_with_overdue_reports_and_publishes_a_status_table_per_area(
        prefect_api: None, fake: Any, sqlite_url: str) -> None:
    from config.loader import load_catalogue
    from flows.reminder_scan import reminder_scan

    state = reminder_scan(area="all", as_of=SCAN_AT,
                          return_state=True)

    assert state.is_completed() and state.name == "Completed", state.message
    result = state.result()
    assert result["failed"] == 0 and result["sent"] > 0
    assert result["artifacts"]["overdue"] > 0  # overdue reports do not fail a scan
    assert len(fake.sent) == result["messages_sent"]
    assert "none failed" in state.message

    # one task per batch of side effects, never one per obligation
    assert task_run_names(state) == ["deliver notifications", "queue notifications"]
    run = flow_run(state)
    assert "area:all" in run.tags
    assert run.name == "scan all 2026-11-02"

    areas = list(load_catalogue().areas)
    published = artifacts_of(state)
    assert {f"status-{a}" for a in areas} | {"scan-all"} <= set(published)

    table = latest_by_key("status-medway")  # read back by key, as the UI does
    assert table.type == "table"
    assert table.flow_run_id == state.state_details.flow_run_id
    rows = json.loads(table.data)
    mine = [r for r in rows if r["obligation"] == MEDWAY_SIX_MONTHLY]
    # what a person needs first; the obligation id the run form asks for within reach
    assert list(rows[0])[:7] == ["report", "period", "due", "state", "days late",
                                 "obligation", "owner"]
    # Fri 30 Oct 2026 -> Mon 2 Nov 2026: one working day late
    assert {(r["period"], r["state"], r["due"], r["days late"]) for r in mine} >= {
        ("2026-27 H1", "overdue", "Fri 30 Oct 2026", "1 working day late")}
    assert all(r["days late"] == "" for r in rows if r["state"] != "overdue")
    assert all(r["state"] not in ("submitted", "waived") for r in rows)

    summary = published["scan-all"]
    assert summary.type == "markdown"
    assert f"| notifications sent | {result['sent']} |" in summary.data
    assert "`status-medway`" in summary.data


def test_an_undeliverable_route_fails_the_run_naming_it_without_its_secret(
        prefect_api: None, monkeypatch: pytest.MonkeyPatch, sqlite_url: str,
        tmp_path: Path, closed_port: int) -> None:
    from cycles.notify.apprise_notifier import AppriseNotifier
    from flows import wiring
    from flows.reminder_scan import reminder_scan

    monkeypatch.setattr(wiring, "runner_options", {"retry_delays": ()})
    config = tmp_path / "apprise.yml"
    monkeypatch.setenv("CYCLES_APPRISE_CONFIG", str(config))
    config.write_text(
        "version: 1\nurls:\n"
        f"  - mailto://cycles:Sup3rSecretPw@127.0.0.1:{closed_port}"
        "?from=cycles@example.org&to=dcs@medway.example.org:\n"
        "      - tag: medway.dcs\n", encoding="utf-8")
    privacy = AppriseNotifier(config).routes("medway.dcs")[0].privacy
    assert "Sup3rSecretPw" not in privacy

    state = reminder_scan(area="medway", as_of=SCAN_AT, return_state=True)

    assert state.is_failed()
    assert state.message.startswith("could not deliver ")
    assert f"{privacy} (medway.dcs)" in state.message
    assert "Sup3rSecretPw" not in state.message and "\n" not in state.message
    # the artifacts were published before the run failed
    published = artifacts_of(state)
    assert {"status-medway", "scan-medway"} <= set(published)
    assert privacy in published["scan-medway"].data
    assert "Sup3rSecretPw" not in published["scan-medway"].data


def test_a_database_fault_inside_a_task_fails_the_run_with_one_line(
        prefect_api: None, fake: Any, sqlite_url: str) -> None:
    """The database refuses every outbox write (a real SQLite trigger raising the error a
    failing disk gives): the queue task and the run end Failed with one line, no traceback,
    and nothing is sent."""
    from sqlalchemy import text

    from flows.reminder_scan import reminder_scan
    from storage.db import open_database

    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER fault BEFORE INSERT ON notification "
                          "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"))
    engine.dispose()

    state = reminder_scan(area="medway", as_of=SCAN_AT, return_state=True)

    assert state.is_failed()
    assert state.message.startswith("the scan stopped: the database failed (disk I/O "
                                    "error); "), state.message
    assert "\n" not in state.message and "Traceback" not in state.message
    assert fake.attempts == []


def test_a_bank_holiday_scan_skips_unless_forced(prefect_api: None, fake: Any,
                                                 sqlite_url: str) -> None:
    from flows.reminder_scan import reminder_scan

    christmas = "2026-12-25T07:00"
    skipped = reminder_scan(area="medway", as_of=christmas,
                            return_state=True)
    assert skipped.is_completed() and skipped.name == "Skipped"
    assert "Christmas Day" in skipped.message
    assert fake.attempts == []
    assert "Skipped" in artifacts_of(skipped)["scan-medway"].data

    forced = reminder_scan(area="medway", as_of=christmas, force=True,
                           return_state=True)
    assert forced.is_completed() and forced.name == "Completed", forced.message
    assert fake.attempts != []


def test_an_unknown_area_is_not_a_choice_and_the_flow_still_refuses_it(
        prefect_api: None, fake: Any, sqlite_url: str) -> None:
    from flows.reminder_scan import reminder_scan

    state = reminder_scan(area="atlantis", as_of=SCAN_AT, return_state=True)
    assert state.is_failed()
    assert "area: Input should be 'all', 'medway'," in (state.message or "")
    assert "area:atlantis" not in flow_run(state).tags
    # a run whose form predates the catalogue (the choice checked by the flow itself)
    refused = reminder_scan.fn(area="atlantis", as_of=SCAN_AT)
    assert refused.is_failed()
    assert refused.message.startswith("area: unknown area 'atlantis' (known: all, ")


# ---- record-submission --------------------------------------------------------------------

def test_a_recorded_submission_leaves_the_status_table(prefect_api: None, fake: Any,
                                                       sqlite_url: str) -> None:
    from flows.record_submission import record_submission
    from flows.reminder_scan import reminder_scan

    state = record_submission(obligation=MEDWAY_SIX_MONTHLY, period="2026-27 H1",
                              by="Jo Bloggs", evidence="https://example.org/minutes.pdf",
                              at="2026-10-29T15:00",
                              return_state=True)
    assert state.is_completed(), state.message
    assert state.message == (f"recorded: {MEDWAY_SIX_MONTHLY} 2026-27 H1 submitted by "
                             "Jo Bloggs on 2026-10-29 (on time; due 2026-10-30)")
    run = flow_run(state)
    assert "area:medway" in run.tags
    assert run.name == f"submit {MEDWAY_SIX_MONTHLY} 2026-27 H1"
    # the area's status table is refreshed by the submission itself (attached to its run)
    refreshed = artifacts_of(state)["status-medway"]
    assert MEDWAY_SIX_MONTHLY not in {r.get("obligation") for r in json.loads(refreshed.data)
                                      if r.get("period") == "2026-27 H1"}

    scan = reminder_scan(area="medway", as_of=SCAN_AT,
                         return_state=True)
    rows = json.loads(artifacts_of(scan)["status-medway"].data)
    periods = {r["period"] for r in rows if r["obligation"] == MEDWAY_SIX_MONTHLY}
    assert "2026-27 H1" not in periods and "2025-26 H2" in periods


def test_a_bad_period_fails_the_run_with_the_one_line_and_records_nothing(
        prefect_api: None, sqlite_url: str) -> None:
    from sqlalchemy import func, select

    from flows.record_submission import record_submission
    from storage import queries as q
    from storage.db import open_database

    state = record_submission(obligation=MEDWAY_SIX_MONTHLY, period="2099-00 H9", by="Jo",
                              return_state=True)
    assert state.is_failed()
    assert state.message.startswith(
        f"{MEDWAY_SIX_MONTHLY}: period: no period '2099-00 H9' (recent periods: ")
    assert "\n" not in state.message and "Traceback" not in state.message
    with open_database(sqlite_url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(q.SUBMISSION)).scalar() == 0

    unknown = record_submission.fn(obligation="medway.no-such-report", period="2026-27 H1",
                                   by="Jo")
    assert unknown.is_failed()
    assert unknown.message.startswith("obligation 'medway.no-such-report' is unknown")


# ---- compliance-report --------------------------------------------------------------------

def test_the_compliance_report_writes_its_files_and_publishes_the_figures(
        prefect_api: None, sqlite_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.compliance_report import compliance_report
    from flows.record_submission import record_submission

    done = record_submission(obligation=MEDWAY_SIX_MONTHLY, period="2026-27 H1", by="Jo",
                             at="2026-10-29T15:00",
                             return_state=True)
    assert done.is_completed(), done.message
    folder = tmp_path / "reports"

    # the schedule's year "last": on 15 April 2027 the latest ended financial year
    state = compliance_report(year="last", as_of="2027-04-15", return_state=True)

    assert state.is_completed(), state.message
    result = state.result()
    assert result["year"] == "2026-27"
    assert result["on_time"] >= 1
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["compliance-2026-27-all-summary.csv", "compliance-2026-27-all.csv",
                     "compliance-2026-27-all.html"]
    assert {Path(p) for p in result["files"].values()} == {p.resolve() for p in
                                                           folder.iterdir()}
    published = artifacts_of(state)
    assert flow_run(state).name == "compliance 2026-27 all"
    markdown = published["compliance-2026-27-all"]
    # no base URL: where the files are, in plain words (no code formatting)
    assert (f"in the folder {folder.resolve()}:\n\n- compliance-2026-27-all.html: the report "
            "with its year grid and charts") in markdown.data
    assert "`" not in markdown.data.split("\n\n#")[0]
    assert "On-time rate by quarter" in markdown.data
    figures = json.loads(published["compliance-2026-27-all-figures"].data)
    six_monthly = next(r for r in figures if r["obligation"] == MEDWAY_SIX_MONTHLY)
    assert six_monthly["on time"] == 1

    # run on demand with no year: the current financial year so far, linked to the board
    monkeypatch.setenv("CYCLES_BASE_URL", "https://cycles.example.org/")
    monkeypatch.setenv("CYCLES_SECRET_KEY", "harness-link-key-0123456789abcdef")
    now = compliance_report(area="medway", as_of="2026-12-04", return_state=True)
    assert now.is_completed(), now.message
    assert now.result()["year"] == "2026-27"
    assert flow_run(now).name == "compliance 2026-27 medway"
    linked = artifacts_of(now)["compliance-2026-27-medway"].data
    # the board's secret link (signed with the key `cycles web` uses), to the year's report
    assert linked.startswith("**[Open the 2026-27 report for Medway]"
                             "(https://cycles.example.org/a/")
    assert linked.split(")**", 1)[0].endswith("/report/2026-27")
