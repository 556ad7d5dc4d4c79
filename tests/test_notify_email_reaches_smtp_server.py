"""Email through Apprise reaches a real SMTP server on loopback, as text and HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import MailSink
from cycles.notify.message import render

TODAY = dt.date(2026, 10, 27)


def config(tmp_path: Path, body: str, name: str = "apprise.yml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def parts(msg: EmailMessage) -> dict[str, str]:
    return {p.get_content_type(): p.get_content() for p in msg.walk() if not p.is_multipart()}


def test_single_item_arrives_with_plain_text_and_html_parts(
        tmp_path: Path, mail_sink: MailSink, make_item: Callable[..., Any]) -> None:
    path = config(tmp_path, f"""\
urls:
  - "{mail_sink.apprise_url('dcs@medway.example')}":
      tag: medway.dcs
""")
    notifier = AppriseNotifier(path)
    [route] = notifier.routes("medway.dcs")
    assert route.kind == "email" and route.tag == "medway.dcs"
    message = render([make_item()], "Director of Children's Services", TODAY)

    result = notifier.send(message, route)

    assert result.ok, result.error
    assert mail_sink.count == 1
    [saved] = mail_sink.files()
    assert saved.name.startswith("0001-Due-in-3-days-Medway-MSCB-chair")
    [msg] = mail_sink.messages()
    assert msg["X-Envelope-To"] == "dcs@medway.example"
    assert msg["X-Envelope-From"] == "cycles@localhost"
    assert msg["To"] == "dcs@medway.example"
    assert msg["Subject"] == message.subject
    assert msg.get_content_type() == "multipart/alternative"
    body = parts(msg)
    assert set(body) == {"text/plain", "text/html"}
    assert body["text/html"].strip() == message.html.strip()
    plain = " ".join(body["text/plain"].split())
    for expected in ("Director of Children's Services,",
                     "This report is due in 3 days, on Fri 30 Oct 2026.",
                     "Due: Fri 30 Oct 2026", "Lateness: not late yet: due in 3 days",
                     "Owner(s): Independent Chair of the MSCB; Director of Children's Services",
                     "Please submit MSCB chair and DCS six-monthly report to the CE and Leader "
                     "(2026-27 H1) by Fri 30 Oct 2026.",
                     "Source: Medway MSCB–Children's Trust arrangements, July 2009",
                     'cycles submit medway.chair-dcs-six-monthly-report --period "2026-27 H1"',
                     '"record-submission"'):
        assert expected in plain
    assert "<div" not in body["text/plain"] and "&amp;" not in body["text/plain"]
    assert "report six monthly" not in plain  # the full quote is on the View page, not here


def test_digest_arrives_as_one_message_listing_every_item(
        tmp_path: Path, mail_sink: MailSink, make_item: Callable[..., Any]) -> None:
    path = config(tmp_path, f"""\
version: 1
urls:
  - "{mail_sink.apprise_url('chair@medway.example')}":
      - tag: medway.mscb_chair
""")
    notifier = AppriseNotifier(path)
    items = [
        make_item(),
        make_item(obligation="medway.annual-report", title="MSCB annual report",
                  period="2025-26", due=dt.date(2026, 7, 31), days_to_due=-88,
                  working_days_late=62, kind="escalation", stage="escalate-20wd"),
        make_item(obligation="medway.cypp", title="Children's Trust annual review of the CYPP",
                  due=TODAY, days_to_due=0, kind="due", stage="due"),
    ]
    message = render(items, "Independent Chair of the MSCB", TODAY)
    [route] = notifier.routes("medway.mscb_chair")

    assert notifier.send(message, route).ok

    [msg] = mail_sink.messages()
    assert msg["Subject"] == ("[Reporting cycles] 3 Medway reports need attention: "
                              "1 overdue (1 escalated), 1 due today, 1 due soon")
    assert msg["X-Envelope-To"] == "chair@medway.example"
    body = parts(msg)
    plain, html = body["text/plain"], body["text/html"]
    titles = ["MSCB annual report", "Children's Trust annual review of the CYPP",
              "MSCB chair and DCS six-monthly report"]
    assert [plain.index(t) for t in titles] == sorted(plain.index(t) for t in titles)
    assert html.index("MSCB annual report") < html.index("Children&#39;s Trust annual review")
    assert "88 days late (62 working days)" in plain
    # the two reports the chair owns; the escalated one asks the chair to follow up instead
    assert plain.count("Record it: cycles submit") == 2
    assert ("MSCB annual report (2025-26) has not been submitted; it is 62 working days late; "
            "please follow up with Independent Chair of the MSCB and Director of Children's "
            "Services.") in " ".join(plain.split())


def test_two_recipients_each_get_the_message(
        tmp_path: Path, mail_sink: MailSink, make_item: Callable[..., Any]) -> None:
    path = config(tmp_path, f"""\
urls:
  - "{mail_sink.apprise_url('ce@medway.example,leader@medway.example')}":
      tag: medway.chief_executive, medway.leader
""")
    notifier = AppriseNotifier(path)
    [route] = notifier.routes("medway.leader")
    assert notifier.routes("medway.chief_executive")[0].id == route.id
    assert notifier.send(render([make_item()], "Leader", TODAY), route).ok
    assert sorted(m["X-Envelope-To"] for m in mail_sink.messages()) == [
        "ce@medway.example", "leader@medway.example"]


def test_text_format_route_gets_the_plain_text_body_exactly(
        tmp_path: Path, mail_sink: MailSink, make_item: Callable[..., Any]) -> None:
    # Apprise's TEXT config format (tags without dots) and a text-only email route.
    path = config(tmp_path, f"medway_dcs={mail_sink.apprise_url('dcs@medway.example')}"
                            "&format=text\n", name="apprise.txt")
    notifier = AppriseNotifier(path)
    [route] = notifier.routes("medway_dcs")
    message = render([make_item()], "Director of Children's Services", TODAY)
    assert notifier.send(message, route).ok
    [msg] = mail_sink.messages()
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content().replace("\r\n", "\n").strip() == message.text.strip()


def test_always_tag_receives_every_notification(
        tmp_path: Path, mail_sink: MailSink, make_item: Callable[..., Any]) -> None:
    path = config(tmp_path, f"""\
urls:
  - "{mail_sink.apprise_url('dcs@medway.example')}":
      tag: medway.dcs
  - "{mail_sink.apprise_url('archive@medway.example')}":
      tag: always
""")
    notifier = AppriseNotifier(path)
    assert [r.privacy.split("/")[3].split("?")[0] for r in notifier.routes("medway.dcs")] == [
        "dcs%40medway.example", "archive%40medway.example"]
    assert len(notifier.routes("newcastle.dcs")) == 1  # only the archive
    message = render([make_item()], "Director of Children's Services", TODAY)
    for route in notifier.routes("medway.dcs"):
        assert notifier.send(message, route).ok
    assert sorted(m["X-Envelope-To"] for m in mail_sink.messages()) == [
        "archive@medway.example", "dcs@medway.example"]


def test_mail_sink_offers_auth_without_tls(tmp_path: Path, make_item: Callable[..., Any]
                                           ) -> None:
    with MailSink(tmp_path / "mail", credentials=("cycles", "s3cret-pw")) as sink:
        path = config(tmp_path, f"""\
urls:
  - "mailto://cycles:${{SMTP_PASSWORD}}@127.0.0.1:{sink.port}?from=cycles@localhost&to=dcs@medway.example":
      tag: medway.dcs
""")
        good = AppriseNotifier(path, environ={"SMTP_PASSWORD": "s3cret-pw"})
        bad = AppriseNotifier(path, environ={"SMTP_PASSWORD": "wrong-pw"})
        message = render([make_item()], "DCS", TODAY)
        assert good.send(message, good.routes("medway.dcs")[0]).ok
        failed = bad.send(message, bad.routes("medway.dcs")[0])
        assert not failed.ok and failed.error
        assert sink.count == 1
