"""Instants are stored in UTC and read back aware and equal; dates stay dates.

On SQLite and on a fresh PostgreSQL database. The instants include a summer (BST) moment
given in London time and both DST change days of 2026 (29 March: 01:00 GMT -> 02:00 BST;
25 October: 01:30 London happens twice).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pendulum
import pytest
from sqlalchemy import select, text

from storage import queries as q
from storage.db import open_database

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC

INSTANTS = {
    "winter-utc": dt.datetime(2026, 1, 15, 7, 0, tzinfo=UTC),
    "bst-london-zoneinfo": dt.datetime(2026, 7, 1, 8, 0, 0, 123456, tzinfo=LONDON),
    "bst-london-pendulum": pendulum.datetime(2026, 7, 1, 8, 0, 1, tz="Europe/London"),
    "bst-fixed-offset": dt.datetime(2026, 7, 1, 8, 0, 2,
                                    tzinfo=dt.timezone(dt.timedelta(hours=1))),
    "spring-last-gmt-second": dt.datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
    "spring-first-bst": dt.datetime(2026, 3, 29, 2, 0, tzinfo=LONDON),  # = 01:00 UTC
    "autumn-0130-bst": dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=0),  # 00:30 UTC
    "autumn-0130-gmt": dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=1),  # 01:30 UTC
    "autumn-midnight": dt.datetime(2026, 10, 25, 0, 0, tzinfo=LONDON),  # 23:00 UTC on 24th
}


def _obligation(i: int, name: str, at: dt.datetime) -> dict[str, object]:
    return {"id": f"tz.{i:02d}-{name}", "area": "tz", "title": name, "cadence": "annual",
            "owner": "o", "recipients": "r", "source_file": "f", "quote": "q",
            "active": True, "synced_at": at}


def test_aware_instants_read_back_aware_utc_and_equal(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        with engine.begin() as conn:
            for i, (name, at) in enumerate(INSTANTS.items()):
                conn.execute(q.OBL.insert().values(**_obligation(i, name, at)))
        with engine.connect() as conn:
            back = {r.title: r.synced_at for r in conn.execute(select(q.OBL))}
            in_order = [r.title for r in
                        conn.execute(select(q.OBL).order_by(q.OBL.c.synced_at))]
        for name, at in INSTANTS.items():
            got = back[name]
            assert got.tzinfo is not None, f"{name}: read back naive ({got!r})"
            assert got.utcoffset() == dt.timedelta(0), f"{name}: not UTC ({got!r})"
            # (== across zones is False for a time in the repeated hour: compare in UTC)
            assert got == at.astimezone(UTC), (
                f"{name}: stored {at.isoformat()}, read back {got.isoformat()}")
        # the two 01:30s of 25 October are distinct instants an hour apart
        assert back["autumn-0130-gmt"] - back["autumn-0130-bst"] == dt.timedelta(hours=1)
        # ordering by the column is chronological (SQLite compares the stored text)
        chronological = sorted(INSTANTS, key=lambda n: INSTANTS[n].astimezone(UTC))
        assert in_order == chronological
        # and a comparison with a London-zoned bound value compares instants
        with engine.connect() as conn:
            bound = dt.datetime(2026, 7, 1, 8, 0, 0, 500000, tzinfo=LONDON)  # 07:00:00.5 UTC
            later = {r.title for r in conn.execute(
                select(q.OBL.c.title).where(q.OBL.c.synced_at > bound))}
        assert later == {n for n, a in INSTANTS.items() if a > bound}
    finally:
        engine.dispose()


def test_sqlite_stores_the_utc_wall_time(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    try:
        with engine.begin() as conn:
            conn.execute(q.OBL.insert().values(
                **_obligation(0, "bst", dt.datetime(2026, 7, 1, 8, 0, tzinfo=LONDON))))
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT synced_at FROM obligation")).scalar_one()
        assert str(raw).startswith("2026-07-01 07:00:00"), raw
    finally:
        engine.dispose()


def test_naive_datetimes_are_refused(db_url: str) -> None:
    """A naive datetime is ambiguous (London? UTC?): storage refuses it, writing nothing."""
    engine = open_database(db_url)
    try:
        with pytest.raises(Exception, match="naive"), engine.begin() as conn:
            conn.execute(q.OBL.insert().values(
                **_obligation(0, "naive", dt.datetime(2026, 7, 1, 7, 0))))
        with engine.connect() as conn:
            assert conn.execute(select(q.OBL.c.id)).first() is None
    finally:
        engine.dispose()


def test_dates_stay_dates_and_submission_instants_keep_their_moment(
        db_url: str, small_catalogue: object) -> None:
    from config.loader import load_catalogue
    from cycles.app import records
    from cycles.app.occurrences import sync_catalogue

    cat = load_catalogue([small_catalogue])  # type: ignore[list-item]
    engine = open_database(db_url)
    try:
        now = pendulum.datetime(2026, 10, 26, 9, tz="UTC")
        sync_catalogue(engine, cat, dt.date(2026, 10, 26), now)
        # submitted at 01:30 BST on the autumn change day (the first of the two 01:30s)
        at = dt.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=0)
        records.submit(engine, cat, "alpha.quarterly-return", "2026-27 Q2", "Manager", at, now)
        with engine.connect() as conn:
            occ = conn.execute(select(q.OCC).where(
                q.OCC.c.key == "alpha.quarterly-return@2026-27 Q2")).mappings().one()
            sub = conn.execute(select(q.SUBMISSION)).mappings().one()
        for column in ("period_start", "period_end", "due", "original_due"):
            value = occ[column]
            assert type(value) is dt.date, f"{column}: {value!r} is not a date"
        assert (occ["period_start"], occ["period_end"], occ["due"]) == (
            dt.date(2026, 7, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 21))
        assert sub["submitted_at"] == at.astimezone(UTC)
        assert sub["submitted_at"].utcoffset() == dt.timedelta(0)
        assert sub["submitted_at"].hour == 0  # 00:30 UTC
        assert occ["closed_at"] == at.astimezone(UTC)
        assert occ["created_at"] == now and occ["created_at"].tzinfo is not None
    finally:
        engine.dispose()
