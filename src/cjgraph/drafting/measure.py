"""How well drafting finds what a curator wrote: for a bundled document, the seeds' statements whose only
evidence is that document are taken out, the document is drafted against the rest, and the proposals are
compared with what was taken out (recall) and with a curator's judgements of a sample (precision).

Matching: a proposed entity is a removed one when it has the same id, or shares a name or alias with it
(compared case- and accent-insensitively); a proposed Recommendation, whose short name a curator writes
freely, when its passage and the removed one's wording or passages overlap (one holds the other). A
proposed relationship is a removed one when its ends are (or match) the removed one's and its kind is the
same, ``about`` and ``mentions`` counting as one (the curator's judgement of subject or passing reference
is made in review).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..mentions import comparable
from ..model import Dataset, Entity, Relation
from .core import Draft, Item

FAMILY = {"mentions": "about"}
SAMPLE = 25  # proposals judged per document


@dataclass
class Score:
    document: str
    entities: int  # removed, to be found
    entities_found: int
    relations: int
    relations_found: int
    proposed: int
    missed_entities: list[Entity] = field(default_factory=list)
    missed_relations: list[Relation] = field(default_factory=list)

    @property
    def entity_recall(self) -> float:
        return self.entities_found / self.entities if self.entities else 1.0

    @property
    def relation_recall(self) -> float:
        return self.relations_found / self.relations if self.relations else 1.0


def only_from(dataset: Dataset, document: str) -> tuple[Dataset, list[Entity], list[Relation]]:
    """The dataset less the statements whose only evidence is ``document``, with what was taken out. An entity
    goes when its own evidence and every relationship it takes part in are only from ``document`` (a body
    first quoted there but linked by other documents' passages stays: those statements need it)."""
    def only(evidence) -> bool:
        return bool(evidence) and all(ev.document == document for ev in evidence)

    taken = [r for r in dataset.relations if only(r.evidence)]
    elsewhere = {end for r in dataset.relations if not only(r.evidence) for end in (r.source, r.target)}
    gone = [e for e in dataset.entities.values() if only(e.evidence) and e.id not in elsewhere]
    gone_ids = {e.id for e in gone}
    kept = Dataset(entities={k: e for k, e in dataset.entities.items() if k not in gone_ids},
                   relations=[r for r in dataset.relations if not only(r.evidence)],
                   sources=dict(dataset.sources))
    return kept, gone, taken


def score(proposal: Draft, gone: list[Entity], taken: list[Relation]) -> Score:
    """Recall of ``proposal`` against the removed statements."""
    mapping: dict[str, str] = {}  # proposed id -> removed id (the same id first, then a shared name)
    found_entities = set()
    proposed_ids = {item.data["id"] for item in proposal.entities}
    for g in gone:
        if g.id in proposed_ids:
            mapping[g.id] = g.id
            found_entities.add(g.id)
    for g in gone:
        if g.id in found_entities:
            continue  # found by its id: it does not take a second proposal by name
        names = {comparable(n) for n in (g.name, *g.aliases)}
        passages = [comparable(ev.quote) for ev in g.evidence if ev.quote] + ([comparable(g.text)] if g.text else [])
        for item in proposal.entities:
            d = item.data
            if d["id"] in mapping:
                continue
            if {comparable(n) for n in (d["name"], *d.get("aliases", []))} & names or (
                    g.kind == d["kind"] == "Recommendation" and _overlap(comparable(d["text"]), passages)):
                mapping[d["id"]] = g.id
                found_entities.add(g.id)
    proposed = {(mapping.get(r.data["source"], r.data["source"]), FAMILY.get(r.data["kind"], r.data["kind"]),
                 mapping.get(r.data["target"], r.data["target"])) for r in proposal.relations}
    missed = [r for r in taken if (r.source, FAMILY.get(r.kind, r.kind), r.target) not in proposed]
    return Score(proposal.source, len(gone), len(found_entities), len(taken), len(taken) - len(missed),
                 len(proposal.items), [g for g in gone if g.id not in found_entities], missed)


def _overlap(text: str, passages: list[str]) -> bool:
    return any(p and (p in text or text in p) for p in passages)


def sample(proposal: Draft, size: int = SAMPLE) -> list[Item]:
    """The proposals judged for precision: the ``size`` whose labels hash lowest (SHA-256 of the document id and
    the label), so the sample is fixed for a given draft and changes little when the drafter changes."""
    def rank(item: Item) -> str:
        return hashlib.sha256(f"{proposal.source} {item_label(item)}".encode()).hexdigest()

    return sorted(sorted(proposal.items, key=rank)[:size], key=item_label)


def precision(proposal: Draft, judgements: dict[str, dict], size: int = SAMPLE) -> tuple[int, int, list[str]]:
    """(accepted, judged, labels of sampled proposals not yet judged) over the sample of ``proposal``;
    ``judgements`` maps a label to ``{"verdict": "accept" | "reject", "note": ...}``."""
    accepted = judged = 0
    missing = []
    for item in sample(proposal, size):
        verdict = judgements.get(item_label(item), {}).get("verdict")
        if verdict is None:
            missing.append(item_label(item))
            continue
        judged += 1
        accepted += verdict == "accept"
    return accepted, judged, missing


def read_judgements(path: Path) -> dict[str, dict[str, dict]]:
    """The curator's judgements: document id -> label -> {verdict, note}."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {doc: {row["item"]: row for row in rows or []} for doc, rows in data.get("judgements", {}).items()}


def measure(dataset: Dataset, document: str, text: str) -> tuple[Score, Draft]:
    """Take out what only ``document`` supports, draft ``text`` (the document's file) against the rest, score."""
    from .core import draft_text

    kept, gone, taken = only_from(dataset, document)
    proposal = draft_text(kept, dataset.sources[document], text)
    return score(proposal, gone, taken), proposal


def item_label(item: Item) -> str:
    """How a judgement names a proposal: ``entity ID`` or ``SOURCE KIND TARGET``."""
    return f"entity {item.data['id']}" if "id" in item.data else " ".join(item.key)
