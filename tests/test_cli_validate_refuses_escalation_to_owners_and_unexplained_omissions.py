"""``validate`` refuses the new catalogue mistakes, one line each, exit 2: an escalation step
that only reaches the obligation's own owners, an omission without a reason, a national
deadline without a note, a chained trigger naming no obligation or looping, ``last_published``
outside a rolling cadence, and a blank ``local_addition``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

OWN_STEP = "    escalation: [{after_working_days: 10, to: [dcs, chief_executive]}]\n"
ANNUAL_LOCAL = "      last working day of July that follows it.\n"
CHAIR_REPORT_ID = "  - id: chair-dcs-six-monthly-report\n"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def refused(cli: Callable[..., Result], tmp_path: Path, text: str) -> tuple[Path, str]:
    path = tmp_path / "medway.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", "--as-of", "2026-12-04", str(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return path, lines[0]


def once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_fixture_itself_validates(cli: Callable[..., Result], tmp_path: Path,
                                      medway_text: str) -> None:
    path = tmp_path / "medway.yaml"
    path.write_text(medway_text, encoding="utf-8")
    assert cli("validate", "--as-of", "2026-12-04", str(path)).exit_code == 0


def test_an_obligations_own_step_to_its_owners_is_refused(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    text = once(medway_text, OWN_STEP,
                "    escalation: [{after_working_days: 10, to: [business_manager, mscb_chair]}]\n")
    path, line = refused(cli, tmp_path, text)
    assert line == (f"{path}: annual-report: escalation[0].to: every recipient "
                    "(business_manager, mscb_chair) already owns this obligation: escalate to "
                    "someone above the owners")


def test_the_area_default_step_to_an_owner_is_refused(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path, line = refused(cli, tmp_path, once(medway_text, OWN_STEP, ""))
    assert line == (f"{path}: annual-report: escalation[0].to (the area default): every "
                    "recipient (mscb_chair) already owns this obligation: escalate to someone "
                    "above the owners")


def test_an_omission_without_a_reason_is_refused(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    text = medway_text + ("omissions:\n  - duty: The DCS sits on both Boards\n"
                          "    quote: The DCS sits on both Boards\n")
    path, line = refused(cli, tmp_path, text)
    assert line == f"{path}: The DCS sits on both Boards: omissions.reason: missing (required)"


def test_an_omission_with_a_blank_reason_is_refused(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    text = medway_text + ("omissions:\n  - duty: The DCS sits on both Boards\n"
                          "    quote: The DCS sits on both Boards\n    reason: '  '\n")
    path, line = refused(cli, tmp_path, text)
    assert line == (f"{path}: The DCS sits on both Boards: omissions.reason: "
                    "blank: write the text out")


def test_a_national_deadline_needs_its_note(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    text = once(medway_text, ANNUAL_LOCAL, ANNUAL_LOCAL + "    deadline_source: national\n")
    path, line = refused(cli, tmp_path, text)
    assert line == (f"{path}: annual-report: -: deadline_source 'national' needs "
                    "'deadline_note': which national text gives the deadline")


def test_a_blank_local_addition_is_refused(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    text = once(medway_text, ANNUAL_LOCAL, ANNUAL_LOCAL + "    local_addition: ' '\n")
    path, line = refused(cli, tmp_path, text)
    assert line == f"{path}: annual-report: local_addition: blank: write the text out"


CHAINED = """\
  - id: follow-up
    title: Follow-up to the six-monthly report
    owner: [business_manager]
    recipients: [chief_executive]
    cadence: event
    trigger: {after_submission_of: %s}
    due: {working_days_after: 15}
    source:
      file: 004_f958580faba94197.txt
      quote: The MSCB chair and the DCS report six monthly
"""


def test_a_chain_naming_no_obligation_is_refused(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path, line = refused(cli, tmp_path, medway_text + CHAINED % "six-monthly-reprot")
    assert line == (f"{path}: follow-up: trigger.after_submission_of: unknown obligation "
                    "'six-monthly-reprot' (this area's: annual-report, "
                    "chair-dcs-six-monthly-report, follow-up)")


def test_a_chain_that_loops_is_refused(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path, line = refused(cli, tmp_path, medway_text + CHAINED % "follow-up")
    assert line == (f"{path}: follow-up: trigger.after_submission_of: the chain loops back on "
                    "itself (follow-up -> follow-up)")


def test_a_chain_validates_when_it_names_another_obligation(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    path = tmp_path / "medway.yaml"
    path.write_text(medway_text + CHAINED % "chair-dcs-six-monthly-report", encoding="utf-8")
    result = cli("validate", "--as-of", "2026-12-04", str(path))
    assert result.exit_code == 0, result.output


def test_last_published_belongs_to_a_rolling_cadence(
        cli: Callable[..., Result], tmp_path: Path, medway_text: str) -> None:
    text = once(medway_text, ANNUAL_LOCAL, ANNUAL_LOCAL + "    last_published: 2026-07-15\n")
    path, line = refused(cli, tmp_path, text)
    assert line == f"{path}: annual-report: -: 'last_published' is only for cadence 'rolling'"
