"""The due-date engine: pure functions of their arguments.

No clock is read here, no file, database or network is touched, and neither prefect nor
apprise is imported. Every date is a ``datetime.date`` in Europe/London terms; every
instant is an aware ``pendulum.DateTime``.
"""

from cycles.engine.chains import EventRecord, SubmissionRecord
from cycles.engine.periods import Cadence, Period, period_containing, periods_between
from cycles.engine.workdays import WorkingCalendar, fmt_date

__all__ = [
    "Cadence",
    "EventRecord",
    "Period",
    "SubmissionRecord",
    "WorkingCalendar",
    "fmt_date",
    "period_containing",
    "periods_between",
]
