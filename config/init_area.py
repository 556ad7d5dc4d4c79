"""Start a new area's catalogue file from a template (``cycles init``).

The template is a complete, valid catalogue file for a made-up area (``template-area``,
"Template Area"); a new file is that text with the slug, the name and ``tracking_from``
replaced, checked exactly as ``validate`` would check it before anything is written, and
then written in one step (a temporary file renamed into place): nothing half-written, and an
existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from config import CATALOGUE_DIR
from config.model import Area

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_SLUG = "template-area"
TEMPLATE_NAME = "Template Area"
SLUG = re.compile(r"^[a-z][a-z0-9_-]{0,79}$")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9 .'()&-]{0,79}$")


class InitError(ValueError):
    """A one-line reason nothing was written."""


@dataclass(frozen=True)
class Created:
    path: Path
    area: Area


def templates() -> list[str]:
    return sorted(p.stem for p in TEMPLATES_DIR.glob("*.yaml"))


def default_name(slug: str) -> str:
    """``brighton-and-hove`` -> ``Brighton and Hove`` (short joining words stay lower case)."""
    words = re.split(r"[-_]+", slug)
    small = {"and", "of", "on", "upon", "the", "in", "under"}
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))


def render(template: str, slug: str, name: str, tracking_from: dt.date) -> str:
    """The new file's text (not yet checked)."""
    if template not in templates():
        raise InitError(f"--template: unknown template {template!r} "
                        f"(known: {', '.join(templates())})")
    if not SLUG.fullmatch(slug) or slug == TEMPLATE_SLUG:
        raise InitError(f"--area: {slug!r} is not an area id (lower-case letters, digits, "
                        "'-' or '_', starting with a letter; e.g. brighton-and-hove)")
    if not NAME.fullmatch(name):
        raise InitError(f"--name: {name!r} is not a plain area name (letters, digits, spaces "
                        "and . ' ( ) & - only)")
    text = (TEMPLATES_DIR / f"{template}.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    body = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    text = _header(template, name, tracking_from) + "".join(lines[body:])
    text, n = re.subn(r"(?m)^tracking_from: .*$", f"tracking_from: {tracking_from.isoformat()}",
                      text)
    assert n == 1, "the template has one tracking_from line"
    text = text.replace(f"area: {TEMPLATE_SLUG}", f"area: {slug}")
    return text.replace(TEMPLATE_NAME, name)


def _header(template: str, name: str, tracking_from: dt.date) -> str:
    return (
        f"# {name}: catalogue written by `cycles init --template {template}` for tracking from\n"
        f"# {tracking_from.isoformat()}. Next: (1) fill in each role's holder and give every role\n"
        "# a route in the Apprise file; (2) set last_published on the yearly report and check\n"
        "# each local_default; (3) run `cycles validate` and `cycles upcoming`.\n"
        "#\n"
        "# Sources are cited by chapter, never copied: `citation:` says where a duty is,\n"
        "# `deadline_source: national` marks a timing the guidance itself gives, and\n"
        "# `local_default:` a timing chosen locally. Check paragraph numbers against the\n"
        "# published guidance before citing them onwards.\n"
    )


def create_area(template: str, slug: str, name: str | None = None, out: Path | None = None,
                tracking_from: dt.date | None = None) -> Created:
    """Write and validate a new catalogue file; :class:`InitError` (nothing written) or
    :class:`config.loader.CatalogueError` (nothing written) when it cannot be done."""
    from config.loader import CatalogueError, check_text, load_area

    if tracking_from is None:
        raise InitError("tracking_from is required (the CLI passes today's date)")
    name = name or default_name(slug)
    text = render(template, slug, name, tracking_from)
    path = out if out is not None else CATALOGUE_DIR / f"{slug}.yaml"
    if path.is_dir():
        path = path / f"{slug}.yaml"
    if path.exists() or path.is_symlink():
        raise InitError(f"{path}: already exists (nothing written; choose another --out)") from None
    if not path.parent.is_dir():
        raise InitError(f"{path.parent}: no such folder")
    data = text.encode("utf-8")
    area, problems = check_text(str(path), data, text)
    if area is None:
        raise CatalogueError(problems)
    for sibling in sorted(path.parent.glob("*.y*ml")):
        other, _ = load_area(sibling)
        if other is not None and other.area == slug:
            raise InitError(f"--area: {slug!r} is already defined in {sibling} (nothing written)")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
    except FileExistsError:
        raise InitError(f"{path}: already exists (nothing written; choose another --out)") from None
    except OSError as exc:
        raise InitError(f"{path}: cannot write: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return Created(path, area)
