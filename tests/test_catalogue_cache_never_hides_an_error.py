"""The start-up caches (parsed YAML, "already checked" markers) are keyed by the file's
content: an edit is always parsed and checked again, and a bad file is never cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.loader import CatalogueError, load_catalogue

MEDWAY = Path(__file__).resolve().parents[1] / "config" / "catalogue" / "medway.yaml"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_edit_after_a_good_load_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "medway.yaml"
    text = MEDWAY.read_text()
    path.write_text(text)
    assert load_catalogue([path]).areas["medway"]
    assert load_catalogue([path]).areas["medway"]  # from the caches
    path.write_text(text.replace("owner: [mscb_chair, dcs]", "owner: [mscb_chair, dsc]", 1))
    with pytest.raises(CatalogueError) as err:
        load_catalogue([path])
    assert "unknown role 'dsc'" in str(err.value)


def test_a_bad_file_fails_every_time(tmp_path: Path) -> None:
    path = tmp_path / "medway.yaml"
    path.write_text(MEDWAY.read_text().replace("cadence: annual", "cadence: yearly", 1))
    for _ in range(2):
        with pytest.raises(CatalogueError) as err:
            load_catalogue([path])
        assert "unknown cadence 'yearly'" in str(err.value)
    path.write_text("area: [unclosed\n")
    for _ in range(2):
        with pytest.raises(CatalogueError) as err:
            load_catalogue([path])
        assert "YAML syntax error" in str(err.value)
