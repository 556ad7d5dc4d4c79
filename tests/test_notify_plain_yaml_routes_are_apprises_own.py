"""A plain Apprise YAML config (URLs with tags) loaded URL by URL gives the very routes
Apprise's own YAML parser gives (type, full URL, tags, order); any other shape is left to
Apprise's parser."""

from __future__ import annotations

from pathlib import Path

import apprise
import yaml
from apprise.config.base import ConfigBase

from cycles.notify.apprise_plain_yaml import plain_services

PLAIN = """\
version: 1
urls:
  - mailto://127.0.0.1:2525?from=c@x.example.org&to=dcs@a.example.org:
      - tag: a.dcs
  - mailto://127.0.0.1:2525?from=c@x.example.org&to=archive@x.example.org:
      - tag: always
  - mailto://u:p4ss@127.0.0.1:2525?from=c@x.example.org&to=chair@a.example.org&format=text:
      - tag: A.Chair, b.chair
      - tag: c.chair
  - mailtos://127.0.0.1:2465?from=c@x.example.org&to=nobody@x.example.org
  - workflows://127.0.0.1:8443/wf0001/sig0001/?verify=no:
      - tag: a.teams
"""


def _shape(services: list[object]) -> list[tuple[str, str, list[str]]]:
    return [(type(s).__name__, s.url(), sorted(str(t) for t in s.tags))  # type: ignore[attr-defined]
            for s in services]


def test_plain_configs_load_as_apprise_loads_them() -> None:
    example = Path(__file__).resolve().parents[1] / "config" / "apprise.example.yml"
    for text in (PLAIN, example.read_text(encoding="utf-8")):
        data = yaml.safe_load(text)
        ours = plain_services(data, apprise.AppriseAsset())
        theirs, _ = ConfigBase.config_parse(text, asset=apprise.AppriseAsset(),
                                            config_format="yaml")
        if ours is None:  # the example may use options: then Apprise parses it
            continue
        assert _shape(ours) == _shape(theirs)
    assert plain_services(yaml.safe_load(PLAIN), apprise.AppriseAsset()) is not None


def test_other_shapes_are_left_to_apprise() -> None:
    others = [
        {"version": 1, "tag": "x", "urls": ["mailto://h?to=a@b.example.org"]},
        {"version": 1, "asset": {"app_id": "x"}, "urls": ["mailto://h?to=a@b.example.org"]},
        {"version": 1, "urls": [{"mailto://h?to=a@b.example.org": [{"tag": "x", "to": "c"}]}]},
        {"version": 2, "urls": ["mailto://h?to=a@b.example.org"]},
        {"version": 1, "urls": ["nosuchscheme://x"]},
    ]
    for data in others:
        assert plain_services(data, apprise.AppriseAsset()) is None, data
