"""A route that cannot be reached is a SendResult(ok=False, error=...), quickly; the others
still deliver. Nothing raises."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.fake import FakeNotifier
from cycles.notify.mailsink import MailSink
from cycles.notify.message import render
from cycles.notify.seam import Route

pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

TODAY = dt.date(2026, 10, 27)


def write(tmp_path: Path, urls: list[str], tag: str = "medway.dcs") -> Path:
    path = tmp_path / "apprise.yml"
    path.write_text("urls:\n" + "".join(f'  - "{u}":\n      tag: {tag}\n' for u in urls),
                    encoding="utf-8")
    return path


def test_closed_ports_fail_fast_and_the_good_route_still_delivers(
        tmp_path: Path, mail_sink: MailSink, https_sink: Any, closed_port: int,
        make_item: Callable[..., Any]) -> None:
    path = write(tmp_path, [
        f"mailto://127.0.0.1:{closed_port}?from=cycles@localhost&to=dcs@medway.example",
        f"workflows://127.0.0.1:{closed_port}/wf0001/sig0001/?verify=no",
        mail_sink.apprise_url("dcs@medway.example"),
        https_sink.workflows_url(),
    ])
    notifier = AppriseNotifier(path)
    routes = notifier.routes("medway.dcs")
    assert [r.kind for r in routes] == ["email", "teams", "email", "teams"]
    message = render([make_item()], "Director of Children's Services", TODAY)

    results = []
    for route in routes:
        started = time.monotonic()
        results.append(notifier.send(message, route))
        assert time.monotonic() - started < 3

    assert [r.ok for r in results] == [False, False, True, True]
    email_error, teams_error = results[0].error, results[1].error
    assert email_error and "Connection refused" in email_error and "\n" not in email_error
    assert teams_error and "Connection error" in teams_error and "\n" not in teams_error
    assert mail_sink.count == 1 and len(https_sink.requests) == 1


def test_http_error_status_is_a_failed_result(
        tmp_path: Path, https_sink: Any, make_item: Callable[..., Any]) -> None:
    https_sink.status = 500
    notifier = AppriseNotifier(write(tmp_path, [https_sink.workflows_url()]))
    result = notifier.send(render([make_item()], "Chair", TODAY),
                           notifier.routes("medway.dcs")[0])
    assert not result.ok
    assert result.error and "error=500" in result.error


def test_unknown_route_is_a_failed_result(tmp_path: Path, mail_sink: MailSink,
                                          make_item: Callable[..., Any]) -> None:
    notifier = AppriseNotifier(write(tmp_path, [mail_sink.apprise_url("a@medway.example")]))
    stranger = Route(id="0" * 16, privacy="mailto://elsewhere/", tag="medway.dcs")
    result = notifier.send(render([make_item()], "Chair", TODAY), stranger)
    assert not result.ok and result.error and "no such route" in result.error


def test_a_plugin_that_raises_is_a_failed_result(
        tmp_path: Path, mail_sink: MailSink, make_item: Callable[..., Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    notifier = AppriseNotifier(write(tmp_path, [mail_sink.apprise_url("a@medway.example")]))
    [route] = notifier.routes("medway.dcs")
    service = notifier._services[route.id]

    def boom(*args: Any, **kwargs: Any) -> bool:
        raise RuntimeError("plugin bug")

    monkeypatch.setattr(service, "notify", boom)
    result = notifier.send(render([make_item()], "Chair", TODAY), route)
    assert not result.ok and result.error == "RuntimeError: plugin bug"


def test_a_tag_with_no_route_has_no_routes(tmp_path: Path, mail_sink: MailSink) -> None:
    notifier = AppriseNotifier(write(tmp_path, [mail_sink.apprise_url("a@medway.example")]))
    assert notifier.routes("newcastle.dcs") == []


def test_fake_notifier_fails_as_told_and_records_every_send(
        make_item: Callable[..., Any]) -> None:
    fake = FakeNotifier({"medway.dcs": ["mail-dcs", "teams-dcs"]}, fail_routes={"teams-dcs"},
                        fail_first=1)
    message = render([make_item()], "DCS", TODAY)
    mail, teams = fake.routes("medway.dcs")
    assert fake.routes("medway.leader")[0].id == "fake:medway.leader"
    assert FakeNotifier(default_route=False).routes("medway.leader") == []

    first = fake.send(message, mail)  # the first send fails whatever the route
    second = fake.send(message, mail)
    third = fake.send(message, teams)

    assert (first.ok, second.ok, third.ok) == (False, True, False)
    assert third.error and "fake://teams-dcs" in third.error
    assert fake.sent == [(message, mail)]
    assert len(fake.attempts) == 3
    assert fake.messages_for("mail-dcs") == [message]
