"""What the flows show in the Prefect UI: table and markdown artifacts, and run tags.

Artifact keys are stable, so the Artifacts page keeps one entry per key with its history:

* ``status-<area>``: a table of the area's open reports (report, period, due, state, days
  late, obligation id, owner, web page), one per area, refreshed by every scan that covers
  the area and after every submission recorded from the UI;
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
from cycles.engine.workdays import fmt_date
from cycles.london import fmt_instant
from cycles.runner import ScanReport
from cycles.scan import State
from flows.wiring import artifact_key, board_url

STATUS_DAYS = 90  # the status tables list what is open and due up to this many days ahead


def status_key(area: str) -> str:
    return artifact_key("status", area)


def scan_key(area: str) -> str:
    return artifact_key("scan", area)


def status_table(engine: Any, catalogue: Catalogue, area: str, today: dt.date
                 ) -> list[dict[str, Any]]:
    """The open occurrences of one area due up to :data:`STATUS_DAYS` ahead, soonest first,
    in the order a person reads them: which report, which period, when, where it stands, how
    late (working days, only when late), then the obligation id the run forms ask for, the
    owners and (with ``$CYCLES_BASE_URL``) the area's web page."""
    from cycles.app.status import status
    from cycles.vocabulary import StateWord, lateness

    area_def = catalogue.areas[area]
    page = board_url(area)
    rows = []
    for r in status(catalogue, engine, today, days=STATUS_DAYS, area=area):
        due = dt.date.fromisoformat(r["due"])
        late = area_def.calendar.working_days_between(due, today) if today > due else 0
        when = fmt_date(due)
        if r["deferred"]:
            was = fmt_date(dt.date.fromisoformat(r["original_due"]))
            when += f" ({StateWord.deferred} from {was})"
        row = {
            "report": r["title"],
            "period": r["period"],
            "due": when,
            "state": r["state"],
            "days late": lateness(late) if late > 0 else "",
            "obligation": r["obligation"],
            "owner": ", ".join(area_def.role_title(role) for role in r["owner"]),
        }
        if page:
            row["web page"] = page
        rows.append(row)
    return rows


def publish_status_tables(engine: Any, catalogue: Catalogue, areas: Sequence[str],
                          today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """One ``status-<area>`` table artifact per area (attached to the flow run in progress:
    call it from the flow, not from a task); returns the rows by area."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for area in areas:
        rows = status_table(engine, catalogue, area, today)
        tables[area] = rows
        counts = Counter(r["state"] for r in rows)
        summary = ", ".join(f"{n} {s}" for s, n in counts.most_common()) or "nothing open"
        page = board_url(area)
        create_table_artifact(
            rows or [{"report": "nothing open", "period": "", "due": "", "state": ""}],
            key=status_key(area),
            description=f"{catalogue.areas[area].name}: open reports on {fmt_date(today)} "
                        f"(due up to {STATUS_DAYS} days ahead): {summary}"
                        + (f". Board page: {page}" if page else ""),
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
        "owed by then. Run the scan with \"Scan on a non-working day\" ticked to scan "
        "anyway.\n",
        key=scan_key(area), description=f"Reminder scan: {_scope(catalogue, area)} (skipped)")


def _london(instant: dt.datetime) -> str:
    return fmt_instant(instant)


def overdue_count(tables: dict[str, list[dict[str, Any]]]) -> int:
    return sum(1 for rows in tables.values() for r in rows if r["state"] == State.overdue)


# what a delivered notice says about its occurrence -> the Prefect event it emits
EVENTS = {"due": "reporting-cycles.occurrence.due",
          "overdue": "reporting-cycles.occurrence.overdue",
          "escalation": "reporting-cycles.occurrence.escalated"}


def emit_occurrence_events(report: ScanReport) -> list[str]:
    """One Prefect event per occurrence and kind the scan told someone about (a report due
    today, overdue, escalated), with the routes' tags as related resources, so automations
    can act on them. Reminders before the due date emit nothing. Returns the event names."""
    from prefect.events import emit_event

    told: dict[tuple[str, str], list[str]] = {}
    for key, kind, tag in report.delivered:
        if kind in EVENTS:
            told.setdefault((key, kind), []).append(tag)
    emitted = []
    for (key, kind), tags in told.items():
        obligation, _, period = key.partition("@")
        emit_event(
            event=EVENTS[kind],
            resource={"prefect.resource.id": f"reporting-cycles.occurrence.{key}",
                      "prefect.resource.name": f"{obligation} {period}",
                      "reporting-cycles.obligation": obligation,
                      "reporting-cycles.period": period},
            related=[{"prefect.resource.id": f"reporting-cycles.route-tag.{t}",
                      "prefect.resource.role": "notified"} for t in dict.fromkeys(tags)],
            payload={"as_of": report.as_of.isoformat(), "tags": sorted(set(tags))},
        )
        emitted.append(EVENTS[kind])
    return emitted


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
