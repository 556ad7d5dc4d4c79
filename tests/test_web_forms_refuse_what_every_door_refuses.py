"""The web forms pass through the same input boundary as the command line and the flows
(:mod:`cycles.app.bounds`): a control character in a note, an over-long name, a date
outside the dates the tool works with, a meeting date of year 1 are each a form error on
the field, in the same words as ``cycles submit``, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_support import SECRETARY, csrf, make_site, serving

from cycles.app.bounds import TEXT_MAX, catalogue_window, check_text
from cycles.app.errors import InputError
from cycles.london import london_date

SUBMIT_FORM = {"by": "Report Owner", "date": "2026-07-22",
               "evidence": "https://intranet.webton.example/q1.pdf", "note": ""}
SUBMIT_CASES = {
    "an escape sequence in the note": ({"note": "fine\x1b[2Jcleared"}, "note",
                                       "contains a control character (U+001B)"),
    "a bell in the name": ({"by": "Report\x07Owner"}, "submitted by",
                           "contains a control character (U+0007)"),
    "a right-to-left override in the evidence": (
        {"evidence": "https://x.example/\u202egpj.exe"}, "evidence",
        "contains an invisible or control character (U+202E)"),
    "a note past the cap": ({"note": "x" * (TEXT_MAX + 1)}, "note",
                            f"is {TEXT_MAX + 1} characters long; at most {TEXT_MAX}"),
    "a date in 1900": ({"date": "1900-01-01"}, "date", "is outside the dates this tool works with"),
}


def the_cli_words(field: str, value: str, limit: int = TEXT_MAX) -> str:
    """What the shared boundary says about ``value`` (the CLI prints the same)."""
    with pytest.raises(InputError) as refused:
        check_text(value, field, limit=limit, multiline=field == "note")
    return refused.value.message


def error_on(page: str, field: str) -> str:
    anchor = f'id="err-{field.replace(" ", "-")}">'
    assert anchor in page, page[:2000]
    return page.split(anchor, 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("case", list(SUBMIT_CASES))
def test_a_bad_submission_is_a_form_error_and_writes_nothing(
        case: str, tmp_path: Path, sqlite_url: str, dump_db: Callable[[Any], Any]) -> None:
    site = make_site(tmp_path, sqlite_url)
    over, field, words = SUBMIT_CASES[case]
    before = dump_db(site.engine)
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("submit")
        form = {"csrf": csrf(client.get(link).text), **SUBMIT_FORM, **over}
        answer = client.post(link, data=form)
    assert answer.status_code == 400
    shown = error_on(answer.text, field)
    assert words in shown, shown
    assert dump_db(site.engine) == before


def test_the_note_error_is_the_same_sentence_as_at_the_command_line(
        tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url)
    note = "fine\x1b[2Jcleared"
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("submit")
        form = {"csrf": csrf(client.get(link).text), **SUBMIT_FORM, "note": note}
        shown = error_on(client.post(link, data=form).text, "note")
    assert shown == the_cli_words("note", note)


def test_a_receipt_in_year_one_or_with_a_control_character_is_refused(
        tmp_path: Path, sqlite_url: str, dump_db: Callable[[Any], Any]) -> None:
    site = make_site(tmp_path, sqlite_url)
    window = catalogue_window(site.catalogue, london_date(site.clock()))
    before = dump_db(site.engine)
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("receive", SECRETARY)
        base = {"csrf": csrf(client.get(link).text), "meeting": "2026-07-20",
                "minute": "CTB 7/2026 item 4", "by": "Secretary to the Trust Board"}
        old = client.post(link, data={**base, "meeting": "0001-01-01"})
        assert old.status_code == 400
        assert error_on(old.text, "meeting date") == (
            f"0001-01-01 is outside the dates this tool works with ({window.describe()})")
        nul = client.post(link, data={**base, "minute": "CTB\x00 7"})
        assert nul.status_code == 400
        assert "contains a control character (U+0000)" in error_on(nul.text, "minute reference")
    assert dump_db(site.engine) == before
