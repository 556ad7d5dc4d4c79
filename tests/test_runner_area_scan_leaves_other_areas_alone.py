"""A scan of one area (``--area``, or a flow run for one area) delivers that area's ledger
rows and leaves every other area's rows untouched: still pending, free for the next scan
of that area (or of all areas) to send at once, not held by a claim for the lease time.

On Fri 16 Oct 2026 alpha owes its Q2 return's 3-day reminder and beta its half-year
return's 10-day reminder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from config.loader import load_catalogue
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage import queries as q
from storage.db import open_database


def _statuses(engine: Any) -> dict[str, set[str]]:
    with engine.connect() as conn:
        out: dict[str, set[str]] = {}
        for tag, status in conn.execute(select(q.NOTE.c.tag, q.NOTE.c.status)):
            out.setdefault(tag.split(".")[0], set()).add(status)
        return out


def test_area_scan_claims_only_its_own_rows(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    now = at(2026, 10, 16)
    fake = FakeNotifier()

    def runner() -> Runner:
        return Runner(engine, cat, fake, clock=lambda: now, sleep=lambda s: None,
                      retry_delays=())

    runner().queue(now)  # e.g. yesterday's all-areas scan was stopped after queueing
    assert _statuses(engine) == {"alpha": {"pending"}, "beta": {"pending"}}

    alpha = runner().scan(now, area="alpha")
    assert alpha.ok and alpha.sent >= 1
    assert {r.tag.split(".")[0] for _, r in fake.sent} == {"alpha"}
    assert _statuses(engine) == {"alpha": {"sent"}, "beta": {"pending"}}

    fake.clear()
    beta = runner().scan(now, area="beta")  # same process, a minute later: not held back
    assert beta.ok and beta.sent >= 1
    assert {r.tag.split(".")[0] for _, r in fake.sent} == {"beta"}
    assert _statuses(engine) == {"alpha": {"sent"}, "beta": {"sent"}}


def test_route_shared_by_areas_gets_only_the_scanned_areas_items(
        small_catalogue: Path, sqlite_url: str, at: Callable[..., Any]) -> None:
    """An archive route on both areas' tags: an alpha scan sends it alpha's items only."""
    cat = load_catalogue([small_catalogue])
    engine = open_database(sqlite_url)
    now = at(2026, 10, 16)
    fake = FakeNotifier({"alpha.manager": ["archive"], "beta.lead": ["archive"]})
    Runner(engine, cat, fake, clock=lambda: now, sleep=lambda s: None,
           retry_delays=()).queue(now)
    Runner(engine, cat, fake, clock=lambda: now, sleep=lambda s: None,
           retry_delays=()).scan(now, area="alpha")
    archive = [m for m, r in fake.sent if r.id == "archive"]
    assert len(archive) == 1
    message = archive[0]
    assert "Alphaton" in message.text and "Betaford" not in message.text
    assert _statuses(engine) == {"alpha": {"sent"}, "beta": {"pending"}}
