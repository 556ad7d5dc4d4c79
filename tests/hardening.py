"""Shared by the hardening tests (bad input, databases not ours, faults, file modes) and by
``benchmarks/bad_inputs.py``: a small catalogue with history recorded in a SQLite file, a
way to run ``cycles`` in-process, and the checks every refusal must pass.

The catalogue is tests/data's alpha and beta plus gamma (one event-triggered obligation);
tracking starts 2026-04-01, so the dates the tool works with run from 2021-01-01 to
31 December five years after this year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GAMMA_YAML = """\
area: gamma
name: Gammaby
board: Gammaby Safeguarding Children Board
partnership: Gammaby Children's Trust Board
source_file: gamma-protocol.txt
tracking_from: 2026-04-01
roles:
  chair: {title: Independent Chair}
  trust: {title: Gammaby Children's Trust Board}
events:
  review_published: {title: Case review published}
obligations:
  - id: review-learning
    title: Case review learning reported to the Trust
    owner: [chair]
    recipients: [trust]
    cadence: event
    trigger: review_published
    due: {working_days_after: 20}
    source:
      file: gamma-protocol.txt
      quote: The Chair reports the learning from each published case review to the Trust.
"""


def small_area(name: str) -> str:
    """The ``alpha`` or ``beta`` test catalogue (tests/data/catalogues)."""
    data = Path(__file__).resolve().parent / "data" / "catalogues" / f"{name}.yaml"
    return data.read_text(encoding="utf-8")


def write_catalogue(folder: Path) -> Path:
    """alpha, beta and gamma in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("alpha", small_area("alpha")), ("beta", small_area("beta")),
                       ("gamma", GAMMA_YAML)):
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def record_history(url: str, catalogue: Path) -> str:
    """Synced, one submission, one waiver, one event: a database with something to lose."""
    import pendulum

    from config.loader import load_catalogue
    from cycles.app import records
    from cycles.app.occurrences import sync_catalogue
    from storage.db import open_database

    cat = load_catalogue([catalogue])
    engine = open_database(url)
    now = pendulum.datetime(2026, 10, 1, 9, tz="UTC")
    sync_catalogue(engine, cat, dt.date(2026, 10, 1), now)
    records.submit(engine, cat, "alpha.quarterly-return", "2026-27 Q1", "Manager",
                   pendulum.datetime(2026, 7, 20, 10, tz="UTC"), now)
    records.waive(engine, cat, "beta.half-year-return", "2025-26 H2", "merged", "Lead", now)
    records.record_event(engine, cat, "gamma.review_published", dt.date(2026, 9, 1),
                         "Review A", now, "Chair")
    engine.dispose()
    return url


def sqlite_dump(path: Path) -> str:
    """Every statement that rebuilds the file (sqlite3 iterdump), read-only."""
    import sqlite3

    if not path.exists():
        return "<no file>"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "<no file>"


@dataclass
class Outcome:
    """One command's run: exit code, stdout, stderr."""

    code: int
    out: str
    err: str
    exception: BaseException | None = None

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.out + self.err or (
            self.exception is not None and not isinstance(self.exception, SystemExit))

    def problem(self) -> str | None:
        """Why this is not a clean refusal (None when it is one: exit 2, one line)."""
        if self.traceback:
            return f"traceback: {self.exception!r}"
        if self.code != 2:
            return f"exit {self.code}"
        lines = self.err.splitlines()
        if len(lines) != 1:
            return f"{len(lines)} lines on stderr: {lines[:3]}"
        return None


def invoke(args: Sequence[str], env: dict[str, str | None] | None = None) -> Outcome:
    """``cycles *args`` in this process (click's runner), stdout and stderr apart."""
    from click.testing import CliRunner

    from cycles.cli import main

    result = CliRunner().invoke(main, list(args), env={"CYCLES_CATALOGUE": None, **(env or {})})
    return Outcome(result.exit_code, result.stdout, result.stderr, result.exception)


def refusal(outcome: Outcome) -> str:
    """The one line of a clean refusal (asserting it is one)."""
    assert outcome.problem() is None, (outcome.problem(), outcome.out[-500:], outcome.err)
    return outcome.err.strip()


def any_of(*parts: Any) -> str:
    return " ".join(str(p) for p in parts)
