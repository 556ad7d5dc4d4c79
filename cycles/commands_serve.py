"""``cycles serve``: the three deployments of ``deployments/prefect.yaml`` served from one
process with Prefect's ``serve()``: no work pool and no worker, the same names, schedules
(07:00 London Monday to Friday for the scan, 15 April for the yearly report) and the scan's
concurrency limit (1, a colliding run is cancelled).

It needs a Prefect server (``PREFECT_API_URL``; ``prefect server start`` runs one with the
UI). The database, notification config and catalogue are checked first, then handed to the
flow runs through the environment (``CYCLES_DATABASE_URL``, ``CYCLES_APPRISE_CONFIG``,
``CYCLES_CATALOGUE``, ``CYCLES_REPORTS_DIR``), never through parameters the UI shows.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from cycles.app.setup import catalogue_paths
from cycles.cli_options import (
    UserError,
    catalogue_option,
    db_option,
    guarded,
    load,
    notifier_from,
)
from cycles.cli_options import open_database as _open

# the repository's (or the installed) deployments/ folder, beside cycles/
DEPLOYMENTS = Path(__file__).resolve().parent.parent / "deployments"
PREFECT_YAML = DEPLOYMENTS / "prefect.yaml"
LOGGING_YML = DEPLOYMENTS / "logging.yml"


def deployment_specs(path: Path | None = None) -> list[dict[str, Any]]:
    """The ``deployments:`` of ``deployments/prefect.yaml``, checked enough to serve."""
    import yaml

    path = path or PREFECT_YAML
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(f"{path}: cannot read the deployments: {exc}") from None
    specs = data.get("deployments") if isinstance(data, dict) else None
    if not isinstance(specs, list) or not specs:
        raise UserError(f"{path}: no 'deployments:' list")
    for spec in specs:
        if not isinstance(spec, dict) or not spec.get("name") or ":" not in str(
                spec.get("entrypoint", "")):
            raise UserError(f"{path}: each deployment needs a name and an entrypoint "
                            "(flows/file.py:function)")
    return specs


def _flow_of(entrypoint: str) -> Any:
    """``flows/reminder_scan.py:reminder_scan`` -> the flow object, imported as a module."""
    file, attr = entrypoint.rsplit(":", 1)
    module = file.removesuffix(".py").replace("/", ".").replace("\\", ".")
    return getattr(importlib.import_module(module), attr)


def runner_deployments(specs: list[dict[str, Any]]) -> list[Any]:
    from prefect.client.schemas.objects import ConcurrencyLimitConfig
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    out = []
    for spec in specs:
        schedules = [Cron(s["cron"], timezone=s.get("timezone"), active=s.get("active", True))
                     for s in spec.get("schedules") or []]
        limit = spec.get("concurrency_limit")
        out.append(_flow_of(spec["entrypoint"]).to_deployment(
            name=spec["name"],
            schedules=schedules,
            concurrency_limit=ConcurrencyLimitConfig(**limit) if isinstance(limit, dict)
            else limit,
            parameters=spec.get("parameters") or {},
            description=spec.get("description"),
            tags=spec.get("tags") or [],
            # the flows are importable (the project is installed): no path to get wrong
            entrypoint_type=EntrypointType.MODULE_PATH,
        ))
    return out


def describe(deployment: Any) -> str:
    limit = ""
    if deployment.concurrency_limit is not None:
        options = deployment.concurrency_options
        strategy = getattr(options.collision_strategy, "value", "") if options else ""
        limit = f"; at most {deployment.concurrency_limit} at a time" + (
            f", collision strategy {strategy}" if strategy else "")
    when = ", ".join(f"cron {s.schedule.cron!r} {s.schedule.timezone}"
                     for s in deployment.schedules or []) or "on demand"
    return f"{deployment.flow_name}/{deployment.name}: {when}{limit}"


def _absolute_db_url(url: str) -> str:
    """A relative SQLite path made absolute, so flow runs find it from any folder."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    db = parsed.database
    if parsed.get_backend_name() == "sqlite" and db and db != ":memory:" \
            and not Path(db).is_absolute():
        return parsed.set(database=str(Path(db).resolve())).render_as_string(
            hide_password=False)
    return url


def _api_url() -> str | None:
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


@contextmanager
def _notification_env(demo: bool, notifier: Any, catalogue: Any, outbox: str,
                      db: str | None) -> Iterator[str | None]:
    """Set CYCLES_APPRISE_CONFIG for the flow runs; with --demo, run the local mail sink."""
    if demo:
        from cycles import demo as demo_mod

        with demo_mod.demo_environment(catalogue, Path(outbox), db) as (demo_notifier, _, sink):
            os.environ["CYCLES_APPRISE_CONFIG"] = str(Path(demo_notifier.path).resolve())
            yield f"demo mail sink on {sink.host}:{sink.port}: messages in {sink.folder.resolve()}"
        return
    os.environ["CYCLES_APPRISE_CONFIG"] = str(Path(notifier.path).resolve())
    yield None


@click.command()
@click.option("--notify", "notify_path", metavar="PATH",
              help="Apprise config file (default: $CYCLES_APPRISE_CONFIG).")
@click.option("--demo", is_flag=True, help="Send to a local mail sink that saves .eml files "
              "(in --outbox) instead of an Apprise config.")
@click.option("--outbox", default="outbox", show_default=True,
              help="With --demo: where the mail sink saves messages.")
@click.option("--reports", "reports", metavar="FOLDER",
              help="Where compliance reports go (default: $CYCLES_REPORTS_DIR or ./reports).")
@click.option("--limit", type=click.IntRange(1, 100), default=4, show_default=True,
              help="At most this many flow runs at once (all deployments together).")
@click.option("--check", is_flag=True, help="Check the catalogue, database and notification "
              "config, print the deployments and exit.")
@db_option
@catalogue_option
@guarded
def serve(notify_path: str | None, demo: bool, outbox: str, reports: str | None, limit: int,
          check: bool, db: str | None, catalogue: tuple[str, ...]) -> None:
    """Run the scan, the yearly report and record-submission as Prefect deployments.

    Needs a Prefect server: PREFECT_API_URL=http://127.0.0.1:4200/api (`prefect server
    start`). Stop with Ctrl-C.
    """
    from cycles.app.setup import database_url

    # our INFO lines in the runs' logs, a refused run's log without a traceback (the flow
    # runs inherit it); before prefect is imported, which reads it once
    os.environ.setdefault("PREFECT_LOGGING_CONFIG_PATH", str(LOGGING_YML))
    cat = load(catalogue)
    found = catalogue_paths(catalogue)
    if found:
        os.environ["CYCLES_CATALOGUE"] = os.pathsep.join(str(p.resolve()) for p in found)
    url = _absolute_db_url(database_url(db))
    _open(url)  # reachable and migrated before anything is scheduled
    os.environ["CYCLES_DATABASE_URL"] = url
    folder = Path(reports or os.environ.get("CYCLES_REPORTS_DIR") or "reports").resolve()
    os.environ["CYCLES_REPORTS_DIR"] = str(folder)
    notifier = None if demo else notifier_from(notify_path)  # checked now, not at 07:00
    deployments = runner_deployments(deployment_specs())
    if check:
        for d in deployments:
            click.echo(describe(d))
        return
    api = _api_url()
    if not api:
        raise UserError("no Prefect server: set PREFECT_API_URL (e.g. "
                        "http://127.0.0.1:4200/api) after `prefect server start`")
    from prefect import serve as prefect_serve

    with _notification_env(demo, notifier, cat, outbox, url) as note:
        click.echo(f"serving {len(deployments)} deployments on {api}:")
        for d in deployments:
            click.echo(f"  {describe(d)}")
        if note:
            click.echo(note)
        prefect_serve(*deployments, limit=limit, print_starting_message=False)
