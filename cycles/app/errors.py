"""The errors the application layer raises, in people's words (never a CLI flag):
:class:`SetupError` (the work cannot start), :class:`ScanFault` (it stopped on a fault of
the disk or the database) and :class:`InputError` (one bad value a person gave)."""

from __future__ import annotations

from collections.abc import Callable


class SetupError(Exception):
    """The work cannot start: bad configuration (catalogue, database, notifier), one line
    per problem in :attr:`lines`. ``located``: each line already starts with the file it is
    about (a catalogue problem), so a door shows it as it is."""

    def __init__(self, *lines: str, located: bool = False):
        self.lines = [str(x) for x in lines]
        self.located = located
        super().__init__("; ".join(self.lines))


class ScanFault(SetupError):
    """The work stopped on a fault outside it (disk full, an I/O error, the database gone):
    one line; a door shows it as a set-up problem (the CLI: exit 2)."""


class InputError(ValueError):
    """One bad value a person gave: :attr:`field` names it as people do ("period",
    "submitted at", "evidence", "new due date", ...), :attr:`message` says what is wrong,
    :attr:`subject` (optional) what it was about (an obligation id, ``area.event``).

    ``str(err) == f"{field}: {message}"``; :meth:`line` adds the subject, and lets a door
    name the field its own way (the CLI as a flag, a form as its label).
    """

    def __init__(self, field: str, message: str, subject: str | None = None):
        self.field = field
        self.message = message
        self.subject = subject
        super().__init__(f"{field}: {message}")

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def line(self, name: Callable[[str], str | None] = lambda f: f) -> str:
        """``subject: field: message``; ``name`` maps the field (None leaves it out)."""
        label = name(self.field)
        parts = [p for p in (self.subject, label) if p]
        return ": ".join([*parts, self.message])
