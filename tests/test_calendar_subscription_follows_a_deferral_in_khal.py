"""A subscribed calendar follows a deferral: the feed the web app serves is imported into a
khal (vdir) calendar; ``cycles defer`` moves the due date; the refetched feed carries a higher
SEQUENCE and a later LAST-MODIFIED for the same UID, and once re-imported khal shows the report
on its new date only (one event, not two). ``cycles calendar`` gives the same event, byte for
byte (one module builds the feed). Skipped, with the reason, where khal is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import icalendar
import pytest
from web_support import london, make_site, serving

from cycles.calendar_feed import uid_for
from cycles.links.board import board_links

KHAL = shutil.which("khal") or str(Path(sys.executable).with_name("khal"))
pytestmark = pytest.mark.skipif(not Path(KHAL).exists(),
                                reason="needs khal (pip install khal, or apt-get install khal)")
UID = uid_for("web.quarterly-return", "2026-27 Q1")


def khal(config: Path, *args: str) -> str:
    done = subprocess.run([KHAL, "-c", str(config), *args], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "TZ": "Europe/London"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def khal_config(tmp_path: Path) -> Path:
    vdir = tmp_path / "vdir" / "board"
    vdir.mkdir(parents=True)
    config = tmp_path / "khal.conf"
    config.write_text(f"""[calendars]
[[board]]
path = {vdir}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/London
default_timezone = Europe/London
[default]
default_calendar = board
""", encoding="utf-8")
    return config


def event_of(feed: bytes) -> icalendar.Event:
    found = [e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")
             if str(e["uid"]) == UID]
    assert len(found) == 1
    return found[0]


def test_a_deferral_moves_the_subscribed_event(tmp_path: Path) -> None:
    site = make_site(tmp_path, f"sqlite:///{tmp_path / 'cycles.sqlite'}",
                     now=london(2026, 7, 10))
    config = khal_config(tmp_path)
    with serving(site) as base:
        feed_url = board_links(base, site.key, "web", site.clock()).calendar()

        def fetch_and_import(name: str) -> bytes:
            got = httpx.get(feed_url, timeout=30)
            assert got.status_code == 200
            assert got.headers["content-type"] == "text/calendar; charset=utf-8"
            path = tmp_path / name
            path.write_bytes(got.content)
            khal(config, "import", "--batch", "-a", "board", str(path))
            return got.content

        before = fetch_and_import("before.ics")
        listed = khal(config, "search", "--format", "{start-date} {title}", "Quarterly")
        assert "2026-07-21" in listed
        env = {**os.environ, "CYCLES_SECRET_KEY": site.key.decode()}
        subprocess.run([sys.executable, "-m", "cycles.cli", "defer", "web.quarterly-return",
                        "--period", "2026-27 Q1", "--to", "2026-08-28", "--reason",
                        "Data late from the police", "--approver", "Board chair", "--db",
                        site.url, "--catalogue", str(site.folder)],
                       check=True, env=env, capture_output=True, timeout=120)
        after = fetch_and_import("after.ics")

    old, new = event_of(before), event_of(after)
    assert int(new["sequence"]) > int(old["sequence"])
    assert new["last-modified"].dt > old["last-modified"].dt
    assert new["dtstart"].dt.isoformat() == "2026-08-28"
    assert "originally due Tue 21 Jul 2026" in str(new["description"])
    alarms = [str(a["description"]) for a in new.walk("VALARM")]
    assert alarms and alarms[0].startswith("Reminder: Quarterly performance return is due in 14"
                                           " working days (Fri 28 Aug)")
    found = khal(config, "search", "--format", "{start-date} {title}", "Quarterly")
    lines = [line for line in found.splitlines() if "2026-27 Q1" in line]
    assert len(lines) == 1 and "2026-08-28" in lines[0], found
    assert "2026-07-21" not in found
    # cycles calendar builds the same event
    cli = subprocess.run([sys.executable, "-m", "cycles.cli", "calendar", "--area", "web",
                          "--from", "2026-04-01", "--to", "2027-03-31", "--db", site.url,
                          "--catalogue", str(site.folder)], check=True, capture_output=True,
                         timeout=120).stdout
    assert event_of(cli).to_ical() == new.to_ical()
