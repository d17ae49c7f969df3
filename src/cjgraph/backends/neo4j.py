"""Neo4j over Bolt: one label per entity kind plus ``:Entity``, one relationship type per relation kind.

Graph shape::

    (:Entity:Act {id, name, aliases, date, start_date, type, description, text, topics, url, legislation,
                  charity_number, company_number, defined_at,
                  evidence_documents, evidence_quotes, evidence_urls})    -- parallel lists, "" = none
    (:Entity)-[:CITES {evidence_documents, evidence_quotes, evidence_urls, defined_at}]->(:Entity)
    (:Source {id, title, publisher, kind, file, date, url, defined_at})

A load is a sync in ONE managed write transaction (all or nothing): nodes and relationships are merged
in UNWIND batches, and whatever the seeds no longer hold is deleted. Labels and relationship types come
only from cjgraph.vocab; every value is a query parameter.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import defaultdict

from ..dates import earliest_day, parse_as_of
from ..errors import BackendError, EmptyStoreError
from ..model import Dataset, Entity, Evidence, Relation, Source
from ..vocab import ENTITY_KINDS, RELATIONS
from .base import Backend, EntityRef, LoadReport, Progress, Result

BATCH = 5_000
ENTITY_PROPS = ("name", "aliases", "date", "type", "description", "text", "topics", "url", "legislation",
                "charity_number", "company_number")
_TYPE_TO_KIND = {rule.neo4j_type: name for name, rule in RELATIONS.items()}
_ALL_KIND_LABELS = ":".join(ENTITY_KINDS)


def _evidence_props(evidence) -> dict[str, list[str]]:
    return {"evidence_documents": [e.document or "" for e in evidence],
            "evidence_quotes": [e.quote or "" for e in evidence],
            "evidence_urls": [e.url or "" for e in evidence]}


def _evidence_from(props: dict) -> list[Evidence]:
    triples = zip(props.get("evidence_documents") or [], props.get("evidence_quotes") or [],
                  props.get("evidence_urls") or [], strict=False)
    return [Evidence.model_construct(document=d or None, quote=q or None, url=u or None) for d, q, u in triples]


def entity_row(entity: Entity, defined_at: str | None) -> dict:
    props = {k: getattr(entity, k) for k in ENTITY_PROPS}
    props.update(id=entity.id, defined_at=defined_at, **_evidence_props(entity.evidence))
    props["start_date"] = earliest_day(entity.date).isoformat() if entity.date else None
    return {"id": entity.id, "props": {k: v for k, v in props.items() if v is not None}}


def relation_row(relation: Relation, defined_at: str | None) -> dict:
    props = {"defined_at": defined_at, **_evidence_props(relation.evidence)}
    return {"source": relation.source, "target": relation.target,
            "props": {k: v for k, v in props.items() if v is not None}}


def _batches(rows: list, size: int = BATCH):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


class Neo4jBackend(Backend):
    """A Neo4j database reached over Bolt."""

    name = "neo4j"
    query_language = "cypher"

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

    @classmethod
    def from_options(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                     database: str | None = None, **_ignored: object) -> Neo4jBackend:
        env = os.environ
        return cls(uri or env.get("NEO4J_URI") or "bolt://localhost:7687",
                   user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
                   password if password is not None else env.get("NEO4J_PASSWORD"),
                   database or env.get("NEO4J_DATABASE") or "neo4j")

    @property
    def location(self) -> str:
        return f"{self.uri} database {self.database}"

    def close(self) -> None:
        self._driver.close()

    # -- errors ----------------------------------------------------------------------------------
    def _fail(self, exc: Exception) -> BackendError:
        from neo4j import exceptions as ne

        if isinstance(exc, ne.AuthError):
            return BackendError("neo4j", f"authentication failed for user {self.user!r} at {self.uri}")
        if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | OSError):
            return BackendError("neo4j", f"cannot reach {self.uri}: {_first_line(exc)}")
        code = getattr(exc, "code", "") or ""
        if "DatabaseNotFound" in code:
            return BackendError("neo4j", f"database {self.database!r} does not exist at {self.uri}")
        if isinstance(exc, ne.CypherSyntaxError):
            return BackendError("neo4j", f"Cypher syntax error: {_first_line(exc)}")
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
        from neo4j import exceptions as ne

        self.ensure_schema()
        by_kind: dict[str, list[dict]] = defaultdict(list)
        for key, entity in dataset.entities.items():
            by_kind[entity.kind].append(entity_row(entity, dataset.origin(key)))
        by_relation: dict[str, list[dict]] = defaultdict(list)
        for rel in dataset.relations:
            by_relation[rel.kind].append(relation_row(rel, dataset.origin(rel.key)))
        sources = [{"id": s.id, "props": {**{k: v for k, v in s.model_dump().items() if v is not None},
                                          "defined_at": dataset.origin(("source", s.id))}}
                   for s in dataset.sources.values()]
        total = len(dataset.entities) + len(dataset.relations)

        token = uuid.uuid4().hex  # mark what this load writes, then sweep what it did not

        def work(tx) -> None:
            done = 0
            tx.run("UNWIND $rows AS row MERGE (s:Source {id: row.id}) SET s = row.props SET s._load = $token",
                   rows=sources, token=token)
            for kind in ENTITY_KINDS:  # labels from the fixed vocabulary only
                for batch in _batches(by_kind.get(kind, [])):
                    tx.run(f"UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) REMOVE n:{_ALL_KIND_LABELS} "
                           f"SET n:{kind} SET n = row.props SET n._load = $token", rows=batch, token=token)
                    done += len(batch)
                    if progress:
                        progress(done, total)
            for kind, rule in RELATIONS.items():  # relationship types from the fixed vocabulary only
                for batch in _batches(by_relation.get(kind, [])):
                    tx.run(f"UNWIND $rows AS row MATCH (a:Entity {{id: row.source}}), (b:Entity {{id: row.target}}) "
                           f"MERGE (a)-[r:{rule.neo4j_type}]->(b) SET r = row.props SET r._load = $token",
                           rows=batch, token=token)
                    done += len(batch)
                    if progress:
                        progress(done, total)
            tx.run("MATCH (:Entity)-[r]->(:Entity) WHERE r._load IS NULL OR r._load <> $token DELETE r", token=token)
            tx.run("MATCH (n:Entity) WHERE n._load <> $token DETACH DELETE n", token=token)
            tx.run("MATCH (s:Source) WHERE s._load <> $token DETACH DELETE s", token=token)

        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)
        except (ne.Neo4jError, ne.DriverError, OSError) as exc:
            raise self._fail(exc) from None
        return LoadReport(self.name, self.location, len(dataset.entities), len(dataset.relations))

    # -- reading ---------------------------------------------------------------------------------
    def run(self, text: str, params: dict[str, object], param_types: dict[str, str] | None = None) -> Result:
        types = param_types or {}
        bound = {name: _bind(value, types.get(name, "string")) for name, value in params.items()}
        records, _, keys = self._execute(text, bound)
        return Result(list(keys), [dict(record.items()) for record in records])

    def entity_index(self) -> list[EntityRef]:
        records, _, _ = self._execute(
            "MATCH (n:Entity) RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS kind, "
            "n.name AS name, coalesce(n.aliases, []) AS aliases")
        return sorted(EntityRef(r["id"], r["kind"], r["name"], tuple(r["aliases"])) for r in records)

    def is_empty(self) -> bool:
        records, _, _ = self._execute("MATCH (n:Entity) RETURN n.id AS id LIMIT 1")
        return not records

    def node_and_relationship_counts(self) -> tuple[int, int]:
        records, _, _ = self._execute("MATCH (n:Entity) WITH count(n) AS nodes "
                                      "OPTIONAL MATCH (:Entity)-[r]->(:Entity) RETURN nodes, count(r) AS rels")
        return records[0]["nodes"], records[0]["rels"]

    def dataset(self) -> Dataset:
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
            fields = {k: props.get(k) for k in ENTITY_PROPS}
            fields.update(id=props["id"], kind=record["kind"], aliases=list(props.get("aliases") or []),
                          topics=list(props.get("topics") or []), evidence=_evidence_from(props))
            data.entities[props["id"]] = Entity.model_construct(**fields)
            data.set_origin(props["id"], props.get("defined_at"))
        records, _, _ = self._execute("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, type(r) AS t, b.id AS o, "
                                      "properties(r) AS p ORDER BY s, t, o")
        for record in records:
            rel = Relation.model_construct(source=record["s"], kind=_TYPE_TO_KIND[record["t"]], target=record["o"],
                                           evidence=_evidence_from(record["p"]))
            data.relations.append(rel)
            data.set_origin(rel.key, record["p"].get("defined_at"))
        data.relations.sort(key=lambda r: r.key)
        return data


def _bind(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "date":
        return earliest_day(str(value)).isoformat()
    if kind == "date_end":
        return parse_as_of(str(value)).isoformat()
    if kind == "int":
        return int(value)
    return str(value)


def _first_line(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0]
