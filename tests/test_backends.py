"""One contract suite, run on every backend: the embedded store, a real SPARQL server, a real Neo4j."""

from __future__ import annotations

import json
import urllib.parse
import uuid

import pytest

from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.errors import BackendError
from cjgraph.queries import catalogue, run_query
from cjgraph.validation import load_dataset
from tests.conftest import DATED_YAML, ROOT
from tests.plugins.cutproxy import CutProxy
from tests.plugins.servers import server_param

BACKENDS = [server_param(kind) for kind in ("embedded", "sparql", "neo4j")]
GOLDEN = ROOT / "tests" / "golden"


def make_backend(kind: str, request, tmp_path, address: str | None = None):
    if kind == "embedded":
        return EmbeddedBackend(tmp_path / "store")
    if kind == "sparql":
        from cjgraph.backends.sparql import SparqlServerBackend

        server = request.getfixturevalue("sparql_server")
        endpoint = server["query"] if address is None else f"http://{address}/query"
        graph = getattr(request.node, "_cj_graph", None) or f"urn:cjgraph:test:{uuid.uuid4().hex}"
        request.node._cj_graph = graph
        return SparqlServerBackend(endpoint, graph=graph)
    from cjgraph.backends.neo4j import Neo4jBackend

    server = request.getfixturevalue("neo4j_server")
    return Neo4jBackend(f"bolt://{address}" if address else server["uri"], server["user"], server["password"],
                        server["database"])


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    made = make_backend(request.param, request, tmp_path)
    yield made
    made.close()


def dump(dataset) -> dict:
    return {
        "entities": {k: e.model_dump() for k, e in sorted(dataset.entities.items())},
        "relations": sorted(json.dumps(r.model_dump(), sort_keys=True) for r in dataset.relations),
        "sources": {k: s.model_dump() for k, s in sorted(dataset.sources.items())},
        "origins": {repr(k): v for k, v in sorted(dataset.origins.items(), key=repr)},
    }


def test_load_then_read_back_everything(backend, bundled_dataset):
    report = backend.load(bundled_dataset)
    assert (report.entities, report.relations) == (len(bundled_dataset.entities), len(bundled_dataset.relations))
    assert dump(backend.dataset()) == dump(bundled_dataset)


def test_lifespans_of_entities_and_relations_read_back(backend, mini_seeds):
    (mini_seeds / "data.yaml").write_text(DATED_YAML, encoding="utf-8")
    data = load_dataset([mini_seeds])
    periods = {r.key: (r.start, r.end) for r in data.relations}
    assert periods == {("example-review", "cites", "example-act-2001"): ("2001-05", "2001-09-30"),
                       ("example-review", "about", "example-act-2001"): ("2001", None)}
    assert (data.entities["example-act-2001"].start, data.entities["example-act-2001"].end) == ("2001-03", "2001-11-30")
    backend.load(data)
    assert dump(backend.dataset()) == dump(data)
    around = backend.neighbourhood("example-review")
    assert {r.key: (r.start, r.end) for r in around.relations} == periods
    assert around.entities == data.entities


def test_reloading_the_same_seeds_changes_nothing(backend, bundled_dataset):
    backend.load(bundled_dataset)
    first = dump(backend.dataset())
    backend.load(bundled_dataset)
    assert dump(backend.dataset()) == first


def test_a_load_is_a_sync_not_an_append(backend, bundled_dataset, mini_seeds):
    backend.load(bundled_dataset)
    mini = load_dataset([mini_seeds])
    backend.load(mini)
    assert dump(backend.dataset()) == dump(mini)


def test_lookup_by_id_name_and_alias(backend, bundled_dataset):
    backend.load(bundled_dataset)
    entity = next(e for e in bundled_dataset.entities.values() if e.aliases)
    for value in (entity.id, entity.name.upper(), entity.aliases[0]):
        assert [ref.id for ref in backend.lookup(value)][:1] == [entity.id], value


def test_a_name_as_written_wins_over_a_case_or_accent_variant(backend, bundled_dataset):
    from copy import deepcopy

    data = deepcopy(bundled_dataset)
    first, second = sorted(data.entities)[:2]
    data.entities[first] = data.entities[first].model_copy(update={"name": "Café Justice"})
    data.entities[second] = data.entities[second].model_copy(update={"name": "CAFE JUSTICE",
                                                                     "aliases": ["Café Justice Trust"]})
    backend.load(data)
    assert [ref.id for ref in backend.lookup("Café Justice")] == [first]
    assert [ref.id for ref in backend.lookup("CAFE JUSTICE")] == [second]
    assert [ref.id for ref in backend.lookup("Café Justice Trust")] == [second]
    assert sorted(ref.id for ref in backend.lookup("cafe justice")) == sorted([first, second])  # folded: both
    assert backend.lookup('Café Justice" } UNION { ?s ?p ?o } #') == []
    assert [ref.id for ref in backend.lookup(second)] == [second]


def test_show_reads_an_entity_and_its_neighbours_as_in_the_whole_graph(backend, bundled_dataset):
    from collections import Counter

    from cjgraph.explore import entity_view, show_entity

    backend.load(bundled_dataset)
    degree = Counter(end for rel in bundled_dataset.relations for end in (rel.source, rel.target))
    ids = sorted(bundled_dataset.entities)
    chosen = {ident for ident, _ in degree.most_common(8)} | set(ids[::20]) | {i for i in ids if i not in degree}
    for ident in sorted(chosen):
        assert show_entity(backend, ident) == entity_view(bundled_dataset, ident), ident


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_canned_query_gives_the_golden_rows(backend, bundled_dataset, name):
    backend.load(bundled_dataset)
    query = catalogue()[name]
    result = run_query(backend, name, query.example)
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert result.as_dicts() == golden


HOSTILE = ['x" } UNION { ?s ?p ?o } #', "x' OR 1=1 //", "}) DETACH DELETE n //", "a\nb\r\n\u2028c", "\u00e9\u0000z",
           "{{$param}}", "<script>alert(1)</script>"]

PROBE = {
    "sparql": "PREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
              "SELECT ?id WHERE { ?e dcterms:identifier ?id ; rdfs:label ?name . FILTER(?id = ?value) }",
    "cypher": "MATCH (n:Entity) WHERE n.id = $value RETURN n.id AS id",
}


@pytest.mark.parametrize("payload", HOSTILE)
def test_parameters_are_data_not_query_text(backend, bundled_dataset, payload):
    backend.load(bundled_dataset)
    before = dump(backend.dataset())
    result = backend.run(PROBE[backend.dialect.name], {"value": payload}, {"value": "string"})
    assert result.rows == []
    some_id = next(iter(bundled_dataset.entities))
    assert backend.run(PROBE[backend.dialect.name], {"value": some_id}, {"value": "string"}).rows == [{"id": some_id}]
    assert dump(backend.dataset()) == before


@pytest.mark.parametrize("kind", [server_param("sparql"), server_param("neo4j")])
def test_a_connection_cut_during_a_load_keeps_the_previous_data(kind, request, tmp_path, bundled_dataset, mini_seeds):
    direct = make_backend(kind, request, tmp_path)
    mini = load_dataset([mini_seeds])
    direct.load(mini)
    if kind == "sparql":
        upstream = urllib.parse.urlparse(direct.endpoint)
        address = (upstream.hostname, upstream.port)
    else:
        upstream = urllib.parse.urlparse(direct.uri)
        address = (upstream.hostname, upstream.port)
    proxy = CutProxy(address, cut_after=30_000)
    cut = make_backend(kind, request, tmp_path, address=f"127.0.0.1:{proxy.port}")
    try:
        with pytest.raises(BackendError) as info:
            cut.load(bundled_dataset)
        assert str(info.value).startswith(f"{kind}: ")
        assert proxy.cuts >= 1
    finally:
        cut.close()
        proxy.close()
    assert dump(direct.dataset()) == dump(mini)
    direct.load(bundled_dataset)  # and the next load succeeds
    assert dump(direct.dataset()) == dump(bundled_dataset)
    direct.close()
