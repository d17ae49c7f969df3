"""The RDF that cjgraph produces conforms to its SHACL shapes, and the ontology matches the model."""

from __future__ import annotations

import pytest
from rdflib import DCTERMS, OWL, RDF, RDFS, Graph, Literal, Namespace
from rdflib.collection import Collection

from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.export import export_text
from cjgraph.resources import data_dir, ontology_file
from cjgraph.vocab import ENTITY_KINDS, ONTOLOGY, RELATIONS

CJ = Namespace(ONTOLOGY)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


def shacl(data: Graph):
    from pyshacl import validate

    shapes = Graph().parse(data_dir("ontology") / "shapes.ttl")
    return validate(data, shacl_graph=shapes, inference="none")


def test_bundled_rdf_conforms_to_the_shapes(bundled_dataset):
    data = Graph().parse(data=export_text(bundled_dataset, "nt").decode(), format="nt")
    conforms, _, text = shacl(data)
    assert conforms, text


def test_the_shapes_catch_a_relation_between_wrong_kinds(bundled_dataset):
    data = Graph().parse(data=export_text(bundled_dataset, "nt").decode(), format="nt")
    act = next(s for s in data.subjects(RDF.type, CJ.Act))
    org = next(s for s in data.subjects(RDF.type, CJ.Organisation))
    data.add((act, CJ.recommends, org))
    conforms, _, _ = shacl(data)
    assert not conforms


def test_every_kind_is_a_class(ontology):
    for kind in ENTITY_KINDS:
        assert (CJ[kind], RDF.type, OWL.Class) in ontology, kind
        assert ontology.value(CJ[kind], RDFS.comment) is not None


def _members(graph: Graph, node) -> set[str]:
    if (node, RDF.type, OWL.Class) in graph and graph.value(node, OWL.unionOf) is not None:
        return {str(m).rsplit("#", 1)[1] for m in Collection(graph, graph.value(node, OWL.unionOf))}
    return {str(node).rsplit("#", 1)[1]}


def test_every_relation_is_a_property_with_the_models_domain_and_range(ontology):
    for name, rule in RELATIONS.items():
        prop = CJ[rule.property_name]
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology, name
        assert _members(ontology, ontology.value(prop, RDFS.domain)) == set(rule.sources), name
        assert _members(ontology, ontology.value(prop, RDFS.range)) == set(rule.targets), name


def test_turtle_and_jsonld_exports_hold_the_same_triples(bundled_dataset):
    nt = Graph().parse(data=export_text(bundled_dataset, "nt").decode(), format="nt")
    ttl = Graph().parse(data=export_text(bundled_dataset, "ttl").decode(), format="turtle")
    jsonld = Graph().parse(data=export_text(bundled_dataset, "jsonld").decode(), format="json-ld")
    assert len(nt) > 0
    assert nt.isomorphic(ttl)
    assert nt.isomorphic(jsonld)


def test_the_shapes_catch_a_publisher_or_type_given_as_a_literal(bundled_dataset):
    data = Graph().parse(data=export_text(bundled_dataset, "nt").decode(), format="nt")
    source = next(data.subjects(RDF.type, CJ.SourceDocument))
    for prop in (DCTERMS.publisher, DCTERMS.type):
        wrong = Graph()
        for triple in data:
            wrong.add(triple)
        wrong.remove((source, prop, None))
        wrong.add((source, prop, Literal("Clinks")))
        conforms, _, _ = shacl(wrong)
        assert not conforms, prop


def test_sources_read_back_from_rdf(bundled_dataset):
    """Publisher (the label of a dcterms:Agent node) and kind (cj:sourceKind) come back as written."""
    backend = EmbeddedBackend(memory=True)
    backend.load(bundled_dataset)
    assert backend.dataset().sources == bundled_dataset.sources
