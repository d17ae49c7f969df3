"""Benchmark tasks run in their own process (so each has its own peak memory): ``workers.py TASK JSON``.

Tasks print one JSON object on their last line of output:

- ``queries``: every planned canned query through cjgraph's ``run_query`` on one backend, repeated; with
  a ``scoped_day``, also through ``Graph.as_of(day).query`` and ``Graph.said_by(day).query``;
- ``rdflib-parse``: rdflib parsing an N-Triples file (the load baseline);
- ``oxigraph-floor``: Oxigraph's own bulk loader reading that file into a new store, then compacting it
  (no Python per triple: the part of cjgraph's load no change on the Python side can remove);
- ``rdflib-queries``: the same SPARQL texts and bindings on rdflib's in-memory graph (the query baseline);
- ``neo4j-merge``: one auto-committed ``MERGE`` per row for a sample of rows (the Neo4j load baseline).
"""

from __future__ import annotations

import json
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _stats(times: list[float]) -> dict:
    if not times:
        return {"runs": 0}
    ordered = sorted(times)
    return {"runs": len(times), "median": statistics.median(times),
            "p95": ordered[max(1, -(-len(ordered) * 95 // 100)) - 1], "min": ordered[0]}


def _repeat(call, budget: float, max_runs: int, min_runs: int = 1) -> tuple[list[float], object]:
    """Call until ``max_runs`` calls or ``budget`` seconds are spent (at least ``min_runs``)."""
    times, result, spent = [], None, 0.0
    while len(times) < max_runs and (len(times) < min_runs or spent < budget):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
        spent += times[-1]
    return times, result


def _pick(backend, candidates: list[str], day: str | None = None) -> str | None:
    """The first candidate id the graph holds (synthetic ids of the kinds a parameter accepts); with a
    ``day``, the first on record both as of and said by that day, so that the plain and the scoped timings
    answer the same question."""
    from cjgraph.asof import Scope, as_day
    from cjgraph.datefilters import on_record_in_store

    scopes = [Scope(as_of=as_day(day, "day")), Scope(said_by=as_day(day, "day"))] if day else []
    for ident in candidates:
        held = any(ref.id == ident for ref in backend.lookup(ident))
        if held and all(on_record_in_store(backend, [ident], scope) for scope in scopes):
            return ident
    return None


def queries(payload: dict) -> dict:
    from cjgraph.backends import open_backend
    from cjgraph.queries import bind_params, get_query, run_query

    backend = open_backend(payload["backend"], **payload.get("options", {}))
    out = {}
    for item in payload["plan"]:
        name, params = item["name"], dict(item.get("params", {}))
        for key, candidates in item.get("pick", {}).items():
            chosen = _pick(backend, candidates, payload.get("scoped_day"))
            if chosen:
                params[key] = chosen
        entry: dict = {"params": params}
        try:
            query = get_query(name)
            bound = bind_params(query, params, backend)
            entry["bindings"] = {k: [v if isinstance(v, str | int) else str(v), query.param_types[k]]
                                 for k, v in bound.items() if v is not None}
            times, result = _repeat(lambda name=name, params=params: run_query(backend, name, params),
                                    payload.get("budget", 20.0), payload.get("max_runs", 7),
                                    payload.get("min_runs", 1))
            entry.update(_stats(times), rows=len(result.rows))
            for option, scoped in _scoped_graphs(backend, payload.get("scoped_day")):
                entry[option] = _scoped_entry(scoped, name, params, payload)
        except Exception as exc:  # reported per query; the others still run
            entry["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
        out[name] = entry
    backend.close()
    return out


def _scoped_graphs(backend, day: str | None) -> list:
    """``as_of`` and ``said_by`` graphs on ``day`` over the same backend (none without a day)."""
    if not day:
        return []
    from cjgraph.api import Graph

    return [("as_of", Graph(backend).as_of(day)), ("said_by", Graph(backend).said_by(day))]


def _scoped_entry(graph, name: str, params: dict, payload: dict) -> dict:
    """A canned query as ``graph.query`` answers it in its scope (parameter checks included), timed."""
    try:
        times, answer = _repeat(lambda: graph.query(name, params), payload.get("budget", 20.0),
                                payload.get("max_runs", 7), payload.get("min_runs", 1))
        return {**_stats(times), "rows": len(answer.rows)}
    except Exception as exc:  # e.g. the picked entity is not on record that day
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"}


def _rdflib_graph(path: str):
    import rdflib

    graph = rdflib.Graph()
    graph.parse(path, format="nt")
    return graph


def rdflib_parse(payload: dict) -> dict:
    start = time.perf_counter()
    graph = _rdflib_graph(payload["nt"])
    return {"triples": len(graph), "seconds": time.perf_counter() - start}


def oxigraph_floor(payload: dict) -> dict:
    from pyoxigraph import RdfFormat, Store

    start = time.perf_counter()
    store = Store(payload["store"])
    store.bulk_load(path=payload["nt"], format=RdfFormat.N_TRIPLES)
    loaded = time.perf_counter()
    store.optimize()
    store.flush()
    return {"load_seconds": loaded - start, "seconds": time.perf_counter() - start}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def rdflib_queries(payload: dict) -> dict:
    from cjgraph.backends.rdfbase import bind_term, with_values
    from cjgraph.queries import get_query

    start = time.perf_counter()
    graph = _rdflib_graph(payload["nt"])
    out: dict = {"_parse_seconds": time.perf_counter() - start}
    signal.signal(signal.SIGALRM, _alarm)
    limit = float(payload.get("timeout", 30))
    for name, bindings in payload["queries"].items():
        text = get_query(name).text("sparql")
        terms = {k: bind_term(v, kind) for k, (v, kind) in bindings.items()}
        text = with_values(text, terms) if terms else text

        def call(text=text):
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                return len(list(graph.query(text)))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)

        try:
            times, rows = _repeat(call, payload.get("budget", 20.0), payload.get("max_runs", 5))
            out[name] = {**_stats(times), "rows": rows}
        except _Timeout:
            out[name] = {"timeout": limit}
        except Exception as exc:
            out[name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"}
    return out


def neo4j_merge(payload: dict) -> dict:
    """One MERGE per row, each its own auto-commit transaction and round trip (what a naive loader does)."""
    from neo4j import GraphDatabase

    from cjgraph.backends.neo4j_rows import entity_row, relation_row
    from cjgraph.validation import load_dataset
    from cjgraph.vocab import RELATIONS

    dataset = load_dataset([payload["seeds"]])
    limit = int(payload.get("limit", 1500))
    relations = dataset.relations[:limit]
    wanted = list(dict.fromkeys([*list(dataset.entities)[:limit], *(r.source for r in relations),
                                 *(r.target for r in relations)]))
    driver = GraphDatabase.driver(payload["uri"], auth=("neo4j", payload.get("password", "")))
    db = payload.get("database", "neo4j")

    def clear() -> None:  # CALL ... IN TRANSACTIONS needs an implicit transaction: session.run
        with driver.session(database=db) as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    clear()
    driver.execute_query("CREATE CONSTRAINT bench_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
                         database_=db)
    start = time.perf_counter()
    for ident in wanted:
        entity = dataset.entities[ident]
        row = entity_row(entity, dataset.origin(ident))
        driver.execute_query(f"MERGE (n:Entity:{entity.kind} {{id: $id}}) SET n += $props", row, database_=db)
    entity_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for relation in relations:
        row = relation_row(relation, dataset.origin(relation.key))
        driver.execute_query(f"MATCH (a:Entity {{id: $source}}), (b:Entity {{id: $target}}) "
                             f"MERGE (a)-[r:{RELATIONS[relation.kind].neo4j_type}]->(b) SET r += $props", row,
                             database_=db)
    relation_seconds = time.perf_counter() - start
    clear()
    driver.execute_query("DROP CONSTRAINT bench_entity_id IF EXISTS", database_=db)
    driver.close()
    entity_rate, relation_rate = len(wanted) / entity_seconds, len(relations) / max(relation_seconds, 1e-9)
    return {"entity_rows": len(wanted), "entity_seconds": entity_seconds, "relation_rows": len(relations),
            "relation_seconds": relation_seconds,
            "estimated_total_seconds": len(dataset.entities) / entity_rate
            + (len(dataset.relations) / relation_rate if relations else 0.0),
            "extrapolated": len(wanted) < len(dataset.entities) or len(relations) < len(dataset.relations)}


TASKS = {"queries": queries, "rdflib-parse": rdflib_parse, "oxigraph-floor": oxigraph_floor,
         "rdflib-queries": rdflib_queries,
         "neo4j-merge": neo4j_merge}

if __name__ == "__main__":
    task, payload = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(TASKS[task](payload)))
