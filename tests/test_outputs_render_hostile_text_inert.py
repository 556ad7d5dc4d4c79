"""Catalogue and user text that looks like markup comes out inert in every output format:
email HTML, email text (ours and the one Apprise derives from the HTML), the Teams card, the
compliance report's HTML, CSV and Markdown (the Prefect artifact)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from apprise import NotifyFormat
from apprise.conversion import convert_between
from markdown_it import MarkdownIt

from config.loader import load_catalogue
from cycles.compliance import compliance, to_csv, to_html, to_markdown, to_summary_csv
from cycles.notify.message import render
from storage.reporting import DecisionRow, ReportRow, SubmissionRow

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[click](javascript:alert(1))"
AUTOLINK = "<https://evil.example/x>"
PIPE = "a | b"
TICKS = "`rm -rf /`"
STRONG = "**loud** _quiet_"
FORMULA = '=HYPERLINK("https://evil.example","x")'
HOSTILE = [SCRIPT, IMG, LINK, AUTOLINK, PIPE, TICKS, STRONG, FORMULA]
TITLE = " ".join(HOSTILE[:4])  # a catalogue title
BY = " ".join(HOSTILE[4:7])  # a person's name as typed


class Markup(HTMLParser):
    """Every element and attribute an HTML document really holds."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)


def assert_inert_html(html: str, allowed: set[str]) -> None:
    parsed = Markup()
    parsed.feed(html)
    assert not set(parsed.tags) - allowed, set(parsed.tags) - allowed
    assert not [k for k, _ in parsed.attrs if k.startswith("on")]
    assert not [v for k, v in parsed.attrs if "javascript:" in v.lower()]


EMAIL_TAGS = {"html", "head", "meta", "title", "style", "body", "div", "p", "b", "span",
              "h2", "table", "tr", "th", "td", "a"}
# What a Markdown renderer makes of text that stays text: paragraphs (and the report's own
# headings, tables, lists and bold terms).
MARKDOWN_TAGS = {"p", "h1", "h2", "table", "thead", "tbody", "tr", "th", "td", "ul", "li",
                 "strong"}


def card_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        out = [node[k] for k in ("text", "value", "title") if isinstance(node.get(k), str)]
        return out + [t for v in node.values() for t in card_texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in card_texts(v)]
    return []


def test_messages_keep_hostile_catalogue_text_inert(make_item: Callable[..., Any]) -> None:
    items = [make_item(title=TITLE, owners=(BY,), local_default=FORMULA),
             make_item(obligation="medway.x", title=BY, kind="escalation",
                       stage="escalate-10wd", days_to_due=-14, working_days_late=10)]
    for batch in (items[:1], items):  # a single report and a digest
        m = render(batch, f"Chair {STRONG}", dt.date(2026, 10, 27))
        assert_inert_html(m.html, EMAIL_TAGS)
        assert "&lt;script&gt;" in m.html and "&lt;img" in m.html
        # plain text carries the text exactly as written: nothing there is interpreted
        assert SCRIPT in m.text and LINK in m.text
        derived = convert_between(NotifyFormat.HTML, NotifyFormat.TEXT, m.html)
        assert SCRIPT in derived and "<div" not in derived
        # Adaptive Card text rendered as Markdown (Adaptive Cards render no HTML)
        cards = MarkdownIt("commonmark", {"html": False})
        for text in card_texts(m.card["body"]):
            out = cards.render(text)
            for tag in ("<a ", "<img", "<code", "<strong", "<em", "<h1", "<ul", "<ol"):
                assert tag not in out, (text, out)
        flat = " ".join(card_texts(m.card["body"]))
        assert "[click\\](javascript:alert(1))" in flat
        if len(batch) > 1:
            assert "\\*\\*loud\\*\\* \\_quiet\\_" in flat


def _rows() -> list[ReportRow]:
    at = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)
    return [
        ReportRow(1, "medway.hostile:2026-27", "medway.hostile", TITLE, "medway", "2026-27",
                  dt.date(2026, 4, 1), dt.date(2027, 3, 31), dt.date(2026, 5, 29),
                  dt.date(2026, 5, 29), "submitted",
                  SubmissionRow(at, BY, FORMULA, SCRIPT, at),
                  (DecisionRow("deferred", LINK, IMG, dt.date(2026, 6, 30),
                               dt.date(2026, 5, 29), at),)),
        ReportRow(2, "medway.other:2026-27", "medway.other", f"{PIPE} {TICKS}", "medway",
                  "2026-27", dt.date(2026, 4, 1), dt.date(2027, 3, 31), dt.date(2026, 6, 5),
                  dt.date(2026, 6, 5), "open", None),
    ]


@pytest.fixture(scope="module")
def hostile_report() -> Any:
    return compliance(load_catalogue(), _rows(), dt.date(2026, 12, 1), year="2026-27",
                      area="medway")


def test_report_html_keeps_hostile_text_inert(hostile_report: Any) -> None:
    html = to_html(hostile_report)
    svg_tags = {"svg", "title", "defs", "pattern", "rect", "path", "text", "g", "line"}
    page_tags = {"html", "head", "meta", "title", "style", "body", "header", "main", "section",
                 "footer", "h1", "h2", "h3", "p", "div", "span", "table", "thead", "tbody",
                 "tr", "th", "td", "ul", "li", "dl", "dt", "dd", "b", "strong", "em",
                 "small", "figure", "figcaption", "caption", "abbr", "br", "nav", "a", "ol",
                 "colgroup", "col", "code"}
    assert_inert_html(html, svg_tags | page_tags)
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror" in html
    assert "<code>`" not in html  # the only code element is the template's own


def test_report_csv_keeps_formulas_and_text_inert(hostile_report: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(hostile_report))))
    hostile = next(r for r in rows if r["obligation_id"] == "medway.hostile")
    assert hostile["obligation"] == TITLE
    assert hostile["submitted_by"] == BY
    assert hostile["evidence"] == "'" + FORMULA  # a spreadsheet shows it, never runs it
    other = next(r for r in rows if r["obligation_id"] == "medway.other")
    assert other["obligation"] == f"{PIPE} {TICKS}"
    for row in csv.reader(io.StringIO(to_csv(hostile_report) + to_summary_csv(hostile_report))):
        assert not any(cell[:1] in ("=", "+", "@") for cell in row), row


def test_report_markdown_keeps_hostile_text_inert(hostile_report: Any) -> None:
    text = to_markdown(hostile_report)
    # rendered as GitHub-style Markdown with raw HTML allowed: the worst case for an artifact
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert_inert_html(html, MARKDOWN_TAGS)
    assert "<code" not in html and "<em>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    register = text.split("## Register")[1].split("##")[0]
    rows = [line for line in register.splitlines() if line.startswith("| ")]
    cells = MarkdownIt("commonmark").enable("table").render("\n".join(
        [rows[0], "|" + "---|" * 8, *rows[1:]]))
    assert cells.count("<tr>") == 3  # header + 2 reports
    assert all(r.count("<td>") == 8 for r in cells.split("<tr>")[2:])  # pipes stayed text
