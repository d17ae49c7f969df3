"""Answers about the past (#14): the world on a date (as_of) and the record by a date (said_by)."""

from __future__ import annotations

import contextlib
import json

import pytest

import cjgraph
from cjgraph.api import Graph
from cjgraph.asof import Scope, lifespans, record_by, within, world_on
from cjgraph.cli import main
from cjgraph.dates import earliest_day, parse_as_of
from cjgraph.errors import UsageError
from cjgraph.queries import catalogue
from tests.test_dialects import loaded  # noqa: F401 - the bundled seeds loaded into each backend

DATES = ["2006", "2012-12-31", "2015", "2019", "2022-06"]


@pytest.fixture(scope="module")
def graph(tmp_path_factory, bundled_dataset):
    store = tmp_path_factory.mktemp("dates") / "store"
    cjgraph.open(store).load()
    with cjgraph.open(store) as opened:
        yield opened


def _ids(answer) -> set[str]:
    return {ident for row in answer for c, v in row.items() if c.endswith("_id") and isinstance(v, str)
            for ident in v.split("; ")}  # gathered makers or addressees: "a; b"


def test_recommendations_to_the_ministry_in_2015_are_the_2013_ones(graph, bundled_dataset):
    rows = graph.as_of("2015").query("recommendations-to", to="MoJ").rows
    made_2013 = {r.target for r in bundled_dataset.relations
                 if r.kind == "recommends" and r.source == "clinks-2013-tr-response"}
    expected = {r.source for r in bundled_dataset.relations
                if r.kind == "addressed_to" and r.target == "ministry-of-justice" and r.source in made_2013}
    assert len(expected) >= 10 and {row["recommendation_id"] for row in rows} == expected
    assert {row["source"] for row in rows} == {"clinks-2013-tr-response"}


def test_clinks_publications_before_2013(graph, bundled_dataset):
    rows = graph.as_of("2012-12-31").query("publications-by", by="clinks").rows
    dates = [row["date"] for row in rows if row["date"]]
    assert dates and all(earliest_day(d).year <= 2012 for d in dates)
    briefings = {k for k, e in bundled_dataset.entities.items() if e.date and earliest_day(e.date).year <= 2012
                 and any(r.kind == "published_by" and r.source == k and r.target == "clinks"
                         for r in bundled_dataset.relations)}
    assert briefings <= _ids(graph.as_of("2012-12-31").query("publications-by", by="clinks"))


def test_said_by_drops_every_later_passage(graph, bundled_dataset):
    later = {sid for sid, s in bundled_dataset.sources.items() if not s.date or earliest_day(s.date).year >= 2014}
    said = graph.said_by("2013-12-31")
    for name, query in catalogue().items():
        try:
            answer = said.query(name, query.example)
        except UsageError as error:
            assert " is not on record by 2013-12-31 (" in str(error), (name, error)
            continue
        for row in answer:
            assert row.get("source") not in later, (name, row)
    assert all(e.document not in later for ent in said.dataset().entities.values() for e in ent.evidence)


def test_noms_then_hmpps(graph):
    assert graph.as_of("2015").resolve("NOMS") == "national-offender-management-service"
    with pytest.raises(UsageError) as info:
        graph.as_of("2015").resolve("HMPPS")
    assert str(info.value) == "'HMPPS' is not on record on 2015-12-31 (on record from 2017-04)"
    assert graph.as_of("2019").resolve("HMPPS") == "hm-prison-and-probation-service"
    with pytest.raises(UsageError) as info:
        graph.as_of("2019").show("NOMS")
    assert str(info.value) == "'NOMS' is not on record on 2019-12-31 (on record from 2004-06 until 2017-03-31)"
    links = graph.as_of("2019").show("HMPPS").data["relations"]
    assert {"direction": "out", "relation": "succeeds", "other_id": "national-offender-management-service"} in [
        {k: r[k] for k in ("direction", "relation", "other_id")} for r in links]
    assert "hm-prison-and-probation-service" not in {r["id"] for r in graph.as_of("2015").search("prison")}


def test_the_cli_states_the_day_and_refuses_plainly(runner):
    result = runner.invoke(main, ["query", "recommendations-to", "-p", "to=HMPPS", "--as-of", "2015"])
    assert result.exit_code == 2
    assert result.stderr == "Error: 'HMPPS' is not on record on 2015-12-31 (on record from 2017-04)\n"
    table = runner.invoke(main, ["search", "probation", "--as-of", "2019", "--said-by", "2018"])
    assert table.exit_code == 0 and table.stdout.splitlines()[0].strip() == "As of 2019-12-31, said by 2018-12-31"
    markdown = runner.invoke(main, ["query", "partners-of", "-p", "org=clinks", "--as-of", "2016", "-f", "markdown"])
    assert markdown.stdout.startswith("**Partners of an organisation (as of 2016-12-31)**")
    rows = json.loads(runner.invoke(main, ["query", "partners-of", "-p", "org=clinks", "--as-of", "2016",
                                           "-f", "json"]).stdout)
    assert isinstance(rows, list), "the documented JSON row format is unchanged"


@pytest.mark.parametrize("day", DATES)
def test_no_row_shows_a_passage_without_its_source_nor_an_entity_out_of_its_time(graph, bundled_dataset, day):
    spans = lifespans(bundled_dataset)
    when = parse_as_of(day)
    for scoped in (graph.as_of(day), graph.said_by(day), graph.as_of(day).said_by(day)):
        try:
            data = scoped.dataset()
        except UsageError:
            continue  # nothing on record yet
        historical = {r.target for r in data.relations if r.kind == "succeeds"}
        for name, query in catalogue().items():
            try:
                answer = scoped.query(name, query.example)
            except UsageError as error:
                assert "not on record" in str(error), (name, day, error)
                continue
            has_document = any(p.name == "document" for p in query.params)  # the parameter is the source
            for row in answer:
                if row.get("quote") and not has_document:
                    assert row.get("source"), (name, day, row)
            if scoped.scope.as_of is not None:
                for ident in _ids(answer):
                    assert within(spans[ident], when) or ident in historical, (name, day, ident)


def test_world_and_record_are_different_questions(bundled_dataset):
    day = parse_as_of("2012")
    world, record = world_on(bundled_dataset, day), record_by(bundled_dataset, day)
    assert "ministry-of-justice" in world.entities and "ministry-of-justice" not in record.entities
    assert set(world.sources) == set(bundled_dataset.sources)
    assert all(s.date and earliest_day(s.date) <= day for s in record.sources.values())
    assert Scope(as_of=day).describe() == "as of 2012-12-31"


def test_every_question_at_several_dates_is_the_same_on_every_backend(loaded, graph):  # noqa: F811 - fixture
    other = Graph(loaded)
    for day in ("2012-12-31", "2019"):
        for name, query in catalogue().items():
            for left, right in ((graph.as_of(day), other.as_of(day)), (graph.said_by(day), other.said_by(day))):
                try:
                    expected = left.query(name, query.example)
                except UsageError as error:
                    with pytest.raises(UsageError) as info:
                        right.query(name, query.example)
                    assert str(info.value) == str(error)
                    continue
                assert right.query(name, query.example).rows == expected.rows, (name, day)


def test_json_objects_say_their_scope(runner):
    shown = json.loads(runner.invoke(main, ["show", "NOMS", "--as-of", "2015", "-f", "json"]).stdout)
    assert shown["scope"] == {"as_of": "2015-12-31", "said_by": None}
    stats = json.loads(runner.invoke(main, ["stats", "--said-by", "2014", "-f", "json"]).stdout)
    assert stats["scope"] == {"as_of": None, "said_by": "2014-12-31"}
    exported = json.loads(runner.invoke(main, ["export", "--as-of", "2019", "--said-by", "2019"]).stdout)
    assert exported["scope"] == {"as_of": "2019-12-31", "said_by": "2019-12-31"}
    assert exported["format"] == "cjgraph/1" and "scope" not in json.loads(runner.invoke(main, ["export"]).stdout)
    assert "scope" not in json.loads(runner.invoke(main, ["show", "NOMS", "-f", "json"]).stdout)


def test_said_by_counts_passages_that_speak_of_an_entity(graph, bundled_dataset):
    rows = graph.said_by("2014").query("recommendations-to", to="MoJ").rows
    made_2013 = {r.target for r in bundled_dataset.relations
                 if r.kind == "recommends" and r.source == "clinks-2013-tr-response"}
    assert rows and {row["recommendation_id"] for row in rows} <= made_2013
    assert {row["source"] for row in rows} == {"clinks-2013-tr-response"}
    with pytest.raises(UsageError) as info:
        graph.said_by("2016").show("HMPPS")  # official pages (its 2017 creation) are not documents of the time
    assert str(info.value) == ("'HMPPS' is not on record by 2016-12-31 (first said in clinks-briefings-index, "
                               "dated 2018-06)")


@pytest.mark.parametrize(("day", "message"), [
    ("1800", "nothing had been said by 1800-12-31 (try a later date)"),
    ("2013-01-01", "nothing had been said by 2013-01-01 (try a later date)"),  # a 2013 document: by 2013-12-31
])
def test_nothing_said_before_the_first_document(graph, day, message):
    with pytest.raises(UsageError) as info:
        graph.said_by(day).stats()
    assert str(info.value) == message


def test_two_holders_of_a_function_never_coexist(graph):
    from datetime import date, timedelta

    day = date(2017, 3, 25)
    while day <= date(2017, 4, 5):
        holders = []
        for name in ("NOMS", "HMPPS"):
            with contextlib.suppress(UsageError):
                holders.append(graph.as_of(day).resolve(name))
        assert len(holders) == 1, (day, holders)
        day += timedelta(days=1)
    rows = graph.query("lineage", body="NOMS", on="2017-04-15")
    assert {row["holder_id"] for row in rows} == {"hm-prison-and-probation-service"}


def test_a_datetime_is_a_day(graph):
    from datetime import datetime

    assert graph.as_of(datetime(2015, 1, 1, 12)).scope.as_of.isoformat() == "2015-01-01"
    assert len(graph.said_by(datetime(2015, 6, 1, 9)).query("reviews-citing-acts")) == \
        len(graph.said_by("2015-06-01").query("reviews-citing-acts"))


def test_rankings_cover_what_is_on_record(graph):
    ranked = {row["id"] for row in graph.as_of("2019").analyse("centrality", kinds=["Organisation"])}
    assert "hm-prison-and-probation-service" in ranked
    assert "national-offender-management-service" not in ranked
    view = graph.as_of("2019").view(focus="HMPPS")
    assert "national-offender-management-service" in {n["id"] for n in view.payload["nodes"]}
