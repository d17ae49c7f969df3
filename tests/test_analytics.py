"""Network analytics: hand-built graphs with values derived by hand, then the bundled dataset and the CLI."""

from __future__ import annotations

import json
from datetime import date

import networkx as nx
import pytest

from cjgraph.analytics import centrality, communities, components, modularity, simple_graph
from cjgraph.asof import world_on as as_of
from cjgraph.cli import main
from cjgraph.errors import UsageError
from cjgraph.graph import to_networkx


def _graph(nodes: dict[str, str], edges: list[tuple[str, str, str]], reverse: bool = False) -> nx.MultiDiGraph:
    """A graph shaped like to_networkx's: nodes id -> kind, edges (source, relation, target)."""
    graph = nx.MultiDiGraph()
    items = sorted(nodes.items(), reverse=reverse)
    for node, kind in items:
        graph.add_node(node, kind=kind, name=node.upper(), aliases=[], date=None, type=None, evidence=[])
    for source, kind, target in (reversed(edges) if reverse else edges):
        evidence = [{"document": "doc", "quote": f"{source} {target}"}]
        graph.add_edge(source, target, key=kind, kind=kind, evidence=evidence)
    return graph


# a -> b <- c: a path graph a - b - c, with b in the middle
PATH3 = _graph({"a": "Publication", "b": "Act", "c": "Publication"}, [("a", "cites", "b"), ("c", "cites", "b")])

# two triangles {p, q, r} and {x, y, z} joined by the bridge r - x; plus the isolated node "lone"
TWO_TRIANGLES = _graph(
    {n: "Organisation" for n in ("p", "q", "r", "x", "y", "z")} | {"lone": "Act"},
    [("p", "member_of", "q"), ("q", "member_of", "r"), ("p", "member_of", "r"),
     ("x", "member_of", "y"), ("y", "member_of", "z"), ("x", "member_of", "z"), ("r", "member_of", "x")],
)


def _by_id(rows):
    return {row["id"]: row for row in rows}


def test_centrality_on_a_path():
    rows = _by_id(centrality(PATH3))
    # b lies on the only shortest path between a and c: normalised betweenness 1; the ends 0
    assert rows["b"]["betweenness"] == 1.0
    assert rows["a"]["betweenness"] == rows["c"]["betweenness"] == 0.0
    assert (rows["b"]["degree"], rows["b"]["in_degree"], rows["b"]["out_degree"]) == (2, 2, 0)
    assert (rows["a"]["degree"], rows["a"]["in_degree"], rows["a"]["out_degree"]) == (1, 0, 1)


def test_centrality_ranks_within_kind_and_breaks_ties_by_name():
    rows = centrality(PATH3)
    assert [(r["kind"], r["rank"], r["id"]) for r in rows] == [
        ("Act", 1, "b"), ("Publication", 1, "a"), ("Publication", 2, "c")]


def test_centrality_counts_every_relation_but_neighbours_once():
    graph = _graph({"d": "Publication", "o": "Organisation"}, [("d", "published_by", "o"), ("d", "about", "o")])
    rows = _by_id(centrality(graph))
    assert rows["d"]["degree"] == 2
    assert rows["d"]["neighbours"] == 1


def test_centrality_bridge_and_filters():
    rows = _by_id(centrality(TWO_TRIANGLES))
    # the pairs {p, q} x {x, y, z} (6 of them) all pass through r; 7 nodes -> 15 pairs besides r: 6/15
    assert rows["r"]["betweenness"] == pytest.approx(6 / 15)
    assert rows["r"]["betweenness"] == rows["x"]["betweenness"] > rows["p"]["betweenness"] == 0
    assert rows["lone"]["degree"] == 0
    only = centrality(TWO_TRIANGLES, kinds=["Organisation"], top=2)
    assert [(r["rank"], r["id"]) for r in only] == [(1, "r"), (2, "x")]
    assert [r["id"] for r in centrality(TWO_TRIANGLES, kinds="Act")] == ["lone"]


def test_unknown_kind_and_bad_top():
    with pytest.raises(UsageError, match="unknown kind 'Charity'"):
        centrality(PATH3, kinds=["Charity"])
    with pytest.raises(UsageError, match="at least 1"):
        centrality(PATH3, top=0)


def test_communities_split_at_the_bridge():
    rows = communities(TWO_TRIANGLES)
    assert [(r["group"], r["size"], r["member_ids"]) for r in rows] == [
        (1, 3, "p; q; r"), (2, 3, "x; y; z"), (3, 1, "lone")]
    assert rows[0]["most_connected"] == "R (r)"
    assert rows[0]["kinds"] == "Organisation 3"
    assert modularity(TWO_TRIANGLES) > 0.3


def test_components_largest_first():
    rows = components(TWO_TRIANGLES)
    assert [(r["group"], r["size"], r["member_ids"]) for r in rows] == [
        (1, 6, "p; q; r; x; y; z"), (2, 1, "lone")]
    assert [r["member_ids"] for r in components(TWO_TRIANGLES, kinds=["Act"])] == ["lone"]
    assert len(components(TWO_TRIANGLES, top=1)) == 1


def test_insertion_order_does_not_matter():
    nodes = {n: d["kind"] for n, d in TWO_TRIANGLES.nodes(data=True)}
    edges = [(u, k, v) for u, v, k in TWO_TRIANGLES.edges(keys=True)]
    flipped = _graph(nodes, edges, reverse=True)
    assert centrality(flipped) == centrality(TWO_TRIANGLES)
    assert communities(flipped) == communities(TWO_TRIANGLES)
    assert components(flipped) == components(TWO_TRIANGLES)


def test_empty_graph():
    empty = nx.MultiDiGraph()
    assert centrality(empty) == communities(empty) == components(empty) == []


# -- the bundled dataset -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_graph(bundled_dataset):
    return to_networkx(bundled_dataset)


def test_bundled_centrality(bundled_graph):
    rows = centrality(bundled_graph)
    assert len(rows) == bundled_graph.number_of_nodes()
    assert sum(r["degree"] for r in rows) == 2 * bundled_graph.number_of_edges()
    for kind in {r["kind"] for r in rows}:
        ranked = [r for r in rows if r["kind"] == kind]
        assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
        assert ranked[0]["degree"] == max(bundled_graph.degree(n) for n, d in bundled_graph.nodes(data=True)
                                          if d["kind"] == kind)
    expected = nx.betweenness_centrality(simple_graph(bundled_graph))
    assert all(r["betweenness"] == pytest.approx(expected[r["id"]], abs=1e-6) for r in rows)


def test_bundled_groups_partition_the_graph(bundled_graph):
    for rows in (communities(bundled_graph), components(bundled_graph)):
        ids = [i for r in rows for i in r["member_ids"].split("; ")]
        assert sorted(ids) == sorted(bundled_graph.nodes)
        assert [r["size"] for r in rows] == sorted((r["size"] for r in rows), reverse=True)
    assert len(components(bundled_graph)) == nx.number_weakly_connected_components(bundled_graph)


def test_cli_analyse_matches_the_library(runner, bundled_graph):
    result = runner.invoke(main, ["analyse", "--kind", "Organisation", "--top", "5", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == centrality(bundled_graph, ["Organisation"], 5)
    groups = runner.invoke(main, ["analyse", "--what", "components", "-f", "csv"])
    assert groups.exit_code == 0, groups.output
    assert groups.stdout.splitlines()[0] == "group,size,kinds,most_connected,members,member_ids"


def test_cli_analyse_as_of(runner, bundled_dataset):
    from cjgraph.asof import lifespans, within

    day = date(2016, 12, 31)
    world, spans = as_of(bundled_dataset, day), lifespans(bundled_dataset)
    on_record = [key for key in world.entities if within(spans[key], day)]
    assert len(on_record) < len(world.entities), "former bodies kept as the far end of a succession"
    expected = centrality(to_networkx(world).subgraph(on_record).copy(), ["Act"])
    result = runner.invoke(main, ["analyse", "--kind", "Act", "--as-of", "2016", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == expected
    assert len(expected) <= sum(e.kind == "Act" for e in bundled_dataset.entities.values())


def test_cli_analyse_before_every_document(runner, mini_seeds, tmp_path, monkeypatch):
    store = tmp_path / "store"
    assert runner.invoke(main, ["load", "--seeds", str(mini_seeds), "--store", str(store)]).exit_code == 0
    result = runner.invoke(main, ["analyse", "--store", str(store), "--as-of", "2000"])
    assert result.exit_code == 2
    assert result.stderr == "Error: nothing is on record as of 2000-12-31 (try a later date)\n"
    fine = runner.invoke(main, ["analyse", "--store", str(store), "--as-of", "2001", "-f", "json"])
    assert fine.exit_code == 0, fine.output
    assert {r["id"] for r in json.loads(fine.stdout)} == {"example-act-2001", "example-review"}


def test_betweenness_is_sampled_deterministically_on_large_graphs(bundled_dataset, monkeypatch):
    import cjgraph.analytics as analytics

    graph = to_networkx(bundled_dataset)
    exact = {r["id"]: r["betweenness"] for r in centrality(graph)}
    monkeypatch.setattr(analytics, "EXACT_LIMIT", 10)
    monkeypatch.setattr(analytics, "BETWEENNESS_SAMPLES", (50, 50))
    first = {r["id"]: r["betweenness"] for r in centrality(graph)}
    assert first == {r["id"]: r["betweenness"] for r in centrality(graph)}
    assert first != exact and set(first) == set(exact)
    assert all(0.0 <= value <= 1.0 for value in first.values())


def test_betweenness_samples_shrink_as_the_graph_grows_within_bounds():
    from cjgraph.analytics import BETWEENNESS_SAMPLES, EXACT_LIMIT, betweenness_samples

    low, high = BETWEENNESS_SAMPLES
    assert betweenness_samples(EXACT_LIMIT, 3 * EXACT_LIMIT) is None
    assert betweenness_samples(EXACT_LIMIT + 1, 10) == high
    sizes = [betweenness_samples(n, 3 * n) for n in (EXACT_LIMIT + 1, 2 * EXACT_LIMIT, 10_000_000)]
    assert high > sizes[0] > sizes[1] > sizes[2] == low


def test_large_graphs_get_seeded_louvain_communities(bundled_dataset, monkeypatch):
    import cjgraph.analytics as analytics

    graph = to_networkx(bundled_dataset)
    greedy = analytics.communities(graph)
    monkeypatch.setattr(analytics, "EXACT_LIMIT", 10)
    louvain = analytics.communities(graph)
    assert louvain == analytics.communities(graph)  # seeded: the same groups every time
    assert louvain != greedy
    members = [set(r["member_ids"].split("; ")) for r in louvain]
    assert set().union(*members) == set(graph.nodes) and sum(map(len, members)) == graph.number_of_nodes()
