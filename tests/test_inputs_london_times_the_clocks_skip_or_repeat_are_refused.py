"""A naive London time the clocks skip (spring forward) or pass twice (fall back) is refused,
naming the two instants it could mean, each with its offset; either of them is accepted."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from hardening import invoke, record_history, refusal, sqlite_dump, write_catalogue

from cycles.app.errors import InputError
from cycles.app.inputs import parse_instant


@pytest.mark.parametrize("value, words, first, second", [
    ("2026-03-29T01:30", "does not exist in London", "2026-03-29T01:30+00:00",
     "2026-03-29T01:30+01:00"),
    ("2026-10-25T01:30", "happens twice in London", "2026-10-25T01:30+01:00",
     "2026-10-25T01:30+00:00"),
    ("2027-03-28T01:00", "does not exist in London", "2027-03-28T01:00+00:00",
     "2027-03-28T01:00+01:00"),
    ("2027-10-31T01:59", "happens twice in London", "2027-10-31T01:59+01:00",
     "2027-10-31T01:59+00:00"),
])
def test_skipped_and_repeated_times_name_both_instants(value: str, words: str, first: str,
                                                       second: str) -> None:
    with pytest.raises(InputError) as err:
        parse_instant(value, "submitted at")
    assert err.value.field == "submitted at"
    assert words in err.value.message and first in err.value.message \
        and second in err.value.message
    # each candidate, given with its offset, is a distinct accepted instant
    a, b = parse_instant(first), parse_instant(second)
    assert abs((a - b).total_seconds()) == 3600


@pytest.mark.parametrize("value, utc", [
    ("2026-03-29T00:59", "2026-03-29T00:59:00+00:00"),  # GMT, just before the gap
    ("2026-03-29T02:00", "2026-03-29T01:00:00+00:00"),  # BST, just after
    ("2026-10-25T00:59", "2026-10-24T23:59:00+00:00"),  # BST, before the repeat
    ("2026-10-25T02:00", "2026-10-25T02:00:00+00:00"),  # GMT, after
    ("2026-07-01", "2026-06-30T23:00:00+00:00"),  # a date: London midnight
])
def test_times_either_side_of_a_change_are_london_wall_clock(value: str, utc: str) -> None:
    assert parse_instant(value) == pendulum.parse(utc)


def test_submit_at_a_skipped_time_is_one_line_and_records_nothing(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    db = tmp_path / "cycles.sqlite"
    record_history(f"sqlite:///{db}", catalogue)
    before = sqlite_dump(db)
    line = refusal(invoke(["submit", "alpha.quarterly-return", "--period", "2025-26 Q4",
                           "--by", "M", "--at", "2026-03-29T01:30", "--db", f"sqlite:///{db}",
                           "--catalogue", str(catalogue)]))
    assert line.startswith("error: --at: 2026-03-29T01:30 does not exist in London")
    assert sqlite_dump(db) == before
