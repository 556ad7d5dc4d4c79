"""The schema revisions a read command checks a database against are read from the
migration scripts' text (no Alembic import); they are exactly the ones Alembic itself finds,
so the two cannot drift apart, and a read command does not import Alembic at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storage.db import alembic_revisions, known_revisions, open_database

ROOT = Path(__file__).resolve().parents[1]


def test_revisions_and_head_from_the_script_text_equal_alembics() -> None:
    revisions, head = known_revisions()
    assert (revisions, head) == alembic_revisions()
    assert head in revisions and len(revisions) >= 3


def test_opening_a_database_read_only_imports_no_alembic(tmp_path: Path) -> None:
    db = tmp_path / "cycles.sqlite"
    open_database(f"sqlite:///{db}").dispose()  # created and migrated (through Alembic)
    code = (
        "import sys\n"
        "from storage.db import known_revisions, open_database\n"
        f"open_database('sqlite:///{db}', read_only=True).dispose()\n"
        "print(known_revisions()[1], [m for m in sys.modules if m.split('.')[0] == 'alembic'])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env).stdout.split()
    assert out == [known_revisions()[1], "[]"]
