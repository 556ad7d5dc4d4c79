"""A ${VAR} whose value holds an unencoded URL-reserved character is refused: one line naming
the file and the variable, saying to percent-encode it, with no fragment of the value
anywhere. Percent-encoded, the same password authenticates to a real SMTP server and every
route shown or stored masks it fully (no first or last character)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from config.loader import load_catalogue
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import MailSink
from cycles.notify.seam import NotifyConfigError
from cycles.runner import Runner
from storage.db import open_database

PASSWORD = "Tr0ub4dor&3/horse@staple"
# Every 4-character piece of it, and the forms Apprise's privacy mode would show.
FRAGMENTS = ({PASSWORD[i:i + 4] for i in range(len(PASSWORD) - 3)}
             | {"horse", "staple", "T...e", "...aple", quote(PASSWORD, safe="")})


def _assert_no_fragment(what: str, text: str) -> None:
    found = sorted(f for f in FRAGMENTS if f in text)
    assert not found, f"{what} shows part of the password: {found}"


def test_unencoded_password_is_refused_naming_the_variable(
        tmp_path: Path, many_routes: Callable[..., Any], cli: Callable[..., Any],
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
    with MailSink(tmp_path / "mail", credentials=("cycles", PASSWORD)) as sink:
        sc = many_routes(sink.port, routes=2, obligations=1,
                         userinfo="cycles:${SMTP_PASSWORD}@")
        with pytest.raises(NotifyConfigError) as err:
            AppriseNotifier(sc.notify)
        db = tmp_path / "cycles.db"
        result = cli("run", "--as-of", "2026-07-01T07:00", "--notify", str(sc.notify),
                     "--db", f"sqlite:///{db}", "--catalogue", str(sc.catalogue))
        assert sink.count == 0  # nothing was sent anywhere
    message = str(err.value)
    assert "\n" not in message
    assert str(sc.notify) in message and "${SMTP_PASSWORD}" in message
    assert "percent-encode" in message and "%40 for @" in message
    assert result.exit_code == 2, result.output
    assert "${SMTP_PASSWORD}" in result.stderr and "percent-encode" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    out, errout = capfd.readouterr()
    for what, text in (("error", message), ("cli stdout", result.stdout),
                       ("cli stderr", result.stderr), ("log", caplog.text),
                       ("stdout", out), ("stderr", errout)):
        _assert_no_fragment(what, text)


@pytest.mark.parametrize("template", [
    "mailto://${SMTP_USER}:secret@127.0.0.1:25?from=a@example.org&to=b@example.org",
    "json://127.0.0.1/${SMTP_PASSWORD}/x",
    "json://127.0.0.1/?token=${SMTP_PASSWORD}",
])
def test_reserved_characters_are_refused_wherever_they_change_the_url(
        tmp_path: Path, template: str) -> None:
    path = tmp_path / "apprise.yml"
    path.write_text(f'urls:\n  - "{template}":\n      tag: medway.dcs\n', encoding="utf-8")
    with pytest.raises(NotifyConfigError) as err:
        AppriseNotifier(path, environ={"SMTP_PASSWORD": PASSWORD, "SMTP_USER": "me@x.org"})
    assert "percent-encode" in str(err.value)
    _assert_no_fragment("error", str(err.value))


def test_reserved_characters_as_an_option_value_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "apprise.yml"
    path.write_text("urls:\n  - mailto://127.0.0.1:25:\n      - user: cycles\n"
                    "        pass: ${SMTP_PASSWORD}\n        from: a@example.org\n"
                    "        to: b@example.org\n        tag: medway.dcs\n", encoding="utf-8")
    routes = AppriseNotifier(path, environ={"SMTP_PASSWORD": PASSWORD}).routes("medway.dcs")
    assert len(routes) == 1
    _assert_no_fragment("route", routes[0].privacy)


def test_percent_encoded_password_authenticates_and_is_fully_masked(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        dump_db: Callable[[Any], Any], caplog: pytest.LogCaptureFixture,
        capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    monkeypatch.setenv("SMTP_PASSWORD", quote(PASSWORD, safe=""))
    with MailSink(tmp_path / "mail", credentials=("cycles", PASSWORD)) as sink:
        sc = many_routes(sink.port, routes=2, obligations=2,
                         userinfo="cycles:${SMTP_PASSWORD}@")
        notifier = AppriseNotifier(sc.notify)
        routes = notifier.routes("kt.owner")
        report = Runner(open_database(sqlite_url), load_catalogue([sc.catalogue]), notifier,
                        clock=lambda: sc.as_of, sleep=lambda s: None,
                        retry_delays=()).scan(sc.as_of)
        assert report.messages_sent == 2 and sink.count == 2  # AUTH with the real password
        mails = "\n".join(p.read_text(errors="replace") for p in sink.files())
    for route in routes:  # the password part is fully masked: no first or last character
        assert re.search(r"^mailto://cycles:\*\*\*\*@127\.0\.0\.1:\d+/", route.privacy), route
    tables = dump_db(sqlite_url)
    stored = [row["route"] for row in tables["notification"]]
    assert stored and all("cycles:****@127.0.0.1" in r for r in stored)
    out, err = capfd.readouterr()
    for what, text in (("routes", repr(routes)), ("database", repr(tables)),
                       ("log", caplog.text), ("report", repr(report)), ("mail", mails),
                       ("stdout", out), ("stderr", err)):
        _assert_no_fragment(what, text)


def test_webhook_ids_and_signatures_show_no_first_or_last_character(tmp_path: Path) -> None:
    """Apprise's own privacy form would show ``w...6/s...f``."""
    path = tmp_path / "apprise.yml"
    path.write_text("urls:\n  - workflows://127.0.0.1:8443/${WORKFLOW}/${SIGNATURE}/:\n"
                    "      tag: medway.dcs\n", encoding="utf-8")
    notifier = AppriseNotifier(path, environ={"WORKFLOW": "wfid0123456",
                                              "SIGNATURE": "sigabcdef"})
    [route] = notifier.routes("medway.dcs")
    assert route.privacy.startswith("workflow://127.0.0.1:8443/****/****/"), route.privacy
    assert "..." not in route.privacy


def test_text_configs_are_checked_too_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "apprise.txt"
    path.write_text("# routes\nmedway_dcs=mailto://relay:${SMTP_PASSWORD}@127.0.0.1:2525"
                    "?from=a@example.org&to=b@example.org\n", encoding="utf-8")
    with pytest.raises(NotifyConfigError) as err:
        AppriseNotifier(path, environ={"SMTP_PASSWORD": PASSWORD})
    assert "line 2: the value of ${SMTP_PASSWORD}" in str(err.value)
    _assert_no_fragment("error", str(err.value))
    routes = AppriseNotifier(path, environ={"SMTP_PASSWORD": quote(PASSWORD, safe="")}
                             ).routes("medway_dcs")
    assert "relay:****@127.0.0.1" in routes[0].privacy
