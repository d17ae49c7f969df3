"""Looking around the graph: one entity with its relationships, name search, and coverage counts."""

from __future__ import annotations

from collections import Counter

from .model import Dataset
from .names import fold
from .queries import resolve_entity
from .records import Passage
from .vocab import ENTITY_KINDS, KIND_TYPES, RELATION_KINDS


def show_entity(backend, ident: str) -> dict:
    """An entity (by id, name or alias) with its fields, evidence and relationships both ways."""
    entity_id = resolve_entity(backend, ident)
    return entity_view(backend.neighbourhood(entity_id), entity_id)


def entity_view(dataset: Dataset, entity_id: str) -> dict:
    """What ``show`` prints for one entity of a dataset."""
    entity = dataset.entities[entity_id]
    names = {k: e.name for k, e in dataset.entities.items()}
    relations = []
    for rel in dataset.relations:
        if entity_id not in (rel.source, rel.target):
            continue
        outgoing = rel.source == entity_id
        other = rel.target if outgoing else rel.source
        relations.append({
            "direction": "out" if outgoing else "in",
            "relation": rel.kind,
            "other_id": other,
            "other": names.get(other, other),
            "other_kind": dataset.entities[other].kind if other in dataset.entities else None,
            "evidence": [e.model_dump(exclude_none=True) for e in rel.evidence],
        })
    relations.sort(key=lambda r: (r["direction"] == "in", r["relation"], r["other"]))
    return {
        "entity": entity.model_dump(exclude_none=True),
        "defined_at": dataset.origin(entity_id),
        "relations": relations,
    }


def search_entities(backend, text: str, kinds: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """Entities whose id, name or an alias contains ``text`` (case- and accent-insensitive)."""
    wanted = fold(text)
    rows = []
    for ref in backend.entity_index():
        if kinds and ref.kind not in kinds:
            continue
        labels = [ref.name, *ref.aliases]
        hit = next((label for label in labels if wanted in fold(label)), None)
        if hit is None and wanted in ref.id:
            hit = ref.id
        if hit is not None:
            exact = any(fold(label) == wanted for label in labels)
            rows.append({"id": ref.id, "kind": ref.kind, "name": ref.name, "aliases": "; ".join(ref.aliases),
                         "_rank": (not exact, not fold(ref.name).startswith(wanted), ref.name.casefold())})
    rows.sort(key=lambda r: r.pop("_rank"))
    return rows


def coverage(dataset: Dataset) -> dict[str, list[dict[str, object]]]:
    """Counts per entity kind and relationship kind, entities without relationships, evidence per source."""
    kinds = Counter(e.kind for e in dataset.entities.values())
    relations = Counter(r.kind for r in dataset.relations)
    linked = {r.source for r in dataset.relations} | {r.target for r in dataset.relations}
    evidence: Counter[str] = Counter()
    for item in [*dataset.entities.values(), *dataset.relations]:
        for ev in item.evidence:
            evidence[ev.document or "(url)"] += 1
    typed = Counter((e.kind, e.type or "") for e in dataset.entities.values() if e.kind in KIND_TYPES)
    return {
        "entities": [{"kind": k, "count": kinds[k]} for k in ENTITY_KINDS],
        # the kinds whose type changes what they count as: Acts apart from statutory instruments,
        # recommendations apart from summaries of recommendations made elsewhere
        "types": [{"kind": k, "type": t or "(none)", "count": typed[(k, t)]}
                  for k, types in KIND_TYPES.items() for t in ("", *types) if typed[(k, t)] or t],
        "relations": [{"relation": k, "count": relations[k]} for k in RELATION_KINDS],
        "orphans": [{"id": k, "kind": e.kind, "name": e.name}
                    for k, e in sorted(dataset.entities.items()) if k not in linked],
        "evidence": [{"document": d, "quotes": evidence[d]}
                     for d in [*sorted(dataset.sources), *(["(url)"] if evidence["(url)"] else [])]],
    }


def entity_card(backend, ref: str):
    """``show`` as a Report: the entity's fields, its evidence and its relationships (``.data``: the plain
    ``show_entity`` dictionary)."""
    return card(show_entity(backend, ref))


def card(info: dict):
    """An ``entity_view`` (of the store's neighbourhood, or of a dated one) as the Report ``show`` prints."""
    from .answers import Answer, Report

    entity = info["entity"]
    fields = [{"field": k, "value": "; ".join(v) if isinstance(v, list) else v}
              for k, v in entity.items() if k != "evidence"]
    fields.append({"field": "defined at", "value": info["defined_at"]})
    evidence = [{"document": e.get("document") or e.get("url"), "quote": e.get("quote")} for e in entity["evidence"]]
    relations = [{"entity": f"{r['other']} ({r['other_id']})", "kind": r["other_kind"],
                  "relation": f"{r['relation']} \u2192" if r["direction"] == "out" else f"\u2190 {r['relation']}",
                  "evidence": [Passage.of(e) for e in r["evidence"]]}
                 for r in info["relations"]]  # "led_by →": this entity led_by that one; "← about": that one about this
    title = f"{entity['name']} ({entity['kind']})"
    return Report(title, [Answer(["field", "value"], fields, title),
                          Answer(["document", "quote"], evidence, "Evidence"),
                          Answer(["entity", "kind", "relation", "evidence"], relations, "Relationships")], info)


def coverage_report(dataset: Dataset):
    """``stats`` as a Report (``.data``: the plain ``coverage`` dictionary)."""
    from .answers import Answer, Report

    report = coverage(dataset)
    return Report("Coverage", [
        Answer(["kind", "count"], report["entities"], "Entities"),
        Answer(["kind", "type", "count"], report["types"], "Acts and recommendations by type"),
        Answer(["relation", "count"], report["relations"], "Relationships"),
        Answer(["document", "quotes"], report["evidence"], "Evidence per source document"),
        Answer(["id", "kind", "name"], report["orphans"], "Entities without relationships"),
    ], report)
