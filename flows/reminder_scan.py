"""``reminder-scan``: the daily scan as a Prefect flow.

Two tasks, each a batch of side effects (never one task per obligation):

1. ``queue notifications``: :meth:`cycles.runner.Runner.queue` (sync the catalogue, decide
   what is owed at ``as_of``, write the outbox);
2. ``deliver notifications``: :meth:`cycles.runner.Runner.deliver` for the whole batch (one
   message per route, retried once within the run);
then, from the flow itself (so they are attached to the run): a ``status-<area>`` table
artifact per area, a ``scan-<area>`` markdown summary (sent, failed, overdue), and a Prefect
event per occurrence the scan told someone was due today, overdue or escalated
(``reporting-cycles.occurrence.due`` / ``.overdue`` / ``.escalated``).

The run is named for what it scans (``scan medway 2026-12-04``) and tagged ``area:<area>``
once the area is known to be valid.

A fault of the disk or the database inside a task (disk full, an I/O error, the database
gone) ends the task and the run *Failed* with one line and no traceback; what was sent is
recorded and the next scan resumes.

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

from typing import Annotated, Any

from prefect import flow, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from cycles.app import setup
from cycles.app.bounds import check_as_of
from cycles.app.errors import ScanFault
from cycles.app.inputs import parse_instant
from cycles.app.scanning import faults_as_one_line
from cycles.london import london_date, today
from cycles.runner import Runner, ScanReport
from flows import choices, publish, wiring
from flows.wiring import as_is


@task(name="queue notifications", cache_policy=NO_CACHE)
def queue_notifications(runner: Runner, as_of: Any, area: str | None) -> Any:
    """The scan's decisions written to the outbox; a fault of the disk or the database ends
    the task Failed with its one line (no traceback): the next scan resumes."""
    try:
        with faults_as_one_line("the scan stopped"):
            return runner.queue(as_of, area)
    except ScanFault as fault:
        return Failed(message=str(fault))


@task(name="deliver notifications", cache_policy=NO_CACHE)
def deliver_notifications(runner: Runner, as_of: Any, report: ScanReport, area: str | None
                          ) -> Any:
    try:
        with faults_as_one_line("the scan stopped"):
            runner.deliver(as_of, report, area)
    except ScanFault as fault:
        return Failed(message=str(fault))
    return report


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


AreaChoice = Annotated[choices.Area, choices.form(
    "Area", "The area to scan, or all of them.")]
AsOf = Annotated[str, choices.form(
    "Scan as if it were",
    "Leave empty to scan now. Otherwise a day (2026-12-04) or a day and a time "
    "(2026-12-04 07:00), London time: the scan sends what would be owed then.")]
Force = Annotated[bool, choices.form(
    "Scan on a non-working day",
    "On a weekend or bank holiday the scan normally skips (the next working "
    "day catches up). Tick to scan anyway.")]


@flow(name="reminder-scan", flow_run_name=choices.scan_run_name,
      description="Decide what reminders are owed, send them, record them, and publish the "
      "status of every open report.", validate_parameters=True)
def reminder_scan(area: AreaChoice = "all", as_of: AsOf = "", force: Force = False
                  ) -> State[Any]:
    """One reminder scan. The database, the notification config and the catalogue come
    from the environment (``CYCLES_DATABASE_URL``, ``CYCLES_APPRISE_CONFIG``,
    ``CYCLES_CATALOGUE``), never from the form."""
    area = choices.value(area)
    try:
        cat = setup.open_catalogue(None)
        areas = wiring.areas_in_scope(cat, area)
        instant = check_as_of(cat, parse_instant(as_of or None), today())
        publish.tag_this_run([f"area:{area}"])
        why = None if force else wiring.non_working_day(cat, area, london_date(instant))
        if why is not None:
            publish.publish_skip(cat, area, instant, why)
            return Completed(name="Skipped", message=f"skipped: {why} (tick \"Scan on a "
                             "non-working day\" to scan anyway)")
        engine = setup.open_database(None)
        runner = wiring.make_runner(engine, cat, wiring.notifier_factory(None))
    except (wiring.SetupError, wiring.InputError) as exc:
        return Failed(message=wiring.failure_line(exc))
    scope = None if area == setup.ALL else area
    with tags(f"area:{area}"):
        queued = queue_notifications(as_is(runner), as_is(instant), scope, return_state=True)
        if queued.is_failed():  # a fault: its one line, as other refusals
            return Failed(message=queued.message)
        delivered = deliver_notifications(as_is(runner), as_is(instant),
                                          as_is(queued.result()), scope, return_state=True)
        if delivered.is_failed():
            return Failed(message=delivered.message)
        report = delivered.result()
    # artifacts and events from the flow itself, so they are attached to this flow run
    tables = publish.publish_status_tables(engine, cat, areas, london_date(instant))
    publish.publish_scan_summary(report, cat, area, tables)
    events = publish.emit_occurrence_events(report)
    published = {"status": [publish.status_key(a) for a in areas],
                 "summary": publish.scan_key(area), "overdue": publish.overdue_count(tables),
                 "events": len(events)}
    if not report.ok:
        return Failed(message=failure_message(report))  # the details are in the artifacts
    result = {**_summary(report), "artifacts": published}
    return Completed(message=f"sent {report.sent} notification(s) in {report.messages_sent} "
                     f"message(s), none failed; {published['overdue']} report(s) overdue",
                     data=result)


def _summary(report: ScanReport) -> dict[str, Any]:
    from cycles.app.scanning import scan_report_json

    data = scan_report_json(report)
    data.pop("planned", None)
    return data
