"""Apprise builds an SSL context for every email; the notifier has those contexts verify
from the hashed CA directory when it holds every certificate of the bundle in force, so a
context loads no bundle, and TLS is verified exactly as before: a server whose certificate
is in the store is reached over implicit TLS, one whose certificate is not is refused. A
bundle holding a certificate the directory lacks is left in force. The process environment
and the ``ssl`` module are left as they were (httpx and Prefect's client read them).

Each case runs in its own Python process, with its own ``SSL_CERT_FILE`` and ``SSL_CERT_DIR``
(what OpenSSL reads): the choice is made once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.https_server import make_self_signed

pytestmark = pytest.mark.slow

SCRIPT = r'''
import json, os, ssl, sys
from pathlib import Path
from aiosmtpd.controller import Controller
from cycles.notify.apprise_notifier import AppriseNotifier
from cycles.notify.seam import Message
from cycles.notify.tls_trust import bundle_loaded_per_context

cert, key, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
received = []

class Handler:
    async def handle_DATA(self, server, session, envelope):
        received.append(envelope.rcpt_tos)
        return "250 OK"

server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
server_tls.load_cert_chain(cert, key)
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
sink = Controller(Handler(), hostname="127.0.0.1", port=port, ssl_context=server_tls)
sink.start()
config = work / "apprise.yml"
config.write_text(
    "urls:\n"
    f"  - mailtos://127.0.0.1:{port}/?mode=ssl&from=cycles@example.org&to=dcs@example.org:\n"
    "      tag: medway.dcs\n", encoding="utf-8")
notifier = AppriseNotifier(config)
[route] = notifier.routes("medway.dcs")
result = notifier.send(Message(subject="Due soon", text="A report is due.",
                               html="<p>A report is due.</p>"), route)
sink.stop()
from apprise.plugins.email import base as email_plugin
print(json.dumps({"ok": result.ok, "error": result.error, "received": len(received),
                  "cert_file": os.environ.get("SSL_CERT_FILE"),
                  "ssl_module_untouched":
                      ssl.create_default_context().cert_store_stats()["x509_ca"] > 0,
                  "directory": getattr(email_plugin.ssl, "folder", None),
                  "loaded_per_context": bundle_loaded_per_context()}))
'''


def rehashed(folder: Path, *certs: Path) -> Path:
    """``folder`` holding ``certs`` under OpenSSL's ``<subject-hash>.0`` names."""
    folder.mkdir(parents=True)
    for cert in certs:
        (folder / cert.name).write_bytes(cert.read_bytes())
    subprocess.run(["openssl", "rehash", str(folder)], check=True, capture_output=True)
    assert any(p.name.endswith(".0") for p in folder.iterdir())
    return folder


def bundle(path: Path, *certs: Path) -> Path:
    path.write_bytes(b"".join(c.read_bytes() for c in certs))
    return path


def send_over_tls(tmp_path: Path, server: tuple[Path, Path], cert_file: Path,
                  cert_dir: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSL_", "CYCLES_"))}
    env.update(SSL_CERT_FILE=str(cert_file), SSL_CERT_DIR=str(cert_dir))
    repo = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] = os.pathsep.join([str(repo), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(server[0]), str(server[1]),
                           str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture
def server(tmp_path: Path) -> tuple[Path, Path]:
    return make_self_signed(tmp_path / "server", "server", ca=True)


@pytest.fixture
def other(tmp_path: Path) -> Path:
    return make_self_signed(tmp_path / "other", "other", ca=True)[0]


def test_the_same_store_as_a_directory_is_used_and_tls_still_verifies(
        tmp_path: Path, server: tuple[Path, Path], other: Path) -> None:
    store = rehashed(tmp_path / "certs", server[0], other)
    seen = send_over_tls(tmp_path, server, bundle(tmp_path / "bundle.pem", server[0], other),
                         store)
    assert seen["ok"] is True, seen["error"]
    assert seen["received"] == 1
    assert seen["directory"] == str(store)
    assert seen["loaded_per_context"] == 0  # looked up when needed, not loaded per email
    assert seen["cert_file"] == str(tmp_path / "bundle.pem")  # the environment is untouched
    assert seen["ssl_module_untouched"] is True  # other users still load the bundle


def test_a_server_outside_the_store_is_refused(
        tmp_path: Path, server: tuple[Path, Path], other: Path) -> None:
    store = rehashed(tmp_path / "certs", other)
    seen = send_over_tls(tmp_path, server, bundle(tmp_path / "bundle.pem", other), store)
    assert seen["directory"] == str(store)  # the directory was chosen...
    assert seen["ok"] is False  # ...and it does not trust the server
    assert seen["received"] == 0
    assert "certificate" in str(seen["error"]).lower() or "ssl" in str(seen["error"]).lower()


def test_a_bundle_with_a_certificate_the_directory_lacks_stays_in_force(
        tmp_path: Path, server: tuple[Path, Path], other: Path) -> None:
    store = rehashed(tmp_path / "certs", other)
    own_ca = bundle(tmp_path / "council-bundle.pem", other, server[0])
    seen = send_over_tls(tmp_path, server, own_ca, store)
    assert seen["directory"] is None  # Apprise left as it is
    assert seen["loaded_per_context"] == 2  # the operator's bundle, loaded per email
    assert seen["ok"] is True, seen["error"]
    assert seen["received"] == 1
