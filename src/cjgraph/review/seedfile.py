"""Appending an accepted item to a curator's seed file as YAML text, leaving every other byte as it was.

The file is never dumped wholesale (that would lose its comments and layout): the item is written as a block
sequence item and inserted after the last item of the file's ``entities:`` or ``relations:`` list, at that
list's indentation; a missing section is added at the end of the file, and a missing file is created with a
``document:`` line. Where the target file's default document differs from the draft's, the item's bare
quotes are written as ``{quote:, document:}`` so that they keep their source.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError


def _dump(value: object) -> str:
    import yaml

    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=120)


def with_documents(data: dict, document: str | None, default: str | None) -> dict:
    """``data`` with each bare quote (or ``{quote:}`` without a document) of ``document`` made explicit,
    unless the file it goes into has that default ``document`` too."""
    if document is None or document == default or not isinstance(data.get("evidence"), list):
        return data
    evidence = []
    for item in data["evidence"]:
        if isinstance(item, str):
            item = {"quote": item, "document": document}
        elif isinstance(item, dict) and "quote" in item and not {"document", "url"} & set(item):
            item = {"quote": item["quote"], "document": document, **{k: v for k, v in item.items() if k != "quote"}}
        evidence.append(item)
    return {**data, "evidence": evidence}


def appended(text: str | None, section: str, item: dict, document: str | None) -> str:
    """The text of a seed file (``None``: a new file) with ``item`` appended to its list ``section``."""
    import yaml

    if text is None or not text.strip():
        head = (text or "") + (f"document: {document}\n" if document else "")
        return head + f"{section}:\n" + _indent(_dump([item]), 2)
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"cannot append to a file YAML cannot read: {exc}".splitlines()[0]) from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise UsageError("cannot append to it: a seed file must be a mapping with 'entities' and/or 'relations'")
    pairs = {key.value: value for key, value in (root.value if root is not None else [])}
    default = pairs["document"].value if isinstance(pairs.get("document"), yaml.ScalarNode) else None
    item = with_documents(item, document, default)
    node = pairs.get(section)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        if node is not None:  # `relations:` with nothing under it
            lines = text.splitlines(keepends=True)
            at = node.start_mark.line + 1
            return "".join(lines[:at]) + _indent(_dump([item]), 2) + "".join(lines[at:])
        return text + ("" if text.endswith("\n") else "\n") + f"{section}:\n" + _indent(_dump([item]), 2)
    if not isinstance(node, yaml.SequenceNode):
        raise UsageError(f"cannot append to it: its '{section}' is not a list")
    if node.flow_style or not node.value:
        raise UsageError(f"cannot append to it: its '{section}' list is written inline ([...]); write it as a "
                         "block list ('- ' items) first")
    lines = text.splitlines(keepends=True)
    first = node.value[0].start_mark
    dash = lines[first.line].rfind("-", 0, first.column)
    last = _last_leaf(node.value[-1]).end_mark
    at = last.line + (1 if last.column > 0 else 0)  # the line after the last item's last character
    if at > len(lines):
        at = len(lines)
    if lines and at == len(lines) and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines[:at]) + _indent(_dump([item]), max(dash, 0)) + "".join(lines[at:])


def _last_leaf(node):
    """The node whose end is the item's last character: a block collection's own end lies at the next token,
    after any comments that follow it."""
    import yaml

    while isinstance(node, yaml.CollectionNode) and node.value and not node.flow_style:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node


def _indent(block: str, width: int) -> str:
    pad = " " * width
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))


def default_document(path: Path) -> str | None:
    """The top-level ``document:`` of a seed file, if it exists and has one."""
    import yaml

    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    return data.get("document") if isinstance(data, dict) and isinstance(data.get("document"), str) else None
