"""Shared code of the backends that speak SPARQL over cjgraph's RDF shape (embedded store, SPARQL server)."""

from __future__ import annotations

import abc
import re
from collections import defaultdict

from pyoxigraph import Literal, NamedNode

from ..dates import earliest_day, parse_as_of
from ..errors import UsageError
from ..model import Dataset, Entity, Evidence, Relation, Source
from ..rdf import PREFIXES, term_value
from ..vocab import ENTITY_NS, ONTOLOGY, RELATIONS, SOURCE_NS, entity_iri
from .base import Backend, EntityRef, Result

XSD = "http://www.w3.org/2001/XMLSchema#"
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
_PROPERTY_TO_KIND = {ONTOLOGY + rule.property_name: name for name, rule in RELATIONS.items()}
SEP = "\u001f"


def bind_term(value: object, kind: str) -> object:
    """A parameter value as an RDF term, by its declared type."""
    if kind == "entity":
        return NamedNode(entity_iri(str(value)))
    if kind == "date":
        return Literal(earliest_day(str(value)).isoformat(), datatype=NamedNode(XSD + "date"))
    if kind == "date_end":
        return Literal(parse_as_of(str(value)).isoformat(), datatype=NamedNode(XSD + "date"))
    if kind == "int":
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    return Literal(str(value))


class RdfBackend(Backend):
    """A backend whose data is cjgraph's RDF and whose query language is SPARQL."""

    query_language = "sparql"

    @abc.abstractmethod
    def _select(self, query: str, bindings: dict[str, object]) -> tuple[list[str], list[dict[str, object]]]:
        """Run a SELECT with variables bound to RDF terms; return columns and rows of RDF terms."""

    def run(self, text: str, params: dict[str, object], param_types: dict[str, str] | None = None) -> Result:
        types = param_types or {}
        bindings = {name: bind_term(value, types.get(name, "string"))
                    for name, value in params.items() if value is not None}
        columns, rows = self._select(text, bindings)
        return Result(columns, [{k: term_value(v) for k, v in row.items()} for row in rows])

    def _rows(self, body: str) -> list[dict[str, object]]:
        _, rows = self._select(_PROLOGUE + body, {})
        return [{k: term_value(v) for k, v in row.items()} for row in rows]

    def entity_index(self) -> list[EntityRef]:
        rows = self._rows(f"""
            SELECT ?id ?class ?name (GROUP_CONCAT(?alias; separator="{SEP}") AS ?aliases) WHERE {{
              ?e dcterms:identifier ?id ; a ?class ; rdfs:label ?name .
              FILTER(STRSTARTS(STR(?e), "{ENTITY_NS}"))
              OPTIONAL {{ ?e skos:altLabel ?alias }}
            }} GROUP BY ?id ?class ?name""")
        return sorted(EntityRef(r["id"], _local(r["class"]), r["name"],
                                tuple(a for a in (r.get("aliases") or "").split(SEP) if a)) for r in rows)

    def is_empty(self) -> bool:
        rows = self._rows(
            f'SELECT ?e WHERE {{ ?e dcterms:identifier ?id FILTER(STRSTARTS(STR(?e), "{ENTITY_NS}")) }} LIMIT 1')
        return not rows

    def dataset(self) -> Dataset:
        data = Dataset()
        for r in self._rows("""SELECT ?id ?title ?publisher ?kind ?file ?date ?url ?defined WHERE {
                ?s a cj:SourceDocument ; dcterms:identifier ?id ; dcterms:title ?title ;
                   dcterms:publisher ?publisher ; dcterms:type ?kind ; cj:file ?file .
                OPTIONAL { ?s dcterms:date ?date } OPTIONAL { ?s cj:url ?url }
                OPTIONAL { ?s cj:definedAt ?defined } }"""):
            data.sources[r["id"]] = Source.model_construct(**{k: r.get(k) for k in
                                                              ("id", "title", "publisher", "kind", "file", "date",
                                                               "url")})
            data.set_origin(("source", r["id"]), r.get("defined"))
        multi: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for r in self._rows("SELECT ?id ?alias WHERE { ?e dcterms:identifier ?id ; skos:altLabel ?alias }"):
            multi[r["id"]]["aliases"].append(r["alias"])
        for r in self._rows("SELECT ?id ?topic WHERE { ?e dcterms:identifier ?id ; cj:topic ?topic }"):
            multi[r["id"]]["topics"].append(r["topic"])
        evidence = self._evidence("?s dcterms:identifier ?key")
        for r in self._rows(f"""SELECT * WHERE {{
                ?e dcterms:identifier ?id ; a ?class ; rdfs:label ?name .
                FILTER(STRSTARTS(STR(?e), "{ENTITY_NS}"))
                OPTIONAL {{ ?e dcterms:date ?date }} OPTIONAL {{ ?e cj:category ?type }}
                OPTIONAL {{ ?e dcterms:description ?description }} OPTIONAL {{ ?e cj:recommendationText ?text }}
                OPTIONAL {{ ?e cj:url ?url }} OPTIONAL {{ ?e cj:legislation ?legislation }}
                OPTIONAL {{ ?e cj:charityNumber ?charity_number }} OPTIONAL {{ ?e cj:companyNumber ?company_number }}
                OPTIONAL {{ ?e cj:definedAt ?defined }} }}"""):
            fields = {k: r.get(k) for k in ("id", "name", "date", "type", "description", "text", "url",
                                            "legislation", "charity_number", "company_number")}
            fields.update(kind=_local(r["class"]), aliases=_ordered(multi[r["id"]]["aliases"]),
                          topics=_ordered(multi[r["id"]]["topics"]), evidence=evidence.get(r["id"], []))
            data.entities[r["id"]] = Entity.model_construct(**fields)
            data.set_origin(r["id"], r.get("defined"))
        rel_evidence = self._evidence("?s a cj:Assertion . BIND(STR(?s) AS ?key)")
        for r in self._rows("""SELECT ?a ?sid ?p ?tid ?defined WHERE {
                ?a a cj:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?t .
                ?s dcterms:identifier ?sid . ?t dcterms:identifier ?tid .
                OPTIONAL { ?a cj:definedAt ?defined } }"""):
            rel = Relation.model_construct(source=r["sid"], kind=_PROPERTY_TO_KIND[r["p"]], target=r["tid"],
                                           evidence=rel_evidence.get(r["a"], []))
            data.relations.append(rel)
            data.set_origin(rel.key, r.get("defined"))
        data.entities = dict(sorted(data.entities.items()))
        data.relations.sort(key=lambda rel: rel.key)
        return data

    def _evidence(self, selector: str) -> dict[str, list[Evidence]]:
        found: dict[str, list[tuple[int, Evidence]]] = defaultdict(list)
        for r in self._rows(f"""SELECT ?key ?ev ?doc ?quote ?url WHERE {{
                {selector} . ?s cj:evidence ?ev .
                OPTIONAL {{ ?ev cj:document ?d . BIND(STRAFTER(STR(?d), "{SOURCE_NS}") AS ?doc) }}
                OPTIONAL {{ ?ev cj:quote ?quote }} OPTIONAL {{ ?ev cj:url ?url }} }}"""):
            index = int(r["ev"].rsplit("/", 1)[1])
            found[r["key"]].append((index, Evidence.model_construct(document=r.get("doc") or None,
                                                                    quote=r.get("quote"), url=r.get("url"))))
        return {k: [e for _, e in sorted(v, key=lambda pair: pair[0])] for k, v in found.items()}


def _ordered(values: list[str]) -> list[str]:
    """The order the model gives aliases and topics (see Entity._as_sorted_set)."""
    return Entity._as_sorted_set(values)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def with_values(query: str, bindings: dict[str, object]) -> str:
    """Bind parameters: insert ``VALUES (?a ?b) { (term term) }`` at the start of the outer group pattern.

    SPARQL 1.1 has no parameter binding over the protocol, and Oxigraph's substitutions only bind
    projected variables; a VALUES block of RDF terms serialised by pyoxigraph (escaped, never pasted
    user text) binds the same way on every SPARQL backend.
    """
    names = list(bindings)
    block = ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(str(bindings[n]) for n in names) + ") }\n")
    at = _outer_brace(query)
    return query[: at + 1] + "\n" + block + query[at + 1:]


def _outer_brace(query: str) -> int:
    """Index of the first ``{`` that is not inside a comment, an IRI or a string."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            i = query.find("\n", i)
            i = n if i < 0 else i
        elif c == "<" and (m := re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])):
            i += m.end() - 1
        elif c in "\"'":
            m = re.match(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', query[i:])
            i += (m.end() - 1) if m else 0
        elif c == "{":
            return i
        i += 1
    raise UsageError("the query has no group pattern to bind parameters into")
