"""The feed's content-line writer (``cycles.ics_writer``) against icalendar as the oracle: any
text (escapes, line breaks, non-ASCII, 4-octet characters, long lines) reads back unchanged;
dates, UTC date-times and durations read back as the values written; no physical line is longer
than 75 octets, a fold never cuts a UTF-8 character or leaves a backslash at a line's end, and
unfolding gives the content line back.
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
from hypothesis import example, given
from hypothesis import strategies as st

from cycles.ics_writer import (
    ContentLines,
    escape_text,
    fold,
    ical_date,
    ical_duration,
    ical_utc,
)

# RFC 5545 TEXT: any character but controls (a line break is written as \n)
TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n"),
               max_size=400)


def event_with(**props: str) -> bytes:
    out = ContentLines()
    out.begin("VCALENDAR")
    out.begin("VEVENT")
    for name, value in props.items():
        out.text(name.upper(), value)
    out.end("VEVENT")
    out.end("VCALENDAR")
    return out.to_ical()


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    return lines


@given(TEXT)
@example("Why this date: 2025-26 Q4 ends Tue 31 Mar 2026; +10 working days, skipping Good "
         "Friday (Fri 3 Apr), Easter Monday (Mon 6 Apr) = Thu 16 Apr 2026\n\nSource: "
         "\u201cThe Chair, or their named representative, will attend.\u201d")
@example("\\N is not a line break; \\n neither; a\\\\b, c;d \\")
@example("x" * 73 + "\\,y")  # the escape would be cut by a fold after 74 octets
@example("\u00e9" * 36 + "\u2014" * 30 + "\U0001f600" * 30)  # 2, 3 and 4 octets
@example("line one\r\nline two\rline three\n")
def test_text_reads_back_unchanged(text: str) -> None:
    data = event_with(summary=text, description=text)
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert str(event["SUMMARY"]) == expected
    assert str(event["DESCRIPTION"]) == expected


# RFC 5545 3.3.11: an ESCAPED-CHAR (\\ \; \, \N \n) or any char but backslash,
# semicolon, comma and a line break
RFC_TEXT = re.compile(r"(?:\\[\\;,nN]|[^\\;,\r\n])*")
RFC_ESCAPE = re.compile(r"\\([\\;,nN])")


@given(TEXT)
@example("a\\b;c,d\ne\r\nf\rg")
def test_text_is_escaped_as_rfc_5545_says(text: str) -> None:
    """Checked against the grammar: icalendar's reader forgives a bare comma or semicolon."""
    escaped = escape_text(text)
    assert RFC_TEXT.fullmatch(escaped), escaped
    unescaped = RFC_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], escaped)
    assert unescaped == text.replace("\r\n", "\n").replace("\r", "\n")


def test_text_escaping_by_hand() -> None:
    assert escape_text('Owner: A, B; "C"\\D\nE') == 'Owner: A\\, B\\; "C"\\\\D\\nE'


@given(TEXT)
@example("x" * 73 + "\\;" + "y" * 200)
@example("\u201c" * 100)
def test_folded_lines_are_at_most_75_octets_and_unfold_to_the_line(text: str) -> None:
    line = "DESCRIPTION:" + text.replace("\n", "\\n")
    folded = fold(line)
    pieces = folded.split(b"\r\n ")
    assert all(len(piece) <= 74 for piece in pieces)  # 75 with the space that starts a fold
    for piece in pieces:
        piece.decode("utf-8")  # every piece is whole characters
    for piece in pieces[:-1]:
        assert not piece.endswith(b"\\")
    assert b"".join(pieces) == line.encode("utf-8")
    if len(line.encode("utf-8")) <= 74:
        assert folded == line.encode("utf-8")


def test_the_writer_folds_every_line_it_writes() -> None:
    data = event_with(summary="S" * 500, description="\u2014 long, long; line\n" * 40)
    assert all(len(line) <= 75 for line in physical_lines(data))
    assert physical_lines(data)[0] == b"BEGIN:VCALENDAR"
    assert physical_lines(data)[-1] == b"END:VCALENDAR"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 30)),
       st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(9999, 12, 30),
                    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5))])),
       st.timedeltas(min_value=dt.timedelta(days=-999), max_value=dt.timedelta(days=999)))
@example(dt.date(2026, 4, 16), dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
         -(dt.timedelta(days=22) - dt.timedelta(hours=9)))
@example(dt.date(2026, 4, 16), dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.timedelta(0))
@example(dt.date(2026, 4, 16), dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
         dt.timedelta(hours=1, seconds=5))
def test_dates_times_and_durations_read_back(day: dt.date, when: dt.datetime,
                                             delta: dt.timedelta) -> None:
    delta = dt.timedelta(days=delta.days, seconds=delta.seconds)  # whole seconds, as written
    out = ContentLines()
    out.begin("VEVENT")
    out.raw("DTSTART", ical_date(day), "VALUE=DATE")
    out.raw("DTSTAMP", ical_utc(when))
    out.raw("DURATION", ical_duration(delta))
    out.raw("REFRESH-INTERVAL", ical_duration(delta), "VALUE=DURATION")
    out.end("VEVENT")
    event = icalendar.Event.from_ical(out.to_ical())
    assert event.decoded("DTSTART") == day and type(event.decoded("DTSTART")) is dt.date
    assert event["DTSTART"].params["VALUE"] == "DATE"
    stamp = event.decoded("DTSTAMP")
    assert stamp == when.replace(microsecond=0) and stamp.utcoffset() == dt.timedelta(0)
    assert event.decoded("DURATION") == delta
    assert event["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert event.decoded("REFRESH-INTERVAL") == delta


def test_a_non_standard_property_is_written_as_icalendar_writes_one() -> None:
    """Unescaped (icalendar reads X- properties back as they are), but always one line."""
    out = ContentLines()
    out.begin("VCALENDAR")
    out.unknown("X-WR-CALNAME", "Reporting cycles: Ynys Môn, Gwynedd; Conwy\r\nand more\n")
    out.end("VCALENDAR")
    data = out.to_ical()
    assert physical_lines(data)[1] == (
        "X-WR-CALNAME:Reporting cycles: Ynys Môn, Gwynedd; Conwy\\nand more\\n".encode())
    ours = icalendar.Calendar.from_ical(data)
    theirs = icalendar.Calendar()
    theirs.add("x-wr-calname", "Reporting cycles: Ynys Môn, Gwynedd; Conwy")
    assert theirs.to_ical().splitlines()[1] == (
        "X-WR-CALNAME:Reporting cycles: Ynys Môn, Gwynedd; Conwy".encode())
    assert str(ours["X-WR-CALNAME"]).startswith("Reporting cycles: Ynys Môn, Gwynedd; Conwy")
