"""Proposed fixes to evidence quotes: written by ``cjgraph recheck --fix-file``, applied by ``--apply``.

A fix file is YAML a curator reviews before anything changes: each fix names the seed file and line of a
quote, its source, the old quote, the proposed quote (the nearest text of the re-captured source) and the
similarity; vanished passages are listed with nothing proposed. The SHA-256 of every seed file named is
recorded, and paths are relative to the fix file's folder. The curator deletes a fix to keep a quote as it
is, or edits ``proposed``.

Applying edits only the quote's text, in place: the YAML scalar at that line is replaced in its own style
(plain, single- or double-quoted; a block scalar or a plain one that no longer reads back the same becomes
double-quoted), and nothing else in the file changes. It is refused, with nothing written, when a seed
file changed since the fix file was written or a proposed quote is not verbatim in its source; then the
seeds are validated.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .quotes import normalise

if TYPE_CHECKING:
    from .rechecking import Recheck
    from .validation import Report

_BELOW = 3  # how many lines below its item's line a quote may start (``- document: x`` then ``quote: ...``)
_HEADER = """\
# Proposed fixes to evidence quotes, written by `cjgraph recheck`. Nothing has been changed yet.
# Review each fix: delete it to keep the quote as it is, or edit `proposed` (it must be verbatim in the
# source). Then apply them with `cjgraph recheck --apply {name}`, which edits only those quotes and
# validates the seeds; it is refused if a seed file has changed since this file was written (`files`).
# Paths are relative to this file's folder. `vanished` passages have nothing close: rewrite them by hand.
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive
        return path.resolve().as_posix()


def write_fixes(result: Recheck, path: str | os.PathLike) -> int:
    """Write the fixes ``result`` proposes to ``path`` (see the module's docstring); returns how many."""
    import yaml

    target = Path(path)
    base = target.parent
    for folder in result.seeds:
        if target.resolve().is_relative_to(folder.resolve()):
            raise UsageError(f"{str(path)!r} is inside the seed folder {str(folder)!r}, where it would be read as "
                             "seeds; write it elsewhere", parameter="fix_file")
    fixes, vanished, files = [], [], {}
    for passage in result.passages:
        if passage.status not in ("changed", "vanished"):
            continue
        name = _relative(passage.file, base)
        files.setdefault(name, digest(passage.file))
        entry = {"file": name, "line": passage.line, "document": passage.document}
        if passage.anchor.score is not None:
            entry["score"] = round(passage.anchor.score, 1)
        entry["old"] = passage.quote
        if passage.status == "changed":
            fixes.append({**entry, "proposed": passage.anchor.nearest})
        else:
            vanished.append(entry)
    data = {"seeds": [_relative(folder, base) for folder in result.seeds], "files": files,
            "fixes": fixes, "vanished": vanished}
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    try:
        target.write_text(_HEADER.format(name=target.name) + body, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {str(path)!r}: {exc.strerror or exc}", parameter="fix_file") from exc
    return len(fixes)


@dataclass
class Applied:
    """The outcome of applying a fix file: how many quotes were fixed, in which files, and the validation."""

    fixed: int
    files: list[Path]
    report: Report

    def summary(self) -> str:
        files = f"{len(self.files)} seed file{'s' if len(self.files) != 1 else ''}"
        return f"applied {self.fixed} fix{'es' if self.fixed != 1 else ''} to {files}"


def apply_fixes(fix_file: str | os.PathLike) -> Applied:
    """Apply the fixes of a fix file to the seed files' quotes in place, then validate the seed folders it
    names. Raises UsageError, with nothing written, when the file is not a fix file, a seed file changed
    since it was written, a quote is no longer at its line, or a proposed quote is not verbatim."""
    from .validation import validate_seeds

    source = Path(fix_file)
    data = _read_fix_file(source)
    base = source.parent
    seeds = [base / folder for folder in data["seeds"]]
    recorded = {(base / name).resolve(): value for name, value in data["files"].items()}
    by_file: dict[Path, list[dict]] = {}
    for fix in data["fixes"]:
        by_file.setdefault((base / fix["file"]).resolve(), []).append(fix)
    folders = [folder.resolve() for folder in seeds]
    for path in by_file:
        if not any(path.is_relative_to(folder) for folder in folders):
            raise UsageError(f"{source.name}: {path} is not in a seed folder the fix file names")
        if path not in recorded:
            raise UsageError(f"{source.name}: {path.name} has no recorded hash under 'files'")
        if not path.is_file() or digest(path) != recorded[path]:
            raise UsageError(f"{source.name}: seed file {_relative(path, Path.cwd())} has changed since the fix file "
                             "was written; run `cjgraph recheck` again")
        if path.suffix.lower() == ".jsonl":
            raise UsageError(f"{source.name}: {path.name} is JSON Lines; fix its quotes by hand")
    _check_verbatim(seeds, data["fixes"], source.name)
    edited = {path: edit_quotes(path.read_text(encoding="utf-8"), fixes, path.name) for path, fixes in by_file.items()}
    for path, text in edited.items():
        path.write_text(text, encoding="utf-8")
    return Applied(len(data["fixes"]), list(edited), validate_seeds(seeds))


def _read_fix_file(path: Path) -> dict:
    from .yamlio import load_yaml, read_text

    text, problems = read_text(path, str(path))
    if text is not None:  # read as seed files are: no anchors or aliases, no duplicate keys
        data, problems = load_yaml(text, str(path))
    if problems:
        raise UsageError(f"cannot read the fix file {problems[0]}")
    fields = {"file": str, "line": int, "document": str, "old": str, "proposed": str}
    if not isinstance(data, dict) or not isinstance(data.get("fixes"), list) \
            or not isinstance(data.get("files"), dict) or not isinstance(data.get("seeds"), list):
        raise UsageError(f"{path.name} is not a fix file written by `cjgraph recheck --fix-file`")
    for i, fix in enumerate(data["fixes"]):
        bad = [key for key, kind in fields.items() if not isinstance(fix, dict) or not isinstance(fix.get(key), kind)]
        if bad:
            raise UsageError(f"{path.name}: fix {i + 1} needs {bad[0]!r}")
        if not normalise(fix["proposed"]):
            raise UsageError(f"{path.name}: fix {i + 1} proposes an empty quote")
    return data


def _check_verbatim(seeds: list[Path], fixes: list[dict], name: str) -> None:
    """Every proposed quote must be verbatim in its source's current text."""
    from .rechecking import source_files
    from .seeds import read_seed_dirs

    files = source_files(read_seed_dirs(seeds))
    texts: dict[str, str] = {}
    for fix in fixes:
        document = fix["document"]
        if document not in texts:
            if document not in files:
                raise UsageError(f"{name}: {fix['file']}:{fix['line']}: unknown source {document!r}")
            texts[document] = normalise(files[document][1].read_text(encoding="utf-8"))
        if normalise(fix["proposed"]) not in texts[document]:
            raise UsageError(f"{name}: {fix['file']}:{fix['line']}: the proposed quote is not verbatim in "
                             f"{document!r}; nothing was changed")


def edit_quotes(text: str, fixes: list[dict], name: str) -> str:
    """``text`` of a YAML seed file with each fix's ``old`` quote, at its ``line``, replaced by ``proposed``."""
    nodes = _scalars(text)
    edits: list[tuple[int, int, str, str | None]] = []
    used: set[int] = set()
    for fix in fixes:
        old = normalise(fix["old"])
        found = next((node for node in nodes if id(node) not in used and 0 <= node.start_mark.line + 1 - fix["line"]
                      <= _BELOW and normalise(node.value) == old), None)
        if found is None:
            raise UsageError(f"{name}:{fix['line']}: the quote to fix is no longer there; run `cjgraph recheck` again")
        used.add(id(found))
        edits.append((found.start_mark.index, found.end_mark.index, fix["proposed"], found.style or None))
    edits.sort()
    result = _render(text, edits)
    # a plain scalar that does not read back as the same text (': ', ' #', ',' in a flow list, a number...)
    # is written double-quoted
    try:
        again = {node.start_mark.index: (node.value, node.tag) for node in _scalars(result)}
    except UsageError:
        again = {}
    shift, redo = 0, []
    for start, end, new, style in edits:
        rendered = _as(new, style)
        ok = again.get(start + shift) == (new, "tag:yaml.org,2002:str")
        redo.append((start, end, new, style if ok else '"'))
        shift += len(rendered) - len(text[start:end].rstrip())
    return result if all(r[3] == e[3] for r, e in zip(redo, edits, strict=True)) else _render(text, redo)


def _render(text: str, edits: list[tuple[int, int, str, str | None]]) -> str:
    out, last = [], 0
    for start, end, new, style in edits:
        span = text[start:end]
        out += [text[last:start], _as(new, style), span[len(span.rstrip()):]]
        last = end
    return "".join([*out, text[last:]])


def _as(value: str, style: str | None) -> str:
    """``value`` as a YAML scalar in ``style`` (plain, ``'`` or ``"``; anything else as ``"``)."""
    if not style and value == value.strip() and "\n" not in value:
        return value
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _scalars(text: str) -> list:
    """Every scalar node of a YAML text, in order."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise UsageError(f"a seed file is not valid YAML: {exc}") from exc
    out, stack = [], [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            out.append(node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([part for pair in node.value for part in pair]))
    return out
