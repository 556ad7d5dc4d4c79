"""The calendar feed written directly (quick for a region) is byte for byte what
icalendar writes for the same occurrences: escaping, folding inside multi-byte characters
and escapes, alarms, and the states storage adds (deferred, submitted, waived)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pendulum

from config.loader import load_catalogue
from cycles.calendar_feed import _fold, build_calendar, calendar_bytes
from storage.rows import OccurrenceState, OccurrenceStatus


def test_the_shipped_catalogue_over_three_years_with_states() -> None:
    cat = load_catalogue()
    pairs = cat.occurrences(dt.date(2025, 11, 23), dt.date(2028, 11, 22))
    assert len(pairs) > 150
    states = {}
    for i, (entry, occ) in enumerate(pairs[:60]):
        status = [OccurrenceStatus.open, OccurrenceStatus.submitted,
                  OccurrenceStatus.waived][i % 3]
        due = occ.due + dt.timedelta(days=14 * (i % 2))
        states[occ.key] = OccurrenceState(i + 1, occ.key, entry.id, occ.period.label,
                                          occ.period.start, occ.period.end, due, occ.due,
                                          status)
    # odd text: escapes and multi-byte characters at fold boundaries
    entry, occ = pairs[0]
    odd = dataclasses.replace(occ, explanation="a;b,c\\d^e " + "é—\\" * 40 + "\\N;" * 30)
    pairs = [*pairs, (entry, odd)]
    stamp = pendulum.datetime(2026, 11, 23, 7, tz="UTC")
    for given in (None, states):
        assert calendar_bytes(pairs, "Reporting cycles: all, of them", stamp, given) == \
            build_calendar(pairs, "Reporting cycles: all, of them", stamp, given).to_ical()


def test_folding_matches_icalendar_at_every_length() -> None:
    from icalendar.parser.string import _foldline

    for n in range(60, 240):
        for filler in ("a", "é", "—", "\\", "^", "a\\"):
            line = ("DESCRIPTION:" + filler * n)[:n + 12]
            assert _fold(line.encode()) == _foldline(line).encode(), (n, filler)
