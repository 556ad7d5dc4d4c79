"""Writes only where declared, owner-only whatever the umask.

With the usual umask 022, ``cycles run --demo --db X --outbox Y`` writes the database under
X's folder and the messages under Y, nothing in the working folder (no ./data), and every
folder it creates is 0700, every file 0600: the database and its -wal/-shm, the .eml files,
the caches under $XDG_CACHE_HOME/reporting-cycles; ``cycles report --output`` too. A dry run
creates no file at all: no database, no folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from hardening import write_catalogue

ROOT = Path(__file__).resolve().parent.parent


def cycles(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home),
           "XDG_CACHE_HOME": str(home / "cache")}
    env.pop("CYCLES_DATABASE_URL", None)
    env.pop("CYCLES_APPRISE_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-c", "import os, sys; os.umask(0o022); "
         "from cycles.cli import main; sys.argv[0] = 'cycles'; main()", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tree(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_demo_writes_only_under_its_folders_and_owner_only(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    db = tmp_path / "state" / "deep" / "cycles.sqlite"
    outbox = tmp_path / "mail" / "outbox"
    done = cycles(["run", "--demo", "--as-of", "2026-10-16T07:00", "--db", f"sqlite:///{db}",
                   "--outbox", str(outbox), "--catalogue", str(catalogue)], work, home)
    assert done.returncode == 0, done.stderr
    assert tree(work) == []  # nothing in the working folder: no ./data, no ./outbox
    emls = sorted(outbox.glob("*.eml"))
    assert emls, done.stdout
    created_dirs = [tmp_path / "state", db.parent, tmp_path / "mail", outbox]
    files = [db, *emls, *(p for p in db.parent.iterdir() if p.name.endswith(("-wal", "-shm")))]
    cache = home / "cache" / "reporting-cycles"
    assert cache.is_dir()
    created_dirs += [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    files += [p for p in cache.rglob("*") if p.is_file()]
    assert {str(p): oct(mode(p)) for p in created_dirs if mode(p) != 0o700} == {}
    assert {str(p): oct(mode(p)) for p in files if mode(p) != 0o600} == {}
    assert sorted(p.name for p in db.parent.iterdir()) <= sorted(
        [db.name, f"{db.name}-wal", f"{db.name}-shm"])


def test_report_files_are_owner_only(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "reports" / "2026-27" / "compliance.html"
    done = cycles(["report", "--year", "2026-27", "--as-of", "2026-10-16", "--output", str(out),
                   "--db", f"sqlite:///{tmp_path / 'none.sqlite'}", "--catalogue",
                   str(catalogue)], tmp_path, home)
    assert done.returncode == 0, done.stderr
    assert mode(out) == 0o600
    assert mode(out.parent) == 0o700 and mode(out.parent.parent) == 0o700
    assert not (tmp_path / "none.sqlite").exists()


def test_a_dry_run_creates_no_database_and_no_folder(tmp_path: Path) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    home = tmp_path / "home"
    home.mkdir()
    notify = tmp_path / "apprise.yml"
    notify.write_text("version: 1\nurls:\n  - mailto://127.0.0.1:1?from=c@x.example&to=a@x.example:\n"
                      "      - tag: alpha.manager\n", encoding="utf-8")
    db = tmp_path / "not-yet" / "cycles.sqlite"
    before = tree(tmp_path)
    done = cycles(["run", "--dry-run", "--as-of", "2026-10-16T07:00", "--notify", str(notify),
                   "--db", f"sqlite:///{db}", "--catalogue", str(catalogue), "--json"],
                  tmp_path, home)
    assert done.returncode in (0, 1), done.stderr  # 1: some roles have no route
    assert '"dry_run": true' in done.stdout
    assert '"owed"' in done.stdout
    after = [p for p in tree(tmp_path) if not p.is_relative_to(home)]
    assert after == [p for p in before if not p.is_relative_to(home)]
    assert not db.parent.exists()
