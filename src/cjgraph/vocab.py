"""The fixed vocabulary of cjgraph: entity kinds, relationship kinds and the kinds each may join.

This module is the single source of truth for the model, the RDF mapping, the Neo4j labels and the
ontology test. Labels and relationship types sent to a database come only from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NS = "https://w3id.org/cjgraph/"
ONTOLOGY = NS + "ontology#"
ENTITY_NS = NS + "id/"
SOURCE_NS = NS + "source/"
EVIDENCE_NS = NS + "evidence/"
ASSERTION_NS = NS + "assertion/"

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # ids of entities and source documents
SLUG_RE = re.compile(SLUG)

ENTITY_KINDS: tuple[str, ...] = (
    "Review",
    "Act",
    "Strategy",
    "Organisation",
    "Person",
    "Partnership",
    "Recommendation",
    "Publication",
)

KIND_DESCRIPTIONS: dict[str, str] = {
    "Review": "Independent reviews, inquiries, inspections and audit reports.",
    "Act": "Acts of Parliament and Bills.",
    "Strategy": "Strategies, programmes, green papers, consultations, commissioning intentions and schemes.",
    "Organisation": "Departments, agencies, inspectorates, committees, funders, charities and networks.",
    "Person": "People named as authors, chairs, leads or spokespeople.",
    "Partnership": "Named partnerships, joint projects and advisory groups.",
    "Recommendation": "An explicit recommendation made by a body or a document.",
    "Publication": "Briefings, reports, responses, written evidence and blog posts.",
}

DOCUMENT_KINDS = frozenset({"Review", "Publication", "Strategy"})
AGENT_KINDS = frozenset({"Organisation", "Person", "Partnership"})
ALL_KINDS = frozenset(ENTITY_KINDS)


@dataclass(frozen=True)
class RelationRule:
    """Which kinds a relationship kind may join, and what it means."""

    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    description: str
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


def _rule(name: str, sources: set[str], targets: set[str], description: str, same_kind: bool = False):
    return RelationRule(name, frozenset(sources), frozenset(targets), description, same_kind)


_DOCS = set(DOCUMENT_KINDS)
_AGENTS = set(AGENT_KINDS)

RELATIONS: dict[str, RelationRule] = {
    r.name: r
    for r in (
        _rule("cites", _DOCS, {"Act", "Review", "Strategy", "Publication"},
              "The document explicitly refers to the target."),
        _rule("about", _DOCS | {"Recommendation", "Partnership"}, set(ENTITY_KINDS),
              "The subject matter of the source is the target."),
        _rule("published_by", _DOCS, _AGENTS, "The document was published or written by the target."),
        _rule("commissioned_by", _DOCS, {"Organisation", "Person"},
              "The document or programme was commissioned by the target."),
        _rule("led_by", _DOCS | {"Partnership", "Organisation"}, {"Organisation", "Person"},
              "The review, programme, partnership or body is led or chaired by the target."),
        _rule("partner_in", {"Organisation"}, {"Partnership", "Strategy"},
              "The organisation is a partner in the partnership or programme."),
        _rule("member_of", {"Organisation", "Person"}, {"Organisation", "Partnership"},
              "The organisation or person is a member of, or works for, the target."),
        _rule("recommends", _AGENTS | {"Review", "Publication"}, {"Recommendation"},
              "The body or document makes the recommendation."),
        _rule("addressed_to", {"Recommendation"}, _AGENTS,
              "The recommendation is addressed to the target."),
        _rule("responds_to", _DOCS, _DOCS | {"Recommendation"},
              "The document responds to the target (a consultation, review or recommendation)."),
        _rule("implements", {"Strategy", "Act", "Organisation", "Partnership"},
              {"Strategy", "Act", "Recommendation"},
              "The source puts the target into effect."),
        _rule("succeeds", {"Strategy", "Act", "Organisation", "Publication", "Review", "Partnership"},
              {"Strategy", "Act", "Organisation", "Publication", "Review", "Partnership"},
              "The source replaces or follows on from the target (same kind).", same_kind=True),
        _rule("funds", {"Organisation", "Strategy"}, {"Organisation", "Partnership", "Strategy", "Publication",
                                                      "Review"},
              "The source funds the target."),
        _rule("part_of", {"Organisation", "Strategy", "Publication"}, {"Organisation", "Strategy", "Publication"},
              "The source is a part, agency or component of the target (same kind).", same_kind=True),
    )
}

RELATION_KINDS: tuple[str, ...] = tuple(RELATIONS)

KIND_COLOURS: dict[str, str] = {
    "Review": "#d62728",
    "Act": "#1f77b4",
    "Strategy": "#ff7f0e",
    "Organisation": "#2ca02c",
    "Person": "#8c564b",
    "Partnership": "#9467bd",
    "Recommendation": "#e377c2",
    "Publication": "#7f7f7f",
}


def entity_iri(entity_id: str) -> str:
    return ENTITY_NS + entity_id


def source_iri(source_id: str) -> str:
    return SOURCE_NS + source_id


def relation_path(source: str, kind: str, target: str) -> str:
    """``source/kind/target``: what names a relation's assertion node and its evidence nodes."""
    return f"{source}/{kind}/{target}"


def sorted_set(values: list[str]) -> list[str]:
    """Aliases and topics are sets (RDF keeps no order): sorted case-insensitively, without repeats."""
    return sorted(set(values), key=lambda v: (v.casefold(), v))
