"""`cycles run --dry-run` shows what a real run would send, also before the first real run
(nothing stored yet), and writes nothing; after a real run it shows only what is new."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cycles.notify.mailsink import MailSink, free_port
from storage.db import open_database


def _run(cli: Callable[..., Any], sc: Any, db: str, as_of: str, *extra: str) -> Any:
    return cli("run", "--as-of", as_of, "--notify", str(sc.notify), "--db", db,
               "--catalogue", str(sc.catalogue), *extra)


def test_dry_run_on_a_new_database_plans_what_a_real_run_sends(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        cli: Callable[..., Any], dump_db: Callable[[Any], Any]) -> None:
    open_database(sqlite_url).dispose()  # an empty, migrated database
    before = dump_db(sqlite_url)
    sc = many_routes(free_port(), routes=2, obligations=3)  # nothing listening: never sent

    dry = _run(cli, sc, sqlite_url, "2026-07-01T07:00", "--dry-run", "--json")
    assert dry.exit_code == 0, dry.output
    plan = json.loads(dry.stdout)
    assert plan["dry_run"] and plan["owed"] == 6 and plan["sent"] == 0
    assert sorted((p["occurrence"], p["stage"]) for p in plan["planned"]) == sorted(
        (f"kt.report-{i}@2025-26", stage)
        for i, stage in ((0, "overdue-4"), (1, "overdue-4"), (2, "overdue-3")) for _ in range(2))
    assert all(p["to"] == "kt.owner" and p["route"].startswith("mailto://")
               for p in plan["planned"])
    assert dump_db(sqlite_url) == before  # nothing written

    table = _run(cli, sc, sqlite_url, "2026-07-01T07:00", "--dry-run")
    assert table.exit_code == 0 and "Would send" in table.stdout
    assert dump_db(sqlite_url) == before


def test_dry_run_after_a_real_run_shows_only_what_is_new(
        tmp_path: Path, many_routes: Callable[..., Any], sqlite_url: str,
        cli: Callable[..., Any], dump_db: Callable[[Any], Any]) -> None:
    with MailSink(tmp_path / "mail") as sink:
        sc = many_routes(sink.port, routes=2, obligations=3)
        real = _run(cli, sc, sqlite_url, "2026-07-01T07:00", "--json")
        assert real.exit_code == 0, real.output
        assert json.loads(real.stdout)["sent"] == 6 and sink.count == 2
        after_real = dump_db(sqlite_url)

        same_day = _run(cli, sc, sqlite_url, "2026-07-01T09:00", "--dry-run", "--json")
        assert json.loads(same_day.stdout)["planned"] == []

        week = _run(cli, sc, sqlite_url, "2026-07-08T07:00", "--dry-run", "--json")
        stages = {p["stage"] for p in json.loads(week.stdout)["planned"]}
        assert stages == {"overdue-5", "overdue-4"}  # the next weekly repeats
        assert dump_db(sqlite_url) == after_real
        assert sink.count == 2
