"""Shared fixtures, one plugin module per concern under ``tests/fixtures``; the YAML test
catalogues and the one-scan script they write out are files under ``tests/data``.

Tests use real parts: SQLite files in ``tmp_path``, a fresh PostgreSQL database per test, an
SMTP sink and an HTTPS server on loopback. Time travels by the scan's ``as_of``, never by
sleeping.

==========================  ===================================================================
plugin                      fixtures
==========================  ===================================================================
fixtures.cli                ``cli``: ``cycles`` invoked in-process
fixtures.catalogues         ``medway_text``, ``small_catalogue`` (alpha, beta: dates by hand)
fixtures.clock              ``at``: 07:00 London on a day, as a UTC instant
fixtures.databases          ``sqlite_url``, ``pg_url``, ``db_url`` (both), ``dump_db``;
                            ``require_postgres()`` and ``fresh_database()`` for tests
fixtures.messages           ``make_item``: an owed item for the notifiers
fixtures.mail               ``mail_sink`` (aiosmtpd on loopback), ``closed_port``
fixtures.https_server       ``self_signed_cert``, ``https_sink`` (a Teams workflow stand-in)
fixtures.routes             ``many_routes``: one tag with many mailto routes, all owed
fixtures.scan_process       ``scan_script``: one real scan in a new process
==========================  ===================================================================

``tests/`` is on ``sys.path`` (pytest inserts this file's folder), so ``fixtures.*`` import
as a package from here and from the tests.
"""

from __future__ import annotations

pytest_plugins = [
    "fixtures.cli",
    "fixtures.catalogues",
    "fixtures.clock",
    "fixtures.databases",
    "fixtures.messages",
    "fixtures.mail",
    "fixtures.https_server",
    "fixtures.routes",
    "fixtures.scan_process",
]
