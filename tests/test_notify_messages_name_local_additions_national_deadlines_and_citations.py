"""A message says when an entry is a local addition (the source's sentence does not ask for
it), when its deadline comes from national text, and names the citation of an entry that is
cited rather than quoted (the Working Together 2023 template) instead of an empty quote.

Real parts: the shipped catalogue and template, read by the loader, rendered by the message
renderer; the compliance report's register marks a local addition too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from config.loader import Entry, load_catalogue
from cycles.notify.message import render

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 10, 27)


def entry(ob_id: str, paths: list[Path] | None = None) -> Entry:
    return next(e for e in load_catalogue(paths).entries() if e.id == ob_id)


def item_of(make_item: Callable[..., Any], e: Entry, **overrides: Any) -> Any:
    ob = e.obligation
    return make_item(area=e.area.area, area_name=e.area.name, obligation=e.id, title=ob.title,
                     quote=ob.source.quote, source_file=ob.source.file,
                     local_default=ob.local_default, local_addition=ob.local_addition,
                     deadline_note=ob.deadline_note, citation=ob.source.citation, **overrides)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_local_addition_says_so_and_why(make_item: Callable[..., Any]) -> None:
    e = entry("newcastle.scr-learning-to-ctb")
    assert e.obligation.local_addition
    why = flat(e.obligation.local_addition)
    m = render([item_of(make_item, e)], "Director of Children's Services", TODAY)
    assert f"Local addition: {why}" in flat(m.text)
    assert "<b>Local addition:</b>" in m.html
    card = json.dumps(m.card)
    assert '"title": "Local addition"' in card and "(local addition)" in card
    # in a digest the source line carries the marker, not the whole reason
    other = make_item(obligation="newcastle.other", title="Other report")
    digest = render([item_of(make_item, e), other], "Director of Children's Services", TODAY)
    assert "(local addition)" in flat(digest.text) and why not in flat(digest.text)


def test_a_national_deadline_is_named(make_item: Callable[..., Any]) -> None:
    e = entry("medway.partner-contributions-to-annual-report")
    assert e.obligation.deadline_note
    m = render([item_of(make_item, e)], "Independent Chair of the MSCB", TODAY)
    assert f"Deadline from national text: {flat(e.obligation.deadline_note)}" in flat(m.text)
    assert "<b>Deadline from national text:</b>" in m.html


def test_a_cited_entry_names_its_citation(make_item: Callable[..., Any]) -> None:
    e = entry("template-area.serious-incident-notification",
              [ROOT / "config" / "templates" / "wt2023.yaml"])
    ob = e.obligation
    assert ob.source.quote == "" and ob.source.citation
    m = render([item_of(make_item, e)], "Delegated safeguarding partner", TODAY)
    assert f"Source: {ob.source.citation}" in flat(m.text)
    assert f"Source:</b> {ob.source.citation}" in m.html
    assert ob.source.citation in json.dumps(m.card)


def test_the_report_register_marks_a_local_addition(cli: Callable[..., Any],
                                                    tmp_path: Path) -> None:
    from cycles.app.compliance import build_report
    from cycles.app.occurrences import sync_catalogue
    from cycles.compliance import to_csv, to_html, to_markdown
    from storage.db import open_database

    db = f"sqlite:///{tmp_path / 'cycles.sqlite'}"
    done = cli("event", "newcastle.scr_published", "--on", "2026-06-01", "--ref", "SCR-1",
               "--db", db)
    assert done.exit_code == 0, done.output
    engine = open_database(db)
    cat = load_catalogue()
    sync_catalogue(engine, cat, dt.date(2027, 4, 15),
                   dt.datetime(2027, 4, 15, 7, tzinfo=dt.UTC))
    c = build_report(engine, cat, year="2026-27", area="newcastle",
                     as_of_date=dt.date(2027, 4, 15))
    added = [i for i in c.items if i.obligation_id == "newcastle.scr-learning-to-ctb"]
    others = [i for i in c.items if i.obligation_id != "newcastle.scr-learning-to-ctb"]
    assert added and all(i.local_addition for i in added)
    assert others and not any(i.local_addition for i in others)
    assert "(local addition: " in to_markdown(c)
    assert "Local addition: " in to_html(c)
    assert "local_addition" in to_csv(c).splitlines()[0]
