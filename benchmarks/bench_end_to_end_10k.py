"""10,000 due occurrences end to end: from the start of ``cycles run`` to the last message in
the mail sink, beside healthchecks' anchors measured on this machine (issue 12).

Run: ``python benchmarks/bench_end_to_end_10k.py [--due 10000] [--alerts]``. Not a test: it
prints figures.

Anchors (healthchecks' ``sendalerts``, same machine, same session): 34-39 s to flip 10,000
overdue checks, 154-159 s to deliver their alerts (188-198 s from the first flip to the last
alert). The target is to stay far behind them: the ratio is printed.

Default shape (the product's own): a synthetic SQLite file (``benchmarks/_synthetic.py``,
cached in /tmp) holding ``--due`` occurrences of the shipped catalogue's obligations, all
due for action on 23 Nov 2026, and one ``mailto://`` route per role of every area (as
``cycles run --demo``) to an SMTP sink on loopback. One scan syncs, decides, writes the
outbox and sends each person one digest. It runs on a fresh copy of the file.

``--alerts`` (slow today: minutes): healthchecks' shape instead, one message per due item:
``--due`` recipients with one overdue item each (``benchmarks/_recipients.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    AS_OF,
    Sink,
    apprise_config,
    copy_database,
    cycles,
    environment,
    measure,
    repeat,
    replay,
    role_routes,
    shipped_catalogue,
)
from _synthetic import cached  # noqa: E402

FLIP = (34.0, 39.0)  # healthchecks: seconds to flip 10,000 overdue checks
DELIVER = (154.0, 159.0)  # ... and to deliver their alerts
BOTH = (FLIP[0] + DELIVER[0], FLIP[1] + DELIVER[1])


def digest_shape(work: Path, due: int) -> tuple[float, int, int, float, str]:
    """(start to last message, messages, notifications, raw ingest, details)."""
    from config.loader import load_catalogue  # only to build the synthetic file

    source, took = cached(due, due, load_catalogue())
    state = f"built in {took:.0f} s" if took is not None else "reused"
    print(f"database: {due:,} stored, all due: {source} ({state})")
    db = work / "scan.sqlite"
    copy_database(source, db)
    with Sink() as sink:
        config = work / "apprise.yml"
        n_routes = apprise_config(config, role_routes(sink, shipped_catalogue()))
        env = environment(cache=work / "cache")
        repeat(cycles("validate"), env, 1)  # warm the catalogue cache (untimed)
        m = measure(cycles("run", "--as-of", AS_OF, "--db", f"sqlite:///{db}", "--notify",
                           str(config), "--json"), env, keep_output=True)
        if m.rc != 0:
            sys.exit(f"cycles run: exit {m.rc}\n{m.err}")
        received = list(sink.received)
    report = json.loads(m.out)
    to_last = max(r.at for r in received) - m.started
    to_first = min(r.at for r in received) - m.started
    size = statistics.median(len(r.content) for r in received) / 1024
    details = (f"{n_routes} routes; {report.get('occurrences_checked')} occurrences due for "
               f"action, {report.get('sent')} notifications in {len(received)} digests "
               f"({size:.0f} kB median); first message at {to_first:.2f} s, exit at "
               f"{m.wall:.2f} s; cpu {m.cpu:.2f} s, peak RSS {m.rss_mb:.0f} MB")
    return to_last, len(received), int(report.get("sent", 0)), replay(received), details


def alerts_shape(work: Path, due: int) -> tuple[float, int, int, float, str]:
    from _recipients import deliver

    d = deliver(work / "alerts", due, 1)
    details = (f"{due:,} routes on one tag, one overdue item each; first message at "
               f"{d.to_first:.2f} s, exit at {d.wall:.2f} s; cpu {d.cpu:.2f} s, peak RSS "
               f"{d.rss_mb:.0f} MB; {d.sending_rate:.1f} messages/s while sending")
    return d.to_last, d.messages, d.messages, replay(d.received), details


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--alerts", action="store_true",
                        help="one message per due item, to --due recipients (slow today)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cycles-bench-e2e-") as tmp:
        shape = alerts_shape if args.alerts else digest_shape
        to_last, messages, notifications, ingest, details = shape(Path(tmp), args.due)

    name = "alerts (one message per item)" if args.alerts else "digests (the product's shape)"
    print(f"shape: {name}; {details}")
    print(f"end to end, start of `cycles run` to the last message in the sink: {to_last:.2f} s "
          f"for {args.due:,} due ({messages:,} messages, {notifications:,} notifications)")
    print(f"sink raw ingest of the same {messages:,} messages over one connection: "
          f"{ingest:.2f} s")
    for label, (low, high) in (("flip 10,000 overdue checks", FLIP),
                               ("deliver their alerts", DELIVER),
                               ("flip + deliver", BOTH)):
        faster = (f"{low / to_last:.1f}-{high / to_last:.1f}x faster" if to_last < low else
                  f"{to_last / high:.1f}-{to_last / low:.1f}x slower" if to_last > high else
                  "within its range")
        print(f"healthchecks {label:<27} {low:.0f}-{high:.0f} s: ours takes "
              f"{to_last / high:.3f}-{to_last / low:.3f} of it ({faster})")

if __name__ == "__main__":
    main()
