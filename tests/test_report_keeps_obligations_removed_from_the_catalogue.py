"""An obligation taken out of the catalogue keeps its place in the year's evidence.

Its stored occurrences still count (titled from the synced ``obligation`` row), they simply
have no owner role and no working calendar beyond England's bank holidays.
"""

from __future__ import annotations

from pathlib import Path

from test_report_figures_match_hand_count import (
    AP,
    AS_OF,
    CATALOGUE_YAML,
    report,
    seed,
    write_catalogue,
)

from config.loader import load_catalogue


def test_removed_obligation_still_counts(tmp_path: Path) -> None:
    full = write_catalogue(tmp_path / "full")
    engine = seed(f"sqlite:///{tmp_path}/t.sqlite", full)
    # the same area without the business plan (the last obligation in the file)
    trimmed = CATALOGUE_YAML[: CATALOGUE_YAML.index("  - id: annual-plan")]
    path = tmp_path / "trimmed" / "tamside.yaml"
    path.parent.mkdir()
    path.write_text(trimmed, encoding="utf-8")
    cat = load_catalogue([path])

    c = report(cat, engine, AS_OF)
    plan = [i for i in c.items if i.obligation_id == AP]
    assert [(i.title, i.outcome.value, i.owners) for i in plan] == [
        ("Business plan for the year ahead", "on time", ())]
    assert (c.overall.on_time, c.overall.assessed) == (3, 6)  # same figures as before
    assert {g.key for g in c.by_obligation} >= {AP}
    assert "tamside.chair" in {g.key for g in c.by_role}  # still owns the annual report
    assert next(g for g in c.by_role if g.key == "tamside.chair").tally.assessed == 1
