"""The HTML report renders in a real browser: the pictures are there, visible, and it prints.

Uses Debian's Chromium at /usr/bin/chromium through playwright (no browser download). The
screenshots (colour and greyscale) and the PDF are saved in tmp_path and, when
CYCLES_ARTIFACTS_DIR is set, copied there for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_report_figures_match_hand_count import AS_OF, seed, write_catalogue

from cycles.app.compliance import build_report, write_report_files

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium (apt-get install "
                       "chromium); the test never downloads a browser"),
]


def keep(path: Path) -> None:
    folder = os.environ.get("CYCLES_ARTIFACTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


@pytest.fixture
def report_html(tmp_path: Path) -> Path:
    cat = write_catalogue(tmp_path / "catalogue")
    engine = seed(f"sqlite:///{tmp_path}/t.sqlite", cat)
    c = build_report(engine, cat, year="2026-27", area="tamside", as_of_date=AS_OF)
    paths = write_report_files(c, tmp_path / "out")
    assert paths["html"].name == "compliance-2026-27-tamside.html"
    return paths["html"]


def test_report_html_renders_in_chromium(report_html: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    html = report_html.read_text(encoding="utf-8")
    assert "<script" not in html.lower()  # no JavaScript
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing from the net

    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1180, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report_html.as_uri())
            check_page(page, sync_api)

            shot = tmp_path / "compliance-report.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)
            assert shot.stat().st_size > 10_000

            page.emulate_media(media="print")
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            page.emulate_media(media="screen")

            # black and white: the grid in greyscale, for a person to look at
            page.add_style_tag(content="html { filter: grayscale(1); }")
            grey = tmp_path / "compliance-report-greyscale.png"
            page.locator("#year-grid").screenshot(path=str(grey))
            keep(grey)
        finally:
            browser.close()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 3, pages  # at-a-glance, figures, exceptions, register: page breaks
    pdf_path = tmp_path / "compliance-report.pdf"
    pdf_path.write_bytes(pdf)
    keep(pdf_path)
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests


def check_page(page: Any, sync_api: Any) -> None:
    expect = sync_api.expect
    title = page.locator("h1")
    expect(title).to_have_text(
        "Reporting cycles 2026-27: evidence for the annual assessment of governance")
    expect(page.locator(".meta")).to_contain_text("Tamside")
    expect(page.locator(".meta")).to_contain_text(f"{AS_OF.day} Jan {AS_OF.year}")

    grid = page.locator("svg.grid")
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    assert box is not None and box["width"] > 700 and box["height"] > 120, box
    # one mark per occurrence, each outcome drawn its own way
    cells = grid.locator("g.cell")
    expect(cells).to_have_count(8)
    counts = {name: grid.locator(f"g.cell-{name}").count()
              for name in ("on_time", "late", "overdue", "open", "waived")}
    assert counts == {"on_time": 3, "late": 2, "overdue": 1, "open": 1, "waived": 1}
    for k in range(8):
        expect(cells.nth(k)).to_be_visible()
    legend = page.locator("svg.grid-legend")
    expect(legend).to_be_visible()
    for text in ("on time", "late", "overdue", "waived", "not yet due", "deferred"):
        expect(legend).to_contain_text(text)
    expect(grid).to_contain_text("Tamside")
    expect(grid).to_contain_text("Quarterly performance return")
    expect(grid.locator("text.as-of")).to_have_text("as of 11 Jan")
    ids = page.locator("[id]").evaluate_all("els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), "duplicate ids: the SVG patterns would clash"
    # late cells carry their working days late
    assert sorted(grid.locator("g.cell-late text").all_text_contents()) == ["1", "2"]

    bars = page.locator("svg.bars")
    expect(bars).to_be_visible()
    # Q1 67%, Q2 50%, Q3 0%, Q4 none due yet, and the year to date 50%
    expect(bars.locator("rect.bar")).to_have_count(4)
    for text in ("67%", "50%", "0%", "none due yet", "Year to date", "3 of 6 on time"):
        expect(bars).to_contain_text(text)
    tallest = bars.locator("rect.bar").first.bounding_box()
    assert tallest is not None and tallest["height"] > 50

    expect(page.locator("#exceptions")).to_contain_text("Awaiting the inspection outcome")
    expect(page.locator("#register tbody tr")).to_have_count(8)
