"""The signing key for action links.

``CYCLES_SECRET_KEY`` (at least 32 characters) when set; otherwise ``secret.key`` in the data
folder (``$CYCLES_DATA_DIR`` or ``./data``), generated once with 32 random bytes. The file is
owner-only (0600) in an owner-only folder (0700) whatever the umask, and is created
atomically: two processes starting together end up with the same key.

Rotating the key (:func:`rotate_key`, ``cycles web --rotate-key``) revokes every link issued
so far: they then show "this link has been withdrawn".
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

KEY_FILE = "secret.key"
MIN_ENV_KEY = 32


class SecretKeyError(Exception):
    """The key cannot be used: one line for a person, never the key."""


def data_dir() -> Path:
    return Path(os.environ.get("CYCLES_DATA_DIR") or "data")


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def _write_new(path: Path, key: bytes) -> None:
    """Write ``key`` to a private temporary file, then link it into place (fails if the
    file exists: the caller then reads the winner's key)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, key.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _read(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise SecretKeyError(f"{path}: not a key written by reporting-cycles "
                             "(delete it to generate a new one; old links stop working)") from None
    if len(key) < 16:
        raise SecretKeyError(f"{path}: key too short (delete it to generate a new one)")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise SecretKeyError(f"{path}: readable by others (mode {mode:o}): "
                             f"run `chmod 600 {path}`")
    return key


def load_key(folder: Path | None = None) -> bytes:
    """The signing key: from the environment, or the data folder (created once)."""
    env = os.environ.get("CYCLES_SECRET_KEY")
    if env is not None:
        if len(env.strip()) < MIN_ENV_KEY:
            raise SecretKeyError(f"CYCLES_SECRET_KEY: too short ({len(env.strip())} characters; "
                                 f"use at least {MIN_ENV_KEY}, e.g. `openssl rand -hex 32`)")
        return env.strip().encode("utf-8")
    folder = folder or data_dir()
    path = folder / KEY_FILE
    try:
        if not path.exists():
            _private_folder(folder)
            with contextlib.suppress(FileExistsError):
                _write_new(path, secrets.token_bytes(32))
        return _read(path)
    except OSError as exc:
        raise SecretKeyError(f"{path}: cannot read or create the link key "
                             f"({exc.strerror or exc})") from None


def rotate_key(folder: Path | None = None) -> Path:
    """Replace the key file with a new key: every link issued before stops working."""
    if os.environ.get("CYCLES_SECRET_KEY") is not None:
        raise SecretKeyError("CYCLES_SECRET_KEY is set: rotate it where it is set "
                             "(the key file is not used)")
    folder = folder or data_dir()
    path = folder / KEY_FILE
    _private_folder(folder)
    fresh = folder / f".{KEY_FILE}.new"
    fresh.unlink(missing_ok=True)
    _write_new(fresh, secrets.token_bytes(32))
    os.replace(fresh, path)
    return path
