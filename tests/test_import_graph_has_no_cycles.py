"""The import graph of the project, read from the source (AST), has no cycle, and each layer
only calls down: the doors (CLI, flows) call the application layer, which calls storage and
the engine; storage and the engine call neither door, and storage calls no domain code.

Every import counts: at module level, inside functions (lazy), and by name in a string
(``importlib.import_module("cycles.commands_scan")``, the CLI's
``"cycles.commands_scan:run"`` table).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cycles", "config", "storage", "flows", "deployments")
CLI = ("cycles.cli", "cycles.cli_options", "cycles.commands", "cycles.commands_serve",
       "cycles.commands_report", "cycles.terminal_output")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[module_name(path)] = path
    return found


def targets(name: str, modules: dict[str, Path]) -> Iterator[str]:
    """The project module an imported name refers to (the longest known prefix)."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in modules:
            yield candidate
            return


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.split(":", 1)[0]  # "cycles.commands_scan:run" -> the module
            if text in modules:
                names.add(text)
    out: set[str] = set()
    for name in names:
        out.update(targets(name, modules))
    return out


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


def reachable(g: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(g.get(start, ()))
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(g.get(m, ()))
    return seen


def find_cycle(g: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(g):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def is_cli(module: str) -> bool:
    return module in CLI


def under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_is_read_from_every_package() -> None:
    g = graph()
    assert "cycles.app.records" in g and "flows.reminder_scan" in g and "storage.queries" in g
    assert "cycles.commands_scan" in g["cycles.cli"]  # a string import counts
    assert "cycles.app.setup" in g["flows.reminder_scan"]


def test_there_is_no_import_cycle() -> None:
    assert find_cycle(graph()) is None, " -> ".join(find_cycle(graph()) or [])


def test_flows_import_no_cli_module_even_indirectly() -> None:
    g = graph()
    for module in g:
        if under(module, "flows"):
            assert not [m for m in reachable(g, module) if is_cli(m)], module


def test_storage_and_the_engine_import_neither_flows_nor_the_cli() -> None:
    g = graph()
    for module, deps in g.items():
        if under(module, "storage") or under(module, "cycles.engine"):
            bad = [m for m in deps if under(m, "flows") or is_cli(m)]
            assert not bad, (module, bad)


def test_storage_imports_no_domain_code() -> None:
    g = graph()
    for module, deps in g.items():
        if under(module, "storage"):
            bad = [m for m in deps if under(m, "cycles")]
            assert not bad, (module, bad)


def test_the_application_layer_imports_no_door() -> None:
    g = graph()
    for module in g:
        if under(module, "cycles.app"):
            bad = [m for m in reachable(g, module) if is_cli(m) or under(m, "flows")]
            assert not bad, (module, bad)


def test_the_application_layer_imports_neither_click_nor_prefect() -> None:
    for path in (ROOT / "cycles" / "app").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in ("click", "prefect"), (path.name, name)


def test_the_cli_reaches_flows_only_through_serve() -> None:
    g = graph()
    for module in CLI:
        if module == "cycles.commands_serve":
            continue
        assert not [m for m in g.get(module, ()) if under(m, "flows")], module
