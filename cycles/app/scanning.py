"""The reminder scan as use cases: :func:`scan` decides, sends and records; :func:`plan`
only decides (nothing sent, nothing written).

A fault of the database or the disk mid-scan (disk full, an I/O error, a lost connection)
is a :class:`~cycles.app.errors.ScanFault`, one line: the ledger is written in an order that
is safe to stop anywhere (see :mod:`cycles.runner`), so the next scan resumes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cycles.app.errors import ScanFault

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from config.loader import Catalogue
    from cycles.notify.seam import Notifier
    from cycles.runner import Runner, ScanReport


def make_runner(engine: Engine, catalogue: Catalogue, notifier: Notifier,
                **options: Any) -> Runner:
    """A :class:`~cycles.runner.Runner` (``options``: ``retry_delays``, ``clock``, ...).

    Its messages carry signed action links when a base URL is set (``$CYCLES_BASE_URL``)."""
    from cycles.app.setup import open_links
    from cycles.runner import Runner

    if "links" not in options:
        options["links"] = open_links()
    return Runner(engine, catalogue, notifier, **options)


def scan(engine: Engine, catalogue: Catalogue, notifier: Notifier, *, as_of: dt.datetime,
         area: str | None = None, **options: Any) -> ScanReport:
    """One reminder scan at ``as_of``: sync, decide, queue, send and record."""
    with faults_as_one_line("the scan stopped"):
        return make_runner(engine, catalogue, notifier, **options).scan(as_of, area)


def plan(engine: Engine, catalogue: Catalogue, notifier: Notifier, *, as_of: dt.datetime,
         area: str | None = None, **options: Any) -> ScanReport:
    """What a scan at ``as_of`` would send, by route; nothing sent or written."""
    with faults_as_one_line("the dry run stopped"):
        return make_runner(engine, catalogue, notifier, **options).plan(as_of, area)


@contextmanager
def faults_as_one_line(what: str) -> Iterator[None]:
    """A database or file-system fault inside the block as a :class:`ScanFault`."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        raise ScanFault(f"{what}: the database failed ({reason}); what was sent is "
                        "recorded and the next scan resumes (a message sent but not yet "
                        "recorded is named in its summary)") from None
    except OSError as exc:
        raise ScanFault(f"{what}: {exc.strerror or type(exc).__name__}"
                        f"{f' ({exc.filename})' if exc.filename else ''}; the next scan "
                        "resumes") from None


def scan_report_json(report: ScanReport) -> dict[str, Any]:
    """A scan's (or a plan's) counts as JSON: ``run --json`` and the flow's result."""
    return {
        "as_of": report.as_of.isoformat(), "dry_run": report.dry_run,
        "occurrences_checked": report.occurrences_checked, "owed": report.owed,
        "queued": report.queued, "sent": report.sent, "failed": report.failed,
        "skipped": report.skipped, "pending": report.pending, "messages_sent": report.messages_sent,
        "messages_failed": report.messages_failed, "overdue": report.overdue,
        "unrouted": report.unrouted, "warnings": report.warnings,
        "maybe_repeated": report.maybe_repeated, "taken_as_sent": report.taken_as_sent,
        "failures": [{"route": f.route, "tag": f.tag, "error": f.error}
                     for f in report.failures],
        "held_back": [{"relay": h.relay, "per_minute": h.per_minute, "messages": h.messages}
                      for h in report.held_back],
        "planned": [{"occurrence": o.occurrence.key, "stage": o.stage.key, "to": o.tag,
                     "route": r.privacy} for o, r in report.planned],
    }
