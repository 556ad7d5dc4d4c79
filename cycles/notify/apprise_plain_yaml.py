"""The plainest Apprise YAML configs loaded URL by URL, as Apprise's own parser would.

Apprise's YAML parser builds each URL's plugin after deep-copying the plugin's whole
template description (``details()``) to resolve per-URL options: ~1 ms a URL, 2 s for a
region's 2,000 routes. A config that is only ``version: 1`` and ``urls:`` whose entries
are a URL, or a URL with a list of ``tag:`` entries (one route each), has no options to
resolve: each route is ``Apprise.instantiate(url, tag=...)``, which yields the same
plugin (a test compares them with ``ConfigBase.config_parse``). Anything else (assets,
global tags, groups, includes, per-URL options) returns None: Apprise's parser reads it.
"""

from __future__ import annotations

from typing import Any

import apprise


def _tag_lists(options: Any) -> list[str | None] | None:
    if options is None:
        return [None]
    if not isinstance(options, list) or not options:
        return None
    tags: list[str | None] = []
    for option in options:
        if not isinstance(option, dict) or set(option) - {"tag"}:
            return None
        tag = option.get("tag")
        if tag is not None and not isinstance(tag, str):
            return None
        tags.append(tag)
    return tags


def plain_services(data: Any, asset: Any) -> list[Any] | None:
    """The routes of a plain config (see the module docstring), else None."""
    if not isinstance(data, dict) or set(data) - {"version", "urls"}:
        return None
    if data.get("version", 1) != 1 or not isinstance(data.get("urls"), list):
        return None
    services = []
    for entry in data["urls"]:
        tags: list[str | None] = [None]
        if isinstance(entry, str):
            url = entry
        elif isinstance(entry, dict) and len(entry) == 1:
            ((url, options),) = entry.items()
            found = _tag_lists(options)
            if not isinstance(url, str) or found is None:
                return None
            tags = found
        else:
            return None
        for tag in tags:
            service = apprise.Apprise.instantiate(url, asset=asset, tag=tag)
            if service is None:
                return None  # Apprise's parser says why, in its words
            services.append(service)
    return services
