"""Shortest chains between two entities: hand-built graphs, the bundled dataset, the CLI and --as-of."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

import cjgraph
from cjgraph.analytics import PATH_COLUMNS, path_rows, shortest_paths
from cjgraph.answers import Answer
from cjgraph.cli import main
from cjgraph.errors import NotFoundError, UsageError
from cjgraph.graph import to_networkx

from .test_analytics import _graph

# report -cites-> act <-about- briefing -published_by-> org ; report -published_by-> org ; org -partner_in-> group
#                                                       person -member_of-> org ; group <-partner_in- other
GRAPH = _graph(
    {"report": "Review", "act": "Act", "briefing": "Publication", "org": "Organisation", "group": "Partnership",
     "person": "Person", "other": "Organisation"},
    [("report", "cites", "act"), ("briefing", "about", "act"), ("briefing", "published_by", "org"),
     ("report", "published_by", "org"), ("org", "partner_in", "group"), ("person", "member_of", "org"),
     ("other", "partner_in", "group"), ("org", "led_by", "person")],
)


def _ids(paths):
    return [[hop["from"] for hop in p] + [p[-1]["to"]] for p in paths]


def test_single_hop_reports_true_direction_and_evidence():
    (path,) = shortest_paths(GRAPH, "act", "report")
    (hop,) = path
    assert (hop["from"], hop["to"], hop["from_kind"], hop["to_kind"]) == ("act", "report", "Act", "Review")
    assert hop["relations"] == [{"relation": "cites", "direction": "backward", "subject": "report", "object": "act",
                                 "evidence": [{"document": "doc", "quote": "report act"}]}]


def test_all_shortest_chains_in_id_order():
    assert _ids(shortest_paths(GRAPH, "act", "org")) == [["act", "briefing", "org"], ["act", "report", "org"]]
    assert _ids(shortest_paths(GRAPH, "act", "org", limit=1)) == [["act", "briefing", "org"]]


def test_a_hop_lists_every_relation_between_the_pair():
    (path,) = shortest_paths(GRAPH, "person", "org")
    assert [(r["relation"], r["direction"]) for r in path[0]["relations"]] == [
        ("member_of", "forward"), ("led_by", "backward")]


def test_via_restricts_intermediate_entities():
    assert _ids(shortest_paths(GRAPH, "act", "org", via="Review")) == [["act", "report", "org"]]
    assert _ids(shortest_paths(GRAPH, "act", "other", via=["Organisation", "Partnership", "Review"])) == [
        ["act", "report", "org", "group", "other"]]
    assert shortest_paths(GRAPH, "act", "other", via=["Person"]) == []


def test_max_hops():
    assert shortest_paths(GRAPH, "act", "other", max_hops=3) == []
    assert len(shortest_paths(GRAPH, "act", "other", max_hops=4)) == 2


def test_path_rows():
    rows = path_rows(shortest_paths(GRAPH, "act", "org"))
    assert [(r["path"], r["hop"], r["from_id"], r["relation"], r["direction"], r["to_id"]) for r in rows] == [
        (1, 1, "act", "about", "backward", "briefing"), (1, 2, "briefing", "published_by", "forward", "org"),
        (2, 1, "act", "cites", "backward", "report"), (2, 2, "report", "published_by", "forward", "org")]
    assert list(rows[0]) == PATH_COLUMNS
    assert rows[0]["evidence"] == [{"quote": "briefing act", "document": "doc", "url": None}]
    assert str(rows[0]["evidence"][0]) == "\u201cbriefing act\u201d [doc]"


def test_a_hop_with_several_passages_is_structured_in_json_and_one_a_line_in_text():
    graph = GRAPH.copy()
    graph.edges["report", "act", "cites"]["evidence"] = [{"document": "doc", "quote": "first, \"quoted\""},
                                                        {"url": "https://example.org/act"}]
    answer = Answer(list(PATH_COLUMNS), path_rows(shortest_paths(graph, "report", "act")))
    (row,) = json.loads(answer.render("json"))
    assert row["relation"] == "cites" and row["direction"] == "forward"
    assert row["evidence"] == [{"quote": 'first, "quoted"', "document": "doc", "url": None},
                               {"quote": None, "document": None, "url": "https://example.org/act"}]
    (cells,) = list(csv.DictReader(io.StringIO(answer.render("csv"))))
    assert cells["evidence"] == '\u201cfirst, "quoted"\u201d [doc]\n<https://example.org/act>'
    line = answer.render("markdown").splitlines()[2]  # one line; the passages <br> apart in its cell
    cell = line.split(" | ")[PATH_COLUMNS.index("evidence")]
    first, second = cell.split("<br>")
    assert first.startswith("\u201cfirst, \"quoted\"\u201d ") and "https://example.org/act" in second
    table = answer.render("table", width=200)
    assert "\u201cfirst, \"quoted\"\u201d [doc]" in table and "<https://example.org/act>" in table
    assert "{" not in table and "'quote'" not in table
    assert "\u201cfirst, &quot;quoted&quot;\u201d [doc]<br>&lt;https://example.org/act&gt;" in answer._repr_html_()


def test_avoid_keeps_entities_out_of_every_chain():
    assert _ids(shortest_paths(GRAPH, "act", "org", avoid=["briefing"])) == [["act", "report", "org"]]
    assert _ids(shortest_paths(GRAPH, "act", "other", avoid={"org"})) == []
    assert _ids(shortest_paths(GRAPH, "person", "group", avoid=["nowhere"])) == [["person", "org", "group"]]
    assert shortest_paths(GRAPH, "act", "org", avoid=["briefing", "report"]) == []
    with pytest.raises(UsageError) as info:
        shortest_paths(GRAPH, "act", "org", avoid=["report", "org"])
    assert str(info.value) == "avoid: 'org' is an end of the path, so no chain can avoid it"
    assert info.value.parameter == "avoid"


def test_errors():
    with pytest.raises(UsageError, match="both ends"):
        shortest_paths(GRAPH, "act", "act")
    with pytest.raises(NotFoundError):
        shortest_paths(GRAPH, "act", "nowhere")
    with pytest.raises(UsageError, match="unknown kind"):
        shortest_paths(GRAPH, "act", "org", via="Bill")
    lonely = GRAPH.copy()
    lonely.add_node("island", kind="Act", name="Island")
    assert shortest_paths(lonely, "act", "island") == []


# -- the bundled dataset and the CLI -----------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_graph(bundled_dataset):
    return to_networkx(bundled_dataset)


@pytest.fixture()
def graph_api(loaded_store):
    with cjgraph.open(loaded_store) as opened:
        yield opened


def _json(runner, args):
    result = runner.invoke(main, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_path_on_the_bundled_dataset(runner, bundled_graph):
    rows = _json(runner, ["path", "clinks", "ministry-of-justice", "--limit", "3"])
    length = nx.shortest_path_length(bundled_graph.to_undirected(), "clinks", "ministry-of-justice")
    assert {r["path"] for r in rows} <= {1, 2, 3}
    for number in {r["path"] for r in rows}:
        hops = [r for r in rows if r["path"] == number]
        assert max(r["hop"] for r in hops) == length
        assert hops[0]["from_id"] == "clinks" and hops[-1]["to_id"] == "ministry-of-justice"
        for row in hops:
            u, v = (row["from_id"], row["to_id"]) if row["direction"] == "forward" else (row["to_id"], row["from_id"])
            assert bundled_graph.has_edge(u, v, key=row["relation"])
            assert row["evidence"] == [{"quote": e.get("quote"), "document": e.get("document"), "url": e.get("url")}
                                       for e in bundled_graph.edges[u, v, row["relation"]]["evidence"]]
            assert row["evidence"]


def test_cli_path_accepts_names_and_aliases(runner, bundled_dataset):
    moj = bundled_dataset.entities["ministry-of-justice"]
    by_id = _json(runner, ["path", "ministry-of-justice", "clinks"])
    assert _json(runner, ["path", moj.name, "Clinks"]) == by_id
    if moj.aliases:
        assert _json(runner, ["path", moj.aliases[0], "clinks"]) == by_id


def test_cli_path_via_and_max_hops(runner, bundled_graph):
    ends = {"clinks", "ministry-of-justice"}
    allowed = [n for n, d in bundled_graph.nodes(data=True) if n in ends or d["kind"] == "Organisation"]
    restricted = bundled_graph.subgraph(allowed).to_undirected()
    result = runner.invoke(main, ["path", "clinks", "ministry-of-justice", "--via", "Organisation", "-f", "json"])
    if nx.has_path(restricted, "clinks", "ministry-of-justice"):
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert max(r["hop"] for r in rows) == nx.shortest_path_length(restricted, "clinks", "ministry-of-justice")
        assert all(bundled_graph.nodes[r["to_id"]]["kind"] == "Organisation" for r in rows)
    else:
        assert result.exit_code == 1
        assert result.stderr.endswith("via Organisation\n")
    length = nx.shortest_path_length(bundled_graph.to_undirected(), "clinks", "ministry-of-justice")
    short = runner.invoke(main, ["path", "clinks", "ministry-of-justice", "--max-hops", str(length)])
    assert short.exit_code == 0
    if length > 1:
        none = runner.invoke(main, ["path", "clinks", "ministry-of-justice", "--max-hops", str(length - 1)])
        assert none.exit_code == 1
        assert none.stderr == ("Error: no chain of relationships joins 'clinks' and 'ministry-of-justice' "
                               f"within {length - 1} hops\n")


def test_cli_path_unknown_entity(runner):
    result = runner.invoke(main, ["path", "Clinkz", "ministry-of-justice"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no entity matches 'Clinkz'; did you mean 'clinks'")


def test_cli_path_as_of(runner, bundled_dataset):
    from cjgraph.asof import world_on as as_of
    from cjgraph.dates import parse_as_of

    day = parse_as_of("2014")
    kept = as_of(bundled_dataset, day)
    later = sorted(set(bundled_dataset.entities) - set(kept.entities))[0]
    result = runner.invoke(main, ["path", "clinks", later, "--as-of", "2014"])
    assert result.exit_code == 2
    start = bundled_dataset.entities[later].date
    assert result.stderr == f"Error: {later!r} is not on record on 2014-12-31 (on record from {start})\n"
    if "clinks" in kept.entities and "ministry-of-justice" in kept.entities:
        rows = _json(runner, ["path", "clinks", "ministry-of-justice", "--as-of", "2014"])
        graph = to_networkx(kept)
        assert all(graph.has_node(r["from_id"]) and graph.has_node(r["to_id"]) for r in rows)


def test_cli_path_before_every_document(runner, mini_seeds, tmp_path):
    store = tmp_path / "store"
    assert runner.invoke(main, ["load", "--seeds", str(mini_seeds), "--store", str(store)]).exit_code == 0
    rows = _json(runner, ["path", "Example Act 2001", "example-review", "--store", str(store)])
    assert [(r["from_id"], r["relation"], r["direction"], r["to_id"]) for r in rows] == [
        ("example-act-2001", "cites", "backward", "example-review")]
    early = runner.invoke(main, ["path", "example-act-2001", "example-review", "--store", str(store),
                                 "--as-of", "2000"])
    assert early.exit_code == 2
    assert early.stderr == "Error: nothing is on record as of 2000-12-31 (try a later date)\n"


# -- --avoid: chains round a hub -------------------------------------------------------------------


def _chains(rows):
    return {n: [r for r in rows if r["path"] == n] for n in sorted({r["path"] for r in rows})}


def _without(graph, node):
    undirected = nx.Graph(graph.to_undirected())
    undirected.remove_node(node)
    return undirected


@pytest.mark.parametrize(("a", "b"), [("safer-future-communities-project", "tracking-tr-project"),
                                      ("Reducing Reoffending Third Sector Advisory Group", "tracking-tr-project")])
def test_avoid_clinks_finds_a_chain_round_it(runner, bundled_graph, bundled_dataset, a, b):
    ends = [next(i for i, e in bundled_dataset.entities.items() if ref in (i, e.name)) for ref in (a, b)]
    today = _json(runner, ["path", a, b, "--limit", "50"])
    assert all(any("clinks" in (r["from_id"], r["to_id"]) for r in hops) for hops in _chains(today).values())
    rows = _json(runner, ["path", a, b, "--avoid", "Clinks", "--limit", "50"])
    chains = _chains(rows)
    assert chains and rows != today
    length = nx.shortest_path_length(_without(bundled_graph, "clinks"), *ends)
    for hops in chains.values():
        assert max(r["hop"] for r in hops) == length
        assert hops[0]["from_id"] == ends[0] and hops[-1]["to_id"] == ends[1]
        for row in hops:
            assert "clinks" not in (row["from_id"], row["to_id"])
            u, v = (row["from_id"], row["to_id"]) if row["direction"] == "forward" else (row["to_id"], row["from_id"])
            assert bundled_graph.has_edge(u, v, key=row["relation"]) and row["evidence"]


def test_avoid_can_leave_no_chain_and_the_error_names_what_was_avoided(runner, bundled_graph):
    assert _json(runner, ["path", "arts-alliance", "tracking-tr-project"])
    assert not nx.has_path(_without(bundled_graph, "clinks"), "arts-alliance", "tracking-tr-project")
    result = runner.invoke(main, ["path", "arts-alliance", "tracking-tr-project", "--avoid", "clinks",
                                  "--avoid", "Ministry of Justice", "--avoid", "clinks"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: no chain of relationships joins 'arts-alliance' and 'tracking-tr-project' "
                             "avoiding clinks, ministry-of-justice\n")


def test_avoid_refuses_an_end_and_unknown_names(runner, graph_api):
    result = runner.invoke(main, ["path", "clinks", "ministry-of-justice", "--avoid", "Clinks"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --avoid: 'clinks' is an end of the path, so no chain can avoid it\n"
    result = runner.invoke(main, ["path", "arts-alliance", "tracking-tr-project", "--avoid", "Clinkz"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no entity matches 'Clinkz'; did you mean 'clinks'")
    with pytest.raises(UsageError) as info:
        graph_api.path("Ministry of Justice", "clinks", avoid="MoJ")
    assert str(info.value) == "avoid: 'ministry-of-justice' is an end of the path, so no chain can avoid it"
    round_it = graph_api.path("safer-future-communities-project", "tracking-tr-project", avoid="Clinks")
    assert round_it.rows == _json(runner, ["path", "safer-future-communities-project", "tracking-tr-project",
                                           "--avoid", "clinks"])


def test_the_default_limit_and_the_note_that_it_cut_chains(runner, bundled_graph):
    undirected = nx.Graph(bundled_graph.to_undirected())
    every = list(nx.all_shortest_paths(undirected, "transforming-rehabilitation", "clinks"))
    assert len(every) > 3
    result = runner.invoke(main, ["path", "transforming-rehabilitation", "clinks", "-f", "json"])
    assert result.exit_code == 0
    assert {r["path"] for r in json.loads(result.stdout)} == {1, 2, 3}
    assert result.stderr == "more shortest chains than the 3 shown: --limit N shows more\n"
    result = runner.invoke(main, ["path", "transforming-rehabilitation", "clinks", "-f", "json", "--limit",
                                  str(len(every))])
    assert {r["path"] for r in json.loads(result.stdout)} == set(range(1, len(every) + 1))
    assert result.stderr == ""
