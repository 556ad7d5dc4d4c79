"""``compliance-report``: the yearly evidence of on-time reporting, as files and artifacts.

Calls :func:`cycles.app.compliance.build_report` and
:func:`cycles.app.compliance.write_report_files` (the HTML report, the register CSV and the
figures CSV, under stable names in ``$CYCLES_REPORTS_DIR`` or ``./reports``), then
publishes the report in markdown (``compliance-<year>-<area>``), opening with a link to the
report on the area's board page (``$CYCLES_BASE_URL``; without it, where the files are, in
plain words), and the figures per obligation as a table
(``compliance-<year>-<area>-figures``).

Run on demand it reports on the current financial year so far; the schedule on 15 April
passes ``year: last`` (the year that ended on 31 March). The run is named
``compliance <year> <area>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from config.loader import Catalogue
from cycles.app import compliance as use_case
from cycles.app import setup
from cycles.app.bounds import check_as_of
from cycles.app.inputs import parse_instant
from cycles.london import london_date, today
from flows import choices, publish, wiring
from flows.wiring import as_is

if TYPE_CHECKING:
    from cycles.compliance import Compliance


@task(name="build report", cache_policy=NO_CACHE)
def build(engine: Any, catalogue: Catalogue, year: str, area: str | None, as_of_date: Any
          ) -> Compliance:
    return use_case.build_report(engine, catalogue, year=year, area=area, as_of_date=as_of_date)


@task(name="write report files", cache_policy=NO_CACHE)
def write_files(compliance: Compliance, folder: Path) -> dict[str, str]:
    return {kind: str(path.resolve()) for kind, path in
            use_case.write_report_files(compliance, folder).items()}


def figures_rows(compliance: Compliance) -> list[dict[str, Any]]:
    """The figures per obligation, in the state words of :mod:`cycles.vocabulary`."""
    from cycles.compliance import fmt_days, rate_phrase
    from cycles.vocabulary import StateWord

    return [{"report": g.label, "area": g.detail, "obligation": g.key,
             StateWord.on_time.value: g.tally.on_time, StateWord.late.value: g.tally.late,
             f"{StateWord.overdue} (not submitted)": g.tally.overdue,
             "open": g.tally.open, StateWord.waived.value: g.tally.waived,
             "on-time rate": rate_phrase(g.tally),
             "median working days late": fmt_days(g.tally.median_late)}
            for g in compliance.by_obligation]


FILE_WORDS = {"html": "the report with its year grid and charts",
              "csv": "every report of the year, one row each",
              "summary_csv": "the figures per obligation"}


def where_to_read(compliance: Compliance, area: str, files: dict[str, str]) -> str:
    """The markdown artifact's opening: a link to the report on the board page, or (no
    ``$CYCLES_BASE_URL``) where the files are, in plain words."""
    url = wiring.board_url(area, report_year=compliance.year)
    if url:
        return (f"**[Open the {compliance.year} report for {compliance.scope}]({url})** "
                "(the year grid, the charts and the CSV downloads, on the board page).\n")
    folder = Path(next(iter(files.values()))).parent if files else None
    lines = [f"The report files are on the server that ran this flow, in the folder "
             f"{folder}:", ""]
    lines += [f"- {Path(path).name}: {FILE_WORDS.get(kind, kind)}"
              for kind, path in files.items()]
    lines += ["", "Set CYCLES_BASE_URL to the web app's address to link the report here "
              "instead."]
    return "\n".join(lines) + "\n"


def publish_report(compliance: Compliance, area: str, files: dict[str, str]
                   ) -> dict[str, str]:
    """The report as markdown and the figures as a table, attached to the flow run (call
    it from the flow, not from a task)."""
    from cycles.compliance import to_markdown

    key = wiring.artifact_key("compliance", compliance.slug)
    create_markdown_artifact(where_to_read(compliance, area, files) + "\n"
                             + to_markdown(compliance), key=key,
                             description=f"Compliance {compliance.year}: {compliance.scope}")
    rows = figures_rows(compliance) or [{"report": "nothing due in the year"}]
    create_table_artifact(rows, key=f"{key}-figures",
                          description=f"Compliance {compliance.year}: {compliance.scope}, "
                                      "figures per obligation")
    return {"markdown": key, "table": f"{key}-figures"}


Year = Annotated[str, choices.form(
    "Financial year",
    "Leave empty for the current financial year so far. Otherwise a year such as 2026-27 "
    "(1 April 2026 to 31 March 2027), or last for the last full year.")]
AreaChoice = Annotated[choices.Area, choices.form(
    "Area", "One area, or all of them together.")]
AsOf = Annotated[str, choices.form(
    "As at the end of", "Leave empty for today. Otherwise a day (2027-04-15): the report "
    "shows what was known at the end of it.")]


@flow(name="compliance-report", flow_run_name=choices.report_run_name,
      description="The evidence of on-time reporting for a financial year: the report with "
      "its year grid and charts, the CSV files, and the figures in the UI.")
def compliance_report(year: Year = "", area: AreaChoice = "all", as_of: AsOf = ""
                      ) -> State[Any]:
    """Write the compliance report for a financial year. The database, the catalogue and
    the folder for the files come from the environment (``CYCLES_DATABASE_URL``,
    ``CYCLES_CATALOGUE``, ``CYCLES_REPORTS_DIR``), never from the form."""
    area = choices.value(area)
    try:
        cat = setup.open_catalogue(None)
        wiring.areas_in_scope(cat, area)
        as_of_date = london_date(check_as_of(cat, parse_instant(as_of or None), today()))
        label = wiring.report_year(year, as_of_date)
        engine = setup.open_database(None)
    except (wiring.SetupError, wiring.InputError) as exc:
        return Failed(message=wiring.failure_line(exc))
    publish.tag_this_run([f"area:{area}"])
    scope = None if area == setup.ALL else area
    compliance = build(as_is(engine), as_is(cat), label, scope, as_of_date)
    files = write_files(as_is(compliance), setup.reports_dir(None))
    keys = publish_report(compliance, area, files)
    t = compliance.overall
    return Completed(
        message=f"{label} {compliance.scope}: {t.on_time} of {t.assessed} on time, {t.late} "
                f"late, {t.overdue} overdue (not submitted)",
        data={"year": label, "files": files, "artifacts": keys, "on_time": t.on_time,
              "assessed": t.assessed, "late": t.late, "overdue": t.overdue,
              "report_url": wiring.board_url(area, report_year=label)})
