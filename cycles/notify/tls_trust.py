"""Where OpenSSL finds the trusted certificate authorities when Apprise sends email.

Apprise 1.13's email plugin calls ``ssl.create_default_context()`` for every message, TLS or
not (``apprise/plugins/email/base.py``, ``NotifyEmail.send``). With the system's default
paths that reads and parses the whole CA bundle file (``/etc/ssl/certs/ca-certificates.crt``,
~140 certificates) each time: ~23 ms of CPU a message here, half of what delivering one
email costs, and under a pool of delivery threads the threads queue on it.

The same authorities are also in OpenSSL's hashed certificate directory (``/etc/ssl/certs``,
one ``<subject-hash>.0`` link per certificate, kept by ``update-ca-certificates`` from the
same sources as the bundle). Pointed at the directory only, OpenSSL looks an issuer up when a
certificate chain needs it, so a new context costs almost nothing and verification is the
same: the same trust store, consulted lazily.

:func:`prefer_ca_directory` makes that choice for Apprise's email plugin only, when it is
safe to: every certificate of the bundle in force is in the directory. It replaces the name
``ssl`` in the plugin's module by :class:`DirectoryTrust`, which is the real module except
that a default context is built from the directory (``ssl.create_default_context(capath=
...)``). The process environment and every other user of ``ssl`` (httpx, Prefect's client,
urllib) are untouched. Otherwise (a bundle with a council's own CA, no hashed directory,
an Apprise that no longer calls ``ssl`` through its module) it changes nothing.
``CYCLES_TLS_CA_BUNDLE=1`` keeps Apprise's own behaviour.
"""

from __future__ import annotations

import os
import re
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Any

OPT_OUT = "CYCLES_TLS_CA_BUNDLE"
_HASHED = re.compile(r"^[0-9a-f]{8}\.\d+$")
_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)
MIN_HASHED = 1  # a directory with at least one hashed certificate link


def hashed_certificates(folder: str | os.PathLike[str]) -> int:
    """How many ``<subject-hash>.N`` entries ``folder`` holds (0 when it is not a folder)."""
    try:
        return sum(1 for name in os.listdir(folder) if _HASHED.match(name))
    except OSError:
        return 0


def ca_directory(environ: Mapping[str, str]) -> str | None:
    """The hashed CA directory OpenSSL uses in this process (``$SSL_CERT_DIR`` or its
    compiled-in default), when it holds hashed certificates; else None."""
    paths = ssl.get_default_verify_paths()
    chosen = environ.get(paths.openssl_capath_env) or paths.openssl_capath
    if not chosen:
        return None
    # $SSL_CERT_DIR may list several folders (':'-separated), as OpenSSL reads it
    folders = [f for f in chosen.split(os.pathsep) if f]
    return chosen if any(hashed_certificates(f) >= MIN_HASHED for f in folders) else None


def _pem_blocks(text: str) -> list[bytes]:
    return [ssl.PEM_cert_to_DER_cert(m.group(0)) for m in _PEM.finditer(text)]


def directory_certificates(folder: str) -> set[bytes]:
    """The certificates (DER) of the hashed entries of ``folder``."""
    found: set[bytes] = set()
    for name in os.listdir(folder):
        if _HASHED.match(name):
            try:
                found.update(_pem_blocks(Path(folder, name).read_text(encoding="ascii",
                                                                      errors="replace")))
            except (OSError, ValueError):
                continue
    return found


def bundle_certificates(bundle: str) -> set[bytes]:
    """The CA certificates (DER) OpenSSL loads from the bundle file ``bundle``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile=bundle)
    return {bytes(c) for c in context.get_ca_certs(binary_form=True)}


def covering_ca_directory(environ: Mapping[str, str] | None = None) -> str | None:
    """The hashed CA directory OpenSSL would use, when it holds every certificate of the
    bundle in force (``$SSL_CERT_FILE``, else OpenSSL's default file): the same trust store.
    None when there is no bundle, no hashed directory, or the bundle has certificates the
    directory lacks (a council's own CA added to a bundle of its choosing)."""
    env = os.environ if environ is None else environ
    paths = ssl.get_default_verify_paths()
    bundle = env.get(paths.openssl_cafile_env) or paths.openssl_cafile
    if not bundle or not os.path.isfile(bundle):
        return None  # no bundle is loaded: contexts are already cheap
    folder = ca_directory(env)
    if folder is None:
        return None
    try:
        wanted = bundle_certificates(bundle)
    except (OSError, ssl.SSLError):
        return None
    have: set[bytes] = set()
    for one in folder.split(os.pathsep):
        if one:
            have |= directory_certificates(one)
    return folder if wanted and wanted <= have else None


class DirectoryTrust:
    """The ``ssl`` module as Apprise's email plugin sees it once the directory is preferred:
    everything is the real module's, but a default context (no CA named) verifies from the
    hashed directory instead of loading the bundle. Each call returns a new context with
    ``ssl.create_default_context``'s own settings (client purpose, certificate and host
    name checked), which the plugin may then change for a ``verify=no`` route."""

    def __init__(self, folder: str):
        self.folder = folder

    def create_default_context(self, purpose: ssl.Purpose = ssl.Purpose.SERVER_AUTH, *,
                               cafile: str | None = None, capath: str | None = None,
                               cadata: str | bytes | None = None) -> ssl.SSLContext:
        if cafile is None and capath is None and cadata is None:
            capath = self.folder
        return ssl.create_default_context(purpose, cafile=cafile, capath=capath, cadata=cadata)

    def __getattr__(self, name: str) -> Any:
        return getattr(ssl, name)


def prefer_ca_directory(environ: Mapping[str, str] | None = None) -> str | None:
    """Give Apprise's email plugin contexts that verify from the hashed CA directory, when
    it holds the same trust store as the bundle (:func:`covering_ca_directory`). Nothing
    else in the process is touched: the environment, the ``ssl`` module and every other
    library keep their behaviour. Returns the directory, or None when nothing changed
    (opted out with ``CYCLES_TLS_CA_BUNDLE=1``, not the same store, or an Apprise whose
    email plugin no longer names ``ssl`` as a module global)."""
    env = os.environ if environ is None else environ
    if env.get(OPT_OUT, "").strip() not in ("", "0"):
        return None
    from apprise.plugins.email import base as email_plugin

    current = getattr(email_plugin, "ssl", None)
    if isinstance(current, DirectoryTrust):
        return current.folder
    if current is not ssl:
        return None
    folder = covering_ca_directory(env)
    if folder is None:
        return None
    email_plugin.ssl = DirectoryTrust(folder)  # type: ignore[assignment]
    return folder


def plugin_context() -> ssl.SSLContext:
    """A context as Apprise's email plugin makes one for each email."""
    from apprise.plugins.email import base as email_plugin

    return email_plugin.ssl.create_default_context()  # type: ignore[no-any-return]


def bundle_loaded_per_context() -> int:
    """How many CA certificates the email plugin's context for one email loads up front (0
    once the directory is preferred: they are looked up when needed)."""
    return int(plugin_context().cert_store_stats()["x509_ca"])


def describe(folder: str | None) -> str:
    """One line for a log: which trust store email verification uses."""
    if folder is None:
        return "TLS: the CA bundle file (OpenSSL's default paths)"
    return f"TLS: CA certificates looked up in {Path(folder)} as needed"
