"""Reading seed folders: which files they hold and what each file says, with line numbers.

A seed folder holds YAML files (``*.yaml``/``*.yml``) of entities and relations, and a ``sources/``
subfolder with ``sources.yaml`` and the text of each source document. A ``coverage/`` subfolder holds
coverage ledgers (what each source names and where it is in the seeds), which are not seed files and are
not read. Folders are layered in order.
Bulk data may be written as JSON Lines (``*.jsonl``) instead, read into the same records as YAML and
validated the same way. Each non-blank line is one JSON object with one key::

    {"document": "some-source"}                        default source of bare quotes on the lines below
    {"entity": {"id": "x", "kind": "Act", ..., "links": [{"cites": "y", "evidence": ["..."]}]}}
    {"relation": {"source": "x", "kind": "cites", "target": "y", "evidence": [...]}}

Every problem in a line is reported at that line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, UsageError
from .resources import bundled_seeds
from .yamlio import LineDict, LineList, line_of, load_yaml, read_text

SEED_SUFFIXES = {".yaml", ".yml", ".jsonl"}
IGNORED_SUFFIXES = {".md", ".txt", ".json"}
#: subfolders of a seed folder that hold no seeds: the source texts, and the coverage ledgers (tests/test_coverage.py)
NOT_SEED_FOLDERS = {"sources", "coverage"}
BUNDLED = "bundled"


@dataclass
class RawRecord:
    """One entity, relation or source as written, before validation."""

    data: LineDict
    path: str
    line: int
    default_document: str | None = None
    owner: str | None = None  # for links written inside an entity: the entity id


@dataclass
class RawSeeds:
    entities: list[RawRecord] = field(default_factory=list)
    relations: list[RawRecord] = field(default_factory=list)
    sources: list[tuple[RawRecord, Path]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # each file's displayed path -> its seed name
    drafts: list[str] = field(default_factory=list)  # draft files skipped (displayed paths): see read_seed_dirs


def resolve_seed_dirs(values: Sequence[str | os.PathLike] | None) -> list[Path]:
    """Turn ``--seeds`` values into folders; none means the bundled seeds, ``bundled`` names them."""
    if not values:
        return [bundled_seeds()]
    dirs = []
    for value in values:
        path = bundled_seeds() if str(value) == BUNDLED else Path(value)
        if not path.is_dir():
            raise UsageError(f"seed folder {str(value)!r} does not exist or is not a folder")
        dirs.append(path)
    return dirs


def display_path(path: Path) -> str:
    """A short path for messages: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def seed_folder_names(dirs: Sequence[Path]) -> list[str]:
    """The name under which each seed folder's files are recorded (``defined_at``), whatever the working directory.

    The bundled seeds are always ``seeds``. Any other folder is called by its own name as typed (the last
    component of its absolute path, symlinks not followed): ``my-notes``, ``./my-notes/``, ``../x/my-notes``
    and ``/tmp/abc/my-notes`` all give ``my-notes``, so no machine path reaches the stored graph. When two
    different layered folders would get the same name (or another folder is also called ``seeds``), each of
    them other than the bundled one takes one more parent component, as often as needed: ``a/notes`` and
    ``b/notes``; a folder with no parent left to take is named by its whole absolute path.
    The same folder given twice keeps one name.
    """
    bundled = Path(os.path.abspath(bundled_seeds())).resolve()
    paths = [Path(os.path.abspath(folder)) for folder in dirs]
    fixed = {path for path in paths if path.resolve() == bundled}
    depth = dict.fromkeys(paths, 1)

    def name(path: Path) -> str:
        if path in fixed:
            return "seeds"
        parts = path.parts[1:]
        return "/".join(parts[-depth[path]:]) if depth[path] <= len(parts) else path.as_posix()

    while True:
        holders: dict[str, set[Path]] = {}
        for path in depth:
            holders.setdefault(name(path), set()).add(path)
        grow = [path for same in holders.values() if len(same) > 1 for path in same
                if path not in fixed and depth[path] <= len(path.parts) - 1]
        if not grow:
            return [name(path) for path in paths]
        for path in grow:
            depth[path] += 1


def seed_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The seed files of a folder (sorted), and problems for files that do not belong there (``sources/`` and
    ``coverage/`` are not read)."""
    files, problems = [], []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_dir() or rel.parts[0] in NOT_SEED_FOLDERS or any(p.startswith(".") for p in rel.parts):
            continue
        if path.suffix.lower() in SEED_SUFFIXES:
            files.append(path)
        elif path.suffix.lower() not in IGNORED_SUFFIXES and path.name not in {"README", "LICENSE"}:
            problems.append(Problem(display_path(path), 1,
                                    "not a seed file: expected .yaml or .yml (or move it out of the seed folder)"))
    return files, problems


def read_seed_dirs(dirs: Iterable[Path], *, drafts: bool = False) -> RawSeeds:
    """Read every seed folder in order into raw records, collecting every problem found.

    A draft file (top-level ``draft: true``, written by ``cjgraph draft``) is read only when ``drafts`` is
    true (``validate`` checks drafts); otherwise it is skipped and listed in ``raw.drafts`` (``load`` never
    loads a draft until its items are accepted into an ordinary seed file).

    Records and problems carry each file's displayed path (:func:`display_path`); ``raw.names`` maps it to
    the file's seed name, ``<folder name>/<path inside the folder>`` (see :func:`seed_folder_names`).
    """
    raw = RawSeeds()
    dirs = list(dirs)
    for folder, name in zip(dirs, seed_folder_names(dirs), strict=True):
        index = folder / "sources" / "sources.yaml"
        raw.names[display_path(index)] = f"{name}/sources/sources.yaml"
        _read_sources(folder, raw)
        files, problems = seed_files(folder)
        raw.problems.extend(problems)
        for path in files:
            raw.names[display_path(path)] = f"{name}/{path.relative_to(folder).as_posix()}"
            if path.suffix.lower() == ".jsonl":
                _read_jsonl_file(path, raw)
            else:
                _read_seed_file(path, raw, drafts)
    return raw


def draft_files(dirs: Iterable[Path]) -> list[str]:
    """The draft files (top-level ``draft: true``) of seed folders, as displayed paths: what ``load`` skips."""
    found = []
    for folder in dirs:
        for path in seed_files(folder)[0]:
            if path.suffix.lower() == ".jsonl":
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "draft:" in text:  # only then is the file parsed
                data, _ = load_yaml(text, display_path(path))
                if isinstance(data, LineDict) and data.get("draft") is True:
                    found.append(display_path(path))
    return found


def _read_yaml_file(path: Path, raw: RawSeeds) -> tuple[str, object, bool] | None:
    """(displayed path, parsed YAML, whether YAML read it without problems), or None when the file cannot be
    read as text; problems go to ``raw``."""
    display = display_path(path)
    text, problems = read_text(path, display)
    raw.problems.extend(problems)
    if text is None:
        return None
    data, problems = load_yaml(text, display)
    raw.problems.extend(problems)
    return display, data, not problems


def _read_sources(folder: Path, raw: RawSeeds) -> None:
    index = folder / "sources" / "sources.yaml"
    if not index.exists():
        return
    if (read := _read_yaml_file(index, raw)) is None:
        return
    display, data, _ = read
    if not isinstance(data, LineDict) or not isinstance(data.get("sources"), LineList):
        raw.problems.append(Problem(display, 1, "expected a mapping with a list under 'sources'"))
        return
    for i, item in enumerate(data["sources"]):
        line = data["sources"].item_lines[i]
        if not isinstance(item, LineDict):
            raw.problems.append(Problem(display, line, "each source must be a mapping"))
            continue
        raw.sources.append((RawRecord(item, display, line), index.parent))


_TOP_KEYS = {"document", "entities", "relations", "draft"}


def _read_seed_file(path: Path, raw: RawSeeds, drafts: bool = False) -> None:
    if (read := _read_yaml_file(path, raw)) is None:
        return
    display, data, clean = read
    if data is None or not clean:  # a file YAML itself refuses is not interpreted further
        return
    if not isinstance(data, LineDict):
        raw.problems.append(Problem(display, getattr(data, "line", 1),
                                    "a seed file must be a mapping with 'entities' and/or 'relations'"))
        return
    for key in data:
        if key not in _TOP_KEYS:
            raw.problems.append(Problem(display, data.key_lines[key],
                                        f"unknown top-level key {key!r}; expected document, entities, relations"))
    is_draft = data.get("draft", False)
    if is_draft is not True and "draft" in data:
        raw.problems.append(Problem(display, data.key_lines["draft"], "'draft' must be true (a file of drafts)"))
        return
    if is_draft and not drafts:
        raw.drafts.append(display)
        return
    default_document = data.get("document")
    if default_document is not None and not isinstance(default_document, str):
        raw.problems.append(Problem(display, data.key_lines["document"], "'document' must be a source id"))
        default_document = None
    for section, target in (("entities", raw.entities), ("relations", raw.relations)):
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, LineList):
            raw.problems.append(Problem(display, data.key_lines[section], f"'{section}' must be a list"))
            continue
        for i, item in enumerate(items):
            line = items.item_lines[i]
            if not isinstance(item, LineDict):
                raw.problems.append(Problem(display, line, f"each item of '{section}' must be a mapping"))
                continue
            target.append(RawRecord(item, display, line, default_document))
            _draft_note(raw, target[-1], is_draft)
            if section == "entities":
                _split_links(raw, target[-1])


def _draft_note(raw: RawSeeds, record: RawRecord, is_draft: bool) -> None:
    """Take off an item's ``draft:`` note (confidence 0-1 and reason), checking it; only a draft file has them."""
    note = record.data.pop("draft", None)
    if note is None:
        return
    line = record.data.key_lines.get("draft", record.line)
    if not is_draft:
        raw.problems.append(Problem(record.path, line, "'draft' notes belong to draft files only (a file with "
                                                       "'draft: true'); remove it when the item is accepted"))
    elif not (isinstance(note, dict) and set(note) == {"confidence", "reason"}
              and isinstance(note["confidence"], int | float) and 0 <= note["confidence"] <= 1
              and isinstance(note["reason"], str) and note["reason"].strip()):
        raw.problems.append(Problem(record.path, line, "'draft' must be a mapping of confidence (0 to 1) and reason"))


def _split_links(raw: RawSeeds, record: RawRecord) -> None:
    """Move ``links`` written inside an entity to relation records owned by that entity."""
    links = record.data.pop("links", None)
    if links is None:
        return
    if not isinstance(links, LineList):
        raw.problems.append(Problem(record.path, record.line, "'links' must be a list"))
        return
    owner = record.data.get("id") if isinstance(record.data.get("id"), str) else None
    if owner is None:  # the entity itself is reported as invalid; its links cannot be checked
        return
    for i, link in enumerate(links):
        line = links.item_lines[i]
        if not isinstance(link, LineDict):
            raw.problems.append(Problem(record.path, line, "each link must be a mapping like '- cites: some-id'"))
            continue
        raw.relations.append(RawRecord(link, record.path, line, record.default_document, owner=owner))


_JSONL_KEYS = ("document", "entity", "relation")


class _JsonLine:
    """``object_pairs_hook`` for one line of JSON Lines: plain dicts, with duplicate keys reported."""

    def __init__(self, display: str, problems: list[Problem]):
        self.display, self.problems, self.line = display, problems, 1

    def __call__(self, pairs: list[tuple[str, object]]) -> dict:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):  # rare: keep the first value, as YAML reading does
            mapping = {}
            for key, value in pairs:
                if key in mapping:
                    self.problems.append(Problem(self.display, self.line,
                                                 f"duplicate key {key!r} (first at line {self.line})"))
                else:
                    mapping[key] = value
        return mapping


def _on_line(value: object, line: int) -> object:
    """A JSON value as LineDict/LineList where the reader needs them (the record and its ``links``).

    Nested values stay plain: ``line_of`` then stops at the record, and every location is its line.
    """
    if isinstance(value, dict):
        value = LineDict(value)
        value.line, value.key_lines = line, {}
        if isinstance(value.get("links"), list):
            value["links"] = _on_line(value["links"], line)
    elif isinstance(value, list):
        value = LineList(LineDict(v) if isinstance(v, dict) else v for v in value)
        value.line, value.item_lines = line, [line] * len(value)
        for item in value:
            if isinstance(item, LineDict):
                item.line, item.key_lines = line, {}
    return value


def _read_jsonl_file(path: Path, raw: RawSeeds) -> None:
    """One JSON object per line: ``{"entity": {...}}``, ``{"relation": {...}}`` or ``{"document": "id"}``
    (the default source of bare quotes on the lines that follow). Blank lines are skipped."""
    display = display_path(path)
    text, problems = read_text(path, display)
    raw.problems.extend(problems)
    if text is None:
        return
    if not text.strip():
        raw.problems.append(Problem(display, 1, "file is empty"))
        return
    hook = _JsonLine(display, raw.problems)
    decode = json.JSONDecoder(object_pairs_hook=hook).decode
    default_document = None
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        hook.line = number
        try:
            data = decode(line)
        except json.JSONDecodeError as exc:
            raw.problems.append(Problem(display, number, f"invalid JSON: {exc.msg} (column {exc.colno})"))
            continue
        except RecursionError:
            raw.problems.append(Problem(display, number, "invalid JSON: nested too deeply"))
            continue
        if not isinstance(data, dict) or len(data) != 1 or next(iter(data)) not in _JSONL_KEYS:
            raw.problems.append(Problem(display, number, 'each line must be one JSON object with one key: '
                                        '{"entity": {...}}, {"relation": {...}} or {"document": "source-id"}'))
            continue
        key, item = next(iter(data.items()))
        if key == "document":
            if not isinstance(item, str):
                raw.problems.append(Problem(display, number, "'document' must be a source id"))
            default_document = item if isinstance(item, str) else None
        elif not isinstance(item, dict):
            raw.problems.append(Problem(display, number, f"'{key}' must be a JSON object"))
        elif key == "entity":
            raw.entities.append(RawRecord(_on_line(item, number), display, number, default_document))
            _split_links(raw, raw.entities[-1])
        else:
            raw.relations.append(RawRecord(_on_line(item, number), display, number, default_document))


def location(record: RawRecord, *path: object) -> int:
    return line_of(record.data, *path) if path else record.line
