"""`cycles report --year` takes a financial-year label: 2026-27 is 1 Apr 2026 to 31 Mar 2027."""

from __future__ import annotations

import datetime as dt

import pytest

from cycles.compliance import parse_year, quarter_of, year_label


@pytest.mark.parametrize("label", ["2026-28", "2026", "26-27", "2026/27", "", "20260-27"])
def test_bad_year_labels_are_refused(label: str) -> None:
    with pytest.raises(ValueError, match="not a financial year label"):
        parse_year(label)


def test_year_labels_span_april_to_march() -> None:
    assert parse_year("2026-27") == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert parse_year("2099-00") == (dt.date(2099, 4, 1), dt.date(2100, 3, 31))


def test_quarters_and_labels_follow_the_financial_year() -> None:
    assert [quarter_of(dt.date(2026, m, 1)) for m in (4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3]
    assert [quarter_of(dt.date(2027, m, 1)) for m in (1, 3)] == [4, 4]
    assert year_label(dt.date(2027, 3, 31)) == "2026-27"
    assert year_label(dt.date(2027, 4, 1)) == "2027-28"
