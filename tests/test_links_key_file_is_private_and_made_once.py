"""The link key: generated once into the data folder, owner-only whatever the umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cycles.links.keys import SecretKeyError, load_key, rotate_key

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CYCLES_SECRET_KEY", raising=False)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o777])
def test_key_file_is_0600_in_a_0700_folder_whatever_the_umask(tmp_path: Path,
                                                               umask: int) -> None:
    folder = tmp_path / "data"
    old = os.umask(umask)
    try:
        key = load_key(folder)
    finally:
        os.umask(old)
    assert len(key) == 32
    assert stat.S_IMODE((folder / "secret.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert load_key(folder) == key  # read back, not regenerated


def test_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    script = ("import sys; from pathlib import Path; from cycles.links.keys import load_key; "
              "print(load_key(Path(sys.argv[1])).hex())")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("CYCLES_SECRET_KEY", None)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(folder)], env=env,
                              stdout=subprocess.PIPE, text=True) for _ in range(6)]
    keys = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(keys) == 1 and len(next(iter(keys))) == 64
    assert sorted(p.name for p in folder.iterdir()) == ["secret.key"]  # no temporary left


def test_rotation_replaces_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = load_key(folder)
    rotate_key(folder)
    assert load_key(folder) != first
    assert stat.S_IMODE((folder / "secret.key").stat().st_mode) == 0o600


def test_environment_key_wins_and_must_be_long(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYCLES_SECRET_KEY", "x" * 40)
    assert load_key(tmp_path / "data") == b"x" * 40
    assert not (tmp_path / "data").exists()
    monkeypatch.setenv("CYCLES_SECRET_KEY", "short")
    with pytest.raises(SecretKeyError, match="too short"):
        load_key(tmp_path / "data")
    with pytest.raises(SecretKeyError, match="CYCLES_SECRET_KEY is set"):
        rotate_key(tmp_path / "data")


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    load_key(folder)
    (folder / "secret.key").chmod(0o644)
    with pytest.raises(SecretKeyError, match="chmod 600"):
        load_key(folder)
