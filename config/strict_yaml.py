"""Reading a catalogue file without surprises: bounded, regular, and strict YAML.

* Only a regular file is read (a FIFO would hang, ``/dev/zero`` would fill memory), and at
  most :data:`MAX_BYTES` of it.
* PyYAML's safe loader, except that a key written twice in one mapping is refused with both
  line numbers (PyYAML keeps the last silently), an impossible date (2026-13-45) stays text
  for the schema to report against its field, and the document's size *after* alias
  expansion is bounded (an alias bomb is refused in milliseconds, before anything walks it).
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from config.problems import Problem

MAX_BYTES = 1_000_000
MAX_EXPANDED_NODES = 200_000  # the five seed files together hold ~8,000


class StrictYamlError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_file(path: Path) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or the one-line reason it cannot be a catalogue file."""
    name = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        return None, Problem(name, "-", "-", f"cannot read the file: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        return None, Problem(name, "-", "-", "not a regular file (a catalogue is a .yaml file)")
    if info.st_size > MAX_BYTES:
        return None, Problem(name, "-", "-", f"file too large ({info.st_size:,} bytes; "
                             f"a catalogue file is at most {MAX_BYTES:,})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, Problem(name, "-", "-", f"cannot read the file: {exc.strerror}")
    if len(data) > MAX_BYTES:
        return None, Problem(name, "-", "-", f"file too large (over {MAX_BYTES:,} bytes)")
    return data, None


@lru_cache(maxsize=1)
def _loader_class() -> Any:
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


def parse(text: str, name: str) -> Any:
    """The document, or :class:`StrictYamlError` (YAML syntax errors propagate as PyYAML's)."""
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problems = _Walk(name).run(node)
        if problems:
            raise StrictYamlError(problems)
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _Walk:
    """One pass over the node graph: duplicate keys, and the size once aliases expand.

    Each node is visited once (aliases share nodes), its expanded size memoised, so the
    walk is linear in the text even when the expansion is exponential.
    """

    def __init__(self, name: str):
        self.name = name
        self.sizes: dict[int, int] = {}
        self.problems: list[Problem] = []

    def run(self, root: Any) -> list[Problem]:
        try:
            total = self._size(root, [], "-")
        except RecursionError:
            return [Problem(self.name, "-", "YAML", "nested too deeply, or an alias refers to "
                            "itself: write the values out")]
        if total > MAX_EXPANDED_NODES:
            return [Problem(self.name, "-", "YAML", f"aliases expand to over "
                            f"{MAX_EXPANDED_NODES:,} values: write the values out instead")]
        return self.problems

    def _size(self, node: Any, path: list[str], item: str) -> int:
        import yaml

        key = id(node)
        if key in self.sizes:
            if self.sizes[key] < 0:
                raise RecursionError
            return self.sizes[key]
        self.sizes[key] = -1
        size = 1
        if isinstance(node, yaml.MappingNode):
            size += self._mapping(node, path, item)
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                child_item = item
                if path in (["obligations"], ["omissions"]):
                    child_item = _label(child, path[0], i)
                    size += self._size(child, [], child_item)
                else:
                    size += self._size(child, [*path, f"[{i}]"], child_item)
                if size > MAX_EXPANDED_NODES:
                    break
        self.sizes[key] = size
        return size

    def _mapping(self, node: Any, path: list[str], item: str) -> int:
        size = 0
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                size += self._size(value_node, path, item)
                continue
            key = (key_node.tag, key_node.value) if isinstance(key_node.value, str) else None
            line = key_node.start_mark.line + 1
            if key is not None and key in first_line:
                where = ".".join([*path, str(key_node.value)]).replace(".[", "[") or "-"
                self.problems.append(Problem(
                    self.name, item, where,
                    f"written twice (lines {first_line[key]} and {line}): "
                    "keep one; the second would silently replace the first"))
            elif key is not None:
                first_line[key] = line
            size += 1 + self._size(value_node, [*path, str(key_node.value)], item)
            if size > MAX_EXPANDED_NODES:
                break
        return size


def _label(node: Any, section: str, index: int) -> str:
    """An obligation's id (an omission's duty) as written, for naming problems inside it."""
    import yaml

    want = "id" if section == "obligations" else "duty"
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == want and isinstance(v, yaml.ScalarNode) and v.value:
                return str(v.value)
    return f"{section.rstrip('s')} #{index + 1}"
