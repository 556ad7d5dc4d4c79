"""The input boundary every door shares (the CLI, the Prefect flows, the web page): what a
person may give, checked the same way whichever door it came through, before anything is
opened for writing.

* text: not empty or blank, no control or terminal-escape characters (names, references and
  links are one line; a reason or a note may hold line breaks and tabs), no longer than the
  columns allow (:mod:`storage.limits`: the same on SQLite and PostgreSQL);
* dates and instants: within a window from a few years before the earliest ``tracking_from``
  of the catalogue to a few years after today (today passed in: nothing here reads a clock);
* spans (``--from``/``--to``): at most ten years at a time.

Every refusal is an :class:`~cycles.app.errors.InputError` naming the field in people's
words; each door names it its own way (the CLI as a flag).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cycles.app.errors import InputError
from storage.limits import EVIDENCE_MAX, NAME_MAX, REFERENCE_MAX, TEXT_MAX

__all__ = ["EVIDENCE_MAX", "NAME_MAX", "REFERENCE_MAX", "SPAN_MAX_DAYS", "TEXT_MAX",
           "YEARS_AHEAD", "YEARS_BEFORE", "DateWindow", "check_date", "check_instant",
           "catalogue_window", "check_as_of", "check_span", "check_text", "date_window"]

YEARS_BEFORE = 5  # before the earliest tracking_from: old records people may still name
YEARS_AHEAD = 5  # after this year: deferrals, planning
SPAN_MAX_DAYS = 3660  # about ten years: upcoming, calendar, simulate
LINE_BREAKS = {"\n", "\t", "\r"}  # allowed in multi-line text only
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}  # zero-width characters


def _bad_character(value: str, multiline: bool) -> str | None:
    """The first character a person could not have meant (as ``U+001B``), or None."""
    for ch in value:
        if multiline and ch in LINE_BREAKS:
            continue
        category = unicodedata.category(ch)
        # Cc: C0/C1 controls incl. ESC and DEL; Cs: lone surrogates (undecodable bytes);
        # Cf: format characters (bidi overrides that reorder what a terminal shows)
        if category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and ch != "\u00ad") \
                or ch in INVISIBLE or ch in ("\u2028", "\u2029"):
            return f"U+{ord(ch):04X}"
    return None


def check_text(value: str | None, field: str, *, limit: int = NAME_MAX,
               multiline: bool = False, required: bool = True,
               subject: str | None = None) -> str | None:
    """``value`` stripped, checked: present (when ``required``), not blank, printable, at
    most ``limit`` characters. None stays None when not ``required``."""
    if value is None:
        if required:
            raise InputError(field, "is missing", subject)
        return None
    if not value.strip():
        raise InputError(field, "is empty" if not value else "is blank", subject)
    if len(value) > limit:
        raise InputError(field, f"is {len(value)} characters long; at most {limit}", subject)
    bad = _bad_character(value, multiline)
    if bad is not None:
        what = "a control character" if bad < "U+00A0" else "an invisible or control character"
        raise InputError(field, f"contains {what} ({bad}); type plain text", subject)
    return value.strip()


@dataclass(frozen=True)
class DateWindow:
    """The dates people may name: ``first`` to ``last`` inclusive."""

    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= _as_date(day) <= self.last

    def describe(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def _as_date(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, day.day)


def date_window(tracking_from: Iterable[dt.date], today: dt.date) -> DateWindow:
    """From 1 January ``YEARS_BEFORE`` years before the earliest ``tracking_from`` (or
    today) to 31 December ``YEARS_AHEAD`` years after ``today``."""
    earliest = min([*tracking_from, today])
    return DateWindow(dt.date(max(earliest.year - YEARS_BEFORE, 1), 1, 1),
                      dt.date(min(today.year + YEARS_AHEAD, 9999), 12, 31))


def check_date(day: dt.date, field: str, window: DateWindow,
               subject: str | None = None) -> dt.date:
    """``day`` if inside ``window``; InputError(field) otherwise."""
    if day not in window:
        raise InputError(field, f"{_as_date(day).isoformat()} is outside the dates this tool "
                         f"works with ({window.describe()})", subject)
    return day


def check_instant(instant: dt.datetime, field: str, window: DateWindow,
                  subject: str | None = None) -> dt.datetime:
    """``instant`` if its London date is inside ``window``."""
    from cycles.london import london_date

    check_date(london_date(instant), field, window, subject)
    return instant


def check_span(start: dt.date, end: dt.date, window: DateWindow, *, first: str = "from",
               last: str = "to", max_days: int = SPAN_MAX_DAYS) -> tuple[dt.date, dt.date]:
    """``start``..``end`` inside ``window``, in order and at most ``max_days`` long."""
    check_date(start, first, window)
    check_date(end, last, window)
    if end < start:
        raise InputError(last, f"{end.isoformat()} is before {first} {start.isoformat()}")
    if (end - start).days > max_days:
        raise InputError(last, f"{start.isoformat()} to {end.isoformat()} is more than ten "
                         "years; ask for at most ten years at a time")
    return start, end


def catalogue_window(catalogue: Any, today: dt.date) -> DateWindow:
    """The :func:`date_window` of a catalogue (its areas' ``tracking_from``)."""
    return date_window((a.tracking_from for a in catalogue.areas.values()), today)


def check_as_of(catalogue: Any, instant: dt.datetime, today: dt.date,
                field: str = "as of") -> dt.datetime:
    """A scan's, a status's or a report's moment, inside the catalogue's window."""
    return check_instant(instant, field, catalogue_window(catalogue, today))
