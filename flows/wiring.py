"""What the flows need, built from their parameters or the environment.

A parameter left empty falls back to the environment, then to the CLI's defaults:

* ``database_url``   -> ``CYCLES_DATABASE_URL`` -> ``sqlite:///data/cycles.sqlite``
* ``apprise_config`` -> ``CYCLES_APPRISE_CONFIG`` (required for a scan that sends)
* ``catalogue``      -> ``CYCLES_CATALOGUE`` (``os.pathsep``-separated) -> the shipped one
* ``folder``         -> ``CYCLES_REPORTS_DIR`` -> ``./reports``

Prefer the environment for anything secret: flow parameters are shown in the Prefect UI.
Every bad input becomes a :class:`SetupError` with one line per problem, which the flows
turn into a Failed state carrying those lines.

Tests (and embedders) swap the notifier with :data:`notifier_factory` and pass runner
options (``retry_delays=()``) with :data:`runner_options`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy.engine import Engine

from config.loader import Catalogue
from cycles.notify.seam import Notifier
from cycles.runner import Runner

ENV_DATABASE = "CYCLES_DATABASE_URL"
ENV_APPRISE = "CYCLES_APPRISE_CONFIG"
ENV_CATALOGUE = "CYCLES_CATALOGUE"
ENV_REPORTS = "CYCLES_REPORTS_DIR"
ALL = "all"
T = TypeVar("T")


class SetupError(Exception):
    """A flow run cannot start its work: bad parameters or configuration, one line each."""

    def __init__(self, *lines: str):
        self.lines = [str(x) for x in lines]
        super().__init__("; ".join(self.lines))


def load_catalogue(paths: Sequence[str] | None = None) -> Catalogue:
    from config.loader import CatalogueError
    from config.loader import load_catalogue as load
    from cycles.cli import catalogue_paths

    found = catalogue_paths(paths)
    if found:
        missing = [f"{p}: no such file or folder" for p in found if not p.exists()]
        if missing:
            raise SetupError(*missing)
    try:
        return load(found)
    except CatalogueError as exc:
        raise SetupError(*(str(p) for p in exc.problems)) from None


def open_engine(url: str | None = None) -> Engine:
    from storage.db import StorageError, open_database

    try:
        return open_database(url or None)
    except StorageError as exc:
        raise SetupError(str(exc)) from None


def apprise_notifier(config: str | None = None) -> Notifier:
    """The real notifier: the Apprise config at ``config`` or ``$CYCLES_APPRISE_CONFIG``."""
    from cycles.notify.seam import NotifyConfigError

    if not config and not os.environ.get(ENV_APPRISE):
        raise SetupError(f"no notification config: set {ENV_APPRISE} on the worker (or the "
                         "flow parameter apprise_config) to an Apprise config file")
    from cycles.notify.apprise_notifier import AppriseNotifier

    try:
        return AppriseNotifier.from_env_or_path(config or None)
    except NotifyConfigError as exc:
        raise SetupError(str(exc)) from None


# The seam tests use: a callable from the ``apprise_config`` parameter to a Notifier.
notifier_factory: Callable[[str | None], Notifier] = apprise_notifier
# Extra keyword arguments for every Runner the flows build (e.g. ``retry_delays=()``).
runner_options: dict[str, Any] = {}


def make_runner(engine: Engine, catalogue: Catalogue, notifier: Notifier) -> Runner:
    from cycles.links.keys import SecretKeyError
    from cycles.links.maker import BaseUrlError, links_from_env

    try:  # signed action links in the messages when CYCLES_BASE_URL is set
        links = links_from_env()
    except (BaseUrlError, SecretKeyError) as exc:
        raise SetupError(str(exc)) from None
    return Runner(engine, catalogue, notifier, **{"links": links, **runner_options})


def areas_in_scope(catalogue: Catalogue, area: str) -> list[str]:
    """``"all"`` -> every area of the catalogue; otherwise the one named (checked)."""
    if area == ALL:
        return list(catalogue.areas)
    if area not in catalogue.areas:
        raise SetupError(f"area: unknown area {area!r} "
                         f"(known: all, {', '.join(catalogue.areas)})")
    return [area]


def parse_instant(value: str | None, what: str) -> Any:
    """An ISO date or date-time (naive means London) as an aware UTC instant; None -> now."""
    from cycles.cli import UserError
    from cycles.cli import parse_instant as parse

    try:
        return parse(value or None, what)
    except UserError as exc:
        raise SetupError(*exc.lines) from None


def non_working_day(catalogue: Catalogue, area: str, day: dt.date) -> str | None:
    """Why ``day`` is not a working day for the scan, or None when it is one.

    For one area its own calendar counts (England's bank holidays and the area's closures);
    for all areas, England's bank holidays and weekends only.
    """
    from cycles.engine.workdays import WorkingCalendar, fmt_date

    calendar = catalogue.areas[area].calendar if area != ALL else WorkingCalendar()
    if calendar.is_working_day(day):
        return None
    why = calendar.holiday_name(day) or f"{day:%A}"
    return f"{fmt_date(day)} is not a working day ({why})"


def artifact_key(*parts: str) -> str:
    """A Prefect artifact key: lowercase letters, digits and dashes only."""
    key = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    return key or "cycles"


def reports_dir(folder: str | None = None) -> Path:
    return Path(folder or os.environ.get(ENV_REPORTS) or "reports")


def report_year(year: str | None, as_of_date: dt.date) -> str:
    """The financial year label to report on: ``year`` checked, or by default the latest
    year that had ended by ``as_of_date`` (on 15 April 2027: ``2026-27``)."""
    from cycles.report import parse_year, year_label

    if year:
        try:
            parse_year(year)
        except ValueError as exc:
            raise SetupError(f"year: {exc}") from None
        return year.strip()
    start, _ = parse_year(year_label(as_of_date))
    return year_label(start - dt.timedelta(days=1))


def as_is(value: T) -> T:
    """A task argument Prefect passes through untouched: it does not walk into it (the
    catalogue, a report, an engine) looking for futures to resolve, nor rebuild it."""
    from prefect.utilities.annotations import quote

    return cast(T, quote(value))
