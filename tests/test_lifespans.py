"""Lifespans: ``start``/``end`` on entities and relations, read from the seeds and checked (`path:line: message`)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cjgraph.dates import latest_day, precedes
from cjgraph.model import Entity, Relation
from cjgraph.validation import load_dataset, validate_seeds
from tests.conftest import DATED_YAML, MINI_YAML

from .test_validate import problems_of, rel, write

URL = [{"url": "https://example.org/x"}]


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("2016", "2017-04", True), ("2017", "2017-04", False), ("2017-03", "2017-04", True), ("2017-04", "2017-04", False),
    ("2017-03-31", "2017-04", True), ("2017-04", "2017", False), ("2018", "2017", False)])
def test_periods_compare_last_day_with_first_day(first, second, expected):
    assert precedes(first, second) is expected


def test_latest_day():
    assert [latest_day(t).isoformat() for t in ("2016", "2016-02", "2017-02", "2017-02-03")] == [
        "2016-12-31", "2016-02-29", "2017-02-28", "2017-02-03"]


def test_model_accepts_overlapping_periods_and_refuses_an_end_before_the_start():
    entity = Entity(id="a", kind="Act", name="A", start="2017-04", end=2017, evidence=URL)
    assert (entity.start, entity.end) == ("2017-04", "2017")
    relation = Relation(source="a", kind="cites", target="b", start="2015", evidence=URL)
    assert (relation.start, relation.end) == ("2015", None)
    with pytest.raises(ValidationError, match="2016 is before start 2017-04"):
        Entity(id="a", kind="Act", name="A", start="2017-04", end="2016", evidence=URL)
    with pytest.raises(ValidationError, match="2017-03 is before start 2017-04"):
        Relation(source="a", kind="cites", target="b", start="2017-04", end="2017-03", evidence=URL)


LINKED = MINI_YAML.replace("""      - cites: example-act-2001
""", """      - cites: example-act-2001
        start: 2001-05
        end: 2001
""")


def test_a_link_carries_start_and_end(mini_seeds):
    write(mini_seeds, LINKED)
    [relation] = load_dataset([mini_seeds]).relations
    assert (relation.kind, relation.start, relation.end) == ("cites", "2001-05", "2001")


def test_a_relations_item_carries_start_and_end(mini_seeds):
    write(mini_seeds, MINI_YAML + """relations:
  - source: example-review
    kind: about
    target: example-act-2001
    start: 2001-02-03
    evidence: ["the Example Review"]
""")
    relation = next(r for r in load_dataset([mini_seeds]).relations if r.kind == "about")
    assert (relation.start, relation.end) == ("2001-02-03", None)


def test_bad_link_dates_are_reported_at_their_lines(mini_seeds):
    write(mini_seeds, LINKED.replace("start: 2001-05", "start: 2001-13").replace("end: 2001", "end: soon"))
    path = rel(mini_seeds)
    assert problems_of(mini_seeds) == [
        f"{path}:14: relation 'example-review': start: impossible date '2001-13': month 13 does not exist",
        f"{path}:15: relation 'example-review': end: expected a date like 2017, 2017-09 or 2017-09-08, got 'soon'"]


def test_a_link_ending_before_it_starts(mini_seeds):
    write(mini_seeds, LINKED.replace("end: 2001", "end: 2000"))
    assert problems_of(mini_seeds) == [
        f"{rel(mini_seeds)}:15: relation 'example-review': end: 2000 is before start 2001-05"]


def test_an_entity_ending_before_it_starts(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("    date: 2001\n", "    date: 2001\n    start: 2001-06\n"
                                                       "    end: 2001-05-31\n"))
    assert problems_of(mini_seeds) == [
        f"{rel(mini_seeds)}:8: entity 'example-act-2001': end: 2001-05-31 is before start 2001-06"]


def test_a_link_with_two_kinds_is_still_refused(mini_seeds):
    write(mini_seeds, LINKED.replace("        start: 2001-05\n", "        about: example-act-2001\n"))
    report = validate_seeds([mini_seeds])
    assert [p.message for p in report.problems] == [
        "a link needs exactly one relation such as '- cites: some-id', got ['cites', 'about']"]


def _lines(text: str) -> str:
    return "document: doc\nentities:\n" + text


TRUST = """\
  - id: example-trust
    kind: Organisation
    name: Example Trust
    start: 2005
    end: 2012-06
    evidence: ["The Example Trust funds it."]
  - id: example-partnership
    kind: Partnership
    name: Example Partnership
    start: 2008-04
    evidence: ["The Example Trust funds it."]
    links:
      - led_by: example-trust
        start: 2007
        end: 2013
        evidence: ["The Example Trust funds it."]
"""


def test_a_relation_outside_either_ends_lifespan(mini_seeds):
    write(mini_seeds, _lines(TRUST))
    path = rel(mini_seeds)
    assert problems_of(mini_seeds) == [
        f"{path}:16: led_by start 2007 is outside the lifespan of source 'example-partnership' (from 2008-04)",
        f"{path}:17: led_by end 2013 is outside the lifespan of target 'example-trust' (2005 to 2012-06)"]


def test_a_relation_within_both_lifespans_as_periods(mini_seeds):
    write(mini_seeds, _lines(TRUST.replace("start: 2007\n", "start: 2008\n").replace("end: 2013", "end: 2012")))
    assert problems_of(mini_seeds) == []


def test_a_citation_may_name_what_no_longer_exists(mini_seeds):
    write(mini_seeds, MINI_YAML.replace("    date: 2001\n", "    date: 2001\n    start: 2001-03\n    end: 2001-06\n")
          .replace("      - cites: example-act-2001\n", "      - cites: example-act-2001\n        start: 2001-09\n"))
    assert problems_of(mini_seeds) == []


SUCCESSION = """\
  - id: old-body
    kind: Organisation
    name: Old body
    start: 2004
    end: 2017-03
    evidence: ["The Example Trust funds it."]
  - id: new-body
    kind: Organisation
    name: New body
    start: 2017-04
    evidence: ["The Example Trust funds it."]
    links:
      - succeeds: old-body
        start: 2017-04
        evidence: ["The Example Trust funds it."]
"""


def test_a_succession_follows_the_lifespans(mini_seeds):
    write(mini_seeds, _lines(SUCCESSION))
    assert problems_of(mini_seeds) == []
    write(mini_seeds, _lines(SUCCESSION.replace("start: 2017-04\n    evidence", "start: 2010\n    evidence")))
    assert problems_of(mini_seeds) == []  # overlapping the predecessor, even for years, is allowed


def test_a_successor_starting_or_ending_before_its_predecessor_starts(mini_seeds):
    write(mini_seeds, _lines(SUCCESSION.replace("start: 2017-04\n    evidence", "start: 2003-12\n    evidence")
                             .replace("        start: 2017-04\n", "")))
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:15: succeeds: 'new-body' starts (2003-12) before "
                                       f"'old-body', which it succeeds, starts (2004)"]
    write(mini_seeds, _lines(SUCCESSION.replace("start: 2017-04\n    evidence", "end: 2003\n    evidence")
                             .replace("        start: 2017-04\n", "")))
    assert problems_of(mini_seeds) == [f"{rel(mini_seeds)}:15: succeeds: 'new-body' ends (2003) before "
                                       f"'old-body', which it succeeds, starts (2004)"]


def test_a_documents_date_within_its_lifespan(mini_seeds):
    review = "    name: Example Review\n"
    write(mini_seeds, MINI_YAML.replace(review, review + "    date: 2001-02\n    start: 2001-03\n"))
    path = rel(mini_seeds)
    assert problems_of(mini_seeds) == [
        f"{path}:11: entity 'example-review': date 2001-02 is outside its lifespan (from 2001-03)"]
    write(mini_seeds, MINI_YAML.replace(review, review + "    date: 2001-07\n    end: 2001-06\n"))
    assert problems_of(mini_seeds) == [
        f"{path}:11: entity 'example-review': date 2001-07 is outside its lifespan (until 2001-06)"]
    write(mini_seeds, MINI_YAML.replace(review, review + "    date: 2001\n    start: 2001-03\n    end: 2001-06\n"))
    assert problems_of(mini_seeds) == []
    # an Act is not a document: its date (Royal Assent) and lifespan are not compared
    write(mini_seeds, MINI_YAML.replace("    date: 2001\n", "    date: 2001\n    start: 2002\n"))
    assert problems_of(mini_seeds) == []


def test_dated_rdf_conforms_to_the_shapes_and_a_malformed_date_does_not(mini_seeds):
    from rdflib import Graph, Literal, Namespace

    from cjgraph.export import export_text
    from cjgraph.vocab import ONTOLOGY

    from .test_rdf import shacl

    cj = Namespace(ONTOLOGY)
    write(mini_seeds, DATED_YAML)
    text = export_text(load_dataset([mini_seeds]), "nt").decode()
    data = Graph().parse(data=text, format="nt")
    assert len(list(data.subjects(cj.holdsFrom, None))) == 2 and len(list(data.subjects(cj.existsUntil, None))) == 1
    assert shacl(data)[0]
    for prop in (cj.holdsFrom, cj.existsFrom):
        broken = Graph().parse(data=text, format="nt")
        broken.add((next(broken.subjects(prop, None)), prop, Literal("2001-05-01")))  # a second value, untyped
        assert not shacl(broken)[0], prop
