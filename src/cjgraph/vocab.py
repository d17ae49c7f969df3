"""The vocabulary of cjgraph, declared once: entity kinds, relationship kinds and entity fields.

Each entity kind is one ``EntityKind`` in ``KINDS`` (description, colour and shape for views, its group);
each relationship kind is one ``RelationRule`` in ``RELATIONS`` (the kinds it may join, description, an
English phrase); each value field of an entity is one ``Field`` in ``ENTITY_FIELDS`` (its name in the
seeds, the model and the exports, its RDF property, its Neo4j property, whether it holds several values),
and a relation's dated period (``start``, ``end``) is ``RELATION_PERIOD`` (on its RDF assertion node, as
Neo4j relationship properties). ``KIND_TYPES`` closes the list of ``type`` values of the kinds whose type changes
what they count as (statutory instruments among Acts, summaries among Recommendations).
Everything else is derived from these tables: the model's kind types, the RDF classes and properties
written and read, the Neo4j labels, relationship types and properties, the views' colours, shapes and
legend, the exports' columns and the synthetic data. Labels and relationship types sent to a database come
only from here. tests/test_vocab.py checks that every declaration is complete and agrees with the
ontology and the shapes.

Adding an entity kind touches the vocabulary, the ontology and the shapes (SHACL) only:

1. here, an ``EntityKind`` in ``KINDS``: its group (``document`` or ``agent``) makes it an end of every
   relationship kind written for that group; add it by name to the ends of any other rule that takes it;
2. ontology/cjgraph.ttl, its ``owl:Class`` (``rdfs:comment`` = the description) and the domain and range
   unions of every relationship kind that may now join it;
3. ontology/shapes.ttl, a ``sh:targetClass`` of ``cjsh:EntityShape`` and the ``sh:or`` lists of those
   relationship kinds' shapes.

Then regenerate the editors' JSON Schema, a generated file (``cjgraph schema -o seeds/seed.schema.json``;
a test compares it with the model). Seeds, canned queries and docs that use the new kind are content, not
wiring. Adding a relationship kind likewise touches these three files only (its ``RelationRule``; its
``owl:ObjectProperty``; its shape and the ``sh:in`` list of ``cjsh:AssertionShape``), then the schema.

Naming rule, relied on by the backends' readers and by the canned queries (which report a Neo4j label or
the local name of an RDF class as the kind): a kind's RDF class local name and Neo4j label are its name; a
relationship kind's RDF property is its name in camelCase and its Neo4j type its name in upper case.

This module imports nothing heavy: ``cjgraph --help`` and the model import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

NS = "https://w3id.org/cjgraph/"
ONTOLOGY = NS + "ontology#"
ENTITY_NS = NS + "id/"
SOURCE_NS = NS + "source/"
EVIDENCE_NS = NS + "evidence/"
ASSERTION_NS = NS + "assertion/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # ids of entities and source documents
SLUG_RE = re.compile(SLUG)

#: vis-network node shapes that scale with ``size`` and draw their label outside (the static SVG draws them too).
VIEW_SHAPES = ("dot", "square", "diamond", "triangle", "triangleDown", "hexagon", "star")
GROUPS = ("document", "agent")


@dataclass(frozen=True)
class EntityKind:
    """One kind of entity: what it means, how views draw it, and the group it belongs to, if any."""

    name: str
    description: str
    colour: str  # "#rrggbb": views, graph exports and the legend
    shape: str  # one of VIEW_SHAPES
    dashed: bool = False  # dashed border in views
    group: str | None = None  # one of GROUPS: the relationship kinds written for a group take it

    @property
    def rdf_class(self) -> str:
        """Local name of the RDF class in the ontology namespace, e.g. ``Review``."""
        return self.name

    @property
    def neo4j_label(self) -> str:
        """Neo4j node label (beside ``:Entity``), e.g. ``Review``."""
        return self.name


@dataclass(frozen=True)
class RelationRule:
    """One kind of relationship: which kinds it may join, and what it means."""

    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    description: str
    phrase: str  # the relationship as English between two names: "X is a partner in Y"
    same_kind: bool = False

    def allows(self, source_kind: str, target_kind: str) -> bool:
        if source_kind not in self.sources or target_kind not in self.targets:
            return False
        return not self.same_kind or source_kind == target_kind

    @property
    def property_name(self) -> str:
        """camelCase RDF property local name, e.g. ``publishedBy``."""
        head, *rest = self.name.split("_")
        return head + "".join(part.title() for part in rest)

    @property
    def neo4j_type(self) -> str:
        """Neo4j relationship type, e.g. ``PUBLISHED_BY``."""
        return self.name.upper()


@dataclass(frozen=True)
class Field:
    """One value field of an entity. A field with ``many`` values is a set: one RDF triple per value, a Neo4j
    list, kept sorted (``sorted_set``)."""

    name: str  # in the seeds, the model (cjgraph.model.Entity) and the JSON export
    rdf: str  # the RDF property (full IRI)
    neo4j: str  # the Neo4j node property
    many: bool = False


KINDS: dict[str, EntityKind] = {
    k.name: k
    for k in (
        EntityKind("Review", "Independent reviews, inquiries, inspections and audit reports.",
                   "#d62728", "diamond", group="document"),
        EntityKind("Act", "Acts of Parliament, Bills and statutory instruments.", "#1f77b4", "square"),
        EntityKind("Strategy",
                   "Strategies, programmes, green papers, consultations, commissioning intentions and schemes.",
                   "#ff7f0e", "triangle", group="document"),
        EntityKind("Organisation", "Departments, agencies, inspectorates, committees, funders, charities and networks.",
                   "#2ca02c", "dot", group="agent"),
        EntityKind("Person", "People named as authors, chairs, leads or spokespeople.",
                   "#8c564b", "triangleDown", group="agent"),
        EntityKind("Partnership", "Named partnerships, joint projects and advisory groups.",
                   "#9467bd", "hexagon", group="agent"),
        EntityKind("Recommendation", "An explicit recommendation made by a body or a document.", "#e377c2", "star"),
        EntityKind("Publication", "Briefings, reports, responses, written evidence and blog posts.",
                   "#7f7f7f", "dot", dashed=True, group="document"),
    )
}

ENTITY_KINDS: tuple[str, ...] = tuple(KINDS)
ALL_KINDS = frozenset(ENTITY_KINDS)
DOCUMENT_KINDS = frozenset(k.name for k in KINDS.values() if k.group == "document")
AGENT_KINDS = frozenset(k.name for k in KINDS.values() if k.group == "agent")
KIND_DESCRIPTIONS: dict[str, str] = {k.name: k.description for k in KINDS.values()}
KIND_COLOURS: dict[str, str] = {k.name: k.colour for k in KINDS.values()}


def _rule(name: str, phrase: str, sources: set[str] | frozenset[str], targets: set[str] | frozenset[str],
          description: str, same_kind: bool = False) -> RelationRule:
    return RelationRule(name, frozenset(sources), frozenset(targets), description, phrase, same_kind)


_DOCS, _AGENTS = DOCUMENT_KINDS, AGENT_KINDS

RELATIONS: dict[str, RelationRule] = {
    r.name: r
    for r in (
        _rule("cites", "cites", _DOCS, {"Act", "Review", "Strategy", "Publication"},
              "The document explicitly refers to the target."),
        _rule("about", "is about", _DOCS | {"Recommendation", "Partnership"}, ALL_KINDS,
              "The subject matter of the source is the target."),
        _rule("mentions", "mentions", _DOCS | {"Recommendation"}, ALL_KINDS,
              "The source refers to the target in passing (one of several bodies listed, a model cited), "
              "without being about it."),
        _rule("published_by", "was published by", _DOCS, _AGENTS,
              "The document was published or written by the target."),
        _rule("commissioned_by", "was commissioned by", _DOCS, {"Organisation", "Person"},
              "The document or programme was commissioned by the target."),
        _rule("led_by", "is led by", _DOCS | {"Partnership", "Organisation"}, {"Organisation", "Person"},
              "The review, programme, partnership or body is led or chaired by the target."),
        _rule("partner_in", "is a partner in", {"Organisation"}, {"Partnership", "Strategy"},
              "The organisation is a partner in the partnership or programme."),
        _rule("member_of", "is a member of", {"Organisation", "Person"}, {"Organisation", "Partnership"},
              "The organisation or person is a member of, or works for, the target."),
        _rule("recommends", "recommends", _AGENTS | {"Review", "Publication"}, {"Recommendation"},
              "The body or document makes the recommendation."),
        _rule("addressed_to", "is addressed to", {"Recommendation"}, _AGENTS,
              "The recommendation is addressed to the target."),
        _rule("responds_to", "responds to", _DOCS, _DOCS | {"Recommendation"},
              "The document responds to the target (a consultation, review or recommendation)."),
        _rule("implements", "implements", {"Strategy", "Act", "Organisation", "Partnership"},
              {"Strategy", "Act", "Recommendation"}, "The source puts the target into effect."),
        _rule("succeeds", "succeeds", {"Strategy", "Act", "Organisation", "Publication", "Review", "Partnership"},
              {"Strategy", "Act", "Organisation", "Publication", "Review", "Partnership"},
              "The source replaces or follows on from the target (same kind).", same_kind=True),
        _rule("funds", "funds", {"Organisation", "Strategy"},
              {"Organisation", "Partnership", "Strategy", "Publication", "Review"}, "The source funds the target."),
        _rule("part_of", "is part of", {"Organisation", "Strategy", "Publication"},
              {"Organisation", "Strategy", "Publication"},
              "The source is a part, agency or component of the target (same kind).", same_kind=True),
    )
}

RELATION_KINDS: tuple[str, ...] = tuple(RELATIONS)

#: The closed list of ``type`` values of the kinds whose type changes what they count as (other kinds' types
#: are free text). An Act is an Act of Parliament, a Bill or a statutory instrument (the "Acts" questions count
#: Acts and Bills only); a Recommendation with ``type: summary`` reports recommendations made elsewhere ("the
#: report makes 11 recommendations") without being one, and the recommendation questions leave it out.
STATUTORY_INSTRUMENT = "Statutory instrument"
SUMMARY = "summary"
KIND_TYPES: dict[str, tuple[str, ...]] = {
    "Act": ("Act", "Bill", STATUTORY_INSTRUMENT),
    "Recommendation": (SUMMARY,),
}

# The value fields of an entity, in the order of the JSON export. ``id`` and ``name`` are also matched by the
# backends' own lookups (dcterms:identifier / rdfs:label, Neo4j ``id`` / ``name``).
ENTITY_FIELDS: tuple[Field, ...] = (
    Field("id", DCT + "identifier", "id"),
    Field("name", RDFS + "label", "name"),
    Field("aliases", SKOS + "altLabel", "aliases", many=True),
    Field("date", DCT + "date", "date"),  # RDF: typed by precision, plus cj:startDate; Neo4j: plus start_date
    Field("start", ONTOLOGY + "existsFrom", "exists_from"),  # RDF: typed by precision like date
    Field("end", ONTOLOGY + "existsUntil", "exists_until"),
    Field("type", ONTOLOGY + "category", "type"),
    Field("description", DCT + "description", "description"),
    Field("text", ONTOLOGY + "recommendationText", "text"),
    Field("topics", ONTOLOGY + "topic", "topics", many=True),
    Field("url", ONTOLOGY + "url", "url"),
    Field("legislation", ONTOLOGY + "legislation", "legislation"),
    Field("charity_number", ONTOLOGY + "charityNumber", "charity_number"),
    Field("company_number", ONTOLOGY + "companyNumber", "company_number"),
)
#: A relation's dated period (``Relation.start``/``end``): its RDF property on the relation's assertion node
#: (typed by precision like ``date``) and its Neo4j relationship property.
RELATION_PERIOD: tuple[Field, ...] = (
    Field("start", ONTOLOGY + "holdsFrom", "holds_from"),
    Field("end", ONTOLOGY + "holdsUntil", "holds_until"),
)
#: Derived at load, for answers about the past inside the store (cjgraph.asof.stored_dates): the first and
#: last day an entity (its node) or a relation (its assertion node / relationship) is on record, as xsd:date
#: / ISO text, absent when open; and the day a source document counts as said from (RDF: on the source
#: node and on each evidence node quoting it; Neo4j: ``evidence_days``, a list parallel to the evidence
#: lists, "" where no dated document says it).
ON_RECORD: tuple[Field, ...] = (
    Field("from", ONTOLOGY + "onRecordFrom", "on_record_from"),
    Field("until", ONTOLOGY + "onRecordUntil", "on_record_until"),
)
SAID_FROM = Field("said_from", ONTOLOGY + "saidFrom", "evidence_days")
#: Derived at load too: the first day one of an entity's or a relation's own passages is said
#: (``FIRST_SAID``), and the first day an entity is said by its passages or its relations' (``FIRST_MENTIONED``).
FIRST_SAID = Field("first_said", ONTOLOGY + "firstSaid", "first_said")
FIRST_MENTIONED = Field("first_mentioned", ONTOLOGY + "firstMentioned", "first_mentioned")
#: The dataset's stamp (cjgraph.stamp), stored at load: RDF, a literal of ``DATASET_IRI``; Neo4j, a
#: property of the one ``:CjgraphDataset`` node.
STAMP = Field("stamp", ONTOLOGY + "datasetStamp", "stamp")
DATASET_IRI = NS + "dataset"
DATASET_LABEL = "CjgraphDataset"
#: The entity's other model fields, which are not values: how each is stored.
ENTITY_PARTS = {"kind": "the RDF class / the Neo4j label (see EntityKind)",
                "evidence": "cj:evidence nodes (RDF) / parallel evidence_* lists (Neo4j)"}


#: The warnings of ``cjgraph check`` (cjgraph.checks): kind -> what a seed entry may acknowledge it on
#: (``entity``, ``relation`` or ``both``) and what it says.
WARNINGS: dict[str, tuple[str, str]] = {
    "unnamed-ends": ("relation", "no passage of a relationship names either end (by name or alias)"),
    "no-maker": ("entity", "a recommendation that nothing recommends"),
    "no-addressee": ("entity", "a recommendation with no addressed_to (acknowledge it to say why)"),
    "broad-about": ("relation", "an about relationship whose passage names many known entities"),
    "duplicate": ("entity", "two entities of one kind with close names or aliases"),
    "single-passage": ("entity", "an entity supported by a single passage in all"),
    "reused-passage": ("both", "one passage used as evidence for many statements about unrelated entities"),
}
WARNING_KINDS: tuple[str, ...] = tuple(WARNINGS)


def entity_iri(entity_id: str) -> str:
    return ENTITY_NS + entity_id


def source_iri(source_id: str) -> str:
    return SOURCE_NS + source_id


def publisher_iri(source_id: str) -> str:
    """The node of a source document's publisher (a ``dcterms:Agent`` labelled with its name)."""
    return f"{SOURCE_NS}{source_id}/publisher"


def relation_path(source: str, kind: str, target: str) -> str:
    """``source/kind/target``: what names a relation's assertion node and its evidence nodes."""
    return f"{source}/{kind}/{target}"


def kinds_named(names: str | Iterable[str], parameter: str = "kinds") -> tuple[str, ...]:
    """The entity kinds ``names`` name, whatever their case (``organisation`` is ``Organisation``); an unknown
    one is a UsageError naming ``parameter``."""
    from .errors import UsageError

    by_name = {kind.lower(): kind for kind in ENTITY_KINDS}
    found = []
    for name in [names] if isinstance(names, str) else list(names):
        kind = by_name.get(str(name).lower())
        if kind is None:
            raise UsageError(f"unknown kind {name!r} (choose from {', '.join(ENTITY_KINDS)})", parameter=parameter)
        found.append(kind)
    return tuple(dict.fromkeys(found))


def sorted_set(values: list[str]) -> list[str]:
    """Aliases and topics are sets (RDF keeps no order): sorted case-insensitively, without repeats."""
    return sorted(set(values), key=lambda v: (v.casefold(), v))
