"""Smoke tests for the real test servers provided by tests/plugins/servers.py.

Run: .venv/bin/python -m pytest -p tests.plugins.servers tests/test_servers.py -q
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid

import pytest

EX = "http://example.org/cjgraph-test/"


# --------------------------------------------------------------------------- Neo4j


@pytest.mark.neo4j
def test_neo4j_return_1(neo4j_server):
    neo4j = pytest.importorskip("neo4j")
    auth = (neo4j_server["user"], neo4j_server["password"])
    with neo4j.GraphDatabase.driver(neo4j_server["uri"], auth=auth) as driver:
        driver.verify_connectivity()
        records, summary, keys = driver.execute_query("RETURN 1 AS one", database_=neo4j_server["database"])
    assert keys == ["one"]
    assert [r["one"] for r in records] == [1]
    assert summary.server.agent.startswith("Neo4j/")


@pytest.mark.neo4j
def test_neo4j_write_then_read(neo4j_server):
    neo4j = pytest.importorskip("neo4j")
    auth = (neo4j_server["user"], neo4j_server["password"])
    tag = f"t{uuid.uuid4().hex}"
    db = neo4j_server["database"]
    with neo4j.GraphDatabase.driver(neo4j_server["uri"], auth=auth) as driver:
        try:
            driver.execute_query(
                "UNWIND $names AS name "
                "CREATE (:SmokeOrg {tag: $tag, name: name})-[:IN_SECTOR]->(:SmokeSector {tag: $tag})",
                names=["Clinks", "Nacro", "Howard League"],
                tag=tag,
                database_=db,
            )
            records, _, _ = driver.execute_query(
                "MATCH (o:SmokeOrg {tag: $tag})-[:IN_SECTOR]->(s:SmokeSector {tag: $tag}) "
                "RETURN o.name AS name ORDER BY name",
                tag=tag,
                database_=db,
            )
            assert [r["name"] for r in records] == ["Clinks", "Howard League", "Nacro"]
        finally:
            driver.execute_query("MATCH (n) WHERE n.tag = $tag DETACH DELETE n", tag=tag, database_=db)


# --------------------------------------------------------------------------- SPARQL


def _http(method: str, url: str, data: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.read()


def _select(sparql_server: dict, query: str, default_graph: str | None = None) -> list[dict]:
    params = [("query", query)]
    if default_graph:
        params.append(("default-graph-uri", default_graph))
    status, body = _http(
        "GET",
        sparql_server["query"] + "?" + urllib.parse.urlencode(params),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200
    return json.loads(body)["results"]["bindings"]


@pytest.mark.sparql
def test_sparql_graph_store_put_then_select(sparql_server):
    graph = f"{EX}graph/{uuid.uuid4().hex}"
    triples = (
        f'<{EX}org/clinks> <http://www.w3.org/2000/01/rdf-schema#label> "Clinks" .\n'
        f'<{EX}org/nacro> <http://www.w3.org/2000/01/rdf-schema#label> "Nacro" .\n'
        f"<{EX}org/clinks> <{EX}memberOf> <{EX}sector/voluntary> .\n"
    )
    store_url = sparql_server["store"] + "?" + urllib.parse.urlencode({"graph": graph})
    status, _ = _http(
        "PUT", store_url, data=triples.encode(), headers={"Content-Type": "application/n-triples"}
    )
    assert status in (200, 201, 204)

    query = (
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
    )
    rows = _select(sparql_server, query, default_graph=graph)
    assert [(r["s"]["value"], r["label"]["value"]) for r in rows] == [
        (f"{EX}org/clinks", "Clinks"),
        (f"{EX}org/nacro", "Nacro"),
    ]

    # The triples went into the named graph only, not into the (separate) default graph.
    assert _select(sparql_server, f"SELECT * WHERE {{ <{EX}org/nacro> ?p ?o }}") == []

    # Graph Store GET returns exactly what was PUT.
    status, body = _http("GET", store_url, headers={"Accept": "application/n-triples"})
    assert status == 200
    assert sorted(line for line in body.decode().splitlines() if line.strip()) == sorted(
        triples.strip().splitlines()
    )

    # SPARQL Update through /update, then DELETE the graph through the Graph Store.
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}org/nacro> <{EX}memberOf> <{EX}sector/voluntary> }} }}"
    status, _ = _http(
        "POST",
        sparql_server["update"],
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    assert status in (200, 204)
    members = _select(
        sparql_server, f"SELECT ?o WHERE {{ ?o <{EX}memberOf> ?s }} ORDER BY ?o", default_graph=graph
    )
    assert [r["o"]["value"] for r in members] == [f"{EX}org/clinks", f"{EX}org/nacro"]

    status, _ = _http("DELETE", store_url)
    assert status in (200, 204)
    assert _select(sparql_server, "SELECT * WHERE { ?s ?p ?o }", default_graph=graph) == []
