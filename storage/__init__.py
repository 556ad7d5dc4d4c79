"""What is remembered: SQLModel tables, the database set-up, migrations and queries.

SQLite (WAL) by default, any SQLAlchemy URL through ``--db`` or ``CYCLES_DATABASE_URL``.
Instants are stored in UTC and come back aware; dates are Europe/London calendar dates.
"""
