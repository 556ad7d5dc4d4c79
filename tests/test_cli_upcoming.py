"""`cycles upcoming`: the window, the order, the filters, --json, --explain and bad arguments.

Runs against the small tmp catalogue from conftest (alpha, beta), whose due dates were worked
out by hand there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

ALL_YEAR = [  # (obligation, period, due) from 2026-04-01 to 2027-03-31, soonest first
    ("alpha.quarterly-return", "2025-26 Q4", "2026-04-23"),
    ("beta.half-year-return", "2025-26 H2", "2026-04-30"),
    ("alpha.quarterly-return", "2026-27 Q1", "2026-07-21"),
    ("alpha.annual-report", "2025-26", "2026-07-31"),
    ("alpha.quarterly-return", "2026-27 Q2", "2026-10-21"),
    ("beta.half-year-return", "2026-27 H1", "2026-10-30"),
    ("alpha.quarterly-return", "2026-27 Q3", "2027-01-22"),
]


@pytest.fixture
def upcoming(cli: Callable[..., Result], small_catalogue: Path) -> Callable[..., Result]:
    def run(*args: str) -> Result:
        return cli("upcoming", "--catalogue", str(small_catalogue), *args)

    return run


def rows(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def triples(data: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(r["obligation"], r["period"], r["due"]) for r in data]


def one_error(result: Result) -> str:
    assert result.exit_code == 2, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# ---- window and order ----------------------------------------------------------------------

def test_from_to_window_is_inclusive_and_sorted(upcoming: Callable[..., Result]) -> None:
    data = rows(upcoming("--json", "--from", "2026-04-01", "--to", "2027-03-31"))
    assert triples(data) == ALL_YEAR
    dues = [r["due"] for r in data]
    assert dues == sorted(dues)


@pytest.mark.parametrize(("to", "last"), [
    ("2026-07-31", ("alpha.annual-report", "2025-26", "2026-07-31")),  # due on the last day
    ("2026-07-30", ("alpha.quarterly-return", "2026-27 Q1", "2026-07-21")),
])
def test_to_is_inclusive(
    upcoming: Callable[..., Result], to: str, last: tuple[str, str, str]
) -> None:
    assert triples(rows(upcoming("--json", "--from", "2026-04-01", "--to", to)))[-1] == last


def test_from_is_inclusive(upcoming: Callable[..., Result]) -> None:
    data = rows(upcoming("--json", "--from", "2026-04-23", "--to", "2026-04-23"))
    assert triples(data) == [ALL_YEAR[0]]
    assert rows(upcoming("--json", "--from", "2026-04-24", "--to", "2026-04-29")) == []


@pytest.mark.parametrize(("days", "expected"), [
    (21, []),  # 1 Apr + 21 days = 22 Apr: the return due 23 Apr is outside
    (22, ALL_YEAR[:1]),
    (29, ALL_YEAR[:2]),
    (365, ALL_YEAR),
])
def test_days_window(
    upcoming: Callable[..., Result], days: int, expected: list[tuple[str, str, str]]
) -> None:
    data = rows(upcoming("--json", "--from", "2026-04-01", "--days", str(days)))
    assert triples(data) == expected


def test_days_defaults_to_90(upcoming: Callable[..., Result]) -> None:
    # 2026-05-01 + 90 days = 2026-07-30: includes 21 Jul, not 31 Jul
    data = rows(upcoming("--json", "--from", "2026-05-01"))
    assert triples(data) == [ALL_YEAR[2]]


def test_nothing_before_tracking_from(upcoming: Callable[..., Result]) -> None:
    assert rows(upcoming("--json", "--from", "2025-01-01", "--to", "2026-03-31")) == []


def test_equal_due_dates_sorted_by_obligation(
    cli: Callable[..., Result], small_catalogue: Path
) -> None:
    # a third area with a return due the same day as alpha's 2026-27 Q1 return (21 Jul 2026)
    gamma = (small_catalogue / "alpha.yaml").read_text(encoding="utf-8")
    gamma = gamma.replace("area: alpha", "area: aardvark").replace("name: Alphaton", "name: Aa")
    (small_catalogue / "zz-aardvark.yaml").write_text(gamma, encoding="utf-8")
    data = rows(cli("upcoming", "--catalogue", str(small_catalogue), "--json",
                    "--from", "2026-07-21", "--to", "2026-07-21"))
    assert [r["obligation"] for r in data] == [
        "aardvark.quarterly-return", "alpha.quarterly-return"]


# ---- filters -------------------------------------------------------------------------------

def test_area_filter(upcoming: Callable[..., Result]) -> None:
    data = rows(upcoming("--json", "--from", "2026-04-01", "--to", "2027-03-31",
                         "--area", "beta"))
    assert triples(data) == [t for t in ALL_YEAR if t[0].startswith("beta.")]
    assert {r["area"] for r in data} == {"beta"}


@pytest.mark.parametrize(("role", "obligations"), [
    ("manager", {"alpha.quarterly-return"}),  # owner
    ("dcs", {"alpha.annual-report"}),  # recipient only
    ("trust", {"alpha.quarterly-return", "alpha.annual-report"}),  # recipient of both
    ("council", {"beta.half-year-return"}),
    ("nobody", set()),
])
def test_role_filter_matches_owner_or_recipient(
    upcoming: Callable[..., Result], role: str, obligations: set[str]
) -> None:
    data = rows(upcoming("--json", "--from", "2026-04-01", "--to", "2027-03-31",
                         "--role", role))
    assert {r["obligation"] for r in data} == obligations
    assert triples(data) == [t for t in ALL_YEAR if t[0] in obligations]


def test_area_and_role_filters_combine(upcoming: Callable[..., Result]) -> None:
    data = rows(upcoming("--json", "--from", "2026-04-01", "--to", "2027-03-31",
                         "--area", "beta", "--role", "trust"))
    assert data == []


# ---- output --------------------------------------------------------------------------------

def test_json_fields(upcoming: Callable[..., Result]) -> None:
    data = rows(upcoming("--json", "--from", "2026-07-31", "--to", "2026-07-31"))
    assert data == [{
        "obligation": "alpha.annual-report",
        "area": "alpha",
        "title": "Annual report on safeguarding",
        "period": "2025-26",
        "period_start": "2025-04-01",
        "period_end": "2026-03-31",
        "due": "2026-07-31",
        "owner": ["chair"],
        "recipients": ["trust", "dcs"],
        "cadence": "annual",
        "local_default": "The protocol gives no date; 31 July after the financial year.",
        "source": {
            "file": "alpha-protocol.txt",
            "quote": "The Chair publishes an annual report on the effectiveness of "
                     "safeguarding.",
        },
    }]


def test_json_owner_given_as_a_string_is_a_list(upcoming: Callable[..., Result]) -> None:
    (row,) = rows(upcoming("--json", "--from", "2026-04-30", "--to", "2026-04-30"))
    assert row["owner"] == ["lead"]
    assert row["recipients"] == ["council"]
    assert row["local_default"] is None


def test_json_explain_adds_the_explanation(upcoming: Callable[..., Result]) -> None:
    (plain,) = rows(upcoming("--json", "--from", "2026-04-23", "--to", "2026-04-23"))
    (explained,) = rows(upcoming("--json", "--explain", "--from", "2026-04-23",
                                 "--to", "2026-04-23"))
    assert "explanation" not in plain
    assert {k: v for k, v in explained.items() if k != "explanation"} == plain
    assert explained["explanation"] == (
        "2025-26 Q4 ends Tue 31 Mar 2026; +15 working days, skipping Good Friday (Fri 3 Apr), "
        "Easter Monday (Mon 6 Apr) = Thu 23 Apr 2026")


def test_table_lists_reports_in_due_order(upcoming: Callable[..., Result]) -> None:
    result = upcoming("--from", "2026-04-01", "--to", "2026-07-31")
    assert result.exit_code == 0, result.output
    title, out = result.stdout.split("\n", 1)
    assert title.strip() == "Due Wed 1 Apr 2026 to Fri 31 Jul 2026: 4 reports"
    dates = ["Thu 23 Apr 2026", "Thu 30 Apr 2026", "Tue 21 Jul 2026", "Fri 31 Jul 2026"]
    positions = [out.index(d) for d in dates]
    assert positions == sorted(positions)
    assert "Betaford" in out and "Alphaton" in out
    assert "skipping" not in out


def test_table_explain_shows_how_the_date_was_worked_out(
    upcoming: Callable[..., Result],
) -> None:
    result = upcoming("--explain", "--from", "2026-04-23", "--to", "2026-04-23")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "skipping Good Friday" in flat


def test_empty_window_is_not_an_error(upcoming: Callable[..., Result]) -> None:
    assert rows(upcoming("--json", "--from", "2026-05-01", "--to", "2026-05-02")) == []


# ---- bad arguments -------------------------------------------------------------------------

@pytest.mark.parametrize(("option", "value"), [
    ("--from", "2026-02-30"),
    ("--from", "next week"),
    ("--to", "2026-13-01"),
    ("--to", "31/03/2027"),
])
def test_bad_date_is_one_line_exit_2(
    upcoming: Callable[..., Result], option: str, value: str
) -> None:
    other = ("--to", "2027-03-31") if option == "--from" else ("--from", "2026-04-01")
    line = one_error(upcoming("--json", option, value, *other))
    assert line == f"error: {option}: {value!r} is not a date (use YYYY-MM-DD)"


def test_to_before_from_exits_2(upcoming: Callable[..., Result]) -> None:
    line = one_error(upcoming("--json", "--from", "2026-04-01", "--to", "2026-03-31"))
    assert line == "error: --to 2026-03-31 is before --from 2026-04-01"


def test_to_and_days_together_exit_2(upcoming: Callable[..., Result]) -> None:
    line = one_error(upcoming("--from", "2026-04-01", "--to", "2026-05-01", "--days", "3"))
    assert line == "error: give --to or --days, not both"


def test_unknown_area_exits_2(upcoming: Callable[..., Result]) -> None:
    line = one_error(upcoming("--json", "--from", "2026-04-01", "--area", "gamma"))
    assert line == "error: --area: unknown area 'gamma' (known: alpha, beta)"


def test_missing_catalogue_exits_2(cli: Callable[..., Result], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    line = one_error(cli("upcoming", "--catalogue", str(missing), "--from", "2026-04-01"))
    assert line == f"error: {missing}: no such file or folder"


def test_bad_catalogue_exits_2_with_its_problem(
    upcoming: Callable[..., Result], small_catalogue: Path
) -> None:
    path = small_catalogue / "beta.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: lead", "owner: leed"),
                    encoding="utf-8")
    line = one_error(upcoming("--json", "--from", "2026-04-01"))
    assert line == (f"{path}: half-year-return: owner: unknown role 'leed' "
                    "(declared: council, lead)")
