"""``record-submission``: record that a report was submitted, from the Prefect UI's run form.

The same use case as ``cycles submit`` (:func:`cycles.app.records.submit`): a bad obligation,
period, date or link fails the run with that one line as its message, and nothing is
written. On success the occurrence's reminders stop, the run's message says whether the
report was on time (or how many working days late), and the area's ``status-<area>`` table
is published again without it. The run is named ``submit <obligation> <period>``.
"""

from __future__ import annotations

from typing import Annotated, Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from config.loader import Catalogue
from cycles.app import records, setup
from cycles.app.inputs import parse_instant
from cycles.london import london_date
from flows import choices, publish, wiring
from flows.wiring import as_is


@task(name="record submission", cache_policy=NO_CACHE)
def record(engine: Any, catalogue: Catalogue, obligation: str, period: str, by: str,
           at: Any, now: Any, evidence: str | None, note: str | None) -> dict[str, Any]:
    """The write, validated first; a refusal is a result (one line), not a crash."""
    try:
        done = records.submit(engine, catalogue, obligation, period, by, at, now, evidence,
                              note, channel="prefect")
    except wiring.InputError as exc:
        return {"recorded": False, "message": wiring.failure_line(exc)}
    return {"recorded": True, "message": done.message, "occurrence": done.occurrence_key}


ObligationChoice = Annotated[choices.Obligation, choices.form(
    "Report", "Which report was submitted: its obligation id, as in the obligation column "
    "of the area's status table.")]
Period = Annotated[str, choices.form(
    "Period", "The period the report covers, as in the status table, e.g. 2026-27 H1, "
    "2026-27 Q2 or 2026-27.")]
By = Annotated[str, choices.form("Submitted by", "Who submitted the report.")]
Evidence = Annotated[str, choices.form(
    "Evidence", "A link to the report or the minutes (https://...) or a file path.")]
Note = Annotated[str, choices.form("Note", "Anything worth keeping with the record.")]
At = Annotated[str, choices.form(
    "Submitted on", "Leave empty for now. Otherwise the day (2026-10-29) or day and time "
    "(2026-10-29 15:00), London time.")]


@flow(name="record-submission", flow_run_name=choices.submit_run_name,
      description="Record that a report was submitted: its reminders stop, and the area's "
      "status table is refreshed.")
def record_submission(obligation: ObligationChoice, period: Period, by: By,
                      evidence: Evidence = "", note: Note = "", at: At = "") -> State[Any]:
    """Record a submission. The database and the catalogue come from the environment
    (``CYCLES_DATABASE_URL``, ``CYCLES_CATALOGUE``), never from the form."""
    import pendulum

    obligation = choices.value(obligation)
    try:
        cat = setup.open_catalogue(None)
        now = pendulum.now("UTC")
        when = parse_instant(at, "submitted at") if at else now
        entry = records.find_entry(cat, obligation)
        engine = setup.open_database(None)
    except (wiring.SetupError, wiring.InputError) as exc:
        return Failed(message=wiring.failure_line(exc))
    area = entry.area.area
    publish.tag_this_run([f"area:{area}"])
    result = record(as_is(engine), as_is(cat), obligation, period, by, as_is(when),
                    as_is(now), evidence.strip() or None, note.strip() or None)
    if not result["recorded"]:
        return Failed(message=result["message"])
    # the area's status table without the report just submitted, attached to this run
    publish.publish_status_tables(engine, cat, [area], london_date(now))
    result["artifacts"] = {"status": publish.status_key(area)}
    return Completed(message=result["message"], data=result)
