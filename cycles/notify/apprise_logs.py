"""Capturing what Apprise logs during one call, to turn it into a one-line reason.

Captures are per thread, so routes sent at once by the delivery pool each get their own
records: a filter on the ``apprise`` logger hands each record to the capture of the thread
that logged it. While any capture is open the logger is lowered to DEBUG (the low-level
cause of a failure is logged at DEBUG); the filter lets through to the usual handlers only
what the logger's own level would have let through (and, from a capturing thread, only when
that capture replays), so logging looks as it would have without the capture.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from cycles.notify.secrets import one_line


@dataclass
class _Capture:
    replay: bool
    records: list[logging.LogRecord] = field(default_factory=list)


class _PerThread(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()
        self.lock = threading.Lock()
        self.open = 0
        self.threshold = logging.WARNING
        self.level = logging.NOTSET

    def filter(self, record: logging.LogRecord) -> bool:
        capture: _Capture | None = getattr(self.local, "capture", None)
        if capture is not None:
            capture.records.append(record)
            if not capture.replay:
                return False
        return record.levelno >= self.threshold


_LOGGER = logging.getLogger("apprise")
_FILTER = _PerThread()


@contextlib.contextmanager
def apprise_records(replay: bool = True) -> Iterator[list[logging.LogRecord]]:
    """Collect everything the ``apprise`` logger says (DEBUG included) in this thread during
    the block; with ``replay`` the records the logger's level lets through also reach its
    usual handlers (as they are logged)."""
    outer: _Capture | None = getattr(_FILTER.local, "capture", None)
    capture = _Capture(replay and (outer is None or outer.replay))
    with _FILTER.lock:
        if _FILTER.open == 0:
            _FILTER.threshold = _LOGGER.getEffectiveLevel()
            _FILTER.level = _LOGGER.level
            _LOGGER.addFilter(_FILTER)
            _LOGGER.setLevel(logging.DEBUG)
        _FILTER.open += 1
    _FILTER.local.capture = capture
    try:
        yield capture.records
    finally:
        _FILTER.local.capture = outer
        if outer is not None:
            outer.records.extend(capture.records)
        with _FILTER.lock:
            _FILTER.open -= 1
            if _FILTER.open == 0:
                _LOGGER.removeFilter(_FILTER)
                _LOGGER.setLevel(_FILTER.level)


def reason(records: list[logging.LogRecord], fallback: str) -> str:
    """One line from what Apprise logged: its warnings, plus the low-level cause if any."""
    said: list[str] = []
    cause = ""
    for r in records:
        msg = " ".join(r.getMessage().split())
        if r.levelno >= logging.WARNING:
            if msg and msg not in said:
                said.append(msg)
        else:
            for prefix in ("Socket Exception:", "Loading Exception:", "YAML Exception:"):
                if msg.startswith(prefix):
                    cause = msg[len(prefix):].strip()
    text = "; ".join(said[:2]) or fallback
    if cause and cause not in text:
        text += f" ({cause})"
    return one_line(text)
