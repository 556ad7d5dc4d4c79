"""The Teams card declares version 1.5 (what it uses and what Teams renders), always stays
under 28 KB of serialized payload by summarising, and Microsoft's own parser (the npm package
``adaptivecards``, run with the machine's node) reports no problem in the largest card of a
demo scan, where one Teams route serves every Medway role."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest

from config.loader import load_catalogue
from cycles.notify.fake import FakeNotifier
from cycles.notify.message import render
from cycles.notify.teams_card import CARD_LIMIT, CARD_VERSION, payload_size
from cycles.runner import Runner
from storage.db import open_database

TEAMS_LIMIT = 28_000  # bytes; Teams refuses posts over about 28 KB
NODE_DIR = Path(__file__).parent / "node"


def validate(card: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """Microsoft's parser's verdict on ``card``; skips when node or the package is absent."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot run Microsoft's adaptivecards parser")
    if not (NODE_DIR / "node_modules" / "adaptivecards").is_dir():
        pytest.skip("adaptivecards is not installed: run `npm ci` in tests/node")
    path = tmp_path / "card.json"
    path.write_text(json.dumps(card), encoding="utf-8")
    done = subprocess.run([node, str(NODE_DIR / "validate_card.js"), str(path)],
                          capture_output=True, text=True, timeout=60, check=True)
    verdict: dict[str, Any] = json.loads(done.stdout)
    return verdict


def demo_cards(sqlite_url: str) -> list[dict[str, Any]]:
    """Every card of the first demo scan, one Teams route serving all of Medway's roles."""
    catalogue = load_catalogue()
    medway = catalogue.areas["medway"]
    notifier = FakeNotifier({f"medway.{role}": ["teams:medway"] for role in medway.roles})
    as_of = pendulum.datetime(2026, 12, 4, 7, tz="Europe/London").in_timezone("UTC")
    Runner(open_database(sqlite_url), catalogue, notifier, clock=lambda: as_of,
           sleep=lambda s: None, retry_delays=()).scan(as_of)
    return [message.card for message, _ in notifier.sent]


def test_largest_demo_card_is_under_28_kb_and_parses_cleanly(sqlite_url: str,
                                                            tmp_path: Path) -> None:
    cards = demo_cards(sqlite_url)
    assert len(cards) > 20
    largest = max(cards, key=payload_size)
    assert payload_size(largest) < TEAMS_LIMIT
    assert largest["version"] == CARD_VERSION == "1.5"
    assert largest["body"][0]["style"] == "heading"  # a 1.5 property, now declared as such
    assert re.search(r"\band \d+ more\b", json.dumps(largest))
    print(f"largest demo card: {payload_size(largest)} bytes; "
          f"{sum(1 for b in largest['body'] if b['type'] == 'Container')} items shown")
    verdict = validate(largest, tmp_path)
    assert verdict == {"errors": [], "version": "1.5"}


def test_a_huge_digest_is_summarised_under_the_limit(make_item: Callable[..., Any],
                                                     tmp_path: Path) -> None:
    long_title = "Quarterly report on safeguarding performance " * 8  # ~360 characters
    items = [make_item(obligation=f"medway.r{n:03d}", title=f"{long_title} #{n}",
                       owners=tuple(f"Owner role number {k} of the board" for k in range(12)),
                       kind="escalation", stage="escalate-20wd", days_to_due=-40 - n,
                       working_days_late=28 + n, due=dt.date(2026, 9, 17) - dt.timedelta(n),
                       actions={a: f"https://cycles.example/a/{a}/{'t' * 600}{n}"
                                for a in ("submit", "view", "defer")})
             for n in range(760)]
    message = render(items, "Chief Executive", dt.date(2026, 10, 27),
                     more_url="https://cycles.example/more/" + "m" * 600, limit=760)
    size = payload_size(message.card)
    assert size <= CARD_LIMIT < TEAMS_LIMIT
    body = message.card["body"]
    shown = [b for b in body if b["type"] == "Container"]
    assert 0 < len(shown) < 760
    assert any(b.get("text") == f"and {760 - len(shown)} more" for b in body)
    see_all = [a for b in body if b["type"] == "ActionSet" for a in b["actions"]
               if a["title"] == "See them all"]
    assert see_all and see_all[0]["url"].startswith("https://cycles.example/more/")
    assert validate(message.card, tmp_path)["errors"] == []


def test_one_item_with_enormous_text_still_fits(make_item: Callable[..., Any]) -> None:
    item = make_item(title="x" * 100_000, local_default="y" * 100_000,
                     owners=("z" * 100_000,))
    card = render([item], "Chair", dt.date(2026, 10, 27)).card
    assert payload_size(card) < TEAMS_LIMIT
    assert [b for b in card["body"] if b["type"] == "Container"]  # the item is shown
