"""Synthetic seed folders for scale tests: valid, evidenced and shaped like the bundled data.

``synthesise(folder, entities=N, relations=M, seed=S)`` writes a seed folder that the normal validator
accepts: generated source documents under ``sources/`` whose text holds every quote used, and JSON Lines
seed files (the bulk format read by cjgraph.seeds) or YAML. The mix of entity kinds, of relationships
(source kind, relation, target kind), of optional fields and of evidence per statement is measured on
the bundled seeds at run time. Output depends only on the arguments and the bundled data.

Guarantees: only kind pairs the vocabulary allows, no relation to self, no duplicate
(source, kind, target), no ``succeeds``/``part_of`` cycle (same-kind relations point to an entity
generated earlier), every date in the past.
"""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .model import Dataset
from .vocab import ENTITY_FIELDS, ENTITY_KINDS, KIND_TYPES, RELATIONS

MANIFEST = "synth.json"
OPTIONAL_FIELDS = tuple(f.name for f in ENTITY_FIELDS if f.name not in ("id", "name"))
_PLACES = ("Northfield", "Eastmoor", "Westbridge", "Southdale", "Kingsmere", "Ashford Vale", "Riverside",
           "Highgate", "Lowther", "Marlow", "Thornbury", "Oakham")
_THEMES = ("Resettlement", "Rehabilitation", "Probation", "Youth Justice", "Victims", "Housing", "Employment",
           "Mental Health", "Through the Gate", "Women's Justice", "Desistance", "Courts")
# The last word of a synthetic name, for every kind of the vocabulary: the kind's name unless given here
# (tests/test_vocab.py checks these keys are kinds).
_OTHER_NOUNS = {"Organisation": "Trust", "Publication": "Briefing"}
_NOUNS = {kind: _OTHER_NOUNS.get(kind, kind) for kind in ENTITY_KINDS}
_FIRST = ("Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Mark", "Ruth", "Kwame", "Helen", "Owen", "Lucy")
_LAST = ("Smith", "Patel", "Jones", "Okafor", "Brown", "Evans", "Khan", "Taylor", "Wilson", "Hughes")
_FILLER = ("The voluntary sector continued to raise concerns about funding and commissioning.",
           "Respondents described the pressures on services for people in contact with the justice system.",
           "This section sets out the background to the proposals and the evidence considered.",
           "Further detail is given in the annex to this document.")


def _allowed_types(kind: str, seen: list[str]) -> list[str]:
    """The types of ``kind`` a profile holds that the vocabulary allows (``KIND_TYPES`` closes some kinds' lists)."""
    return [t for t in seen if t in KIND_TYPES[kind]] if kind in KIND_TYPES else seen


@dataclass
class Profile:
    """What the synthetic data imitates, measured on a real dataset."""

    kinds: dict[str, float]
    triples: dict[tuple[str, str, str], float]
    fields: dict[tuple[str, str], float]
    types: dict[str, list[str]]
    entity_evidence: dict[int, int]
    relation_evidence: dict[int, int]
    url_share: float


def profile(dataset: Dataset) -> Profile:
    """The kind mix, relationship mix, field use and evidence counts of ``dataset``."""
    kinds = Counter(e.kind for e in dataset.entities.values())
    kind_of = {e.id: e.kind for e in dataset.entities.values()}
    triples = Counter((kind_of[r.source], r.kind, kind_of[r.target]) for r in dataset.relations)
    fields: Counter = Counter()
    types: dict[str, list[str]] = {}
    for e in dataset.entities.values():
        for name in OPTIONAL_FIELDS:
            if getattr(e, name):
                fields[(e.kind, name)] += 1
        if e.type:
            types.setdefault(e.kind, []).append(e.type)
    evidence = [ev for item in [*dataset.entities.values(), *dataset.relations] for ev in item.evidence]
    return Profile(
        kinds={k: n / max(1, len(dataset.entities)) for k, n in kinds.items()},
        triples={t: n / max(1, len(dataset.relations)) for t, n in triples.items()},
        fields={key: n / kinds[key[0]] for key, n in fields.items()},
        types={k: sorted(set(v)) for k, v in types.items()},
        entity_evidence=dict(Counter(len(e.evidence) for e in dataset.entities.values())),
        relation_evidence=dict(Counter(len(r.evidence) for r in dataset.relations)),
        url_share=sum(1 for ev in evidence if ev.url) / max(1, len(evidence)),
    )


def bundled_profile() -> Profile:
    from .validation import load_dataset

    return profile(load_dataset())


@dataclass
class SynthReport:
    folder: Path
    entities: int
    relations: int
    sources: int
    files: list[Path] = field(default_factory=list)


def allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` by ``weights`` (largest remainder), at least one each when there is room."""
    keys = [k for k in ENTITY_KINDS if weights.get(k)]
    share = sum(weights[k] for k in keys)
    exact = {k: total * weights[k] / share for k in keys}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(keys, key=lambda k: counts[k] - exact[k])[: total - sum(counts.values())]:
        counts[k] += 1
    for k in keys:  # every kind present when there is room: take from the largest
        if counts[k] == 0 and total >= len(keys):
            counts[max(counts, key=counts.get)] -= 1
            counts[k] = 1
    return counts


class _Generator:
    def __init__(self, prof: Profile, n_entities: int, n_relations: int, seed: int, per_document: int):
        self.p, self.rng, self.n_entities = prof, random.Random(seed), n_entities
        self.n_docs = max(1, -(-n_entities // per_document))
        self.docs = [f"synth-doc-{i + 1:05d}" for i in range(self.n_docs)]
        self.sentences: list[list[str]] = [[] for _ in self.docs]
        self.by_kind: dict[str, list[int]] = {}
        self.entities: list[dict] = []
        self.home: list[int] = []
        counts = allocate(n_entities, prof.kinds)
        kinds = [k for k in counts for _ in range(counts[k])]
        self.rng.shuffle(kinds)
        for i, kind in enumerate(kinds):
            self.by_kind.setdefault(kind, []).append(i)
            self.entities.append(self._entity(i, kind, len(self.by_kind[kind])))
        self.links: list[list[tuple[str, int, list]]] = [[] for _ in self.entities]
        self.seen: set[tuple[int, str, int]] = set()
        self._relations(n_relations)

    # -- entities ---------------------------------------------------------------------------------
    def _has(self, kind: str, name: str) -> bool:
        return self.rng.random() < self.p.fields.get((kind, name), 0.0)

    def _year(self) -> int:
        return self.rng.randint(1990, 2023)

    def _entity(self, i: int, kind: str, number: int) -> dict:
        rng = self.rng
        slug = kind.lower()
        if kind == "Person":
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {number}"
        elif kind == "Act":
            name = f"{rng.choice(_THEMES)} Act {number} {self._year()}"
        else:
            name = f"{rng.choice(_PLACES)} {rng.choice(_THEMES)} {_NOUNS[kind]} {number}"
        data: dict = {"id": f"{slug}-{number:06d}", "kind": kind, "name": name}
        if self._has(kind, "aliases"):
            data["aliases"] = ["".join(w[0] for w in name.split() if w[0].isalpha()).upper() + str(number)]
        if self._has(kind, "date"):
            year = self._year()
            data["date"] = rng.choice((str(year), f"{year}-{rng.randint(1, 12):02d}",
                                       f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
        if self._has(kind, "start"):  # rises with i, as same-kind chains point back: successions stay consistent
            data["start"] = str(1950 + 40 * i // self.n_entities)  # before any date (1990 on)
        if self._has(kind, "end"):
            data["end"] = "2024"  # after any date
        if self._has(kind, "type") and (types := _allowed_types(kind, self.p.types.get(kind, []))):
            data["type"] = rng.choice(types)
        if self._has(kind, "description"):
            data["description"] = f"A synthetic {kind.lower()} about {rng.choice(_THEMES).lower()}."
        if kind == "Recommendation" or self._has(kind, "text"):
            data["text"] = f"The {name} calls for better {rng.choice(_THEMES).lower()} services."
        if self._has(kind, "topics"):
            data["topics"] = sorted({rng.choice(_THEMES).lower() for _ in range(2)})
        if self._has(kind, "url"):
            data["url"] = f"https://example.org/{slug}/{number}"
        if kind == "Act" and self._has(kind, "legislation"):
            data["legislation"] = f"http://www.legislation.gov.uk/id/ukpga/{self._year()}/{number}"
        for name_ in ("charity_number", "company_number"):
            if self._has(kind, name_):
                data[name_] = str(1_000_000 + i)
        home = i * self.n_docs // self.n_entities
        self.home.append(home)
        what = f" ({data['aliases'][0]})" if data.get("aliases") else ""
        article = "an" if kind[0] in "AEIOU" else "a"
        data["evidence"] = self._evidence(home, self.p.entity_evidence,
                                          [f"{name}{what} is {article} {kind.lower()} named in this document.",
                                           f"Further reference is made to the {name}.",
                                           f"The work of the {name} is noted again here."])
        return data

    def _evidence(self, home: int, counts: dict[int, int], sentences: list[str]) -> list:
        """Evidence items: the first quote from the home document, the others from any document."""
        k = self.rng.choices(list(counts), weights=list(counts.values()))[0]
        items: list = []
        for j in range(min(k, len(sentences))):
            if j and self.rng.random() < self.p.url_share * 3:
                items.append({"url": f"https://example.org/evidence/{self.rng.randint(1, 10**6)}"})
                continue
            doc = home if j == 0 else self.rng.randrange(self.n_docs)
            self.sentences[doc].append(sentences[j])
            items.append((doc, sentences[j]))
        return items

    # -- relations --------------------------------------------------------------------------------
    def _relations(self, total: int) -> None:
        rng = self.rng
        types = [t for t in self.p.triples if t[0] in self.by_kind and t[2] in self.by_kind]
        if not types:
            return
        weights = [self.p.triples[t] for t in types]
        made = 0
        order = list(range(len(self.entities)))
        rng.shuffle(order)
        for i in order:  # first: one relation for each entity, so none is an orphan
            if made >= total:
                return
            kind = self.entities[i]["kind"]
            fitting = [(t, w) for t, w in zip(types, weights, strict=True) if kind in (t[0], t[2])]
            if fitting:
                t = rng.choices([f[0] for f in fitting], weights=[f[1] for f in fitting])[0]
                other = self._pick(t[2] if t[0] == kind else t[0])
                made += self._add(t[1], i, other) if t[0] == kind else self._add(t[1], other, i)
        attempts = 0
        while made < total and attempts < total * 20:
            attempts += 1
            source_kind, kind, target_kind = rng.choices(types, weights=weights)[0]
            made += self._add(kind, rng.choice(self.by_kind[source_kind]), self._pick(target_kind))

    def _pick(self, kind: str) -> int:
        """A target, skewed towards early entities of the kind (a few hubs, a long tail)."""
        ids = self.by_kind[kind]
        return ids[int(len(ids) * self.rng.random() ** 2)]

    def _add(self, kind: str, source: int, target: int) -> int:
        if RELATIONS[kind].same_kind and source < target:
            source, target = target, source  # same-kind chains point back in time: no cycles
        key = (source, kind, target)
        if source == target or key in self.seen:
            return 0
        self.seen.add(key)
        s, t = self.entities[source]["name"], self.entities[target]["name"]
        verb = RELATIONS[kind].phrase
        evidence = self._evidence(self.home[source], self.p.relation_evidence,
                                  [f"The {s} {verb} the {t}.", f"As noted, the {s} {verb} the {t}.",
                                   f"It is recorded that the {s} {verb} the {t}."])
        self.links[source].append((kind, target, evidence))
        return 1


def synthesise(folder: str | Path, entities: int, relations: int | None = None, seed: int = 0, *,
               fmt: str = "jsonl", per_document: int = 50, per_file: int = 2000,
               prof: Profile | None = None) -> SynthReport:
    """Write a synthetic seed folder with ``entities`` entities and ``relations`` relations (default 3 each)."""
    if entities < 1:
        raise UsageError("must be at least 1", parameter="entities")
    if fmt not in ("jsonl", "yaml"):
        raise UsageError(f"unknown seed format {fmt!r}; expected jsonl or yaml")
    folder = Path(folder)
    _prepare(folder)  # marks the folder as synth's first, so a failed run can be repeated into it
    relations = 3 * entities if relations is None else relations
    gen = _Generator(prof or bundled_profile(), entities, relations, seed, max(1, per_document))
    report = SynthReport(folder, len(gen.entities), len(gen.seen), gen.n_docs)
    report.files.extend(_write_sources(folder, gen, seed))
    report.files.extend(_write_seeds(folder, gen, fmt, per_file))
    manifest = {"generator": "cjgraph synth", "complete": True, "entities": report.entities,
                "relations": report.relations, "sources": report.sources, "seed": seed, "format": fmt}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return report


def _prepare(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / MANIFEST).is_file():
            raise UsageError(f"{folder} is not empty and was not written by `cjgraph synth`; choose another folder")
        shutil.rmtree(folder)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(json.dumps({"generator": "cjgraph synth", "complete": False}) + "\n",
                                   encoding="utf-8")


def _write_sources(folder: Path, gen: _Generator, seed: int) -> list[Path]:
    rng = random.Random(seed + 1)
    index = ["# Generated by `cjgraph synth`: synthetic source documents.", "sources:"]
    paths = []
    for i, doc in enumerate(gen.docs):
        year = rng.randint(2000, 2023)
        title = f"Synthetic document {i + 1}: {rng.choice(_THEMES)} in {rng.choice(_PLACES)}"
        index += [f"  - id: {doc}", f"    title: {json.dumps(title)}", "    publisher: Synthetic Publisher",
                  "    kind: synthetic report", f'    date: "{year}"', f"    file: {doc}.txt"]
        lines = [title, ""]
        for j, sentence in enumerate(gen.sentences[i]):
            lines.append(sentence)
            if j % 8 == 7:
                lines += [rng.choice(_FILLER), ""]
        path = folder / "sources" / f"{doc}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    (folder / "sources" / "sources.yaml").write_text("\n".join(index) + "\n", encoding="utf-8")
    return [folder / "sources" / "sources.yaml", *paths]


def _records(gen: _Generator, i: int, default: int) -> tuple[dict, list[dict]]:
    """Entity ``i`` with half of its relations as links and the rest as top-level relations.

    Quotes from the file's ``default`` document are bare in the entity and its links, as in hand-written seeds.
    """
    entity = dict(gen.entities[i])

    def ev(items: list, bare: bool) -> list:
        return [item if isinstance(item, dict) else item[1] if bare and item[0] == default
                else {"document": gen.docs[item[0]], "quote": item[1]} for item in items]

    entity["evidence"] = ev(entity["evidence"], True)
    links, relations = [], []
    for n, (kind, target, items) in enumerate(gen.links[i]):
        target_id = gen.entities[target]["id"]
        if n % 2 == 0:
            links.append({kind: target_id, "evidence": ev(items, True)})
        else:
            relations.append({"source": entity["id"], "kind": kind, "target": target_id,
                              "evidence": ev(items, False)})
    if links:
        entity["links"] = links
    return entity, relations


def _write_seeds(folder: Path, gen: _Generator, fmt: str, per_file: int) -> list[Path]:
    by_doc: dict[int, list[int]] = {}
    for i, home in enumerate(gen.home):
        by_doc.setdefault(home, []).append(i)
    paths, chunk, size = [], [], 0
    for doc in sorted(by_doc):
        chunk.append(doc)
        size += len(by_doc[doc])
        if size >= per_file or doc == max(by_doc):
            path = folder / f"synth-{len(paths) + 1:05d}.{fmt}"
            writer = _jsonl if fmt == "jsonl" else _yaml
            path.write_text(writer(gen, [(d, by_doc[d]) for d in chunk]), encoding="utf-8")
            paths.append(path)
            chunk, size = [], 0
    return paths


def _jsonl(gen: _Generator, groups: list[tuple[int, list[int]]]) -> str:
    out = []
    for doc, members in groups:
        out.append(json.dumps({"document": gen.docs[doc]}))
        tail = []
        for i in members:
            entity, relations = _records(gen, i, doc)
            out.append(json.dumps({"entity": entity}, ensure_ascii=False))
            tail += [json.dumps({"relation": r}, ensure_ascii=False) for r in relations]
        out += tail
    return "\n".join(out) + "\n"


def _yaml(gen: _Generator, groups: list[tuple[int, list[int]]]) -> str:
    """YAML in the block style of the bundled seeds; the first group's document is the file's default."""
    doc = groups[0][0]
    out = [f"document: {gen.docs[doc]}", "entities:"]
    relations = []
    for _, members in groups:
        for i in members:
            entity, rels = _records(gen, i, doc)
            out += _block(entity, "  ", list_item=True)
            relations += rels
    if relations:
        out.append("relations:")
        for r in relations:
            out += _block(r, "  ", list_item=True)
    return "\n".join(out) + "\n"


def _block(value: dict, indent: str, list_item: bool = False) -> list[str]:
    """A mapping in block style; scalars and lists of scalars as JSON, which YAML reads the same."""
    lines = []
    for n, (key, item) in enumerate(value.items()):
        lead = indent + ("- " if list_item and n == 0 else "  " if list_item else "")
        inner = indent + ("    " if list_item else "  ")
        if isinstance(item, list) and any(isinstance(sub, dict) for sub in item):
            lines.append(f"{lead}{key}:")
            for sub in item:
                lines += (_block(sub, inner, list_item=True) if isinstance(sub, dict)
                          else [f"{inner}- {json.dumps(sub, ensure_ascii=False)}"])
        else:
            lines.append(f"{lead}{key}: {json.dumps(item, ensure_ascii=False)}")
    return lines
