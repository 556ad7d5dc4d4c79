"""A notice owed to a role that has no route is not lost: the run says so and is not ok,
and the next scan after a route is added delivers it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pendulum

from config.loader import load_catalogue
from cycles.notify.fake import FakeNotifier
from cycles.notify.seam import Message, Route, SendResult
from cycles.runner import Runner
from storage.db import open_database

CATALOGUE = Path(__file__).resolve().parents[1] / "config" / "catalogue" / "medway.yaml"


class Partial:
    """Routes only for the tags it is given; records what it sends."""

    def __init__(self, tags: set[str]):
        self.tags = tags
        self.sent: list[tuple[str, str]] = []

    def routes(self, tag: str) -> list[Route]:
        if tag not in self.tags:
            return []
        return [Route(hashlib.sha256(tag.encode()).hexdigest()[:16], f"fake://{tag}", tag)]

    def send(self, message: Message, route: Route) -> SendResult:
        self.sent.append((route.tag, message.subject))
        return SendResult(True)


def test_unrouted_owner_is_reported_then_delivered_once_routed(tmp_path: Path) -> None:
    cat = load_catalogue([CATALOGUE])
    engine = open_database(f"sqlite:///{tmp_path}/c.sqlite")
    as_of = pendulum.datetime(2026, 11, 2, 7, tz="Europe/London").in_timezone("UTC")
    everyone = {f"medway.{r}" for r in cat.areas["medway"].roles}
    first = Partial(everyone - {"medway.dcs"})
    report = Runner(engine, cat, first, retry_delays=()).scan(as_of)
    assert report.unrouted == ["medway.dcs"]
    assert not report.ok
    assert report.sent > 0
    assert not any(tag == "medway.dcs" for tag, _ in first.sent)

    second = Partial(everyone)
    later = as_of + dt.timedelta(hours=2)
    report = Runner(engine, cat, second, retry_delays=()).scan(later)
    assert report.ok
    assert {tag for tag, _ in second.sent} == {"medway.dcs"}


def test_fake_notifier_routes_every_tag() -> None:
    assert FakeNotifier().routes("medway.dcs")
