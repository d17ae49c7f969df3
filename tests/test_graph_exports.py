"""GraphML, GEXF and CSV exports read back (networkx, the csv module) and compared with the graph."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from cjgraph.cli import main
from cjgraph.errors import UsageError
from cjgraph.graph import to_networkx
from cjgraph.graphio import edge_id, export_graph
from cjgraph.output import spreadsheet_safe
from cjgraph.vocab import KIND_COLOURS


@pytest.fixture(scope="module")
def graph(bundled_dataset):
    return to_networkx(bundled_dataset)


def _evidence(items) -> list[dict]:
    return [dict(sorted(e.items())) for e in items]


def _edge_triples(graph) -> set[tuple[str, str, str]]:
    return {(u, v, d["kind"]) for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_file_reads_back_with_every_attribute(bundled_dataset, graph, tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    assert export_graph(bundled_dataset, fmt, path) == [path]
    back = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)

    assert back.is_directed() and back.is_multigraph()
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        got = back.nodes[node]
        assert got["kind"] == data["kind"]
        assert got["name"] == data["name"]
        assert got["label"] == data["name"]
        assert got["colour"] == KIND_COLOURS[data["kind"]]
        assert got.get("date") == data["date"]
        assert got.get("type") == data["type"]
        assert json.loads(got["aliases"]) == data["aliases"]
        assert json.loads(got["evidence"]) == _evidence(data["evidence"])
        if fmt == "gexf":
            colour = got["viz"]["color"]
            assert "#{:02x}{:02x}{:02x}".format(colour["r"], colour["g"], colour["b"]) == KIND_COLOURS[data["kind"]]

    assert back.number_of_edges() == graph.number_of_edges()
    assert _edge_triples(back) == _edge_triples(graph)
    for u, v, data in graph.edges(data=True):
        [got] = [d for d in back.get_edge_data(u, v).values() if d["kind"] == data["kind"]]
        assert json.loads(got["evidence"]) == _evidence(data["evidence"])
        assert got.get("id", edge_id(u, data["kind"], v)) == edge_id(u, data["kind"], v)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_are_deterministic(bundled_dataset, tmp_path, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export_graph(bundled_dataset, fmt, first)
    export_graph(bundled_dataset, fmt, second)
    assert first.read_bytes() == second.read_bytes()
    assert b"lastmodifieddate" not in first.read_bytes()


def test_graph_export_to_stdout(runner, tmp_path):
    """The library returns bytes (cjgraph.open().export("graphml")); the CLI writes them to standard output."""
    out = runner.invoke(main, ["export", "-f", "graphml"]).stdout_bytes
    assert out.startswith(b"<?xml") and b"<graphml" in out
    runner.invoke(main, ["export", "-f", "graphml", "-o", str(tmp_path / "g.graphml")])
    assert (tmp_path / "g.graphml").read_bytes() == out


def test_csv_reads_back(bundled_dataset, graph, tmp_path):
    written = export_graph(bundled_dataset, "csv", tmp_path / "out")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv"]
    with open(tmp_path / "out" / "nodes.csv", newline="", encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with open(tmp_path / "out" / "edges.csv", newline="", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))

    assert [row["id"] for row in nodes] == sorted(graph.nodes)
    for row in nodes:
        data = graph.nodes[row["id"]]
        assert row["name"] == spreadsheet_safe(data["name"])
        assert row["kind"] == data["kind"]
        assert row["colour"] == KIND_COLOURS[data["kind"]]
        assert row["date"] == (data["date"] or "")
        assert row["aliases"] == spreadsheet_safe("; ".join(data["aliases"]))
        lines = [f"\u201c{e['quote']}\u201d [{e['document']}]" if e.get("document") else f"<{e['url']}>"
                 for e in data["evidence"]]
        assert row["evidence"] == spreadsheet_safe("\n".join(lines))  # one item a line, URLs as <url>
        for item in data["evidence"]:
            assert (item.get("quote") or item.get("url")) in row["evidence"]

    equality = next(row for row in nodes if row["id"] == "equality-act-2010")
    assert any(line.startswith("<https://") and line.endswith(">") for line in equality["evidence"].split("\n"))

    assert len(edges) == graph.number_of_edges()
    assert {(r["source"], r["target"], r["kind"]) for r in edges} == _edge_triples(graph)
    for row in edges:
        [data] = [d for d in graph.get_edge_data(row["source"], row["target"]).values() if d["kind"] == row["kind"]]
        for item in data["evidence"]:
            assert item.get("document", item.get("url")) in row["evidence"]


def test_csv_cells_are_spreadsheet_safe(mini_seeds, tmp_path):
    from cjgraph.validation import load_dataset

    text = (mini_seeds / "data.yaml").read_text(encoding="utf-8")
    (mini_seeds / "data.yaml").write_text(text.replace("name: Example Review", "name: \"=HYPERLINK(1)\""),
                                          encoding="utf-8")
    export_graph(load_dataset([mini_seeds]), "csv", tmp_path / "out")
    with open(tmp_path / "out" / "nodes.csv", newline="", encoding="utf-8") as handle:
        names = {row["id"]: row["name"] for row in csv.DictReader(handle)}
    assert names["example-review"] == "'=HYPERLINK(1)"


def test_csv_needs_a_folder(bundled_dataset, tmp_path):
    with pytest.raises(UsageError, match=r"^path: a csv export writes two files: give the folder to write them to$"):
        export_graph(bundled_dataset, "csv", None)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        export_graph(bundled_dataset, "csv", blocker)


def test_export_command_writes_graph_formats(runner, graph, tmp_path):
    from cjgraph.cli import main

    result = runner.invoke(main, ["export", "--format", "gexf", "-o", str(tmp_path / "g.gexf")])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == graph.number_of_nodes()
    result = runner.invoke(main, ["export", "--format", "csv", "-o", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "csv" / "edges.csv").is_file()
    result = runner.invoke(main, ["export", "--format", "csv"])
    assert result.exit_code == 2
    assert result.output == "Error: csv export writes two files: give -o FOLDER\n"
