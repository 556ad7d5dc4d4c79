"""Shared fixtures for the CLI tests.

Catalogues are written into ``tmp_path`` so the tests do not depend on the shipped catalogue
(which is edited as more areas are added).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

# config/catalogue/medway.yaml as first committed (2 obligations). The shipped file grows as
# the catalogue is expanded; the bad-input tests break one thing in this fixed copy.
MEDWAY_YAML = """\
# Medway: Children's Trust Board and Medway Safeguarding Children Board (MSCB) arrangements,
# 20 July 2009. Source: shared/seeds/004_f958580faba94197.txt
#
# Edit this file to change what is owed, by whom and when; run `cycles validate` after.
# Dates are YYYY-MM-DD. Lead times and escalation steps count working days (weekends,
# England's bank holidays and the closures below are skipped).
area: medway
name: Medway
board: Medway Safeguarding Children Board (MSCB)
partnership: Medway Children's Trust Board
source_file: 004_f958580faba94197.txt
tracking_from: 2026-04-01

roles:
  mscb_chair: {title: Independent Chair of the MSCB}
  business_manager: {title: MSCB Business Manager}
  dcs: {title: Director of Children's Services}
  lead_member: {title: Lead Member for Children's Services (chair of the Children's Trust)}
  chief_executive: {title: "Chief Executive, Medway Council"}
  leader: {title: Leader of Medway Council}
  portfolio_holders: {title: Portfolio Holders in Medway}
  mscb: {title: Medway Safeguarding Children Board}
  ctb: {title: Medway Children's Trust Board}
  lsp_board: {title: Local Strategic Partnership Board}
  nhs_medway_board: {title: Board of NHS Medway}
  kent_police_board: {title: Board of Kent Police}

meetings:
  ctb:
    title: Children's Trust Board
    dates: [2026-06-18, 2026-09-17, 2026-12-10, 2027-03-18, 2027-06-17, 2027-09-16,
            2027-12-09, 2028-03-16]

events: {}

closures: {}

# Defaults for every obligation below unless it sets its own.
reminders:
  before_working_days: [14, 3]
  on_due: true
  overdue_every_days: 7
escalation:
  - {after_working_days: 5, to: [mscb_chair]}
  - {after_working_days: 10, to: [dcs]}
  - {after_working_days: 20, to: [chief_executive, leader]}

obligations:
  - id: annual-report
    title: MSCB annual report on the effectiveness of safeguarding arrangements
    owner: [mscb_chair, business_manager]
    recipients: [lsp_board, nhs_medway_board, kent_police_board, ctb]
    cadence: annual
    due: {last_working_day: true, month: July}
    local_default: >-
      The protocol gives no date: the annual report for the financial year is due by the
      last working day of July that follows it.
    source:
      file: 004_f958580faba94197.txt
      quote: >-
        The MSCB publishes an annual report on the effectiveness of safeguarding arrangements
        including all statutory responsibilities. The report is provided to the Local Strategic
        Partnership Board, and Boards of the NHS Medway and Kent Police.

  - id: chair-dcs-six-monthly-report
    title: MSCB chair and DCS six-monthly report to the CE and Leader
    owner: [mscb_chair, dcs]
    recipients: [chief_executive, leader, portfolio_holders]
    cadence: six-monthly
    due: {last_working_day: true, months_after: 1}
    local_default: >-
      The protocol says six monthly and gives no date: due by the last working day of the
      month after each half-year ends.
    escalation:
      - {after_working_days: 10, to: [lead_member]}
      - {after_working_days: 20, to: [chief_executive, leader]}
    source:
      file: 004_f958580faba94197.txt
      quote: >-
        The MSCB chair and the DCS report six monthly to the CE and the Leader and to the
        respective portfolio Holders in Medway
"""

# Two small areas with hand-checked due dates (England bank holidays: Good Friday 3 Apr 2026,
# Easter Monday 6 Apr 2026, 1 Jan 2027, Easter 26-29 Mar 2027).
#
# alpha.quarterly-return (financial quarters, 15 working days after the quarter ends):
#   2025-26 Q4 -> Thu 23 Apr 2026, 2026-27 Q1 -> Tue 21 Jul 2026,
#   2026-27 Q2 -> Wed 21 Oct 2026, 2026-27 Q3 -> Fri 22 Jan 2027, 2026-27 Q4 -> Wed 21 Apr 2027
# alpha.annual-report (31 July after the financial year): 2025-26 -> Fri 31 Jul 2026
# beta.half-year-return (six-monthly, last working day of the month after):
#   2025-26 H2 -> Thu 30 Apr 2026, 2026-27 H1 -> Fri 30 Oct 2026, 2026-27 H2 -> Fri 30 Apr 2027
ALPHA_YAML = """\
area: alpha
name: Alphaton
board: Alphaton Safeguarding Children Board
partnership: Alphaton Children's Trust Board
source_file: alpha-protocol.txt
tracking_from: 2026-04-01

roles:
  chair: {title: Independent Chair of the Board}
  manager: {title: Board Business Manager}
  dcs: {title: Director of Children's Services}
  trust: {title: Alphaton Children's Trust Board}

reminders:
  before_working_days: [14, 3]
  on_due: true
  overdue_every_days: 7
escalation:
  - {after_working_days: 5, to: [chair]}

obligations:
  - id: quarterly-return
    title: Quarterly performance return
    owner: [manager]
    recipients: [trust]
    cadence: quarterly
    due: {working_days_after: 15}
    source:
      file: alpha-protocol.txt
      quote: >-
        The Business Manager sends the quarterly performance return to the Trust Board.

  - id: annual-report
    title: Annual report on safeguarding
    owner: [chair]
    recipients: [trust, dcs]
    cadence: annual
    due: {day_of_month: 31, month: July}
    local_default: The protocol gives no date; 31 July after the financial year.
    source:
      file: alpha-protocol.txt
      quote: >-
        The Chair publishes an annual report on the effectiveness of safeguarding.
"""

BETA_YAML = """\
area: beta
name: Betaford
board: Betaford Safeguarding Children Board
partnership: Betaford Children's Trust Board
source_file: beta-protocol.txt
tracking_from: 2026-04-01

roles:
  lead: {title: Lead Member for Children}
  council: {title: Betaford Council}

obligations:
  - id: half-year-return
    title: Half-year return to the council
    owner: lead
    recipients: council
    cadence: six-monthly
    reminders: {before_working_days: [10, 5, 1]}
    due: {last_working_day: true, months_after: 1}
    source:
      file: beta-protocol.txt
      quote: >-
        The Lead Member reports to the Council every six months on progress.
"""


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke ``cycles`` in-process; stdout and stderr are separate (click >= 8.2)."""
    from cycles.cli import main

    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), env={"CYCLES_CATALOGUE": None})

    return invoke


@pytest.fixture
def medway_text() -> str:
    """The Medway catalogue (a fixed copy), to write into tmp_path and break one thing."""
    return MEDWAY_YAML


@pytest.fixture
def small_catalogue(tmp_path: Path) -> Path:
    """A folder with two small areas (alpha, beta) whose due dates are known by hand."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(ALPHA_YAML, encoding="utf-8")
    (folder / "beta.yaml").write_text(BETA_YAML, encoding="utf-8")
    return folder
