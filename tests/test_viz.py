"""Views without a browser: determinism, escaping, ids, no remote resources, selection, SVG/PNG, CLI."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import networkx as nx
import pytest

from cjgraph.errors import NotFoundError, UsageError
from cjgraph.graph import to_networkx
from cjgraph.validation import load_dataset
from cjgraph.viz import PHYSICS_LIMIT, build_view, ids_from_rows, node_size, select_graph
from cjgraph.viz_html import script_json, vis_network_js
from tests.plugins.browser import XSS_PAYLOADS

SVG = "{http://www.w3.org/2000/svg}"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(document: str) -> Tags:
    parser = Tags()
    parser.feed(document)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def graph(bundled_dataset):
    return to_networkx(bundled_dataset)


@pytest.fixture()
def xss_dataset(xss_seeds):
    return load_dataset([xss_seeds])


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node, kind in (("a-review", "Review"), ("an-act", "Act"), ("a-trust", "Organisation")):
        g.add_node(node, kind=kind, name=node.replace("-", " ").title(), aliases=[], date=None, type=None,
                   evidence=[{"document": "doc", "quote": f"quote about {node}"}])
    g.add_edge("a-review", "an-act", key="cites", kind="cites", evidence=[{"document": "doc", "quote": "cites"}])
    g.add_edge("a-review", "an-act", key="about", kind="about", evidence=[{"url": "https://example.org/x"}])
    g.add_edge("a-review", "a-trust", key="published_by", kind="published_by", evidence=[])
    return g


def test_same_graph_gives_a_byte_identical_file(graph, bundled_dataset):
    first = build_view(graph, title="All", sources=bundled_dataset.sources).html()
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    second = build_view(shuffled, title="All", sources=bundled_dataset.sources).html()
    assert first == second
    assert build_view(graph, title="Other").html() != first


def decode(raw: dict) -> dict:
    """The page's compact data back to the plain payload (what view.js's decode does)."""
    def evidence(items):
        return [{k: raw["documents"][v] if k == "document" else v
                 for k, v in zip(("document", "quote", "url"), item, strict=False) if v is not None} for item in items]

    kinds = [k["kind"] for k in raw["kinds"]]
    nodes = []
    for n in raw["nodes"]:
        node = {"id": n[0], "name": n[1], "kind": kinds[n[2]], "size": n[3], "evidence": evidence(n[4])}
        keys = ("date", "type", "aliases", "x", "y", "label", "community")
        node.update({k: v for k, v in zip(keys, n[5:], strict=False) if v is not None})
        nodes.append(node)
    edges = [{"id": f"e{i}", "from": nodes[e[0]]["id"], "to": nodes[e[1]]["id"], "kind": raw["relations"][e[2]],
              "evidence": evidence(e[3]), **({"curve": e[4]} if len(e) > 4 else {})}
             for i, e in enumerate(raw["edges"])]
    return {**{k: raw[k] for k in ("title", "layout", "seed", "kinds", "sources")}, "nodes": nodes, "edges": edges}


def test_payload_round_trips_through_the_json_block(graph, bundled_dataset):
    view = build_view(graph, title="All", sources=bundled_dataset.sources)
    page = parse(view.html())
    plain = json.loads(json.dumps(view.payload))
    for node in plain["nodes"]:
        del node["degree"]  # the page counts relationships itself
    assert decode(json.loads(page.scripts[0])) == plain
    assert [n["id"] for n in view.payload["nodes"]] == sorted(graph.nodes)
    assert view.node_count == graph.number_of_nodes() and view.edge_count == graph.number_of_edges()
    degree = dict(graph.degree())
    assert all(n["size"] == node_size(degree[n["id"]]) for n in view.payload["nodes"])
    assert {k["kind"]: k["count"] for k in view.payload["kinds"]} == {
        kind: sum(1 for _n, d in graph.nodes(data=True) if d["kind"] == kind)
        for kind in {d["kind"] for _n, d in graph.nodes(data=True)}}


def test_hostile_seed_text_is_escaped_everywhere(xss_dataset):
    view = build_view(to_networkx(xss_dataset), title=XSS_PAYLOADS["img"], sources=xss_dataset.sources)
    for document in (view.html(), view.fragment(), view.svg()):
        document = document.replace(vis_network_js(), "")  # vis-network's own code mentions "<b>"
        for payload in XSS_PAYLOADS.values():
            if set(payload) & set('<>"'):
                assert payload not in document
        assert "<img" not in document and "<svg onload" not in document and "<b>" not in document
        assert not re.search(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", document, re.IGNORECASE)
    page = parse(view.html())
    assert [tag for tag, _ in page.tags].count("script") == 2
    assert not [tag for tag, _ in page.tags if tag in ("img", "iframe", "object", "embed", "b")]
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
    data = decode(json.loads(page.scripts[0]))
    assert {n["name"] for n in data["nodes"]} >= {XSS_PAYLOADS["script"], XSS_PAYLOADS["img"]}
    assert data["sources"]["doc"]["title"] == XSS_PAYLOADS["source"]
    assert html.escape(XSS_PAYLOADS["img"]) in view.html()  # the title, as text


def test_script_json_cannot_close_its_element():
    text = script_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_views_have_their_own_ids_and_no_fixed_ids(graph):
    one, two = build_view(graph, title="One"), build_view(small_graph(), title="Two")
    assert one.view_id != two.view_id and re.fullmatch(r"cjv-[0-9a-f]{12}", one.view_id)
    for view in (one, two):
        ids = [attrs["id"] for _, attrs in parse(view.html()).tags if "id" in attrs]
        assert ids == [view.view_id]
        assert f"#{view.view_id} " in view.html()  # the styles are scoped to the view
    assert "mynetwork" not in one.html()
    assert build_view(graph, title="One", view_id="custom-id").view_id == "custom-id"


def test_nothing_is_loaded_from_anywhere(graph):
    document = build_view(graph, title="All").html()
    page = parse(document)
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        if tag in ("script", "style", "source", "audio", "video"):
            assert "src" not in attrs and "href" not in attrs
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", document, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", document, re.IGNORECASE)
    policy = next(attrs["content"] for tag, attrs in page.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.scripts[1].count("</script") == 0
    assert "exports = {}" in page.scripts[1]  # vis-network bound privately, not to window


def test_large_graphs_get_python_positions_and_small_ones_browser_physics():
    small = build_view(small_graph())
    assert small.payload["layout"] == "browser" and "x" not in small.payload["nodes"][0]
    big = nx.MultiDiGraph()
    for i in range(PHYSICS_LIMIT + 1):
        big.add_node(f"n{i}", kind="Organisation", name=f"N {i}", aliases=[], date=None, type=None, evidence=[])
        if i:
            big.add_edge(f"n{i}", f"n{i // 2}", key="member_of", kind="member_of", evidence=[])
    view = build_view(big)
    assert view.payload["layout"] == "python"
    points = {(n["x"], n["y"]) for n in view.payload["nodes"]}
    assert len(points) == big.number_of_nodes()  # every node placed, none on top of another
    assert build_view(big).html() == view.html()
    assert build_view(small_graph(), layout="python").payload["layout"] == "python"
    with pytest.raises(UsageError):
        build_view(small_graph(), layout="circular")


def test_the_layout_is_its_own_module_below_the_renderers():
    code = ("import sys; from cjgraph.layout import force_layout; force_layout(3, [(0, 1), (1, 2)]); "
            "print(sorted(m for m in sys.modules if m.startswith('cjgraph.viz')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("layout", ["browser", "python"])
def test_tiny_graphs(count, layout):
    graph = nx.MultiDiGraph()
    for i in range(count):
        graph.add_node(f"n{i}", kind="Act", name=f"N{i}", aliases=[], date=None, type=None, evidence=[])
    view = build_view(graph, layout=layout)
    assert view.node_count == count and parse(view.html()).scripts
    assert len(list(next(g for g in ET.fromstring(view.svg()).iter(f"{SVG}g") if g.get("class") == "nodes"))) == count


def test_parallel_edges_get_distinct_curves():
    edges = build_view(small_graph()).payload["edges"]
    curves = [e.get("curve") for e in edges if e["from"] == "a-review" and e["to"] == "an-act"]
    assert len(curves) == 2 and len(set(curves)) == 2 and None not in curves


def test_ids_from_rows_takes_id_columns_and_any_value_that_is_an_entity(graph):
    some = sorted(graph.nodes)[:3]
    rows = [{"act_id": some[0], "document": "not an id", "n": 3}, {"other": some[1], "x_id": "missing-id"},
            {"name": some[2]}]
    assert ids_from_rows(rows, graph) == sorted(some)


def test_select_graph_by_ids_keeps_relationships_among_them(graph):
    u, v, kind = next(iter(graph.edges(keys=True)))
    chosen = select_graph(graph, ids=[u, v, "no-such-id"])
    assert set(chosen.nodes) == {u, v}
    assert set(chosen.edges(keys=True)) == {e for e in graph.edges(keys=True) if {e[0], e[1]} <= {u, v}}
    assert (u, v, kind) in chosen.edges(keys=True)


def test_select_graph_focus_depth_kinds_relations(graph):
    centre = max(graph.nodes, key=graph.degree)
    around = select_graph(graph, focus=centre, depth=1)
    expected = {centre} | set(graph.successors(centre)) | set(graph.predecessors(centre))
    assert set(around.nodes) == expected
    assert set(select_graph(graph, focus=centre, depth=0).nodes) == {centre}
    kinds = select_graph(graph, kinds=["Act", "review"])
    assert {d["kind"] for _n, d in kinds.nodes(data=True)} <= {"Act", "Review"}
    assert kinds.number_of_nodes() == sum(1 for _n, d in graph.nodes(data=True) if d["kind"] in ("Act", "Review"))
    cites = select_graph(graph, relations=["cites,about"])
    assert cites.number_of_nodes() == graph.number_of_nodes()
    assert {k for *_e, k in cites.edges(keys=True)} <= {"cites", "about"}
    assert cites.number_of_edges() == sum(1 for *_e, k in graph.edges(keys=True) if k in ("cites", "about"))
    with pytest.raises(UsageError, match="unknown kind"):
        select_graph(graph, kinds=["Gadget"])
    with pytest.raises(UsageError, match="unknown relation"):
        select_graph(graph, relations=["likes"])
    with pytest.raises(NotFoundError):
        select_graph(graph, focus="no-such-entity")


def test_svg_is_xml_with_legend_colours_and_every_node(graph, bundled_dataset):
    view = build_view(graph, title="All <entities>", sources=bundled_dataset.sources)
    root = ET.fromstring(view.svg())
    assert root.tag == f"{SVG}svg"
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "All <entities>" in text and any(g.get("class") == "legend" for g in root.iter(f"{SVG}g"))
    for kind in view.payload["kinds"]:
        assert f"{kind['kind']} ({kind['count']})" in text
    nodes = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "nodes")
    assert len(list(nodes)) == graph.number_of_nodes()
    fills = {el.get("fill") for el in nodes}
    assert fills == {k["colour"] for k in view.payload["kinds"]}
    assert view.svg() == build_view(graph, title="All <entities>", sources=bundled_dataset.sources).svg()


def needs_cairo():
    """Skip where CairoSVG or the Cairo library is missing, except in CI (make test installs both)."""
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip("cairosvg (the png extra) is not usable here")


def test_png_has_the_picture():
    needs_cairo()
    view = build_view(small_graph(), title="Small")
    data = view.png()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    stated = ET.fromstring(view.svg())  # the natural size, in points, at 150 dpi
    assert (width, height) == tuple(round(float(stated.get(k).removesuffix("pt")) * 150 / 72)
                                    for k in ("width", "height"))
    assert width >= 560 * 150 / 72 and height > 300


def test_viz_writes_a_real_png_and_a_real_pdf(runner, tmp_path):
    from PIL import Image  # Pillow comes with CairoSVG
    from pypdf import PdfReader

    from cjgraph.cli import main

    needs_cairo()
    svg = tmp_path / "acts.svg"
    for name in ("acts.svg", "acts.png", "acts.pdf"):
        result = runner.invoke(main, ["viz", "--query", "reviews-citing-acts", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith(f"wrote {tmp_path / name} (")
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    points = [float(root.get(k).removesuffix("pt")) for k in ("width", "height")]  # the picture's size, in points
    width, height = (round(p * 150 / 72) for p in points)  # PNG at 150 dpi
    png = (tmp_path / "acts.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(tmp_path / "acts.png") as image:
        image.load()  # decodes every pixel: a truncated or corrupt file raises
        assert (image.format, image.size) == ("PNG", (width, height))
        assert len(image.convert("L").getcolors(256)) > 10  # a picture, not a blank page
    pdf = (tmp_path / "acts.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    (page,) = PdfReader(tmp_path / "acts.pdf").pages
    mediabox = [round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)]
    assert mediabox == [round(p, 1) for p in points]
    assert "Documents that cite or discuss Acts" in page.extract_text()


@pytest.mark.parametrize(("name", "option", "message"), [
    ("view.pdf", ["-f", "svg"], "--format: svg does not match view.pdf, whose suffix means pdf"),
    ("view.svg", ["-f", "html"], "--format: html does not match view.svg, whose suffix means svg"),
    ("view.txt", [], "cannot write a view as .txt (view.txt): the formats are html (.html), svg (.svg), "
                     "png (.png), pdf (.pdf)"),
    ("view.jpg", ["-f", "png"], "cannot write a view as .jpg (view.jpg): the formats are html (.html), "
                                "svg (.svg), png (.png), pdf (.pdf)"),
])
def test_viz_refuses_an_unknown_or_mismatched_suffix(runner, tmp_path, name, option, message):
    from cjgraph.cli import main

    result = runner.invoke(main, ["viz", "--all", *option, "-o", str(tmp_path / name)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert not (tmp_path / name).exists()


def test_view_write_checks_the_suffix_and_a_missing_folder(tmp_path):
    view = build_view(small_graph(), title="Small")
    with pytest.raises(UsageError) as info:
        view.write(tmp_path / "x.pdf", "html")
    assert str(info.value) == "fmt: html does not match x.pdf, whose suffix means pdf"
    with pytest.raises(UsageError) as info:
        view.write(tmp_path / "x.svg", "gif")
    assert str(info.value) == "fmt: unknown view format 'gif' (choose from html, svg, png, pdf)"
    with pytest.raises(UsageError) as info:
        view.write(tmp_path / "no-such-folder" / "x.svg")
    assert str(info.value) == f"cannot write {tmp_path / 'no-such-folder' / 'x.svg'}: No such file or directory"
    assert view.write(tmp_path / "x.HTM").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert list(tmp_path.iterdir()) == [tmp_path / "x.HTM"]


def test_without_cairosvg_png_and_pdf_say_what_to_install(runner, tmp_path, monkeypatch):
    from cjgraph.cli import main

    monkeypatch.setitem(sys.modules, "cairosvg", None)  # as if the png extra were not installed
    for suffix, what in ((".png", "PNG"), (".pdf", "PDF")):
        out = tmp_path / f"view{suffix}"
        result = runner.invoke(main, ["viz", "--all", "-o", str(out)])
        assert result.exit_code == 2
        assert result.stderr.startswith(
            f"Error: {what} output needs CairoSVG and the Cairo library: pip install 'cjgraph[png]' and, on "
            "Debian or Ubuntu, apt-get install libcairo2; or write an SVG picture instead (")
        assert not out.exists()


def test_jupyter_repr_is_an_escaped_srcdoc_iframe():
    view = build_view(small_graph(), title=XSS_PAYLOADS["script"])
    shown = view._repr_html_()
    page = parse(shown)
    assert [tag for tag, _ in page.tags] == ["iframe"]
    attrs = page.tags[0][1]
    assert attrs["srcdoc"] == view.html()
    assert attrs["sandbox"] == "allow-scripts allow-popups"
    assert "<script" not in shown


def test_viz_command_writes_each_format(runner, tmp_path, graph):
    from cjgraph.cli import main

    result = runner.invoke(main, ["viz", "--query", "reviews-citing-acts", "-o", str(tmp_path / "q.html")])
    assert result.exit_code == 0, result.output
    document = (tmp_path / "q.html").read_text(encoding="utf-8")
    assert "Documents that cite or discuss Acts" in document
    data = decode(json.loads(parse(document).scripts[0]))
    assert {n["kind"] for n in data["nodes"]} >= {"Act"}
    for option in (["--all"], ["--focus", max(graph.nodes, key=graph.degree), "--depth", "1"]):
        out = tmp_path / "v.svg"
        result = runner.invoke(main, ["viz", *option, "--kinds", "Act,Review,Publication", "-o", str(out)])
        assert result.exit_code == 0, result.output
        ET.fromstring(out.read_text(encoding="utf-8"))
    result = runner.invoke(main, ["viz", "--all", "--format", "svg", "--title", "T", "-o", str(tmp_path / "a")])
    assert result.exit_code == 0 and (tmp_path / "a").read_text(encoding="utf-8").startswith("<svg")
    result = runner.invoke(main, ["viz", "--all", "-o", str(tmp_path / "b")])
    assert result.exit_code == 0 and (tmp_path / "b").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_viz_command_is_deterministic_and_honours_as_of(runner, tmp_path, bundled_dataset):
    from cjgraph.asof import world_on as as_of
    from cjgraph.cli import main
    from cjgraph.dates import parse_as_of

    paths = [tmp_path / "1.html", tmp_path / "2.html", tmp_path / "old.html"]
    for path in paths[:2]:
        assert runner.invoke(main, ["viz", "--all", "-o", str(path)]).exit_code == 0
    assert paths[0].read_bytes() == paths[1].read_bytes()
    dated = sorted({e.date for e in bundled_dataset.entities.values() if e.date})
    when = dated[len(dated) // 2]
    result = runner.invoke(main, ["viz", "--all", "--as-of", when, "-o", str(paths[2])])
    assert result.exit_code == 0, result.output
    expected = as_of(bundled_dataset, parse_as_of(when))
    data = decode(json.loads(parse(paths[2].read_text(encoding="utf-8")).scripts[0]))
    assert {n["id"] for n in data["nodes"]} == set(expected.entities)
    assert len(data["edges"]) == len(expected.relations)


def test_viz_help_states_the_layout_threshold(runner):
    from cjgraph.cli import main

    result = runner.invoke(main, ["viz", "--help"])
    assert result.exit_code == 0
    assert f"above {PHYSICS_LIMIT} entities" in " ".join(result.output.split())


def test_viz_command_refuses_unclear_selections(runner, tmp_path):
    from cjgraph.cli import main

    out = str(tmp_path / "v.html")
    for args in ([], ["--all", "--focus", "x"], ["--all", "--param", "a=b"], ["--all", "--kinds", "Gadget"],
                 ["--focus", "no-such-entity-anywhere"]):
        result = runner.invoke(main, ["viz", *args, "-o", out])
        assert result.exit_code == 2, (args, result.output)
        assert "Error:" in result.output
    assert not os.path.exists(out)


def test_make_demo_installs_what_png_and_pdf_need():
    from tests.conftest import ROOT

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    (extras,) = re.findall(r'pip install --quiet -e "\.\[([a-z,]+)\]"', demo)
    assert {"viz", "png"} <= set(extras.split(","))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "apt-get install libcairo2" in readme and "pip install 'cjgraph[viz,png]'" in readme
