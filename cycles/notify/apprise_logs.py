"""Capturing what Apprise logs during one call, to turn it into a one-line reason."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from cycles.notify.secrets import one_line


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_CAPTURE_LOCK = threading.RLock()


@contextlib.contextmanager
def apprise_records(replay: bool = True) -> Iterator[list[logging.LogRecord]]:
    """Collect everything the ``apprise`` logger says (DEBUG included) during the block.

    The logger is lowered to DEBUG and detached for the block; afterwards, the records its
    own level would have let through are handed to its usual handlers (``replay``), so
    logging looks as it would have without the capture. Serialised by a lock: sends made
    through this module run one at a time.
    """
    logger = logging.getLogger("apprise")
    handler = _ListHandler()
    with _CAPTURE_LOCK:
        threshold = logger.getEffectiveLevel()
        level, propagate, handlers = logger.level, logger.propagate, list(logger.handlers)
        for h in handlers:
            logger.removeHandler(h)
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        try:
            yield handler.records
        finally:
            logger.removeHandler(handler)
            for h in handlers:
                logger.addHandler(h)
            logger.setLevel(level)
            logger.propagate = propagate
            if replay:
                for record in handler.records:
                    if record.levelno >= threshold:
                        logger.callHandlers(record)


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
