"""The start-up cache of England's bank holidays gives exactly the library's answers,
rebuilds per library version, and falls back to the library outside its range."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cycles import bankholidays
from cycles.engine import workdays


@pytest.fixture()
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    bankholidays.install()
    yield tmp_path
    workdays.use_holiday_source(workdays.library_holidays)


def test_cache_equals_library_every_year(cached: Path) -> None:
    for year in range(bankholidays.FIRST, bankholidays.LAST + 1):
        assert workdays._england_year(year) == workdays.library_holidays(year), year
    files = list((cached / "reporting-cycles").glob("england-bank-holidays-*.json"))
    assert len(files) == 1
    assert bankholidays._library_version() in files[0].name


def test_cache_is_read_back_not_rebuilt(cached: Path) -> None:
    cal = workdays.WorkingCalendar()
    assert cal.holiday_name(dt.date(2027, 3, 26)) == "Good Friday"
    path = next((cached / "reporting-cycles").glob("*.json"))
    stamp = path.stat().st_mtime_ns
    bankholidays.install()  # a new process would do this
    assert cal.holiday_name(dt.date(2027, 3, 29)) == "Easter Monday"
    assert path.stat().st_mtime_ns == stamp


def test_years_outside_the_cache_come_from_the_library(cached: Path) -> None:
    year = bankholidays.LAST + 5
    assert workdays._england_year(year) == workdays.library_holidays(year)
    assert workdays._england_year(year)  # England has bank holidays every year
