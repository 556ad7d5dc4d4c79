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

:func:`prefer_ca_directory` makes that choice for this process when it is safe to: every
certificate of the bundle in force is in the directory OpenSSL would use. Otherwise (a
bundle with a council's own CA, no hashed directory) it changes nothing.
``CYCLES_TLS_CA_BUNDLE=1`` keeps the bundle file (the library's default behaviour).
"""

from __future__ import annotations

import os
import re
import ssl
from collections.abc import MutableMapping
from pathlib import Path

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


def ca_directory(environ: MutableMapping[str, str]) -> str | None:
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


def prefer_ca_directory(environ: MutableMapping[str, str] | None = None) -> str | None:
    """Have OpenSSL verify from the hashed CA directory instead of loading the bundle file
    into every new context (see the module docstring), when every certificate of the bundle
    in force (``$SSL_CERT_FILE``, else OpenSSL's default file) is in that directory: the
    trust store is then the same. Returns the directory now used, or None when nothing was
    changed (opted out, no hashed directory, no bundle, or a bundle with certificates the
    directory lacks, such as a council's own CA added to a bundle of its choosing)."""
    env = os.environ if environ is None else environ
    if env.get(OPT_OUT, "").strip() not in ("", "0"):
        return None
    paths = ssl.get_default_verify_paths()
    bundle = env.get(paths.openssl_cafile_env) or paths.openssl_cafile
    if not bundle or bundle == os.devnull or not os.path.isfile(bundle):
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
    if not wanted or not wanted <= have:
        return None
    # OpenSSL reads $SSL_CERT_FILE each time a context loads its default paths; an empty
    # file adds no certificate, so only the directory lookup is left.
    env[paths.openssl_cafile_env] = os.devnull
    return folder


def bundle_loaded_per_context() -> int:
    """How many CA certificates a new default context loads up front (0 once the directory
    is preferred: they are looked up when needed)."""
    return int(ssl.create_default_context().cert_store_stats()["x509_ca"])


def describe(folder: str | None) -> str:
    """One line for a log: which trust store email verification uses."""
    if folder is None:
        return "TLS: the CA bundle file (OpenSSL's default paths)"
    return f"TLS: CA certificates looked up in {Path(folder)} as needed"
