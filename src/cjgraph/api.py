"""The Python API: ``cjgraph.open()`` returns a :class:`Graph`; every answer the CLI prints comes from here.

    import cjgraph
    g = cjgraph.open()                          # the embedded store (CJGRAPH_STORE or ~/.local/share/...)
    g = cjgraph.open("bolt://localhost:7687", password="...")   # Neo4j; "http://host:3030/ds": a SPARQL server
    g.query("recommendations-to", to="Ministry of Justice").to_pandas()
    g.as_of("2013").view(focus="noms")

Heavy libraries are imported inside the methods that need them, so ``import cjgraph`` stays light.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .answers import Answer, Report
from .asof import Scope, as_day
from .errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

    from .backends.base import Backend, LoadReport, Progress
    from .model import Dataset
    from .validation import Report as ValidationReport
    from .viz import View

Seeds = str | os.PathLike | Sequence[str | os.PathLike] | None
ANALYSES = ("centrality", "communities", "components")
PATH_LIMIT = 3  # chains path() gives by default: a hub's shortest chains are many and alike


def open(target: str | os.PathLike | None = None, *, backend: str | None = None, **options: object) -> Graph:
    """Open a graph: the embedded store by default, or the backend a URL names.

    ``target`` is a ``bolt://`` or ``neo4j://`` URL (Neo4j), an ``http(s)://`` URL (a SPARQL server's
    query endpoint or Fuseki dataset URL), or a folder (an embedded store). ``backend`` names a backend
    explicitly (``embedded``, ``neo4j``, ``sparql`` or one a package registers); ``options`` are the
    backend's declared options (see ``cjgraph.backends``), each falling back to its environment variable.
    """
    from .backends import open_backend, target_backend

    name = target_backend(target, backend, options)
    return Graph(open_backend(name, **options))


def validate(seeds: Seeds = None) -> ValidationReport:
    """Check seed folders (default: the bundled seeds; ``"bundled"`` names them in a list of layers).
    Returns the report: ``.problems`` (each ``path:line: message``), ``.summary()`` and ``.dataset``."""
    from .validation import validate_seeds

    return validate_seeds(_seed_list(seeds))


def load(seeds: Seeds = None, target: str | os.PathLike | None = None, *, backend: str | None = None,
         progress: Progress | None = None, **options: object) -> LoadReport:
    """Validate the seeds, then replace the graph in the opened backend with them (all or nothing).
    Raises SeedError listing every problem when the seeds are invalid; the store is then as it was."""
    with open(target, backend=backend, **options) as graph:
        return graph.load(seeds, progress=progress)


def questions() -> Answer:
    """The canned questions (``queries/NAME.rq``) with their parameters and an example each."""
    from .queries import questions_answer

    return questions_answer()


def _seed_list(seeds: Seeds) -> list[str | os.PathLike] | None:
    return None if seeds is None else [seeds] if isinstance(seeds, str | os.PathLike) else list(seeds)


class Graph:
    """One graph in one backend, optionally scoped to a date with :meth:`as_of`."""

    def __init__(self, backend: Backend, *, scope: Scope | None = None):
        self.backend = backend
        self.scope = scope or Scope()
        self._scoped: Backend | None = None
        self._scoped_dataset: Dataset | None = None
        self._whole: Dataset | None = None
        self._spans: dict | None = None
        self._on_record: set[str] | None = None
        self._stamp, self._sources = None, None  # the dataset's stamp ("" if none) and source documents

    def __repr__(self) -> str:
        scope = f", {self.scope.describe()}" if self.scope else ""
        return f"<cjgraph.Graph {self.backend.name} at {self.backend.location}{scope}>"

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the backend's connections (the graph can be reopened with ``cjgraph.open``)."""
        if self._scoped is not None and self._scoped is not self.backend:
            self._scoped.close()
        self._scoped = self._scoped_dataset = self._whole = self._spans = self._on_record = None
        if not self.scope:
            self.backend.close()

    @property
    def when(self) -> date | None:
        """The day of ``as_of`` (None: today's world)."""
        return self.scope.as_of

    # -- dates: questions, search, show ask the backend in scope; the rest read a dated copy (dataset())
    def as_of(self, when: date | str) -> Graph:
        """The world on ``when`` (``2013``, ``2013-06``, ``2013-06-30`` or a date; a year or month means its
        last day): what existed then, by lifespans and successions, with all its evidence. See cjgraph.asof."""
        return Graph(self.backend, scope=self.scope.with_as_of(as_day(when, "as_of")))

    def said_by(self, when: date | str) -> Graph:
        """The record by ``when``: only what documents published on or before then say (later passages are
        dropped, and statements left without any). Combines with ``as_of``. See cjgraph.asof."""
        return Graph(self.backend, scope=self.scope.with_said_by(as_day(when, "said_by")))

    def _reader(self) -> Backend:
        """The backend to ask: the backend itself, or a store holding the graph in this graph's scope."""
        if not self.scope:
            return self.backend
        if self._scoped is None:
            from .backends.embedded import EmbeddedBackend

            memory = EmbeddedBackend(memory=True)
            memory.load(self.dataset())
            self._scoped = memory
        return self._scoped

    def _whole_dataset(self) -> Dataset:
        if self._whole is None:
            self._whole = self.backend.dataset()
        return self._whole

    def _lifespans(self) -> dict:
        """Every entity's lifespan in the whole graph (cjgraph.asof.lifespans), computed once per graph."""
        if self._spans is None:
            from .asof import lifespans

            self._spans = lifespans(self._whole_dataset())
        return self._spans

    def dataset(self) -> Dataset:
        """The whole graph (in this graph's scope) as a Dataset."""
        if not self.scope:
            return self.backend.dataset()
        if self._scoped_dataset is None:
            from .asof import scoped

            spans = self._lifespans() if self.scope.as_of is not None else None
            self._scoped_dataset = scoped(self._whole_dataset(), self.scope, spans)
            if not self._scoped_dataset.entities:
                what = (f"nothing had been said by {self.scope.said_by.isoformat()}" if self.scope.as_of is None
                        else f"nothing is on record {self.scope.describe()}")
                raise UsageError(f"{what} (try a later date)")
        return self._scoped_dataset

    def _scope_of(self, answer: Answer) -> Answer:
        """``answer`` saying where it came from: this graph's scope, the dataset's stamp and its sources."""
        answer.scope = self.scope.describe() or None
        answer.stamp = self.stamp
        answer.sources, answer.pages = self.sources, self.backend.passage_pages
        return answer

    @property
    def stamp(self) -> str | None:
        """The content id of the seeds and source texts this graph was loaded from (cjgraph.stamp)."""
        self._stamp = (self.backend.stamp() or "") if self._stamp is None else self._stamp
        return self._stamp or None

    def sources(self) -> dict:
        """The source documents (``Source`` models) by id."""
        self._sources = self.backend.sources() if self._sources is None else self._sources
        return self._sources

    def _scope_report(self, report: Report) -> Report:
        """A Report and its parts stating this graph's scope (its JSON data too, which has room for it)."""
        for part in report.parts:
            self._scope_of(part)
        if self.scope:
            report.data["scope"] = self.scope.as_data()
            report.scope = self.scope.describe()
        if self.stamp:
            report.data = {"stamp": self.stamp, **report.data}
        return report

    def on_record(self) -> set[str]:
        """The ids of the entities on record in this graph's scope (all of them when it has none)."""
        if self._on_record is None:
            from .asof import within

            ids = set(self.dataset().entities)
            if self.scope.as_of is not None:
                spans = self._lifespans()
                ids = {key for key in ids if within(spans[key], self.scope.as_of)}
            self._on_record = ids
        return self._on_record

    def network(self) -> nx.MultiDiGraph:
        """The graph (in this graph's scope) as a networkx MultiDiGraph (see cjgraph.graph)."""
        from .graph import to_networkx

        return to_networkx(self.dataset())

    # -- loading ------------------------------------------------------------------------------------
    def load(self, seeds: Seeds = None, *, progress: Progress | None = None) -> LoadReport:
        """Validate ``seeds`` and replace this graph's content with them (all or nothing)."""
        from .validation import load_dataset

        if self.scope:
            raise UsageError("a graph scoped with as_of() or said_by() is read-only; load into the graph "
                             "cjgraph.open() returned")
        dataset = load_dataset(_seed_list(seeds))
        self._scoped = self._scoped_dataset = self._whole = self._spans = self._on_record = None
        self._stamp = self._sources = None
        return self.backend.load(dataset, progress=progress)

    # -- questions ----------------------------------------------------------------------------------
    def queries(self) -> Answer:
        """The canned questions with their parameters and an example."""
        return questions()

    def query(self, name: str, params: Mapping[str, object] | None = None, /, **more: object) -> Answer:
        """Run canned question ``name``. Parameters by keyword (``to="MoJ"``) or as a mapping (for names
        that are Python keywords: ``{"from": 2013}``); entity parameters take an id, a name or an alias."""
        from .queries import get_query, run_query

        clash = sorted(set(params or {}) & set(more))
        if clash:
            raise UsageError(f"parameter {clash[0]!r} is given twice (in params and as a keyword)")
        given = {**(params or {}), **more}
        values = {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in given.items() if v is not None}
        canned, asked = get_query(name), dict(values)  # the answer states the parameters as asked
        resolved = set()
        if self.scope:  # a name known to the store but not on record says so
            for param in canned.params:
                if param.type == "entity" and values.get(param.name):
                    values[param.name] = self.resolve(values[param.name], param.kinds)
                    resolved.add(param.name)
        result = run_query(self.backend, name, values, scope=self.scope, resolved=frozenset(resolved))
        answer = Answer(result.columns, result.rows, canned.title, question=name, params=asked, grid=canned.grid)
        return self._scope_of(answer)

    def sparql(self, text: str) -> Answer:
        """An ad-hoc SPARQL SELECT (text, or the path of a ``.rq`` file)."""
        return self._ad_hoc("sparql", text)

    def cypher(self, text: str) -> Answer:
        """An ad-hoc Cypher query on Neo4j (text, or the path of a ``.cypher`` file)."""
        return self._ad_hoc("cypher", text)

    def _ad_hoc(self, language: str, text: str) -> Answer:
        from .dialects import DIALECTS

        reader = self._reader()
        wanted = DIALECTS[language]
        if reader.dialect is not wanted:
            scoped = " (a graph scoped to a date is answered in SPARQL)" if self.scope else ""
            raise UsageError(f"the {reader.name} backend answers {reader.dialect.label}, not {wanted.label}"
                             f"{scoped}; use {reader.dialect.name}() instead")
        result = reader.run(wanted.query_text(text), {})
        return self._scope_of(Answer(result.columns, result.rows))

    def show(self, ref: str) -> Report:
        """One entity (id, name or alias): its fields, evidence and relationships both ways."""
        from .datefilters import dated_view  # in a scope: the store's neighbourhood, dated (no copy)
        from .explore import card, entity_card

        report = card(dated_view(self.backend, self.resolve(ref), self.scope)) if self.scope else \
            entity_card(self.backend, ref)
        return self._scope_report(report)

    def search(self, text: str, kinds: Iterable[str] = ()) -> Answer:
        """Entities whose id, name or alias contains ``text`` (case- and accent-insensitive), best first."""
        from .explore import search_entities
        from .vocab import kinds_named

        rows = search_entities(self.backend, text, kinds_named(kinds))
        if self.scope:  # asked of the store, like a canned question: no dated copy
            held = self._in_scope([row["id"] for row in rows])
            rows = [row for row in rows if row["id"] in held]
        return self._scope_of(Answer(["id", "kind", "name", "aliases"], rows, f"Entities matching {text!r}"))

    def stats(self) -> Report:
        """Counts per kind and relationship, evidence per source, entities without relationships."""
        from .explore import coverage_report

        return self._scope_report(coverage_report(self.dataset()))

    def resolve(self, ref: str, kinds: Sequence[str] = ()) -> str:
        """The id of the one entity an id, name or alias names (of ``kinds``), on record in this scope."""
        from .queries import resolve_entity

        entity_id = resolve_entity(self.backend, ref, tuple(kinds))
        if self.scope and entity_id not in self._in_scope([entity_id]):
            from .asof import why_not_on_record
            from .datefilters import why_not_texts

            dates, documents = (self.backend.run(t, {}).rows for t in why_not_texts(self.backend.dialect.name,
                                                                                   entity_id))
            reason = why_not_on_record(self.scope, dates[0] if dates else {},
                                       [(str(d["doc"]), str(d["docdate"])) for d in documents])
            raise UsageError(f"{ref!r} {reason}")
        return entity_id

    def _in_scope(self, ids: Sequence[str]) -> set[str]:
        """Those of ``ids`` the store says are on record in this scope (what ``on_record`` holds)."""
        from .datefilters import on_record_in_store

        return on_record_in_store(self.backend, ids, self.scope)

    # -- the graph as a network ------------------------------------------------------------------------
    def path(self, a: str, b: str, *, max_hops: int | None = None, via: Iterable[str] = (),
             limit: int = PATH_LIMIT, avoid: str | Iterable[str] = ()) -> Answer:
        """The shortest chains of relationships between ``a`` and ``b`` (followed either way): a row per hop
        with its ``relation``, ``direction`` and ``evidence`` passages; ``via`` limits the kinds passed through,
        ``avoid`` (ids, names or aliases) keeps entities out of every chain."""
        from .analytics import PATH_COLUMNS, path_rows, shortest_paths
        from .errors import CjgraphError
        from .queries import resolve_entity

        graph = self.network()
        start, end = self.resolve(a), self.resolve(b)
        via = tuple(via)
        avoided = [resolve_entity(self.backend, ref, ()) for ref in ((avoid,) if isinstance(avoid, str) else avoid)]
        paths = shortest_paths(graph, start, end, max_hops=max_hops, via=via or None, limit=limit, avoid=avoided)
        if not paths:
            limits = [f"within {max_hops} hops" if max_hops else "", f"via {', '.join(via)}" if via else "",
                      f"avoiding {', '.join(dict.fromkeys(avoided))}" if avoided else "", self.scope.describe()]
            raise CjgraphError(" ".join(["no chain of relationships joins", repr(start), "and", repr(end),
                                         *[x for x in limits if x]]))
        asked = {"a": start, "b": end, "max_hops": max_hops, "via": ",".join(via) or None, "limit": limit,
                 "avoid": ",".join(dict.fromkeys(avoided)) or None}
        names = graph.nodes[start]["name"], graph.nodes[end]["name"]
        return self._scope_of(Answer(list(PATH_COLUMNS), path_rows(paths), f"Shortest chains from {names[0]} to "
                                     f"{names[1]}", question="path", params={k: str(v) for k, v in asked.items()
                                                                             if v is not None}))

    def analyse(self, what: str = "centrality", *, kinds: Iterable[str] = (), top: int | None = None) -> Answer:
        """``centrality`` (degree and betweenness, ranked within each kind), ``communities`` or
        ``components``, optionally for some ``kinds`` and the first ``top`` of each."""
        from . import analytics

        if what not in ANALYSES:
            raise UsageError(f"unknown analysis {what!r} (choose from {', '.join(ANALYSES)})")
        from .vocab import kinds_named

        kinds = kinds_named(kinds) or None  # checked before the graph is read
        graph = self.network()
        if self.scope:  # rank what is on record, not a former body kept as the far end of its succession
            graph = graph.subgraph(self.on_record()).copy()
        asked = {"what": what, **({"kinds": ",".join(kinds)} if kinds else {}), **({"top": str(top)} if top else {})}
        columns = analytics.CENTRALITY_COLUMNS if what == "centrality" else analytics.GROUP_COLUMNS
        rows = getattr(analytics, what)(graph, kinds, top)
        return self._scope_of(Answer(list(columns), rows, what.capitalize(), question="analyse", params=asked))

    def view(self, query: str | None = None, params: Mapping[str, object] | None = None, *,
             focus: str | None = None, depth: int = 1, kinds: Iterable[str] = (), relations: Iterable[str] = (),
             title: str | None = None, layout: str = "auto", sources: bool = False, **more: object) -> View:
        """An offline view of a canned ``query``'s entities (and those its parameters name; with ``sources``
        also the documents its evidence quotes), the ``depth``-hop neighbourhood of ``focus``, or the whole
        graph; then only ``kinds`` and ``relations``. Inline in Jupyter."""
        from .viz import graph_view

        return graph_view(self, query, {**(params or {}), **more}, focus=focus, depth=depth, kinds=kinds,
                          relations=relations, title=title, layout=layout, sources=sources)

    def export(self, fmt: str = "json", path: str | os.PathLike | None = None) -> bytes | list[Path]:
        """The graph with its evidence: ``json`` (stable, documented), RDF (``ttl``, ``jsonld``, ``nt``),
        graph tools (``graphml``, ``gexf``) or its source documents as citations (``csl-json``, ``bibtex``,
        ``ris``) as bytes, also written to ``path`` when given; ``csv`` writes nodes.csv and edges.csv into
        the folder ``path`` and returns their paths. A scoped JSON export says its scope."""
        from .export import export_dataset

        return export_dataset(self.dataset(), fmt, path, scope=self.scope.as_data() if self.scope else None)
