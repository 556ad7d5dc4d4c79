"""The Prefect UI as a business manager and a council's IT meet it, on a real
``prefect server start`` with ``cycles serve`` (one server and one serve for the module).

Real parts: the server (temporary PREFECT_HOME, deployments/logging.yml), ``cycles serve``
with a SQLite file, an SMTP sink for the Medway routes and one Medway route on a port nobody
listens on (so the scan fails, naming it), a local HTTP server behind a Prefect
Custom Webhook block for the shipped automation, Debian's Chromium for screenshots.

Runs, in order: a Medway scan (Failed: one route undeliverable), a submission refused for
its period (2026-27 H3), a good submission, the compliance report for 2026-27 so far.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect_server import (
    BIN,
    CHROMIUM,
    REPO,
    Server,
    api_settings,
    cycles_serve,
    prefect_server,
    wait_for,
)

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_CONFIG_PATH", str(REPO / "deployments" / "logging.yml"))

pytestmark = pytest.mark.slow

SCAN_AT = "2026-11-02T07:00"  # Medway's 2026-27 H1 six-monthly report is overdue
SIX_MONTHLY = "medway.chair-dcs-six-monthly-report"
SIX_MONTHLY_TITLE = "MSCB chair and DCS six-monthly report to the CE and Leader"
BASE_URL = "https://cycles.example.org"


@dataclass
class Hooks:
    """What the automation's webhook received."""

    bodies: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class World:
    server: Server
    scan: Any
    refused: Any
    submitted: Any
    report: Any
    hooks: Hooks
    serve_log: Path
    sink: Any
    bad_route: str


def webhook_server(hooks: Hooks) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            hooks.bodies.append(json.loads(body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return server


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, closed_port_module: int
          ) -> Iterator[World]:
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    from prefect.deployments import run_deployment

    from config.loader import load_catalogue
    from cycles.notify.mailsink import MailSink

    folder = tmp_path_factory.mktemp("ui")
    hooks = Hooks()
    hook_server = webhook_server(hooks)
    medway = load_catalogue().areas["medway"]
    bad_route = (f"mailto://127.0.0.1:{closed_port_module}"
                 "?from=cycles@example.org&to=dcs@medway.example.org")
    with prefect_server(tmp_path_factory.mktemp("prefect-home")) as server, \
            MailSink(folder / "mail") as sink:
        config = folder / "apprise.yml"
        urls = [{sink.apprise_url(f"{role.replace('_', '-')}@medway.example.org"):
                 [{"tag": f"medway.{role}"}]} for role in medway.roles]
        urls.append({bad_route: [{"tag": "medway.dcs"}]})
        config.write_text(yaml.safe_dump({"version": 1, "urls": urls}))

        with api_settings(server):
            CustomWebhookNotificationBlock(
                name="council IT", url=f"http://127.0.0.1:{hook_server.server_port}/hook",
                json_data={"subject": "{{subject}}", "body": "{{body}}"},
            ).save("council-it", overwrite=True)
        made = subprocess.run(
            [str(BIN / "python"), "-m", "deployments.create_automations", "--block",
             "custom-webhook/council-it"], cwd=REPO, env=server.env, capture_output=True,
            text=True, timeout=120, check=False)
        assert made.returncode == 0, made.stdout + made.stderr
        assert "created automation 'reporting-cycles: reminder scan failed'" in made.stdout

        args = ["--db", f"sqlite:///{folder / 'cycles.sqlite'}", "--notify", str(config),
                "--reports", str(folder / "reports")]
        with cycles_serve(server, folder, args, env={"CYCLES_BASE_URL": BASE_URL}) as log, \
                api_settings(server):
            def run(name: str, **parameters: Any) -> Any:
                return run_deployment(name, parameters=parameters, timeout=180,
                                      poll_interval=1)

            scan = run("reminder-scan/daily", area="medway", as_of=SCAN_AT, force=True)
            refused = run("record-submission/on-demand", obligation=SIX_MONTHLY,
                          period="2026-27 H3", by="Jo Bloggs")
            submitted = run("record-submission/on-demand", obligation=SIX_MONTHLY,
                            period="2026-27 H1", by="Jo Bloggs", at="2026-11-03")
            report = run("compliance-report/yearly", area="medway", year="",
                         as_of="2026-12-04")
            yield World(server, scan, refused, submitted, report, hooks, log, sink,
                        bad_route)
    hook_server.shutdown()
    hook_server.server_close()
    text = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text and "CancelledError" not in text, text[-3000:]


@pytest.fixture(scope="module")
def closed_port_module() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def logs_of(world: World, run: Any, until: str | None = None) -> list[str]:
    """The run's log messages read back from the API (waiting for ``until`` to arrive)."""
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    def read() -> list[str]:
        with api_settings(world.server), get_client(sync_client=True) as client:
            logs = client.read_logs(log_filter=LogFilter(
                flow_run_id=LogFilterFlowRunId(any_=[run.id])), limit=200)
        messages = [log.message for log in logs]
        return messages if until is None or any(until in m for m in messages) else []

    return list(wait_for(read, 30, f"{until!r} in the run's logs", world.serve_log))


def latest_artifact(world: World, key: str) -> Any:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with api_settings(world.server), get_client(sync_client=True) as client:
        [found] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC, limit=1)
    return found


# ---- failures read as one reason ----------------------------------------------------------

def test_a_refused_run_logs_its_reason_without_a_traceback(world: World) -> None:
    run = world.refused
    assert run.state.is_failed()
    reason = run.state.message
    assert reason.startswith(f"{SIX_MONTHLY}: period: no period '2026-27 H3'"), reason
    assert "\n" not in reason
    logs = logs_of(world, run, until="Run failed:")
    assert f"Run failed: {reason}" in logs
    text = "\n".join(logs)
    assert "Traceback" not in text and "Engine execution exited" not in text, text
    assert run.name == f"submit {SIX_MONTHLY} 2026-27 H3"


def test_the_scan_logs_who_was_told_by_route_in_privacy_form(world: World) -> None:
    run = world.scan
    assert run.state.is_failed()
    assert run.state.message.startswith("could not deliver ")
    logs = logs_of(world, run, until="sent ")
    sent = [m for m in logs if m.startswith("sent ") and " item(s) to mailto://" in m]
    assert sent and all("(medway." in m for m in sent), logs
    assert any(m.startswith("could not deliver to mailto://") and "(medway.dcs)" in m
               for m in logs), logs
    assert "Traceback" not in "\n".join(logs)
    assert world.sink.count > 0
    assert run.name == "scan medway 2026-11-02"
    assert "area:medway" in run.tags


def test_a_failed_scan_notifies_it_through_the_shipped_automation(world: World) -> None:
    bodies = wait_for(lambda: world.hooks.bodies, 60, "the automation's notification")
    [hook] = [b for b in bodies if world.scan.name in b["subject"]]
    assert hook["subject"] == ("Reporting cycles: the reminder scan scan medway 2026-11-02 "
                               "failed")
    assert "could not deliver" in hook["body"]
    assert f"/runs/flow-run/{world.scan.id}" in hook["body"]
    # the refused submission is not a failed scan
    assert not [b for b in bodies if "submit" in b["subject"]]


def test_the_scan_emits_an_event_per_overdue_occurrence(world: World) -> None:
    import httpx

    with httpx.Client(base_url=world.server.api, timeout=10) as http:
        def overdue() -> list[dict[str, Any]]:
            answer = http.post("/events/filter", json={"filter": {
                "event": {"prefix": ["reporting-cycles.occurrence."]},
                "occurred": {"since": "2020-01-01T00:00:00Z"}}, "limit": 50})
            answer.raise_for_status()
            return [e for e in answer.json()["events"]
                    if e["event"] == "reporting-cycles.occurrence.overdue"]

        events = wait_for(overdue, 30, "reporting-cycles.occurrence.overdue events")
    ids = {e["resource"]["prefect.resource.id"] for e in events}
    assert f"reporting-cycles.occurrence.{SIX_MONTHLY}@2026-27 H1" in ids


# ---- what a person reads --------------------------------------------------------------------

def test_a_recorded_submission_refreshes_the_status_table(world: World) -> None:
    run = world.submitted
    assert run.state.is_completed(), run.state.message
    assert run.state.message.endswith("(2 working days late; due 2026-10-30)")
    table = latest_artifact(world, "status-medway")
    assert table.flow_run_id == run.id
    rows = json.loads(table.data)
    assert list(rows[0])[:6] == ["report", "period", "due", "state", "days late",
                                 "obligation"]
    assert not [r for r in rows if r["obligation"] == SIX_MONTHLY
                and r["period"] == "2026-27 H1"]
    assert {r["web page"] for r in rows} == {f"{BASE_URL}/board/medway"}


def test_the_compliance_artifact_links_to_the_board_report(world: World) -> None:
    run = world.report
    assert run.state.is_completed(), run.state.message
    assert run.name == "compliance 2026-27 medway"
    markdown = latest_artifact(world, "compliance-2026-27-medway")
    assert markdown.flow_run_id == run.id
    assert markdown.data.startswith(
        f"**[Open the 2026-27 report for Medway]({BASE_URL}/board/medway/report/2026-27)**")


def test_the_run_forms_show_titles_descriptions_and_choices_only(world: World) -> None:
    from prefect import get_client

    from config.loader import load_catalogue

    cat = load_catalogue()
    with api_settings(world.server), get_client(sync_client=True) as client:
        forms = {name: client.read_deployment_by_name(name).parameter_openapi_schema
                 for name in ("reminder-scan/daily", "record-submission/on-demand",
                              "compliance-report/yearly")}
    for name, schema in forms.items():
        fields = schema["properties"]
        assert not {"database_url", "catalogue", "apprise_config", "folder"} & set(fields)
        for key, spec in fields.items():
            assert spec.get("title") and spec["title"] != key, (name, key, spec)
            assert spec.get("description"), (name, key)
            assert "anyOf" not in spec and spec.get("type") != "null", (name, key, spec)
        text = json.dumps(schema)
        assert "ISO" not in text and "naive" not in text
    scan = forms["reminder-scan/daily"]["properties"]
    assert scan["area"]["enum"] == ["all", *cat.areas]
    submit = forms["record-submission/on-demand"]["properties"]
    assert submit["obligation"]["enum"] == [e.id for e in cat.entries()]
    assert submit["obligation"]["title"] == "Report"
    assert forms["compliance-report/yearly"]["properties"]["year"]["default"] == ""


def test_the_run_form_and_status_table_in_chromium(world: World, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    from prefect import get_client

    with api_settings(world.server), get_client(sync_client=True) as client:
        deployment_id = client.read_deployment_by_name("record-submission/on-demand").id
    table_id = latest_artifact(world, "status-medway").id
    shots = [tmp_path]
    if os.environ.get("CYCLES_ARTIFACTS_DIR"):
        shots.append(Path(os.environ["CYCLES_ARTIFACTS_DIR"]))

    def screenshot(page: Any, name: str) -> None:
        for folder in shots:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / name), full_page=True)

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.set_default_timeout(30_000)
            page.goto(f"{world.server.url}/deployments/deployment/{deployment_id}/run")
            page.get_by_text("Submitted by").first.wait_for()
            page.get_by_text("Which report was submitted").first.wait_for()
            assert page.get_by_text("Optional. ").count() == 0  # the form says (Optional)
            for hidden in ("database_url", "catalogue"):
                assert page.get_by_text(hidden, exact=True).count() == 0
            screenshot(page, "prefect-ui-record-submission-form.png")

            page.goto(f"{world.server.url}/artifacts/artifact/{table_id}")
            page.get_by_text(SIX_MONTHLY_TITLE).first.wait_for()
            page.get_by_text("Fri 30 Oct 2026").first.wait_for()
            # the state and the lateness are on screen at 1920 px, not scrolled away
            late = page.get_by_text("working days late").first
            late.wait_for()
            box = late.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 1920, box
            screenshot(page, "prefect-ui-status-medway-for-people.png")
        finally:
            browser.close()
    assert (tmp_path / "prefect-ui-record-submission-form.png").stat().st_size > 10_000
