"""Generated junk at every command that takes input (hypothesis): random unicode with
control characters and lone surrogates, huge strings, empty and blank strings, dates from
year 1 to 9999, instants with odd offsets. Whatever comes in, ``cycles`` exits 0 or 2 (never
1, never a crash), prints no traceback, a refusal is one line on stderr, and after a refusal
the database dump (sqlite iterdump) is unchanged.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hardening import invoke, record_history, sqlite_dump, write_catalogue
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

ANY_CHAR = st.characters(blacklist_categories=())  # controls, surrogates, everything
junk_text = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.text(st.sampled_from("\x00\x07\x1b[]\x9b\r\n\t \u202e\u200b;'\"%$`\\"), max_size=12),
    st.sampled_from(["", " ", "\t", "\n", "\x1b[2J", "x" * 5000, "é" * 100_000, "-",
                     "--help", "${HOME}", "../../etc/passwd", "0", "-1", "NaN"]),
)
dates = st.dates().map(lambda d: d.isoformat())  # 0001-01-01 .. 9999-12-31
instants = st.one_of(
    dates,
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    st.builds(lambda d, h, m, off: f"{d}T{h:02d}:{m:02d}{off}", dates,
              st.integers(0, 23), st.integers(0, 59),
              st.sampled_from(["", "Z", "+01:00", "-23:59", "+14:00"])),
    st.sampled_from(["2026-03-29T01:30", "2026-10-25T01:30", "24:00", "2026-02-30",
                     "2026-13-01", "9999-12-31T23:59-05:00", "0001-01-01T00:00+01:00"]),
)
value = st.one_of(junk_text, dates, instants)

OBLIGATIONS = st.one_of(st.sampled_from(["alpha.quarterly-return", "beta.half-year-return",
                                         "gamma.review-learning", "quarterly-return"]),
                        junk_text)
PERIODS = st.one_of(st.sampled_from(["2026-27 Q2", "2026-27 Q3", "2025-26 H2"]), junk_text)


def args_for(name: str) -> st.SearchStrategy[list[str]]:
    """The command line of ``name`` with junk in some of its values."""
    def cmd(*parts: st.SearchStrategy[str] | str) -> st.SearchStrategy[list[str]]:
        return st.tuples(*(st.just(p) if isinstance(p, str) else p for p in parts)).map(list)

    return {
        "validate": cmd("validate", junk_text.map(lambda t: f"{JUNK_DIR}/{t}"[:200])),
        "upcoming": cmd("upcoming", "--from", dates, "--to", value),
        "calendar": cmd("calendar", "--from", value, "--to", dates, "--area", junk_text),
        "status": cmd("status", "--as-of", instants, "--area", st.sampled_from(
            ["alpha", "beta"]) | junk_text),
        "run --dry-run": cmd("run", "--dry-run", "--as-of", instants, "--area",
                             st.sampled_from(["alpha", "gamma"]) | junk_text),
        "submit": cmd("submit", OBLIGATIONS, "--period", PERIODS, "--by", junk_text,
                      "--at", instants, "--evidence", junk_text | st.just("https://x.org/r"),
                      "--note", junk_text),
        "waive": cmd("waive", OBLIGATIONS, "--period", PERIODS, "--reason", junk_text,
                     "--approver", junk_text),
        "defer": cmd("defer", OBLIGATIONS, "--period", PERIODS, "--to", value, "--reason",
                     junk_text, "--approver", st.just("Chair") | junk_text),
        "event": cmd("event", st.just("gamma.review_published") | junk_text, "--on", value,
                     "--ref", junk_text, "--by", junk_text),
        "history": cmd("history", OBLIGATIONS),
        "simulate": cmd("simulate", "--from", dates, "--to", value, "--area",
                        st.just("alpha") | junk_text),
        "report": cmd("report", "--year", st.sampled_from(["2026-27"]) | junk_text,
                      "--as-of", instants, "--format", st.sampled_from(["csv", "md"])),
    }[name]


COMMANDS = ["validate", "upcoming", "calendar", "status", "run --dry-run", "submit", "waive",
            "defer", "event", "history", "simulate", "report"]
NEEDS_DB = {"status", "run --dry-run", "submit", "waive", "defer", "event", "history",
            "simulate", "report"}
JUNK_DIR = "/nonexistent-junk"
EXAMPLES = int(os.environ.get("CYCLES_JUNK_EXAMPLES", "60"))  # per command; 400 ran clean


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("junk")
    catalogue = write_catalogue(folder / "catalogue")
    db = folder / "template.sqlite"
    record_history(f"sqlite:///{db}", catalogue)
    notify = folder / "apprise.yml"
    roles = {"alpha": ["chair", "manager", "dcs", "trust"], "beta": ["lead", "council"],
             "gamma": ["chair", "trust"]}
    notify.write_text("version: 1\nurls:\n" + "".join(
        f"  - mailto://127.0.0.1:1?from=c@x.example&to={r}@{a}.example:\n"
        f"      - tag: {a}.{r}\n" for a, rs in roles.items() for r in rs), encoding="utf-8")
    return catalogue, db, notify


@pytest.mark.parametrize("name", COMMANDS)
def test_junk_never_crashes_and_a_refusal_changes_nothing(
        name: str, template: tuple[Path, Path, Path], tmp_path: Path) -> None:
    catalogue, source, notify = template
    db = tmp_path / "cycles.sqlite"

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(args_for(name))
    def check(args: list[str]) -> None:
        for extra in ("-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)
        shutil.copyfile(source, db)
        before = sqlite_dump(db)
        extra_args = ["--catalogue", str(catalogue)] if name != "validate" else []
        if name in NEEDS_DB:
            extra_args += ["--db", f"sqlite:///{db}"]
        if name == "run --dry-run":
            extra_args += ["--notify", str(notify)]
        outcome = invoke([*args, *extra_args])
        assert not outcome.traceback, (args, outcome.exception, outcome.err[-500:])
        assert outcome.code in (0, 2), (args, outcome.code, outcome.err[-500:])
        if outcome.code == 2:
            lines = outcome.err.splitlines()
            assert len(lines) == 1, (args, lines[:5])
            assert sqlite_dump(db) == before, args
        elif name not in ("submit", "waive", "defer", "event"):
            assert sqlite_dump(db) == before, args  # a read command never writes

    check()


def test_the_strategies_reach_every_command() -> None:
    assert set(COMMANDS) >= NEEDS_DB
    assert all(isinstance(args_for(n), st.SearchStrategy) for n in COMMANDS)


