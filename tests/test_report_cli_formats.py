"""`cycles report` prints HTML, CSV or Markdown, writes --output files, and refuses bad input.

The database is the hand-counted year of test_report_figures_match_hand_count (Tamside,
2026-27, as of Mon 11 Jan 2027).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from test_report_figures_match_hand_count import seed, write_catalogue

Cli = Callable[..., Result]


@pytest.fixture
def setup(tmp_path: Path) -> list[str]:
    cat = write_catalogue(tmp_path / "catalogue")
    url = f"sqlite:///{tmp_path}/t.sqlite"
    seed(url, cat)
    return ["--db", url, "--catalogue", str(tmp_path / "catalogue"), "--as-of", "2027-01-11"]


def test_html_to_stdout(cli: Cli, setup: list[str]) -> None:
    result = cli("report", "--year", "2026-27", *setup)
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert ("Reporting cycles 2026-27: evidence for the annual assessment of governance"
            in html)
    assert "Mon 11 Jan 2027" in html and "all areas" in html
    assert html.count('class="grid"') == 1 and 'class="bars"' in html
    assert "<script" not in html


def test_csv_has_one_row_per_occurrence(cli: Cli, setup: list[str]) -> None:
    result = cli("report", "--year", "2026-27", "--area", "tamside", "--format", "csv", *setup)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 8
    outcomes = sorted(r["outcome"] for r in rows)
    assert outcomes == ["late", "late", "on time", "on time", "on time", "open", "overdue",
                        "waived"]
    late = {r["period"]: r["working_days_late"] for r in rows if r["outcome"] == "late"}
    assert late == {"2025-26 H2": "2", "2025-26": "1"}
    deferred = [r for r in rows if r["deferred"] == "yes"]
    assert [(d["original_due"], d["due_in_force"]) for d in deferred] == [
        ("2026-07-21", "2026-08-07")]


def test_summary_csv_has_the_figures(cli: Cli, setup: list[str]) -> None:
    result = cli("report", "--year", "2026-27", "--format", "summary-csv", *setup)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    overall = rows[0]
    assert (overall["section"], overall["on_time"], overall["late"], overall["overdue"],
            overall["on_time_rate"], overall["median_working_days_late"],
            overall["worst_working_days_late"]) == ("overall", "3", "2", "1", "0.5000", "1.5",
                                                    "2")
    quarters = {r["key"]: r["on_time_rate"] for r in rows if r["section"] == "quarter"}
    assert quarters == {"Q1": "0.6667", "Q2": "0.5000", "Q3": "0.0000", "Q4": ""}


def test_markdown(cli: Cli, setup: list[str]) -> None:
    result = cli("report", "--year", "2026-27", "--area", "tamside", "--format", "md", *setup)
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert md.startswith("# Reporting cycles 2026-27: evidence for the annual assessment")
    assert "3 of 6 reports due by Mon 11 Jan 2027 were on time (50%)" in md
    assert "| Q1 Apr-Jun | 2 | 1 | 0 | 0 | 0 | 67% (2 of 3) | 2 | 2 |" in md
    assert "Awaiting the inspection outcome" in md


def test_output_file(cli: Cli, setup: list[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "compliance.html"
    result = cli("report", "--year", "2026-27", "--output", str(target), *setup)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote" in result.stderr and "3 of 6 on time" in result.stderr
    assert target.read_text(encoding="utf-8").lstrip().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("label", ["2026-28", "2026", "26/27"])
def test_bad_year_label_exits_2_with_one_line(cli: Cli, setup: list[str], label: str) -> None:
    result = cli("report", "--year", label, *setup)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --year:"), lines
    assert "2026-27" in lines[0]  # says what a good label looks like
    assert result.stdout == ""


def test_unknown_area_exits_2_with_one_line(cli: Cli, setup: list[str]) -> None:
    result = cli("report", "--year", "2026-27", "--area", "atlantis", *setup)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == ["error: --area: unknown area 'atlantis' (known: tamside)"]


def test_no_database_yet_lists_what_was_due(cli: Cli, tmp_path: Path) -> None:
    write_catalogue(tmp_path / "catalogue")
    result = cli("report", "--year", "2026-27", "--format", "md",
                 "--db", f"sqlite:///{tmp_path}/none.sqlite",
                 "--catalogue", str(tmp_path / "catalogue"), "--as-of", "2026-08-01")
    assert result.exit_code == 0, result.stderr
    assert "5 report(s) the catalogue says were due are not in the database" in result.stdout
    assert not (tmp_path / "none.sqlite").exists()  # a report never creates a database


def test_html_with_nothing_recorded(cli: Cli, tmp_path: Path) -> None:
    write_catalogue(tmp_path / "catalogue")
    result = cli("report", "--year", "2027-28", "--db", f"sqlite:///{tmp_path}/none.sqlite",
                 "--catalogue", str(tmp_path / "catalogue"), "--as-of", "2026-08-01")
    assert result.exit_code == 0, result.stderr
    assert "No reports in scope fell due in 2027-28." in result.stdout
    assert "none due yet" in result.stdout
