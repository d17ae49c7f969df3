"""GraphML, GEXF and CSV exports read back (networkx, the csv module) and compared with the graph;
GraphML and GEXF validated against their published schemas (tests/data/xsd), offline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx
import pytest
from lxml import etree

from cjgraph.cli import main
from cjgraph.errors import UsageError
from cjgraph.graph import to_networkx
from cjgraph.graphio import edge_id, export_graph
from cjgraph.output import spreadsheet_safe
from cjgraph.stamp import stamp_of
from cjgraph.vocab import KIND_COLOURS

XSD = Path(__file__).parent / "data" / "xsd"
GEXF = "{http://www.gexf.net/1.2draft}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


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

    assert back.number_of_edges() == graph.number_of_edges()
    assert _edge_triples(back) == _edge_triples(graph)
    for u, v, data in graph.edges(data=True):
        [got] = [d for d in back.get_edge_data(u, v).values() if d["kind"] == data["kind"]]
        assert json.loads(got["evidence"]) == _evidence(data["evidence"])
        assert got.get("id", edge_id(u, data["kind"], v)) == edge_id(u, data["kind"], v)


def test_gexf_gives_each_node_its_colour(bundled_dataset, graph, tmp_path):
    """As the GEXF 1.2draft schema declares it: <color r g b a> in the GEXF namespace (see tests/data/xsd)."""
    export_graph(bundled_dataset, "gexf", tmp_path / "g.gexf")
    nodes = etree.parse(str(tmp_path / "g.gexf")).getroot().iter(f"{GEXF}node")
    colours = {}
    for node in nodes:
        [colour] = node.findall(f"{GEXF}color")
        colours[node.get("id")] = "#{:02x}{:02x}{:02x}".format(*(int(colour.get(c)) for c in "rgb"))
        assert colour.get("a") == "1.0"
    assert colours == {node: KIND_COLOURS[data["kind"]] for node, data in graph.nodes(data=True)}


class _LocalOnly(etree.Resolver):
    """Resolves a schema's imports to the vendored files; any other address fails the test."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def resolve(self, url, pubid, context):
        self.asked.append(url)
        local = XSD / url.rsplit("/", 1)[-1]
        if urlsplit(url).scheme not in ("", "file") or not local.is_file():
            raise AssertionError(f"the schema asked for {url}: only the vendored files may be read")
        return self.resolve_filename(str(local), context)


def _schema(name: str) -> tuple[etree.XMLSchema, _LocalOnly]:
    resolver = _LocalOnly()
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(resolver)
    return etree.XMLSchema(etree.parse(str(XSD / name), parser)), resolver


@pytest.mark.parametrize(("fmt", "imported"), [("graphml", "xlink.xsd"), ("gexf", "viz.xsd")])
def test_graph_files_are_valid_against_their_published_schemas(bundled_dataset, tmp_path, fmt, imported):
    schema, resolver = _schema(f"{fmt}.xsd")
    assert [url.rsplit("/", 1)[-1] for url in resolver.asked] == [f"{fmt}.xsd", imported]  # all read here
    export_graph(bundled_dataset, fmt, tmp_path / f"g.{fmt}")
    document = etree.parse(str(tmp_path / f"g.{fmt}"), etree.XMLParser(no_network=True, resolve_entities=False))
    assert schema.validate(document), schema.error_log.filter_from_errors()
    assert [str(e) for e in schema.error_log] == []


def test_the_schemas_reject_networkx_forms(graph):
    """The forms written before (networkx's named key ids; its GEXF graph name, viz:color) fail: the
    validation above can fail."""
    graphml, _ = _schema("graphml.xsd")
    flat = nx.MultiDiGraph()
    flat.add_node("a", kind="Act")
    flat.add_node("b", kind="Review")
    flat.add_edge("a", "b", kind="cites")
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, named_key_ids=True)
    assert not graphml.validate(etree.fromstring(buffer.getvalue()))
    assert "Duplicate key-sequence ['kind']" in str(graphml.error_log)

    gexf, _ = _schema("gexf.xsd")
    flat.nodes["a"]["viz"] = {"color": {"r": 1, "g": 2, "b": 3, "a": 1.0}}
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer)
    assert not gexf.validate(etree.fromstring(buffer.getvalue()))
    errors = str(gexf.error_log)
    assert "attribute 'name': The attribute 'name' is not allowed" in errors
    assert "Element '{http://www.gexf.net/1.2draft/viz}color': This element is not expected" in errors


def test_graphml_keys_have_distinct_ids_and_readable_names(bundled_dataset, tmp_path):
    export_graph(bundled_dataset, "graphml", tmp_path / "g.graphml")
    root = etree.parse(str(tmp_path / "g.graphml")).getroot()
    keys = [(k.get("id"), k.get("for"), k.get("attr.name")) for k in root.iter(f"{GRAPHML}key")]
    assert len({key for key, _, _ in keys}) == len(keys)
    assert ("n_kind", "node", "kind") in keys and ("e_kind", "edge", "kind") in keys
    assert ("g_stamp", "graph", "stamp") in keys
    edge_ids = [e.get("id") for e in root.iter(f"{GRAPHML}edge")]
    assert len(set(edge_ids)) == len(edge_ids)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_carry_the_dataset_stamp(bundled_dataset, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    export_graph(bundled_dataset, fmt, path)
    stamp = stamp_of(bundled_dataset)
    assert stamp.startswith("cj-")
    if fmt == "graphml":
        assert nx.read_graphml(path).graph["stamp"] == stamp
    else:
        description = etree.parse(str(path)).getroot().find(f"{GEXF}meta/{GEXF}description")
        assert description.text == f"cjgraph dataset {stamp}"


def test_json_export_carries_the_stamp_beside_the_format(runner, bundled_dataset):
    """A scoped export keeps the stamp of the seeds it was cut from, and says its scope."""
    whole = json.loads(runner.invoke(main, ["export", "-f", "json"]).output)
    assert list(whole)[:2] == ["format", "stamp"]
    assert whole["stamp"] == stamp_of(bundled_dataset)
    for option in ("--as-of", "--said-by"):
        scoped = json.loads(runner.invoke(main, ["export", "-f", "json", option, "2014"]).output)
        assert len(scoped["entities"]) < len(whole["entities"])
        assert (scoped["stamp"], list(scoped)[:2]) == (whole["stamp"], ["format", "stamp"])
        assert scoped["scope"]


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
