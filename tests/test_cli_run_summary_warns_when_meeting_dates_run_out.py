"""A scan's summary carries the meeting-horizon warnings (``config.checks``): Medway's Trust
board meeting dates stop on Thu 16 Mar 2028, so from 1 Apr 2027 its 2027-28 Q4 challenge
(counted from Fri 31 Mar 2028) has no due date. The line is in ``run --json`` (``warnings``),
in the printed summary, and in the report a real scan returns; on 4 Dec 2026 there is none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from config.loader import load_catalogue
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage.db import open_database

WARNING = "medway.yaml: chair-challenge-at-ctb: due.meeting: 2027-28 Q4 (counted from Fri 31 Mar"


def notify_file(tmp_path: Path, port: int) -> Path:
    """One route for every tag (Apprise's ``always``); dry runs send nothing to it."""
    path = tmp_path / "apprise.yml"
    path.write_text(yaml.safe_dump({"version": 1, "urls": [
        {f"mailto://127.0.0.1:{port}?from=c@x.org&to=archive@x.org": [{"tag": "always"}]}]}),
        encoding="utf-8")
    return path


def test_dry_run_summary_and_json_carry_the_warning(
        cli: Callable[..., Result], tmp_path: Path, closed_port: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("run", "--dry-run", "--area", "medway", "--notify",
            str(notify_file(tmp_path, closed_port)), "--db",
            f"sqlite:///{tmp_path / 'cycles.sqlite'}")
    as_json = cli(*args, "--as-of", "2027-06-01T07:00", "--json")
    assert as_json.exit_code == 0, as_json.output
    [line] = json.loads(as_json.stdout)["warnings"]
    assert WARNING in line and "add the next meeting dates under meetings.ctb.dates" in line

    monkeypatch.setenv("COLUMNS", "400")  # each warning on one line
    printed = cli(*args, "--as-of", "2027-06-01T07:00")
    assert printed.exit_code == 0, printed.output
    assert "1 warning(s) about the catalogue:" in printed.stdout
    assert re.search(r"^warning: \S*" + re.escape(WARNING), printed.stdout, re.MULTILINE)

    quiet = cli(*args, "--as-of", "2026-12-04T07:00", "--json")
    assert quiet.exit_code == 0 and json.loads(quiet.stdout)["warnings"] == []


def test_a_real_scan_reports_the_warning(sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue()
    when = at(2027, 6, 1)
    report = Runner(open_database(sqlite_url), cat, FakeNotifier(), clock=lambda: when,
                    sleep=lambda s: None, retry_delays=()).scan(when, "medway")
    assert len(report.warnings) == 1 and WARNING in report.warnings[0]
