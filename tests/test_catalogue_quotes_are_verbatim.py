"""Every obligation in the shipped catalogue quotes its protocol word for word.

The quote is compared with the seed file it names after the same normalisation on both
sides: curly quotes and apostrophes become straight ones and every run of whitespace
becomes one space (a YAML folded scalar joins its lines with a space). Nothing else is
forgiven: a typo in the protocol stays in the quote.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from config.loader import Entry, load_catalogue

_CURLY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_CURLY)).strip()


def _seeds_dir() -> Path | None:
    beside_clone = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if beside_clone.is_dir():
        return beside_clone
    env = os.environ.get("CYCLES_SEEDS_DIR")
    if env and Path(env).is_dir():
        return Path(env)
    return None


SEEDS = _seeds_dir()
ENTRIES = load_catalogue().entries()


@cache
def _seed_text(name: str) -> str:
    assert SEEDS is not None
    path = SEEDS / name
    assert path.is_file(), f"seed file {name} is not in {SEEDS}"
    return normalise(path.read_text(encoding="utf-8"))


needs_seeds = pytest.mark.skipif(
    SEEDS is None,
    reason="protocol seeds not found: expected shared/seeds beside the clone, "
    "or set CYCLES_SEEDS_DIR to the folder that holds them",
)


def test_normalise_straightens_quotes_and_collapses_whitespace() -> None:
    assert normalise("Children\u2019s  Trust\n   Board \u201cbi-annually\u201d") == (
        "Children's Trust Board \"bi-annually\""
    )


@needs_seeds
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_quote_is_found_verbatim_in_its_seed(entry: Entry) -> None:
    source = entry.obligation.source
    assert source.file == entry.area.source_file
    assert source.quote, f"{entry.id}: a protocol entry quotes its sentence, not a citation"
    quote = normalise(source.quote)
    assert quote in _seed_text(source.file), (
        f"{entry.id}: the quote is not in {source.file} word for word:\n  {quote}"
    )


OMISSIONS = [(area, om) for area in load_catalogue().areas.values() for om in area.omissions]


@needs_seeds
@pytest.mark.parametrize(("area", "omission"), OMISSIONS,
                         ids=[f"{a.area}:{o.duty[:40]}" for a, o in OMISSIONS])
def test_each_omission_quotes_its_seed_verbatim(area: Any, omission: Any) -> None:
    assert omission.quote, f"{area.area}: omitted duty {omission.duty!r} quotes its sentence"
    quote = normalise(omission.quote)
    assert quote in _seed_text(area.source_file), (
        f"{area.area}: omitted duty {omission.duty!r}: the quote is not in "
        f"{area.source_file} word for word:\n  {quote}"
    )
    assert omission.reason.strip()
