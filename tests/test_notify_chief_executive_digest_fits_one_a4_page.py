"""The Chief Executive's 10-report digest of the first demo scan, printed to PDF by
Chromium (Debian's /usr/bin/chromium), is one A4 page."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")


def test_chief_executive_digest_prints_on_one_a4_page(tmp_path: Path) -> None:
    pdfinfo = shutil.which("pdfinfo")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium to print with")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYCLES_")}
    run = subprocess.run([sys.executable, "-m", "cycles.cli", "run", "--demo", "--as-of",
                          "2026-12-04T07:00"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    digests = []
    for path in sorted((tmp_path / "outbox").glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if msg["X-Envelope-To"] == "chief-executive@medway.example.org":
            digests.append(msg)
    [digest] = digests
    counted = re.match(r"\[Reporting cycles\] (\d+) Medway reports", str(digest["Subject"]))
    assert counted is not None and int(counted.group(1)) >= 10  # the CE's digest is a big one
    html_part = digest.get_body(preferencelist=("html",))
    assert html_part is not None
    page = tmp_path / "ce.html"
    page.write_text(html_part.get_content(), encoding="utf-8")
    pdf = tmp_path / "ce.pdf"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True,
                   timeout=120, check=True)
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=30,
                          check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None and (round(float(size.group(1))), round(float(size.group(2)))) \
        == (595, 842)  # A4
    assert pages is not None and int(pages.group(1)) == 1
