"""What a board link opens, and what it does not: the area's page, reports, CSV files and
calendar feeds (per role too); never with another kind of token, a changed one, or another
area's; the ``all`` link opens an index of every area. A feed that did not change is the same
bytes (its ETag answers 304), and its token never reaches the access log."""

from __future__ import annotations

from pathlib import Path

import httpx
import icalendar
from web_support import OWNER, london, make_site, serving

from cycles.links.board import board_links
from cycles.web.security import scrub


def test_a_board_link_opens_its_own_area_only(tmp_path: Path) -> None:
    site = make_site(tmp_path, f"sqlite:///{tmp_path / 'cycles.sqlite'}",
                     now=london(2026, 7, 22))
    with serving(site) as base, httpx.Client(timeout=30) as http:
        board = board_links(base, site.key, "web", site.clock())
        page = http.get(board.page)
        assert page.status_code == 200
        assert "Quarterly performance return" in page.text
        assert "1 working day late" in page.text  # due Tue 21 Jul, seen on Wed 22 Jul
        assert board.report("2026-27") in page.text and board.calendar() in page.text

        report = http.get(board.report("2026-27"))
        assert report.status_code == 200 and "<svg" in report.text
        assert "<style" not in report.text and "<script" not in report.text
        assert "style-src 'self'" in report.headers["content-security-policy"]
        css = http.get(f"{base}/static/report.css")
        assert css.status_code == 200 and "border-collapse" in css.text
        register = http.get(board.report("2026-27") + "/register.csv")
        assert register.headers["content-type"].startswith("text/csv")
        assert "web.quarterly-return" in register.text
        assert http.get(board.report("2026-28")).status_code == 404

        feed = http.get(board.calendar())
        assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
        events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
        assert events and all("Quarterly performance return" in str(e["summary"])
                              for e in events)
        assert http.get(board.calendar()).content == feed.content
        cached = http.get(board.calendar(), headers={"if-none-match": feed.headers["etag"]})
        assert cached.status_code == 304
        assert http.get(board.calendar("owner")).status_code == 200
        secretary = icalendar.Calendar.from_ical(http.get(board.calendar("ce")).content)
        assert secretary.walk("VEVENT") == []  # the CE owns and receives nothing here
        assert http.get(board.calendar("nobody")).status_code == 404

        view = site.link("view", OWNER).rpartition("/a/")[2]
        assert http.get(f"{base}/calendar/web.ics?k={view}").status_code == 403
        assert http.get(f"{base}/a/{view}/report/2026-27").status_code == 403
        assert http.get(f"{base}/calendar/web.ics").status_code == 403
        changed = board.token[:-2] + ("AA" if board.token[-2:] != "AA" else "BB")
        assert http.get(f"{base}/calendar/web.ics?k={changed}").status_code == 403
        assert http.get(f"{base}/calendar/all.ics?k={board.token}").status_code == 403

        everyone = board_links(base, site.key, "all", site.clock())
        index = http.get(everyone.page)
        assert index.status_code == 200 and "Webton" in index.text
        assert http.get(everyone.report("2026-27")).status_code == 200
        assert http.get(everyone.calendar()).status_code == 200

    line = f'127.0.0.1 - "GET /calendar/web.ics?k={board.token} HTTP/1.1" 200'
    assert board.token not in scrub(line) and "k=[token]" in scrub(line)
