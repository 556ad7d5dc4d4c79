"""The reminder scan as use cases: :func:`scan` decides, sends and records; :func:`plan`
only decides (nothing sent, nothing written)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

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
    return make_runner(engine, catalogue, notifier, **options).scan(as_of, area)


def plan(engine: Engine, catalogue: Catalogue, notifier: Notifier, *, as_of: dt.datetime,
         area: str | None = None, **options: Any) -> ScanReport:
    """What a scan at ``as_of`` would send, by route; nothing sent or written."""
    return make_runner(engine, catalogue, notifier, **options).plan(as_of, area)


def scan_report_json(report: ScanReport) -> dict[str, Any]:
    """A scan's (or a plan's) counts as JSON: ``run --json`` and the flow's result."""
    return {
        "as_of": report.as_of.isoformat(), "dry_run": report.dry_run,
        "occurrences_checked": report.occurrences_checked, "owed": report.owed,
        "queued": report.queued, "sent": report.sent, "failed": report.failed,
        "skipped": report.skipped, "pending": report.pending, "messages_sent": report.messages_sent,
        "messages_failed": report.messages_failed, "overdue": report.overdue,
        "unrouted": report.unrouted, "warnings": report.warnings,
        "failures": [{"route": f.route, "tag": f.tag, "error": f.error}
                     for f in report.failures],
        "planned": [{"occurrence": o.occurrence.key, "stage": o.stage.key, "to": o.tag,
                     "route": r.privacy} for o, r in report.planned],
    }
