"""100 occurrences submitted at once through uvicorn, each pressed twice at the same moment:
every one recorded exactly once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
from sqlalchemy import func, select
from web_support import csrf, make_site, serving

from storage import queries as q

MORE = "".join(f"""
  - id: return-{i}
    title: Return number {i}
    owner: [owner]
    recipients: [board]
    cadence: quarterly
    due: {{working_days_after: {10 + i % 10}}}
    source: {{file: web-protocol.txt, quote: "The owner sends return {i}."}}
""" for i in range(30))


def test_concurrent_submissions(db_url: str, tmp_path: Path) -> None:
    site = make_site(tmp_path, db_url, extra_obligations=MORE)
    with site.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(select(q.OCC.c.id).where(q.OCC.c.status == "open")
                                          .order_by(q.OCC.c.id).limit(100))]
    assert len(ids) == 100
    with serving(site):
        links = [site.link("submit", occurrence_id=i) for i in ids]
        with httpx.Client(timeout=30) as client:
            tokens = [csrf(client.get(link).text) for link in links]

        async def press_all() -> list[httpx.Response]:
            limits = httpx.Limits(max_connections=200, max_keepalive_connections=0)
            async with httpx.AsyncClient(timeout=120, limits=limits) as client:
                presses = [client.post(link, data={"csrf": token, "by": "Report Owner",
                                                   "date": "2026-07-22", "evidence": "",
                                                   "note": f"press {n}"})
                           for link, token in zip(links, tokens, strict=True) for n in (1, 2)]
                return list(await asyncio.gather(*presses))

        answers = asyncio.run(press_all())
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * 100 + [409] * 100
    for a in answers:
        assert re.search(r"recorded: |already recorded on Wed 22 Jul 2026 by Report Owner",
                         a.text)
    with site.engine.connect() as conn:
        per_occurrence = dict(conn.execute(
            select(q.SUBMISSION.c.occurrence_id, func.count()).group_by(
                q.SUBMISSION.c.occurrence_id)).all())
        submitted = conn.execute(select(func.count()).select_from(q.OCC).where(
            q.OCC.c.id.in_(ids), q.OCC.c.status == "submitted")).scalar_one()
    assert per_occurrence == {i: 1 for i in ids}
    assert submitted == 100
