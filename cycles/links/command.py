"""``cycles links``: print an area's secret board links (page, report, calendar)."""

from __future__ import annotations

import datetime as dt

import click

from cycles.cli_options import UserError, catalogue_option, guarded, load, london_today


@click.command()
@click.option("--area", help="The area (default: every area, and the index of all of them).")
@click.option("--base-url", "base_url", metavar="URL",
              help="The web app's public address (default: $CYCLES_BASE_URL).")
@click.option("--days", type=click.IntRange(1, 3660), default=366, show_default=True,
              help="How long the links work (rotating the key revokes them sooner).")
@catalogue_option
@guarded
def links(area: str | None, base_url: str | None, days: int,
          catalogue: tuple[str, ...]) -> None:
    """The board page's secret link for the business manager, with the compliance report
    and the calendar to subscribe to. Anyone holding a link can read the area's reports:
    send it to the business manager only; `cycles web --rotate-key` revokes it."""
    import pendulum

    from cycles.app.setup import check_area, open_links
    from cycles.compliance import year_label
    from cycles.links.board import ALL_AREAS, board_links

    cat = load(catalogue)
    if area is not None and area != ALL_AREAS:
        check_area(cat, area)
    maker = open_links(base_url)
    if maker is None:
        raise UserError("no base URL: give --base-url or set CYCLES_BASE_URL to the address "
                        "of `cycles web` (e.g. https://cycles.example.gov.uk)")
    now = pendulum.now("UTC")
    year = year_label(london_today())
    until = london_today() + dt.timedelta(days=days)
    areas = [area] if area else [*sorted(cat.areas), ALL_AREAS]
    for name in areas:
        board = board_links(maker.base_url, maker.key, name, now, dt.timedelta(days=days))
        title = "All areas" if name == ALL_AREAS else cat.areas[name].name
        click.echo(f"{title}\n"
                   f"  board page:        {board.page}\n"
                   f"  report {year}:    {board.report(year)}\n"
                   f"  calendar (Outlook: Add calendar > From Internet):\n"
                   f"                     {board.calendar()}\n"
                   f"  works until {until:%a} {until.day} {until:%b %Y}; "
                   "`cycles web --rotate-key` revokes it sooner")
