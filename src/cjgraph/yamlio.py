"""Safe YAML reading that keeps line numbers and refuses what hand-edited seeds should never contain.

Dates stay text (no implicit timestamps), anchors and aliases are refused (no alias bombs), duplicate
keys in one mapping are reported, and nesting deeper than ``MAX_DEPTH`` is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import Problem

MAX_DEPTH = 40
MAX_FILE_BYTES = 64 * 1024 * 1024

try:  # libyaml's parser when available: same nodes and marks, much faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_TAG = "tag:yaml.org,2002:"
_SCALARS = yaml.SafeLoader("")  # a constructor for plain scalars only


class LineDict(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 1
    key_lines: dict


class LineList(list):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    line: int = 1
    item_lines: list


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, or report why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, f"cannot read file: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(display, 1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(display, line, "binary file (contains NUL bytes), not UTF-8 text")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x})")]
    return text, []


def load_yaml(text: str, display: str) -> tuple[object, list[Problem]]:
    """Parse one YAML document into LineDict/LineList values, with every problem located."""
    if not text.strip():
        return None, [Problem(display, 1, "file is empty")]
    too_deep = _flow_depth_exceeded(text)
    if too_deep:
        return None, [Problem(display, too_deep, f"nesting deeper than {MAX_DEPTH} levels")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(display, line, f"invalid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 1, f"invalid YAML: {exc}")]
    if node is None:
        return None, [Problem(display, 1, "file is empty")]
    problems: list[Problem] = []
    value = _build(node, display, problems, set(), 0)
    return value, problems


_BRACKETS = re.compile(r"[\[\]{}]")
_GUARD_DEPTH = 1000  # libyaml's composer recurses in C: a deeper flow collection would crash it


def _flow_depth_exceeded(text: str) -> int:
    """The line where ``[``/``{`` nesting passes a depth no seed needs, or 0 (a cheap pre-parse guard)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > _GUARD_DEPTH:
            return text.count("\n", 0, match.start()) + 1
    return 0


def _build(node: yaml.Node, display: str, problems: list[Problem], seen: set[int], depth: int) -> object:
    line = node.start_mark.line + 1
    if id(node) in seen:
        problems.append(Problem(display, line, "anchors and aliases (& and *) are not allowed in seed files"))
        return None
    if depth > MAX_DEPTH:
        problems.append(Problem(display, line, f"nesting deeper than {MAX_DEPTH} levels"))
        return None
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        items = LineList(_build(item, display, problems, seen, depth + 1) for item in node.value)
        items.line = line
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items
    mapping = LineDict()
    mapping.line = line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = _build(key_node, display, problems, seen, depth + 1)
        key_line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            problems.append(Problem(display, key_line, f"mapping keys must be text, got {key!r}"))
            continue
        if key in mapping:
            problems.append(Problem(
                display, key_line, f"duplicate key {key!r} (first at line {mapping.key_lines[key]})"))
            continue
        mapping[key] = _build(value_node, display, problems, seen, depth + 1)
        mapping.key_lines[key] = key_line
    return mapping


def _scalar(node: yaml.ScalarNode) -> object:
    tag = node.tag
    if tag == _TAG + "timestamp" or tag == _TAG + "str":
        return node.value
    if tag in (_TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null"):
        return _SCALARS.construct_object(node)
    return node.value


def line_of(container: object, *path: object) -> int:
    """The line of the deepest element of ``path`` inside nested LineDict/LineList values."""
    line = getattr(container, "line", 1)
    current = container
    for step in path:
        if isinstance(current, LineDict) and step in current:
            line = current.key_lines.get(step, line)
            current = current[step]
        elif isinstance(current, LineList) and isinstance(step, int) and 0 <= step < len(current):
            line = current.item_lines[step]
            current = current[step]
        else:
            break
    return line
