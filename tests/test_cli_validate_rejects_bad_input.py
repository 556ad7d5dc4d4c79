"""`cycles validate`: one summary line per good file; exit 2 and one line per problem.

Each bad-input test copies the shipped Medway catalogue into tmp_path, breaks one thing, and
checks the exact line ``FILE: OBLIGATION_ID: FIELD: what is wrong``, exit code 2, no
traceback, and that nothing was reported as loaded (no "ok" line on stdout).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from config import CATALOGUE_DIR

MEDWAY_ROLES = (
    "business_manager, chief_executive, ctb, dcs, kent_police_board, lead_member, leader, "
    "lsp_board, mscb, mscb_chair, nhs_medway_board, portfolio_holders"
)
CTB_DATES = """\
    dates: [2026-06-18, 2026-09-17, 2026-12-10, 2027-03-18, 2027-06-17, 2027-09-16,
            2027-12-09, 2028-03-16]"""
ANNUAL_DUE = "due: {last_working_day: true, month: July}"


def broken(tmp_path: Path, text: str, old: str, new: str, name: str = "medway.yaml") -> Path:
    """Write ``text`` with exactly one occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} must occur once in the catalogue"
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def rejected(result: Result) -> list[str]:
    """The problem lines of a rejected run, after the checks every rejection shares."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == "", "nothing may be reported as loaded"
    lines = result.stderr.splitlines()
    assert lines, "at least one problem line"
    return lines


def only_problem(result: Result) -> str:
    lines = rejected(result)
    assert len(lines) == 1, lines
    return lines[0]


# ---- good input ----------------------------------------------------------------------------

def test_shipped_catalogue_validates_one_line_per_area_file(cli: Callable[..., Result]) -> None:
    result = cli("validate", "--as-of", "2026-12-04")  # no meeting dates run out within a year
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    files = sorted(CATALOGUE_DIR.glob("*.yaml"))
    lines = result.stdout.splitlines()
    assert len(lines) == len(files) >= 1
    assert sorted(line.split(": ok: ")[0] for line in lines) == [str(f) for f in files]


def test_good_file_prints_ok_summary(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = tmp_path / "medway.yaml"
    path.write_text(medway_text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        f"{path}: ok: Medway: 2 obligations (0 event-triggered, 2 on local defaults), "
        "12 roles, tracking from 2026-04-01\n"
    )


def test_folder_argument_validates_every_file_in_it(
    cli: Callable[..., Result], small_catalogue: Path
) -> None:
    result = cli("validate", str(small_catalogue))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ok: ")[0] for line in lines] == [
        str(small_catalogue / "alpha.yaml"), str(small_catalogue / "beta.yaml")]
    assert lines[1].split(": ok: ")[1] == (
        "Betaford: 1 obligations (0 event-triggered, 0 on local defaults), 2 roles, "
        "tracking from 2026-04-01")


# ---- one problem per file ------------------------------------------------------------------

def test_yaml_syntax_error_names_the_line(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "name: Medway\n", "name: [Medway\n")
    line = only_problem(cli("validate", str(path)))
    assert re.fullmatch(
        rf"{re.escape(str(path))}: -: line \d+, column \d+: YAML syntax error: .+", line), line
    assert line.startswith(f"{path}: -: line 9, column ")  # `board:` after the open bracket


def test_yaml_tab_indentation_names_the_line(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "\nboard:", "\n\tboard:")
    line = only_problem(cli("validate", str(path)))
    assert line.startswith(f"{path}: -: line 9, column "), line
    assert "YAML syntax error" in line


def test_unknown_role_in_owner(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "owner: [mscb_chair, business_manager]",
                  "owner: [mscb_chiar, business_manager]")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: owner: unknown role 'mscb_chiar' (declared: {MEDWAY_ROLES})")


def test_unknown_role_in_recipients(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "recipients: [lsp_board,", "recipients: [lsp_bored,")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: recipients: unknown role 'lsp_bored' (declared: {MEDWAY_ROLES})")


def test_unknown_role_in_area_escalation_step(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "- {after_working_days: 10, to: [dcs]}",
                  "- {after_working_days: 10, to: [dsc]}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: escalation[1].to: unknown role 'dsc' (declared: {MEDWAY_ROLES})")


def test_unknown_role_in_obligation_escalation_step(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "- {after_working_days: 10, to: [lead_member]}",
                  "- {after_working_days: 10, to: [lead_membr]}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: chair-dcs-six-monthly-report: escalation[0].to: unknown role 'lead_membr' "
        f"(declared: {MEDWAY_ROLES})")


def test_unknown_cadence(cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path = broken(tmp_path, medway_text, "cadence: annual", "cadence: yearly")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: cadence: unknown cadence 'yearly'; use one of annual, event, "
        "every-n-years, monthly, quarterly, rolling, six-monthly")


def test_due_rule_with_two_forms(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, ANNUAL_DUE,
                  "due: {last_working_day: true, month: July, days_after: 30}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: due: give exactly one of working_days_after, days_after, "
        "day_of_month, last_working_day, working_days_before_meeting, months_after "
        "(got ['days_after', 'last_working_day'])")


def test_due_rule_with_no_form(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, ANNUAL_DUE, "due: {month: July}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: due: give exactly one of working_days_after, days_after, "
        "day_of_month, last_working_day, working_days_before_meeting, months_after (got none)")


def test_due_day_of_month_32(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, ANNUAL_DUE, "due: {day_of_month: 32, month: July}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: due.day_of_month: Input should be less than or equal to 31")


def test_duplicate_obligation_id(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "- id: chair-dcs-six-monthly-report",
                  "- id: annual-report")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: id: duplicate id (each obligation needs its own)")


def test_missing_source(cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    # the last obligation's source block runs to the end of the file
    head, sep, _ = medway_text.rpartition("    source:\n")
    assert sep and "- id: chair-dcs-six-monthly-report" in head
    path = tmp_path / "medway.yaml"
    path.write_text(head, encoding="utf-8")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: chair-dcs-six-monthly-report: source: missing (required)")


def test_meeting_rule_with_no_meeting_dates(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    assert medway_text.count(CTB_DATES) == 1
    text = medway_text.replace(CTB_DATES, "    dates: []")
    path = broken(tmp_path, text, ANNUAL_DUE,
                  "due: {working_days_before_meeting: 10, meeting: ctb}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: due.meeting: meeting 'ctb' has no dates: list them under "
        "meetings.ctb.dates")


def test_meeting_rule_with_unknown_meeting(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, ANNUAL_DUE,
                  "due: {working_days_before_meeting: 10, meeting: board}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: due.meeting: unknown meeting 'board' (declared: ctb)")


def test_meeting_rule_with_meetings_all_before_tracking(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    assert medway_text.count(CTB_DATES) == 1
    text = medway_text.replace(CTB_DATES, "    dates: [2025-06-19]")
    path = broken(tmp_path, text, ANNUAL_DUE,
                  "due: {working_days_before_meeting: 10, meeting: ctb}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: annual-report: due.meeting: no 'ctb' meeting is dated late enough after "
        "tracking_from 2026-04-01: add the meeting dates")


def test_tracking_from_impossible_date(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "tracking_from: 2026-04-01", "tracking_from: 2026-13-45")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: tracking_from: Input should be a valid date or datetime, month value is "
        "outside expected range of 1-12")


def test_tracking_from_word(cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path = broken(tmp_path, medway_text, "tracking_from: 2026-04-01", "tracking_from: soon")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: tracking_from: not a date: 'soon' (write it as YYYY-MM-DD)")


def test_tracking_from_date_time(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "tracking_from: 2026-04-01",
                  "tracking_from: 2026-04-01 09:00:00")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: tracking_from: not a date: write it as YYYY-MM-DD")


def test_impossible_meeting_date(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "2026-09-17", "2026-09-31")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: meetings.ctb.dates.1: Input should be a valid date or datetime, day value "
        "is outside expected range")


def test_unknown_field_typo(cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path = broken(tmp_path, medway_text, "    cadence: six-monthly",
                  "    cadence: six-monthly\n    remiders: {on_due: false}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: chair-dcs-six-monthly-report: remiders: unknown field (check the spelling)")


def test_unknown_area_field_typo(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    path = broken(tmp_path, medway_text, "closures: {}", "closure: {}")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: closure: unknown field (check the spelling)")


def test_missing_file_path(cli: Callable[..., Result], tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert only_problem(cli("validate", str(missing))) == (
        f"error: {missing}: no such file or folder")


def test_empty_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: -: expected a mapping with 'area:' and 'obligations:'")


def test_not_utf8(cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path = tmp_path / "medway.yaml"
    assert medway_text.count("Leader of Medway") == 1
    latin1 = medway_text.replace("Leader of Medway", "Leader of M\xe9dway").encode("latin-1")
    path.write_bytes(latin1)
    line_no = medway_text.split("Leader of Medway")[0].count("\n") + 1
    assert only_problem(cli("validate", str(path))) == (
        f"{path}: -: line {line_no}: not UTF-8 text: save the file with UTF-8 encoding")


# ---- several problems, several files -------------------------------------------------------

def test_every_problem_in_a_file_is_reported(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    text = medway_text.replace("owner: [mscb_chair, business_manager]", "owner: [nobody]")
    path = broken(tmp_path, text, "recipients: [chief_executive,", "recipients: [ceo,")
    lines = rejected(cli("validate", str(path)))
    assert lines == [
        f"{path}: annual-report: owner: unknown role 'nobody' (declared: {MEDWAY_ROLES})",
        f"{path}: chair-dcs-six-monthly-report: recipients: unknown role 'ceo' "
        f"(declared: {MEDWAY_ROLES})",
    ]


def test_one_bad_file_of_two_fails_the_run(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str, small_catalogue: Path
) -> None:
    good = small_catalogue / "alpha.yaml"
    bad = broken(tmp_path, medway_text, "cadence: annual", "cadence: yearly")
    for args in ((str(good), str(bad)), (str(bad), str(good))):
        line = only_problem(cli("validate", *args))
        assert line.startswith(f"{bad}: annual-report: cadence: unknown cadence 'yearly'")
        assert str(good) not in line


def test_two_files_defining_one_area(
    cli: Callable[..., Result], tmp_path: Path, medway_text: str
) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(medway_text, encoding="utf-8")
    second.write_text(medway_text, encoding="utf-8")
    assert only_problem(cli("validate", str(first), str(second))) == (
        f"{second}: -: area: area 'medway' is also defined in {first}")


@pytest.mark.parametrize("count", [1, 2])
def test_good_files_print_one_ok_line_each(
    cli: Callable[..., Result], small_catalogue: Path, count: int
) -> None:
    files = [small_catalogue / "alpha.yaml", small_catalogue / "beta.yaml"][:count]
    result = cli("validate", *map(str, files))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == count
    assert all(f"{f}: ok: " in line for f, line in zip(files, lines, strict=True))
