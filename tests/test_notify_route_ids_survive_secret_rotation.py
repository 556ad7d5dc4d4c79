"""Rotating a password or webhook signature kept in the environment keeps each route's id,
so the ledger does not see new routes and re-send what was already delivered."""

from __future__ import annotations

from pathlib import Path

from cycles.notify.apprise_notifier import AppriseNotifier

CONFIG = """\
version: 1
urls:
  - mailto://cycles:${SMTP_PASSWORD}@127.0.0.1:2525?from=cycles@example.org&to=dcs@example.org:
      - tag: medway.dcs
  - workflows://127.0.0.1:8443/${TEAMS_WORKFLOW}/${TEAMS_SIG}/?verify=no:
      - tag: medway.dcs
"""


def _ids(tmp_path: Path, password: str, sig: str) -> list[str]:
    path = tmp_path / "apprise.yml"
    path.write_text(CONFIG)
    env = {"SMTP_PASSWORD": password, "TEAMS_WORKFLOW": "a1b2c3d4e5f6", "TEAMS_SIG": sig}
    return [r.id for r in AppriseNotifier(path, environ=env).routes("medway.dcs")]


def test_rotated_secrets_keep_route_ids(tmp_path: Path) -> None:
    before = _ids(tmp_path, "first-password-1234", "signature-aaaa-1111")
    after = _ids(tmp_path, "second-password-5678", "signature-bbbb-2222")
    assert len(before) == 2
    assert before == after


def test_different_destinations_have_different_ids(tmp_path: Path) -> None:
    ids = _ids(tmp_path, "first-password-1234", "signature-aaaa-1111")
    assert len(set(ids)) == 2
