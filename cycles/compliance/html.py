"""The printable HTML report (``cycles/templates/report.html.j2``, autoescaped)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from cycles.compliance.model import Compliance, Outcome
from cycles.compliance.svg import grid_svgs, legend_svg, quarter_chart_svg
from cycles.compliance.wording import DEFINITIONS, fmt_days, fmt_rate, headline, rate_phrase
from cycles.engine.workdays import fmt_date

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def to_html(c: Compliance) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = lambda d: "-" if d is None else fmt_date(d)
    env.filters["rate"] = fmt_rate
    env.filters["days"] = fmt_days
    template = env.get_template("report.html.j2")
    return template.render(
        c=c, headline=headline(c), definitions=DEFINITIONS,
        grids=[(name, Markup(svg)) for name, svg in grid_svgs(c)],
        legend=Markup(legend_svg()), bars=Markup(quarter_chart_svg(c)),
        rate_phrase=rate_phrase, Outcome=Outcome,
    )
