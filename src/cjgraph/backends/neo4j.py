"""Neo4j over Bolt: one label per entity kind plus ``:Entity``, one relationship type per relation kind.

Graph shape::

    (:Entity:Act {id, name, aliases, date, exists_from, exists_until, start_date, type, description, text,
                  topics, url, legislation, charity_number, company_number, defined_at,
                  evidence_documents, evidence_quotes, evidence_urls,     -- parallel lists, "" = none
                  evidence_pages,                                         -- 0 = no page
                  on_record_from, on_record_until, evidence_days})        -- derived (vocab.ON_RECORD)
    (:Entity)-[:CITES {holds_from, holds_until, evidence_documents, evidence_quotes, evidence_urls, evidence_pages,
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

from ..dialects import CYPHER
from ..errors import BackendError, CjgraphError, EmptyStoreError
from ..vocab import DATASET_LABEL, RELATIONS, STAMP
from .base import Backend, EntityRef, LoadReport, Option, Progress, Result
from .neo4j_rows import (
    _REF_RETURN,
    _TYPE_TO_KIND,
    CREATE_ENTITIES,
    CREATE_RELATIONS,
    CREATE_SOURCES,
    DELETE,
    NODE_ROWS,
    NODE_TX_ROWS,
    RELATION_ROWS,
    RELATION_TX_ROWS,
    _add_entity,
    _add_relation,
    _columns,
    _refs,
    _statements,
    _switch,
    _transactions,
    _write,
)

if TYPE_CHECKING:  # the models are imported to load or read back a dataset, never to answer a query
    from ..model import Dataset


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

        from ..stamp import stamp_of

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
                session.execute_write(_switch, len(dataset.entities), len(sources["id"]), stamp_of(dataset))
                session.run(DELETE).consume()  # the previous graph, now retired
        except (ne.Neo4jError, ne.DriverError, OSError) as exc:
            raise self._fail(exc) from None

    # -- reading ---------------------------------------------------------------------------------
    def run(self, text: str, params: dict[str, object], param_types: dict[str, str] | None = None) -> Result:
        bound = dict.fromkeys(params)  # an unbound optional parameter is null in Cypher
        bound.update(self.dialect.bind_all(params, param_types))
        records, _, keys = self._execute(text, bound)
        return Result(list(keys), [dict(record.items()) for record in records])

    def passage_pages(self) -> dict[tuple[str, str], int]:
        records, _, _ = self._execute(
            "MATCH (n) WHERE any(p IN coalesce(n.evidence_pages, []) WHERE p > 0) "
            "UNWIND range(0, size(n.evidence_pages) - 1) AS i WITH n, i WHERE n.evidence_pages[i] > 0 "
            "RETURN n.evidence_documents[i] AS doc, n.evidence_quotes[i] AS quote, n.evidence_pages[i] AS page "
            "UNION MATCH ()-[n]->() WHERE any(p IN coalesce(n.evidence_pages, []) WHERE p > 0) "
            "UNWIND range(0, size(n.evidence_pages) - 1) AS i WITH n, i WHERE n.evidence_pages[i] > 0 "
            "RETURN n.evidence_documents[i] AS doc, n.evidence_quotes[i] AS quote, n.evidence_pages[i] AS page")
        return {(r["doc"], r["quote"]): r["page"] for r in records}

    def stamp(self) -> str | None:
        records, _, _ = self._execute(f"MATCH (d:{DATASET_LABEL}) RETURN d.{STAMP.neo4j} AS stamp LIMIT 1")
        return records[0]["stamp"] if records else None

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
        from ..model import Dataset

        if self.is_empty():
            raise EmptyStoreError(self.location)
        data = Dataset()
        self._read_sources(data)
        records, _, _ = self._execute("MATCH (n:Entity) RETURN properties(n) AS p, "
                                      "[l IN labels(n) WHERE l <> 'Entity'][0] AS kind ORDER BY n.id")
        for record in records:
            _add_entity(data, record["p"], record["kind"])
        records, _, _ = self._execute("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, type(r) AS t, b.id AS o, "
                                      "properties(r) AS p ORDER BY s, t, o")
        for record in records:
            _add_relation(data, record["s"], record["t"], record["o"], record["p"])
        data.relations.sort(key=lambda r: r.key)
        data.stamp = self.stamp()  # the stamp it was loaded with (its text digests are not stored)
        return data

    def _read_sources(self, data: Dataset) -> None:
        from ..model import Source

        records, _, _ = self._execute("MATCH (s:Source) RETURN properties(s) AS p ORDER BY s.id")
        for record in records:
            props = dict(record["p"])
            data.set_origin(("source", props["id"]), props.pop("defined_at", None))
            data.sources[props["id"]] = Source.model_construct(**{k: props.get(k) for k in Source.model_fields})

    def neighbourhood(self, entity_id: str) -> Dataset:
        """The entity, its relationships both ways and its neighbours: one anchored match, not the graph."""
        from ..model import Dataset

        data = Dataset()
        records, _, _ = self._execute(
            "MATCH (x:Entity {id: $id}) OPTIONAL MATCH (x)-[r]-(o:Entity) "
            "RETURN properties(x) AS x, [l IN labels(x) WHERE l <> 'Entity'][0] AS kind, "
            "collect([startNode(r).id, type(r), endNode(r).id, properties(r), properties(o), "
            "[l IN labels(o) WHERE l <> 'Entity'][0]]) AS links", {"id": entity_id})
        for record in records:
            _add_entity(data, record["x"], record["kind"])
            for source, kind, target, props, other, other_kind in record["links"]:
                if source is None:
                    continue  # no relationship: OPTIONAL MATCH gave nulls
                if other["id"] not in data.entities:
                    _add_entity(data, other, other_kind)
                if (source, _TYPE_TO_KIND[kind], target) not in {r.key for r in data.relations}:
                    _add_relation(data, source, kind, target, props)
        data.relations.sort(key=lambda r: r.key)
        return data


def _first_line(exc: Exception) -> str:
    """The driver's message on one line (its first line alone can end mid-sentence, at a colon)."""
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if not lines[0].endswith(":") or len(lines) == 1 else f"{lines[0]} {lines[1]}"
