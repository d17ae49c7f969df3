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
from typing import TYPE_CHECKING

from pyoxigraph import QueryResultsFormat, RdfFormat, parse_query_results, serialize

from ..errors import BackendError, EmptyStoreError
from ..rdf import dataset_triples
from .base import LoadReport, Option, Progress
from .rdfbase import RdfBackend, with_values

if TYPE_CHECKING:  # a query never imports pydantic
    from ..model import Dataset

DEFAULT_GRAPH = "https://w3id.org/cjgraph/graph"
TIMEOUT = float(os.environ.get("CJGRAPH_SPARQL_TIMEOUT", "120"))


def guess_endpoints(endpoint: str) -> tuple[str, str]:
    """Update and Graph Store URLs from a query endpoint, following each server's conventions."""
    base = endpoint.rstrip("/")
    if base.endswith("/query"):  # Oxigraph server, Fuseki (/ds/query)
        root = base[: -len("/query")]
        return root + "/update", root + ("/store" if not _is_fuseki(root) else "/data")
    if base.endswith("/sparql"):  # Fuseki (/ds/sparql), many others
        root = base[: -len("/sparql")]
        return root + "/update", root + "/data"
    if re.search(r"/repositories/[^/]+$", base):  # GraphDB, RDF4J
        return base + "/statements", base + "/rdf-graphs/service"
    return base + "/update", base + "/store"


def _is_fuseki(root: str) -> bool:
    path = urllib.parse.urlparse(root).path.strip("/")
    return bool(path) and "/" not in path  # /ds/query: a dataset name in front


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
        self.endpoint = endpoint
        guessed_update, guessed_store = guess_endpoints(endpoint)
        self.update_url = update or guessed_update
        self.store_url = store or guessed_store
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

    def _request(self, url: str, *, method: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
        import urllib.error  # imported here: urllib.request costs ~30 ms, and `cjgraph --help` imports this module
        import urllib.request

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
            raise BackendError("sparql", f"{reason} (HTTP {exc.code} from {url})"
                               + (f": {detail[0]}" if detail else "")) from None
        except (urllib.error.URLError, OSError) as exc:
            cause = getattr(exc, "reason", exc)
            raise BackendError("sparql", f"cannot reach {url}: {cause}") from None

    def _select(self, query: str, bindings: dict[str, object]):
        text = with_values(query, bindings) if bindings else query
        url = self.endpoint + "?" + urllib.parse.urlencode({"default-graph-uri": self.graph})
        data = self._request(url, method="POST", body=text.encode("utf-8"), headers={
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json"})
        solutions = parse_query_results(data, format=QueryResultsFormat.JSON)
        columns = [v.value for v in solutions.variables]
        return columns, [{c: s[c] for c in columns} for s in solutions]

    def load(self, dataset: Dataset, progress: Progress | None = None) -> LoadReport:
        body = serialize(dataset_triples(dataset), format=RdfFormat.N_TRIPLES)
        url = self.store_url + "?" + urllib.parse.urlencode({"graph": self.graph})
        self._request(url, method="PUT", body=body, headers={"Content-Type": "application/n-triples"})
        if progress:
            progress(1, 1)
        return LoadReport(self.name, self.location, len(dataset.entities), len(dataset.relations),
                          body.count(b"\n"))

    def dataset(self) -> Dataset:
        if self.is_empty():
            raise EmptyStoreError(self.location)
        return super().dataset()
