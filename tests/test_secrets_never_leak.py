"""End to end, a canary SMTP password given to the routes through ${SMTP_PASSWORD} appears
nowhere: not in log records (DEBUG included), not on stderr or stdout of `cycles run`
(table, --json, --dry-run, `cycles history`), not in any row of any table, not in the
delivered messages. Both when delivery works (the sink demands AUTH) and when it fails
(the server refuses the password, or is not there)."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from config.loader import load_catalogue
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import MailSink, free_port
from cycles.runner import Runner
from storage.db import open_database

pytestmark = pytest.mark.slow

CANARY = "Canary7f3a9cPw"
FORMS = (CANARY, base64.b64encode(CANARY.encode()).decode(), CANARY.lower())


def _assert_clean(what: str, text: str) -> None:
    for form in FORMS:
        assert form not in text, f"{what} contains the secret ({form!r})"


def _dump_text(dump_db: Callable[[Any], Any], url: str) -> str:
    tables = dump_db(url)
    assert tables["notification"] and tables["attempt"], "the runs wrote ledger rows"
    return repr(tables)


@pytest.fixture(autouse=True)
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_PASSWORD", CANARY)


def test_secret_absent_from_logs_rows_and_messages_in_process(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        dump_db: Callable[[Any], Any], caplog: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    with MailSink(tmp_path / "mail", credentials=("cycles", CANARY)) as sink:
        sc = many_routes(sink.port, routes=3, obligations=2,
                         userinfo="cycles:${SMTP_PASSWORD}@")
        config = yaml.safe_load(sc.notify.read_text())
        # one more route whose server is not there, so that errors are recorded too
        config["urls"].append({f"mailto://cycles:${{SMTP_PASSWORD}}@127.0.0.1:{free_port()}"
                               "?from=cycles@kt.example.org&to=gone@kt.example.org":
                               [{"tag": "kt.owner"}]})
        sc.notify.write_text(yaml.safe_dump(config, sort_keys=False))
        notifier = AppriseNotifier(sc.notify)
        for route in notifier.routes("kt.owner"):
            _assert_clean("a route's privacy form", route.privacy)
        engine = open_database(sqlite_url)
        report = Runner(engine, load_catalogue([sc.catalogue]), notifier,
                        clock=lambda: sc.as_of, sleep=lambda s: None,
                        retry_delays=()).scan(sc.as_of)
        assert report.messages_sent == 3 and sink.count == 3  # AUTH with the secret works
        assert report.failed == 2 and report.failures
        raw = [p.read_bytes().decode("utf-8", "replace") for p in sink.files()]

    for record in caplog.records:
        _assert_clean(f"log record {record.name}", record.getMessage())
        _assert_clean("log text", caplog.text)
    assert any(r.name == "cycles.runner" and r.levelno == logging.WARNING
               for r in caplog.records), "the failure was logged"
    out, err = capfd.readouterr()
    _assert_clean("stdout", out)
    _assert_clean("stderr", err)
    _assert_clean("report", repr(report))
    _assert_clean("database", _dump_text(dump_db, sqlite_url))
    for message in raw:
        _assert_clean("a delivered message", message)


def test_secret_absent_from_cycles_run_outputs_and_history(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        dump_db: Callable[[Any], Any], cli: Callable[..., Any]) -> None:
    with MailSink(tmp_path / "mail", credentials=("cycles", CANARY)) as sink:
        sc = many_routes(sink.port, routes=2, obligations=2,
                         userinfo="cycles:${SMTP_PASSWORD}@")
        common = ("--notify", str(sc.notify), "--db", sqlite_url,
                  "--catalogue", str(sc.catalogue))
        dry = cli("run", "--as-of", "2026-07-01T07:00", "--dry-run", *common)
        table = cli("run", "--as-of", "2026-07-01T07:00", *common)
        as_json = cli("run", "--as-of", "2026-07-08T07:00", "--json", *common)
        assert sink.count == 4
    history = cli("history", "kt.report-0", "--json", "--db", sqlite_url,
                  "--catalogue", str(sc.catalogue))
    for name, result in (("dry run", dry), ("run", table), ("run --json", as_json),
                         ("history", history)):
        assert result.exit_code == 0, (name, result.output)
        _assert_clean(f"{name} stdout", result.stdout)
        _assert_clean(f"{name} stderr", result.stderr)
    assert "mailto://" in dry.stdout  # routes are shown, in their privacy form
    assert json.loads(as_json.stdout)["sent"] == 4
    _assert_clean("database", _dump_text(dump_db, sqlite_url))


def test_secret_absent_when_the_server_refuses_it(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        dump_db: Callable[[Any], Any], cli: Callable[..., Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`cycles run --json` when the server rejects the password (535): the errors are
    recorded and printed, the secret is not."""
    from apprise.plugins.base import NotifyBase

    monkeypatch.setitem(Runner.__init__.__kwdefaults__, "sleep", lambda s: None)
    monkeypatch.setattr(NotifyBase, "request_rate_per_sec", 0)  # Apprise's 5.5 s throttle
    with MailSink(tmp_path / "mail", credentials=("cycles", "another-password")) as sink:
        sc = many_routes(sink.port, routes=2, obligations=1,
                         userinfo="cycles:${SMTP_PASSWORD}@")
        result = cli("run", "--as-of", "2026-07-01T07:00", "--json", "--notify",
                     str(sc.notify), "--db", sqlite_url, "--catalogue", str(sc.catalogue))
        assert sink.count == 0
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["failed"] == 2 and all(f["error"] for f in data["failures"])
    _assert_clean("stdout", result.stdout)
    _assert_clean("stderr", result.stderr)
    _assert_clean("database", _dump_text(dump_db, sqlite_url))


def test_secret_absent_from_a_real_cycles_run_process(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        dump_db: Callable[[Any], Any]) -> None:
    """The installed `cycles` in its own process: its real stdout and stderr."""
    with MailSink(tmp_path / "mail", credentials=("cycles", CANARY)) as sink:
        sc = many_routes(sink.port, routes=2, obligations=1,
                         userinfo="cycles:${SMTP_PASSWORD}@")
        cycles = Path(sys.executable).with_name("cycles")
        env = {**os.environ, "SMTP_PASSWORD": CANARY, "PYTHONWARNINGS": "always"}
        env.pop("CYCLES_CATALOGUE", None)
        run = subprocess.run(
            [str(cycles), "run", "--as-of", "2026-07-01T07:00", "--notify", str(sc.notify),
             "--db", sqlite_url, "--catalogue", str(sc.catalogue)],
            capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
        assert sink.count == 2
        raw = [p.read_bytes().decode("utf-8", "replace") for p in sink.files()]
    assert run.returncode == 0, run.stderr
    assert "messages sent" in run.stdout
    _assert_clean("stdout", run.stdout)
    _assert_clean("stderr", run.stderr)
    _assert_clean("database", _dump_text(dump_db, sqlite_url))
    for message in raw:
        _assert_clean("a delivered message", message)
