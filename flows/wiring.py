"""Prefect-specific glue: the flows' set-up comes from :mod:`cycles.app.setup`; this module
turns its errors into one-line run messages (naming the flow's parameters), and holds what
only the flows need (artifact keys, skipping non-working days, quoting task arguments).

Where things are comes from the environment only, never from a run form (a form could
otherwise point a run at another database):

* ``CYCLES_DATABASE_URL`` -> default ``sqlite:///data/cycles.sqlite``
* ``CYCLES_APPRISE_CONFIG`` (required for a scan that sends)
* ``CYCLES_CATALOGUE`` (``os.pathsep``-separated) -> default the shipped catalogue
* ``CYCLES_REPORTS_DIR`` -> default ``./reports``
* ``CYCLES_BASE_URL``: the web app's address, for links in the artifacts (optional).

Tests (and embedders) swap the notifier with :data:`notifier_factory` and pass runner
options (``retry_delays=()``) with :data:`runner_options`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy.engine import Engine

from config.loader import Catalogue
from cycles.app import setup
from cycles.app.errors import InputError, SetupError
from cycles.app.scanning import make_runner as app_runner
from cycles.app.setup import ALL, ENV_APPRISE, ENV_CATALOGUE, ENV_DATABASE, ENV_REPORTS
from cycles.notify.seam import Notifier
from cycles.runner import Runner

__all__ = ["ALL", "ENV_APPRISE", "ENV_CATALOGUE", "ENV_DATABASE", "ENV_REPORTS", "InputError",
           "SetupError"]
T = TypeVar("T")

# the application layer's field names -> the flows' parameter names, where they differ
PARAMETERS = {"as of": "as_of", "submitted at": "at", "submitted by": "by"}


def failure_line(exc: SetupError | InputError) -> str:
    """The run's one-line message for a set-up or input problem."""
    if isinstance(exc, InputError):
        if exc.field == "obligation" and exc.subject is None:
            return f"obligation {exc.message}"  # obligation 'x' is unknown
        return exc.line(lambda field: PARAMETERS.get(field, field))
    return str(exc)


# The seam tests use: a callable from the ``apprise_config`` parameter to a Notifier.
notifier_factory: Callable[[str | None], Notifier] = setup.open_notifier
# Extra keyword arguments for every Runner the flows build (e.g. ``retry_delays=()``).
runner_options: dict[str, Any] = {}


def make_runner(engine: Engine, catalogue: Catalogue, notifier: Notifier) -> Runner:
    return app_runner(engine, catalogue, notifier, **runner_options)


def areas_in_scope(catalogue: Catalogue, area: str) -> list[str]:
    """``"all"`` -> every area of the catalogue; otherwise the one named (checked)."""
    try:
        return setup.areas_in_scope(catalogue, area)
    except InputError as exc:
        raise SetupError(failure_line(exc)) from None


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


LAST_YEAR = "last"  # the compliance report's year for the latest ended financial year


def report_year(year: str | None, as_of_date: dt.date) -> str:
    """The financial year label to report on: ``year`` checked; empty: the current
    financial year so far (on 4 Dec 2026: ``2026-27``); ``last``: the latest year that had
    ended by ``as_of_date`` (the scheduled run on 15 April 2027: ``2026-27``)."""
    from cycles.app.compliance import report_year as chosen
    from cycles.compliance import year_label

    year = (year or "").strip()
    try:
        if not year:
            return year_label(as_of_date)
        return chosen(None if year.lower() == LAST_YEAR else year, as_of_date)
    except InputError as exc:
        raise SetupError(failure_line(exc)) from None


ENV_BASE_URL = "CYCLES_BASE_URL"


def board_url(area: str, *, report_year: str | None = None) -> str | None:
    """The web page of ``area``'s board (with ``report_year``: its compliance report for
    that year), or None when no ``$CYCLES_BASE_URL`` is set.

    The one seam between the Prefect UI and the web app: the board page's links are
    ``<base>/board/<area>``; when the web app signs them (a per-area key), this is where the
    key is added, and every artifact follows.
    """
    import os

    base = os.environ.get(ENV_BASE_URL, "").strip().rstrip("/")
    if not base:
        return None
    path = f"/board/{area}"
    if report_year:
        path += f"/report/{report_year}"
    return base + path


def as_is(value: T) -> T:
    """A task argument Prefect passes through untouched: it does not walk into it (the
    catalogue, a report, an engine) looking for futures to resolve, nor rebuild it."""
    from prefect.utilities.annotations import quote

    return cast(T, quote(value))
