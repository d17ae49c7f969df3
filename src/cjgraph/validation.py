"""Validation of seed folders: schema, ids, references, allowed kinds, dates, lifespans (cjgraph.lifespans)
and verbatim quotes."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter, ValidationError

from .errors import Problem, SeedError
from .layers import LeftOut
from .lifespans import entity_problems, relation_problems
from .model import Acknowledgement, Dataset, Entity, Evidence, Relation, Source, paused_gc
from .quotes import SourceTexts, normalise
from .seeds import RawRecord, RawSeeds, location, read_seed_dirs, resolve_seed_dirs
from .vocab import ENTITY_KINDS, RELATION_KINDS, RELATIONS, WARNING_KINDS, WARNINGS


@dataclass
class Report:
    """The outcome of validating seeds: the dataset (when clean) and every problem found."""

    dataset: Dataset
    problems: list[Problem]
    files: int = 0
    drafts: list[str] = field(default_factory=list)  # draft files skipped (displayed paths)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        c = self.dataset.counts()
        items = [e for item in [*self.dataset.entities.values(), *self.dataset.relations] for e in item.evidence]
        quotes = sum(1 for e in items if e.quote)
        links = f" and {len(items) - quotes} links to public records" if len(items) > quotes else ""
        return (f"ok: {c['entities']} entities, {c['relations']} relations, "
                f"{quotes} quoted passages from {c['sources']} source documents{links}")


def validate_seeds(seeds: Sequence[str | os.PathLike] | None = None, *, drafts: bool = True) -> Report:
    """Validate seed folders (``None`` = bundled) and report every problem; never raises on bad seeds.
    Draft files (``draft: true``) are checked with the rest unless ``drafts`` is false; then they are skipped
    and listed in ``report.drafts``."""
    dirs = resolve_seed_dirs(seeds)
    with paused_gc():
        raw = read_seed_dirs(dirs, drafts=drafts)
        report = check(raw, consume=True, left_out=LeftOut(seeds or (), dirs))
        report.drafts = raw.drafts
        return report


def load_dataset(seeds: Sequence[str | os.PathLike] | None = None) -> Dataset:
    """Validate seed folders, draft files left out, and return the dataset, or raise SeedError listing every
    problem."""
    report = validate_seeds(seeds, drafts=False)
    if report.problems:
        raise SeedError(report.problems)
    return report.dataset


def check(raw: RawSeeds, *, consume: bool = False, left_out: LeftOut | None = None) -> Report:
    """Validate raw records; ``consume`` empties ``raw`` as it goes, so large seeds are not held twice.
    ``left_out`` adds a hint to references that only the bundled seeds, not given, would resolve.

    ``dataset.origins`` records each item at its file's seed name (``raw.names``: the same from any working
    directory, as stored and exported in ``defined_at``); problems name files as displayed to the user.
    """
    problems = list(raw.problems)
    dataset = Dataset()
    names = raw.names
    shown = _Shown(dataset, {name: display for display, name in names.items()})
    texts = _check_sources(raw, dataset, problems, names, shown)
    # ids written in the seeds, valid or not: a reference to an invalid entity is not reported twice
    declared = {ident for ident in [*(r.data.get("id") for r in raw.entities),
                                    *(r.data.get("id") for r, _ in raw.sources)] if isinstance(ident, str)}
    for record in _drain(raw.entities) if consume else raw.entities:
        data = _expand_evidence(record, problems)
        acknowledged = _acknowledgements(data, "entity", record, problems)
        entity = _parse(Entity, data, record, problems)
        if entity is None:
            continue
        if entity.id in dataset.entities:
            problems.append(Problem(record.path, location(record, "id"),
                                    f"duplicate id {entity.id!r} (first defined at {shown(entity.id)})"))
            continue
        dataset.entities[entity.id] = entity
        dataset.origins[entity.id] = (names.get(record.path, record.path), record.line)
        if acknowledged:
            dataset.acknowledged[entity.id] = acknowledged
        _check_evidence(entity.evidence, record, texts, declared, problems, left_out)
        problems.extend(Problem(record.path, location(record, at), message) for at, message in entity_problems(entity))
    for record in _drain(raw.relations) if consume else raw.relations:
        data = _relation_data(record, problems)
        if data is None:
            continue
        acknowledged = _acknowledgements(data, "relation", record, problems)
        relation = _parse(Relation, data, record, problems)
        if relation is None or not _check_relation(relation, record, dataset, declared, problems, shown, left_out):
            continue
        dataset.relations.append(relation)
        dataset.origins[relation.key] = (names.get(record.path, record.path), record.line)
        if acknowledged:
            dataset.acknowledged[relation.key] = acknowledged
        _check_evidence(relation.evidence, record, texts, declared, problems, left_out)
        ends = dataset.entities[relation.source], dataset.entities[relation.target]
        problems.extend(Problem(record.path, location(record, at) if at else record.line, message)
                        for at, message in relation_problems(relation, *ends))
    _check_cycles(dataset, problems, shown)
    if not problems:
        from .stamp import dataset_stamp, text_digests

        dataset.text_digests = text_digests(texts.texts)
        dataset.stamp = dataset_stamp(dataset)
    return Report(dataset, sorted(set(problems)))


class _Shown:
    """Where an item was first defined, as ``path:line`` with the file's displayed path (for messages)."""

    def __init__(self, dataset: Dataset, displays: dict[str, str]):
        self.dataset, self.displays = dataset, displays

    def __call__(self, key: object) -> str:
        path, line = self.place(key)
        return f"{path}:{line}"

    def place(self, key: object) -> tuple[str, int]:
        path, line = self.dataset.origins[key]
        return self.displays.get(path, path), line


def _drain(records: list) -> Iterator:
    """Each record in turn, dropping the list's reference to it (its memory is freed once it is checked)."""
    for index, record in enumerate(records):
        records[index] = None
        yield record


def _check_sources(raw: RawSeeds, dataset: Dataset, problems: list[Problem], names: dict[str, str],
                   shown: _Shown) -> SourceTexts:
    texts = SourceTexts()
    for record, folder in raw.sources:
        source = _parse(Source, record.data, record, problems)
        if source is None:
            continue
        if source.id in dataset.sources:
            first = shown(("source", source.id))
            problems.append(Problem(record.path, location(record, "id"),
                                    f"duplicate source id {source.id!r} (first at {first})"))
            continue
        path = folder / source.file
        try:
            texts.add(source.id, path)
        except FileNotFoundError:
            problems.append(Problem(record.path, location(record, "file"),
                                    f"source document {source.file!r} is missing"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(record.path, location(record, "file"), f"cannot read {source.file!r}: {exc}"))
            continue
        dataset.sources[source.id] = source
        dataset.origins[("source", source.id)] = (names.get(record.path, record.path), record.line)
    return texts


def _expand_evidence(record: RawRecord, problems: list[Problem]) -> dict:
    """Allow an evidence item to be a bare quote (or a mapping with a quote and no document) from the file's
    default ``document``."""
    data = dict(record.data)
    evidence = data.get("evidence")
    if isinstance(evidence, list):
        expanded = []
        for i, item in enumerate(evidence):
            if isinstance(item, str):
                if record.default_document is None:
                    problems.append(Problem(record.path, location(record, "evidence", i),
                                            "a bare quote needs a top-level 'document:' in this file"))
                    continue
                item = {"document": record.default_document, "quote": item}
            elif isinstance(item, dict) and "quote" in item and not {"document", "url"} & set(item) \
                    and record.default_document is not None:  # {quote: ..., page: 3} from the default document
                item = {"document": record.default_document, **item}
            expanded.append(item)
        data["evidence"] = expanded
    return data


_LINK_KEYS = ("evidence", "start", "end", "acknowledge")  # a link's keys besides its relation kind


def _relation_data(record: RawRecord, problems: list[Problem]) -> dict | None:
    if record.owner is None:
        return _expand_evidence(record, problems)
    kinds = [k for k in record.data if k not in _LINK_KEYS]
    if len(kinds) != 1:
        problems.append(Problem(record.path, record.line,
                                f"a link needs exactly one relation such as '- cites: some-id', got {kinds or 'none'}"))
        return None
    kind = kinds[0]
    if kind not in RELATIONS:
        problems.append(Problem(record.path, record.line, f"unknown relation kind {kind!r}; expected one of: "
                                + ", ".join(RELATION_KINDS) + _close(kind, RELATION_KINDS)))
        return None
    data = _expand_evidence(record, problems)
    optional = {key: data[key] for key in ("start", "end", "acknowledge") if key in data}
    return {"source": record.owner, "kind": kind, "target": data[kind], **optional, "evidence": data.get("evidence")}


_ACKNOWLEDGEMENTS = TypeAdapter(list[Acknowledgement])
_PLURAL = {"entity": "entities", "relation": "relationships"}


def _acknowledgements(data: dict, what: str, record: RawRecord, problems: list[Problem]) -> dict[str, str]:
    """Take ``acknowledge`` out of an entity's or relation's ``data`` (the graph does not hold it) and check it:
    known warning kinds that concern ``what`` (``entity`` or ``relation``), each with a reason.
    Returns {warning kind: reason}."""
    items = data.pop("acknowledge", None)
    if items is None:
        return {}
    name = data.get("id") or data.get("source") or record.owner
    label = f"{what} {name!r}: " if isinstance(name, str) else f"{what}: "
    try:
        parsed = _ACKNOWLEDGEMENTS.validate_python(items)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ("acknowledge", *err["loc"])
            problems.append(Problem(record.path, location(record, *loc), label + _message({**err, "loc": loc}, data)))
        return {}
    found: dict[str, str] = {}
    for i, item in enumerate(parsed):
        if WARNINGS[item.warning][0] not in (what, "both"):
            problems.append(Problem(record.path, location(record, "acknowledge", i, "warning"),
                                    f"{label}acknowledge.{i}.warning: {item.warning!r} warns about "
                                    f"{_PLURAL[WARNINGS[item.warning][0]]} only, not {_PLURAL[what]}"))
        elif item.warning in found:
            problems.append(Problem(record.path, location(record, "acknowledge", i, "warning"),
                                    f"{label}acknowledge.{i}.warning: {item.warning!r} is acknowledged twice"))
        else:
            found[item.warning] = item.reason
    return found


def _parse(model: type, data: dict, record: RawRecord, problems: list[Problem]):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        name = data.get("id") or data.get("source") or record.owner
        label = f"{model.__name__.lower()} {name!r}" if isinstance(name, str) else model.__name__.lower()
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(Problem(record.path, location(record, *loc), f"{label}: {_message(err, data)}"))
        return None


def _message(err: dict, data: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"]) or "value"
    kind = err["type"]
    if loc == "kind" and kind == "literal_error":
        allowed = ENTITY_KINDS if "id" in data else RELATION_KINDS
        return (f"unknown kind {err['input']!r}; expected one of: " + ", ".join(allowed)
                + _close(str(err["input"]), allowed))
    if loc.endswith(".warning") and kind == "literal_error":
        return (f"{loc}: unknown warning kind {err['input']!r}; expected one of: " + ", ".join(WARNING_KINDS)
                + _close(str(err["input"]), WARNING_KINDS))
    if loc.endswith(".reason") and kind == "string_too_short":
        return f"{loc}: an acknowledgement needs a reason (why the warning does not call for a change)"
    if kind == "missing":
        return f"missing field {loc!r}"
    if kind == "extra_forbidden":
        return f"unknown field {loc!r}"
    if kind == "string_pattern_mismatch" and loc in ("id", "source", "target"):
        return f"{loc} {err['input']!r} is not a slug (lower-case letters, digits and single hyphens)"
    message = err["msg"].removeprefix("Value error, ")
    return f"{loc}: {message}"


def _close(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.6)
    return "; did you mean " + ", ".join(repr(c) for c in close) + "?" if close else ""


def _check_relation(relation: Relation, record: RawRecord, dataset: Dataset, declared: set,
                    problems: list[Problem], shown: _Shown, left_out: LeftOut | None) -> bool:
    ok = True
    for end in ("source", "target"):
        ident = getattr(relation, end)
        if ident in declared and ident not in dataset.entities:
            ok = False  # written but invalid: its own problem is already reported
        elif ident not in dataset.entities:
            line = record.line if record.owner else location(record, end)
            if record.owner and end == "target":
                line = location(record, relation.kind)
            hint = left_out.hint(ident) if left_out else None
            problems.append(Problem(record.path, line, f"{relation.kind} {end} {ident!r} is not a known entity id"
                                    + ("" if hint else _close(ident, list(dataset.entities))), hint=hint))
            ok = False
    if not ok:
        return False
    source, target = dataset.entities[relation.source], dataset.entities[relation.target]
    rule = RELATIONS[relation.kind]
    if relation.source == relation.target:
        problems.append(Problem(record.path, record.line, f"{relation.kind}: {relation.source!r} relates to itself"))
        return False
    if not rule.allows(source.kind, target.kind):
        problems.append(Problem(record.path, record.line,
                                f"{relation.kind} may not join {source.kind} {relation.source!r} to "
                                f"{target.kind} {relation.target!r} ({_allowed(rule)})"))
        return False
    if relation.key in dataset.origins:
        problems.append(Problem(record.path, record.line,
                                f"duplicate relation {relation.source} {relation.kind} {relation.target} "
                                f"(first at {shown(relation.key)})"))
        return False
    return True


def _allowed(rule) -> str:
    text = f"allowed: {'/'.join(sorted(rule.sources))} -> {'/'.join(sorted(rule.targets))}"
    return text + ", same kind at both ends" if rule.same_kind else text


def _check_evidence(evidence: list[Evidence], record: RawRecord, texts: SourceTexts, declared: set,
                    problems: list[Problem], left_out: LeftOut | None) -> None:
    for i, item in enumerate(evidence):
        if item.document is None:
            continue
        if item.document not in texts:
            if item.document not in declared:
                hint = left_out.hint(item.document) if left_out else None
                problems.append(Problem(record.path, location(record, "evidence", i),
                                        f"unknown source document {item.document!r}"
                                        + ("" if hint else _close(item.document, list(texts.texts))), hint=hint))
            continue
        if normalise(item.quote) not in texts.texts[item.document]:
            snippet = item.quote if len(item.quote) <= 60 else item.quote[:57] + "..."
            problems.append(Problem(record.path, location(record, "evidence", i),
                                    f"quote not found verbatim in {item.document!r}: {snippet!r}",
                                    texts.explain(item.document, item.quote)))
            continue
        pages = texts.pages(item.document)
        span = pages.span(item.quote) if pages is not None else None
        if span is None:
            continue
        if item.page is None:  # a paged text (a PDF's): the page is known, and kept for citations
            item.__dict__["page"] = span[0]
        elif not span[0] <= item.page <= span[1]:
            on = f"page {span[0]}" if span[0] == span[1] else f"pages {span[0]}-{span[1]}"
            problems.append(Problem(record.path, location(record, "evidence", i),
                                    f"page {item.page} given, but the quote is on {on} of {item.document!r}"))


def _check_cycles(dataset: Dataset, problems: list[Problem], shown: _Shown) -> None:
    """``succeeds`` and ``part_of`` chains must not loop back on themselves."""
    for kind in ("succeeds", "part_of"):
        edges: dict[str, list[str]] = {}
        for rel in dataset.relations:
            if rel.kind == kind:
                edges.setdefault(rel.source, []).append(rel.target)
        reported: set[frozenset[str]] = set()
        for start in sorted(edges):
            cycle = _find_cycle(start, edges)
            if cycle and frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                path, line = shown.place((cycle[0], kind, cycle[1]))
                problems.append(Problem(path, line, f"circular {kind} chain: " + " -> ".join([*cycle, cycle[0]])))


def _find_cycle(start: str, edges: dict[str, list[str]]) -> list[str] | None:
    stack, on_path = [(start, iter(edges.get(start, ())))], [start]
    seen = {start}
    while stack:
        _node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_path.pop()
        elif child == start:
            return list(on_path)
        elif child not in seen:
            seen.add(child)
            on_path.append(child)
            stack.append((child, iter(edges.get(child, ()))))
    return None

