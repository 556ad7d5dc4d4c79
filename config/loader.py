"""Load and check the catalogue: a frozen :class:`Catalogue`, or every problem at once.

Each problem is one line a business manager can act on::

    config/catalogue/medway.yaml: ce-leader-report: owner: unknown role 'dsc' (declared: ...)

Nothing is half-loaded: :func:`load_catalogue` either returns the whole catalogue or raises
:class:`CatalogueError` listing every problem in every file.

The parts live by concern: :mod:`config.strict_yaml` (reading a file safely),
:mod:`config.cache` (start-up caches), :mod:`config.problems` (one-line problems),
:mod:`config.catalogue` (:class:`Catalogue`, :class:`Entry`), :mod:`config.checks`
(cross-reference checks and warnings). This module orchestrates them and re-exports the
names other modules import from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from config import CATALOGUE_DIR, cache
from config.catalogue import Catalogue, Entry
from config.checks import check_area
from config.model import Area
from config.problems import CatalogueError, Problem, pydantic_problems, yaml_problem
from config.strict_yaml import StrictYamlError, parse, read_file

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Entry",
    "Problem",
    "check_area",
    "default_paths",
    "load_area",
    "load_catalogue",
    "parse_yaml",
]


def parse_yaml(data: bytes, text: str, name: str = "-") -> Any:
    """The parsed file, from the cache when this exact text was parsed before by this code.
    Only successful parses are cached; validation always runs on the result."""
    raw = cache.read_parsed(data)
    if raw is not cache.MISS:
        return raw
    raw = parse(text, name)
    cache.write_parsed(data, raw)
    return raw


def default_paths() -> list[Path]:
    return sorted(CATALOGUE_DIR.glob("*.yaml"))


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.y*ml")) if p.is_dir() else [p])
    return out


def load_catalogue(paths: Iterable[Path] | None = None) -> Catalogue:
    files = _expand(paths) if paths is not None else default_paths()
    problems: list[Problem] = []
    areas: dict[str, Area] = {}
    origin: dict[str, str] = {}
    if not files:
        raise CatalogueError([Problem(str(CATALOGUE_DIR), "-", "-", "no catalogue files found")])
    for path in files:
        area, file_problems = load_area(path)
        problems.extend(file_problems)
        if area is None:
            continue
        if area.area in areas:
            problems.append(Problem(str(path), "-", "area",
                                    f"area {area.area!r} is also defined in {origin[area.area]}"))
            continue
        areas[area.area] = area
        origin[area.area] = str(path)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(areas, origin)


def load_area(path: Path) -> tuple[Area | None, list[Problem]]:
    name = str(path)
    data, problem = read_file(path)
    if data is None:
        assert problem is not None
        return None, [problem]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [Problem(name, "-", f"line {line}",
                              "not UTF-8 text: save the file with UTF-8 encoding")]
    snapshot = cache.read_snapshot(data)
    if snapshot is not None:  # this exact text passed every check with this code
        return snapshot, []
    return check_text(name, data, text)


def check_text(name: str, data: bytes, text: str) -> tuple[Area | None, list[Problem]]:
    """Parse, validate and cross-check one file's text (caching only a success)."""
    try:
        raw = parse_yaml(data, text, name)
    except StrictYamlError as exc:
        return None, exc.problems
    except Exception as exc:  # noqa: BLE001 (sorted below; yaml is imported only on error)
        found = yaml_problem(name, exc)
        if found is None:
            raise
        return None, [found]
    if not isinstance(raw, dict):
        return None, [Problem(name, "-", "-", "expected a mapping with 'area:' and 'obligations:'")]
    from pydantic import ValidationError

    from config import schema

    try:
        validated = schema.Area.model_validate(raw)
    except ValidationError as exc:
        return None, list(pydantic_problems(name, raw, exc))
    area = Area.from_validated(validated.model_dump())
    problems = list(check_area(name, area))
    if problems:
        return None, problems
    cache.write_snapshot(data, area)
    return area, []
