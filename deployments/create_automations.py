"""Create the automations of ``deployments/automations.yaml`` on the Prefect server.

    python -m deployments.create_automations --block ms-teams-webhook/council-it

``--block`` names an existing notification block as ``<block type slug>/<block name>`` (as
the Blocks page and ``prefect block ls`` show it); every ``send-notification`` action gets
its id. An automation with the same name is replaced, so running it again is safe. Uses
only Prefect's client (``PREFECT_API_URL``): it needs nothing else from reporting-cycles.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

AUTOMATIONS = Path(__file__).resolve().parent / "automations.yaml"


def load(path: Path, block_id: str) -> list[dict[str, Any]]:
    """The automations of ``path`` with every notification action pointing at the block."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    automations = data["automations"] if isinstance(data, dict) else data
    for automation in automations:
        for action in automation.get("actions", []):
            if action.get("type") == "send-notification":
                action["block_document_id"] = block_id
    return list(automations)


def create(block: str, path: Path = AUTOMATIONS) -> list[tuple[str, str]]:
    """Create (or replace) the automations; returns (name, id) for each."""
    from prefect import get_client
    from prefect.events.schemas.automations import AutomationCore

    slug, _, name = block.partition("/")
    if not slug or not name:
        raise SystemExit(f"--block {block!r}: use <block type slug>/<block name>, e.g. "
                         "ms-teams-webhook/council-it")
    created = []
    with get_client(sync_client=True) as client:
        try:
            document = client.read_block_document_by_name(name, slug)
        except Exception:
            raise SystemExit(f"no notification block {block!r} on {client.api_url}: create "
                             "it under Blocks first") from None
        for spec in load(path, str(document.id)):
            automation = AutomationCore.model_validate(spec)
            for old in client.read_automations_by_name(automation.name):
                client.delete_automation(old.id)
            created.append((automation.name, str(client.create_automation(automation))))
    return created


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--block", required=True,
                        help="the notification block: <block type slug>/<block name>")
    parser.add_argument("--file", type=Path, default=AUTOMATIONS,
                        help="the automations file (default: deployments/automations.yaml)")
    args = parser.parse_args(argv)
    for name, automation_id in create(args.block, args.file):
        print(f"created automation {name!r} ({automation_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
