"""A deferral request is decided by the approver it was sent to, once: a decline leaves the
due date alone, a second decision says when and by whom it was made, and the requester's
own link cannot decide it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from web_support import DCS, OWNER, csrf, done_text, make_site, serving

from cycles.web import actions as act


def test_decline_then_second_decision(tmp_path: Path, sqlite_url: str,
                                      dump_db: Callable[[Any], Any]) -> None:
    site = make_site(tmp_path, sqlite_url)
    q2 = site.occurrence_id("2026-27 Q2")
    request_id = act.request_deferral(site.engine, q2, dt.date(2026, 11, 20), "Late data",
                                      "Report Owner", OWNER, DCS, site.clock())
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("approve-defer", DCS, occurrence_id=q2, ref=request_id)
        page = client.get(link).text
        assert "Report Owner asks to move the due date" in page
        before = dump_db(site.engine)
        # the owner's token for the same request is refused: it was sent to the approver
        own = site.link("approve-defer", OWNER, occurrence_id=q2, ref=request_id)
        assert client.get(own).status_code == 403
        assert client.post(own, data={"csrf": csrf(page), "decision": "approve"}
                           ).status_code == 403
        no_choice = client.post(link, data={"csrf": csrf(page)})
        assert no_choice.status_code == 400 and "press Approve or Decline" in no_choice.text
        assert dump_db(site.engine) == before
        declined = client.post(link, data={"csrf": csrf(page), "decision": "decline"})
        assert done_text(declined.text) == "recorded: deferral to Fri 20 Nov 2026 declined"
        again = client.post(link, data={"csrf": csrf(page), "decision": "approve"})
        assert again.status_code == 409
        assert done_text(again.text) == ("already declined on Wed 22 Jul 2026 by Director of "
                                         "Children's Services")
        assert "Already declined on Wed 22 Jul 2026" in client.get(link).text
    occ = act.occurrence(site.engine, q2)
    assert occ is not None and occ["due"] == occ["original_due"] == dt.date(2026, 10, 21)
    assert act.history(site.engine, q2)["decisions"] == []


def test_one_pending_request_at_a_time(tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url)
    q2 = site.occurrence_id("2026-27 Q2")
    with serving(site), httpx.Client(timeout=30) as client:
        link = site.link("defer", occurrence_id=q2)
        form = {"csrf": csrf(client.get(link).text), "new_due": "2026-11-20",
                "reason": "Late data"}
        first = client.post(link, data=form)
        assert "no message could be sent to the Director of Children's Services" in (
            done_text(first.text))
        second = client.post(link, data=form)
        assert second.status_code == 409
        assert "a deferral to Fri 20 Nov 2026 was already asked for on Wed 22 Jul 2026" in (
            done_text(second.text))
        q3 = site.link("defer", occurrence_id=site.occurrence_id("2026-27 Q3"))
        wrong_form = client.post(q3, data={**form, "new_due": "2027-03-01"})
        assert wrong_form.status_code == 403  # the form token belongs to another link
        early = client.post(q3, data={**form, "csrf": csrf(client.get(q3).text),
                                      "new_due": "2026-10-01"})
        assert early.status_code == 400 and "is not after the current due date" in early.text
    assert len(act.history(site.engine, q2)["requests"]) == 1
