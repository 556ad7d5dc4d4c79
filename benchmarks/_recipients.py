"""Many recipients, few items: a first real scan through the command line into a mail sink,
and where its time goes. Shared by ``bench_delivery.py --recipients`` and
``bench_end_to_end_10k.py --alerts``. Not a benchmark itself.

The workspace: one area ``bench`` with ``items`` annual obligations due 1..28 June 2026, all
owned by one role, and ``recipients`` ``mailto://`` routes on that role's tag
(``bench.owner``) to a sink on loopback; scanned as of 1 July 2026 07:00 (London), every item
is overdue and each recipient is owed one message of ``items`` items.

:func:`deliver` runs ``cycles run`` once as a child process and reads, on this process's
clock, the time from its start to the first and to the last message in the sink. With
``profile=True`` the same command runs under cProfile and :func:`breakdown` sorts the time
into the parts named in issue 12 (rendering, Apprise's send, its SSL context, ...).
"""

from __future__ import annotations

import pstats
import statistics
from dataclasses import dataclass
from pathlib import Path

from _harness import BOOT, PYTHON, Received, Sink, apprise_config, cycles, environment, measure
from _synthetic import migrate

AS_OF_JULY = "2026-07-01T07:00"
AREA = """\
area: bench
name: Benchton
board: Benchton Safeguarding Children Board
partnership: Benchton Children's Trust Board
source_file: bench-protocol.txt
tracking_from: 2026-04-01
roles:
  owner: {title: Report Owner}
  board: {title: Benchton Children's Trust Board}
reminders: {before_working_days: [14, 3], on_due: true, overdue_every_days: 7}
obligations:
"""
OBLIGATION = """\
  - id: report-{i}
    title: Benchton report number {i}
    owner: [owner]
    recipients: [board]
    cadence: annual
    due: {{day_of_month: {day}, month: June}}
    source: {{file: bench-protocol.txt, quote: "The owner sends report {i} to the board."}}
"""

# (label, file path fragment, function name): cumulative time of the matching functions
PARTS = [
    ("imports inside the command", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("catalogue load", "config/", "load_catalogue"),
    ("sync into the tables", "storage/", "sync"),
    ("decide (pure)", "cycles/", "decide"),
    ("Apprise tag lookup (find)", "apprise/apprise.py", "find"),
    ("rendering our messages", "cycles/", "render"),
    ("Apprise route notify() in all", "apprise/plugins/base.py", "notify"),
    ("  Apprise format conversion", "apprise/conversion.py", "convert_between"),
    ("  NotifyEmail.send", "apprise/plugins/email/base.py", "send"),
    ("    SSL context per email", "ssl.py", "create_default_context"),
    ("    MIME building", "apprise/plugins/email/base.py", "prepare_emails"),
    ("    SMTP connect + greeting", "smtplib.py", "connect"),
    ("    SMTP EHLO", "smtplib.py", "ehlo"),
    ("    SMTP MAIL/RCPT/DATA", "smtplib.py", "sendmail"),
    ("    SMTP QUIT", "smtplib.py", "quit"),
    ("database (SQLAlchemy execute)", "sqlalchemy/engine/base.py", "execute"),
]


@dataclass
class Delivery:
    recipients: int
    items: int
    messages: int
    to_first: float  # seconds from the process's start to the first message in the sink
    to_last: float  # ... to the last message
    wall: float  # ... to the process's exit
    cpu: float
    rss_mb: float
    size_kb: float
    received: list[Received]

    @property
    def rate(self) -> float:
        """Messages a second, from the process's start to the last message."""
        return self.messages / self.to_last

    @property
    def sending_rate(self) -> float:
        """Messages a second between the first and the last message."""
        span = self.to_last - self.to_first
        return (self.messages - 1) / span if span > 0 else float("nan")


def workspace(folder: Path, sink: Sink, recipients: int, items: int) -> tuple[Path, Path]:
    catalogue = folder / "catalogue"
    catalogue.mkdir(parents=True)
    days = [1 + i % 28 for i in range(items)]  # 1..28 June 2026: all overdue on 1 July
    (catalogue / "bench.yaml").write_text(
        AREA + "".join(OBLIGATION.format(i=i, day=d) for i, d in enumerate(days)))
    config = folder / "apprise.yml"
    apprise_config(config, ((sink.url(f"owner{i:05d}@bench.example.org"), "bench.owner")
                            for i in range(recipients)))
    return catalogue, config


def deliver(folder: Path, recipients: int, items: int, profile: Path | None = None
            ) -> Delivery:
    """One first scan of a fresh workspace in ``folder``; under cProfile when ``profile``."""
    folder.mkdir(parents=True)
    with Sink() as sink:
        catalogue, config = workspace(folder, sink, recipients, items)
        env = environment(cache=folder / "cache")
        warm = measure(cycles("validate", str(catalogue)), env)  # fill the catalogue cache
        if warm.rc != 0:
            raise SystemExit(f"cycles validate: exit {warm.rc}\n{warm.err}")
        db = folder / "cycles.sqlite"
        migrate(db)
        args = ["run", "--as-of", AS_OF_JULY, "--db", f"sqlite:///{db}", "--notify",
                str(config), "--catalogue", str(catalogue)]
        argv = cycles(*args)
        if profile is not None:
            boot = BOOT.replace("main()", f"import cProfile; cProfile.run('main()', "
                                          f"{str(profile)!r})")
            argv = [PYTHON, "-c", boot, *args]
        m = measure(argv, env)
        if m.rc != 0:
            raise SystemExit(f"cycles run: exit {m.rc}\n{m.err}")
        received = list(sink.received)
    if len(received) != recipients:
        raise SystemExit(f"expected {recipients} messages in the sink, got {len(received)}")
    return Delivery(recipients, items, len(received), min(r.at for r in received) - m.started,
                    max(r.at for r in received) - m.started, m.wall, m.cpu, m.rss_mb,
                    statistics.median(len(r.content) for r in received) / 1024, received)


def breakdown(profile: Path, messages: int) -> list[str]:
    """Lines: each part's cumulative time, share of the profiled total, calls, per message."""
    stats = pstats.Stats(str(profile))
    table = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in table.values())
    lines = [f"profiled run (cProfile slows Python code down; read the shares): "
             f"{total:.2f} s in all"]
    for label, fragment, name in PARTS:
        cum, calls = 0.0, 0
        for (filename, _, funcname), (_, nc, _, ct, _) in table.items():
            if funcname == name and fragment in filename.replace("\\", "/"):
                cum += ct
                calls += nc
        each = (f"  {cum / messages * 1000:6.1f} ms per message"
                if label.startswith(("rendering", "Apprise", " ")) else "")
        if calls:
            lines.append(f"  {label:<34} {cum:7.2f} s {cum / total * 100:5.1f}%  "
                         f"{calls:>7,} calls{each}")
        else:
            lines.append(f"  {label:<34}  (not seen)")
    return lines
