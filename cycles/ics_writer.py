"""RFC 5545 content lines, written directly: the calendar feed's serializer.

The feed has a fixed, small shape (text, dates, UTC date-times, durations, one parameter), so
it is written here line by line instead of through icalendar's object model, whose per-character
folding costs seconds on a feed of thousands of events. icalendar stays the oracle in the tests
(every property parses back to the value written).

* TEXT (RFC 5545 3.3.11): backslash, semicolon and comma escaped with a backslash; a line break
  (CRLF, LF or a lone CR) written as ``\\n``.
* Folding (3.1): a content line longer than 74 octets is cut on UTF-8 character boundaries into
  pieces of at most 74 octets, joined by CRLF and a space, so no physical line exceeds 75
  octets. A piece never ends in a backslash (or a caret, RFC 6868's escape): that character
  starts the next piece, so an escape such as ``\\,`` is never split across lines. These are
  icalendar 7's folding points, so the bytes match what icalendar wrote before.
* X- properties (the calendar's name, zone and refresh time) are written unescaped, as
  icalendar 7 writes a property whose value type it does not know.
* DATE ``YYYYMMDD``, DATE-TIME in UTC ``YYYYMMDDTHHMMSSZ``, DURATION ``[-]P[nD][T[nH][nM][nS]]``.
* Lines end in CRLF.
"""

from __future__ import annotations

import datetime as dt

LIMIT = 74  # octets per piece of a folded line; with the leading space, 75 per physical line
FOLD = b"\r\n "
CRLF = b"\r\n"
_CONTINUATION = 0x80  # UTF-8 continuation bytes are 0b10xxxxxx
_NO_TRAILING = (0x5C, 0x5E)  # backslash, caret


def escape_text(value: str) -> str:
    """A TEXT value escaped (backslash first, so no escape is escaped twice)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """``line`` (without its line end) in UTF-8, folded to lines of at most 75 octets."""
    data = line.encode("utf-8")
    return data if len(data) <= LIMIT else _fold(data)


def _fold(data: bytes) -> bytes:
    size = len(data)
    pieces = []
    start = 0
    while size - start > LIMIT:
        end = start + LIMIT
        while data[end] & 0xC0 == _CONTINUATION:  # back to the start of a character
            end -= 1
        if data[end - 1] in _NO_TRAILING and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return FOLD.join(pieces)


def ical_date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def ical_utc(when: dt.datetime) -> str:
    """A DATE-TIME in UTC (``when`` must be aware; whole seconds, as icalendar writes)."""
    if when.tzinfo is None:
        raise ValueError(f"a naive date-time has no UTC form: {when!r}")
    u = when.astimezone(dt.UTC)
    return (f"{u.year:04}{u.month:02}{u.day:02}"
            f"T{u.hour:02}{u.minute:02}{u.second:02}Z")


def ical_duration(delta: dt.timedelta) -> str:
    """A DURATION: days and a time part, no weeks (``-P21DT15H``, ``PT12H``, ``P0D``)."""
    sign = ""
    if delta.days < 0:
        sign, delta = "-", -delta
    time = ""
    if delta.seconds:
        hours, rest = divmod(delta.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T" + (f"{hours}H" if hours else "")
        if minutes or (hours and seconds):
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
    if delta.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{delta.days}D{time}"


class ContentLines:
    """Content lines in order; :meth:`to_ical` folds each and ends each with CRLF."""

    __slots__ = ("_lines",)

    def __init__(self) -> None:
        self._lines: list[str] = []

    def begin(self, component: str) -> None:
        self._lines.append(f"BEGIN:{component}")

    def end(self, component: str) -> None:
        self._lines.append(f"END:{component}")

    def text(self, name: str, value: str) -> None:
        """A TEXT property."""
        self._lines.append(f"{name}:{escape_text(value)}")

    def texts(self, name: str, values: list[str]) -> None:
        """A property of several TEXT values (CATEGORIES), comma-separated."""
        self._lines.append(f"{name}:{','.join(escape_text(v) for v in values)}")

    def unknown(self, name: str, value: str) -> None:
        """A non-standard (X-) property as icalendar 7 writes one, of unknown value type: not
        TEXT-escaped (clients that do not unescape X- properties show it as it is), except a
        line break, written as ``\\n`` so that the content line stays one line."""
        one_line = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
        self._lines.append(f"{name}:{one_line}")

    def raw(self, name: str, value: str, params: str = "") -> None:
        """A value already in its iCalendar form (a date, a number, a duration)."""
        self._lines.append(f"{name};{params}:{value}" if params else f"{name}:{value}")

    def to_ical(self) -> bytes:
        lines = [line.encode("utf-8") for line in self._lines]
        for i, data in enumerate(lines):
            if len(data) > LIMIT:
                lines[i] = _fold(data)
        return CRLF.join(lines) + CRLF
