"""An occurrence the catalogue says was due but the database never stored is listed, not counted.

The database cannot say whether it was submitted; counting it either way would be wrong, and
leaving it out silently would let an unsynced database make the record look better.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from test_report_figures_match_hand_count import AP, AR, HY, QR, write_catalogue

from cycles.compliance import compliance, parse_year
from storage.db import open_database
from storage.reporting import year_rows


def test_occurrences_missing_from_the_database_are_listed_not_counted(
        tmp_path: Path) -> None:
    cat = write_catalogue(tmp_path / "catalogue")
    engine = open_database(f"sqlite:///{tmp_path}/empty.sqlite")
    start, end = parse_year("2026-27")
    c = compliance(cat, year_rows(engine, start, end, None), dt.date(2026, 8, 1),
                   year="2026-27")
    assert c.overall.total == 0 and c.overall.rate is None
    assert [(u.key, u.due) for u in c.unrecorded] == [
        (f"{QR}@2025-26 Q4", dt.date(2026, 4, 23)),
        (f"{HY}@2025-26 H2", dt.date(2026, 4, 30)),
        (f"{AP}@2025-26", dt.date(2026, 6, 30)),
        (f"{QR}@2026-27 Q1", dt.date(2026, 7, 21)),
        (f"{AR}@2025-26", dt.date(2026, 7, 31)),
    ]
