"""A local SMTP mail sink for the demo and the tests: every message lands as a ``.eml`` file.

    with MailSink(Path("demo/mail")) as sink:
        url = sink.apprise_url("dcs@medway.example")   # put it in the Apprise config
        ...                                            # send
        print(sink.count, "messages in", sink.folder)

Files are named ``0001-<subject>.eml`` and start with ``X-Envelope-From`` and
``X-Envelope-To`` headers (the SMTP envelope, which a message's own headers may not show).
Plain SMTP on loopback, no TLS; with ``credentials=(user, password)`` it also offers AUTH
(PLAIN, LOGIN) without TLS, to exercise a URL with ``user:password@``.
"""

from __future__ import annotations

import email.policy
import re
import socket
import threading
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from storage.private import private_dir, write_private


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:limit].strip("-") or "no-subject"


class _Handler:
    def __init__(self, sink: MailSink):
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8")
        self.sink._save(envelope.mail_from or "", list(envelope.rcpt_tos), content)
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(
        self,
        folder: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        credentials: tuple[str, str] | None = None,
    ):
        self.folder = Path(folder)
        self.host = host
        self.port = port or free_port(host)
        self.credentials = credentials
        self._lock = threading.Lock()
        self._count = 0
        self._first = 0  # the highest number already in the folder, read at start()
        self._controller: Controller | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> MailSink:
        private_dir(self.folder)  # owner-only: the messages hold safeguarding data
        numbers = [int(p.name[:4]) for p in self.folder.glob("*.eml") if p.name[:4].isdigit()]
        self._first = max(numbers, default=0)
        kwargs: dict[str, Any] = {}
        if self.credentials:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=False)
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port,
                                      **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- what the demo and the tests read ------------------------------------------------------
    @property
    def count(self) -> int:
        with self._lock:
            return self._count

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.eml"))

    def messages(self) -> list[EmailMessage]:
        """Every saved message, parsed (``email.policy.default``), in arrival order."""
        out = []
        for path in self.files():
            with path.open("rb") as fh:
                msg = BytesParser(policy=email.policy.default).parse(fh)
            assert isinstance(msg, EmailMessage)
            out.append(msg)
        return out

    def apprise_url(self, to_addr: str, from_addr: str = "cycles@localhost") -> str:
        """A plain ``mailto://`` URL for this sink: no TLS (Apprise only uses STARTTLS or
        SSL for ``mailtos://`` or an explicit ``mode=``) and no AUTH (no ``user:pass@``)."""
        return (f"mailto://{self.host}:{self.port}"
                f"?from={quote(from_addr, safe='@')}&to={quote(to_addr, safe='@,')}")

    # -- internals ------------------------------------------------------------------------------
    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        ok = (self.credentials is not None and isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == self.credentials[0]
              and auth_data.password.decode() == self.credentials[1])
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 235 / 535

    def _save(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> Path:
        headers = BytesHeaderParser(policy=email.policy.default).parsebytes(content)
        subject = str(headers.get("subject", "") or "")
        eol = b"\r\n" if b"\r\n" in content else b"\n"
        envelope = (b"X-Envelope-From: " + mail_from.encode("utf-8") + eol
                    + b"X-Envelope-To: " + ", ".join(rcpt_tos).encode("utf-8") + eol)
        with self._lock:
            self._count += 1
            # number after what the folder already holds: a second run never overwrites
            number = self._first + self._count
            path = self.folder / f"{number:04d}-{_slug(subject)}.eml"
            write_private(path, envelope + content)  # 0600 whatever the umask
        return path
