"""A scan over a fresh Working Together 2023 area sends the expected first reminders (the
current runner and SQLite; nothing recorded yet, so no event-triggered obligation is owed).

Scanned Wed 10 Jun 2026 07:00: the independent scrutineer's assessment of 2025-26 is due
Tue 30 Jun 2026 (last working day of June); 14 working days before it, counting back over
29, 26-22, 19-15 and 12-10 Jun, is Wed 10 Jun: its first reminder goes today, to the
scrutineer only. Nothing else is within 14 working days of falling due (the child death
review report is due Wed 30 Sep 2026; the section 11 returns Fri 29 Jan 2027; the arrangements
review Wed 31 Mar 2027; the yearly report Thu 1 Apr 2027).
Scanned again Thu 25 Jun 2026: 3 working days before (29, 26, 25 Jun): the second reminder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from config.init_area import TEMPLATES_DIR
from config.loader import load_catalogue
from cycles.notify.fake import FakeNotifier
from cycles.runner import Runner
from storage.db import open_database


def scan(engine: Any, cat: Any, when: Any) -> list[tuple[str, str]]:
    fake = FakeNotifier()
    report = Runner(engine, cat, fake, clock=lambda: when, sleep=lambda s: None,
                    retry_delays=()).scan(when)
    assert report.ok
    return sorted((route.tag, message.subject) for message, route in fake.sent)


def test_first_scans_send_the_scrutineers_reminders_and_nothing_else(
        sqlite_url: str, at: Callable[..., Any]) -> None:
    cat = load_catalogue([TEMPLATES_DIR / "wt2023.yaml"])
    engine = open_database(sqlite_url)
    first = scan(engine, cat, at(2026, 6, 10))
    assert [tag for tag, _ in first] == ["template-area.independent_scrutineer"]
    assert first[0][1] == ("[Due in 20 days] Template Area: Independent scrutineer's yearly "
                           "assessment of the arrangements \u2014 2025-26, due Tue 30 Jun 2026")
    assert scan(engine, cat, at(2026, 6, 10, 9)) == []  # the same day again: nothing new
    assert scan(engine, cat, at(2026, 6, 24)) == []     # between the two reminders
    second = scan(engine, cat, at(2026, 6, 25))
    assert [tag for tag, _ in second] == ["template-area.independent_scrutineer"]
