"""Any SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB): load through the Graph Store Protocol, query
through the SPARQL protocol. Standard library HTTP only.

Loading replaces one named graph with a single Graph Store ``PUT`` (the server commits it or nothing).
Parameters travel as a ``VALUES`` block of RDF terms (see rdfbase.with_values), as on the embedded store.
"""

from __future__ import annotations

import base64
import os
import re
import urllib.parse
from typing import TYPE_CHECKING, NamedTuple

from pyoxigraph import QueryResultsFormat, RdfFormat, parse_query_results, serialize

from ..errors import BackendError, EmptyStoreError, UsageError
from ..rdf import store_triples
from .base import LoadReport, Option, Progress
from .rdfbase import RdfBackend, with_values

if TYPE_CHECKING:  # a query never imports pydantic
    from ..model import Dataset

DEFAULT_GRAPH = "https://w3id.org/cjgraph/graph"
TIMEOUT = float(os.environ.get("CJGRAPH_SPARQL_TIMEOUT", "120"))


class Endpoints(NamedTuple):
    """The three URLs cjgraph talks to: SPARQL query, SPARQL update and the Graph Store Protocol."""

    query: str
    update: str
    store: str


_QUERY_NAMES = {"query", "sparql"}  # the query service's name, under a server root or a Fuseki dataset
_SERVICE_NAMES = _QUERY_NAMES | {"update", "store", "data"}
_REPOSITORY = re.compile(r"/repositories/[^/]+")


def endpoints(url: str) -> Endpoints:
    """The query, update and Graph Store URLs of the server behind ``url``, following each server's layout.

    Trailing slashes are ignored. ``url`` may be:

    - an Oxigraph root ``http://h:7878`` (empty path), or one of its services ``/query``, ``/update``,
      ``/store``: query ``/query``, update ``/update``, Graph Store ``/store``;
    - a Fuseki dataset ``http://h:3030/ds`` (a path of one segment that names no service), or one of its
      services ``/ds/query``, ``/ds/sparql``, ``/ds/update``, ``/ds/data``: query ``/ds/query`` (or the
      ``/ds/sparql`` given), update ``/ds/update``, Graph Store ``/ds/data``; ``.../sparql`` under any
      longer path follows this layout too;
    - a GraphDB/RDF4J repository ``.../repositories/X`` (or its ``/statements``): query at the repository,
      update ``/statements``, Graph Store ``/rdf-graphs/service``;
    - anything else: the query endpoint itself, with ``/update`` and ``/store`` below it.

    Any URL can be overridden by the backend's ``update_endpoint`` and ``graph_store`` parameters.
    """
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BackendError("sparql", f"endpoint {url!r} is not an http(s) URL without '?' or '#' "
                                     "(like http://localhost:7878/query)")
    path = parts.path.rstrip("/")
    base = f"{parts.scheme}://{parts.netloc}{path}"
    repository = _REPOSITORY.search(path)
    if repository and path[repository.end():] in ("", "/statements"):
        root = base[: len(base) - len(path) + repository.end()]
        return Endpoints(root, root + "/statements", root + "/rdf-graphs/service")
    head, _, last = path.rpartition("/")
    if last in _SERVICE_NAMES:
        root = f"{parts.scheme}://{parts.netloc}{head}"
        if last == "sparql" or head.count("/") == 1:  # /ds/<service>: a Fuseki dataset
            return Endpoints(base if last in _QUERY_NAMES else root + "/query", root + "/update", root + "/data")
        return Endpoints(base if last in _QUERY_NAMES else root + "/query", root + "/update", root + "/store")
    if not path:  # an Oxigraph root
        return Endpoints(base + "/query", base + "/update", base + "/store")
    if path.count("/") == 1:  # /ds: a Fuseki dataset
        return Endpoints(base + "/query", base + "/update", base + "/data")
    return Endpoints(base, base + "/update", base + "/store")


_ROLES = {"query": ("query URL", "endpoint"), "update": ("update URL", "update_endpoint"),
          "store": ("Graph Store URL", "graph_store")}


class SparqlServerBackend(RdfBackend):
    """A remote SPARQL 1.1 server holding cjgraph's graph in one named graph."""

    name = "sparql"
    options = (
        Option("endpoint", "SPARQL query endpoint URL (or a Fuseki dataset URL)", env=("CJGRAPH_SPARQL_ENDPOINT",)),
        Option("update_endpoint", "SPARQL update endpoint URL [default: from the endpoint]"),
        Option("graph_store", "Graph Store Protocol URL [default: from the endpoint]"),
        Option("graph", "Named graph IRI to load into and query", default=DEFAULT_GRAPH),
        Option("sparql_user", "HTTP basic-auth user", env=("CJGRAPH_SPARQL_USER",)),
        Option("password", "HTTP basic-auth password", env=("CJGRAPH_SPARQL_PASSWORD",), secret=True),
    )

    def __init__(self, endpoint: str, *, update: str | None = None, store: str | None = None,
                 graph: str = DEFAULT_GRAPH, user: str | None = None, password: str | None = None):
        found = endpoints(endpoint)
        self.given = {"query": endpoint.strip(), "update": update, "store": store}
        self.endpoint = found.query  # the query URL
        self.update_url = update.strip().rstrip("/") if update else found.update
        self.store_url = store.strip().rstrip("/") if store else found.store
        self.graph = graph
        self._auth = None
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self._auth = f"Basic {token}"

    @classmethod
    def from_options(cls, **given: object) -> SparqlServerBackend:
        values = cls.resolve_options(given)
        if not values["endpoint"]:
            raise BackendError("sparql", "no endpoint: give the endpoint option (a SPARQL query URL) "
                                         "or set CJGRAPH_SPARQL_ENDPOINT")
        return cls(values["endpoint"], update=values["update_endpoint"], store=values["graph_store"],
                   graph=values["graph"], user=values["sparql_user"], password=values["password"])

    @property
    def location(self) -> str:
        return f"{self.endpoint} graph <{self.graph}>"

    def _hint(self, role: str, url: str) -> str:
        """How the URL of ``role`` (query, update, store) was chosen, and the parameter that sets it."""
        label, parameter = _ROLES[role]
        given = self.given[role]
        if given and (role != "query" or given.rstrip("/") == url):
            return f"the {label} {url} is the {parameter} given; check it"
        return (f"the {label} {url} was guessed from endpoint {self.given['query']}; "
                f"if the server has it elsewhere, give it as {parameter}")

    def _request(self, url: str, *, role: str, method: str, body: bytes | None = None,
                 headers: dict | None = None) -> bytes:
        """Send one request to the ``role`` URL (``url`` with its parameters); errors become one-line
        BackendErrors naming the URL, and for 404 or an unreachable server how it was chosen."""
        import urllib.error  # imported here: urllib.request costs ~30 ms, and `cjgraph --help` imports this module
        import urllib.request

        target = url.partition("?")[0]
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            if exc.code == 400 and "sparql-query" in str((headers or {}).get("Content-Type")):
                raise self.dialect.syntax_error(detail[0] if detail else f"HTTP 400 from {url}") from None
            reason = "authentication failed" if exc.code in (401, 403) else "the server refused the request"
            hint = f"; {self._hint(role, target)}" if exc.code == 404 else ""
            raise BackendError("sparql", f"{reason} (HTTP {exc.code} from {url})"
                               + (f": {detail[0]}" if detail else "") + hint) from None
        except (urllib.error.URLError, OSError) as exc:
            cause = getattr(exc, "reason", exc)
            raise BackendError("sparql", f"cannot reach {url}: {cause}; {self._hint(role, target)}") from None

    def _select(self, query: str, bindings: dict[str, object]):
        text = with_values(query, bindings) if bindings else query
        url = self.endpoint + "?" + urllib.parse.urlencode({"default-graph-uri": self.graph})
        data = self._request(url, role="query", method="POST", body=text.encode("utf-8"), headers={
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json"})
        solutions = parse_query_results(data, format=QueryResultsFormat.JSON)
        if not hasattr(solutions, "variables"):
            raise UsageError("only SELECT queries are supported (not ASK, CONSTRUCT or DESCRIBE)")
        columns = [v.value for v in solutions.variables]
        return columns, [{c: s[c] for c in columns} for s in solutions]

    def load(self, dataset: Dataset, progress: Progress | None = None) -> LoadReport:
        body = serialize(store_triples(dataset), format=RdfFormat.N_TRIPLES)
        url = self.store_url + "?" + urllib.parse.urlencode({"graph": self.graph})
        self._request(url, role="store", method="PUT", body=body, headers={"Content-Type": "application/n-triples"})
        if progress:
            progress(1, 1)
        return LoadReport(self.name, self.location, len(dataset.entities), len(dataset.relations),
                          body.count(b"\n"))

    def dataset(self) -> Dataset:
        if self.is_empty():
            raise EmptyStoreError(self.location)
        return super().dataset()
