"""A relay's rate limit (``rate_limits:`` in the Apprise config) holds back what is over it:
those rows stay pending, the report says how many messages for which relay, and the next
scans send them as the minute moves on (time travel through the runner's clock, no sleep).

7 mailto routes on one tag to a real SMTP sink on 127.0.0.1, limited to 3 a minute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from config.loader import load_catalogue
from cycles.app.scanning import scan_report_json
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.mailsink import MailSink
from cycles.rate_limits import HeldBack, held_back_line
from cycles.runner import Runner
from storage.db import open_database


def test_over_the_rate_limit_waits_for_the_next_scan_and_the_report_says_so(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str) -> None:
    with MailSink(tmp_path / "mail") as sink:
        sc = many_routes(sink.port, routes=7, obligations=2)
        config = yaml.safe_load(sc.notify.read_text())
        sc.notify.write_text(yaml.safe_dump({"rate_limits": {"127.0.0.1": 3}, **config}))
        engine = open_database(sqlite_url)
        now = [sc.as_of]
        runner = Runner(engine, load_catalogue([sc.catalogue]), AppriseNotifier(sc.notify),
                        clock=lambda: now[0], retry_delays=(), workers=4)

        def scan_at(seconds: int) -> Any:
            now[0] = sc.as_of + dt.timedelta(seconds=seconds)
            return runner.scan(now[0])

        first = scan_at(0)
        assert (first.messages_sent, first.sent, first.pending) == (3, 6, 8)
        assert first.held_back == [HeldBack("127.0.0.1", 3, 4)]
        assert held_back_line(first.held_back[0]) == (
            "4 message(s) held back by the rate limit of 3 a minute for 127.0.0.1; "
            "the next scan sends them")
        assert scan_report_json(first)["held_back"] == [
            {"relay": "127.0.0.1", "per_minute": 3, "messages": 4}]
        assert first.ok  # held back is not failed
        assert sink.count == 3

        within_the_minute = scan_at(30)
        assert (within_the_minute.messages_sent, within_the_minute.pending) == (0, 8)
        assert within_the_minute.held_back == [HeldBack("127.0.0.1", 3, 4)]

        next_minute = scan_at(61)
        assert (next_minute.messages_sent, next_minute.pending) == (3, 2)
        assert next_minute.held_back == [HeldBack("127.0.0.1", 3, 1)]

        last = scan_at(122)
        assert (last.messages_sent, last.pending, last.held_back) == (1, 0, [])
        assert sink.count == 7
        assert sorted(str(m["X-Envelope-To"]) for m in sink.messages()) == sc.addresses
        engine.dispose()


def test_a_relay_without_a_limit_is_not_held_back(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str) -> None:
    with MailSink(tmp_path / "mail") as sink:
        sc = many_routes(sink.port, routes=5, obligations=1)
        config = yaml.safe_load(sc.notify.read_text())
        sc.notify.write_text(yaml.safe_dump({"rate_limits": {"smtp.office365.com": 1},
                                             **config}))
        engine = open_database(sqlite_url)
        report = Runner(engine, load_catalogue([sc.catalogue]), AppriseNotifier(sc.notify),
                        clock=lambda: sc.as_of, retry_delays=()).scan(sc.as_of)
        assert (report.messages_sent, report.pending, report.held_back) == (5, 0, [])
        engine.dispose()
