"""Parameter binding into SPARQL text, and the terminal table."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from cjgraph.answers import Answer
from cjgraph.backends.rdfbase import with_values
from cjgraph.errors import UsageError

X = NamedNode("http://example.org/x")


def test_values_go_into_the_outer_group_and_into_sub_selects_that_project_the_parameter():
    query = ('# a { in a comment\nSELECT ?x ?n WHERE { <http://a{b}> ?p "{" .\n'
             '  { SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x ?q ?y } GROUP BY ?x }\n'
             '  { SELECT ?z WHERE { ?z ?r ?x } } }')
    bound = with_values(query, {"x": X, "n": Literal(1)})
    assert bound == ('# a { in a comment\nSELECT ?x ?n WHERE {\n'
                     'VALUES (?x ?n) { (<http://example.org/x> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n'
                     ' <http://a{b}> ?p "{" .\n'
                     '  { SELECT ?x (COUNT(?y) AS ?n) WHERE {\nVALUES (?x) { (<http://example.org/x>) }\n'
                     ' ?x ?q ?y } GROUP BY ?x }\n'
                     '  { SELECT ?z WHERE { ?z ?r ?x } } }')


def test_binding_inside_a_sub_select_keeps_the_answer():
    store = Store()
    p = NamedNode("http://example.org/p")
    for s, o in (("x", "a"), ("x", "b"), ("w", "c")):
        store.add(Quad(NamedNode(f"http://example.org/{s}"), p, NamedNode(f"http://example.org/{o}")))
    query = ("SELECT ?x ?n WHERE { { SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x <http://example.org/p> ?y } "
             "GROUP BY ?x } }")
    rows = [(s["x"].value, int(s["n"].value)) for s in store.query(with_values(query, {"x": X}))]
    assert rows == [("http://example.org/x", 2)]


def test_a_query_without_a_group_cannot_take_parameters():
    with pytest.raises(UsageError) as caught:
        with_values("SELECT ?x # {", {"x": X})
    assert str(caught.value) == "the query has no group pattern to bind parameters into"


def test_table_fits_the_width_wraps_cells_and_escapes_control_characters():
    rows = [{"name": "red \x1b[31malert\x07", "n": 3, "name_id": "hidden"}, {"name": "word " * 40, "n": None}]
    text = Answer(["name", "n", "name_id"], rows, "Title").render("table", width=60)
    lines = text.splitlines()
    assert "\x1b" not in text and "\x07" not in text and "red \\x1b[31malert\\x07" in text
    assert "hidden" not in text and "name_id" not in text
    assert lines[0].strip() == "Title" and lines[-1] == "2 rows"
    assert all(len(line) <= 60 for line in lines)
    assert len({len(line) for line in lines[1:-1]}) == 1  # every rule and row has the same width
    assert sum(line.count("word") for line in lines) == 40


def test_empty_table_still_shows_its_header():
    assert Answer(["name"], []).render("table") == "┏━━━━━━┓\n┃ name ┃\n┡━━━━━━┩\n└──────┘\n0 rows\n"


def test_an_empty_column_header_over_no_rows_still_renders():
    text = Answer(["", "relation"], []).render("table", width=100)
    assert text.splitlines()[0] == "┏━━━┳━━━━━━━━━━┓" and text.endswith("0 rows\n")
