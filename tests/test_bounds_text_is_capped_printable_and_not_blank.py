"""Text people give (names, reasons, notes, references, links, periods) is refused in one
line when it is empty or blank, holds a control or terminal-escape character, or is longer
than the columns allow: the same limits on SQLite and PostgreSQL (an event reference of 121
characters fails the same way on both, before the database is touched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening import invoke, record_history, refusal, write_catalogue

from storage.limits import EVIDENCE_MAX, NAME_MAX, REFERENCE_MAX, TEXT_MAX

SUBMIT = ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2"]
WAIVE = ["waive", "alpha.quarterly-return", "--period", "2026-27 Q2"]
EVENT = ["event", "gamma.review_published", "--on", "2026-09-02"]

CASES = {
    "--by with ESC": ([*SUBMIT, "--by", "x\x1b[31mred"], "--by: contains a control character"),
    "--by blank": ([*SUBMIT, "--by", "   "], "--by"),
    "--by empty": ([*SUBMIT, "--by", ""], "--by"),
    "--by too long": ([*SUBMIT, "--by", "b" * (NAME_MAX + 1)], f"at most {NAME_MAX}"),
    "--by with a bidi override": ([*SUBMIT, "--by", "abc\u202edcba"], "U+202E"),
    "--note with BEL": ([*SUBMIT, "--by", "M", "--note", "ding\x07"], "--note: contains"),
    "--note too long": ([*SUBMIT, "--by", "M", "--note", "n" * (TEXT_MAX + 1)],
                        f"at most {TEXT_MAX}"),
    "--note empty": ([*SUBMIT, "--by", "M", "--note", ""], "--note: is empty"),
    "--evidence too long": ([*SUBMIT, "--by", "M", "--evidence",
                             "https://x.example/" + "e" * EVIDENCE_MAX], "--evidence"),
    "--evidence with a newline": ([*SUBMIT, "--by", "M", "--evidence",
                                   "https://x.example/\nrm -rf"], "--evidence: contains"),
    "--evidence empty": ([*SUBMIT, "--by", "M", "--evidence", ""], "--evidence: is empty"),
    "--period with NUL-like control": (["submit", "alpha.quarterly-return", "--period",
                                        "2026-27\x01Q2", "--by", "M"], "--period: contains"),
    "--period blank": (["submit", "alpha.quarterly-return", "--period", " ", "--by", "M"],
                       "--period"),
    "obligation with ESC": (["submit", "alpha.\x1bquarterly", "--period", "x", "--by", "M"],
                            "contains a control character"),
    "--reason with CSI": ([*WAIVE, "--reason", "\x9b31m", "--approver", "a"], "--reason"),
    "--approver too long": ([*WAIVE, "--reason", "r", "--approver", "a" * (NAME_MAX + 1)],
                            "--approver"),
    "--ref over the cap": ([*EVENT, "--ref", "r" * (REFERENCE_MAX + 1)],
                           f"--ref: is {REFERENCE_MAX + 1} characters long"),
    "--ref empty": ([*EVENT, "--ref", ""], "--ref: is empty"),
    "--ref with a tab": ([*EVENT, "--ref", "a\tb"], "--ref: contains"),
    "event name with ESC": (["event", "gamma.\x1b", "--on", "2026-09-02"], "contains"),
    "--db empty": (["status", "--db", ""], "--db: is empty"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_text_is_one_line_and_changes_nothing(case: str, tmp_path: Path,
                                                  db_url: str, dump_db: object) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    record_history(db_url, catalogue)
    before = dump_db(db_url)  # type: ignore[operator]
    args, expected = CASES[case]
    if "--db" not in args:
        args = [*args, "--db", db_url]
    line = refusal(invoke([*args, "--catalogue", str(catalogue)]))
    assert expected in line, line
    assert "\x1b" not in line and "\x9b" not in line  # a refusal never replays the escape
    assert dump_db(db_url) == before  # type: ignore[operator]


def test_a_note_may_hold_line_breaks_and_text_at_the_caps_is_accepted(
        tmp_path: Path, db_url: str) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    record_history(db_url, catalogue)
    ok = invoke([*SUBMIT, "--by", "b" * NAME_MAX, "--note", "line one\nline two\t" +
                 "n" * (TEXT_MAX - 20), "--evidence", "https://x.example/r",
                 "--db", db_url, "--catalogue", str(catalogue)])
    assert ok.code == 0, ok.err
    ref = invoke([*EVENT, "--ref", "r" * REFERENCE_MAX, "--db", db_url,
                  "--catalogue", str(catalogue)])
    assert ref.code == 0, ref.err
