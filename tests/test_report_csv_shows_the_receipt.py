"""The compliance register is two-sided: submitted by the owner, received by the board."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from web_support import OWNER, SECRETARY, make_site

from cycles.app.compliance import build_report
from cycles.compliance.csv_export import to_csv
from cycles.web import actions as act


def test_the_register_shows_submission_and_receipt(tmp_path: Path, sqlite_url: str) -> None:
    site = make_site(tmp_path, sqlite_url)
    entry = site.catalogue.entry("web.quarterly-return")
    q1 = site.occurrence_id("2026-27 Q1")
    act.submit(site.engine, entry, q1, "Report Owner", dt.date(2026, 7, 21), "", "", OWNER,
               site.clock())
    act.receive(site.engine, q1, dt.date(2026, 7, 22), "TB 2026/07 item 4",
                "Secretary to the Trust Board", SECRETARY, site.clock())
    c = build_report(site.engine, site.catalogue, year="2026-27", area="web",
                     as_of_date=dt.date(2026, 7, 22))
    rows = {r["period"]: r for r in csv.DictReader(io.StringIO(to_csv(c)))}
    assert rows["2026-27 Q1"]["outcome"] == "on time"
    assert rows["2026-27 Q1"]["submitted_by"] == "Report Owner"
    assert rows["2026-27 Q1"]["received"] == "2026-07-22, minute TB 2026/07 item 4"
    assert rows["2026-27 Q2"]["received"] == ""
