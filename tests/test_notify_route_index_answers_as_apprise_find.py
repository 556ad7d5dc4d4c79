"""The route index answers each tag exactly as Apprise's ``find`` (scanning every route)
does: names match case-insensitively, a URL with several tags answers each, ``always``
routes answer every tag, order is the config's, and an untagged URL answers none."""

from __future__ import annotations

from pathlib import Path

from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.fake import FakeNotifier
from cycles.notify.route_index import RouteIndex

CONFIG = """\
version: 1
urls:
  - mailto://127.0.0.1:2525?from=c@x.example.org&to=dcs@a.example.org:
      - tag: a.dcs
  - mailto://127.0.0.1:2525?from=c@x.example.org&to=archive@x.example.org:
      - tag: always
  - mailto://127.0.0.1:2525?from=c@x.example.org&to=chair@a.example.org:
      - tag: A.Chair, b.chair
  - mailto://127.0.0.1:2525?from=c@x.example.org&to=nobody@x.example.org
  - mailto://127.0.0.1:2525?from=c@x.example.org&to=dcs2@a.example.org:
      - tag: a.dcs
"""

TAGS = ["a.dcs", "A.DCS", "a.chair", "b.chair", "c.unknown", "always", "a.dcs, b.chair",
        "all"]


def test_each_tag_gets_what_apprise_find_gets(tmp_path: Path) -> None:
    path = tmp_path / "apprise.yml"
    path.write_text(CONFIG, encoding="utf-8")
    notifier = AppriseNotifier(path)
    index = RouteIndex.build(notifier)
    for tag in TAGS:
        assert index[tag] == notifier.find_routes(tag), tag
        assert notifier.routes(tag) == notifier.find_routes(tag), tag
    assert len(index["a.dcs"]) == 3  # both dcs URLs and the archive, in the config's order
    assert len(index["c.unknown"]) == 1  # the archive only
    assert sorted(index) == ["a.chair", "a.dcs", "b.chair"]


def test_a_notifier_without_a_listing_is_asked_once_per_tag() -> None:
    asked: list[str] = []

    class Counting(FakeNotifier):
        def routes(self, tag: str):  # type: ignore[no-untyped-def]
            asked.append(tag)
            return super().routes(tag)

    notifier = Counting({"a.dcs": ["r1", "r2"]}, default_route=False)
    index = RouteIndex.build(notifier)
    for _ in range(3):
        assert [r.id for r in index["a.dcs"]] == ["r1", "r2"]
        assert index["b.x"] == []
    assert asked == ["a.dcs", "b.x"]
