"""``tracking_from`` far outside any plausible year (0001-01-01, 9999-01-01) is one line
from ``cycles validate``, exit 2, not an overflow deep in the due-date arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening import invoke, refusal, small_area

ALPHA_YAML = small_area("alpha")


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-01-01"])
def test_an_implausible_tracking_from_is_one_line(day: str, tmp_path: Path) -> None:
    path = tmp_path / "alpha.yaml"
    path.write_text(ALPHA_YAML.replace("tracking_from: 2026-04-01", f"tracking_from: {day}"),
                    encoding="utf-8")
    line = refusal(invoke(["validate", str(path)]))
    assert str(path) in line and "tracking_from" in line and day in line


def test_a_plausible_one_loads(tmp_path: Path) -> None:
    path = tmp_path / "alpha.yaml"
    path.write_text(ALPHA_YAML.replace("tracking_from: 2026-04-01", "tracking_from: 2001-04-01"),
                    encoding="utf-8")
    assert invoke(["validate", str(path)]).code == 0
