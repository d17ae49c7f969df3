"""The vocabulary is declared once and completely: every entity kind, relationship kind and entity field in
cjgraph.vocab has all its parts, agrees with the ontology, the SHACL shapes and the model, and reaches the
views, the backends and synth (see the vocab module's docstring: a new kind touches vocab, ontology, shapes)."""

from __future__ import annotations

import re
import typing

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from cjgraph import rdf, synth, viz, vocab
from cjgraph.backends import neo4j, neo4j_rows
from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.export import export_text
from cjgraph.model import Dataset, Entity, Evidence, Relation
from cjgraph.resources import data_dir, ontology_file
from cjgraph.validation import load_dataset
from cjgraph.viz_svg import shape_svg
from cjgraph.vocab import ENTITY_FIELDS, ENTITY_KINDS, KINDS, ONTOLOGY, RELATION_KINDS, RELATIONS

CJ = Namespace(ONTOLOGY)
CJSH = Namespace("https://w3id.org/cjgraph/shapes#")
NEO4J_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(data_dir("ontology") / "shapes.ttl")


def _union(graph: Graph, node) -> set[str]:
    """Local names of a class or of an ``owl:unionOf`` class."""
    if graph.value(node, OWL.unionOf) is not None:
        return {str(m).rsplit("#", 1)[1] for m in Collection(graph, graph.value(node, OWL.unionOf))}
    return {str(node).rsplit("#", 1)[1]}


def _or_classes(graph: Graph, node) -> set[str]:
    """Local names of the ``sh:class`` of each alternative of the ``sh:or`` of ``node``."""
    alternatives = Collection(graph, graph.value(node, SH["or"]))
    return {str(graph.value(a, SH["class"])).rsplit("#", 1)[1] for a in alternatives}


# -- entity kinds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENTITY_KINDS)
def test_every_kind_is_declared_completely(name, ontology):
    kind = KINDS[name]
    assert kind.name == name and re.fullmatch(r"[A-Z][A-Za-z]*", name)
    assert kind.description.strip().endswith("."), "description"
    assert re.fullmatch(r"#[0-9a-f]{6}", kind.colour), f"colour {kind.colour!r} is not #rrggbb"
    assert kind.shape in vocab.VIEW_SHAPES, f"shape {kind.shape!r} is not one of {vocab.VIEW_SHAPES}"
    shape_svg(kind.shape, 0, 0, 10, kind.colour, dashed=kind.dashed)  # the static pictures draw it too
    assert kind.group in (None, *vocab.GROUPS)
    cls = CJ[kind.rdf_class]
    assert (cls, RDF.type, OWL.Class) in ontology, f"{cls} is not an owl:Class in the ontology"
    assert (cls, RDFS.subClassOf, CJ.Entity) in ontology
    assert str(ontology.value(cls, RDFS.comment)) == kind.description, "the ontology's comment differs"
    assert NEO4J_NAME.match(kind.neo4j_label)
    assert kind.neo4j_label not in ("Entity", "Source") and not kind.neo4j_label.startswith("Cjgraph")


def test_kinds_are_distinct_and_the_ontology_has_no_other(ontology):
    assert len({k.colour for k in KINDS.values()}) == len(KINDS), "two kinds share a colour"
    assert len({k.neo4j_label for k in KINDS.values()}) == len(KINDS)
    declared = {str(c).rsplit("#", 1)[1] for c in ontology.subjects(RDFS.subClassOf, CJ.Entity)}
    assert declared == {k.rdf_class for k in KINDS.values()}


# -- relationship kinds -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", RELATION_KINDS)
def test_every_relation_is_declared_completely(name, ontology):
    rule = RELATIONS[name]
    assert rule.name == name and re.fullmatch(r"[a-z]+(_[a-z]+)*", name)
    assert rule.description.strip() and rule.phrase.strip()
    assert rule.sources and rule.targets, "a relationship kind needs kinds at both ends"
    assert rule.sources <= set(ENTITY_KINDS) and rule.targets <= set(ENTITY_KINDS)
    assert not rule.same_kind or rule.sources & rule.targets
    prop = CJ[rule.property_name]
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology, f"{prop} is not an owl:ObjectProperty"
    assert str(ontology.value(prop, RDFS.label)) == name
    assert str(ontology.value(prop, RDFS.comment)) == rule.description, "the ontology's comment differs"
    for end, kinds in ((RDFS.domain, rule.sources), (RDFS.range, rule.targets)):
        stated = ontology.value(prop, end)
        if stated is not None:
            assert _union(ontology, stated) == {KINDS[k].rdf_class for k in kinds}, f"{end} of {prop}"
    assert re.fullmatch(r"[A-Z][A-Z0-9_]*", rule.neo4j_type)


def test_every_object_property_of_the_ontology_is_declared(ontology):
    others = {URIRef(f.rdf) for f in ENTITY_FIELDS} | {CJ.evidence, CJ.document}
    found = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) - others
    assert found == {CJ[r.property_name] for r in RELATIONS.values()}
    assert len({r.neo4j_type for r in RELATIONS.values()}) == len(RELATIONS)


# -- SHACL shapes -----------------------------------------------------------------------------------


def test_the_shapes_target_every_kind_and_relation(shapes):
    targets = set(shapes.objects(CJSH.EntityShape, SH.targetClass))
    assert targets == {CJ[k.rdf_class] for k in KINDS.values()}, "cjsh:EntityShape's sh:targetClass list"
    predicate = next(p for p in shapes.objects(CJSH.AssertionShape, SH.property)
                     if shapes.value(p, SH.path) == RDF.predicate)
    assert set(Collection(shapes, shapes.value(predicate, SH["in"]))) == {CJ[r.property_name]
                                                                          for r in RELATIONS.values()}
    for name, rule in RELATIONS.items():
        prop = CJ[rule.property_name]
        found = list(shapes.subjects(SH.targetSubjectsOf, prop))
        assert len(found) == 1, f"one shape targets the subjects of {prop}"
        assert _or_classes(shapes, found[0]) == {KINDS[k].rdf_class for k in rule.sources}, name
        ends = [p for p in shapes.objects(found[0], SH.property) if shapes.value(p, SH.path) == prop]
        assert len(ends) == 1 and _or_classes(shapes, ends[0]) == {KINDS[k].rdf_class for k in rule.targets}, name


# -- entity fields ----------------------------------------------------------------------------------


def test_entity_fields_map_every_model_field(ontology):
    names = [f.name for f in ENTITY_FIELDS]
    assert set(Entity.model_fields) == set(names) | set(vocab.ENTITY_PARTS), "model fields vs vocab.ENTITY_FIELDS"
    assert len(set(names)) == len(names)
    assert len({f.rdf for f in ENTITY_FIELDS}) == len(names) and len({f.neo4j for f in ENTITY_FIELDS}) == len(names)
    for f in ENTITY_FIELDS:
        annotation = Entity.model_fields[f.name].annotation
        assert f.many == (typing.get_origin(annotation) is list), f"{f.name}: many"
        assert NEO4J_NAME.match(f.neo4j) and f.neo4j not in neo4j_rows.ENTITY_COLUMNS[len(ENTITY_FIELDS):]
        if f.rdf.startswith(ONTOLOGY):
            assert set(ontology.objects(URIRef(f.rdf), RDF.type)) & {OWL.DatatypeProperty, OWL.ObjectProperty}, \
                f"{f.rdf} is not declared in the ontology"
        else:
            assert f.rdf.startswith((vocab.DCT, vocab.RDFS, vocab.SKOS)), f.rdf
    # a relation's period: declared in the ontology, allowed on assertions by the shapes, named for Neo4j
    shapes = Graph().parse(data_dir("ontology") / "shapes.ttl")
    on_assertions = {shapes.value(p, SH.path) for p in shapes.objects(CJSH.AssertionShape, SH.property)}
    assert [f.name for f in vocab.RELATION_PERIOD] == ["start", "end"]
    for f in vocab.RELATION_PERIOD:
        assert (URIRef(f.rdf), RDF.type, OWL.DatatypeProperty) in ontology, f.rdf
        assert (URIRef(f.rdf), RDFS.domain, CJ.Assertion) in ontology and URIRef(f.rdf) in on_assertions
        assert NEO4J_NAME.match(f.neo4j) and f.neo4j not in neo4j_rows.RELATION_COLUMNS[len(vocab.RELATION_PERIOD):]
    # the backends' own lookups match ids and names with these
    first = {f.name: f for f in ENTITY_FIELDS[:2]}
    assert (first["id"].rdf, first["id"].neo4j) == (vocab.DCT + "identifier", "id")
    assert (first["name"].rdf, first["name"].neo4j) == (vocab.RDFS + "label", "name")


def test_closed_types_are_declared_and_enforced():
    assert set(vocab.KIND_TYPES) <= set(ENTITY_KINDS)
    assert vocab.STATUTORY_INSTRUMENT in vocab.KIND_TYPES["Act"] and vocab.SUMMARY in vocab.KIND_TYPES["Recommendation"]
    evidence = [Evidence(url="https://example.org/evidence")]
    Entity(id="a", kind="Act", name="A", type="Bill", evidence=evidence)
    Entity(id="o", kind="Organisation", name="O", type="anything at all", evidence=evidence)
    with pytest.raises(ValueError, match="is not one of the Act types"):
        Entity(id="a", kind="Act", name="A", type="Regulations", evidence=evidence)


# -- a dataset with every kind, relationship and field, through every writer and reader -------------


_SAMPLE = {"date": "2017-09", "start": "2016", "end": "2019-03", "url": "https://example.org/page",
           "legislation": "http://www.legislation.gov.uk/id/ukpga/2014/11"}


def _entity(kind: str, n: int) -> Entity:
    values: dict[str, object] = {"id": f"{kind.lower()}-{n}", "kind": kind, "name": f"{kind} number {n}"}
    for f in ENTITY_FIELDS[2:]:
        if f.name == "legislation" and kind != "Act":
            continue
        values[f.name] = [f"{f.name} b", f"{f.name} A"] if f.many else _SAMPLE.get(f.name, f"{f.name} of {kind}")
    if kind in vocab.KIND_TYPES:  # a closed list of types: the last one (statutory instrument, summary)
        values["type"] = vocab.KIND_TYPES[kind][-1]
    return Entity(**values, evidence=[Evidence(document="doc", quote=f"{kind} {n}"),
                                      Evidence(url="https://example.org/evidence")])


_PERIODS = ({"start": "2015-04", "end": "2018"}, {"start": "2016-02-29"}, {"end": "2020-01"}, {})  # of relations


@pytest.fixture(scope="module")
def everything() -> Dataset:
    """Two entities of each kind with every field set, one relationship of each kind."""
    data = Dataset()
    for kind in ENTITY_KINDS:
        for n in (1, 2):
            entity = _entity(kind, n)
            data.entities[entity.id] = entity
            data.origins[entity.id] = ("seeds/all.yaml", len(data.origins) + 1)
    for name, rule in RELATIONS.items():
        source = sorted(rule.sources)[0]
        target = source if rule.same_kind else sorted(rule.targets - {source} or rule.targets)[0]
        relation = Relation(source=f"{source.lower()}-2", kind=name, target=f"{target.lower()}-1",
                            **_PERIODS[len(data.relations) % len(_PERIODS)],
                            evidence=[Evidence(document="doc", quote=name)])
        assert rule.allows(source, target)
        data.relations.append(relation)
        data.origins[relation.key] = ("seeds/all.yaml", len(data.origins) + 1)
    data.relations.sort(key=lambda r: r.key)
    return data


def test_rdf_writes_every_kind_and_field(everything):
    triples = list(rdf.dataset_triples(everything))
    predicates = {t.predicate.value for t in triples}
    assert {f.rdf for f in ENTITY_FIELDS} <= predicates, "a field the RDF writer leaves out"
    assert {f.rdf for f in vocab.RELATION_PERIOD} <= predicates, "a relation's start or end left out"
    classes = {t.object.value for t in triples if t.predicate.value == vocab.RDF + "type"}
    assert {ONTOLOGY + k.rdf_class for k in KINDS.values()} <= classes
    assert {ONTOLOGY + r.property_name for r in RELATIONS.values()} <= predicates


def test_every_kind_and_field_round_trips_through_the_rdf_backends(everything):
    backend = EmbeddedBackend(memory=True)  # read back with SPARQL, as from a SPARQL server
    backend.load(everything)
    assert export_text(backend.dataset(), "json") == export_text(everything, "json")
    assert {ref.kind for ref in backend.entity_index()} == set(ENTITY_KINDS)
    around = backend.neighbourhood("act-1")
    assert around.entities["act-1"] == everything.entities["act-1"]


class _FakeNeo4j(neo4j.Neo4jBackend):
    """Answers the reading statements of ``Neo4jBackend.dataset`` from what the load would have written."""

    def __init__(self, dataset: Dataset):  # no driver
        self.data = dataset

    def _execute(self, text: str, params: dict | None = None, *, write: bool = False):
        d = self.data
        if "AS stamp" in text:  # the dataset node the load writes
            return ([{"stamp": d.stamp}] if d.stamp else []), None, ["stamp"]
        if "LIMIT 1" in text:
            return [{"id": "x"}], None, ["id"]
        if "(s:Source)" in text:
            return [], None, ["p"]
        if "properties(n)" in text:
            return [{"p": neo4j_rows.entity_row(e, d.origin(k))["props"], "kind": KINDS[e.kind].neo4j_label}
                    for k, e in sorted(d.entities.items())], None, ["p", "kind"]
        if "-[r]->" in text:
            return [{"s": r.source, "t": RELATIONS[r.kind].neo4j_type, "o": r.target,
                     "p": neo4j_rows.relation_row(r, d.origin(r.key))["props"]} for r in d.relations], None, []
        raise AssertionError(text)


def test_every_kind_and_field_round_trips_through_the_neo4j_tables(everything):
    assert export_text(_FakeNeo4j(everything).dataset(), "json") == export_text(everything, "json")
    columns, _, _ = neo4j_rows._columns(everything)
    assert set(columns) == set(ENTITY_KINDS)
    for kind in KINDS.values():
        assert f"SET n:{kind.neo4j_label})" in neo4j_rows.PROMOTE_ENTITIES and kind.neo4j_label in neo4j_rows.RETIRE
        assert f"$kind = '{kind.name}'" in neo4j_rows.CREATE_ENTITIES
    for rule in RELATIONS.values():
        assert f"$type = '{rule.neo4j_type}'" in neo4j_rows.CREATE_RELATIONS


def test_views_draw_every_kind(everything):
    from cjgraph.graph import to_networkx

    assert list(viz.SHAPES) == list(ENTITY_KINDS)
    view = viz.build_view(to_networkx(everything), layout="python")
    assert [k["kind"] for k in view.payload["kinds"]] == list(ENTITY_KINDS)
    svg = view.svg()
    assert all(k.colour in svg for k in KINDS.values())
    for shape in vocab.VIEW_SHAPES:
        shape_svg(shape, 0, 0, 10, "#123456")


# -- synth -------------------------------------------------------------------------------------------


def test_synth_generates_every_kind_relationship_and_field(tmp_path):
    triples = [(s, name, t) for name, rule in RELATIONS.items() for s in sorted(rule.sources)
               for t in sorted(rule.targets) if rule.allows(s, t)]
    per_relation = {name: sum(1 for t in triples if t[1] == name) for name in RELATIONS}
    profile = synth.Profile(
        kinds={k: 1 / len(KINDS) for k in ENTITY_KINDS},
        triples={t: 1 / per_relation[t[1]] for t in triples},  # every relationship kind as likely
        fields={(k, f): 1.0 for k in ENTITY_KINDS for f in synth.OPTIONAL_FIELDS},
        types={k: [f"synthetic {k.lower()}"] for k in ENTITY_KINDS},
        entity_evidence={1: 1}, relation_evidence={1: 1}, url_share=0.0)
    synth.synthesise(tmp_path / "seeds", entities=5 * len(KINDS), relations=40 * len(RELATIONS), seed=3,
                     prof=profile)
    data = load_dataset([tmp_path / "seeds"])  # the normal validator accepts it
    assert {e.kind for e in data.entities.values()} == set(ENTITY_KINDS)
    assert {r.kind for r in data.relations} == set(RELATION_KINDS)
    for name in synth.OPTIONAL_FIELDS:
        assert any(getattr(e, name) for e in data.entities.values()), f"synth never writes {name}"
    assert set(synth._OTHER_NOUNS) <= set(ENTITY_KINDS) and set(synth._NOUNS) == set(ENTITY_KINDS)
