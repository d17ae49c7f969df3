"""``cjgraph check``: a curator's quality report on seed folders, as warnings rather than errors.

Each kind of warning (``vocab.WARNINGS``) is one plain function of a validated Dataset that returns
Findings: the seed entries concerned (the first is where it is reported) and a message. :func:`check`
places them at their entries as ``path:line`` (the file's path as validation shows it) and drops those an
entry acknowledges (``acknowledge: [{warning: KIND, reason: ...}]``). A warning about several entries
(``duplicate``, ``reused-passage``) is silenced by an acknowledgement on any of them. Formatting is the
CLI's. rapidfuzz, pyahocorasick and pydantic are imported when a check runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from .errors import SeedError, UsageError
from .names import fold
from .vocab import WARNING_KINDS

if TYPE_CHECKING:
    from .mentions import NameFinder
    from .model import Dataset, Evidence

Key = str | tuple[str, str, str]  # an entity id or a relation key, as in Dataset.origins
Passage = tuple[str, str]  # (document, whitespace-normalised quote)


@dataclass(frozen=True)
class Finding:
    """One warning before it is placed: its kind, the entries it concerns (reported at the first), a message."""

    kind: str
    at: tuple[Key, ...]
    message: str


@dataclass(frozen=True, order=True)
class SeedWarning:
    """A warning about a seed entry, at ``path:line``; ``acknowledged`` is the entry's reason, if it has one."""

    path: str
    line: int
    kind: str
    message: str
    subject: str  # the entity id, or "source kind target"
    acknowledged: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.kind}: {self.message}"

    def as_data(self) -> dict[str, object]:
        return asdict(self)


def check(seeds: str | os.PathLike | Sequence[str | os.PathLike] | None = None, *, kinds: Iterable[str] = (),
          max_named: int = 4, max_reuse: int = 5, similarity: float = 90.0,
          acknowledged: bool = False) -> list[SeedWarning]:
    """The curator's warnings about seed folders (default: the bundled seeds), sorted by place.

    ``kinds``: only these warnings (default: all of ``vocab.WARNING_KINDS``). ``max_named``: an ``about`` whose
    passages each name more known entities is ``broad-about``. ``max_reuse``: a passage may back statements
    about at most this many unrelated groups of entities (``reused-passage``). ``similarity``: the rapidfuzz
    score (0-100) from which two names are ``duplicate``. ``acknowledged``: include the warnings the seeds
    acknowledge (their ``acknowledged`` is the reason). Raises SeedError when the seeds are invalid.
    """
    from .model import paused_gc
    from .seeds import read_seed_dirs, resolve_seed_dirs
    from .validation import check as validate_raw

    kinds = _checked_options(kinds, max_named, max_reuse, similarity)
    if isinstance(seeds, str | os.PathLike):
        seeds = [seeds]
    raw = read_seed_dirs(resolve_seed_dirs(seeds))
    displays = {name: display for display, name in raw.names.items()}
    with paused_gc():
        report = validate_raw(raw, consume=True)
    if report.problems:
        raise SeedError(report.problems)
    dataset = report.dataset
    finders: dict[str, Callable[[], list[Finding]]] = {
        "unnamed-ends": lambda: unnamed_ends(dataset),
        "no-maker": lambda: no_maker(dataset),
        "no-addressee": lambda: no_addressee(dataset),
        "broad-about": lambda: broad_about(dataset, max_named),
        "duplicate": lambda: duplicates(dataset, similarity),
        "single-passage": lambda: single_passage(dataset),
        "reused-passage": lambda: reused_passages(dataset, max_reuse),
    }
    warnings = [_placed(finding, dataset, displays) for kind in kinds for finding in finders[kind]()]
    return sorted(w for w in warnings if acknowledged or w.acknowledged is None)


def _checked_options(kinds: Iterable[str], max_named: int, max_reuse: int, similarity: float) -> tuple[str, ...]:
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    unknown = [k for k in kinds if k not in WARNING_KINDS]
    if unknown:
        raise UsageError(f"unknown warning kind {unknown[0]!r} (choose from {', '.join(WARNING_KINDS)})",
                         parameter="kinds")
    if max_named < 0:
        raise UsageError("must be 0 or more", parameter="max_named")
    if max_reuse < 1:
        raise UsageError("must be 1 or more", parameter="max_reuse")
    if not 0 <= similarity <= 100:
        raise UsageError("must be between 0 and 100", parameter="similarity")
    return tuple(k for k in WARNING_KINDS if k in kinds) if kinds else WARNING_KINDS


def _placed(finding: Finding, dataset: Dataset, displays: dict[str, str]) -> SeedWarning:
    """The finding at its first entry's place, with the reason of an entry that acknowledges it, if any."""
    path, line = dataset.origins[finding.at[0]]
    reasons = [r for key in finding.at if (r := dataset.acknowledged.get(key, {}).get(finding.kind))]
    return SeedWarning(displays.get(path, path), line, finding.kind, finding.message, _label(finding.at[0]),
                       reasons[0] if reasons else None)


def _label(key: Key) -> str:
    return key if isinstance(key, str) else " ".join(key)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def _listed(ids: Iterable[str], most: int = 6) -> str:
    ids = sorted(ids)
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")


def _name_finder(dataset: Dataset) -> NameFinder:
    from .mentions import NameFinder

    return NameFinder((e.id, name) for e in dataset.entities.values() for name in (e.name, *e.aliases))


def _passages(evidence: Iterable[Evidence]) -> list[Passage]:
    from .validation import normalise

    return [(e.document, normalise(e.quote)) for e in evidence if e.document and e.quote]


# -- the warnings ---------------------------------------------------------------------------------------


_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us)\b", re.IGNORECASE)


def _implied(dataset: Dataset, evidence: Evidence, ends: set[str], publishers: dict[str, str]) -> bool:
    """Whether a passage names an end without its name: the end is the passage's own document (a document
    speaks of itself), the passage speaks in the first person and the end published that document ("We
    produce briefings" in a Clinks page), or the end is a recommendation whose wording the passage is in."""
    if evidence.document in ends:
        return True
    if _FIRST_PERSON.search(evidence.quote) and publishers.get(evidence.document) in ends:
        return True
    quote = fold(evidence.quote)
    texts = [fold(dataset.entities[e].text or "") for e in ends if dataset.entities[e].kind == "Recommendation"]
    return any(t and (quote in t or t in quote) for t in texts)


def unnamed_ends(dataset: Dataset) -> list[Finding]:
    """Relationships none of whose passages names either end by its name or an alias, nor implies it (see
    ``_implied``); url-only ones are not checked: they have no passage."""
    finder = _name_finder(dataset)
    by_name = {fold(e.name): k for k, e in dataset.entities.items()}
    publishers = {sid: by_name.get(fold(s.publisher or "")) for sid, s in dataset.sources.items()}
    found = []
    for relation in dataset.relations:
        evidence = [e for e in relation.evidence if e.quote]
        ends = {relation.source, relation.target}
        if evidence and not any(ends & finder.named(e.quote) or _implied(dataset, e, ends, publishers)
                                for e in evidence):
            source, target = dataset.entities[relation.source], dataset.entities[relation.target]
            found.append(Finding("unnamed-ends", (relation.key,),
                                 f"{_label(relation.key)}: no passage names {source.name!r} or {target.name!r} "
                                 "(nor an alias)"))
    return found


def _recommendations(dataset: Dataset, without: str, incoming: bool) -> list[str]:
    linked = {r.target if incoming else r.source for r in dataset.relations if r.kind == without}
    return [e.id for e in dataset.entities.values() if e.kind == "Recommendation" and e.id not in linked]


def no_maker(dataset: Dataset) -> list[Finding]:
    """Recommendations that no ``recommends`` relationship comes into."""
    return [Finding("no-maker", (rid,), f"recommendation {rid!r}: nothing recommends it (add who makes it)")
            for rid in _recommendations(dataset, "recommends", incoming=True)]


def no_addressee(dataset: Dataset) -> list[Finding]:
    """Recommendations with no ``addressed_to``; an acknowledgement is the note saying why."""
    return [Finding("no-addressee", (rid,), f"recommendation {rid!r} is addressed to nobody: add addressed_to, "
                    "or acknowledge no-addressee saying why")
            for rid in _recommendations(dataset, "addressed_to", incoming=False)]


def broad_about(dataset: Dataset, max_named: int) -> list[Finding]:
    """``about`` relationships each of whose passages names more than ``max_named`` known entities: a list in
    passing is a mention, not the subject."""
    finder = _name_finder(dataset)
    found = []
    for relation in dataset.relations:
        quotes = [e.quote for e in relation.evidence if e.quote] if relation.kind == "about" else []
        named = [finder.distinct(quote) for quote in quotes]
        if named and min(len(n) for n in named) > max_named:
            fewest = min(named, key=len)
            found.append(Finding("broad-about", (relation.key,),
                                 f"{_label(relation.key)}: its passage names {len(fewest)} known entities "
                                 f"(more than {max_named}): {_listed(min(ids) for ids in fewest)}"))
    return found


def duplicates(dataset: Dataset, similarity: float) -> list[Finding]:
    """Pairs of entities of one kind with a name or alias each that score ``similarity`` or more under rapidfuzz's
    token_sort_ratio (words in any order), once per pair, reported at the one defined later. Names whose numbers
    differ (``Act 2003``, ``Act 2014``; ``2012-13``, ``2013-14``) are not compared. Not token_set_ratio: it
    scores a name 100 against any longer name holding its words (``Probation Trust``, ``West Mercia Probation
    Trust``), a part or a response rather than a duplicate."""
    from rapidfuzz import fuzz, process, utils

    order = sorted(dataset.entities, key=lambda key: dataset.origins[key])
    found = []
    for kind in sorted({e.kind for e in dataset.entities.values()}):
        # token_sort_ratio is ratio() of the words sorted: sorted once here, then compared with the plain ratio
        labels = [(i, name, " ".join(sorted(utils.default_process(fold(name)).split())))
                  for i, key in enumerate(order) if (e := dataset.entities[key]).kind == kind
                  for name in (e.name, *e.aliases)]
        labels = [label for label in labels if label[2]]
        numbers = [re.findall(r"\d+", label[2]) for label in labels]
        choices = [label[2] for label in labels]
        best: dict[tuple[int, int], tuple[float, str, str]] = {}
        for a, (i, name, text) in enumerate(labels):  # each pair once: against the labels after this one
            matches = process.extract(text, choices[a + 1:], scorer=fuzz.ratio, processor=None,
                                      score_cutoff=similarity, limit=None)
            for _, score, offset in matches:
                b = a + 1 + offset
                j = labels[b][0]
                if j > i and numbers[a] == numbers[b] and score > best.get((i, j), (-1.0,))[0]:
                    best[(i, j)] = (score, name, labels[b][1])
        for (i, j), (score, first_name, name) in sorted(best.items()):
            first, later = order[i], order[j]
            found.append(Finding("duplicate", (later, first), f"{later!r} may be the same {kind} as {first!r}: "
                                 f"{name!r} ~ {first_name!r} ({score:.0f}%)"))
    return found


def single_passage(dataset: Dataset) -> list[Finding]:
    """Entities that one passage supports in all: their own evidence and that of their relationships hold one
    passage between them and no url."""
    passages: dict[str, set[Passage]] = {key: set(_passages(e.evidence)) for key, e in dataset.entities.items()}
    with_url = {key for key, e in dataset.entities.items() if any(item.url for item in e.evidence)}
    for relation in dataset.relations:
        for end in (relation.source, relation.target):
            passages[end].update(_passages(relation.evidence))
            if any(item.url for item in relation.evidence):
                with_url.add(end)
    found = []
    for key in dataset.entities:
        if len(passages[key]) == 1 and key not in with_url:
            [(document, quote)] = passages[key]
            found.append(Finding("single-passage", (key,),
                                 f"{key!r} rests on a single passage in all: {document} {_short(quote)!r}"))
    return found


def reused_passages(dataset: Dataset, max_reuse: int) -> list[Finding]:
    """Passages that back statements (entities, relationships) about more than ``max_reuse`` groups of
    unrelated entities. Entities are related when a relationship of the dataset joins them; the statements
    about one connected group count once. Reported at the statement defined first."""
    uses: dict[Passage, list[Key]] = {}
    for key, entity in dataset.entities.items():
        for passage in set(_passages(entity.evidence)):
            uses.setdefault(passage, []).append(key)
    for relation in dataset.relations:
        for passage in set(_passages(relation.evidence)):
            uses.setdefault(passage, []).append(relation.key)
    neighbours: dict[str, set[str]] = {}
    for relation in dataset.relations:
        neighbours.setdefault(relation.source, set()).add(relation.target)
        neighbours.setdefault(relation.target, set()).add(relation.source)
    found = []
    for (document, quote), statements in uses.items():
        if len(statements) <= max_reuse:
            continue
        groups = _groups(statements, neighbours)
        if len(groups) > max_reuse:
            at = tuple(sorted(statements, key=lambda key: dataset.origins[key]))
            found.append(Finding("reused-passage", at,
                                 f"a passage of {document} backs {len(statements)} statements about {len(groups)} "
                                 f"unrelated groups of entities (more than {max_reuse}): {_short(quote)!r} "
                                 f"for {_listed(min(group) for group in groups)}"))
    return found


def _groups(statements: list[Key], neighbours: dict[str, set[str]]) -> list[set[str]]:
    """The entities the statements are about, in groups joined by relationships (connected components)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    for key in statements:
        ends = [key] if isinstance(key, str) else [key[0], key[2]]
        for end in ends:
            parent.setdefault(end, end)
        join(ends[0], ends[-1])
    for entity in list(parent):
        for other in neighbours.get(entity, ()):
            if other in parent:
                join(entity, other)
    groups: dict[str, set[str]] = {}
    for entity in parent:
        groups.setdefault(root(entity), set()).add(entity)
    return list(groups.values())
