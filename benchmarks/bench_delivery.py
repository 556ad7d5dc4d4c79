"""A scan owing 2,000 notifications to 100 recipients, delivered through the real
AppriseNotifier to a local SMTP sink, vs the same sink taking 2,000 messages over one
reused smtplib connection.

Run: ``python benchmarks/bench_delivery.py [--routes 100] [--per-route 20]``. Not a test:
it prints figures.

``--recipients 1000 --items 1``: many recipients instead (issue 12, "Recipients"): a first
``cycles run`` as a child process owing ``--items`` items to each of ``--recipients``
mailto routes (``benchmarks/_recipients.py``); messages a second from the process's start
to the last message in the sink (target >= 64/s, healthchecks' alert rate here), the sink's
raw ingest of the same messages over one connection, and where the time goes (the same run
under cProfile: rendering, Apprise's send, its SSL context per email, SMTP, the database).

The scan: 20 overdue reports owed to each of 100 mailto routes (one tag), in a fresh SQLite
file; sync, decide, outbox, then delivery: one digest per recipient (100 messages of 20
items), each its own SMTP connection, as Apprise sends email. The baseline: 2,000 messages
of one item's size through a single ``smtplib.SMTP`` connection to the same MailSink
(aiosmtpd on loopback, writing .eml files) -- what the sink itself costs.

Target: scan <= 2 x baseline. Grouping (one digest per recipient per scan) is what wins it;
the rest of the scan's time is printed by part.
"""

from __future__ import annotations

import argparse
import smtplib
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pendulum  # noqa: E402
import yaml  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _recipients import AREA, OBLIGATION  # noqa: E402

if TYPE_CHECKING:  # imported where used: the --recipients mode needs only the CLI
    from cycles.notify.apprise_notifier import AppriseNotifier
    from cycles.notify.mailsink import MailSink

TARGET = 2.0
TARGET_RATE = 64.0  # messages a second: healthchecks' alert rate on this machine


class TimedNotifier:
    """The real notifier, with the time spent in ``send`` added up."""

    def __init__(self, inner: AppriseNotifier):
        self.inner = inner
        self.send_time = 0.0

    def routes(self, tag: str):  # type: ignore[no-untyped-def]
        return self.inner.routes(tag)

    def send(self, message, route):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return self.inner.send(message, route)
        finally:
            self.send_time += time.perf_counter() - started


def scan(folder: Path, sink: MailSink, routes: int, per_route: int) -> dict[str, float]:
    from config.loader import load_catalogue
    from cycles.notify.apprise_notifier import AppriseNotifier
    from cycles.runner import Runner
    from storage.db import open_database

    catalogue_dir = folder / "catalogue"
    catalogue_dir.mkdir()
    days = [1 + i % 28 for i in range(per_route)]  # 1..28 June 2026: all overdue on 1 July
    (catalogue_dir / "bench.yaml").write_text(
        AREA + "".join(OBLIGATION.format(i=i, day=d) for i, d in enumerate(days)))
    urls = [{sink.apprise_url(f"owner{i:03d}@bench.example.org", "cycles@bench.example.org"):
             [{"tag": "bench.owner"}]} for i in range(routes)]
    notify = folder / "apprise.yml"
    notify.write_text(yaml.safe_dump({"version": 1, "urls": urls}))

    started = time.perf_counter()
    catalogue = load_catalogue([catalogue_dir])
    notifier = TimedNotifier(AppriseNotifier(notify))
    engine = open_database(f"sqlite:///{folder / 'cycles.sqlite'}")
    as_of = pendulum.datetime(2026, 7, 1, 7, tz="Europe/London").in_timezone("UTC")
    runner = Runner(engine, catalogue, notifier, clock=lambda: as_of, retry_delays=())
    setup = time.perf_counter() - started

    started = time.perf_counter()
    report = runner.queue(as_of)
    queued = time.perf_counter() - started
    started = time.perf_counter()
    runner.deliver(as_of, report)
    delivered = time.perf_counter() - started
    engine.dispose()
    assert report.sent == routes * per_route and report.messages_sent == routes, report
    assert sink.count == routes
    return {"setup": setup, "queue": queued, "deliver": delivered,
            "send": notifier.send_time, "scan": queued + delivered}


def baseline(sink: MailSink, messages: int, body: str) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        for i in range(messages):
            msg = EmailMessage()
            msg["From"] = "cycles@bench.example.org"
            msg["To"] = f"owner{i % 100:03d}@bench.example.org"
            msg["Subject"] = f"[Overdue 21 days] Benchton: Benchton report number {i % 20}"
            msg.set_content(body)
            smtp.send_message(msg)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=100)
    parser.add_argument("--per-route", type=int, default=20)
    parser.add_argument("--recipients", type=int, help="many-recipients mode (e.g. 1000)")
    parser.add_argument("--items", type=int, default=1, help="items per recipient")
    args = parser.parse_args()
    if args.recipients:
        many_recipients(args.recipients, args.items)
        return
    from cycles.notify.mailsink import MailSink

    total = args.routes * args.per_route

    with tempfile.TemporaryDirectory(prefix="cycles-bench-delivery-") as tmp:
        folder = Path(tmp)
        with MailSink(folder / "scan-mail") as sink:
            parts = scan(folder, sink, args.routes, args.per_route)
            sizes = [p.stat().st_size for p in sink.files()]
        with MailSink(folder / "baseline-mail") as sink:
            line = "Lateness: 21 days late (15 working days). Record it: cycles submit.\n"
            one_item = line * max(3, int(statistics.median(sizes)) // args.per_route // len(line))
            base = baseline(sink, total, one_item)
            assert sink.count == total

    ratio = parts["scan"] / base
    print(f"scan: {total:,} notifications to {args.routes} recipients -> {args.routes} "
          f"digests ({statistics.median(sizes) / 1024:.1f} kB median)")
    print(f"  scan total {parts['scan']:.2f} s = queue (sync, decide, outbox) "
          f"{parts['queue']:.2f} s + deliver {parts['deliver']:.2f} s "
          f"(of which AppriseNotifier.send {parts['send']:.2f} s, "
          f"{parts['send'] / args.routes * 1000:.0f} ms per message)")
    print(f"  (set-up before the scan: {parts['setup']:.2f} s: catalogue, Apprise config, "
          "migrations)")
    print(f"baseline: {total:,} messages over one smtplib connection to the same sink: "
          f"{base:.2f} s ({base / total * 1000:.1f} ms per message)")
    print(f"ratio scan / baseline: {ratio:.2f}x (target <= {TARGET}x): "
          f"{'OK' if ratio <= TARGET else 'OVER'}")
    print(context_costs(args.routes))


def many_recipients(recipients: int, items: int) -> None:
    from _harness import replay
    from _recipients import breakdown, deliver

    with tempfile.TemporaryDirectory(prefix="cycles-bench-recipients-") as tmp:
        d = deliver(Path(tmp) / "plain", recipients, items)
        ingest = replay(d.received)
        print(f"first scan (cycles run, own process): {recipients:,} recipients x {items} "
              f"item(s) -> {d.messages:,} messages ({d.size_kb:.1f} kB median)")
        print(f"  start to first message {d.to_first:.2f} s, to last {d.to_last:.2f} s, "
              f"exit {d.wall:.2f} s; cpu {d.cpu:.2f} s, peak RSS {d.rss_mb:.0f} MB")
        print(f"  rate, start to last message: {d.rate:.1f} messages/s (target >= "
              f"{TARGET_RATE:.0f}/s): {'OK' if d.rate >= TARGET_RATE else 'UNDER'}; "
              f"between first and last: {d.sending_rate:.1f}/s "
              f"({1000 / d.sending_rate:.1f} ms per message)")
        print(f"  sink raw ingest of the same {d.messages:,} messages over one smtplib "
              f"connection: {ingest:.2f} s ({d.messages / ingest:.0f}/s); scan / ingest "
              f"{d.to_last / ingest:.1f}x")
        profile = Path(tmp) / "scan.prof"
        p = deliver(Path(tmp) / "profiled", recipients, items, profile=profile)
        for line in breakdown(profile, p.messages):
            print(line)
    print(context_costs(recipients))


def context_costs(emails: int, n: int = 20) -> str:
    """Apprise builds an SSL context for every email, even plain SMTP: its cost with the CA
    bundle (Apprise's own behaviour) and as the notifier has it made (from the CA directory
    when it holds the same store: ``cycles/notify/tls_trust.py``)."""
    from cycles.notify.tls_trust import plugin_context, prefer_ca_directory

    def each(make: Callable[[], object]) -> float:
        started = time.perf_counter()
        for _ in range(n):
            make()
        return (time.perf_counter() - started) / n

    bundle = each(ssl.create_default_context)
    folder = prefer_ca_directory()
    used = each(plugin_context)
    where = f"from the CA directory {folder}" if folder else "with the CA bundle (unchanged)"
    return (f"SSL context per email: {bundle * 1000:.1f} ms with the CA bundle (Apprise's own; "
            f"{bundle * emails:.1f} s for {emails:,} emails), {used * 1000:.2f} ms as the "
            f"notifier has Apprise make it here ({where})")


if __name__ == "__main__":
    main()
