"""``reminder-scan``: the daily scan as a Prefect flow.

Three tasks, each a batch of side effects (never one task per obligation):

1. ``queue notifications``: :meth:`cycles.runner.Runner.queue` (sync the catalogue, decide
   what is owed at ``as_of``, write the outbox);
2. ``deliver notifications``: :meth:`cycles.runner.Runner.deliver` for the whole batch (one
   message per route, retried once within the run);
3. ``publish status``: a ``status-<area>`` table artifact per area and a ``scan-<area>``
   markdown summary (sent, failed, overdue).

Outcome: *Completed* when every notification owed was delivered, even if reports are
overdue; *Failed* when any could not be delivered, with a one-line message naming the routes
in Apprise's privacy form (artifacts are published first). The undelivered rows stay in the
ledger and are retried by the next scan with backoff.

Non-working days: the schedule already runs Monday to Friday; on an England bank holiday
(or, for a single area, one of its closures) the scan skips (state *Skipped*, a Completed
type) unless ``force`` is true. Nothing is lost by skipping: the next scan catches up on
every stage that fell due meanwhile.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from config.loader import Catalogue
from cycles.app import setup
from cycles.app.bounds import check_as_of
from cycles.app.inputs import parse_instant
from cycles.london import london_date, today
from cycles.runner import Runner, ScanReport
from flows import publish, wiring
from flows.wiring import as_is


@task(name="queue notifications", cache_policy=NO_CACHE)
def queue_notifications(runner: Runner, as_of: Any, area: str | None) -> ScanReport:
    return runner.queue(as_of, area)


@task(name="deliver notifications", cache_policy=NO_CACHE)
def deliver_notifications(runner: Runner, as_of: Any, report: ScanReport, area: str | None
                          ) -> ScanReport:
    runner.deliver(as_of, report, area)
    return report


@task(name="publish status", cache_policy=NO_CACHE)
def publish_status(engine: Any, catalogue: Catalogue, as_of: Any, report: ScanReport,
                   area: str, areas: list[str]) -> dict[str, Any]:
    today = london_date(as_of)
    tables = publish.publish_status_tables(engine, catalogue, areas, today)
    publish.publish_scan_summary(report, catalogue, area, tables)
    return {"status": [publish.status_key(a) for a in areas], "summary": publish.scan_key(area),
            "overdue": publish.overdue_count(tables)}


def failure_message(report: ScanReport) -> str:
    parts = []
    if report.failures:
        routes = "; ".join(f"{f.route} ({f.tag}): {f.error}" for f in report.failures)
        parts.append(f"could not deliver {report.failed} notification(s) on "
                     f"{len(report.failures)} route(s): {routes}")
    if report.unrouted:
        parts.append("no route configured for " + ", ".join(report.unrouted)
                     + " (add them to the Apprise config)")
    return "; ".join(parts)


@flow(name="reminder-scan", description="Decide what is owed, send it, record it, and "
      "publish the status of every open report.")
def reminder_scan(
    area: str = "all",
    as_of: str | None = None,
    force: bool = False,
    database_url: str | None = None,
    apprise_config: str | None = None,
    catalogue: list[str] | None = None,
) -> State[Any]:
    """One reminder scan.

    Args:
        area: an area id (``medway``) or ``all``.
        as_of: scan as if it were this moment (ISO date or date-time; naive is London;
            default now).
        force: scan even on a weekend or bank holiday (otherwise the run is Skipped).
        database_url: SQLAlchemy URL (default ``$CYCLES_DATABASE_URL``).
        apprise_config: Apprise config file (default ``$CYCLES_APPRISE_CONFIG``).
        catalogue: catalogue files or folders (default ``$CYCLES_CATALOGUE`` or the shipped).
    """
    publish.tag_this_run([f"area:{area}"])
    try:
        cat = setup.open_catalogue(catalogue)
        areas = wiring.areas_in_scope(cat, area)
        instant = check_as_of(cat, parse_instant(as_of or None), today())
        why = None if force else wiring.non_working_day(cat, area, london_date(instant))
        if why is not None:
            publish.publish_skip(cat, area, instant, why)
            return Completed(name="Skipped", message=f"skipped: {why} (force=true scans anyway)")
        engine = setup.open_database(database_url)
        runner = wiring.make_runner(engine, cat, wiring.notifier_factory(apprise_config))
    except (wiring.SetupError, wiring.InputError) as exc:
        return Failed(message=wiring.failure_line(exc))
    scope = None if area == setup.ALL else area
    with tags(f"area:{area}"):
        report = queue_notifications(as_is(runner), as_is(instant), scope)
        report = deliver_notifications(as_is(runner), as_is(instant), as_is(report), scope)
        published = publish_status(as_is(engine), as_is(cat), as_is(instant), as_is(report),
                                   area, areas)
    result = {**_summary(report), "artifacts": published}
    if not report.ok:
        return Failed(message=failure_message(report), data=result)
    return Completed(message=f"sent {report.sent} notification(s) in {report.messages_sent} "
                     f"message(s), none failed; {published['overdue']} report(s) overdue",
                     data=result)


def _summary(report: ScanReport) -> dict[str, Any]:
    from cycles.app.scanning import scan_report_json

    data = scan_report_json(report)
    data.pop("planned", None)
    return data
