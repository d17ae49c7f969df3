"""SPARQL endpoint URLs: one function derives the query, update and Graph Store URLs from the URL a user
gives (Oxigraph, Fuseki, GraphDB/RDF4J layouts, trailing slashes), and a 404 or an unreachable server names
the URL that failed and the parameter that sets it."""

from __future__ import annotations

import http.server
import socket
import threading
import urllib.parse
import uuid
from typing import ClassVar

import pytest

from cjgraph.backends.sparql import DEFAULT_GRAPH, Endpoints, SparqlServerBackend, endpoints
from cjgraph.errors import BackendError
from cjgraph.validation import load_dataset


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


OX, FU, DB = "http://h:7878", "http://h:3030", "http://g:7200/repositories/cj"

TABLE = [
    # Oxigraph: the root, or one of its services
    (OX, (f"{OX}/query", f"{OX}/update", f"{OX}/store")),
    (f"{OX}/", (f"{OX}/query", f"{OX}/update", f"{OX}/store")),
    (f"{OX}/query", (f"{OX}/query", f"{OX}/update", f"{OX}/store")),
    (f"{OX}/query/", (f"{OX}/query", f"{OX}/update", f"{OX}/store")),
    (f"{OX}/update", (f"{OX}/query", f"{OX}/update", f"{OX}/store")),
    (f"{OX}/store/", (f"{OX}/query", f"{OX}/update", f"{OX}/store")),
    # Fuseki: the dataset URL, or one of its services
    (f"{FU}/ds", (f"{FU}/ds/query", f"{FU}/ds/update", f"{FU}/ds/data")),
    (f"{FU}/ds/", (f"{FU}/ds/query", f"{FU}/ds/update", f"{FU}/ds/data")),
    (f"{FU}/ds/query", (f"{FU}/ds/query", f"{FU}/ds/update", f"{FU}/ds/data")),
    (f"{FU}/ds/query/", (f"{FU}/ds/query", f"{FU}/ds/update", f"{FU}/ds/data")),
    (f"{FU}/ds/sparql", (f"{FU}/ds/sparql", f"{FU}/ds/update", f"{FU}/ds/data")),
    (f"{FU}/ds/sparql/", (f"{FU}/ds/sparql", f"{FU}/ds/update", f"{FU}/ds/data")),
    (f"{FU}/ds/update", (f"{FU}/ds/query", f"{FU}/ds/update", f"{FU}/ds/data")),
    (f"{FU}/ds/data/", (f"{FU}/ds/query", f"{FU}/ds/update", f"{FU}/ds/data")),
    ("https://x.org/a/b/sparql", ("https://x.org/a/b/sparql", "https://x.org/a/b/update", "https://x.org/a/b/data")),
    # GraphDB / RDF4J: a repository
    (DB, (DB, f"{DB}/statements", f"{DB}/rdf-graphs/service")),
    (f"{DB}/", (DB, f"{DB}/statements", f"{DB}/rdf-graphs/service")),
    (f"{DB}/statements", (DB, f"{DB}/statements", f"{DB}/rdf-graphs/service")),
    # anything else: the query endpoint as given, services below it
    ("http://h/a/b/query", ("http://h/a/b/query", "http://h/a/b/update", "http://h/a/b/store")),
    ("http://h/a/b/", ("http://h/a/b", "http://h/a/b/update", "http://h/a/b/store")),
]


@pytest.mark.parametrize(("url", "expected"), TABLE)
def test_endpoints(url, expected):
    assert endpoints(url) == Endpoints(*expected)


@pytest.mark.parametrize("url", ["localhost:7878/query", "ftp://h/query", "http://h:7878/query?x=1",
                                 "http://h:7878/query#top", "http:///query"])
def test_an_endpoint_that_is_not_a_plain_http_url_is_refused(url):
    with pytest.raises(BackendError) as info:
        endpoints(url)
    assert str(info.value) == (f"sparql: endpoint {url!r} is not an http(s) URL without '?' or '#' "
                               "(like http://localhost:7878/query)")


def test_the_backend_queries_and_loads_at_the_derived_urls_and_takes_overrides():
    backend = SparqlServerBackend(f"{FU}/ds/sparql/")
    assert (backend.endpoint, backend.update_url, backend.store_url) == (
        f"{FU}/ds/sparql", f"{FU}/ds/update", f"{FU}/ds/data")
    backend = SparqlServerBackend.from_options(endpoint=f"{FU}/ds", update_endpoint=f"{FU}/u/",
                                               graph_store=f"{FU}/gsp")
    assert (backend.endpoint, backend.update_url, backend.store_url) == (f"{FU}/ds/query", f"{FU}/u", f"{FU}/gsp")


class _Missing(http.server.BaseHTTPRequestHandler):
    """Answers every request with 404 and remembers what was asked."""

    seen: ClassVar[list[str]] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.end_headers()
        self.wfile.write(b"not here\n")

    do_PUT = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture()
def missing_server():
    _Missing.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Missing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


GRAPH = urllib.parse.urlencode({"graph": DEFAULT_GRAPH})
DEFAULT = urllib.parse.urlencode({"default-graph-uri": DEFAULT_GRAPH})


def test_a_404_on_load_names_the_graph_store_url_and_how_to_override_it(missing_server, mini_seeds):
    base = missing_server
    with pytest.raises(BackendError) as info:
        SparqlServerBackend(f"{base}/ds").load(load_dataset([mini_seeds]))
    assert str(info.value) == (
        f"sparql: the server refused the request (HTTP 404 from {base}/ds/data?{GRAPH}): not here; "
        f"the Graph Store URL {base}/ds/data was guessed from endpoint {base}/ds; "
        "if the server has it elsewhere, give it as graph_store")
    assert _Missing.seen == [f"PUT /ds/data?{GRAPH}"]


def test_a_404_on_a_query_names_the_query_url(missing_server):
    base = missing_server
    with pytest.raises(BackendError) as info:
        SparqlServerBackend(f"{base}/ds").is_empty()
    assert str(info.value) == (
        f"sparql: the server refused the request (HTTP 404 from {base}/ds/query?{DEFAULT}): not here; "
        f"the query URL {base}/ds/query was guessed from endpoint {base}/ds; "
        "if the server has it elsewhere, give it as endpoint")
    with pytest.raises(BackendError) as info:
        SparqlServerBackend(f"{base}/ds/sparql/").is_empty()
    assert str(info.value) == (
        f"sparql: the server refused the request (HTTP 404 from {base}/ds/sparql?{DEFAULT}): not here; "
        f"the query URL {base}/ds/sparql is the endpoint given; check it")
    assert _Missing.seen == [f"POST /ds/query?{DEFAULT}", f"POST /ds/sparql?{DEFAULT}"]


def test_a_404_on_a_graph_store_url_given_says_so(missing_server, mini_seeds):
    base = missing_server
    with pytest.raises(BackendError) as info:
        SparqlServerBackend(f"{base}/ds", store=f"{base}/gsp/").load(load_dataset([mini_seeds]))
    assert str(info.value) == (
        f"sparql: the server refused the request (HTTP 404 from {base}/gsp?{GRAPH}): not here; "
        f"the Graph Store URL {base}/gsp is the graph_store given; check it")


def test_an_unreachable_server_names_the_url_and_how_it_was_chosen():
    base = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(BackendError) as info:
        SparqlServerBackend(base).is_empty()
    message = str(info.value)
    assert message.startswith(f"sparql: cannot reach {base}/query?{DEFAULT}: ")
    assert message.endswith(f"; the query URL {base}/query was guessed from endpoint {base}; "
                            "if the server has it elsewhere, give it as endpoint")
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("form", ["root", "root/", "query/"])
def test_a_real_oxigraph_server_loads_and_answers_at_each_form_of_its_url(form, sparql_server, mini_seeds):
    root = sparql_server["endpoint"].rstrip("/")
    url = {"root": root, "root/": root + "/", "query/": root + "/query/"}[form]
    backend = SparqlServerBackend(url, graph=f"urn:cjgraph:test:{uuid.uuid4().hex}")
    dataset = load_dataset([mini_seeds])
    backend.load(dataset)
    assert sorted(backend.dataset().entities) == sorted(dataset.entities)
    backend.close()


def test_a_real_server_404_names_the_url(sparql_server, mini_seeds):
    root = sparql_server["endpoint"].rstrip("/")
    with pytest.raises(BackendError) as info:
        SparqlServerBackend(f"{root}/no-such-dataset").load(load_dataset([mini_seeds]))
    message = str(info.value)
    assert message.startswith(f"sparql: the server refused the request (HTTP 404 from {root}/no-such-dataset/data?")
    assert message.endswith(f"; the Graph Store URL {root}/no-such-dataset/data was guessed from endpoint "
                            f"{root}/no-such-dataset; if the server has it elsewhere, give it as graph_store")
