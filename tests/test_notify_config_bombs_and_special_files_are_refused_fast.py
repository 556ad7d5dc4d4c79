"""A notification config that is a YAML alias bomb, a FIFO, a device or a folder, or is huge,
is refused in one line within seconds, before Apprise parses it (a bomb used to run for
minutes into a MemoryError, a FIFO to hang)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hardening import invoke, refusal, write_catalogue

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def bomb(folder: Path) -> str:
    (folder / "bomb.yml").write_text(BOMB, encoding="utf-8")
    return str(folder / "bomb.yml")


def fifo(folder: Path) -> str:
    os.mkfifo(folder / "fifo.yml")
    return str(folder / "fifo.yml")


def huge(folder: Path) -> str:
    (folder / "huge.yml").write_text("#" * 11_000_000, encoding="utf-8")
    return str(folder / "huge.yml")


CASES: dict[str, tuple[Callable[[Path], str], str]] = {
    "alias bomb": (bomb, "alias bomb"),
    "FIFO": (fifo, "not a regular file"),
    "/dev/zero": (lambda folder: "/dev/zero", "not a regular file"),
    "a folder": (lambda folder: str(folder), "not a regular file"),
    "11 MB": (huge, "at most 10000000"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_notification_config_is_one_line_and_fast(case: str, tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    make, expected = CASES[case]
    started = time.monotonic()
    line = refusal(invoke(["run", "--dry-run", "--as-of", "2026-10-16T07:00", "--notify",
                           make(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}",
                           "--catalogue", str(catalogue)]))
    assert time.monotonic() - started < 10
    assert expected in line and "notification config" in line, line
    assert not (tmp_path / "x.sqlite").exists()
