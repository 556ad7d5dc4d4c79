"""What Apprise itself costs to deliver a scan's emails: the floor under a scan's delivery.

:func:`apprise_alone` takes the messages a scan left in the sink, reads back each one's
subject, HTML part and recipient, and has Apprise's email plugin send them again, one after
another, to a fresh sink (``NotifyEmail.notify``, as the notifier calls it: HTML in, Apprise
derives the text part, builds the MIME message, opens a connection per email). The services
are built before the clock starts, and OpenSSL gets the same CA choice the notifier makes
(:mod:`cycles.notify.tls_trust`). Nothing of ours runs inside the timed loop: the time is
Apprise's, plus the sink's share.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from _harness import Received, Sink


def _parts(m: Received) -> tuple[str, str, str, str]:
    msg = message_from_bytes(m.content, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    body = msg.get_body(("html", "plain"))
    assert body is not None
    return str(msg["Subject"]), str(body.get_content()), m.rcpt_tos[0], m.mail_from


def apprise_alone(messages: Sequence[Received]) -> float:
    """Seconds for Apprise alone to deliver ``messages`` again, one after another."""
    import apprise

    from cycles.notify.tls_trust import prefer_ca_directory

    prefer_ca_directory()
    parts = [_parts(m) for m in messages]
    with Sink() as sink:
        services: list[Any] = [apprise.Apprise.instantiate(sink.url(to, sender))
                               for _, _, to, sender in parts]
        started = time.perf_counter()
        for service, (subject, html, _, _) in zip(services, parts, strict=True):
            if not service.notify(body=html, title=subject,
                                  body_format=apprise.NotifyFormat.HTML):
                raise RuntimeError("Apprise could not deliver to the benchmark's sink")
        took = time.perf_counter() - started
        assert sink.count == len(messages), (sink.count, len(messages))
    return took
