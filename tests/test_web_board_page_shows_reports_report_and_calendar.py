"""The business manager's board page in a real browser: Debian's Chromium (never a downloaded
one) driven by Playwright against uvicorn on loopback, over the shipped catalogue.

The link comes from ``cycles links --area medway``; the page lists the open reports with
state, due date, owner, lateness and action links; the 2026-27 compliance report shows its
year grid (SVG) under the strict CSP with no console error; both CSV files download; the
calendar link answers ``text/calendar``; after ``cycles web --rotate-key`` the same link
shows the 410 page. Screenshots go to ``$CYCLES_ARTIFACTS_DIR`` (and, with
``CYCLES_UPDATE_DOCS_IMAGES=1``, to ``docs/images/board-page.png``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_support import Clock, free_socket, london, running

CHROMIUM = Path("/usr/bin/chromium")
DOCS_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
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


def save(page: Any, tmp_path: Path, name: str, docs: bool = False) -> None:
    folders = [tmp_path]
    if os.environ.get("CYCLES_ARTIFACTS_DIR"):
        folders.append(Path(os.environ["CYCLES_ARTIFACTS_DIR"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)
    if docs and os.environ.get("CYCLES_UPDATE_DOCS_IMAGES"):
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / name, DOCS_IMAGES / name)


def cycles(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "cycles.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def medway(tmp_path: Path) -> dict[str, Any]:
    """The shipped catalogue in a SQLite database on Fri 4 Dec 2026, three reports recorded."""
    import pendulum

    from cycles.app import records
    from cycles.app.occurrences import sync_catalogue
    from cycles.app.setup import open_catalogue
    from storage.db import open_database

    url = f"sqlite:///{tmp_path / 'cycles.sqlite'}"
    catalogue = open_catalogue(None)
    clock = Clock(london(2026, 12, 4))
    engine = open_database(url)
    sync_catalogue(engine, catalogue, clock().date(), clock())
    done = [("medway.chair-challenge-at-ctb", "2025-26 Q4", (2026, 6, 2)),
            ("medway.chair-dcs-six-monthly-report", "2025-26 H2", (2026, 4, 28)),
            ("medway.lsp-safeguarding-progress", "2025-26 H2", (2026, 5, 20))]
    for obligation, period, day in done:
        records.submit(engine, catalogue, obligation, period, "MSCB Chair",
                       pendulum.datetime(*day, 10), clock())
    env = {**os.environ, "CYCLES_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    env.pop("CYCLES_SECRET_KEY", None)
    env.pop("CYCLES_BASE_URL", None)
    return {"engine": engine, "catalogue": catalogue, "clock": clock, "env": env,
            "data": tmp_path / "data"}


def app_for(medway: dict[str, Any], base: str) -> Any:
    from cycles.links.keys import load_key
    from cycles.web.app import create_app

    return create_app(medway["engine"], medway["catalogue"], load_key(medway["data"]), base,
                      medway["clock"])


def test_the_business_manager_reads_the_board_the_report_and_the_calendar(
        medway: dict[str, Any], browser: Any, tmp_path: Path) -> None:
    sock = free_socket()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    printed = cycles("links", "--area", "medway", "--base-url", base, env=medway["env"])
    board = re.search(r"board page:\s+(\S+)", printed)
    calendar = re.search(r"(http://\S+/calendar/medway\.ics\?k=\S+)", printed)
    assert board and calendar, printed
    errors: list[str] = []
    with running(app_for(medway, base), sock):
        page = browser.new_page(viewport={"width": 1280, "height": 900},
                                accept_downloads=True)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        response = page.goto(board.group(1))
        assert response is not None and response.status == 200
        assert page.locator("h1").inner_text() == "Open reports: Medway"
        rows = page.locator("table.board tbody tr")
        assert rows.count() >= 5
        text = page.locator("table.board").inner_text()
        assert "working days late" in text and "Owner: " in text
        assert "Fri 4 Dec 2026" in page.content() or "Dec 2026" in text
        first = rows.first.locator("td.acts a")
        assert [first.nth(i).inner_text() for i in range(first.count())] == [
            "View", "Record as submitted", "Ask for a deferral", "Mark as received"]
        save(page, tmp_path, "board-page.png", docs=True)

        page.get_by_role("link", name="2026-27", exact=True).click()
        page.wait_for_load_state()
        assert "Compliance" in page.title() or "2026-27" in page.title()
        grid = page.locator("svg")
        assert grid.count() >= 2 and grid.first.is_visible()
        # the report's stylesheet loaded under the CSP: the tables have their borders
        border = page.eval_on_selector("table", "t => getComputedStyle(t).borderCollapse")
        assert border == "collapse"
        save(page, tmp_path, "board-report-2026-27.png")
        for name, header in (("register", "obligation"), ("figures", "on_time_rate")):
            with page.expect_download() as got:
                page.get_by_role("link", name=re.compile(f"Download the {name}")).click()
            saved = tmp_path / got.value.suggested_filename
            got.value.save_as(saved)
            assert saved.suffix == ".csv"
            assert header in saved.read_text(encoding="utf-8").splitlines()[0].lower()
        assert errors == [], errors

        feed = httpx.get(calendar.group(1), timeout=30)
        assert feed.status_code == 200
        assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
        assert feed.text.startswith("BEGIN:VCALENDAR")
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in feed.text
        again = httpx.get(calendar.group(1), timeout=30)
        assert again.content == feed.content  # nothing changed: byte-identical

    cycles("web", "--rotate-key", env=medway["env"])
    sock = free_socket()
    with running(app_for(medway, base), sock) as new_base:
        old = board.group(1).replace(base, new_base)
        response = page.goto(old)
        assert response is not None and response.status == 410
        assert "withdrawn" in page.locator("main").inner_text()
        save(page, tmp_path, "board-link-revoked.png")
