"""A disk that fills up during a scan (a real tmpfs of 3 MB, filled to leave 0 to 400 KB)
ends ``cycles run`` with exit 0 or one line and exit 2, never a traceback; once space is
freed the next scan delivers everything owed, every ledger row is sent, and any message
repeated after an interrupted send was named in a summary ("may have been sent twice").

Mounting a tmpfs needs root; elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hardening import write_catalogue
from sqlalchemy import create_engine, select

from storage import queries as q

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
LEVELS_KB = [0, 16, 48, 96, 200, 400]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave_kb: int) -> Path:
    """A filler file using all but ``leave_kb`` of the free space."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("ab") as fh:
        fh.write(b"\0" * max(free - leave_kb * 1024, 0))
    return filler


def cycles(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "cycles.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def routes_to(sink: Any, catalogue: Path, folder: Path) -> Path:
    """An Apprise config sending every role of the catalogue to the mail sink."""
    import yaml

    from config.loader import load_catalogue

    urls = [{sink.apprise_url(f"{role}@{area.area}.example.org"): [
        {"tag": f"{area.area}.{role}"}]}
        for area in load_catalogue([catalogue]).areas.values() for role in area.roles]
    path = folder / "apprise.yml"
    path.write_text(yaml.safe_dump({"version": 1, "urls": urls}), encoding="utf-8")
    return path


@pytest.mark.parametrize("leave_kb", LEVELS_KB)
def test_disk_full_during_a_scan_is_one_line_and_the_next_scan_completes(
        leave_kb: int, small_disk: Path, tmp_path: Path, mail_sink: Any) -> None:
    catalogue = write_catalogue(tmp_path / "catalogue")
    db = small_disk / "cycles.sqlite"
    url = f"sqlite:///{db}"
    outbox = mail_sink.folder
    notify = routes_to(mail_sink, catalogue, tmp_path)
    args = ["run", "--notify", str(notify), "--as-of", "2026-10-16T07:00", "--db", url,
            "--catalogue", str(catalogue), "--json"]
    filler = fill(small_disk, leave_kb)
    first = cycles(*args)
    assert "Traceback" not in first.stdout + first.stderr, first.stderr
    assert first.returncode in (0, 2), (first.returncode, first.stderr)
    if first.returncode == 2:
        lines = first.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), lines
        assert "full" in lines[0] or "disk" in lines[0] or "space" in lines[0], lines[0]
    filler.unlink()

    reports = [json.loads(first.stdout)] if first.returncode == 0 else []
    again = cycles(*args[:-1], "--as-of", "2026-10-16T07:15", "--json")
    assert again.returncode == 0, again.stderr
    reports.append(json.loads(again.stdout))

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = list(conn.execute(select(q.NOTE)))
    finally:
        engine.dispose()
    assert rows and Counter(r.status for r in rows) == {"sent": len(rows)}
    to: Counter[str] = Counter()
    for eml in outbox.glob("*.eml"):
        head = eml.read_text(encoding="utf-8", errors="replace").split("\n", 3)
        to[next(h for h in head if h.startswith("X-Envelope-To:"))] += 1
    repeats = sum(n - 1 for n in to.values())
    assert repeats <= 1
    if repeats:
        assert sum(r["maybe_repeated"] for r in reports) == repeats
