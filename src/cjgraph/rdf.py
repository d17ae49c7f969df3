"""The RDF shape of a dataset (see ontology/cjgraph.ttl), built with pyoxigraph terms for speed.

Entities are ``<https://w3id.org/cjgraph/id/ID>``; each relation is a direct triple plus an assertion
node (``rdf:Statement``) carrying its evidence; evidence nodes point to source documents (PROV-O).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Triple

from .dates import earliest_day, xsd_datatype
from .vocab import (
    ASSERTION_NS,
    DATASET_IRI,
    DCT,
    ENTITY_FIELDS,
    EVIDENCE_NS,
    FIRST_MENTIONED,
    FIRST_SAID,
    KINDS,
    ON_RECORD,
    ONTOLOGY,
    PROV,
    RDF,
    RDFS,
    RELATION_PERIOD,
    RELATIONS,
    SAID_FROM,
    SKOS,
    STAMP,
    XSD,
    entity_iri,
    publisher_iri,
    relation_path,
    source_iri,
)

if TYPE_CHECKING:  # annotations only: querying never imports pydantic through here
    from .model import Dataset, Entity, Evidence, Relation, Source

PREFIXES = {
    "cj": ONTOLOGY,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCT,
    "skos": SKOS,
    "prov": PROV,
    "cjid": entity_iri(""),
    "cjsrc": source_iri(""),
}


Make = Callable[..., Triple]  # Triple or Quad: called with (subject, predicate, object)


def _n(prefix: str, local: str) -> NamedNode:
    return NamedNode(prefix + local)


FIELD_PROPERTY = {f.name: NamedNode(f.rdf) for f in ENTITY_FIELDS}  # entity field -> its RDF property
TYPE = _n(RDF, "type")
IDENT = _n(DCT, "identifier")  # of source documents too
DATE = _n(DCT, "date")  # of source documents too
START = _n(ONTOLOGY, "startDate")
URL = _n(ONTOLOGY, "url")  # of source documents and evidence
DEFINED_AT = _n(ONTOLOGY, "definedAt")
EVIDENCE = _n(ONTOLOGY, "evidence")
DOCUMENT = _n(ONTOLOGY, "document")
QUOTE = _n(ONTOLOGY, "quote")
PAGE = _n(ONTOLOGY, "page")
SUBJECT, PREDICATE, OBJECT = _n(RDF, "subject"), _n(RDF, "predicate"), _n(RDF, "object")
ASSERTION = _n(ONTOLOGY, "Assertion")
EVIDENCE_CLASS = _n(ONTOLOGY, "Evidence")
SOURCE_CLASS = _n(ONTOLOGY, "SourceDocument")
TITLE, PUBLISHER, AGENT = _n(DCT, "title"), _n(DCT, "publisher"), _n(DCT, "Agent")
LABEL = FIELD_PROPERTY["name"]  # rdfs:label, also of a source's publisher node
SOURCE_KIND = _n(ONTOLOGY, "sourceKind")  # free text: dcterms:type takes a class (DCMI), not a literal
FILE = _n(ONTOLOGY, "file")
ANYURI = _n(XSD, "anyURI")
XSD_DATE = _n(XSD, "date")
XSD_INTEGER = _n(XSD, "integer")

PROPERTY = {name: _n(ONTOLOGY, rule.property_name) for name, rule in RELATIONS.items()}
ENTITY_PERIOD = (FIELD_PROPERTY["start"], FIELD_PROPERTY["end"])
RELATION_PERIOD_PROPERTY = tuple(NamedNode(f.rdf) for f in RELATION_PERIOD)  # on the assertion node
KIND_CLASS = {name: _n(ONTOLOGY, kind.rdf_class) for name, kind in KINDS.items()}
# fields written each in its own way
_OWN_RULE = ("id", "name", "aliases", "date", "start", "end", "url", "legislation")
_LITERALS = tuple(f.name for f in ENTITY_FIELDS if not f.many and f.name not in _OWN_RULE)  # plain text
_SETS = tuple(f.name for f in ENTITY_FIELDS if f.many and f.name not in _OWN_RULE)  # a plain text triple each


def _date_triples(subject: NamedNode, value: str | None, make: Make = Triple,
                  prop: NamedNode = DATE) -> Iterator[Triple]:
    if value:
        yield make(subject, prop, partial_date(value))
        yield make(subject, START, Literal(earliest_day(value).isoformat(), datatype=XSD_DATE))


def partial_date(value: str) -> Literal:
    """A partial date as a literal typed by its precision: xsd:gYear, xsd:gYearMonth or xsd:date."""
    return Literal(value, datatype=_n(XSD, xsd_datatype(value)))


def _period_triples(subject: NamedNode, item: Entity | Relation, props: tuple[NamedNode, NamedNode],
                    make: Make = Triple) -> Iterator[Triple]:
    """``start`` and ``end``, where given, typed by precision (no companion day, unlike ``date``)."""
    for value, prop in zip((item.start, item.end), props, strict=True):
        if value:
            yield make(subject, prop, partial_date(value))


def entity_triples(entity: Entity, defined_at: str | None = None, make: Make = Triple) -> Iterator[Triple]:
    """An entity's triples, properties from ``vocab.ENTITY_FIELDS``, in a fixed order (exports are stable)."""
    s, p = NamedNode(entity_iri(entity.id)), FIELD_PROPERTY
    yield make(s, TYPE, KIND_CLASS[entity.kind])
    yield make(s, p["id"], Literal(entity.id))
    yield make(s, p["name"], Literal(entity.name))
    for alias in entity.aliases:
        yield make(s, p["aliases"], Literal(alias))
    yield from _date_triples(s, entity.date, make, p["date"])
    yield from _period_triples(s, entity, ENTITY_PERIOD, make)
    for name in _LITERALS:
        value = getattr(entity, name)
        if value:
            yield make(s, p[name], Literal(value))
    if defined_at:
        yield make(s, DEFINED_AT, Literal(defined_at))
    for name in _SETS:
        for value in getattr(entity, name):
            yield make(s, p[name], Literal(value))
    if entity.url:
        yield make(s, p["url"], Literal(entity.url, datatype=ANYURI))
    if entity.legislation:
        yield make(s, p["legislation"], NamedNode(entity.legislation))
    yield from _evidence_triples(s, _evidence_base(entity.id), entity.evidence, make)


def _evidence_base(key: str | tuple) -> str:
    """What names the evidence nodes of an entity (its id) or a relation (its ``Relation.key``): the node of
    passage ``i`` is ``{base}/{i}``."""
    return EVIDENCE_NS + (key if isinstance(key, str) else relation_path(*key))


def _assertion_iri(key: tuple) -> str:
    """The IRI of the assertion node of a relation (its ``Relation.key``)."""
    return ASSERTION_NS + relation_path(*key)


def relation_triples(relation: Relation, defined_at: str | None = None, make: Make = Triple) -> Iterator[Triple]:
    s, o = NamedNode(entity_iri(relation.source)), NamedNode(entity_iri(relation.target))
    p = PROPERTY[relation.kind]
    yield make(s, p, o)
    a = NamedNode(_assertion_iri(relation.key))
    yield make(a, TYPE, ASSERTION)
    yield make(a, SUBJECT, s)
    yield make(a, PREDICATE, p)
    yield make(a, OBJECT, o)
    yield from _period_triples(a, relation, RELATION_PERIOD_PROPERTY, make)
    if defined_at:
        yield make(a, DEFINED_AT, Literal(defined_at))
    yield from _evidence_triples(a, _evidence_base(relation.key), relation.evidence, make)


def _evidence_triples(subject: NamedNode, base: str, evidence: Iterable[Evidence],
                      make: Make = Triple) -> Iterator[Triple]:
    for i, item in enumerate(evidence):
        node = NamedNode(f"{base}/{i}")
        yield make(subject, EVIDENCE, node)
        yield make(node, TYPE, EVIDENCE_CLASS)
        if item.document:
            yield make(node, DOCUMENT, NamedNode(source_iri(item.document)))
        if item.quote:
            yield make(node, QUOTE, Literal(item.quote))
        if item.page:
            yield make(node, PAGE, Literal(str(item.page), datatype=XSD_INTEGER))
        if item.url:
            yield make(node, URL, Literal(item.url, datatype=ANYURI))


def source_triples(source: Source, defined_at: str | None = None, make: Make = Triple) -> Iterator[Triple]:
    """A source document's triples. Its publisher is a ``dcterms:Agent`` node of its own, labelled with the
    name as the source list gives it (DCMI: the value of ``dcterms:publisher`` is an agent, not a name)."""
    s, publisher = NamedNode(source_iri(source.id)), NamedNode(publisher_iri(source.id))
    yield make(s, TYPE, SOURCE_CLASS)
    yield make(s, IDENT, Literal(source.id))
    yield make(s, TITLE, Literal(source.title))
    yield make(s, PUBLISHER, publisher)
    yield make(publisher, TYPE, AGENT)
    yield make(publisher, LABEL, Literal(source.publisher))
    yield make(s, SOURCE_KIND, Literal(source.kind))
    yield make(s, FILE, Literal(source.file))
    if defined_at:
        yield make(s, DEFINED_AT, Literal(defined_at))
    yield from _date_triples(s, source.date, make)
    if source.url:
        yield make(s, URL, Literal(source.url, datatype=ANYURI))


def dataset_triples(dataset: Dataset, make: Make = Triple) -> Iterator[Triple]:
    """Every triple of a dataset, in a deterministic order.

    ``make=pyoxigraph.Quad`` builds quads in the default graph instead, what ``Store.bulk_extend`` takes
    (converting triples afterwards costs more than building them).
    """
    for source in dataset.sources.values():
        yield from source_triples(source, dataset.origin(("source", source.id)), make)
    for entity in dataset.entities.values():
        yield from entity_triples(entity, dataset.origin(entity.id), make)
    for relation in dataset.relations:
        yield from relation_triples(relation, dataset.origin(relation.key), make)


def stamp_triple(dataset: Dataset, make: Make = Triple) -> Triple:
    """The dataset's stamp (cjgraph.stamp) as a literal of ``DATASET_IRI``: in stores and exports."""
    from .stamp import stamp_of

    return make(NamedNode(DATASET_IRI), NamedNode(STAMP.rdf), Literal(stamp_of(dataset)))


def store_triples(dataset: Dataset, make: Make = Triple) -> Iterator[Triple]:
    """What a store holds: the dataset's triples, then the dates it derives to answer questions about the
    past itself (``vocab.ON_RECORD``, ``SAID_FROM`` on sources and on each passage of a dated source,
    ``FIRST_SAID``, ``FIRST_MENTIONED``; see cjgraph.asof.stored_dates) and the dataset's ``STAMP``.
    Exports write the dataset only."""
    from .asof import stored_dates

    yield from dataset_triples(dataset, make)
    yield stamp_triple(dataset, make)
    dates = stored_dates(dataset)
    literals: dict = {}

    def day(value) -> Literal:  # a few thousand distinct days for hundreds of thousands of triples
        literal = literals.get(value)
        if literal is None:
            literal = literals[value] = Literal(value.isoformat(), datatype=XSD_DATE)
        return literal

    def node(key) -> NamedNode:
        return NamedNode(entity_iri(key) if isinstance(key, str) else _assertion_iri(key))

    first_p, last_p = (NamedNode(f.rdf) for f in ON_RECORD)
    said_p, mentioned_p = NamedNode(FIRST_SAID.rdf), NamedNode(FIRST_MENTIONED.rdf)
    for spans in (dates.entities, dates.relations):
        for key, (first, last) in spans.items():
            said, mentioned = dates.first_said.get(key), dates.first_mentioned.get(key)
            if first is None and last is None and said is None and mentioned is None:
                continue
            subject = node(key)
            for value, prop in ((first, first_p), (last, last_p), (said, said_p), (mentioned, mentioned_p)):
                if value is not None:
                    yield make(subject, prop, day(value))
    said_from = NamedNode(SAID_FROM.rdf)
    for sid, value in dates.documents.items():
        yield make(NamedNode(source_iri(sid)), said_from, day(value))
    items = [*((e.id, e.evidence) for e in dataset.entities.values()),
             *((r.key, r.evidence) for r in dataset.relations)]
    for key, evidence in items:  # each passage too: a filter on it is then one triple of a bound subject
        base = _evidence_base(key)
        for i, item in enumerate(evidence):
            value = dates.documents.get(item.document) if item.document else None
            if value is not None:
                yield make(NamedNode(f"{base}/{i}"), said_from, day(value))


def term_value(term: object) -> str | int | None:
    """A query result term as a plain Python value: integers stay integers, everything else is text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype.value in (XSD + "integer", XSD + "int", XSD + "long"):
            return int(term.value)
        return term.value
    value = getattr(term, "value", None)
    return value if value is not None else str(term)


SelectFn = Callable[[str], list[dict[str, object]]]
