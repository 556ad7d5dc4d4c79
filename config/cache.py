"""Start-up caches of the catalogue, keyed by each file's exact content.

Two layers: the parsed YAML (PyYAML costs ~55 ms to import and parse the catalogue) and a
"this exact text passed every check with this code" snapshot of the checked
:class:`~config.model.Area` (pydantic costs ~150 ms). Both keys include a stamp of the
checking code, so an edit of the file or of the code is always parsed and checked again;
only successes are stored, so a bad file fails every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from config.model import Area
from storage.private import private_dir, write_private

_MISS = object()


def _base(data: bytes) -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "reporting-cycles" / "yaml" / hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def checker_stamp() -> str:
    """Identifies the checking code: a cache entry is void once any of it changes."""
    import cycles.engine

    files = sorted(Path(__file__).parent.glob("*.py"))
    files += sorted(Path(cycles.engine.__file__).parent.glob("*.py"))
    stamp = "|".join(f"{f.name}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in files)
    return hashlib.sha256(stamp.encode()).hexdigest()[:12]


def _parsed(data: bytes) -> Path:
    return _base(data).with_suffix(f".yaml-{checker_stamp()}.pickle")


def _snapshot(data: bytes) -> Path:
    return _base(data).with_suffix(f".area-{checker_stamp()}.pickle")


def _read(path: Path) -> Any:
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
            ImportError, TypeError):
        return _MISS


def _write(path: Path, value: Any) -> None:
    with contextlib.suppress(OSError):
        private_dir(path.parent)  # owner-only (0700), whatever the umask
        write_private(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def read_snapshot(data: bytes) -> Area | None:
    """The checked area of this exact file content, if it was checked with this code."""
    area = _read(_snapshot(data))
    return area if isinstance(area, Area) else None


def write_snapshot(data: bytes, area: Area) -> None:
    _write(_snapshot(data), area)


def read_parsed(data: bytes) -> Any:
    """The parsed YAML of this exact content, or ``MISS``."""
    return _read(_parsed(data))


def write_parsed(data: bytes, raw: Any) -> None:
    _write(_parsed(data), raw)


MISS = _MISS
