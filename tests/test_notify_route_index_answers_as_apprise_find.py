"""The tag index answers every tag as Apprise's own ``find(tag, match_always=True)`` does
(same routes, same order, ``always`` routes included, each once), without asking Apprise."""

from __future__ import annotations

from pathlib import Path

import apprise
import yaml

from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.route_index import RouteIndex


def url(n: int) -> str:
    return f"mailto://127.0.0.1:2525?from=cycles@localhost&to=person{n}@example.org"


def test_the_index_matches_apprise_find_for_every_tag(tmp_path: Path) -> None:
    tags = [["medway.dcs"], ["medway.chair", "medway.dcs"], ["always"], ["kent.dcs"],
            ["medway.chair"], ["always", "kent.dcs"], ["kent.chair"]]
    config = tmp_path / "apprise.yml"
    config.write_text(yaml.safe_dump({"version": 1, "urls": [
        {url(n): [{"tag": ", ".join(t)}]} for n, t in enumerate(tags)]}), encoding="utf-8")
    notifier = AppriseNotifier(config, environ={})
    services = notifier.services()
    ids = {id(service): rid for rid, service in services}
    reference = apprise.Apprise()
    for _, service in services:
        reference.add(service)
    index = RouteIndex.build(notifier)

    for tag in ("medway.dcs", "medway.chair", "kent.dcs", "kent.chair", "nobody.here"):
        expected = [ids[id(s)] for s in reference.find(tag, match_always=True)]
        assert [r.id for r in index[tag]] == expected, tag
        assert [r.id for r in notifier.routes(tag)] == expected, tag
        assert {r.tag for r in index[tag]} <= {tag}
    assert len(index["nobody.here"]) == 2  # the two "always" routes
    assert len(index["medway.dcs"]) == 4
