"""Throw the bad inputs of issue 8 (and more of their kind) at ``cycles`` and count what
happens, per group: tried, clear error (exit 2, one line per problem, no traceback),
traceback, silently accepted, database changed by a rejected input, stalled (> 30 s).

Run: ``python benchmarks/bad_inputs.py [--out FILE.md]``. Not a test: it prints the table
(Markdown). Commands run in this process (click's runner) unless they may stall (catalogue
and Apprise files, run as their own process with a timeout). Every case starts from a fresh
copy of a SQLite database holding some history; its iterdump is compared after a refusal.
The fault cases (disk full on a tmpfs, an I/O error via ``chattr +i``) need root; without it
they are reported as not run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from hardening import (  # noqa: E402
    GAMMA_YAML,
    Outcome,
    invoke,
    record_history,
    sqlite_dump,
    write_catalogue,
)

STALL_S = 30


@dataclass
class Case:
    group: str
    name: str
    args: list[str]  # {db} {cat} {tmp} {notify} are filled in
    prepare: Callable[[Path], None] | None = None  # given the case's folder
    own_process: bool = False
    db_flag: bool = True


@dataclass
class Tally:
    tried: int = 0
    clear: int = 0
    traceback: int = 0
    accepted: int = 0
    changed: int = 0
    stalled: int = 0
    bad: list[str] = field(default_factory=list)


SUBMIT = ["submit", "alpha.quarterly-return", "--period", "2026-27 Q2"]
WAIVE = ["waive", "alpha.quarterly-return", "--period", "2026-27 Q2"]
DEFER = ["defer", "alpha.quarterly-return", "--period", "2026-27 Q2"]
EVENT = ["event", "gamma.review_published"]


def date_cases() -> list[Case]:
    out: list[Case] = []
    far = ["1900-01-01", "0001-01-01", "9999-12-31", "2100-01-01", "2010-06-01"]
    broken = ["2026-02-30", "2026-13-01", "yesterday", "", "24:00", "P1D", "2026-W99",
              "9999-12-31T23:59-05:00", "0001-01-01T00:00+01:00"]
    clocks = ["2026-03-29T01:30", "2026-10-25T01:30", "2027-03-28T01:15", "2027-10-31T01:45"]
    for v in far + broken + clocks:
        out.append(Case("dates and instants", f"submit --at {v!r}",
                        [*SUBMIT, "--by", "M", "--at", v]))
    for v in far + broken[:4] + clocks[:2]:
        out.append(Case("dates and instants", f"run --dry-run --as-of {v!r}",
                        ["run", "--dry-run", "--as-of", v, "--notify", "{notify}"]))
    for v in ["1900-01-01T07:00", "2100-01-01T07:00", "9999-12-31T07:00", "2026-03-29T01:30"]:
        out.append(Case("dates and instants", f"run --as-of {v!r}",
                        ["run", "--as-of", v, "--notify", "{notify}"]))
    for v in ["0001-01-01", "9999-12-31", "2026-10-25T01:30"]:
        out.append(Case("dates and instants", f"status --as-of {v!r}", ["status", "--as-of", v]))
        out.append(Case("dates and instants", f"report --as-of {v!r}",
                        ["report", "--year", "2026-27", "--as-of", v, "--format", "csv"]))
    for v in ["9999-12-31", "1900-01-01", "2026-02-30", ""]:
        out.append(Case("dates and instants", f"defer --to {v!r}",
                        [*DEFER, "--to", v, "--reason", "r", "--approver", "a"]))
    for v in ["1900-01-01", "9999-12-31", "2026-02-30", ""]:
        out.append(Case("dates and instants", f"event --on {v!r}", [*EVENT, "--on", v]))
    for a, b in [("0001-01-01", "9999-12-31"), ("2021-01-01", "2031-12-31"),
                 ("2027-01-01", "2026-01-01"), ("1900-01-01", "1900-02-01")]:
        out.append(Case("dates and instants", f"upcoming {a}..{b}",
                        ["upcoming", "--from", a, "--to", b], db_flag=False))
        out.append(Case("dates and instants", f"simulate {a}..{b}",
                        ["simulate", "--from", a, "--to", b]))
        out.append(Case("dates and instants", f"calendar {a}..{b}",
                        ["calendar", "--from", a, "--to", b], db_flag=False))
    return out


def text_cases() -> list[Case]:
    bad = {"empty": "", "blank": "   ", "ESC": "x\x1b[31m", "BEL": "x\x07", "CSI": "\x9b2J",
           "bidi override": "a\u202eb", "zero-width": "a\u200bb", "NUL-like": "a\x01b",
           "line separator": "a\u2028b"}
    long = {"--by": 201, "--note": 2001, "--reason": 2001, "--approver": 201, "--ref": 121,
            "--evidence": 2001, "--period": 61}
    out: list[Case] = []
    base = {"--by": ([*SUBMIT], ["--by"]), "--note": ([*SUBMIT, "--by", "M"], ["--note"]),
            "--evidence": ([*SUBMIT, "--by", "M"], ["--evidence"]),
            "--reason": ([*WAIVE, "--approver", "a"], ["--reason"]),
            "--approver": ([*WAIVE, "--reason", "r"], ["--approver"]),
            "--ref": ([*EVENT, "--on", "2026-09-02"], ["--ref"])}
    for flag, (args, opt) in base.items():
        for label, value in bad.items():
            if flag == "--note" and label in ("empty",):
                pass
            out.append(Case("text fields", f"{flag} {label}", [*args, *opt, value]))
        out.append(Case("text fields", f"{flag} {long[flag]} characters",
                        [*args, *opt, ("https://x.org/" if flag == "--evidence" else "")
                         + "y" * long[flag]]))
    out.append(Case("text fields", "--evidence not a link", [*SUBMIT, "--by", "M",
                                                             "--evidence", "see email"]))
    out.append(Case("text fields", "--period 61 characters",
                    ["submit", "alpha.quarterly-return", "--period", "p" * 61, "--by", "M"]))
    out.append(Case("text fields", "--period with ESC",
                    ["submit", "alpha.quarterly-return", "--period", "\x1b[2J", "--by", "M"]))
    out.append(Case("text fields", "obligation with ESC",
                    ["submit", "alpha.\x1b[2J", "--period", "2026-27 Q2", "--by", "M"]))
    out.append(Case("text fields", "obligation 10 000 characters",
                    ["history", "a" * 10_000]))
    out.append(Case("text fields", "event name blank", ["event", " ", "--on", "2026-09-02"]))
    out.append(Case("text fields", "unknown option", [*SUBMIT, "--by", "M", "-0"]))
    return out


def catalogue_cases() -> list[Case]:
    from hardening import small_area

    ALPHA_YAML = small_area("alpha")
    def variant(text: str | bytes, name: str = "alpha.yaml") -> Callable[[Path], None]:
        def prepare(folder: Path) -> None:
            target = folder / "bad"
            target.mkdir()
            data = text.encode() if isinstance(text, str) else text
            (target / name).write_bytes(data)
        return prepare

    alpha = ALPHA_YAML
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    variants: dict[str, Callable[[Path], None]] = {
        "duplicate key": variant(alpha.replace("name: Alphaton", "name: Alphaton\nname: Other")),
        "working_days_after: true": variant(alpha.replace("working_days_after: 15",
                                                          "working_days_after: true")),
        "name empty": variant(alpha.replace("name: Alphaton", 'name: ""')),
        "title of spaces": variant(alpha.replace("title: Quarterly performance return",
                                                 'title: "   "')),
        "tracking_from 9999-01-01": variant(alpha.replace("2026-04-01", "9999-01-01")),
        "tracking_from 0001-01-01": variant(alpha.replace("2026-04-01", "0001-01-01")),
        "alias bomb": variant(bomb),
        "binary": variant(os.urandom(4096)),
        "empty file": variant(""),
        "a list, not a mapping": variant("- a\n- b\n"),
        "unknown role": variant(alpha.replace("owner: [manager]", "owner: [nobody]")),
        "negative lead time": variant(alpha.replace("[14, 3]", "[-14, 3]")),
        "unknown cadence": variant(alpha.replace("cadence: quarterly", "cadence: fortnightly")),
        "bad date": variant(alpha.replace("2026-04-01", "2026-02-30")),
        "tab indentation": variant(alpha.replace("  chair:", "\tchair:")),
        "control character in title": variant(alpha.replace(
            "Quarterly performance return", "Quarterly\x1b[31m return")),
        "12 MB file": variant(alpha + "#" + "x" * 12_000_000 + "\n"),
        "not UTF-8": variant(alpha.encode("utf-8").replace(b"Alphaton", b"Alph\xe9ton")),
        "due rule missing": variant(alpha.replace("    due: {working_days_after: 15}\n", "")),
    }

    def two_files_one_area(folder: Path) -> None:
        variant(alpha)(folder)
        (folder / "bad" / "alpha-again.yaml").write_text(
            GAMMA_YAML.replace("area: gamma", "area: alpha"), encoding="utf-8")

    variants["two files, one area id"] = two_files_one_area
    out = [Case("catalogue YAML (H4)", name, ["validate", "{tmp}/bad"], prep,
                own_process=True, db_flag=False) for name, prep in variants.items()]
    out += [Case("catalogue YAML (H4)", "/dev/zero", ["validate", "/dev/zero"],
                 own_process=True, db_flag=False),
            Case("catalogue YAML (H4)", "a folder with no YAML", ["validate", "{tmp}"],
                 own_process=True, db_flag=False),
            Case("catalogue YAML (H4)", "a FIFO", ["validate", "{tmp}/fifo.yaml"],
                 lambda f: os.mkfifo(f / "fifo.yaml"), own_process=True, db_flag=False),
            Case("catalogue YAML (H4)", "missing file", ["validate", "{tmp}/none.yaml"],
                 own_process=True, db_flag=False)]
    return out


def apprise_cases() -> list[Case]:
    def config(text: str) -> Callable[[Path], None]:
        def prepare(folder: Path) -> None:
            (folder / "apprise.yml").write_text(text, encoding="utf-8")
        return prepare

    head = "version: 1\nurls:\n"
    entry = "  - {url}:\n      - tag: alpha.manager\n"
    cases = {
        "invalid YAML": "urls: [\n  - mailto://x\n",
        "unknown scheme": head + entry.format(url="nosuch://example.org"),
        "no URLs": head.replace("urls:\n", "urls: []\n"),
        "unset ${VAR}": head + entry.format(url="mailto://u:${NOT_SET_ANYWHERE}@127.0.0.1"),
        "reserved characters in a secret": head + entry.format(
            url="mailto://relay:${H8_SECRET}@127.0.0.1?from=a@x.org&to=b@x.org"),
        "alias bomb": "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
        "binary": "\x00\x01\x02garbage",
        "a list of numbers": "- 1\n- 2\n",
        "mailto without from": head + entry.format(url="mailto://127.0.0.1:1?to=b@x.org"),
    }
    out = [Case("Apprise config and secrets (H2)", name,
                ["run", "--dry-run", "--as-of", "2026-10-16T07:00", "--notify",
                 "{tmp}/apprise.yml"], config(text), own_process=True)
           for name, text in cases.items()]
    out += [Case("Apprise config and secrets (H2)", "missing file",
                 ["run", "--dry-run", "--notify", "{tmp}/none.yml"], own_process=True),
            Case("Apprise config and secrets (H2)", "a folder",
                 ["run", "--dry-run", "--notify", "{tmp}"], own_process=True)]
    return out


def database_cases() -> list[Case]:
    import sqlite3

    def sql(*statements: str) -> Callable[[Path], None]:
        def prepare(folder: Path) -> None:
            conn = sqlite3.connect(folder / "theirs.sqlite")
            for s in statements:
                conn.execute(s)
            conn.commit()
            conn.close()
        return prepare

    def ours_then(statement: str) -> Callable[[Path], None]:
        def prepare(folder: Path) -> None:
            shutil.copyfile(folder / "cycles.sqlite", folder / "theirs.sqlite")
            sql(statement)(folder)
        return prepare

    def raw(data: bytes) -> Callable[[Path], None]:
        return lambda folder: (folder / "theirs.sqlite").write_bytes(data)

    def truncated(folder: Path) -> None:
        (folder / "theirs.sqlite").write_bytes((folder / "cycles.sqlite").read_bytes()[:1500])

    kinds = {
        "another application's tables": sql("CREATE TABLE customer (id INTEGER, name TEXT)"),
        "alembic_version with no row": sql("CREATE TABLE alembic_version (version_num TEXT)"),
        "foreign occurrence table": sql("CREATE TABLE occurrence (a TEXT, b TEXT)"),
        "attempt table missing": ours_then("DROP TABLE attempt"),
        "a newer schema": ours_then("UPDATE alembic_version SET version_num = '9999'"),
        "random bytes": raw(os.urandom(8192)),
        "truncated file": truncated,
    }
    out: list[Case] = []
    for kind, prep in kinds.items():
        for cmd in (["status"], [*SUBMIT, "--by", "M"], ["run", "--notify", "{notify}"]):
            out.append(Case("databases", f"{kind}: {cmd[0]}",
                            [*cmd, "--db", "sqlite:///{tmp}/theirs.sqlite"], prep,
                            db_flag=False))
    out += [
        Case("databases", "--db ''", ["status", "--db", ""], db_flag=False),
        Case("databases", "--db under a file",
             [*SUBMIT, "--by", "M", "--db", "sqlite:///{tmp}/cycles.sqlite/x/y.sqlite"],
             db_flag=False),
        Case("databases", "--db not a URL", ["status", "--db", "::nonsense::"], db_flag=False),
        Case("databases", "--db a folder", [*SUBMIT, "--by", "M", "--db", "sqlite:///{tmp}"],
             db_flag=False),
        Case("databases", "--db unknown driver", ["status", "--db", "nosuch://x/y"],
             db_flag=False),
        Case("databases", "PostgreSQL unreachable", ["status", "--db",
             "postgresql+psycopg://u:pw-canary@127.0.0.1:1/x"], db_flag=False),
    ]
    return out


def file_system_cases() -> list[Case]:
    return [
        Case("file system", "report --output a folder",
             ["report", "--year", "2026-27", "--output", "{tmp}"]),
        Case("file system", "report --output under a file",
             ["report", "--year", "2026-27", "--output", "{tmp}/cycles.sqlite/r.html"]),
        Case("file system", "report --output in /proc",
             ["report", "--year", "2026-27", "--output", "/proc/h8-report.html"]),
        Case("file system", "--catalogue missing", ["status", "--catalogue", "{tmp}/none"],
             db_flag=True),
        Case("file system", "--catalogue with NUL", ["upcoming", "--catalogue", "a\x00b"],
             db_flag=False),
        Case("file system", "--outbox under a file (demo)",
             ["run", "--demo", "--outbox", "{tmp}/cycles.sqlite/out"]),
        Case("file system", "validate a path with NUL", ["validate", "a\x00b"], db_flag=False),
    ]


def run_case(case: Case, template: Path, catalogue: Path, notify: Path) -> tuple[str, str]:
    """(outcome, detail): clear | traceback | accepted | changed | stalled."""
    with tempfile.TemporaryDirectory(prefix="h8-bad-") as folder_name:
        folder = Path(folder_name)
        db = folder / "cycles.sqlite"
        shutil.copyfile(template, db)
        if case.prepare:
            case.prepare(folder)
        fill = {"{db}": f"sqlite:///{db}", "{cat}": str(catalogue), "{tmp}": str(folder),
                "{notify}": str(notify)}
        args = []
        for a in case.args:
            for k, v in fill.items():
                a = a.replace(k, v)
            args.append(a)
        if case.db_flag:
            args += ["--db", f"sqlite:///{db}"]
        if args[0] != "validate" and "--catalogue" not in args:
            args += ["--catalogue", str(catalogue)]
        before = sqlite_dump(db)
        env = {"H8_SECRET": "Tr0ub4dor&3/horse@staple"}
        if case.own_process:
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "cycles.cli", *args], cwd=folder,
                    env={**os.environ, **env, "PYTHONPATH": str(REPO)},
                    capture_output=True, text=True, timeout=STALL_S)
            except subprocess.TimeoutExpired:
                return "stalled", f"> {STALL_S} s"
            outcome = Outcome(done.returncode, done.stdout, done.stderr)
        else:
            old = os.getcwd()
            os.chdir(folder)
            try:
                started = time.monotonic()
                outcome = invoke(args, env=env)  # type: ignore[arg-type]
                if time.monotonic() - started > STALL_S:
                    return "stalled", f"{time.monotonic() - started:.0f} s"
            finally:
                os.chdir(old)
        if outcome.traceback or outcome.code not in (0, 1, 2):
            return "traceback", f"exit {outcome.code}: {outcome.exception!r}"
        if outcome.code != 2:
            return "accepted", f"exit {outcome.code}"
        lines = outcome.err.splitlines()
        one_per_problem = case.group.startswith("catalogue") and lines and all(
            line.strip() for line in lines)
        if len(lines) != 1 and not one_per_problem:
            return "traceback", f"{len(lines)} lines"
        if sqlite_dump(db) != before:
            return "changed", "database changed"
        if "horse@staple" in outcome.err + outcome.out:
            return "accepted", "secret leaked"
        return "clear", lines[0][:100]


def fault_rows() -> list[tuple[str, str]]:
    """The fault cases of the issue: run their tests and report pass or fail."""
    tests = {
        "disk full at 0-400 KB free (6 levels, real tmpfs)":
            "tests/test_runner_disk_full_mid_scan_is_one_line.py",
        "I/O error after the hand-over (repeated once, never twice)":
            "tests/test_runner_send_interrupted_by_an_io_error_is_repeated_at_most_once.py",
        "read-only mount, immutable file (read commands)":
            "tests/test_storage_read_commands_open_read_only.py",
        "SIGKILL mid-send (3 kills)": "tests/test_runner_survives_sigkill_mid_send.py",
    }
    rows = []
    for what, test in tests.items():
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               test], cwd=REPO, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
        last = (done.stdout.strip().splitlines() or ["?"])[-1]
        rows.append((what, f"{'pass' if done.returncode == 0 else 'FAIL'}: {last}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--no-faults", action="store_true", help="skip the fault tests")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="h8-template-") as name:
        folder = Path(name)
        catalogue = write_catalogue(folder / "catalogue")
        template = folder / "template.sqlite"
        record_history(f"sqlite:///{template}", catalogue)
        notify = folder / "apprise.yml"
        notify.write_text("version: 1\nurls:\n  - mailto://127.0.0.1:1?from=c@x.org&to="
                          "m@x.org:\n      - tag: alpha.manager\n", encoding="utf-8")
        cases = (date_cases() + text_cases() + catalogue_cases() + apprise_cases()
                 + database_cases() + file_system_cases())
        tallies: dict[str, Tally] = {}
        for case in cases:
            started = time.monotonic()
            outcome, detail = run_case(case, template, catalogue, notify)
            print(f"{time.monotonic() - started:6.2f} s {outcome:9} {case.group}: "
                  f"{case.name!r}", file=sys.stderr)
            t = tallies.setdefault(case.group, Tally())
            t.tried += 1
            setattr(t, outcome, getattr(t, outcome) + 1)
            if outcome != "clear":
                t.bad.append(f"{case.name}: {outcome} ({detail})")
    lines = ["| group | tried | clear error | traceback | silently accepted | "
             "database changed on rejected input | stalled |", "|---|---|---|---|---|---|---|"]
    total = Counter[str]()
    for group, t in tallies.items():
        lines.append(f"| {group} | {t.tried} | {t.clear} | {t.traceback} | {t.accepted} | "
                     f"{t.changed} | {t.stalled} |")
        total.update({"tried": t.tried, "clear": t.clear, "traceback": t.traceback,
                      "accepted": t.accepted, "changed": t.changed, "stalled": t.stalled})
    lines.append(f"| **all** | {total['tried']} | {total['clear']} | {total['traceback']} | "
                 f"{total['accepted']} | {total['changed']} | {total['stalled']} |")
    details = [f"- {g}: {b}" for g, t in tallies.items() for b in t.bad]
    text = "\n".join(lines) + ("\n\nNot a clear error:\n" + "\n".join(details) if details
                               else "\n\nEvery case got a clear error.") + "\n"
    if not options.no_faults:
        text += "\n| fault | outcome |\n|---|---|\n" + "".join(
            f"| {w} | {o} |\n" for w, o in fault_rows())
    print(text)
    if options.out:
        options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
