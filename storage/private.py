"""Files and folders only their owner can read, whatever the umask: the database and its
``-wal``/``-shm``, saved messages, reports and caches hold safeguarding data.

A folder this module creates is 0700 (folders that already exist are left as they are); a
file it creates is 0600 from the start (never briefly world-readable).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path | str) -> Path:
    """``path`` and any missing parents, each created 0700. Raises OSError (e.g. a parent
    is a file: NotADirectoryError / FileExistsError)."""
    folder = Path(path)
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):
            part.mkdir(mode=DIR_MODE)
            os.chmod(part, DIR_MODE)  # mkdir's mode is filtered by the umask
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    return folder


def private_file(path: Path | str) -> Path:
    """Create ``path`` empty and 0600 if it does not exist (an existing file is kept)."""
    p = Path(path)
    with contextlib.suppress(FileExistsError):
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
    return p


def write_private(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` whole (a temporary file renamed over it), 0600."""
    p = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(raw)
        tmp.replace(p)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return p
