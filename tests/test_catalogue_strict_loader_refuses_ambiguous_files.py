"""The catalogue reader refuses what PyYAML and pydantic would quietly accept or choke on:
a key written twice (both lines named), ``true`` where a number belongs, blank names and
titles, an oversized file, an alias bomb, a FIFO and ``/dev/zero``. Each is one line naming
file, item and field; ``validate`` exits 2 without a traceback."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from config import CATALOGUE_DIR

MEDWAY = (CATALOGUE_DIR / "medway.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def one_line(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "medway.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def replace_once(old: str, new: str) -> str:
    assert MEDWAY.count(old) == 1, old
    return MEDWAY.replace(old, new)


def test_a_key_written_twice_names_both_lines(cli: Callable[..., Result], tmp_path: Path) -> None:
    old = "  - id: annual-report\n"
    text = replace_once(old, old + "    every_years: 1\n    every_years: 2\n")
    first = text[: text.index("    every_years: 1")].count("\n") + 1
    path = write(tmp_path, text)
    line = one_line(cli("validate", str(path)))
    assert line == (f"{path}: annual-report: every_years: written twice (lines {first} and "
                    f"{first + 1}): keep one; the second would silently replace the first")


def test_a_key_written_twice_is_refused_even_after_the_file_was_cached(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = write(tmp_path, MEDWAY)
    assert cli("validate", str(path)).exit_code == 0
    write(tmp_path, MEDWAY.replace("area: medway\n", "area: medway\narea: medway\n", 1))
    assert "area: written twice (lines" in one_line(cli("validate", str(path)))


def test_true_is_not_a_number_of_working_days(cli: Callable[..., Result], tmp_path: Path) -> None:
    text = MEDWAY.replace("working_days_after: 20", "working_days_after: true", 1)
    assert text != MEDWAY
    path = write(tmp_path, text)
    line = one_line(cli("validate", str(path)))
    assert line.startswith(f"{path}: ")
    assert line.endswith(": due.working_days_after: a number, not true "
                         "(yes/no/true/false are not numbers)")


def test_blank_name_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = write(tmp_path, replace_once("name: Medway\n", 'name: ""\n'))
    assert one_line(cli("validate", str(path))) == f"{path}: -: name: blank: write the text out"


def test_a_title_of_spaces_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    old = "  - id: annual-report\n    title: "
    start = MEDWAY.index(old) + len(old)
    end = MEDWAY.index("\n", start)
    path = write(tmp_path, MEDWAY[:start] + '"   "' + MEDWAY[end:])
    assert one_line(cli("validate", str(path))) == (
        f"{path}: annual-report: title: blank: write the text out")


def test_an_alias_bomb_is_refused_fast(cli: Callable[..., Result], tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for k in range(1, 12):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    started = time.perf_counter()
    line = one_line(cli("validate", str(path)))
    assert time.perf_counter() - started < 2.0
    assert line == (f"{path}: -: YAML: aliases expand to over 200,000 values: "
                    "write the values out instead")


def test_a_self_referring_alias_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = write(tmp_path, "a: &a [1, *a]\n")
    assert "an alias refers to itself" in one_line(cli("validate", str(path)))


def test_a_file_over_one_megabyte_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = write(tmp_path, MEDWAY + "#" * 1_000_000 + "\n")
    assert one_line(cli("validate", str(path))).startswith(f"{path}: -: -: file too large (")


def test_a_fifo_is_refused_without_waiting(cli: Callable[..., Result], tmp_path: Path) -> None:
    fifo = tmp_path / "medway.yaml"
    os.mkfifo(fifo)
    assert one_line(cli("validate", str(fifo))) == (
        f"{fifo}: -: -: not a regular file (a catalogue is a .yaml file)")


def test_dev_zero_is_refused(cli: Callable[..., Result]) -> None:
    assert one_line(cli("validate", "/dev/zero")) == (
        "/dev/zero: -: -: not a regular file (a catalogue is a .yaml file)")
