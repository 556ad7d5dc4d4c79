"""What the Prefect run forms offer: the areas and obligations as choices, and run names.

The choices come from the catalogue the flows will use (``$CYCLES_CATALOGUE`` or the shipped
one), read once when the flows are imported: ``cycles serve`` and ``prefect deploy`` import
them with the environment the runs get, so the form lists what a run accepts. The flows
still check every value (a run started from the API with an old form is refused in one
line). If the catalogue cannot be read at import, the choices fall back to free text and the
run itself says what is wrong with the catalogue.
"""

from __future__ import annotations

import contextlib
from typing import Any, Literal

from cycles.app import setup


def _catalogue() -> Any:
    try:
        return setup.open_catalogue(None)
    except setup.SetupError:
        return None


_CAT = _catalogue()

# Literal (not Enum): the form's JSON schema then lists the choices inline, with the title
# and description beside them (a $ref to an enum definition loses the title).
if _CAT is not None:
    Area: Any = Literal[tuple([setup.ALL, *_CAT.areas])]
    Obligation: Any = Literal[tuple(e.id for e in _CAT.entries())]
else:  # pragma: no cover (a broken catalogue at import)
    Area = Obligation = str


def form(title: str, description: str) -> Any:
    """A parameter's label and help on the run form, for ``Annotated[type, form(...)]``.

    In the JSON schema's extras on purpose: Prefect builds each parameter's field with the
    parameter's name as title and the docstring as description, and pydantic merges extras
    over both."""
    from pydantic import Field

    return Field(json_schema_extra={"title": title, "description": description})


def value(choice: Any) -> str:
    """The plain string of a choice (an enum member or a string)."""
    return str(getattr(choice, "value", choice))


def _parameters() -> dict[str, Any]:
    from prefect.runtime import flow_run

    return dict(flow_run.parameters or {})


def _day(as_of: Any) -> str:
    """The London date a run is about: ``as_of``'s, else today's."""
    from cycles.app.errors import InputError
    from cycles.app.inputs import parse_instant
    from cycles.london import london_date

    try:
        return london_date(parse_instant(str(as_of) if as_of else None)).isoformat()
    except InputError:
        return str(as_of)


def scan_run_name() -> str:
    """``scan medway 2026-12-04``."""
    p = _parameters()
    return f"scan {value(p.get('area') or setup.ALL)} {_day(p.get('as_of'))}"


def submit_run_name() -> str:
    """``submit medway.chair-dcs-six-monthly-report 2026-27 H1``."""
    p = _parameters()
    return f"submit {value(p.get('obligation', ''))} {p.get('period', '')}".strip()


def report_run_name() -> str:
    """``compliance 2026-27 medway``."""
    import datetime as dt

    from flows.wiring import SetupError, report_year

    p = _parameters()
    year = str(p.get("year") or "")
    with contextlib.suppress(SetupError, ValueError):
        year = report_year(year, dt.date.fromisoformat(_day(p.get("as_of"))))
    return f"compliance {year} {value(p.get('area') or setup.ALL)}"
