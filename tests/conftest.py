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
    escalation: [{after_working_days: 10, to: [dcs, chief_executive]}]
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
    escalation:
      - {after_working_days: 5, to: [dcs]}
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


# -- notifications (tests/test_notify_*.py) ---------------------------------------------------
# Real parts on loopback: an SMTP sink (cycles.notify.mailsink) and an HTTPS server with a
# self-signed certificate made at test time, standing in for a Teams workflow.

from collections.abc import Iterator  # noqa: E402 (appended section)
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402


@pytest.fixture
def make_item() -> Callable[..., Any]:
    """An owed Item (Medway's six-monthly report, due in 3 days); override any field."""
    import datetime as dt

    from cycles.notify.message import Item

    def make(**overrides: Any) -> Item:
        fields: dict[str, Any] = dict(
            area="medway", area_name="Medway",
            obligation="medway.chair-dcs-six-monthly-report",
            title="MSCB chair and DCS six-monthly report to the CE and Leader",
            period="2026-27 H1", due=dt.date(2026, 10, 30), original_due=None,
            stage="before-3wd", kind="reminder", days_to_due=3, working_days_late=0,
            owners=("Independent Chair of the MSCB", "Director of Children's Services"),
            recipients=("Chief Executive, Medway Council", "Leader of Medway Council",
                        "Portfolio Holders in Medway"),
            quote="The MSCB chair and the DCS report six monthly to the CE and the Leader and "
                  "to the respective portfolio Holders in Medway",
            source_file="004_f958580faba94197.txt",
            local_default="The protocol says six monthly and gives no date.",
        )
        fields.update(overrides)
        return Item(**fields)

    return make


@pytest.fixture
def mail_sink(tmp_path: Path) -> Iterator[Any]:
    """A running MailSink saving into tmp_path/mail."""
    from cycles.notify.mailsink import MailSink

    with MailSink(tmp_path / "mail") as sink:
        yield sink


@pytest.fixture(scope="session")
def self_signed_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(cert.pem, key.pem) for 127.0.0.1, made with `cryptography` once per session."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_pem, key_pem = folder / "cert.pem", folder / "key.pem"
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert_pem, key_pem


@dataclass
class HttpsRequest:
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        import json

        return json.loads(self.body)


@dataclass
class HttpsSink:
    port: int
    requests: list[HttpsRequest] = field(default_factory=list)
    status: int = 202  # what every POST is answered with

    def workflows_url(self, workflow: str = "wf0001", signature: str = "sig0001") -> str:
        return f"workflows://127.0.0.1:{self.port}/{workflow}/{signature}/?verify=no"


@pytest.fixture
def https_sink(self_signed_cert: tuple[Path, Path]) -> Iterator[HttpsSink]:
    """An HTTPS server on 127.0.0.1 (self-signed) that records every POST."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    sink = HttpsSink(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            sink.requests.append(HttpsRequest(self.path, dict(self.headers), body))
            self.send_response(sink.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed_cert)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    sink.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused at once)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- runner, storage, scan and records (tests/test_runner_*, test_storage_*, test_scan_*,
#    test_cli_records_*, test_cli_run_*) ---------------------------------------------------
# Real parts: SQLite files in tmp_path, a fresh PostgreSQL database per test (tests/pg.py),
# the MailSink on loopback. Time travels by the scan's ``as_of``, never by sleeping.

KT_AREA = """\
area: kt
name: Killtown
board: Killtown Safeguarding Children Board
partnership: Killtown Children's Trust Board
source_file: kt-protocol.txt
tracking_from: 2026-04-01
roles:
  owner: {title: Report Owner}
  board: {title: Killtown Children's Trust Board}
reminders: {before_working_days: [14, 3], on_due: true, overdue_every_days: 7}
obligations:
"""
KT_OBLIGATION = """\
  - id: report-{i}
    title: Killtown report number {i}
    owner: [owner]
    recipients: [board]
    cadence: annual
    due: {{day_of_month: {day}, month: June}}
    source: {{file: kt-protocol.txt, quote: "The owner sends report {i} to the board."}}
"""


@pytest.fixture
def at() -> Callable[..., Any]:
    """``at(2026, 7, 1)``: 07:00 London on that day, as an aware UTC instant."""
    import pendulum

    def make(year: int, month: int, day: int, hour: int = 7, minute: int = 0) -> Any:
        return pendulum.datetime(year, month, day, hour, minute,
                                 tz="Europe/London").in_timezone("UTC")

    return make


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cycles.sqlite'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped after the test (skip rule: tests/pg.py)."""
    import pg

    with pg.fresh_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cycles.sqlite'}"
        return
    import pg

    with pg.fresh_database() as url:
        yield url


@pytest.fixture
def dump_db() -> Callable[[Any], dict[str, list[dict[str, Any]]]]:
    """Every row of every table (by URL or engine), for before/after comparisons."""

    def dump(target: Any) -> dict[str, list[dict[str, Any]]]:
        from sqlalchemy import MetaData, create_engine, select

        engine = create_engine(target) if isinstance(target, str) else target
        try:
            meta = MetaData()
            meta.reflect(engine)
            out: dict[str, list[dict[str, Any]]] = {}
            with engine.connect() as conn:
                for name, table in sorted(meta.tables.items()):
                    order = list(table.primary_key.columns) or list(table.columns)
                    out[name] = [dict(r) for r in
                                 conn.execute(select(table).order_by(*order)).mappings()]
            return out
        finally:
            if isinstance(target, str):
                engine.dispose()

    return dump


@dataclass
class RouteScenario:
    """One tag (``kt.owner``) with many mailto routes, and obligations all overdue at as_of."""

    catalogue: Path
    notify: Path
    as_of: Any
    addresses: list[str]
    obligations: list[str]

    @property
    def owed(self) -> int:
        return len(self.addresses) * len(self.obligations)


@pytest.fixture
def many_routes(tmp_path: Path) -> Callable[..., RouteScenario]:
    """``many_routes(port, routes=100, obligations=5)``: routes x obligations notifications
    owed at 07:00 on 1 Jul 2026 (each obligation overdue once), one digest per route.

    ``userinfo`` (e.g. ``"cycles:${SMTP_PASSWORD}@"``) goes before the host of every URL.
    """
    import pendulum
    import yaml

    def make(port: int, routes: int = 100, obligations: int = 5,
             userinfo: str = "") -> RouteScenario:
        folder = tmp_path / "kt-catalogue"
        folder.mkdir(exist_ok=True)
        days = [8 + i % 20 for i in range(obligations)]  # 8..27 June 2026
        text = KT_AREA + "".join(KT_OBLIGATION.format(i=i, day=d) for i, d in enumerate(days))
        (folder / "kt.yaml").write_text(text, encoding="utf-8")
        addresses = [f"owner{i:03d}@kt.example.org" for i in range(routes)]
        urls = [{f"mailto://{userinfo}127.0.0.1:{port}?from=cycles@kt.example.org&to={a}":
                 [{"tag": "kt.owner"}]} for a in addresses]
        notify = tmp_path / "kt-apprise.yml"
        notify.write_text(yaml.safe_dump({"version": 1, "urls": urls}, sort_keys=False),
                          encoding="utf-8")
        as_of = pendulum.datetime(2026, 7, 1, 7, tz="Europe/London").in_timezone("UTC")
        return RouteScenario(folder, notify, as_of, addresses,
                             [f"kt.report-{i}" for i in range(obligations)])

    return make


SCAN_SCRIPT = '''\
"""One scan in its own process: DB_URL CATALOGUE NOTIFY AS_OF [GO_FILE].

With GO_FILE, once imported it writes GO_FILE.<pid>.ready and waits for GO_FILE to exist,
so that several processes start scanning together.
"""
import json, os, sys, time
from pathlib import Path

import pendulum

from config.loader import load_catalogue
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.runner import Runner
from storage.db import open_database

db, catalogue, notify, as_of = sys.argv[1:5]
go = Path(sys.argv[5]) if len(sys.argv) > 5 else None
cat = load_catalogue([Path(catalogue)])
notifier = AppriseNotifier(notify)
instant = pendulum.parse(as_of).in_timezone("UTC")
if go is not None:  # start together with the other processes
    Path(f"{go}.{os.getpid()}.ready").touch()
    while not go.exists():
        time.sleep(0.001)
engine = open_database(db)
runner = Runner(engine, cat, notifier, clock=lambda: instant, sleep=lambda s: None,
                retry_delays=())
report = runner.scan(instant)
print(json.dumps({"queued": report.queued, "sent": report.sent, "failed": report.failed,
                  "skipped": report.skipped, "messages_sent": report.messages_sent,
                  "ok": report.ok}))
'''


@pytest.fixture
def scan_script(tmp_path: Path) -> Path:
    """A script running one real scan (AppriseNotifier, fixed clock) in a new process."""
    path = tmp_path / "one_scan.py"
    path.write_text(SCAN_SCRIPT, encoding="utf-8")
    return path
