"""``rate_limits:`` in the Apprise YAML maps a relay host to messages a minute; anything else
is one NotifyConfigError line naming the file and the host. Apprise never sees the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.seam import NotifyConfigError, RateLimit

URL = "mailto://127.0.0.1:2525?from=cycles@localhost&to=dcs@medway.example"


def config(tmp_path: Path, limits: str) -> Path:
    path = tmp_path / "apprise.yml"
    path.write_text(f"version: 1\nrate_limits: {limits}\nurls:\n  - {URL}:\n"
                    "      - tag: medway.dcs\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("limits", "expected"), [
    ("30", "'rate_limits:' must map a relay host to messages a minute"),
    ("{127.0.0.1: 0}", "rate_limits: 127.0.0.1: expected a whole number of messages a minute"),
    ("{127.0.0.1: fast}", "not 'fast'"),
    ("{127.0.0.1: 2.5}", "not 2.5"),
])
def test_a_bad_rate_limit_is_one_line_naming_the_file(tmp_path: Path, limits: str,
                                                       expected: str) -> None:
    path = config(tmp_path, limits)
    with pytest.raises(NotifyConfigError) as err:
        AppriseNotifier(path, environ={})
    assert "\n" not in str(err.value) and str(path) in str(err.value)
    assert expected in str(err.value)


def test_a_route_gets_the_limit_of_its_relay_host(tmp_path: Path) -> None:
    notifier = AppriseNotifier(config(tmp_path, "{127.0.0.1: 30, smtp.example.org: 5}"),
                               environ={})
    (route,) = notifier.routes("medway.dcs")
    assert notifier.rate_limit(route.id) == RateLimit("127.0.0.1", 30)
    assert AppriseNotifier(config(tmp_path, "{smtp.example.org: 5}"),
                           environ={}).rate_limit(route.id) is None
