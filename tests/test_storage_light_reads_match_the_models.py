"""The read-only commands read through light table clauses and check a database against a
list of tables and columns, neither importing SQLModel: every column named there exists in
the models with the same type, the list is exactly the models' tables and columns, and
``status`` against a database imports neither SQLModel nor the ORM (pydantic only checks
a catalogue the cache has not seen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import String
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage import reads
from storage.columns import HEAD
from storage.db import expected_tables, known_revisions, model_tables

ROOT = Path(__file__).resolve().parents[1]


def test_every_light_column_is_a_model_column_of_the_same_type() -> None:
    for light in (reads.OCC, reads.EVENT, reads.SUBMISSION):
        model = SQLModel.metadata.tables[light.name]
        for col in light.columns:
            declared = model.columns[col.name].type
            # the same type, or (SQLModel's AutoString) a string read as a string
            assert type(declared) is type(col.type) or (
                type(col.type) is String and declared._type_affinity is String
            ), (light.name, col.name, declared, col.type)


def test_the_head_schema_checked_is_exactly_the_models() -> None:
    assert model_tables() == HEAD
    assert expected_tables(known_revisions()[1]) == HEAD


def test_status_with_a_database_imports_no_sqlmodel(tmp_path: Path) -> None:
    from storage.db import open_database

    db = tmp_path / "cycles.sqlite"
    open_database(f"sqlite:///{db}").dispose()  # created and migrated
    code = (
        "import sys\n"
        "from cycles.cli import main\n"
        "sys.argv = ['cycles', 'status', '--as-of', '2026-11-23T07:00', "
        f"'--db', 'sqlite:///{db}']\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    heavy = [m for m in ('sqlmodel', 'sqlalchemy.orm', 'storage.models')\n"
        "             if m in sys.modules]\n"
        "    print('HEAVY', heavy, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr
