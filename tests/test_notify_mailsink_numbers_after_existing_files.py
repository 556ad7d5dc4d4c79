"""A second mail sink on the same folder numbers its files after the first one's, so a
second demo run never overwrites an earlier message."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

from cycles.notify.mailsink import MailSink


def _send(sink: MailSink, subject: str) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.org", "b@example.org", subject
    msg.set_content("body")
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as smtp:
        smtp.send_message(msg)


def test_second_run_keeps_first_runs_files(tmp_path: Path) -> None:
    with MailSink(tmp_path) as sink:
        _send(sink, "Same subject")
    with MailSink(tmp_path) as sink:
        _send(sink, "Same subject")
        assert sink.count == 1
    names = sorted(p.name for p in tmp_path.glob("*.eml"))
    assert names == ["0001-Same-subject.eml", "0002-Same-subject.eml"]
