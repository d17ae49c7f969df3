"""The ontology means what the data means: RDFS + OWL RL inference (owlrl's OWL 2 RL rules) over the
ontology, the bundled data and the external axioms that the ontology aligns with (tests/external_axioms.ttl,
quoted from dcterms, schema.org, PROV-O and W3C ORG) infers nothing false and nothing inconsistent (issue #15).

Besides the bundled data, the closure holds one probe fact of every relationship kind between every pair of
kinds it may join: the seeds use only some pairs (no organisation is a partner in a Strategy there), and the
ontology must hold for all of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import owlrl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from cjgraph.export import export_text
from cjgraph.resources import ontology_file
from cjgraph.vocab import DCT, KINDS, ONTOLOGY, PROV, RELATIONS

CJ, DCTERMS, PROVNS = Namespace(ONTOLOGY), Namespace(DCT), Namespace(PROV)
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROBE = Namespace("https://w3id.org/cjgraph/test/probe/")
AXIOMS = Path(__file__).with_name("external_axioms.ttl")
NOT_ORGANISATIONS = ("Review", "Act", "Strategy", "Person", "Recommendation", "Publication")


def probe_triples() -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """One fact of each relationship kind between each pair of kinds it allows, on nodes of their own."""
    for name, rule in RELATIONS.items():
        for source in sorted(rule.sources):
            for target in sorted(rule.targets):
                if rule.allows(source, target):
                    s, o = PROBE[f"{name}/{source}/{target}/s"], PROBE[f"{name}/{source}/{target}/o"]
                    yield s, RDF.type, CJ[KINDS[source].rdf_class]
                    yield o, RDF.type, CJ[KINDS[target].rdf_class]
                    yield s, CJ[rule.property_name], o


@pytest.fixture(scope="module")
def asserted(bundled_dataset) -> Graph:
    """The bundled data as exported (N-Triples), plus the probe facts."""
    data = Graph().parse(data=export_text(bundled_dataset, "nt").decode(), format="nt")
    for triple in probe_triples():
        data.add(triple)
    return data


@pytest.fixture(scope="module")
def closure(asserted) -> Graph:
    """The OWL 2 RL closure of the data, the ontology and the external axioms (about 30 s).

    OWL 2 RL's rules include RDFS's entailments from rdfs:domain, rdfs:range, rdfs:subPropertyOf and
    rdfs:subClassOf (prp-dom, prp-rng, prp-spo1, cax-sco). owlrl's RDFS_OWLRL_Semantics adds RDFS's axiomatic
    triples and literal typing, which bear on none of the assertions here and take it to about 110 s."""
    graph = Graph()
    for triple in asserted:
        graph.add(triple)
    graph.parse(ontology_file())
    graph.parse(AXIOMS)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def _types(graph: Graph, node) -> set:
    return set(graph.objects(node, RDF.type))


def test_owl_rl_finds_no_inconsistency(closure):
    errors = [str(closure.value(node, ERRNS.error)) for node in closure.subjects(RDF.type, ERRNS.ErrorMessage)]
    assert not errors, "\n".join(sorted(errors)[:10])


def test_nothing_is_a_member_of_owl_nothing(closure):
    assert not sorted(closure.subjects(RDF.type, OWL.Nothing))[:5]


def test_a_funder_is_the_object_of_schema_funder(asserted, closure):
    """schema:funder: "A person or organization that supports (sponsors) something through some kind of
    financial contribution", said of the thing funded: X cj:funds Y is Y schema:funder X."""
    facts = list(asserted.subject_objects(CJ.funds))
    assert any(str(x).startswith("https://w3id.org/cjgraph/id/") for x, _ in facts), "no bundled funding fact"
    for funder, funded in facts:
        assert (funded, SCHEMA.funder, funder) in closure, (funder, funded)
        assert (funder, SCHEMA.funder, funded) not in closure, f"{funded} inferred to fund {funder}"


def test_no_node_is_both_a_prov_activity_and_a_prov_entity(closure):
    both = [n for n in closure.subjects(RDF.type, PROVNS.Activity) if (n, RDF.type, PROVNS.Entity) in closure]
    assert not both, sorted(both)[:5]


@pytest.mark.parametrize("prop", ["publisher", "type"])
def test_dcmi_properties_with_a_non_literal_range_carry_no_literal(prop, asserted, closure):
    """DCMI: dcterms:publisher ranges over dcterms:Agent, dcterms:type over rdfs:Class."""
    literals = [(s, o) for s, o in closure.subject_objects(DCTERMS[prop]) if isinstance(o, Literal)]
    assert not literals, literals[:5]
    if prop == "publisher":  # every source document names its publisher through an agent node
        for source in asserted.subjects(RDF.type, CJ.SourceDocument):
            agent = asserted.value(source, DCTERMS.publisher)
            assert (agent, RDF.type, DCTERMS.Agent) in asserted, source
            assert isinstance(asserted.value(agent, RDFS.label), Literal), source


@pytest.mark.parametrize("kind", NOT_ORGANISATIONS)
def test_no_document_recommendation_or_person_is_inferred_an_organisation(kind, closure):
    wrong = [n for n in closure.subjects(RDF.type, ORG.Organization) if CJ[KINDS[kind].rdf_class] in _types(closure, n)]
    assert not wrong, sorted(wrong)[:5]


@pytest.mark.parametrize("kind", ["Organisation", "Person"])
def test_people_and_bodies_are_not_inferred_derived_or_attributed(kind, closure):
    """A person or a body is not constructed from the passages that attest it (prov:wasDerivedFrom), nor
    generated by an activity of whoever leads it (prov:wasAttributedTo): neither is inferred a prov:Entity."""
    cls = CJ[KINDS[kind].rdf_class]
    wrong = [n for n in closure.subjects(RDF.type, cls) if (n, RDF.type, PROVNS.Entity) in closure]
    assert not wrong, sorted(wrong)[:5]
