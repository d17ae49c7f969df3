"""How cjgraph's graph is written to and read from Neo4j (see cjgraph.backends.neo4j for its shape): the
property columns sent per label, the staging and switching statements, and records read back into model
objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dates import earliest_day
from ..errors import BackendError
from ..vocab import (
    DATASET_LABEL,
    ENTITY_FIELDS,
    FIRST_MENTIONED,
    FIRST_SAID,
    KINDS,
    ON_RECORD,
    RELATION_PERIOD,
    RELATIONS,
    SAID_FROM,
    STAMP,
)
from .base import EntityRef

if TYPE_CHECKING:  # the models are imported to load or read back a dataset, never to answer a query
    from ..model import Dataset, Entity, Evidence, Relation

NODE_ROWS, RELATION_ROWS, DELETE_ROWS = 2_500, 5_000, 5_000  # rows per statement
NODE_TX_ROWS, RELATION_TX_ROWS = 20_000, 50_000  # rows per transaction
STAGED, RETIRED = "CjgraphStaged", "CjgraphRetired"
_VALUES = tuple(f for f in ENTITY_FIELDS if f.name != "id")  # the id is its own first column
ENTITY_PROPS = tuple(f.neo4j for f in _VALUES)
EVIDENCE_COLUMNS = ("evidence_documents", "evidence_quotes", "evidence_urls", "evidence_pages")
DERIVED_COLUMNS = (*(f.neo4j for f in ON_RECORD), SAID_FROM.neo4j, FIRST_SAID.neo4j)  # cjgraph.asof.stored_dates
ENTITY_COLUMNS = ("id", *ENTITY_PROPS, "start_date", "defined_at", *EVIDENCE_COLUMNS, *DERIVED_COLUMNS,
                  FIRST_MENTIONED.neo4j)
PERIOD_PROPS = tuple(f.neo4j for f in RELATION_PERIOD)  # a relation's start and end
RELATION_COLUMNS = (*PERIOD_PROPS, "defined_at", *EVIDENCE_COLUMNS, *DERIVED_COLUMNS)
SOURCE_COLUMNS = ("date", "id", "title", "publisher", "kind", "file", "url", "defined_at")  # model.Source's
_TYPE_TO_KIND = {rule.neo4j_type: name for name, rule in RELATIONS.items()}
_LABELS = tuple(kind.neo4j_label for kind in KINDS.values())
_ALL_KIND_LABELS = ":".join(_LABELS)
_REF_RETURN = ("RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind, n.name AS name, "
               "coalesce(n.aliases, []) AS aliases")


def _evidence_props(evidence) -> dict[str, list[str]]:
    return {"evidence_documents": [e.document or "" for e in evidence],
            "evidence_quotes": [e.quote or "" for e in evidence],
            "evidence_urls": [e.url or "" for e in evidence],
            "evidence_pages": [e.page or 0 for e in evidence]}  # 0: no page (a list holds one type)


def _refs(records) -> list[EntityRef]:
    """EntityRefs from records answered by a statement ending in ``_REF_RETURN``."""
    return sorted(EntityRef(r["id"], r["kind"], r["name"], tuple(r["aliases"])) for r in records)


def _evidence_from(props: dict) -> list[Evidence]:
    from ..model import Evidence

    items = list(zip(props.get("evidence_documents") or [], props.get("evidence_quotes") or [],
                     props.get("evidence_urls") or [], strict=False))
    pages = list(props.get("evidence_pages") or []) + [0] * len(items)  # a store loaded before pages: none
    return [Evidence.model_construct(document=d or None, quote=q or None, url=u or None, page=pages[i] or None)
            for i, (d, q, u) in enumerate(items)]


# entity_row / relation_row: the per-row shape, also used by the one-MERGE-per-row benchmark baseline.
def entity_row(entity: Entity, defined_at: str | None) -> dict:
    props = {f.neo4j: getattr(entity, f.name) for f in _VALUES}
    props.update(id=entity.id, defined_at=defined_at, **_evidence_props(entity.evidence))
    props["start_date"] = earliest_day(entity.date).isoformat() if entity.date else None
    return {"id": entity.id, "props": {k: v for k, v in props.items() if v is not None}}


def relation_row(relation: Relation, defined_at: str | None) -> dict:
    props = {f.neo4j: getattr(relation, f.name) for f in RELATION_PERIOD}
    props.update(defined_at=defined_at, **_evidence_props(relation.evidence))
    return {"source": relation.source, "target": relation.target,
            "props": {k: v for k, v in props.items() if v is not None}}


def _columns(dataset: Dataset) -> tuple[dict[str, dict[str, list]], dict[str, dict[str, list]], dict[str, list]]:
    """Entity rows by kind, relation rows by kind and source rows, each as parallel columns (less to send).

    The same values as entity_row / relation_row, without a dict per row.
    """
    from ..asof import stored_dates

    dates = stored_dates(dataset)
    entities: dict[str, dict[str, list]] = {}
    for key, entity in dataset.entities.items():
        columns = entities.get(entity.kind) or entities.setdefault(entity.kind, {c: [] for c in ENTITY_COLUMNS})
        for f in _VALUES:
            columns[f.neo4j].append(getattr(entity, f.name))
        columns["id"].append(entity.id)
        columns["start_date"].append(earliest_day(entity.date).isoformat() if entity.date else None)
        _append_evidence(columns, dataset.origin(key), entity.evidence)
        _append_derived(columns, dates.entities[key], entity.evidence, dates, key)
        mentioned = dates.first_mentioned.get(key)
        columns[FIRST_MENTIONED.neo4j].append(mentioned.isoformat() if mentioned else None)
    relations: dict[str, dict[str, list]] = {}
    for rel in dataset.relations:
        if rel.source not in dataset.entities or rel.target not in dataset.entities:
            raise BackendError("neo4j", f"relation {rel.source} {rel.kind} {rel.target} names an unknown entity")
        columns = relations.get(rel.kind) or relations.setdefault(
            rel.kind, {c: [] for c in ("source", "target", *RELATION_COLUMNS)})
        columns["source"].append(rel.source)
        columns["target"].append(rel.target)
        for f in RELATION_PERIOD:
            columns[f.neo4j].append(getattr(rel, f.name))
        _append_evidence(columns, dataset.origin(rel.key), rel.evidence)
        _append_derived(columns, dates.relations[rel.key], rel.evidence, dates, rel.key)
    sources: dict[str, list] = {c: [] for c in SOURCE_COLUMNS}
    for source in dataset.sources.values():
        props = {**source.model_dump(), "defined_at": dataset.origin(("source", source.id))}
        for name, column in sources.items():
            column.append(props.get(name))
    return dict(sorted(entities.items())), dict(sorted(relations.items())), sources


def _append_evidence(columns: dict[str, list], defined_at: str | None, evidence) -> None:
    columns["defined_at"].append(defined_at)
    for name, values in _evidence_props(evidence).items():
        columns[name].append(values)


def _append_derived(columns: dict[str, list], span, evidence, dates, key) -> None:
    for day, name in zip(span, (f.neo4j for f in ON_RECORD), strict=True):
        columns[name].append(day.isoformat() if day else None)
    days = [dates.documents.get(e.document) if e.document else None for e in evidence]
    columns[SAID_FROM.neo4j].append([d.isoformat() if d else "" for d in days])
    first = dates.first_said.get(key)
    columns[FIRST_SAID.neo4j].append(first.isoformat() if first else None)


def _props(names) -> str:
    """A property map reading row ``i`` of parameter columns (a null value sets no property)."""
    return "{" + ", ".join(f"{name}: ${name}[i]" for name in names) + "}"


def _when(test: str, action: str) -> str:
    return f"FOREACH (_ IN CASE WHEN {test} THEN [1] ELSE [] END | {action}) "


# Few statement texts, whatever the kinds: each new text costs the server a plan (100-300 ms on a cold JVM).
# Labels and relationship types are written into the texts from the fixed vocabulary only.
_STAGED_KINDS = ":".join(f"{STAGED}{label}" for label in _LABELS)
CREATE_SOURCES = f"UNWIND range(0, size($id) - 1) AS i CREATE (:{STAGED}:{STAGED}Source {_props(SOURCE_COLUMNS)}) " \
                 "RETURN count(*) AS made"
CREATE_ENTITIES = (f"UNWIND range(0, size($id) - 1) AS i CREATE (n:{STAGED} {_props(ENTITY_COLUMNS)}) "
                   + "".join(_when(f"$kind = '{kind.name}'", f"SET n:{STAGED}{kind.neo4j_label}")
                             for kind in KINDS.values())
                   + "WITH i, n ORDER BY i RETURN collect(elementId(n)) AS made")
CREATE_RELATIONS = (f"UNWIND range(0, size($a) - 1) AS i MATCH (a:{STAGED}) WHERE elementId(a) = $a[i] "
                    f"MATCH (b:{STAGED}) WHERE elementId(b) = $b[i] "
                    + "".join(_when(f"$type = '{rule.neo4j_type}'",
                                    f"CREATE (a)-[:{rule.neo4j_type} {_props(RELATION_COLUMNS)}]->(b)")
                              for rule in RELATIONS.values())
                    + "RETURN count(*) AS made")
RETIRE = f"MATCH (n:Entity|Source) REMOVE n:Entity:Source:{_ALL_KIND_LABELS} SET n:{RETIRED}"
PROMOTE_SOURCES = f"MATCH (n:{STAGED}Source) REMOVE n:{STAGED}:{STAGED}Source SET n:Source RETURN count(n) AS made"
PROMOTE_ENTITIES = (f"MATCH (n:{STAGED}) "
                    + "".join(_when(f"n:{STAGED}{label}", f"SET n:{label}") for label in _LABELS)
                    + f"REMOVE n:{STAGED}:{_STAGED_KINDS} SET n:Entity RETURN count(n) AS made")
DELETE = (f"MATCH (n:{STAGED}|{RETIRED}) CALL {{ WITH n DETACH DELETE n }} "
          f"IN TRANSACTIONS OF {DELETE_ROWS} ROWS")


def _statements(text: str, columns: dict[str, list], size: int, **constants):
    """(text, parameters, rows) for each slice of at most ``size`` rows of ``columns``."""
    rows = len(next(iter(columns.values())))
    for start in range(0, rows, size):
        yield (text, {**{name: column[start:start + size] for name, column in columns.items()}, **constants},
               min(size, rows - start))


def _transactions(statements, budget: int):
    """Statements grouped into transactions of at most ``budget`` rows (at least one statement each)."""
    group: list = []
    for statement in statements:
        if group and sum(rows for _, _, rows in group) + statement[2] > budget:
            yield group
            group = []
        group.append(statement)
    if group:
        yield group


def _check(made: int, rows: int) -> None:
    if made != rows:
        raise BackendError("neo4j", f"the load wrote {made} of {rows} rows: was another load running at the same time?")


def _write(tx, group: list) -> list:
    """Run every statement of ``group`` before reading any answer: the server works on one while the next is
    packed and sent. Each answers ``made`` (a count, or the created nodes' element ids in row order); a row that
    matched nothing fails the load."""
    results = [tx.run(text, parameters) for text, parameters, _ in group]
    made = [result.single(strict=True)["made"] for result in results]
    for answer, (_, _, rows) in zip(made, group, strict=True):
        _check(answer if isinstance(answer, int) else len(answer), rows)
    return made


def _switch(tx, entities: int, sources: int, stamp: str) -> None:
    """The commit point: the previous graph becomes retired, the staged graph becomes the graph (and its
    stamp the dataset's)."""
    tx.run(RETIRE).consume()
    _check(tx.run(PROMOTE_SOURCES).single(strict=True)["made"], sources)
    _check(tx.run(PROMOTE_ENTITIES).single(strict=True)["made"], entities)
    tx.run(f"MERGE (d:{DATASET_LABEL}) SET d.{STAMP.neo4j} = $stamp", stamp=stamp).consume()


def _add_entity(data: Dataset, props: dict, kind: str) -> None:
    from ..model import Entity

    props = dict(props)
    fields = {f.name: list(props.get(f.neo4j) or []) if f.many else props.get(f.neo4j) for f in _VALUES}
    fields.update(id=props["id"], kind=kind, evidence=_evidence_from(props))
    data.entities[props["id"]] = Entity.model_construct(**fields)
    data.set_origin(props["id"], props.get("defined_at"))


def _add_relation(data: Dataset, source: str, kind: str, target: str, props: dict) -> None:
    from ..model import Relation

    period = {f.name: props.get(f.neo4j) for f in RELATION_PERIOD}
    rel = Relation.model_construct(source=source, kind=_TYPE_TO_KIND[kind], target=target, **period,
                                   evidence=_evidence_from(props))
    data.relations.append(rel)
    data.set_origin(rel.key, props.get("defined_at"))
