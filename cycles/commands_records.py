"""Commands that record what people did: submit, waive, defer, event; and history, what was
recorded. Loaded lazily by :mod:`cycles.cli`."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import click

from cycles.cli_options import (
    catalogue_option,
    db_option,
    emit_json,
    guarded,
    load,
    parse_date,
    parse_instant,
)
from cycles.cli_options import (
    existing_database as _existing,
)
from cycles.cli_options import (
    open_database as _open,
)


def _jsonable(value: Any) -> Any:
    """Rows for ``--json``: dates and instants as ISO 8601 strings."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):  # datetimes included
        return value.isoformat()
    return value

# ---- records ---------------------------------------------------------------------------

@click.command()
@click.argument("obligation")
@click.option("--period", required=True, metavar="LABEL", help='e.g. "2026-27 H1".')
@click.option("--by", default=None, help="Who submitted it (default: $USER).")
@click.option("--evidence", metavar="URL", help="Link to the report or the minutes.")
@click.option("--note", help="Anything worth keeping with the record.")
@click.option("--at", "at", metavar="DATETIME", help="When it was submitted (default now).")
@db_option
@catalogue_option
@guarded
def submit(obligation: str, period: str, by: str | None, evidence: str | None,
           note: str | None, at: str | None, db: str | None, catalogue: tuple[str, ...]) -> None:
    """Record that a report was submitted: its reminders stop."""
    import pendulum

    from cycles.app import records

    now = pendulum.now("UTC")
    when = parse_instant(at, "--at") if at is not None else now
    cat = load(catalogue)
    who = by if by is not None else os.environ.get("USER") or "unknown"
    records.check_submission(cat, obligation, period, who, when, now, evidence, note)
    engine = _open(db)  # only once the input is known good: a refusal writes nothing
    done = records.submit(engine, cat, obligation, period, who, when, now, evidence, note,
                          channel="cli")
    click.echo(done.message)

@click.command()
@click.argument("obligation")
@click.option("--period", required=True, metavar="LABEL")
@click.option("--reason", required=True)
@click.option("--approver", required=True, help="Who agreed the waiver.")
@db_option
@catalogue_option
@guarded
def waive(obligation: str, period: str, reason: str, approver: str, db: str | None,
          catalogue: tuple[str, ...]) -> None:
    """Record that a report is not required this time: its reminders stop."""
    import pendulum

    from cycles.app import records

    now = pendulum.now("UTC")
    cat = load(catalogue)
    records.check_decision(cat, obligation, period, reason, approver, now)
    engine = _open(db)
    done = records.waive(engine, cat, obligation, period, reason, approver, now,
                         channel="cli")
    click.echo(done.message)

@click.command()
@click.argument("obligation")
@click.option("--period", required=True, metavar="LABEL")
@click.option("--to", "to", required=True, metavar="DATE", help="The new due date.")
@click.option("--reason", required=True)
@click.option("--approver", required=True, help="Who agreed the deferral.")
@db_option
@catalogue_option
@guarded
def defer(obligation: str, period: str, to: str, reason: str, approver: str, db: str | None,
          catalogue: tuple[str, ...]) -> None:
    """Move a due date (reminders follow); the original date is kept for the record."""
    import pendulum

    from cycles.app import records

    until = parse_date(to, "--to")
    assert until is not None
    now = pendulum.now("UTC")
    cat = load(catalogue)
    records.check_decision(cat, obligation, period, reason, approver, now, until, "deferral")
    engine = _open(db)
    done = records.defer(engine, cat, obligation, period, until, reason, approver, now,
                         channel="cli")
    click.echo(done.message)

@click.command()
@click.argument("name", metavar="EVENT_OR_OBLIGATION")
@click.option("--on", "on", required=True, metavar="DATE", help="When it happened.")
@click.option("--ref", "ref", help="A reference, e.g. the review's name (default: the date).")
@click.option("--by", default=None, help="Who records it.")
@click.option("--close", is_flag=True, help="Close the event (ends its repeating reports).")
@db_option
@catalogue_option
@guarded
def event(name: str, on: str, ref: str | None, by: str | None, close: bool, db: str | None,
          catalogue: tuple[str, ...]) -> None:
    """Record a trigger (e.g. oxfordshire.scr_published): its reports fall due from it."""
    import pendulum

    from cycles.app import records

    day = parse_date(on, "--on")
    assert day is not None
    now = pendulum.now("UTC")
    who = by if by is not None else os.environ.get("USER")
    cat = load(catalogue)
    records.check_event(cat, name, day, ref, now, who, close)
    engine = _open(db)
    done = records.record_event(engine, cat, name, day, ref, now, who, close)
    click.echo(done.message)

@click.command()
@click.argument("obligation")
@click.option("--json", "as_json", is_flag=True)
@db_option
@catalogue_option
@guarded
def history(obligation: str, as_json: bool, db: str | None, catalogue: tuple[str, ...]) -> None:
    """Every recorded occurrence of one obligation: submissions, decisions, messages."""
    from cycles.app import records
    from cycles.terminal_output import print_history

    cat = load(catalogue)
    entry = records.find_entry(cat, obligation)
    engine = _existing(db)
    data = [] if engine is None else records.history(engine, cat, obligation)
    if as_json:
        emit_json(_jsonable(data))
    else:
        print_history(entry, data)
