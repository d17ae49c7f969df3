"""Scoped questions answered inside the store (#14): the canned queries' scope lines, the dates each
backend derives at load, and answers equal to those of the dated copy of the graph (cjgraph.asof)."""

from __future__ import annotations

import random
from datetime import date

import pytest

import cjgraph
from cjgraph.api import Graph
from cjgraph.asof import Scope, stored_dates
from cjgraph.dialects import CYPHER, DIALECTS, SPARQL
from cjgraph.errors import UsageError
from cjgraph.queries import catalogue, run_query
from cjgraph.vocab import FIRST_MENTIONED, ON_RECORD
from tests.test_dialects import loaded  # noqa: F401 - the bundled seeds loaded into each backend

SCOPES = [Scope(as_of=date(2015, 12, 31)), Scope(said_by=date(2013, 12, 31)),
          Scope(as_of=date(2019, 12, 31), said_by=date(2018, 12, 31))]
NOMS, HMPPS = "national-offender-management-service", "hm-prison-and-probation-service"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    store = tmp_path_factory.mktemp("datefilters") / "store"
    cjgraph.open(store).load()
    with cjgraph.open(store) as opened:
        yield opened


@pytest.mark.parametrize("dialect", list(DIALECTS.values()), ids=list(DIALECTS))
def test_an_unscoped_query_runs_as_written(dialect):
    for query in catalogue().values():
        assert dialect.scoped(query.text(dialect), Scope()) == query.text(dialect)


@pytest.mark.parametrize("dialect", list(DIALECTS.values()), ids=list(DIALECTS))
@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: s.describe())
def test_every_scope_line_becomes_a_filter(dialect, scope):
    marker = "#scope:" if dialect is SPARQL else "//scope "
    for query in catalogue().values():
        text = query.text(dialect)
        assert marker in text, f"{query.name}{dialect.suffix} has no scope line"
        scoped = dialect.scoped(text, scope)
        assert marker not in scoped and scoped != text, query.name
        assert (scope.as_of or scope.said_by).isoformat() in scoped, query.name


@pytest.mark.parametrize(("dialect", "line", "message"), [
    (SPARQL, "  #scope: holds", "line 2: cannot read scope clause 'holds'"),
    (SPARQL, "  #scope: sometime ?x", "line 2: cannot read scope clause 'sometime ?x'"),
    (SPARQL, "  #scope: holds ?a knows ?b", "unknown relation kind 'knows' in a scope clause"),
    (CYPHER, "//scope where: chain m", "line 2: cannot read scope clause 'chain m'"),
])
def test_a_scope_line_that_cannot_be_read_is_refused(dialect, line, message):
    with pytest.raises(UsageError) as info:
        dialect.scoped(f"SELECT * WHERE {{\n{line}\n}}", Scope(as_of=date(2015, 1, 1)))
    assert str(info.value) == message


def test_the_store_answers_as_the_dated_copy_of_the_graph_does(graph, bundled_dataset):
    """Every canned question, with its example and with entities picked at random (seeded), in three
    scopes: the store's own answer (date filters) equals the answer of the dated copy (cjgraph.asof)."""
    pick = random.Random(14)
    compared = refused = 0
    for scope in [*SCOPES, Scope(as_of=date(2013, 6, 30)), Scope(said_by=date(2021, 12, 31))]:
        scoped = graph.as_of(scope.as_of) if scope.as_of else graph
        scoped = scoped.said_by(scope.said_by) if scope.said_by else scoped
        on_record = scoped.on_record()
        for name, query in catalogue().items():
            entities = [p for p in query.params if p.type == "entity"]
            trials = [dict(query.example)]
            for _ in range(3 if entities else 0):
                trial = dict(query.example)
                for param in entities:
                    trial[param.name] = pick.choice(sorted(k for k, e in bundled_dataset.entities.items()
                                                           if not param.kinds or e.kind in param.kinds))
                trials.append(trial)
            for params in trials:
                named = [params[p.name] for p in entities if params.get(p.name)]
                if not all(ident in on_record for ident in named):
                    with pytest.raises(UsageError, match="not on record"):
                        scoped.query(name, params)
                    refused += 1
                    continue
                expected = run_query(scoped._reader(), name, params)  # the dated copy, in memory
                assert sorted(map(repr, scoped.query(name, params).rows)) == sorted(map(repr, expected.rows)), \
                    (scope.describe(), name, params)
                compared += 1
    assert compared > 200 and refused > 20, (compared, refused)


def test_every_backend_holds_the_dates_it_derives(loaded, bundled_dataset):  # noqa: F811 - fixture
    dates = stored_dates(bundled_dataset)
    assert dates.entities[NOMS] == (date(2004, 6, 1), date(2017, 3, 31))
    if loaded.dialect is SPARQL:
        text = (f"SELECT ?id ?from ?until ?mentioned WHERE {{ VALUES ?id {{ \"{NOMS}\" \"{HMPPS}\" }} "
                f"?e <http://purl.org/dc/terms/identifier> ?id . OPTIONAL {{ ?e <{ON_RECORD[0].rdf}> ?from }} "
                f"OPTIONAL {{ ?e <{ON_RECORD[1].rdf}> ?until }} "
                f"OPTIONAL {{ ?e <{FIRST_MENTIONED.rdf}> ?mentioned }} }}")
    else:
        text = (f"MATCH (e:Entity) WHERE e.id IN ['{NOMS}', '{HMPPS}'] RETURN e.id AS id, "
                f"e.{ON_RECORD[0].neo4j} AS from, e.{ON_RECORD[1].neo4j} AS until, "
                f"e.{FIRST_MENTIONED.neo4j} AS mentioned")
    rows = {row["id"]: row for row in loaded.run(text, {}).rows}
    for ident in (NOMS, HMPPS):
        first, last = dates.entities[ident]
        assert rows[ident]["from"] == (first.isoformat() if first else None)
        assert rows[ident]["until"] == (last.isoformat() if last else None)
        assert rows[ident]["mentioned"] == dates.first_mentioned[ident].isoformat()
    assert rows[HMPPS]["from"] == "2017-04-01" and rows[NOMS]["until"] == "2017-03-31"


def test_servers_answer_a_dated_question_without_reading_the_graph(loaded, monkeypatch):  # noqa: F811
    def refuse():
        raise AssertionError("the scoped question read the whole graph")

    monkeypatch.setattr(loaded, "dataset", refuse)
    graph = Graph(loaded)
    answer = graph.as_of("2015").query("recommendations-to", to="MoJ")
    assert answer.rows and answer.scope == "as of 2015-12-31"
    assert graph.said_by("2013").query("recommendations-to", to="ministry-of-justice").rows
    holders = [r["holder_id"] for r in graph.as_of("2019").query("lineage", body="HMPPS").rows]
    assert list(dict.fromkeys(holders)) == [NOMS, HMPPS]
    found = {row["id"] for row in graph.as_of("2015").search("service")}  # search asks the store too
    assert NOMS in found and HMPPS not in found
    for scoped, message in ((graph.as_of("2015"), "'HMPPS' is not on record on 2015-12-31 (on record from 2017-04)"),
                            (graph.said_by("2016"), "'HMPPS' is not on record by 2016-12-31 (first said in "
                                                    "clinks-briefings-index, dated 2018-06)")):
        with pytest.raises(UsageError) as info:  # and so does the reason an entity is not on record
            scoped.query("lineage", body="HMPPS")
        assert str(info.value) == message
    card = graph.as_of("2019").show("HMPPS")  # the store's neighbourhood of HMPPS, dated
    assert any(r["other_id"] == NOMS and r["relation"] == "succeeds" for r in card.data["relations"])


def test_exports_write_the_data_not_what_the_store_derives(graph):
    triples = graph.export("nt").decode()
    assert "onRecordFrom" not in triples and "firstSaid" not in triples
    assert "existsUntil" in triples


def test_show_in_a_scope_is_the_card_of_the_dated_copy(graph):
    """``show`` in a scope dates the store's neighbourhood of the entity with the spans the store derived:
    the same card as the dated copy of the whole graph gives, for a sample of entities in each scope."""
    from cjgraph.explore import entity_card

    pick, compared = random.Random(3), 0
    for scope in SCOPES:
        scoped = graph.as_of(scope.as_of) if scope.as_of else graph
        scoped = scoped.said_by(scope.said_by) if scope.said_by else scoped
        on_record = sorted(scoped.on_record())
        for ident in {*pick.sample(on_record, 40), *({NOMS, HMPPS} & set(on_record))}:
            card = {k: v for k, v in scoped.show(ident).data.items() if k not in ("scope", "stamp")}
            assert card == entity_card(scoped._reader(), ident).data, (scope.describe(), ident)
            compared += 1
    assert compared >= 120
