"""``cycles web``: serve the pages that signed links open (uvicorn)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import click

from cycles.cli_options import (
    UserError,
    catalogue_option,
    db_option,
    guarded,
    load,
    notifier_from,
    open_database,
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--base-url", "base_url", metavar="URL",
              help="The public address links point to (default: $CYCLES_BASE_URL; with "
              "--demo, http://HOST:PORT).")
@click.option("--notify", "notify_path", metavar="PATH",
              help="Apprise config for deferral requests (default: $CYCLES_APPRISE_CONFIG).")
@click.option("--demo", is_flag=True, help="The demo database (./data) and the local mail sink "
              "(./outbox), as `cycles run --demo` uses.")
@click.option("--outbox", default="outbox", show_default=True,
              help="With --demo: where the mail sink saves messages.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              help="Proxies trusted for X-Forwarded-For (the client address rate limits use).")
@click.option("--rotate-key", is_flag=True,
              help="Replace the link signing key and exit: every link sent so far stops working.")
@db_option
@catalogue_option
@guarded
def web(host: str, port: int, base_url: str | None, notify_path: str | None, demo: bool,
        outbox: str, forwarded_allow_ips: str, rotate_key: bool, db: str | None,
        catalogue: tuple[str, ...]) -> None:
    """Serve the pages that the links in reminders open (view, submit, defer, receive)."""
    from cycles.links.keys import SecretKeyError
    from cycles.links.keys import rotate_key as rotate

    if rotate_key:
        try:
            path = rotate()
        except (SecretKeyError, OSError) as exc:
            raise UserError(str(exc)) from None
        click.echo(f"new link key written to {path}: links sent before now show "
                   "\"this link has been withdrawn\"; restart `cycles web` and the scans")
        return
    cat = load(catalogue)
    with contextlib.ExitStack() as stack:
        notifier: Any = None
        if demo:
            from cycles import demo as demo_mod

            notifier, db, _sink = stack.enter_context(
                demo_mod.demo_environment(cat, Path(outbox), db))
            base_url = base_url or f"http://{host}:{port}"
        else:
            from cycles.app.setup import notifier_configured

            if notifier_configured(notify_path):
                notifier = notifier_from(notify_path)
        serve(cat, db, host, port, base_url, notifier, forwarded_allow_ips)


def serve(cat: Any, db: str | None, host: str, port: int, base_url: str | None, notifier: Any,
          forwarded_allow_ips: str) -> None:
    import pendulum
    import uvicorn

    from cycles.app.setup import open_links
    from cycles.web.app import create_app
    from cycles.web.security import uvicorn_log_config

    links = open_links(base_url)
    if links is None:
        raise UserError("no base URL: give --base-url or set CYCLES_BASE_URL to the public "
                        "address of this site (e.g. https://cycles.example.gov.uk)")
    engine = open_database(db)
    app = create_app(engine, cat, links.key, links.base_url, lambda: pendulum.now("UTC"),
                     notifier)
    click.echo(f"serving {links.base_url} on http://{host}:{port} (Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_config=uvicorn_log_config(),
                proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips,
                server_header=False)
