"""Problems in a catalogue file, each one line a business manager can act on::

    config/catalogue/medway.yaml: ce-leader-report: owner: unknown role 'dsc' (declared: ...)

and the translation of YAML and pydantic errors into that form.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    file: str
    obligation: str  # "-" for the area as a whole
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.obligation}: {self.field}: {self.message}"


class CatalogueError(Exception):
    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def yaml_problem(name: str, exc: Exception) -> Problem | None:
    """A PyYAML error as one line (None when ``exc`` is not a YAML error)."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return Problem(name, "-", where, f"YAML syntax error: {what}")
    if isinstance(exc, yaml.YAMLError):
        return Problem(name, "-", "YAML", f"YAML error: {exc}")
    return None


def _item_label(raw: dict[str, Any], section: str, index: int) -> str:
    listed = raw.get(section)
    items: list[Any] = listed if isinstance(listed, list) else []
    item = items[index] if index < len(items) else None
    key = "id" if section == "obligations" else "duty"
    if isinstance(item, dict) and item.get(key):
        return str(item.get(key))
    return f"{section.rstrip('s')} #{index + 1}"


def pydantic_problems(name: str, raw: dict[str, Any], exc: Any) -> Iterator[Problem]:
    """One problem per pydantic error, named by obligation (or omission) and field."""
    for err in exc.errors():
        loc = list(err["loc"])
        item = "-"
        if len(loc) >= 2 and loc[0] in ("obligations", "omissions") and isinstance(loc[1], int):
            item = _item_label(raw, str(loc[0]), loc[1])
            loc = loc[2:] if loc[0] == "obligations" else ["omissions", *loc[2:]]
        # drop pydantic's union/tag noise, keep the path a person wrote
        fields = [str(x) for x in loc if not str(x).startswith(("function-", "literal["))]
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "missing (required)"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling)"
        yield Problem(name, item, ".".join(fields) or "-", msg)
