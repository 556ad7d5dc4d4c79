"""What the CLI prints in a terminal: rich tables for the commands that read the database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table

from config.loader import Catalogue, Entry
from cycles.london import fmt_date, fmt_instant
from cycles.scan import State
from cycles.vocabulary import lateness

console = Console(soft_wrap=False)
# Beyond this many rows a table is printed as plain aligned columns: rich lays out every
# cell (about a millisecond each), which took seconds for a region's 10,000-row plan.
BIG_TABLE = 300


def print_table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]],
                styles: list[str] | None = None) -> None:
    """A titled table: rich's (``styles``: one per row for its first cell) up to
    :data:`BIG_TABLE` rows, plain aligned text beyond."""
    if len(rows) > BIG_TABLE:
        widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        rule = tuple("─" * w for w in widths)
        text = "\n".join([title, line(columns), line(rule), *(line(r) for r in rows)])
        console.file.write(text + "\n")
        console.file.flush()
        return
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for i, r in enumerate(rows):
        style = styles[i] if styles else ""
        first = f"[{style}]{r[0]}[/{style}]" if style else r[0]
        table.add_row(first, *r[1:])
    console.print(table)


def print_scan_report(report: Any, catalogue: Catalogue) -> None:
    when = fmt_instant(report.as_of)
    title = f"Reminder scan as of {when} (London)" + (" — dry run" if report.dry_run else "")
    table = Table(title=title, title_justify="left")
    table.add_column("")
    table.add_column("count", justify="right")
    rows = [("occurrences checked", report.occurrences_checked),
            ("overdue among them", report.overdue),
            ("notifications owed", report.owed)]
    if not report.dry_run:
        rows += [("newly queued", report.queued), ("sent", report.sent),
                 ("failed", report.failed), ("skipped (no longer owed)", report.skipped),
                 ("pending (awaiting delivery or retry)", report.pending),
                 ("messages sent", report.messages_sent)]
    for label, n in rows:
        table.add_row(label, str(n))
    console.print(table)
    if report.dry_run and report.planned:
        print_table("Would send", ("to", "route", "report", "stage"),
                    [(o.tag, r.privacy, o.occurrence.key, o.stage.key)
                     for o, r in report.planned])
    if report.maybe_repeated:
        console.print(f"[yellow]{report.maybe_repeated} message(s) may have been sent twice "
                      "after an interruption[/yellow]")
    if report.taken_as_sent:
        console.print(f"[yellow]{report.taken_as_sent} notification(s) interrupted twice "
                      "mid-send were taken as sent, not repeated again[/yellow]")
    for tag in report.unrouted:
        console.print(f"[yellow]no route for {tag}: add one to the Apprise config[/yellow]")
    for f in report.failures:
        console.print(f"[red]failed[/red] {f.route} ({f.tag}): {f.error}")
    for h in getattr(report, "held_back", ()):
        console.print(f"[yellow]{h.messages} message(s) held back by the rate limit of "
                      f"{h.per_minute} a minute for {h.relay}; the next scan sends them"
                      "[/yellow]", highlight=False)
    if report.warnings:
        console.print(f"[yellow]{len(report.warnings)} warning(s) about the catalogue:[/yellow]")
    for line in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {line}", highlight=False)


STATE_STYLE = {State.overdue: "bold red", State.due: "bold yellow", State.due_soon: "yellow",
               State.upcoming: "", State.submitted: "green", State.waived: "dim"}


def print_status(rows: list[dict[str, Any]], today: dt.date) -> None:
    counts = Counter(r["state"] for r in rows)
    summary = ", ".join(f"{n} {s}" for s, n in counts.most_common())
    out: list[tuple[str, ...]] = []
    styles = []
    for r in rows:
        state = r["state"] + (f" ({lateness(r['days_late'])})" if r["days_late"] else "")
        due = fmt_date(dt.date.fromisoformat(r["due"]))
        if r["deferred"]:
            due += f" (deferred from {r['original_due']})"
        styles.append(STATE_STYLE.get(r["state"], ""))
        out.append((state, due, r["area"], r["title"], r["period"], ", ".join(r["owner"])))
    print_table(f"Status on {fmt_date(today)}: {summary or 'nothing open'}",
                ("State", "Due", "Area", "Report", "Period", "Owner"), out, styles)


def print_history(entry: Entry, data: list[dict[str, Any]]) -> None:
    console.print(f"[bold]{entry.id}[/bold]: {entry.obligation.title}")
    if not data:
        console.print("nothing recorded yet")
        return
    for item in data:
        o = item["occurrence"]
        console.print(f"\n[bold]{o['period']}[/bold] due {o['due']} ({o['status']})"
                      + (f", originally {o['original_due']}" if o["due"] != o["original_due"]
                         else ""))
        for s in item["submissions"]:
            console.print(f"  submitted {s['submitted_at']:%Y-%m-%d %H:%M} by "
                          f"{s['submitted_by']}" + (f" — {s['evidence']}" if s["evidence"]
                                                     else ""))
        for d in item["decisions"]:
            console.print(f"  {d['kind']} by {d['approver']}: {d['reason']}"
                          + (f" (to {d['new_due']})" if d["new_due"] else ""))
        for n in item["notifications"]:
            console.print(f"  {n['stage']:<14} {n['status']:<8} {n['tag']} via {n['route']}"
                          + (f" — {n['last_error']}" if n["last_error"] else ""))


def print_simulation(sends: list[Any], catalogue: Catalogue) -> None:
    table = Table(title=f"{len(sends)} notifications would be sent", title_justify="left")
    for col in ("Day", "To", "Report", "Period", "Due", "Why"):
        table.add_column(col, overflow="fold")
    for s in sends:
        table.add_row(fmt_date(s.day), f"{s.role} ({s.tag})", s.title, s.period,
                      fmt_date(s.due), s.why)
    console.print(table)
