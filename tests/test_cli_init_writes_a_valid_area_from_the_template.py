"""``cycles init --template wt2023 --area ID`` writes a new catalogue file with the roles to
fill in, validated at once; it never overwrites and writes nothing when it cannot finish. The
shipped seed areas are left as they are."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from config import CATALOGUE_DIR
from config.loader import load_catalogue


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def seeds_digest() -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(CATALOGUE_DIR.glob("*")))
                          ).hexdigest()


def test_init_writes_a_file_that_validates(cli: Callable[..., Result], tmp_path: Path) -> None:
    before = seeds_digest()
    result = cli("init", "--template", "wt2023", "--area", "brighton-and-hove",
                 "--out", str(tmp_path), "--tracking-from", "2026-12-01")
    assert result.exit_code == 0, result.output
    path = tmp_path / "brighton-and-hove.yaml"
    assert result.stdout.splitlines()[0] == (
        f"{path}: ok: Brighton and Hove: 11 obligations, 14 roles, tracking from 2026-12-01")
    assert "fill in each role's holder" in result.stdout
    area = load_catalogue([path]).areas["brighton-and-hove"]
    assert area.name == "Brighton and Hove"
    assert area.roles["la_chief_executive"].title == (
        "Chief Executive, Brighton and Hove local authority")
    assert all(r.holder is None for r in area.roles.values())  # to fill in
    text = path.read_text()
    assert "template-area" not in text and "Template Area" not in text
    validated = cli("validate", "--as-of", "2026-12-04", str(path))
    assert validated.exit_code == 0 and validated.stderr == ""
    assert seeds_digest() == before  # the five seed areas keep their history


def test_init_takes_a_name_and_a_file_path(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "bh.yaml"
    result = cli("init", "--template", "wt2023", "--area", "bh", "--name", "Brighton & Hove",
                 "--out", str(out), "--tracking-from", "2027-04-01")
    assert result.exit_code == 0, result.output
    board = load_catalogue([out]).areas["bh"].board
    assert board == "Brighton & Hove Safeguarding Children Partnership"


def test_init_never_overwrites(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "bh.yaml"
    out.write_text("keep me\n")
    result = cli("init", "--template", "wt2023", "--area", "bh", "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {out}: already exists (nothing written; choose another --out)\n")
    assert out.read_text() == "keep me\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--template", "wt2099", "--area", "bh"],
     "error: --template: unknown template 'wt2099' (known: wt2023)"),
    (["--template", "wt2023", "--area", "Brighton"],
     "error: --area: 'Brighton' is not an area id (lower-case letters, digits, '-' or '_', "
     "starting with a letter; e.g. brighton-and-hove)"),
    (["--template", "wt2023", "--area", "bh", "--name", "Bad: {name}"],
     "error: --name: 'Bad: {name}' is not a plain area name (letters, digits, spaces and "
     ". ' ( ) & - only)"),
    (["--template", "wt2023", "--area", "bh", "--tracking-from", "soon"],
     "error: --tracking-from: 'soon' is not a date (use YYYY-MM-DD)"),
])
def test_init_refuses_bad_input_and_writes_nothing(
        cli: Callable[..., Result], tmp_path: Path, args: list[str], message: str) -> None:
    result = cli("init", *args, "--out", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert result.stderr == message + "\n"
    assert [p for p in tmp_path.iterdir() if p.name != "cache"] == []


def test_init_refuses_an_area_already_in_the_folder(cli: Callable[..., Result],
                                                    tmp_path: Path) -> None:
    first = cli("init", "--template", "wt2023", "--area", "bh", "--out", str(tmp_path / "a.yaml"))
    assert first.exit_code == 0, first.output
    again = cli("init", "--template", "wt2023", "--area", "bh", "--out", str(tmp_path / "b.yaml"))
    assert again.exit_code == 2
    assert again.stderr == (f"error: --area: 'bh' is already defined in {tmp_path / 'a.yaml'} "
                            "(nothing written)\n")
    assert not (tmp_path / "b.yaml").exists()
