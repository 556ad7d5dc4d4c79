"""What the flows show in the Prefect UI: table and markdown artifacts, and run tags.

Artifact keys are stable, so the Artifacts page keeps one entry per key with its history:

* ``status-<area>``: a table of the area's open occurrences (state, due date, owner), one
  per area, refreshed by every scan that covers the area;
* ``scan-<area>`` (``scan-all`` for all areas): the last scan's summary in markdown;
* ``compliance-<year>-<area>`` and ``compliance-<year>-<area>-table``: the yearly report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from config.loader import Catalogue
from cycles.london import fmt_date, fmt_instant
from cycles.runner import ScanReport
from cycles.scan import State
from flows.wiring import artifact_key

STATUS_DAYS = 90  # the status tables list what is open and due up to this many days ahead


def status_key(area: str) -> str:
    return artifact_key("status", area)


def scan_key(area: str) -> str:
    return artifact_key("scan", area)


def status_table(engine: Any, catalogue: Catalogue, area: str, today: dt.date
                 ) -> list[dict[str, Any]]:
    """The open occurrences of one area due up to :data:`STATUS_DAYS` ahead, soonest first."""
    from cycles.app.status import status

    roles = catalogue.areas[area]
    return [{
        "state": r["state"],
        "due": r["due"],
        "days late": r["days_late"],
        "report": r["title"],
        "period": r["period"],
        "owner": ", ".join(roles.role_title(role) for role in r["owner"]),
        "obligation": r["obligation"],
        "deferred from": r["original_due"] if r["deferred"] else "",
    } for r in status(catalogue, engine, today, days=STATUS_DAYS, area=area)]


def publish_status_tables(engine: Any, catalogue: Catalogue, areas: Sequence[str],
                          today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """One ``status-<area>`` table artifact per area; returns the rows by area."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for area in areas:
        rows = status_table(engine, catalogue, area, today)
        tables[area] = rows
        counts = Counter(r["state"] for r in rows)
        summary = ", ".join(f"{n} {s}" for s, n in counts.most_common()) or "nothing open"
        create_table_artifact(
            rows or [{"state": "nothing open", "due": "", "report": ""}],
            key=status_key(area),
            description=f"{catalogue.areas[area].name}: open reports on {fmt_date(today)} "
                        f"(due up to {STATUS_DAYS} days ahead): {summary}",
        )
    return tables


def _scope(catalogue: Catalogue, area: str) -> str:
    return "all areas" if area == "all" else catalogue.areas[area].name


def scan_markdown(report: ScanReport, catalogue: Catalogue, area: str,
                  tables: dict[str, list[dict[str, Any]]]) -> str:
    when = _london(report.as_of)
    overdue = overdue_count(tables)
    lines = [
        f"# Reminder scan: {_scope(catalogue, area)}, {when} (London)",
        "",
        "| | count |",
        "| --- | ---: |",
        f"| notifications sent | {report.sent} |",
        f"| notifications failed | {report.failed} |",
        f"| messages sent | {report.messages_sent} |",
        f"| reports overdue (open, past their due date) | {overdue} |",
        f"| occurrences checked | {report.occurrences_checked} |",
        f"| notifications owed | {report.owed} |",
        f"| newly queued | {report.queued} |",
        f"| skipped (submitted or waived meanwhile) | {report.skipped} |",
        "",
    ]
    if report.failures:
        lines += ["## Not delivered (retried by the next scan)", ""]
        lines += [f"- `{f.route}` ({f.tag}): {f.error}" for f in report.failures]
        lines.append("")
    if report.unrouted:
        lines += ["## No route configured (add one to the Apprise config)", ""]
        lines += [f"- `{tag}`" for tag in report.unrouted]
        lines.append("")
    lines += ["## Open reports", ""]
    lines += [f"- {catalogue.areas[a].name}: `{status_key(a)}` ({len(rows)} open, "
              f"{sum(1 for r in rows if r['state'] == 'overdue')} overdue)"
              for a, rows in tables.items()]
    return "\n".join(lines) + "\n"


def publish_scan_summary(report: ScanReport, catalogue: Catalogue, area: str,
                         tables: dict[str, list[dict[str, Any]]]) -> str:
    create_markdown_artifact(scan_markdown(report, catalogue, area, tables),
                             key=scan_key(area),
                             description=f"Reminder scan: {_scope(catalogue, area)}")
    return scan_key(area)


def publish_skip(catalogue: Catalogue, area: str, as_of: dt.datetime, why: str) -> None:
    create_markdown_artifact(
        f"# Reminder scan: {_scope(catalogue, area)}, {_london(as_of)} (London)\n\n"
        f"Skipped: {why}. Nothing was sent; the next working day's scan sends whatever is "
        "owed by then. Run `reminder-scan` with `force: true` to scan anyway.\n",
        key=scan_key(area), description=f"Reminder scan: {_scope(catalogue, area)} (skipped)")


def _london(instant: dt.datetime) -> str:
    return fmt_instant(instant)


def overdue_count(tables: dict[str, list[dict[str, Any]]]) -> int:
    return sum(1 for rows in tables.values() for r in rows if r["state"] == State.overdue)


def tag_this_run(tags: Iterable[str]) -> None:
    """Add tags to the flow run in progress (Prefect 3 has no decorator for run-time tags).

    Deployment tags already reach the run; this adds those that depend on the parameters,
    e.g. ``area:medway``. Outside a flow run (``flow.fn(...)``) it does nothing.
    """
    from prefect import get_client
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return
    wanted = list(dict.fromkeys([*ctx.flow_run.tags, *tags]))
    if wanted == list(ctx.flow_run.tags):
        return
    with get_client(sync_client=True) as client:
        client.update_flow_run(ctx.flow_run.id, tags=wanted)
    ctx.flow_run.tags = wanted
