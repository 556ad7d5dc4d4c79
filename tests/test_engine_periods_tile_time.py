"""Periods of one cadence tile time: no gap, no overlap, unique labels, containment."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from cycles.engine.periods import Cadence, PeriodSpec, period_containing, periods_between

SETTINGS = settings(max_examples=200, deadline=None)

specs = st.builds(
    PeriodSpec,
    cadence=st.sampled_from(list(Cadence)),
    year_start_month=st.integers(1, 12),
    every_years=st.integers(1, 5),
    first_year=st.integers(1990, 2060),
)
days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))


@SETTINGS
@given(spec=specs, a=days, b=days)
def test_consecutive_periods_meet_without_gap_or_overlap(spec, a, b):
    first, last = min(a, b), max(a, b)
    periods = list(periods_between(spec, first, last))
    assert periods, "a non-empty range overlaps at least one period"
    assert periods[0].start <= first <= periods[0].end
    assert periods[-1].start <= last <= periods[-1].end
    for p in periods:
        assert p.start <= p.end
        assert p.start.day == 1
        assert (p.end + dt.timedelta(days=1)).day == 1
    for prev, nxt in zip(periods, periods[1:], strict=False):
        assert nxt.start == prev.end + dt.timedelta(days=1)


@SETTINGS
@given(
    spec=specs,
    first=st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2060, 12, 31)),
    years=st.integers(10, 30),
)
def test_labels_are_unique_over_ten_years_or_more(spec, first, years):
    last = first + dt.timedelta(days=366 * years)  # at least ``years`` whole years
    periods = list(periods_between(spec, first, last))
    labels = [p.label for p in periods]
    assert len(labels) == len(set(labels)), labels


@SETTINGS
@given(spec=specs, day=days)
def test_period_containing_contains_the_day(spec, day):
    period = period_containing(spec, day)
    assert period.start <= day <= period.end
    # the same period is found from its first and its last day
    assert period_containing(spec, period.start) == period
    assert period_containing(spec, period.end) == period


@SETTINGS
@given(spec=specs, day=days)
def test_period_length_matches_the_cadence(spec, day):
    period = period_containing(spec, day)
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
    assert months + 1 == spec.length


@SETTINGS
@given(spec=specs, day=days)
def test_periods_are_anchored_on_the_year_start_month(spec, day):
    period = period_containing(spec, day)
    offset = (period.start.month - spec.year_start_month) % 12
    assert offset % min(spec.length, 12) == 0
    if spec.cadence is Cadence.every_n_years:
        assert (period.start.year - spec.first_year) % spec.every_years == 0


def test_financial_year_labels():
    spec = PeriodSpec(Cadence.quarterly)
    assert period_containing(spec, dt.date(2026, 12, 31)).label == "2026-27 Q3"
    assert period_containing(spec, dt.date(2027, 1, 1)).label == "2026-27 Q4"
    spec = PeriodSpec(Cadence.six_monthly)
    assert period_containing(spec, dt.date(2026, 9, 30)).label == "2026-27 H1"
    assert period_containing(spec, dt.date(2026, 10, 1)).label == "2026-27 H2"
    assert period_containing(PeriodSpec(Cadence.annual), dt.date(2027, 3, 31)).label == "2026-27"
    triennial = PeriodSpec(Cadence.every_n_years, every_years=3, first_year=2024)
    p = period_containing(triennial, dt.date(2026, 6, 1))
    assert (p.label, p.start, p.end) == ("2024-27", dt.date(2024, 4, 1), dt.date(2027, 3, 31))
    assert period_containing(PeriodSpec(Cadence.monthly), dt.date(2026, 11, 5)).label == (
        "Nov 2026"
    )


def test_calendar_year_labels():
    spec = PeriodSpec(Cadence.quarterly, year_start_month=1)
    p = period_containing(spec, dt.date(2026, 2, 14))
    assert (p.label, p.start, p.end) == ("2026 Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert period_containing(spec, dt.date(2026, 8, 1)).label == "2026 Q3"
    spec = PeriodSpec(Cadence.six_monthly, year_start_month=1)
    assert period_containing(spec, dt.date(2026, 6, 30)).label == "2026 H1"
    assert period_containing(PeriodSpec(Cadence.annual, year_start_month=1),
                             dt.date(2026, 6, 30)).label == "2026"
    triennial = PeriodSpec(Cadence.every_n_years, year_start_month=1, every_years=3,
                           first_year=2024)
    assert period_containing(triennial, dt.date(2025, 1, 1)).label == "2024-2026"
