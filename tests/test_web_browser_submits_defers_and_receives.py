"""A person acts on a reminder in a real browser: Debian's Chromium (never a downloaded one)
driven by Playwright against uvicorn on loopback.

1. the owner opens the submit link, keeps the prefilled form, presses the button, reads
   "recorded: 1 working day late"; the next scans send nothing more for that report;
2. the owner asks for a deferral; the approver's message arrives in the mail sink with a
   signed link; the approver opens it and approves; the due date moves, the original is kept;
3. the board's secretary marks the report received (meeting date, minute reference); the
   View page shows both sides of the record.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from web_support import DCS, OWNER, SECRETARY, london, mail_routes, make_site, serving

from cycles.links.maker import LinkMaker
from cycles.runner import Runner
from storage import queries as q

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at "
                                 "/usr/bin/chromium (apt-get install chromium)")]


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"])
        try:
            yield chromium
        finally:
            chromium.close()


def shots(tmp_path: Path) -> list[Path]:
    folders = [tmp_path]
    if os.environ.get("CYCLES_ARTIFACTS_DIR"):
        folders.append(Path(os.environ["CYCLES_ARTIFACTS_DIR"]))
    return folders


def screenshot(page: Any, tmp_path: Path, name: str) -> None:
    for folder in shots(tmp_path):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


def link_in_mail(sink: Any, site: Any, to: str, action: str, occurrence_id: int) -> str:
    """The signed link for ``action`` on the occurrence, taken out of the .eml files the mail
    sink saved for ``to``."""
    from cycles.links.tokens import verify

    for message in sink.messages():
        if to not in message["To"]:
            continue
        body = message.get_body(("html", "plain")).get_content()
        for url in re.findall(re.escape(site.base) + r"/a/[A-Za-z0-9_.-]+", body):
            claims = verify(url.rsplit("/", 1)[1], site.key, site.clock())
            if (claims.action, claims.occurrence_id) == (action, occurrence_id):
                return str(url)
    raise AssertionError(f"no {action} link for occurrence {occurrence_id} in mail to {to}")


def ledger_rows(site: Any, occurrence_id: int) -> int:
    with site.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(q.NOTE).where(
            q.NOTE.c.occurrence_id == occurrence_id)).scalar_one())


def test_owner_submits_asks_deferral_approver_decides_secretary_receives(
        browser: Any, mail_sink: Any, tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url)
    notifier = mail_routes(tmp_path, mail_sink, site.catalogue)
    q1, q2 = site.occurrence_id("2026-27 Q1"), site.occurrence_id("2026-27 Q2")

    def scan(when: dt.datetime) -> None:
        links = LinkMaker(site.base, site.key)
        Runner(site.engine, site.catalogue, notifier, clock=lambda: when,
               sleep=lambda s: None, retry_delays=(), links=links).scan(when)

    with serving(site, notifier):  # the links the scan makes point at this server
        scan(london(2026, 7, 16, 7))  # 3 working days before Tue 21 Jul: owner's reminder
        assert ledger_rows(site, q1) == 1
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page.set_default_timeout(20_000)

        # 1. record as submitted, from the link in the owner's reminder
        submit_link = link_in_mail(mail_sink, site, "owner@web.example.org", "submit", q1)
        page.goto(site.link("view"))
        page.get_by_text("Quarterly performance return").first.wait_for()
        screenshot(page, tmp_path, "web-view-before.png")
        page.goto(submit_link)
        assert page.input_value("#by") == "Report Owner"
        assert page.input_value("#date") == "2026-07-22"
        page.fill("#evidence", "https://intranet.webton.example/q1.pdf")
        page.fill("#note", "Sent to the Trust Board secretary")
        screenshot(page, tmp_path, "web-submit-form.png")
        page.get_by_role("button", name="Record as submitted").click()
        page.get_by_text("recorded: 1 working day late").wait_for()
        screenshot(page, tmp_path, "web-submit-done.png")

        # 2. ask for a deferral of the next quarter; the approver decides from the email
        page.goto(site.link("defer", occurrence_id=q2))
        page.get_by_text("The Director of Children's Services will get your request").wait_for()
        page.fill("#new_due", "2026-11-20")
        page.fill("#reason", "Health data arrives late this quarter")
        screenshot(page, tmp_path, "web-defer-form.png")
        page.get_by_role("button", name="Send the request").click()
        page.get_by_text("asked the Director of Children's Services to approve a new due "
                         "date of Fri 20 Nov 2026").wait_for()
        mails = [m for m in mail_sink.messages() if "dcs@web.example.org" in m["To"]
                 and "Deferral asked for" in m["Subject"]]
        assert len(mails) == 1
        body = mails[0].get_body(("html", "plain")).get_content()
        approve_url = re.search(r"http://127\.0\.0\.1:\d+/a/[A-Za-z0-9_.-]+", body).group(0)
        assert q.OCC is not None and site.occurrence_id("2026-27 Q2") == q2
        page.goto(approve_url)
        page.get_by_text("Health data arrives late this quarter").wait_for()
        screenshot(page, tmp_path, "web-approve-form.png")
        page.get_by_role("button", name="Approve the new date").click()
        page.get_by_text("recorded: deferred to Fri 20 Nov 2026 (originally due "
                         "Wed 21 Oct 2026)").wait_for()
        page.goto(approve_url)  # the link again: already decided, no buttons
        page.get_by_text("Already approved on Wed 22 Jul 2026 by Director of Children's "
                         "Services").wait_for()

        # 3. the secretary marks Q1 received
        page.goto(site.link("receive", SECRETARY))
        page.fill("#meeting", "2026-07-22")
        page.fill("#minute", "TB 2026/07 item 4")
        page.get_by_role("button", name="Mark as received").click()
        page.get_by_text("recorded: received at the meeting of Wed 22 Jul 2026 "
                         "(TB 2026/07 item 4)").wait_for()
        page.goto(site.link("view", SECRETARY))
        page.get_by_text("Submitted by Report Owner: Sent to the Trust Board secretary"
                         ).wait_for()
        page.get_by_text("minute TB 2026/07 item 4").wait_for()
        page.get_by_text("Reminder 3 working days before the due date to Report Owner: sent"
                         ).wait_for()
        screenshot(page, tmp_path, "web-view-after.png")
        page.goto(site.link("board", DCS))
        page.get_by_text("Open reports: Webton").wait_for()
        screenshot(page, tmp_path, "web-board.png")
        page.goto(site.link("view")[:-3] + "abc")
        page.get_by_text("This link is not valid").wait_for()
        page.get_by_text("WSCB Business Manager (Webton)").wait_for()
        screenshot(page, tmp_path, "web-refused.png")

    with site.engine.connect() as conn:
        occ2 = conn.execute(select(q.OCC).where(q.OCC.c.id == q2)).mappings().one()
        decision = conn.execute(select(q.DECISION)).mappings().one()
    assert (occ2["due"], occ2["original_due"]) == (dt.date(2026, 11, 20), dt.date(2026, 10, 21))
    assert (decision["kind"], decision["channel"], decision["role"]) == ("deferred", "link", DCS)

    # the next scans: nothing more for the submitted report, whatever step it would be at
    sent_before = ledger_rows(site, q1)
    for day in (dt.date(2026, 7, 29), dt.date(2026, 8, 5), dt.date(2026, 8, 20)):
        scan(london(day.year, day.month, day.day, 7))
    assert ledger_rows(site, q1) == sent_before
    assert OWNER  # the owner's route got the first reminder only
