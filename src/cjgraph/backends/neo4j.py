"""Neo4j over Bolt: one label per entity kind plus ``:Entity``, one relationship type per relation kind.

Graph shape::

    (:Entity:Act {id, name, aliases, date, exists_from, exists_until, start_date, type, description, text,
                  topics, url, legislation, charity_number, company_number, defined_at,
                  evidence_documents, evidence_quotes, evidence_urls,     -- parallel lists, "" = none
                  on_record_from, on_record_until, evidence_days})        -- derived (vocab.ON_RECORD)
    (:Entity)-[:CITES {holds_from, holds_until, evidence_documents, evidence_quotes, evidence_urls,
                       defined_at, on_record_from, on_record_until, evidence_days}]->(:Entity)
    (:Source {id, title, publisher, kind, file, date, url, defined_at})

A load is all or nothing without one huge transaction (at 100k entities that would outgrow a 2 GB heap):
every node is first CREATEd under staging labels only (``:CjgraphStaged:CjgraphStaged<Kind>``, no
``:Entity``, no kind label, no constraint), in transactions of a few thousand rows sent as parallel
columns; relationships are CREATEd between staged nodes, found by the element ids their creation
returned. Staged nodes and their relationships are invisible to every label-anchored query. One short
switch transaction then relabels the previous graph ``:CjgraphRetired`` and the staged nodes
``:Entity:<Kind>`` / ``:Source``: that is the commit point. Retired nodes are deleted afterwards, in
batches; a cut or failed load leaves staged (or retired) nodes, which the next load deletes first.
Every statement checks how many rows it wrote, so a concurrent load fails instead of half-applying.
Labels and relationship types come only from cjgraph.vocab; every value is a query parameter.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..dates import earliest_day
from ..dialects import CYPHER
from ..errors import BackendError, CjgraphError, EmptyStoreError
from ..vocab import ENTITY_FIELDS, FIRST_MENTIONED, FIRST_SAID, KINDS, ON_RECORD, RELATION_PERIOD, RELATIONS, SAID_FROM
from .base import Backend, EntityRef, LoadReport, Option, Progress, Result

if TYPE_CHECKING:  # the models are imported to load or read back a dataset, never to answer a query
    from ..model import Dataset, Entity, Evidence, Relation

NODE_ROWS, RELATION_ROWS, DELETE_ROWS = 2_500, 5_000, 5_000  # rows per statement
NODE_TX_ROWS, RELATION_TX_ROWS = 20_000, 50_000  # rows per transaction
STAGED, RETIRED = "CjgraphStaged", "CjgraphRetired"
_VALUES = tuple(f for f in ENTITY_FIELDS if f.name != "id")  # the id is its own first column
ENTITY_PROPS = tuple(f.neo4j for f in _VALUES)
EVIDENCE_COLUMNS = ("evidence_documents", "evidence_quotes", "evidence_urls")
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
            "evidence_urls": [e.url or "" for e in evidence]}


def _refs(records) -> list[EntityRef]:
    """EntityRefs from records answered by a statement ending in ``_REF_RETURN``."""
    return sorted(EntityRef(r["id"], r["kind"], r["name"], tuple(r["aliases"])) for r in records)


def _evidence_from(props: dict) -> list[Evidence]:
    from ..model import Evidence

    triples = zip(props.get("evidence_documents") or [], props.get("evidence_quotes") or [],
                  props.get("evidence_urls") or [], strict=False)
    return [Evidence.model_construct(document=d or None, quote=q or None, url=u or None) for d, q, u in triples]


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


def _switch(tx, entities: int, sources: int) -> None:
    """The commit point: the previous graph becomes retired, the staged graph becomes the graph."""
    tx.run(RETIRE).consume()
    _check(tx.run(PROMOTE_SOURCES).single(strict=True)["made"], sources)
    _check(tx.run(PROMOTE_ENTITIES).single(strict=True)["made"], entities)


class Neo4jBackend(Backend):
    """A Neo4j database reached over Bolt."""

    name = "neo4j"
    dialect = CYPHER
    options = (
        Option("uri", "Neo4j URI", env=("NEO4J_URI",), default="bolt://localhost:7687"),
        Option("user", "Neo4j user", env=("NEO4J_USERNAME", "NEO4J_USER"), default="neo4j"),
        Option("password", "Neo4j password", env=("NEO4J_PASSWORD",), secret=True),
        Option("database", "Neo4j database", env=("NEO4J_DATABASE",), default="neo4j"),
    )

    def __init__(self, uri: str, user: str = "neo4j", password: str | None = None, database: str = "neo4j"):
        from neo4j import GraphDatabase

        # The driver logs connection failures itself; cjgraph reports them once, as a clean error.
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
        self.uri, self.user, self.database = uri, user, database
        self._verified = False
        try:
            # No automatic retries: a load is one transaction that either commits or fails with a clear
            # message (a retry after a cut connection could wait on locks the broken attempt still holds).
            self._driver = GraphDatabase.driver(uri, auth=(user, password or ""), connection_timeout=15,
                                                max_transaction_retry_time=0, notifications_min_severity="OFF")
        except Exception as exc:  # driver configuration errors (bad URI scheme...)
            raise BackendError("neo4j", f"cannot use {uri}: {exc}") from None

    @property
    def location(self) -> str:
        return f"{self.uri} database {self.database}"

    def close(self) -> None:
        self._driver.close()

    # -- errors ----------------------------------------------------------------------------------
    def _fail(self, exc: Exception) -> CjgraphError:
        from neo4j import exceptions as ne

        if isinstance(exc, ne.AuthError):
            return BackendError("neo4j", f"authentication failed for user {self.user!r} at {self.uri}")
        if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | OSError):
            return BackendError("neo4j", f"cannot reach {self.uri}: {_first_line(exc)}")
        code = getattr(exc, "code", "") or ""
        if "DatabaseNotFound" in code:
            return BackendError("neo4j", f"database {self.database!r} does not exist at {self.uri}")
        if isinstance(exc, ne.CypherSyntaxError):
            return self.dialect.syntax_error(_first_line(exc))
        return BackendError("neo4j", _first_line(exc))

    def _connect(self) -> None:
        """Check the server once, failing fast (the driver would otherwise retry for seconds)."""
        if self._verified:
            return
        from neo4j import exceptions as ne

        try:
            self._driver.verify_connectivity()
        except (ne.Neo4jError, ne.DriverError, OSError) as exc:
            raise self._fail(exc) from None
        self._verified = True

    def _execute(self, text: str, params: dict | None = None, *, write: bool = False):
        from neo4j import RoutingControl
        from neo4j import exceptions as ne

        self._connect()
        try:
            return self._driver.execute_query(text, params or {}, database_=self.database,
                                              routing_=RoutingControl.WRITE if write else RoutingControl.READ)
        except (ne.Neo4jError, ne.DriverError, OSError) as exc:
            raise self._fail(exc) from None

    # -- loading ---------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Uniqueness constraints, created before any data."""
        for statement in (
            "CREATE CONSTRAINT cjgraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT cjgraph_source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
        ):
            self._execute(statement, write=True)

    def load(self, dataset: Dataset, progress: Progress | None = None) -> LoadReport:
        from ..model import paused_gc

        self.ensure_schema()
        with paused_gc():  # millions of acyclic objects: the collector's passes would only slow this down
            self._sync(dataset, progress)
        return LoadReport(self.name, self.location, len(dataset.entities), len(dataset.relations))

    def _sync(self, dataset: Dataset, progress: Progress | None) -> None:
        from neo4j import exceptions as ne

        entities, relations, sources = _columns(dataset)
        total, done = len(dataset.entities) + len(dataset.relations), 0
        nodes = [(CREATE_SOURCES, sources, len(sources["id"]))]
        for kind, columns in entities.items():
            nodes += _statements(CREATE_ENTITIES, columns, NODE_ROWS, kind=kind)
        element: dict[str, str] = {}  # entity id -> element id of its staged node
        try:
            with self._driver.session(database=self.database) as session:
                session.run(DELETE).consume()  # what an earlier cut or failed load left
                for group in _transactions(nodes, NODE_TX_ROWS):
                    for (_, columns, rows), made in zip(group, session.execute_write(_write, group), strict=True):
                        if isinstance(made, list):  # entities, not sources
                            element.update(zip(columns["id"], made, strict=True))
                            done += rows
                    if progress:
                        progress(done, total)
                links = []
                for kind, columns in relations.items():
                    columns["a"] = [element[ident] for ident in columns.pop("source")]
                    columns["b"] = [element[ident] for ident in columns.pop("target")]
                    links += _statements(CREATE_RELATIONS, columns, RELATION_ROWS, type=RELATIONS[kind].neo4j_type)
                for group in _transactions(links, RELATION_TX_ROWS):
                    session.execute_write(_write, group)
                    done += sum(rows for _, _, rows in group)
                    if progress:
                        progress(done, total)
                session.execute_write(_switch, len(dataset.entities), len(sources["id"]))
                session.run(DELETE).consume()  # the previous graph, now retired
        except (ne.Neo4jError, ne.DriverError, OSError) as exc:
            raise self._fail(exc) from None

    # -- reading ---------------------------------------------------------------------------------
    def run(self, text: str, params: dict[str, object], param_types: dict[str, str] | None = None) -> Result:
        bound = dict.fromkeys(params)  # an unbound optional parameter is null in Cypher
        bound.update(self.dialect.bind_all(params, param_types))
        records, _, keys = self._execute(text, bound)
        return Result(list(keys), [dict(record.items()) for record in records])

    def entity_index(self) -> list[EntityRef]:
        records, _, _ = self._execute("MATCH (n:Entity) " + _REF_RETURN)
        return _refs(records)

    def lookup_exact(self, value: str) -> list[EntityRef]:
        """An id through the uniqueness constraint's index (the whole index took 2.7 s at 100k entities),
        else a name or alias equal to ``value``, matched in the server."""
        for match in ("MATCH (n:Entity {id: $value}) ",
                      "MATCH (n:Entity) WHERE n.name = $value OR $value IN coalesce(n.aliases, []) "):
            records, _, _ = self._execute(match + _REF_RETURN, {"value": value})
            if records:
                return _refs(records)
        return []

    def is_empty(self) -> bool:
        records, _, _ = self._execute("MATCH (n:Entity) RETURN n.id AS id LIMIT 1")
        return not records

    def node_and_relationship_counts(self) -> tuple[int, int]:
        records, _, _ = self._execute("MATCH (n:Entity) WITH count(n) AS nodes "
                                      "OPTIONAL MATCH (:Entity)-[r]->(:Entity) RETURN nodes, count(r) AS rels")
        return records[0]["nodes"], records[0]["rels"]

    def dataset(self) -> Dataset:
        from ..model import Dataset, Entity, Relation, Source

        if self.is_empty():
            raise EmptyStoreError(self.location)
        data = Dataset()
        records, _, _ = self._execute("MATCH (s:Source) RETURN properties(s) AS p ORDER BY s.id")
        for record in records:
            props = dict(record["p"])
            data.set_origin(("source", props["id"]), props.pop("defined_at", None))
            data.sources[props["id"]] = Source.model_construct(**{k: props.get(k) for k in Source.model_fields})
        records, _, _ = self._execute("MATCH (n:Entity) RETURN properties(n) AS p, "
                                      "[l IN labels(n) WHERE l <> 'Entity'][0] AS kind ORDER BY n.id")
        for record in records:
            props = dict(record["p"])
            fields = {f.name: list(props.get(f.neo4j) or []) if f.many else props.get(f.neo4j) for f in _VALUES}
            fields.update(id=props["id"], kind=record["kind"], evidence=_evidence_from(props))
            data.entities[props["id"]] = Entity.model_construct(**fields)
            data.set_origin(props["id"], props.get("defined_at"))
        records, _, _ = self._execute("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, type(r) AS t, b.id AS o, "
                                      "properties(r) AS p ORDER BY s, t, o")
        for record in records:
            period = {f.name: record["p"].get(f.neo4j) for f in RELATION_PERIOD}
            rel = Relation.model_construct(source=record["s"], kind=_TYPE_TO_KIND[record["t"]], target=record["o"],
                                           **period, evidence=_evidence_from(record["p"]))
            data.relations.append(rel)
            data.set_origin(rel.key, record["p"].get("defined_at"))
        data.relations.sort(key=lambda r: r.key)
        return data


def _first_line(exc: Exception) -> str:
    """The driver's message on one line (its first line alone can end mid-sentence, at a colon)."""
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if not lines[0].endswith(":") or len(lines) == 1 else f"{lines[0]} {lines[1]}"
