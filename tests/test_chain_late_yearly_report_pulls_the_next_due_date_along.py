"""The template's yearly report is rolling: due 12 months after the last one was published,
so a late report pulls the next due date along. Through the command line and SQLite.

Rollshire (``cycles init --template wt2023``, tracking from Tue 1 Sep 2026) last published
its report on Wed 15 Oct 2025 (``last_published``):

* the first one tracked, "since 2025-10-15", is due 12 months on: Thu 15 Oct 2026;
* it is submitted late, Fri 20 Nov 2026. The next, "since 2026-11-20", is due 12 months
  after that: Sat 20 Nov 2027, a weekend, so Mon 22 Nov 2027 (on time it would have been
  Fri 15 Oct 2027). Its first reminder, 14 working days before (19-15, 12-8, 5-2 Nov), is
  Tue 2 Nov 2027;
* the copies to the Panel and Foundations are due 7 days after the submission: Fri 27 Nov
  2026.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

AREA = "rollshire"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def make_area(cli: Callable[..., Result], tmp_path: Path, port: int) -> tuple[Path, Path]:
    """``cycles init`` with last_published set, and a route for every role (dry runs only:
    nothing is sent to it)."""
    path = tmp_path / f"{AREA}.yaml"
    made = cli("init", "--template", "wt2023", "--area", AREA, "--out", str(path),
               "--tracking-from", "2026-09-01")
    assert made.exit_code == 0, made.output
    text = path.read_text()
    assert text.count("    cadence: rolling\n") == 1
    path.write_text(text.replace("    cadence: rolling\n",
                                 "    cadence: rolling\n    last_published: 2025-10-15\n"))
    roles = yaml.safe_load(path.read_text())["roles"]
    urls = [{f"mailto://127.0.0.1:{port}?from=c@x.org&to={r}@x.org": [{"tag": f"{AREA}.{r}"}]}
            for r in roles]
    notify = tmp_path / "apprise.yml"
    notify.write_text(yaml.safe_dump({"version": 1, "urls": urls}), encoding="utf-8")
    return path, notify


def yearly(rows: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    return [(r["obligation"].removeprefix(f"{AREA}."), r["period"], r["due"], r["status"])
            for r in rows if r["obligation"].startswith(f"{AREA}.yearly-report")]


def test_a_late_yearly_report_moves_the_next_one_and_starts_the_copies(
        cli: Callable[..., Result], tmp_path: Path, closed_port: int) -> None:
    catalogue, notify = make_area(cli, tmp_path, closed_port)
    db = f"sqlite:///{tmp_path / 'cycles.sqlite'}"
    common = ("--db", db, "--catalogue", str(catalogue))
    window = ("--from", "2026-09-01", "--to", "2027-12-31", "--json")

    before = cli("upcoming", *window, "--catalogue", str(catalogue))
    assert before.exit_code == 0, before.output
    assert [r[:3] for r in yearly([{**r, "status": ""} for r in json.loads(before.stdout)])] == [
        ("yearly-report", "since 2025-10-15", "2026-10-15")]

    done = cli("submit", f"{AREA}.yearly-report", "--period", "since 2025-10-15",
               "--at", "2026-11-20T10:00", *common)
    assert done.exit_code == 0, done.output
    assert "on 2026-11-20 (26 working days late; due 2026-10-15)" in done.stdout

    after = cli("upcoming", *window, *common)
    assert after.exit_code == 0, after.output
    assert yearly(json.loads(after.stdout)) == [
        ("yearly-report", "since 2025-10-15", "2026-10-15", "submitted"),
        ("yearly-report-copies", "since 2025-10-15", "2026-11-27", "open"),
        ("yearly-report", "since 2026-11-20", "2027-11-22", "open"),
    ]

    # Nothing stored it yet (no scan has run): records still find the chained period.
    waived = cli("waive", f"{AREA}.yearly-report-copies", "--period", "since 2025-10-15",
                 "--reason", "sent with the report", "--approver", "Business manager", *common)
    assert waived.exit_code == 0, waived.output

    def planned(as_of: str) -> list[str]:
        result = cli("run", "--dry-run", "--as-of", as_of, "--notify", str(notify), "--json",
                     *common)
        assert result.exit_code == 0, result.output
        return sorted({p["occurrence"] for p in json.loads(result.stdout)["planned"]
                       if p["occurrence"].startswith(f"{AREA}.yearly-report@")})

    assert planned("2027-11-01T07:00") == []
    assert planned("2027-11-02T07:00") == [f"{AREA}.yearly-report@since 2026-11-20"]
