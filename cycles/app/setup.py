"""Opening what the use cases need from paths, URLs and the environment, for every door.

A value left out falls back to the environment, then to the default:

* catalogue: ``CYCLES_CATALOGUE`` (``os.pathsep``-separated) -> the shipped catalogue;
* database: ``CYCLES_DATABASE_URL`` -> ``sqlite:///data/cycles.sqlite``;
* notifier: ``CYCLES_APPRISE_CONFIG`` (required: there is no default);
* compliance reports: ``CYCLES_REPORTS_DIR`` -> ``./reports``.

Every problem is a :class:`~cycles.app.errors.SetupError` (one line each); an unknown area
is an :class:`~cycles.app.errors.InputError` on the field "area". Imports are lazy: opening
a catalogue touches no database driver, no prefect and no apprise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cycles.app.errors import InputError, SetupError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from config.loader import Catalogue
    from cycles.links.maker import LinkMaker
    from cycles.notify.seam import Notifier

ENV_DATABASE = "CYCLES_DATABASE_URL"
ENV_APPRISE = "CYCLES_APPRISE_CONFIG"
ENV_CATALOGUE = "CYCLES_CATALOGUE"
ENV_REPORTS = "CYCLES_REPORTS_DIR"
ALL = "all"
DEFAULT_DATABASE = "sqlite:///data/cycles.sqlite"  # storage.db.DEFAULT_URL (no import here)
# a plain local SQLite file URL: whether it exists is known without importing SQLAlchemy
_SQLITE_FILE = re.compile(r"^sqlite(\+pysqlite)?:///(?P<path>[^?%]+)(\?[^%]*)?$")


def catalogue_paths(paths: Iterable[str] | None = None) -> list[Path] | None:
    """The catalogue files or folders chosen (``paths``, else ``$CYCLES_CATALOGUE``);
    None means the shipped catalogue."""
    chosen = [p for p in (paths or []) if p]
    if not chosen and os.environ.get(ENV_CATALOGUE):
        chosen = os.environ[ENV_CATALOGUE].split(os.pathsep)
    if chosen:
        from cycles.app.bounds import check_text

        for p in chosen:
            check_text(str(p), "catalogue", limit=4096)
    return [Path(p) for p in chosen] if chosen else None


def open_catalogue(paths: Iterable[str] | None = None) -> Catalogue:
    """The catalogue, checked. SetupError: a missing file (one line each), or the
    catalogue's problems (each line starting with its file: ``located``)."""
    from config.loader import CatalogueError, load_catalogue

    found = catalogue_paths(paths)
    if found:
        missing = [f"{p}: no such file or folder" for p in found if not p.exists()]
        if missing:
            raise SetupError(*missing)
    try:
        return load_catalogue(found)
    except CatalogueError as exc:
        raise SetupError(*(str(p) for p in exc.problems), located=True) from None


def database_url(url: str | None = None) -> str:
    """``url`` (checked: given, it must not be blank), else the environment's, else the
    default. InputError("database") for a blank one: it never falls back silently."""
    from storage.db import database_url as chosen

    if url is not None:
        from cycles.app.bounds import check_text

        if not url.strip():
            raise InputError("database", "is empty: give a SQLAlchemy URL, or leave it out "
                             f"for ${ENV_DATABASE} or the default")
        check_text(url, "database", limit=4000)
    return chosen(url or None)


def open_database(url: str | None = None, *, migrate: bool = True,
                  read_only: bool = False) -> Engine:
    """The database at ``url`` (else ``$CYCLES_DATABASE_URL``, else the local SQLite file),
    reachable, ours, and, with ``migrate``, at the latest schema; ``read_only``: opened for
    reading only (nothing created, migrated or written)."""
    from storage.db import StorageError
    from storage.db import open_database as connect

    chosen = database_url(url)
    try:
        return connect(chosen, migrate=migrate, read_only=read_only)
    except StorageError as exc:
        raise SetupError(str(exc)) from None


def existing_database(url: str | None = None) -> Engine | None:
    """The database if there is one, opened read-only: never created, migrated or written
    (the read use cases, a dry run); None when it is a local SQLite file that does not exist
    yet."""
    chosen = url or os.environ.get(ENV_DATABASE) or DEFAULT_DATABASE
    plain = _SQLITE_FILE.match(chosen) if url is None or url.strip() else None
    if plain and plain["path"] != ":memory:" and not Path(plain["path"]).exists() \
            and not any(p.is_file() for p in Path(plain["path"]).parents):
        return None  # no such file (and no file in the way of its folder): no database yet
    from sqlalchemy.engine import make_url

    chosen = database_url(url)
    try:
        parsed = make_url(chosen)
    except Exception:
        raise SetupError("the database URL is not a SQLAlchemy URL "
                         "(e.g. sqlite:///data/cycles.sqlite)") from None
    local_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None, "", ":memory:")
    if local_file and not Path(str(parsed.database)).exists():
        blocked = next((a for a in Path(str(parsed.database)).parents if a.exists()), None)
        if blocked is not None and not blocked.is_dir():
            raise SetupError(f"cannot open the database {parsed.database}: {blocked} is a "
                             "file, not a folder")
        return None
    return open_database(chosen, migrate=False, read_only=True)


def named_database(url: str | None = None) -> Engine | None:
    """For commands that work without a database (``upcoming``, ``calendar``): the database
    only when one is named (``url`` or ``$CYCLES_DATABASE_URL``) and exists, else None,
    without importing a database driver."""
    if not (url or os.environ.get(ENV_DATABASE)):
        return None
    return existing_database(url)


def notifier_configured(path: str | None = None) -> bool:
    return bool(path or os.environ.get(ENV_APPRISE))


def open_notifier(path: str | None = None) -> Notifier:
    """The Apprise notifier for the config at ``path`` (else ``$CYCLES_APPRISE_CONFIG``)."""
    from cycles.notify.seam import NotifyConfigError

    if not notifier_configured(path):
        raise SetupError(f"no notification config: set {ENV_APPRISE} to an Apprise config "
                         "file (see config/apprise.example.yml)")
    check_notify_file(Path(path or os.environ[ENV_APPRISE]))
    from cycles.notify.apprise_notifier import AppriseNotifier

    try:
        return AppriseNotifier.from_env_or_path(path or None)
    except NotifyConfigError as exc:
        raise SetupError(str(exc)) from None


# An area's Apprise config is a few kilobytes; a region's 800 areas (8,960 routes) 1.2 MB.
NOTIFY_MAX_BYTES = 10_000_000
NOTIFY_MAX_NODES = 1_000_000  # YAML nodes once aliases are expanded (an alias bomb: billions)


def check_notify_file(path: Path) -> None:
    """Refuse, before Apprise parses it, a notification config that is not a regular file,
    is huge, or whose YAML aliases expand beyond reason (it would run for minutes into a
    MemoryError). A missing file is left to the notifier's own message."""
    import stat

    try:
        info = path.stat()
    except (OSError, ValueError):
        return
    if not stat.S_ISREG(info.st_mode):
        raise SetupError(f"notification config {path}: not a regular file")
    if info.st_size > NOTIFY_MAX_BYTES:
        raise SetupError(f"notification config {path}: {info.st_size} bytes; at most "
                         f"{NOTIFY_MAX_BYTES}")
    import yaml

    try:
        root = yaml.compose(path.read_text(encoding="utf-8", errors="replace"),
                            Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return  # the notifier says what is wrong with it
    sizes: dict[int, int] = {}

    def size(node: object, depth: int = 0) -> int:
        if depth > 100:
            return NOTIFY_MAX_NODES + 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(n, depth + 1) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        sizes[id(node)] = total = min(total, NOTIFY_MAX_NODES + 1)
        return total

    if root is not None and size(root) > NOTIFY_MAX_NODES:
        raise SetupError(f"notification config {path}: its YAML aliases expand to more than "
                         f"{NOTIFY_MAX_NODES} entries (an alias bomb?)")


def open_links(base_url: str | None = None) -> LinkMaker | None:
    """Signed action links for messages: None without a base URL (``--base-url`` or
    ``$CYCLES_BASE_URL``), when messages say how to record instead. SetupError: a bad base URL
    or an unusable key."""
    from cycles.links.keys import SecretKeyError
    from cycles.links.maker import BaseUrlError, links_from_env

    try:
        return links_from_env(base_url)
    except (BaseUrlError, SecretKeyError) as exc:
        raise SetupError(str(exc)) from None


def check_area(catalogue: Catalogue, area: str | None) -> None:
    """InputError("area") unless ``area`` is None or an area of the catalogue."""
    if area is not None and area not in catalogue.areas:
        raise InputError("area", f"unknown area {area!r} (known: {', '.join(catalogue.areas)})")


def areas_in_scope(catalogue: Catalogue, area: str) -> list[str]:
    """``"all"`` -> every area of the catalogue; otherwise the one named (checked)."""
    if area == ALL:
        return list(catalogue.areas)
    if area not in catalogue.areas:
        raise InputError("area", f"unknown area {area!r} "
                                 f"(known: {ALL}, {', '.join(catalogue.areas)})")
    return [area]


def reports_dir(folder: str | None = None) -> Path:
    return Path(folder or os.environ.get(ENV_REPORTS) or "reports")
