"""Shared code of the backends that speak SPARQL over cjgraph's RDF shape (embedded store, SPARQL server)."""

from __future__ import annotations

import abc
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from pyoxigraph import Literal

from ..errors import UsageError
from ..rdf import PREFIXES, term_value
from ..vocab import (
    ASSERTION_NS,
    DATASET_IRI,
    ENTITY_FIELDS,
    ENTITY_KINDS,
    ENTITY_NS,
    ONTOLOGY,
    RELATION_PERIOD,
    RELATIONS,
    SLUG_RE,
    SOURCE_NS,
    STAMP,
    entity_iri,
    relation_path,
    sorted_set,
)
from .base import Backend, EntityRef, Result

if TYPE_CHECKING:  # the models are imported when a dataset is read back, not to run a query
    from ..model import Dataset, Evidence

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_PROPERTY_TO_KIND = {ONTOLOGY + rule.property_name: name for name, rule in RELATIONS.items()}
SEP = "\u001f"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ENTITY_FIELDS = {**{f.rdf: f.name for f in ENTITY_FIELDS}, ONTOLOGY + "definedAt": "defined"}  # property -> key
_MANY = frozenset(f.name for f in ENTITY_FIELDS if f.many)
# property of an assertion node -> key of its relation (start, end) or ``defined``
_ASSERTION_FIELDS = {**{f.rdf: f.name for f in RELATION_PERIOD}, ONTOLOGY + "definedAt": "defined"}


class RdfBackend(Backend):
    """A backend whose data is cjgraph's RDF and whose query language is SPARQL (the base's dialect)."""

    @abc.abstractmethod
    def _select(self, query: str, bindings: dict[str, object]) -> tuple[list[str], list[dict[str, object]]]:
        """Run a SELECT with variables bound to RDF terms; return columns and rows of RDF terms."""

    def run(self, text: str, params: dict[str, object], param_types: dict[str, str] | None = None) -> Result:
        columns, rows = self._select(text, self.dialect.bind_all(params, param_types))
        return Result(columns, [{k: term_value(v) for k, v in row.items()} for row in rows])

    def _rows(self, body: str) -> list[dict[str, object]]:
        _, rows = self._select(_PROLOGUE + body, {})
        return [{k: term_value(v) for k, v in row.items()} for row in rows]

    def passage_pages(self) -> dict[tuple[str, str], int]:
        rows = self._rows(f"""SELECT ?doc ?quote ?page WHERE {{ ?ev cj:page ?page ; cj:quote ?quote ; cj:document ?d .
                BIND(STRAFTER(STR(?d), "{SOURCE_NS}") AS ?doc) }}""")
        return {(str(r["doc"]), str(r["quote"])): int(r["page"]) for r in rows}

    def stamp(self) -> str | None:
        rows = self._rows(f"SELECT ?stamp WHERE {{ <{DATASET_IRI}> <{STAMP.rdf}> ?stamp }}")
        return str(rows[0]["stamp"]) if rows else None

    def entity_index(self) -> list[EntityRef]:
        rows = self._rows(f"""
            SELECT ?id ?class ?name (GROUP_CONCAT(?alias; separator="{SEP}") AS ?aliases) WHERE {{
              ?e dcterms:identifier ?id ; a ?class ; rdfs:label ?name .
              FILTER(STRSTARTS(STR(?e), "{ENTITY_NS}"))
              OPTIONAL {{ ?e skos:altLabel ?alias }}
            }} GROUP BY ?id ?class ?name""")
        return sorted(EntityRef(r["id"], _local(r["class"]), r["name"], _aliases(r)) for r in rows)

    def _classes(self) -> dict[str, str]:
        """The kind of every entity, by IRI."""
        kinds = " ".join(f"cj:{kind}" for kind in ENTITY_KINDS)
        rows = self._rows(f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {kinds} }} ?s a ?o }}")
        return {r["s"]: _local(r["o"]) for r in rows}

    def lookup_exact(self, value: str) -> list[EntityRef]:
        """Indexed patterns only: an id, else a label or alias equal to ``value`` (bound, never spliced in)."""
        if SLUG_RE.match(value):
            found = self._ref(value)
            if found:
                return found
        _, rows = self._select(_PROLOGUE + """SELECT DISTINCT ?id WHERE {
              { ?e rdfs:label ?value } UNION { ?e skos:altLabel ?value }
              ?e dcterms:identifier ?id }""", {"value": Literal(value)})
        ids = {term_value(row["id"]) for row in rows}
        return sorted(ref for ident in ids if isinstance(ident, str) and SLUG_RE.match(ident)
                      for ref in self._ref(ident))

    def _ref(self, ident: str) -> list[EntityRef]:
        node = f"<{entity_iri(ident)}>"  # a slug needs no escaping
        rows = self._rows(f"""
            SELECT ?class ?name (GROUP_CONCAT(?alias; separator="{SEP}") AS ?aliases) WHERE {{
              {node} dcterms:identifier "{ident}" ; a ?class ; rdfs:label ?name .
              OPTIONAL {{ {node} skos:altLabel ?alias }}
            }} GROUP BY ?class ?name""")
        return sorted(EntityRef(ident, _local(r["class"]), r["name"], _aliases(r))
                      for r in rows if _local(r["class"]) in ENTITY_KINDS)

    def is_empty(self) -> bool:
        rows = self._rows(
            f'SELECT ?e WHERE {{ ?e dcterms:identifier ?id FILTER(STRSTARTS(STR(?e), "{ENTITY_NS}")) }} LIMIT 1')
        return not rows

    def dataset(self) -> Dataset:
        """The whole graph as a Dataset.

        Read with single-pattern scans joined here by IRI: a SPARQL join costs the store an index seek per
        row, and at 100k entities the joined queries took about three times as long as these scans.
        """
        from ..model import Dataset

        data = Dataset()
        self._read_sources(data)
        evidence = self._evidence()
        _add_entities(data, self._scan(_ENTITY_FIELDS, ENTITY_NS), self._classes(), evidence)
        about = _assertion_values(self._scan(_ASSERTION_FIELDS, ASSERTION_NS))
        _add_relations(data, self._scan(_PROPERTY_TO_KIND, ENTITY_NS), about, evidence)
        data.stamp = self.stamp()  # the stamp it was loaded with (its text digests are not stored)
        return data

    def _read_sources(self, data: Dataset) -> None:
        from ..model import Source

        for r in self._rows("""SELECT ?id ?title ?publisher ?kind ?file ?date ?url ?defined WHERE {
                ?s a cj:SourceDocument ; dcterms:identifier ?id ; dcterms:title ?title ;
                   dcterms:publisher/rdfs:label ?publisher ; cj:sourceKind ?kind ; cj:file ?file .
                OPTIONAL { ?s dcterms:date ?date } OPTIONAL { ?s cj:url ?url }
                OPTIONAL { ?s cj:definedAt ?defined } }"""):
            data.sources[r["id"]] = Source.model_construct(**{k: r.get(k) for k in
                                                              ("id", "title", "publisher", "kind", "file", "date",
                                                               "url")})
            data.set_origin(("source", r["id"]), r.get("defined"))

    def neighbourhood(self, entity_id: str) -> Dataset:
        """Indexed patterns around one IRI: the entity, its relationships both ways and its neighbours
        (``dataset()`` reads every triple: ``show`` took 6 s at 100k entities)."""
        from ..model import Dataset

        data = Dataset()
        if not SLUG_RE.match(entity_id):
            return data
        iri = entity_iri(entity_id)
        props = " ".join(f"<{p}>" for p in _PROPERTY_TO_KIND)
        links = [{"s": iri, **r} for r in self._rows(
            f"SELECT ?p ?o WHERE {{ VALUES ?p {{ {props} }} <{iri}> ?p ?o }}")]
        links += [{"o": iri, **r} for r in self._rows(
            f"SELECT ?s ?p WHERE {{ VALUES ?p {{ {props} }} ?s ?p <{iri}> }}")]
        links = [r for r in links if r["s"].startswith(ENTITY_NS) and r["o"].startswith(ENTITY_NS)]
        nodes = {iri} | {r["s"] for r in links} | {r["o"] for r in links}
        assertions = {_assertion(r) for r in links}
        subjects = " ".join(f"<{x}>" for x in sorted(nodes | assertions))  # IRIs built from slugs: no escaping
        # every triple of these subjects (a second VALUES block for the predicates made Oxigraph scan them)
        rows = self._rows(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {subjects} }} ?s ?p ?o }}")
        classes = {r["s"]: _local(r["o"]) for r in rows
                   if r["p"] == RDF_TYPE and isinstance(r["o"], str) and _local(r["o"]) in ENTITY_KINDS}
        evidence = self._evidence(subjects)
        _add_entities(data, [r for r in rows if r["s"] in nodes and r["p"] in _ENTITY_FIELDS], classes, evidence)
        about = _assertion_values([r for r in rows if r["s"] in assertions and r["p"] in _ASSERTION_FIELDS])
        _add_relations(data, links, about, evidence)
        return data

    def _scan(self, predicates: dict[str, str], prefix: str) -> list[dict[str, object]]:
        """``?s ?p ?o`` for the given predicates, subjects under ``prefix`` only (one index range, no join)."""
        values = " ".join(f"<{p}>" for p in predicates)
        return self._rows(f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o
                FILTER(STRSTARTS(STR(?s), "{prefix}")) }}""")

    def _evidence(self, subjects: str | None = None) -> dict[str, list[Evidence]]:
        """Evidence items by the IRI of what they support, in their order (the index ending the node IRI):
        of every subject (single-pattern scans), or of ``subjects`` (IRIs in SPARQL syntax) only."""
        from ..model import Evidence

        parts: dict[str, dict[str, object]] = defaultdict(dict)
        if subjects is None:
            pairs = self._rows("SELECT ?s ?ev WHERE { ?s cj:evidence ?ev }")
            for prop in ("document", "quote", "url", "page"):
                for r in self._rows(f"SELECT ?ev ?o WHERE {{ ?ev cj:{prop} ?o }}"):
                    parts[r["ev"]][prop] = r["o"]
        else:
            pairs = self._rows(f"""SELECT ?s ?ev ?document ?quote ?url ?page WHERE {{ VALUES ?s {{ {subjects} }}
                ?s cj:evidence ?ev OPTIONAL {{ ?ev cj:document ?document }} OPTIONAL {{ ?ev cj:quote ?quote }}
                OPTIONAL {{ ?ev cj:url ?url }} OPTIONAL {{ ?ev cj:page ?page }} }}""")
            for r in pairs:
                parts[r["ev"]] = {k: r[k] for k in ("document", "quote", "url", "page") if r.get(k) is not None}
        found: dict[str, list[tuple[int, Evidence]]] = defaultdict(list)
        for r in pairs:
            item = parts.get(r["ev"], {})
            document = item.get("document")
            document = document[len(SOURCE_NS):] if isinstance(document, str) and document.startswith(SOURCE_NS) \
                else None
            found[r["s"]].append((int(r["ev"].rsplit("/", 1)[1]),
                                  Evidence.model_construct(document=document or None, quote=item.get("quote"),
                                                           url=item.get("url"), page=item.get("page"))))
        return {k: [e for _, e in sorted(v, key=lambda pair: pair[0])] for k, v in found.items()}


def _add_entities(data: Dataset, rows: list[dict[str, object]], classes: dict[str, str],
                  evidence: dict[str, list[Evidence]]) -> None:
    """Entities from ``?s ?p ?o`` rows of their fields (see ``_ENTITY_FIELDS``), in id order."""
    from ..model import Entity

    fields: dict[str, dict[str, object]] = defaultdict(dict)
    for r in rows:
        field = _ENTITY_FIELDS[r["p"]]
        if field in _MANY:
            fields[r["s"]].setdefault(field, []).append(r["o"])
        else:
            fields[r["s"]][field] = r["o"]
    for iri, found in fields.items():
        if "id" not in found or "name" not in found or iri not in classes:
            continue
        entity = {f.name: sorted_set(found.get(f.name, [])) if f.many else found.get(f.name) for f in ENTITY_FIELDS}
        entity.update(kind=classes[iri], evidence=evidence.get(iri, []))
        data.entities[found["id"]] = Entity.model_construct(**entity)
        data.set_origin(found["id"], found.get("defined"))
    data.entities = dict(sorted(data.entities.items()))


def _assertion_values(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    """``{assertion IRI: {start, end, defined}}`` from ``?s ?p ?o`` rows of ``_ASSERTION_FIELDS``."""
    found: dict[str, dict[str, object]] = defaultdict(dict)
    for r in rows:
        found[r["s"]][_ASSERTION_FIELDS[r["p"]]] = r["o"]
    return found


def _add_relations(data: Dataset, rows: list[dict[str, object]], about: dict[str, dict[str, object]],
                   evidence: dict[str, list[Evidence]]) -> None:
    """Relations from ``?s ?p ?o`` rows of relationship properties between entities, in key order; ``about``
    holds the values of their assertion nodes (see ``_assertion_values``)."""
    from ..model import Relation

    for r in rows:
        if not r["o"].startswith(ENTITY_NS):
            continue
        assertion = _assertion(r)
        values = about.get(assertion, {})
        rel = Relation.model_construct(source=r["s"][len(ENTITY_NS):], kind=_PROPERTY_TO_KIND[r["p"]],
                                       target=r["o"][len(ENTITY_NS):], start=values.get("start"),
                                       end=values.get("end"), evidence=evidence.get(assertion, []))
        data.relations.append(rel)
        data.set_origin(rel.key, values.get("defined"))
    data.relations.sort(key=lambda rel: rel.key)


def _assertion(row: dict[str, object]) -> str:
    """The IRI of the assertion node of a relationship row ``{s, p, o}`` (entity IRIs)."""
    return ASSERTION_NS + relation_path(row["s"][len(ENTITY_NS):], _PROPERTY_TO_KIND[row["p"]],
                                        row["o"][len(ENTITY_NS):])


def _aliases(row: dict[str, object]) -> tuple[str, ...]:
    """The aliases a GROUP_CONCAT with separator ``SEP`` gathered, in the model's order."""
    return tuple(sorted_set([a for a in (row.get("aliases") or "").split(SEP) if a]))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def with_values(query: str, bindings: dict[str, object]) -> str:
    """Bind parameters: insert ``VALUES (?a ?b) { (term term) }`` at the start of the outer group pattern.

    SPARQL 1.1 has no parameter binding over the protocol, and Oxigraph's substitutions only bind
    projected variables; a VALUES block of RDF terms serialised by pyoxigraph (escaped, never pasted
    user text) binds the same way on every SPARQL backend. A sub-SELECT that projects a parameter gets
    the same block too: the answer is unchanged (the outer block constrains it anyway), but the
    sub-query no longer computes its result for every value before the join throws most away.
    """
    masked = _mask(query)
    at = masked.find("{")
    if at < 0:
        raise UsageError("the query has no group pattern to bind parameters into")
    inserts = [(at, list(bindings))]
    for match in re.finditer(r"(?i)\bSELECT\b", masked[at:]):
        brace = masked.find("{", at + match.end())
        names = [n for n in bindings if n in _plain_projection(masked[at + match.end():brace])]
        if brace > 0 and names:
            inserts.append((brace, names))
    for brace, names in sorted(inserts, reverse=True):
        block = ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
                 + " ".join(str(bindings[n]) for n in names) + ") }\n")
        query = query[: brace + 1] + "\n" + block + query[brace + 1:]
    return query


def _plain_projection(head: str) -> set[str]:
    """Variables a SELECT clause projects as they are (not computed with ``AS``)."""
    head = re.split(r"(?i)\bWHERE\b", head)[0]
    depth, out = 0, set()
    for token in re.findall(r"[()]|\?\w+|\$\w+", head):
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth == 0 and token[0] in "?$":
            out.add(token[1:])
    return out


_NOT_CODE = re.compile(  # a comment, an IRI, or a string in any of SPARQL's four quotings
    r"#[^\n]*" r"|<[^<>\"{}|^`\\\s]*>" r'|"""[\s\S]*?"""' r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'")


def _mask(query: str) -> str:
    """The query with comments, IRIs and strings blanked out (same length), so braces can be found."""
    out, i, n = [], 0, len(query)
    while i < n:
        m = _NOT_CODE.match(query, i) if query[i] in "#<\"'" else None
        end = m.end() if m else i + 1
        out.append(" " * (end - i) if m else query[i])
        i = end
    return "".join(out)
