"""Column types of our own, importable without the models (and so without SQLModel)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An instant: aware datetimes only, stored in UTC, read back aware in UTC.

    SQLite has no time zones: SQLAlchemy's ``DateTime`` would store an aware value's *local*
    wall time (08:00 for 07:00 UTC in summer) and read it back naive. Converting to UTC on
    the way in and tagging UTC on the way out keeps every backend the same. A naive value is
    ambiguous (London or UTC?) and refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"expected an aware datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: give a time zone")
        utc = value.astimezone(dt.UTC)
        # plain datetime (not a subclass such as pendulum's) for every driver
        utc = dt.datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second,
                          utc.microsecond, tzinfo=dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utc_column(nullable: bool = True, index: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable, index=index)
