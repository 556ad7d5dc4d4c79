"""The report's pictures, hand-built SVG: the year grid, its key and the quarter bars.

Every piece of text is escaped here, so the HTML template may insert the SVG as markup.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import escape

from cycles.compliance.model import Compliance, Group, Outcome, ReportLine
from cycles.compliance.wording import fmt_rate, rate_phrase
from cycles.compliance.years import MONTHS, month_index
from cycles.engine.workdays import fmt_date

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
COLOURS = {
    Outcome.on_time: "#1a7a3a",
    Outcome.late: "#c25a00",
    Outcome.missed: "#b3202c",
    Outcome.waived: "#c8c8c8",
    Outcome.open: "#ffffff",
}
LEGEND = [
    (Outcome.on_time, "on time (tick, solid)"),
    (Outcome.late, "late (hatched; number = working days late)"),
    (Outcome.missed, "missed (cross, heavy border)"),
    (Outcome.waived, "waived (W, grey)"),
    (Outcome.open, "not yet due (empty outline)"),
]


def _e(text: Any) -> str:
    return str(escape(str(text)))


def _wrap(text: str, width: int, lines: int) -> list[str]:
    words, out, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "\u2026"
    return out


def _defs(uid: str) -> str:
    """The late hatch; one per SVG (ids are unique in the page)."""
    return (f'<defs><pattern id="hatch-{uid}" width="7" height="7" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="7" height="7" fill="#fde3c4"/>'
            f'<rect width="3" height="7" fill="{COLOURS[Outcome.late]}"/></pattern></defs>')


def _mark(outcome: Outcome, x: float, y: float, w: float, h: float, uid: str,
          text: str = "", deferred: bool = False) -> str:
    """One occurrence cell: a fill pattern and a symbol, so it reads in black and white."""
    parts: list[str] = []
    cx, cy = x + w / 2, y + h / 2
    s = min(w, h) * 0.28  # symbol half-size
    if outcome is Outcome.on_time:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="{COLOURS[outcome]}" stroke="#0b3d1c" stroke-width="1"/>')
        parts.append(f'<path d="M{cx - s:.1f},{cy:.1f} L{cx - s * 0.3:.1f},{cy + s * 0.7:.1f} '
                     f'L{cx + s:.1f},{cy - s * 0.75:.1f}" fill="none" stroke="#ffffff" '
                     'stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>')
    elif outcome is Outcome.late:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="url(#hatch-{uid})" stroke="#7a3900" stroke-width="1"/>')
        pill = max(20.0, 8.5 * len(text) + 10)
        size = 14.0
        if pill > w - 2:  # two or more marks share the month: a smaller number
            pill, size = max(w - 2, 12.0), 11.0
        ph = min(20.0, h - 4)
        parts.append(f'<rect x="{cx - pill / 2:.1f}" y="{cy - ph / 2:.1f}" width="{pill:.1f}" '
                     f'height="{ph:.1f}" rx="{ph / 2:.1f}" fill="#ffffff" stroke="#000000" '
                     'stroke-width="1"/>')
        parts.append(f'<text x="{cx:.1f}" y="{cy + size * 0.36:.1f}" text-anchor="middle" '
                     f'font-size="{size:g}" font-weight="bold" fill="#000000">{_e(text)}</text>')
    elif outcome is Outcome.missed:
        parts.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{w - 2:.1f}" '
                     f'height="{h - 2:.1f}" rx="3" fill="{COLOURS[outcome]}" stroke="#000000" '
                     'stroke-width="2.5"/>')
        parts.append(f'<path d="M{cx - s:.1f},{cy - s:.1f} L{cx + s:.1f},{cy + s:.1f} '
                     f'M{cx + s:.1f},{cy - s:.1f} L{cx - s:.1f},{cy + s:.1f}" stroke="#ffffff" '
                     'stroke-width="3.5" stroke-linecap="round"/>')
    elif outcome is Outcome.waived:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="{COLOURS[outcome]}" stroke="#6b6b6b" stroke-width="1"/>')
        parts.append(f'<text x="{cx:.1f}" y="{cy + 5:.1f}" text-anchor="middle" '
                     'font-size="14" font-weight="bold" fill="#333333">W</text>')
    else:
        parts.append(f'<rect x="{x + 0.5:.1f}" y="{y + 0.5:.1f}" width="{w - 1:.1f}" '
                     f'height="{h - 1:.1f}" rx="3" fill="#ffffff" stroke="#555555" '
                     'stroke-width="1.2" stroke-dasharray="4 3"/>')
    if deferred:  # a light corner flag with a black edge: visible on dark and light cells
        parts.append(f'<path d="M{x + w - 13:.1f},{y:.1f} L{x + w:.1f},{y:.1f} '
                     f'L{x + w:.1f},{y + 13:.1f} Z" fill="#ffd21f" stroke="#000000" '
                     'stroke-width="1.2" stroke-linejoin="round"/>')
    return "".join(parts)


_LABEL_W, _COL_W, _HEAD_H, _ROW_H, _PAD = 330, 56, 48, 28, 6
_GRID_W = _LABEL_W + 12 * _COL_W + 8


def _svg_open(cls: str, width: float, height: float, title: str, uid: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" role="img" '
            f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
            f'font-family="{FONT}" aria-labelledby="t-{uid}">'
            f'<title id="t-{uid}">{_e(title)}</title>{_defs(uid)}')


def grid_svgs(c: Compliance) -> list[tuple[str, str]]:
    """The year grid, one SVG per area: (area name, svg).

    Rows are the area's obligations, columns the months April..March; each occurrence is a
    mark in the month of its original due date, drawn by :func:`_mark`. One SVG per area lets
    a long catalogue break between areas when printed.
    """
    by_area: dict[str, dict[str, list[ReportLine]]] = {}
    names: dict[str, str] = {}
    for i in c.items:
        by_area.setdefault(i.area, {}).setdefault(i.obligation_id, []).append(i)
        names[i.area] = i.area_name
    return [(names[a], _area_grid(c, a, names[a], obs)) for a, obs in by_area.items()]


def _area_grid(c: Compliance, area: str, name: str,
               obligations: dict[str, list[ReportLine]]) -> str:
    label_w, col_w, head_h, row_h, pad = _LABEL_W, _COL_W, _HEAD_H, _ROW_H, _PAD
    uid = f"grid-{re.sub(r'[^a-z0-9-]', '-', area.lower())}"
    body_h = row_h * len(obligations)
    height = head_h + body_h + 6
    out = [_svg_open("grid", _GRID_W, height, f"{name}: every report due in {c.year} by month, "
                     "marked by outcome", uid)]
    first = c.start.year
    # column bands, quarter headings and month names
    for m in range(12):
        x = label_w + m * col_w
        if m % 2 == 0:
            out.append(f'<rect x="{x}" y="{head_h - 18}" width="{col_w}" '
                       f'height="{body_h + 20}" fill="#efefef"/>')
        out.append(f'<text x="{x + col_w / 2}" y="{head_h - 5}" text-anchor="middle" '
                   f'font-size="13" font-weight="bold">{MONTHS[m]}</text>')
    for q in range(4):
        x = label_w + q * 3 * col_w
        year = first if q < 3 else first + 1
        out.append(f'<text x="{x + 1.5 * col_w}" y="12" text-anchor="middle" font-size="11" '
                   f'fill="#333">Q{q + 1} {year}</text>')
        out.append(f'<line x1="{x}" y1="2" x2="{x}" y2="{head_h + body_h}" stroke="#888" '
                   'stroke-width="1"/>')
    out.append(f'<text x="4" y="{head_h - 5}" font-size="15" font-weight="bold">'
               f'{_e(name)}</text>')
    out.append(f'<line x1="0" y1="{head_h}" x2="{_GRID_W}" y2="{head_h}" stroke="#000" '
               'stroke-width="1.5"/>')
    y = head_h
    for its in obligations.values():
        title = its[0].title
        lines = _wrap(title, 46, 2)
        ty = y + row_h / 2 + (4 if len(lines) == 1 else -1.5)
        out.append(f'<g class="ob"><title>{_e(title)}</title>')
        for n, line in enumerate(lines):
            out.append(f'<text x="10" y="{ty + n * 12:.1f}" font-size="11">{_e(line)}</text>')
        out.append("</g>")
        by_month: dict[int, list[ReportLine]] = {}
        for i in its:
            by_month.setdefault(i.month, []).append(i)
        for m, cell in by_month.items():
            x0 = label_w + m * col_w + pad / 2
            w = (col_w - pad - 2 * (len(cell) - 1)) / len(cell)
            for k, i in enumerate(cell):
                xc = x0 + k * (w + 2)
                text_in = str(i.working_days_late) if i.outcome is Outcome.late else ""
                tip = (f"{i.title}, {i.period}: {i.label}; due {fmt_date(i.due_in_force)}"
                       + (f", submitted {fmt_date(i.submitted_on)}" if i.submitted_on else ""))
                out.append(f'<g class="cell cell-{i.outcome.name}"><title>{_e(tip)}</title>'
                           + _mark(i.outcome, xc, y + 3, w, row_h - 6, uid, text_in,
                                   i.deferred)
                           + "</g>")
        y += row_h
        out.append(f'<line x1="0" y1="{y}" x2="{_GRID_W}" y2="{y}" stroke="#c8c8c8" '
                   'stroke-width="1"/>')
    if c.start <= c.as_of <= c.end:  # the as-of line, labelled in the header
        m = month_index(c.as_of)
        days = (dt.date(c.as_of.year + c.as_of.month // 12, c.as_of.month % 12 + 1, 1)
                - dt.timedelta(days=1)).day
        xa = label_w + m * col_w + col_w * (c.as_of.day - 0.5) / days
        out.append(f'<line x1="{xa:.1f}" y1="{head_h - 22}" x2="{xa:.1f}" '
                   f'y2="{head_h + body_h}" stroke="#000" stroke-width="2" '
                   'stroke-dasharray="6 3"/>')
        anchor, dx = ("end", -5) if m >= 10 else ("start", 5)
        label = f"as of {c.as_of.day} {c.as_of:%b}"
        tw = 7.0 * len(label) + 6
        bx = xa + dx - (tw if anchor == "end" else 0)
        out.append(f'<rect x="{bx:.1f}" y="{head_h - 33}" width="{tw:.1f}" height="14" '
                   'fill="#ffffff"/>')
        out.append(f'<text class="as-of" x="{xa + dx - 3 if anchor == "end" else xa + dx + 3:.1f}" '
                   f'y="{head_h - 22}" font-size="11" text-anchor="{anchor}" '
                   f'font-weight="bold">{_e(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def legend_svg() -> str:
    """The key to the grid's marks (colour, fill pattern and symbol)."""
    uid = "legend"
    entries: list[tuple[Outcome, str, bool]] = [(o, t, False) for o, t in LEGEND]
    entries.append((Outcome.on_time, "deferred before its due date (corner flag)", True))
    positions = [(0, 3), (250, 3), (620, 3), (0, 30), (250, 30), (620, 30)]
    out = [_svg_open("grid-legend", _GRID_W, 56, "Key to the year grid", uid)]
    for (lx, ly), (o, t, d) in zip(positions, entries, strict=True):
        out.append(f'<g class="key key-{o.name}{" key-deferred" if d else ""}">')
        out.append(_mark(o, lx + 4, ly, 40, 24, uid, "3" if o is Outcome.late else "", d))
        out.append(f'<text x="{lx + 52}" y="{ly + 16}" font-size="12.5">{_e(t)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def quarter_chart_svg(c: Compliance) -> str:
    """On-time rate by quarter (and for the year so far) as bars, 0-100%."""
    groups = [*c.by_quarter, Group("year", "Year", c.overall)]
    left, top, plot_h, bar_w, gap = 44, 22, 120, 68, 34
    width = left + len(groups) * (bar_w + gap) + 6
    height = top + plot_h + 58
    base = top + plot_h
    out = [_svg_open("bars", width, height, f"On-time rate by quarter, {c.year}", "bars")]
    for pct in (0, 25, 50, 75, 100):
        y = base - plot_h * pct / 100
        out.append(f'<line x1="{left}" y1="{y}" x2="{width - 4}" y2="{y}" '
                   f'stroke="{"#000" if pct == 0 else "#c8c8c8"}" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" font-size="11">'
                   f'{pct}%</text>')
    for n, g in enumerate(groups):
        x = left + gap / 2 + n * (bar_w + gap)
        cx = x + bar_w / 2
        t = g.tally
        fill = "#000000" if g.key == "year" else "#2f5f8a"
        if t.rate is None:
            out.append(f'<text x="{cx}" y="{base - 8}" text-anchor="middle" font-size="11" '
                       'fill="#444">none due yet</text>')
        else:
            h = plot_h * t.rate
            out.append(f'<rect class="bar" x="{x}" y="{base - h:.1f}" width="{bar_w}" '
                       f'height="{h:.1f}" fill="{fill}"><title>{_e(g.label)}: '
                       f'{_e(rate_phrase(t))} on time</title></rect>')
            out.append(f'<text x="{cx}" y="{base - h - 6:.1f}" text-anchor="middle" '
                       f'font-size="15" font-weight="bold">{fmt_rate(t.rate)}</text>')
        label = "Year to date" if g.key == "year" else g.label
        out.append(f'<text x="{cx}" y="{base + 16}" text-anchor="middle" font-size="12" '
                   f'font-weight="bold">{_e(label)}</text>')
        sub = (f"{t.on_time} of {t.assessed} on time" if t.assessed
               else f"{t.open} open, {t.waived} waived")
        out.append(f'<text x="{cx}" y="{base + 31}" text-anchor="middle" font-size="11">'
                   f'{_e(sub)}</text>')
        if t.late or t.missed:
            out.append(f'<text x="{cx}" y="{base + 45}" text-anchor="middle" font-size="11" '
                       f'fill="#333">{t.late} late, {t.missed} missed</text>')
    out.append("</svg>")
    return "".join(out)
