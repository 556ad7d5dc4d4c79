"""Recording a submission from a link: the confirmation says how late it was, a second press
says when and by whom it was already recorded, and the record keeps its channel and role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
from sqlalchemy import select
from web_support import OWNER, csrf, done_text, make_site, serving

from storage import queries as q


def form_for(client: httpx.Client, link: str, **over: str) -> dict[str, str]:
    page = client.get(link).text
    assert 'value="Report Owner"' in page  # submitted by: the role's title, prefilled
    assert 'value="2026-07-22"' in page  # today
    return {"csrf": csrf(page), "by": "Report Owner", "date": "2026-07-22",
            "evidence": "https://intranet.webton.example/q1.pdf", "note": "", **over}


def test_a_double_press_records_once(db_url: str, tmp_path: Path) -> None:
    site = make_site(tmp_path, db_url)
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("submit")
        form = form_for(client, link)
        first = client.post(link, data=form)
        second = client.post(link, data=form)
        assert first.status_code == 200
        assert done_text(first.text) == "recorded: 1 working day late"  # due Tue 21 Jul
        assert second.status_code == 409
        assert done_text(second.text) == ("already recorded on Wed 22 Jul 2026 by "
                                          "Report Owner")
        assert "already recorded on Wed 22 Jul 2026" in client.get(link).text  # no form now
    with site.engine.connect() as conn:
        rows = conn.execute(select(q.SUBMISSION)).mappings().all()
        occ = conn.execute(select(q.OCC).where(q.OCC.c.id == site.occurrence_id())
                           ).mappings().one()
    assert len(rows) == 1
    assert (rows[0]["channel"], rows[0]["role"]) == ("link", OWNER)
    assert rows[0]["evidence"] == "https://intranet.webton.example/q1.pdf"
    assert occ["status"] == "submitted" and occ["next_action_at"] is None


def test_on_time_and_bad_input(tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url)
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("submit")
        future = client.post(link, data=form_for(client, link, date="2026-07-23"))
        assert future.status_code == 400 and "is in the future" in future.text
        nobody = client.post(link, data=form_for(client, link, by="  "))
        assert nobody.status_code == 400 and "say who submitted the report" in nobody.text
        script = client.post(link, data=form_for(client, link, evidence="javascript:alert(1)"))
        assert script.status_code == 400 and "give a link" in script.text
        ok = client.post(link, data=form_for(client, link, date="2026-07-21"))
        assert done_text(ok.text) == "recorded: on time"


def test_a_link_after_a_command_line_record_says_already(tmp_path: Path,
                                                         sqlite_url: str) -> None:
    from cycles.app.records import submit as cli_submit

    site = make_site(tmp_path, sqlite_url)
    at = site.clock() - dt.timedelta(hours=20)
    cli_submit(site.engine, site.catalogue, "web.quarterly-return", "2026-27 Q1", "J. Smith",
               at, site.clock())
    with serving(site), httpx.Client(timeout=30) as client:
        page = client.get(site.link("submit")).text
        assert "already recorded on Tue 21 Jul 2026 by J. Smith" in page
        assert 'name="csrf"' not in page
