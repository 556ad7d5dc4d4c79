"""``cycles serve`` builds the deployments of deployments/prefect.yaml (no server needed to
check them), checks its configuration first, and refuses to start without a Prefect server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
CYCLES = Path(sys.executable).parent / "cycles"
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_CONFIG_PATH", str(REPO / "deployments" / "logging.yml"))

SERVE_ENV = ("CYCLES_DATABASE_URL", "CYCLES_APPRISE_CONFIG", "CYCLES_CATALOGUE",
             "CYCLES_REPORTS_DIR", "PREFECT_LOGGING_EXTRA_LOGGERS")


@pytest.fixture
def serve_in_process(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """``cycles serve`` sets the flow runs' environment in os.environ: restored after."""
    for key in SERVE_ENV:
        monkeypatch.delenv(key, raising=False)
    return CliRunner()


def run_serve(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CYCLES_"))}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_CONFIG_PATH=str(REPO / "deployments" / "logging.yml"))
    return subprocess.run([str(CYCLES), "serve", *args], cwd=home, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_serve_check_prints_the_deployments_of_prefect_yaml(serve_in_process: CliRunner,
                                                           tmp_path: Path) -> None:
    from cycles.cli import main

    result = serve_in_process.invoke(main, ["serve", "--check", "--demo", "--db",
                                            f"sqlite:///{tmp_path / 'c.sqlite'}"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "reminder-scan/daily: cron '0 7 * * 1-5' Europe/London; at most 1 at a time, "
        "collision strategy CANCEL_NEW",
        "record-submission/on-demand: on demand",
        "compliance-report/yearly: cron '0 8 15 4 *' Europe/London",
    ]
    # the same names as prefect.yaml, so `prefect deploy` and `cycles serve` agree
    spec = yaml.safe_load((REPO / "deployments" / "prefect.yaml").read_text())
    assert [d["name"] for d in spec["deployments"]] == ["daily", "on-demand", "yearly"]


@pytest.mark.slow  # a fresh interpreter, so that no Prefect API is configured
def test_serve_without_a_prefect_server_says_how_to_get_one(tmp_path: Path) -> None:
    proc = run_serve("--demo", "--db", f"sqlite:///{tmp_path / 'c.sqlite'}", home=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("error: no Prefect server: set PREFECT_API_URL (e.g. "
                                   "http://127.0.0.1:4200/api) after `prefect server start`")


def test_serve_checks_the_notification_config_first(serve_in_process: CliRunner,
                                                    tmp_path: Path) -> None:
    from cycles.cli import main

    missing = tmp_path / "missing.yml"
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    result = serve_in_process.invoke(main, ["serve", "--check", "--notify", str(missing),
                                            "--db", db])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and str(missing) in line

    result = serve_in_process.invoke(main, ["serve", "--check", "--db", db])
    assert result.exit_code == 2
    assert "no notification config" in result.stderr
