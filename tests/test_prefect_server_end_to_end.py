"""End to end on a real ``prefect server start``: deploy, serve, run, read back, look at the UI.

One server for the module (a temporary PREFECT_HOME, analytics off, deployments/logging.yml):

1. ``prefect deploy --all`` with ``deployments/prefect.yaml`` registers the three deployments
   with their schedules (07:00 London Monday to Friday; 15 April), the scan's concurrency
   limit and the pull step;
2. ``cycles serve`` serves the same deployments; a run of ``reminder-scan/daily`` triggered
   with ``run_deployment`` completes, its mail reaches a real SMTP sink, and its
   ``status-medway`` table artifact reads back by key;
3. headless Chromium (the system's /usr/bin/chromium; skipped without it) finds the status
   table and the schedule in the Prefect UI and saves screenshots (also to
   ``$CYCLES_ARTIFACTS_DIR`` when set).

The serve process is stopped before the server, and both are killed whatever happens. The
server's log must show no traceback (the logging config silences shutdown noise).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect_server import (
    BIN,
    CHROMIUM,
    LOGGING,
    REPO,
    Server,
    api_settings,
    prefect_server,
    stop,
    tail,
)

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_CONFIG_PATH", str(LOGGING))

pytestmark = pytest.mark.slow

SCAN_AT = "2026-11-02T07:00"
MEDWAY_SIX_MONTHLY = "medway.chair-dcs-six-monthly-report"
MEDWAY_SIX_MONTHLY_TITLE = "MSCB chair and DCS six-monthly report to the CE and Leader"


@dataclass
class Served:
    flow_run: Any
    sink: Any


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("prefect-home")
    with prefect_server(home) as running:
        yield running
    log = running.log
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text and "CancelledError" not in text, tail(log)


@pytest.fixture(scope="module")
def served(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``cycles serve`` against the server, and one scan run through its deployment."""
    from config.loader import load_catalogue
    from cycles.notify.mailsink import MailSink

    folder = tmp_path_factory.mktemp("served")
    with MailSink(folder / "mail") as sink:
        config = folder / "apprise.yml"
        config.write_text(yaml.safe_dump({"version": 1, "urls": [
            {sink.apprise_url(f"{role.replace('_', '-')}@{area.area}.example.org"):
             [{"tag": f"{area.area}.{role}"}]}
            for area in load_catalogue().areas.values() for role in area.roles]}))
        log = folder / "serve.log"
        env = {**server.env, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
        with log.open("w") as out:
            proc = subprocess.Popen(
                [str(BIN / "cycles"), "serve", "--db", f"sqlite:///{folder / 'cycles.sqlite'}",
                 "--notify", str(config), "--reports", str(folder / "reports")],
                cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            with api_settings(server):
                from prefect import get_client
                from prefect.deployments import run_deployment

                deadline = time.monotonic() + 90
                while True:  # serve has (re)registered the deployment as its own
                    if proc.poll() is not None:
                        pytest.fail(f"cycles serve exited ({proc.returncode}):\n{tail(log)}")
                    with get_client(sync_client=True) as client:
                        try:
                            d = client.read_deployment_by_name("reminder-scan/daily")
                            if d.entrypoint == "flows.reminder_scan.reminder_scan":
                                break
                        except Exception:
                            pass
                    if time.monotonic() > deadline:
                        pytest.fail(f"cycles serve registered nothing in 90 s:\n{tail(log)}")
                    time.sleep(0.5)
                run = run_deployment("reminder-scan/daily",
                                     parameters={"as_of": SCAN_AT, "force": True},
                                     timeout=120, poll_interval=1)
            yield Served(run, sink)
        finally:
            stop(proc)  # before the server: a runner without its server hangs on SIGTERM


def test_prefect_yaml_deploys_the_three_deployments_with_their_schedules(
        server: Server) -> None:
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    with api_settings(server), get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="reporting-cycles", type="process"))
    proc = subprocess.run(
        [str(BIN / "prefect"), "--no-prompt", "deploy", "--all", "--prefect-file",
         "deployments/prefect.yaml"], cwd=REPO, env={**server.env, "CYCLES_HOME": str(REPO)},
        capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    with api_settings(server), get_client(sync_client=True) as client:
        daily = client.read_deployment_by_name("reminder-scan/daily")
        yearly = client.read_deployment_by_name("compliance-report/yearly")
        on_demand = client.read_deployment_by_name("record-submission/on-demand")
    [scan_schedule] = daily.schedules
    assert (scan_schedule.schedule.cron, scan_schedule.schedule.timezone) == (
        "0 7 * * 1-5", "Europe/London")
    assert scan_schedule.active
    assert daily.global_concurrency_limit is not None
    assert daily.global_concurrency_limit.limit == 1
    assert daily.concurrency_options is not None
    assert daily.concurrency_options.collision_strategy.value == "CANCEL_NEW"
    assert daily.work_pool_name == "reporting-cycles"
    assert daily.pull_steps == [{"prefect.deployments.steps.set_working_directory":
                                 {"directory": str(REPO)}}]
    assert daily.parameters == {"area": "all"}
    [report_schedule] = yearly.schedules
    assert (report_schedule.schedule.cron, report_schedule.schedule.timezone) == (
        "0 8 15 4 *", "Europe/London")
    assert on_demand.schedules == []
    assert {"obligation", "period", "by"} <= set(
        on_demand.parameter_openapi_schema.get("required", []))


def test_a_served_scan_completes_and_its_status_table_reads_back_by_key(
        server: Server, served: Served) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    run = served.flow_run
    assert run.state is not None and run.state.is_completed(), run.state
    assert "area:all" in run.tags and "reporting-cycles" in run.tags
    m = re.search(r"sent (\d+) notification\(s\) in (\d+) message\(s\), none failed",
                  run.state.message or "")
    assert m, run.state.message
    assert served.sink.count == int(m.group(2)) > 0

    with api_settings(server), get_client(sync_client=True) as client:
        [table] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["status-medway"])),
            sort=ArtifactSort.CREATED_DESC, limit=1)
        deployment = client.read_deployment_by_name("reminder-scan/daily")
    assert table.flow_run_id == run.id
    rows = json.loads(table.data)
    assert any(r["obligation"] == MEDWAY_SIX_MONTHLY and r["state"] == "overdue"
               for r in rows)
    # serve keeps the schedule and the concurrency limit of prefect.yaml
    [schedule] = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 7 * * 1-5",
                                                                    "Europe/London")
    assert deployment.global_concurrency_limit is not None
    assert deployment.global_concurrency_limit.limit == 1
    assert deployment.concurrency_options is not None
    assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"


def test_the_ui_shows_the_status_table_and_the_schedule(server: Server, served: Served,
                                                        tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    from prefect import get_client

    with api_settings(server), get_client(sync_client=True) as client:
        deployment_id = client.read_deployment_by_name("reminder-scan/daily").id
    shots = [tmp_path]
    if os.environ.get("CYCLES_ARTIFACTS_DIR"):
        shots.append(Path(os.environ["CYCLES_ARTIFACTS_DIR"]))

    def screenshot(page: Any, name: str) -> None:
        for folder in shots:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / name))

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(f"{server.url}/artifacts")
            page.get_by_text("status-medway", exact=True).first.click()
            page.get_by_text("Created status-medway").wait_for()
            page.locator("a[href*='/artifacts/artifact/']").first.click()
            page.get_by_text(MEDWAY_SIX_MONTHLY_TITLE).first.wait_for()
            page.get_by_text("overdue").first.wait_for()
            screenshot(page, "prefect-ui-status-medway.png")

            page.goto(f"{server.url}/deployments")
            page.get_by_text("reminder-scan").first.wait_for()
            page.get_by_text("daily", exact=True).first.wait_for()
            screenshot(page, "prefect-ui-deployments.png")

            page.goto(f"{server.url}/deployments/deployment/{deployment_id}")
            page.get_by_text("At 07:00 AM, Monday through Friday").first.wait_for()
            screenshot(page, "prefect-ui-daily-scan-schedule.png")
        finally:
            browser.close()
    assert (tmp_path / "prefect-ui-status-medway.png").stat().st_size > 10_000


def test_the_scheduler_plans_the_served_scan_at_seven_london(server: Server,
                                                             served: Served) -> None:
    """Prefect's scheduler really creates the runs (with SQLAlchemy 2.1 it silently did not):
    the next scheduled runs of the scan fall at 07:00 Europe/London on working weekdays."""
    import pendulum
    from prefect import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    deadline = time.monotonic() + 90  # the scheduler loop runs every few seconds
    runs: list[Any] = []
    with api_settings(server), get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            runs = client.read_flow_runs(
                deployment_filter=DeploymentFilter(
                    name=DeploymentFilterName(any_=["daily"])),
                flow_run_filter=FlowRunFilter(state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))),
                limit=10)
            if runs:
                break
            time.sleep(2)
    assert runs, "the scheduler created no scheduled run for reminder-scan/daily"
    for run in runs:
        when = pendulum.instance(run.expected_start_time).in_timezone("Europe/London")
        assert (when.hour, when.minute) == (7, 0), when
        assert when.day_of_week not in (pendulum.SATURDAY, pendulum.SUNDAY), when
