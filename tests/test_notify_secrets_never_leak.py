"""A secret given to a route (${VAR} in the config) appears in no log line, error, route or
message, whether the send works, fails, or the config is rejected."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import MailSink
from cycles.notify.message import render
from cycles.notify.seam import NotifyConfigError

pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

PASSWORD = "CANARYpw7f3a9e"
SIGNATURE = "CANARYsig7f3a9e"
WORKFLOW = "CANARYwf7f3a9e"
CANARY = "CANARY"  # every secret above starts with it
TODAY = dt.date(2026, 10, 27)


def test_no_secret_in_any_output_of_working_and_failing_sends(
        tmp_path: Path, https_sink: Any, closed_port: int, make_item: Callable[..., Any],
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("TEAMS_SIGNATURE", SIGNATURE)
    monkeypatch.setenv("TEAMS_WORKFLOW", WORKFLOW)
    with MailSink(tmp_path / "mail", credentials=("cycles", PASSWORD)) as sink:
        path = tmp_path / "apprise.yml"
        path.write_text(f"""\
version: 1
urls:
  # works
  - mailto://cycles:${{SMTP_PASSWORD}}@127.0.0.1:{sink.port}?from=cycles@localhost&to=a@medway.example:
      tag: medway.dcs
  # nobody listening
  - mailto://cycles:${{SMTP_PASSWORD}}@127.0.0.1:{closed_port}?from=cycles@localhost&to=b@medway.example:
      tag: medway.dcs
  # the password as an option value rather than in the URL
  - mailto://127.0.0.1:{closed_port}:
      - user: cycles
        pass: ${{SMTP_PASSWORD}}
        from: cycles@localhost
        to: c@medway.example
        tag: medway.dcs
  # works, then answers 500
  - workflows://127.0.0.1:{https_sink.port}/${{TEAMS_WORKFLOW}}/${{TEAMS_SIGNATURE}}/?verify=no:
      tag: medway.dcs
  # nobody listening
  - workflows://127.0.0.1:{closed_port}/${{TEAMS_WORKFLOW}}/${{TEAMS_SIGNATURE}}/?verify=no:
      tag: medway.dcs
""", encoding="utf-8")
        notifier = AppriseNotifier.from_env_or_path(str(path))
        routes = notifier.routes("medway.dcs")
        message = render([make_item()], "Director of Children's Services", TODAY)
        results = [notifier.send(message, r) for r in routes]
        https_sink.status = 500
        results.append(notifier.send(message, routes[3]))

        assert [r.ok for r in results] == [True, False, False, True, False, False]
        # the secrets were live: the server saw them
        assert sink.count == 1
        assert f"sig={SIGNATURE}" in https_sink.requests[0].path
        assert f"/workflows/{WORKFLOW}/" in https_sink.requests[0].path

    # Apprise's and urllib3's debug output was captured (so the check below means something)
    assert any(r.name == "apprise" and "Workflows Payload" in r.getMessage()
               for r in caplog.records)
    assert any(r.name.startswith("urllib3") and "sig=****" in r.getMessage()
               for r in caplog.records)
    out, err = capfd.readouterr()
    outputs = {
        "log": caplog.text,
        "records": "\n".join(r.getMessage() for r in caplog.records),
        "errors": "\n".join(r.error or "" for r in results),
        "routes": "\n".join(f"{r!r} {r.privacy}" for r in routes),
        "notifier": repr(notifier),
        "stdout": out,
        "stderr": err,
        "mail": "\n".join(p.read_text(errors="replace") for p in sink.files()),
        "card": "\n".join(r.body.decode() for r in https_sink.requests),
        "message": message.text + message.html + repr(message.card),
    }
    for name, text in outputs.items():
        assert CANARY not in text, f"secret in {name}"
    assert all(r.error for r in results if not r.ok)


@pytest.mark.parametrize(
    "url",
    [
        "foo://user:${SECRET}@example.org/",  # unknown scheme
        "mailto://user:${SECRET}@127.0.0.1:25?from=not-an-address&to=a@example.org",
        "workflows://127.0.0.1/${SECRET}!bad/${SECRET}/",  # Apprise rejects the workflow id
        "json://127.0.0.1/${SECRET}?:x=${MISSING}",  # a missing variable
    ],
)
def test_no_secret_in_config_errors(tmp_path: Path, url: str, caplog: pytest.LogCaptureFixture,
                                    capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "apprise.yml"
    path.write_text(f'urls:\n  - "{url}":\n      tag: medway.dcs\n', encoding="utf-8")
    with pytest.raises(NotifyConfigError) as err:
        AppriseNotifier(path, environ={"SECRET": PASSWORD})
    out, errout = capfd.readouterr()
    for text in (str(err.value), caplog.text, out, errout):
        assert CANARY not in text
