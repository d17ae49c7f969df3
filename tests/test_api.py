"""The Python API: cjgraph.open() and the Graph it returns, the one path the CLI also takes."""

from __future__ import annotations

import json
import re

import pytest

import cjgraph
from cjgraph.answers import Answer
from cjgraph.cli import main
from cjgraph.errors import NotFoundError, UsageError
from cjgraph.queries import catalogue, run_query
from tests.conftest import MINI_YAML


@pytest.fixture()
def graph(loaded_store):
    with cjgraph.open(loaded_store) as opened:
        yield opened


def test_open_reads_the_store_the_environment_names(loaded_store, monkeypatch):
    monkeypatch.setenv("CJGRAPH_STORE", str(loaded_store))
    with cjgraph.open() as g:
        assert g.backend.name == "embedded" and g.backend.location == str(loaded_store)
        assert len(g.query("reviews-citing-acts")) > 0


@pytest.mark.parametrize(("target", "chosen", "option", "value"), [
    ("bolt://127.0.0.1:1", "Neo4jBackend", "uri", "bolt://127.0.0.1:1"),
    ("neo4j+s://example.invalid", "Neo4jBackend", "uri", "neo4j+s://example.invalid"),
    ("http://127.0.0.1:1/ds/", "SparqlServerBackend", "endpoint", "http://127.0.0.1:1/ds/query"),  # Fuseki dataset
    ("some/folder", "EmbeddedBackend", "location", "some/folder"),
])
def test_a_url_chooses_the_backend(target, chosen, option, value):
    g = cjgraph.open(target)  # opening connects to nothing yet
    try:
        assert type(g.backend).__name__ == chosen
        assert getattr(g.backend, option) == value
    finally:
        g.close()


@pytest.mark.parametrize(("call", "message"), [
    (lambda: cjgraph.open("ftp://x/y"),
     "cannot open 'ftp://x/y': use a bolt://, neo4j://, http(s):// URL or a store folder"),
    (lambda: cjgraph.open("bolt://x", backend="sparql"),
     "target 'bolt://x' is a neo4j location, but backend='sparql' was given"),
    (lambda: cjgraph.open(backend="embedded", uri="bolt://x"),
     "the embedded backend has no option 'uri' (its options: store)"),
    (lambda: cjgraph.open(backend="nosuch"), "unknown backend 'nosuch'; choose from: embedded, neo4j, sparql"),
    (lambda: cjgraph.open("http://h/q", endpoint="http://h/q"), "give the location once: as target or as endpoint="),
])
def test_open_errors_speak_of_parameters(call, message):
    with pytest.raises(UsageError) as info:
        call()
    assert str(info.value) == message


def test_every_canned_query_answers_what_run_query_answers(graph, embedded):
    for name, canned in catalogue().items():
        answer = graph.query(name, canned.example)
        direct = run_query(embedded, name, canned.example)
        assert (answer.columns, answer.rows, answer.title) == (direct.columns, direct.rows, canned.title)


def test_parameters_by_keyword_by_mapping_and_as_dates(graph):
    by_keyword = graph.query("recommendations-to", to="Ministry of Justice")
    by_mapping = graph.query("recommendations-to", {"to": "ministry-of-justice"})
    assert by_keyword.rows == by_mapping.rows and len(by_keyword) > 0
    from datetime import date

    assert graph.query("briefings-between", {"from": date(2010, 1, 1)}).rows == \
        graph.query("briefings-between", {"from": "2010-01-01"}).rows


def test_an_answer_renders_for_notebooks_and_pandas(graph):
    answer = graph.query("reviews-citing-acts")
    frame = answer.to_pandas()
    assert list(frame.columns) == answer.columns and len(frame) == len(answer)
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == answer.rows  # missing: NaN
    from cjgraph.passages import fold

    statements = len(fold(answer.columns, answer.rows)[1])
    html = answer._repr_html_()
    assert html.startswith('<table class="cjgraph"><caption>') and "<script" not in html
    count = f"{statements} rows" + (f" ({len(answer)} passages)" if statements != len(answer) else "")
    assert f'<p class="cjgraph-about">{count} · question reviews-citing-acts' in html
    assert html.count("<tr>") == statements + 1 and f"dataset {graph.stamp}" in html
    assert answer._repr_markdown_().startswith(f"**{answer.title}**")
    assert repr(answer).startswith(f"<Answer {answer.title!r}, {len(answer)} rows")


def test_html_and_markdown_reprs_escape_seed_text():
    answer = Answer(["name"], [{"name": "<img src=x onerror=alert(1)>"}], "<b>t</b>")
    assert "<img" not in answer._repr_html_() and "&lt;img src=x onerror=alert(1)&gt;" in answer._repr_html_()
    assert not re.search(r"(?<!\\)<[a-z/]", answer._repr_markdown_())  # tags escaped: shown as text


def test_show_and_stats_are_reports_the_cli_prints(graph, runner):
    card = graph.show("clinks")
    assert card.data["entity"]["id"] == "clinks"
    assert [p.title for p in card.parts] == [card.title, "Evidence", "Relationships"]
    cli = runner.invoke(main, ["show", "clinks", "-f", "json"])
    assert json.loads(cli.stdout) == json.loads(card.render("json"))
    stats = graph.stats()
    assert runner.invoke(main, ["stats", "-f", "markdown"]).stdout == stats.render("markdown")
    assert stats["Entities"].rows == stats.data["entities"]


def test_search_path_and_analyse(graph, runner):
    found = graph.search("probation")
    assert found.rows and all("probation" in (r["name"] + r["aliases"] + r["id"]).lower() for r in found)
    chains = graph.path("clinks", "ministry-of-justice", max_hops=3)
    assert chains.rows and chains.title == "Shortest chains from Clinks to Ministry of Justice"
    assert chains.question == "path" and chains.params["a"] == "clinks" and chains.params["limit"] == "3"
    cli = runner.invoke(main, ["path", "clinks", "ministry-of-justice", "--max-hops", "3", "-f", "json"])
    assert json.loads(cli.stdout) == chains.rows
    top = graph.analyse("centrality", kinds=["Organisation"], top=3)
    assert {r["kind"] for r in top} == {"Organisation"} and len(top) == 3
    with pytest.raises(UsageError) as info:
        graph.analyse("popularity")
    assert str(info.value) == "unknown analysis 'popularity' (choose from centrality, communities, components)"


def test_a_name_nobody_has_suggests_close_ones(graph):
    with pytest.raises(NotFoundError) as info:
        graph.show("Clinkz")
    assert "clinks" in info.value.suggestions


def test_as_of_scopes_every_answer_once(tmp_path, mini_seeds):
    store = tmp_path / "store"
    (mini_seeds / "data.yaml").write_text(MINI_YAML.replace("    name: Example Review\n",
                                                            "    name: Example Review\n    date: 2005\n"))
    cjgraph.load(str(mini_seeds), store)
    g = cjgraph.open(store)
    then = g.as_of("2003")
    assert [r["id"] for r in then.search("example")] == ["example-act-2001"]
    assert [r["id"] for r in g.search("example")] == ["example-act-2001", "example-review"]
    with pytest.raises(UsageError) as info:
        then.show("example-review")
    assert str(info.value) == "'example-review' is not on record on 2003-12-31 (on record from 2005)"
    with pytest.raises(UsageError) as info:
        then.path("example-act-2001", "Example Review")
    assert str(info.value) == "'Example Review' is not on record on 2003-12-31 (on record from 2005)"
    assert [e["id"] for e in json.loads(then.export("json"))["entities"]] == ["example-act-2001"]
    with pytest.raises(UsageError) as info:
        g.as_of("2003-02-30")
    assert str(info.value) == "as_of: impossible date '2003-02-30': February 2003 has no day 30"
    with pytest.raises(UsageError) as info:
        then.load(str(mini_seeds))
    assert "read-only" in str(info.value)
    assert then.view(focus="example-act-2001").title.endswith("(as of 2003-12-31)")


def test_cli_shows_an_api_parameter_as_its_option(runner):
    result = runner.invoke(main, ["query", "reviews-citing-acts", "--as-of", "2017-02-30"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --as-of: impossible date '2017-02-30': February 2017 has no day 30\n"


def test_validate_and_load_from_python(tmp_path, mini_seeds):
    report = cjgraph.validate(mini_seeds)
    assert not report.problems and report.summary().startswith("ok: 2 entities, 1 relations")
    (mini_seeds / "data.yaml").write_text(MINI_YAML.replace("date: 2001", "date: 2001-02-30"), encoding="utf-8")
    assert [p.message for p in cjgraph.validate(mini_seeds).problems] == [
        "entity 'example-act-2001': date: impossible date '2001-02-30': February 2001 has no day 30"]
    with pytest.raises(cjgraph.SeedError):
        cjgraph.load(mini_seeds, tmp_path / "store")
    assert not (tmp_path / "store" / "CURRENT").exists()


def test_view_from_python_is_the_cli_view(graph, runner, tmp_path):
    view = graph.view("reviews-citing-acts")
    out = tmp_path / "v.html"
    assert runner.invoke(main, ["viz", "--query", "reviews-citing-acts", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == view.html()
    assert view._repr_html_().startswith("<iframe srcdoc=")
    with pytest.raises(UsageError) as info:
        graph.view("reviews-citing-acts", focus="clinks")
    assert str(info.value) == "a view shows a query's entities or a focus's neighbourhood, not both"


def test_ad_hoc_queries_need_the_backends_language(graph):
    assert graph.sparql("SELECT ?n WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?n } LIMIT 2").columns \
        == ["n"]
    with pytest.raises(UsageError) as info:
        graph.cypher("MATCH (n) RETURN n")
    assert str(info.value) == "the embedded backend answers SPARQL, not Cypher; use sparql() instead"


def test_import_cjgraph_is_light():
    import subprocess
    import sys

    code = "import sys, cjgraph; print(sorted(m for m in ('pydantic', 'pyoxigraph', 'click') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_short_reprs_and_clear_refusals(graph, tmp_path, mini_seeds):
    one = Answer(["a"], [{"a": 1}], "t")
    assert repr(one) == "<Answer 't', 1 row × 1 columns: a>"
    view = graph.view(focus="clinks")
    assert repr(view) == f"<View {view.title!r}: {view.node_count} entities, {view.edge_count} relationships>"
    with pytest.raises(UsageError) as info:
        graph.query("partners-of", {"org": "clinks"}, org="nacro")
    assert str(info.value) == "parameter 'org' is given twice (in params and as a keyword)"
    store = tmp_path / "store"
    (mini_seeds / "data.yaml").write_text(MINI_YAML.replace("    name: Example Review\n",
                                                            "    name: Example Review\n    date: 2005\n"))
    cjgraph.load(mini_seeds, store)
    with pytest.raises(UsageError) as info:
        cjgraph.open(store).as_of("2003").query("documents-about", subject="Example Review")
    assert str(info.value) == "'Example Review' is not on record on 2003-12-31 (on record from 2005)"


def test_a_missing_parameter_names_the_parameter_in_python(graph):
    with pytest.raises(cjgraph.UsageError) as info:
        graph.query("partners-of")
    assert str(info.value).startswith("query 'partners-of' needs parameter 'org' (")
    assert "-p" not in str(info.value) and info.value.name == "org"


def test_a_query_view_shows_the_entity_the_question_is_about(graph):
    answer = graph.query("recommendations-to", to="NOMS")
    view = graph.view("recommendations-to", {"to": "NOMS"})
    shown = {node["id"] for node in view.payload["nodes"]}
    addressee = graph.resolve("NOMS")
    assert addressee in shown and addressee not in {v for row in answer for v in row.values()}
    assert {row["recommendation_id"] for row in answer} <= shown


def test_review_findings_answer_plainly(graph, runner, tmp_path):
    ask = runner.invoke(main, ["sparql", "ASK { ?s ?p ?o }"])
    assert ask.exit_code == 2
    assert ask.stderr == "Error: only SELECT queries are supported (not ASK, CONSTRUCT or DESCRIBE)\n"
    missing = runner.invoke(main, ["sparql", str(tmp_path / "nope.rq")])
    assert missing.exit_code == 2 and missing.stderr == (
        f"Error: no query file {str(tmp_path / 'nope.rq')!r} (give the query text, or the path of an existing file)\n")
    with pytest.raises(UsageError) as info:
        graph.search("clinks", kinds=["Org"])
    assert str(info.value) == ("kinds: unknown kind 'Org' (choose from Review, Act, Strategy, Organisation, Person, "
                               "Partnership, Recommendation, Publication)")
    assert graph.search("clinks", kinds="Organisation").rows == graph.search("clinks", kinds=["Organisation"]).rows
    assert repr(graph.as_of("2019").show("HMPPS")).startswith("<Report 'HM Prison and Probation Service "
                                                              "(Organisation)' (as of 2019-12-31): ")
    assert graph.view("lineage", body="NOMS").node_count == graph.view("lineage", {"body": "NOMS"}).node_count


def test_stats_count_recommendations_apart_from_summaries_and_acts_apart_from_instruments(graph, bundled_dataset):
    types = graph.stats()["Acts and recommendations by type"].rows
    summaries = sum(e.kind == "Recommendation" and e.type == "summary" for e in bundled_dataset.entities.values())
    made = sum(e.kind == "Recommendation" and not e.type for e in bundled_dataset.entities.values())
    assert {"kind": "Recommendation", "type": "summary", "count": summaries} in types and summaries > 0
    assert {"kind": "Recommendation", "type": "(none)", "count": made} in types and made > summaries
    assert {"kind": "Act", "type": "Statutory instrument", "count": 1} in types  # the TUPE Regulations
