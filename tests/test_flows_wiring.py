"""The plain helpers the flows use: no Prefect server needed."""

from __future__ import annotations

import datetime as dt

import pytest

from config.loader import load_catalogue
from flows import wiring


def test_artifact_keys_are_lowercase_letters_digits_and_dashes() -> None:
    assert wiring.artifact_key("status", "medway") == "status-medway"
    assert wiring.artifact_key("compliance", "2026-27-all") == "compliance-2026-27-all"
    assert wiring.artifact_key("Status", "North_East Lincs.") == "status-north-east-lincs"


@pytest.mark.parametrize(("as_of", "year"), [
    (dt.date(2027, 4, 15), "2026-27"),  # the scheduled run, just after the year ended
    (dt.date(2027, 3, 31), "2025-26"),  # the last day of 2026-27: not ended yet
    (dt.date(2027, 1, 10), "2025-26"),
])
def test_the_year_last_is_the_latest_ended_financial_year(as_of: dt.date, year: str) -> None:
    assert wiring.report_year("last", as_of) == year


@pytest.mark.parametrize(("as_of", "year"), [
    (dt.date(2026, 12, 4), "2026-27"),
    (dt.date(2027, 3, 31), "2026-27"),
    (dt.date(2027, 4, 1), "2027-28"),
])
def test_no_year_is_the_current_financial_year_so_far(as_of: dt.date, year: str) -> None:
    assert wiring.report_year("", as_of) == year
    assert wiring.report_year(None, as_of) == year


def test_links_to_the_board_need_a_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CYCLES_BASE_URL", raising=False)
    assert wiring.board_url("medway") is None
    monkeypatch.setenv("CYCLES_BASE_URL", "https://cycles.example.org/")
    assert wiring.board_url("medway") == "https://cycles.example.org/board/medway"
    assert wiring.board_url("medway", report_year="2026-27") == (
        "https://cycles.example.org/board/medway/report/2026-27")


def test_a_bad_report_year_is_one_line() -> None:
    with pytest.raises(wiring.SetupError) as err:
        wiring.report_year("2026-28", dt.date(2027, 4, 15))
    assert err.value.lines == ["year: year '2026-28' is not a financial year label: use the "
                               "form 2026-27 (1 April 2026 to 31 March 2027)"]


def test_working_days_follow_england_and_the_area() -> None:
    cat = load_catalogue()
    assert wiring.non_working_day(cat, "all", dt.date(2026, 11, 2)) is None  # a Monday
    assert wiring.non_working_day(cat, "all", dt.date(2026, 11, 21)) == (
        "Sat 21 Nov 2026 is not a working day (Saturday)")
    assert wiring.non_working_day(cat, "medway", dt.date(2026, 12, 28)) == (
        "Mon 28 Dec 2026 is not a working day (Boxing Day (observed))")


def test_areas_in_scope() -> None:
    cat = load_catalogue()
    assert wiring.areas_in_scope(cat, "all") == list(cat.areas)
    assert wiring.areas_in_scope(cat, "medway") == ["medway"]
    with pytest.raises(wiring.SetupError, match="unknown area 'kent'"):
        wiring.areas_in_scope(cat, "kent")


def test_a_missing_notification_config_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CYCLES_APPRISE_CONFIG", raising=False)
    with pytest.raises(wiring.SetupError) as err:
        wiring.notifier_factory(None)
    assert len(err.value.lines) == 1 and "CYCLES_APPRISE_CONFIG" in err.value.lines[0]
