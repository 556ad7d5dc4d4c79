"""``compliance-report``: the yearly evidence of on-time reporting, as files and artifacts.

Calls :func:`cycles.app.compliance.build_report` and
:func:`cycles.app.compliance.write_report_files` (the HTML report, the register CSV and the
figures CSV, under stable names in ``folder``, default ``$CYCLES_REPORTS_DIR`` or
``./reports``), then publishes the report in markdown with the file paths
(``compliance-<year>-<area>``) and the figures per obligation as a table
(``compliance-<year>-<area>-figures``).

Scheduled for 15 April (the financial year ended on 31 March); run it on demand from the UI
for any year or area.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from flows import publish, wiring
from flows.wiring import as_is

if TYPE_CHECKING:
    from cycles.report import Compliance


@task(name="build report", cache_policy=NO_CACHE)
def build(engine: Any, catalogue: Catalogue, year: str, area: str | None, as_of_date: Any
          ) -> Compliance:
    return use_case.build_report(engine, catalogue, year=year, area=area, as_of_date=as_of_date)


@task(name="write report files", cache_policy=NO_CACHE)
def write_files(compliance: Compliance, folder: Path) -> dict[str, str]:
    return {kind: str(path.resolve()) for kind, path in
            use_case.write_report_files(compliance, folder).items()}


def figures_rows(compliance: Compliance) -> list[dict[str, Any]]:
    from cycles.report import fmt_days, rate_phrase

    return [{"obligation": g.key, "report": g.label, "area": g.detail,
             "on time": g.tally.on_time, "late": g.tally.late, "missed": g.tally.missed,
             "open": g.tally.open, "waived": g.tally.waived,
             "on-time rate": rate_phrase(g.tally),
             "median days late": fmt_days(g.tally.median_late)}
            for g in compliance.by_obligation]


@task(name="publish report", cache_policy=NO_CACHE)
def publish_report(compliance: Compliance, files: dict[str, str]) -> dict[str, str]:
    from cycles.report import to_markdown

    key = wiring.artifact_key("compliance", compliance.slug)
    lines = ["**Files**", ""] + [f"- {kind}: `{path}`" for kind, path in files.items()]
    create_markdown_artifact("\n".join(lines) + "\n\n" + to_markdown(compliance), key=key,
                             description=f"Compliance {compliance.year}: {compliance.scope}")
    rows = figures_rows(compliance) or [{"obligation": "nothing due in the year"}]
    create_table_artifact(rows, key=f"{key}-figures",
                          description=f"Compliance {compliance.year}: {compliance.scope}, "
                                      "figures per obligation")
    return {"markdown": key, "table": f"{key}-figures"}


@flow(name="compliance-report", description="The yearly evidence of on-time reporting: "
      "HTML and CSV files, and the figures in the UI.")
def compliance_report(
    year: str | None = None,
    area: str = "all",
    as_of: str | None = None,
    folder: str | None = None,
    database_url: str | None = None,
    catalogue: list[str] | None = None,
) -> State[Any]:
    """Write the compliance report for a financial year.

    Args:
        year: financial year label, e.g. ``2026-27`` (default: the latest ended year).
        area: an area id or ``all``.
        as_of: report as at the end of this day (ISO; default today, London).
        folder: where to write the files (default ``$CYCLES_REPORTS_DIR`` or ``./reports``).
        database_url: SQLAlchemy URL (default ``$CYCLES_DATABASE_URL``).
        catalogue: catalogue files or folders (default ``$CYCLES_CATALOGUE`` or the shipped).
    """
    publish.tag_this_run([f"area:{area}"])
    try:
        cat = setup.open_catalogue(catalogue)
        wiring.areas_in_scope(cat, area)
        as_of_date = london_date(check_as_of(cat, parse_instant(as_of or None), today()))
        label = wiring.report_year(year, as_of_date)
        engine = setup.open_database(database_url)
    except (wiring.SetupError, wiring.InputError) as exc:
        return Failed(message=wiring.failure_line(exc))
    scope = None if area == setup.ALL else area
    compliance = build(as_is(engine), as_is(cat), label, scope, as_of_date)
    files = write_files(as_is(compliance), setup.reports_dir(folder))
    keys = publish_report(as_is(compliance), files)
    t = compliance.overall
    return Completed(
        message=f"{label} {compliance.scope}: {t.on_time} of {t.assessed} on time, {t.late} "
                f"late, {t.missed} missed; wrote {', '.join(Path(p).name for p in files.values())}",
        data={"year": label, "files": files, "artifacts": keys, "on_time": t.on_time,
              "assessed": t.assessed, "late": t.late, "missed": t.missed})
