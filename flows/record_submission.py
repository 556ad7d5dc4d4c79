"""``record-submission``: record that a report was submitted, from the Prefect UI's run form.

The same use case as ``cycles submit`` (:func:`cycles.app.records.submit`): a bad obligation,
period, date or link fails the run with that one line as its message, and nothing is
written. On success the occurrence's reminders stop, and the run's message says whether the
report was on time.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from config.loader import Catalogue
from cycles.app import records, setup
from cycles.app.inputs import parse_instant
from flows import publish, wiring
from flows.wiring import as_is


@task(name="record submission", cache_policy=NO_CACHE)
def record(engine: Any, catalogue: Catalogue, obligation: str, period: str, by: str,
           at: Any, now: Any, evidence: str | None, note: str | None) -> dict[str, Any]:
    """The write, validated first; a refusal is a result (one line), not a crash."""
    try:
        done = records.submit(engine, catalogue, obligation, period, by, at, now, evidence,
                              note)
    except wiring.InputError as exc:
        return {"recorded": False, "message": wiring.failure_line(exc)}
    return {"recorded": True, "message": done.message, "occurrence": done.occurrence_key}


@flow(name="record-submission", description="Record that a report was submitted: its "
      "reminders stop.")
def record_submission(
    obligation: str,
    period: str,
    by: str,
    evidence: str | None = None,
    note: str | None = None,
    at: str | None = None,
    database_url: str | None = None,
    catalogue: list[str] | None = None,
) -> State[Any]:
    """Record a submission.

    Args:
        obligation: e.g. ``medway.chair-dcs-six-monthly-report`` (a bare id if unique).
        period: the period label, e.g. ``2026-27 H1``.
        by: who submitted the report.
        evidence: a link to the report or the minutes (https:// or a file path).
        note: anything worth keeping with the record.
        at: when it was submitted (ISO date or date-time, naive is London; default now).
        database_url: SQLAlchemy URL (default ``$CYCLES_DATABASE_URL``).
        catalogue: catalogue files or folders (default ``$CYCLES_CATALOGUE`` or the shipped).
    """
    import pendulum

    try:
        cat = setup.open_catalogue(catalogue)
        now = pendulum.now("UTC")
        when = parse_instant(at, "submitted at") if at else now
        entry = records.check_submission(cat, obligation, period, by, when, now,
                                         evidence or None, note or None)[0]
        engine = setup.open_database(database_url)  # only once the input is known good
    except (wiring.SetupError, wiring.InputError) as exc:
        return Failed(message=wiring.failure_line(exc))
    publish.tag_this_run([f"area:{entry.area.area}"])
    result = record(as_is(engine), as_is(cat), obligation, period, by, as_is(when),
                    as_is(now), evidence or None, note or None)
    if not result["recorded"]:
        return Failed(message=result["message"])
    return Completed(message=result["message"], data=result)
