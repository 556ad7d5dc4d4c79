"""``cycles serve --web`` checks and builds the link pages with the flows (``--check``
prints where they will listen), and the pages run in a thread beside the flows: they answer
while the block runs and stop listening once it ends."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from config.loader import load_catalogue
from cycles.links.keys import KEY_FILE
from cycles.notify.mailsink import free_port
from cycles.web.command import beside, server

SERVE_ENV = ("CYCLES_DATABASE_URL", "CYCLES_APPRISE_CONFIG", "CYCLES_CATALOGUE",
             "CYCLES_REPORTS_DIR", "PREFECT_LOGGING_EXTRA_LOGGERS", "CYCLES_BASE_URL")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in SERVE_ENV:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CYCLES_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


def test_serve_check_web_names_the_pages_and_the_flows_get_the_base_url(
        clean_env: None, tmp_path: Path) -> None:
    import os

    from cycles.cli import main

    result = CliRunner().invoke(main, [
        "serve", "--check", "--demo", "--web", "--port", "8765",
        "--db", f"sqlite:///{tmp_path / 'c.sqlite'}"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == ("web pages: http://127.0.0.1:8765 on "
                                              "http://127.0.0.1:8765")
    assert os.environ["CYCLES_BASE_URL"] == "http://127.0.0.1:8765"  # for the flow runs
    assert (tmp_path / "data" / KEY_FILE).exists()  # the signing key, made once


def test_serve_web_without_a_base_url_is_one_line(clean_env: None, tmp_path: Path) -> None:
    from cycles.cli import main

    notify = tmp_path / "apprise.yml"
    notify.write_text('urls:\n  - "mailto://127.0.0.1:2525?from=c@example.org&to=a@example.org":\n'
                      '      tag: medway.dcs\n', encoding="utf-8")
    result = CliRunner().invoke(main, [
        "serve", "--check", "--web", "--notify", str(notify),
        "--db", f"sqlite:///{tmp_path / 'c.sqlite'}"])
    assert result.exit_code == 2
    assert "no base URL: give --base-url or set CYCLES_BASE_URL" in result.output
    assert "Traceback" not in result.output


def test_pages_answer_beside_the_flows_and_stop_after(clean_env: None, tmp_path: Path,
                                                     small_catalogue: Path) -> None:
    port = free_port()
    cat = load_catalogue([small_catalogue])
    web_server, url = server(cat, f"sqlite:///{tmp_path / 'c.sqlite'}", "127.0.0.1", port,
                             f"http://127.0.0.1:{port}", None)
    with beside(web_server):
        page = httpx.get(f"{url}/a/not-a-token", timeout=10)
        assert page.status_code in (403, 410) and "link" in page.text.lower()
    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(2)
        s.connect(("127.0.0.1", port))
