"""Upgrading a database written before signed links (schema 0001) keeps every record; the new
columns start empty (the door of an old record is unknown) and the new tables exist."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, text

from storage.db import (
    _alembic_config,
    current_revision,
    known_revisions,
    make_engine,
    open_database,
)


def test_upgrade_from_0001_keeps_submissions_and_decisions(db_url: str) -> None:
    from alembic import command

    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
    now = dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO obligation (id, area, title, cadence, owner, recipients, source_file, "
            "quote, active, synced_at) VALUES ('a.r', 'a', 'R', 'annual', 'o', 'b', 'f', 'q', "
            "true, :now)"), {"now": now})
        conn.execute(text(
            "INSERT INTO occurrence (key, obligation_id, area, period, period_start, period_end,"
            " due, original_due, explanation, status, created_at, updated_at) VALUES "
            "('a.r@2025-26', 'a.r', 'a', '2025-26', '2025-04-01', '2026-03-31', '2026-06-30', "
            "'2026-06-30', 'x', 'submitted', :now, :now)"), {"now": now})
        conn.execute(text(
            "INSERT INTO submission (occurrence_id, submitted_by, submitted_at, recorded_at) "
            "SELECT id, 'Jo', :now, :now FROM occurrence"), {"now": now})
        conn.execute(text(
            "INSERT INTO decision (occurrence_id, kind, reason, approver, recorded_at) "
            "SELECT id, 'waived', 'merged', 'Chair', :now FROM occurrence"), {"now": now})
    engine.dispose()
    engine = open_database(db_url)
    try:
        assert current_revision(engine) == known_revisions()[1]
        with engine.connect() as conn:
            subs = conn.execute(text("SELECT submitted_by, channel, role FROM submission")).all()
            decs = conn.execute(text("SELECT approver, channel, role FROM decision")).all()
            tables = set(inspect(conn).get_table_names())
        assert [tuple(r) for r in subs] == [("Jo", None, None)]
        assert [tuple(r) for r in decs] == [("Chair", None, None)]
        assert {"receipt", "deferralrequest"} <= tables
    finally:
        engine.dispose()
