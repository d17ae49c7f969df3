"""Views in a real browser: headless Chromium opens them from file:// with the network blocked.

Each test checks what a reader would see: the network drawn with the expected entities and
relationships, the legend and the evidence panel, no request leaving the file, no console error, and
hostile seed text shown as text without running.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import networkx as nx
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.graph import to_networkx
from cjgraph.queries import run_query
from cjgraph.validation import load_dataset
from cjgraph.viz import build_view, ids_from_rows, select_graph
from cjgraph.vocab import ENTITY_KINDS
from tests.plugins.browser import XSS_PAYLOADS, console_errors, drain_logs, external, requests_made, wait_ready


def open_view(browser, path: Path):
    """Load a file with fresh logs and return the first view's root element once it is ready."""
    drain_logs(browser)
    browser.get(path.as_uri())
    root = browser.find_element(By.CSS_SELECTOR, ".cjgraph-view")
    wait_ready(browser, root)
    return root


def assert_clean(browser) -> None:
    """No console error and no request to anything but the file itself."""
    assert console_errors(browser) == []
    assert external(requests_made(browser)) == []
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert external(resources) == []


def counts(root) -> tuple[int, int]:
    return int(root.get_attribute("data-nodes")), int(root.get_attribute("data-edges"))


def js(browser, root, code: str, *args):
    """Run ``code`` with ``view`` bound to the view's API (root.cjgraph)."""
    return browser.execute_script("const view = arguments[0].cjgraph; " + code, root, *args)


def node_point(browser, root, node_id: str) -> dict:
    """Centre the node and return a point (canvas pixels) where it, and no other node, is on top."""
    point = js(browser, root, """
        const net = view.network, id = arguments[1];
        net.focus(id, {scale: 1.5, animation: false});
        const c = net.canvasToDOM(net.getPosition(id)), r = net.body.nodes[id].options.size * net.getScale();
        for (let f = 0; f <= 0.8; f += 0.2)
          for (let a = 0; a < 360; a += 45) {
            const p = {x: c.x + f * r * Math.cos(a * Math.PI / 180), y: c.y + f * r * Math.sin(a * Math.PI / 180)};
            if (net.getNodeAt(p) === id) return p;
          }
        return null;""", node_id)
    assert point is not None, f"{node_id} is hidden under other nodes"
    return point


def click_node(browser, root, node_id: str) -> None:
    """Centre the node, then click it with the mouse where it is drawn."""
    point = node_point(browser, root, node_id)
    canvas = root.find_element(By.CSS_SELECTOR, "[data-role=canvas]")
    dx, dy = int(point["x"] - canvas.size["width"] / 2), int(point["y"] - canvas.size["height"] / 2)
    ActionChains(browser).move_to_element_with_offset(canvas, dx, dy).click().perform()


def panel_text(root) -> str:
    return root.find_element(By.CSS_SELECTOR, "[data-role=panel]").text


def drawn_pixels(browser, root) -> int:
    """How many pixels of the network canvas are not white."""
    return js(browser, root, """
        const c = arguments[0].querySelector('canvas'), ctx = c.getContext('2d');
        const px = ctx.getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < px.length; i += 4)
          if (px[i + 3] && (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250)) n++;
        return n;""")


@pytest.fixture(scope="module")
def flagship(bundled_dataset, loaded_store):
    """The flagship view: documents that cite or discuss Acts, as `cjgraph viz --query` builds it."""
    graph = to_networkx(bundled_dataset)
    backend = EmbeddedBackend(loaded_store)
    try:
        rows = run_query(backend, "reviews-citing-acts").rows
    finally:
        backend.close()
    selected = select_graph(graph, ids=ids_from_rows(rows, graph))
    return selected, build_view(selected, title="Documents that cite or discuss Acts", sources=bundled_dataset.sources)


@pytest.fixture()
def xss_view(xss_seeds, tmp_path):
    backend = EmbeddedBackend(memory=True)
    backend.load(load_dataset([xss_seeds]))
    dataset = backend.dataset()
    graph = to_networkx(dataset)
    path = build_view(graph, title=XSS_PAYLOADS["svg"], sources=dataset.sources).write(tmp_path / "xss.html")
    return graph, path


def test_blocked_network_is_noticed(browser, tmp_path):
    """The checks below can fail: a page that asks another host is seen and its request fails."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><script src="https://cdn.example.org/lib.js"></script><p>x</p>', encoding="utf-8")
    drain_logs(browser)
    browser.get(page.as_uri())
    assert "https://cdn.example.org/lib.js" in external(requests_made(browser))
    assert any("cdn.example.org" in message for message in console_errors(browser))


def test_flagship_view_renders_offline(browser, flagship, tmp_path):
    graph, view = flagship
    root = open_view(browser, view.write(tmp_path / "flagship.html"))
    assert counts(root) == (graph.number_of_nodes(), graph.number_of_edges())
    assert drawn_pixels(browser, root) > 100
    legend = " ".join(root.find_element(By.CSS_SELECTOR, ".cjv-legend").text.split())
    for kind in ENTITY_KINDS:
        present = sum(1 for _n, d in graph.nodes(data=True) if d["kind"] == kind)
        assert (f"{kind} ({present})" in legend) == bool(present)
    status = root.find_element(By.CSS_SELECTOR, "[data-role=status]").text
    assert status == f"{graph.number_of_nodes()} entities · {graph.number_of_edges()} relationships"
    assert_clean(browser)


def test_evidence_panel_shows_quotes_and_documents(browser, flagship, bundled_dataset, tmp_path):
    graph, view = flagship
    root = open_view(browser, view.write(tmp_path / "flagship.html"))
    node = max((n for n in graph.nodes if graph.degree(n)), key=lambda n: (graph.degree(n), n))
    data = graph.nodes[node]
    click_node(browser, root, node)
    text = panel_text(root)
    assert data["name"] in text and data["kind"] in text
    quoted = [e for e in data["evidence"] if e.get("quote")]
    assert quoted, "the busiest entity of the flagship view has quoted evidence"
    for item in quoted:
        assert " ".join(item["quote"].split()) in " ".join(text.split())
        assert bundled_dataset.sources[item["document"]].title in text
    root.find_element(By.CSS_SELECTOR, ".cjv-rels button").click()  # its first relationship, in edge order
    u, v, kind, edge = min((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if node in (u, v))
    text = panel_text(root)
    assert text.startswith(f"{graph.nodes[u]['name']} — {kind} → {graph.nodes[v]['name']}")
    for item in edge["evidence"]:
        assert " ".join((item.get("quote") or item["url"]).split()) in " ".join(text.split())
    assert_clean(browser)


def test_kind_filter_and_search(browser, bundled_dataset, tmp_path):
    graph = to_networkx(bundled_dataset)
    view = build_view(graph, title="All", sources=bundled_dataset.sources)
    root = open_view(browser, view.write(tmp_path / "a.html"))
    assert counts(root) == (graph.number_of_nodes(), graph.number_of_edges())
    kind = max(ENTITY_KINDS, key=lambda k: sum(1 for _n, d in graph.nodes(data=True) if d["kind"] == k))
    keep = [n for n, d in graph.nodes(data=True) if d["kind"] != kind]
    root.find_element(By.CSS_SELECTOR, f'input[data-kind="{kind}"]').click()
    expected = (len(keep), graph.subgraph(keep).number_of_edges())
    WebDriverWait(browser, 10).until(lambda _d: counts(root) == expected)
    root.find_element(By.CSS_SELECTOR, f'input[data-kind="{kind}"]').click()
    WebDriverWait(browser, 10).until(lambda _d: counts(root) == (graph.number_of_nodes(), graph.number_of_edges()))

    target = next(n for n, d in sorted(graph.nodes(data=True)) if d["aliases"])
    alias = graph.nodes[target]["aliases"][0]
    box = root.find_element(By.CSS_SELECTOR, "[data-role=search]")
    box.send_keys(alias)
    selected = js(browser, root, "return view.network.getSelectedNodes();")
    assert target in selected
    assert all(alias.casefold() in " ".join([n, graph.nodes[n]["name"], *graph.nodes[n]["aliases"]]).casefold()
               for n in selected)
    box.send_keys(Keys.ENTER)
    assert graph.nodes[selected[0]]["name"] in panel_text(root)
    assert_clean(browser)


def test_hostile_seed_text_shows_as_text_and_never_runs(browser, xss_view):
    graph, path = xss_view
    root = open_view(browser, path)
    assert counts(root) == (graph.number_of_nodes(), graph.number_of_edges())
    canvas = root.find_element(By.CSS_SELECTOR, "[data-role=canvas]")
    for node, data in sorted(graph.nodes(data=True)):
        click_node(browser, root, node)
        assert js(browser, root, "return view.network.getSelectedNodes();") == [node]
        text = panel_text(root)
        assert data["name"] in text
        for alias in data["aliases"]:
            assert alias in text
        for item in data["evidence"]:
            assert " ".join(item["quote"].split()) in " ".join(text.split())
        assert XSS_PAYLOADS["source"] in text  # the source document's title, as text
        for button in root.find_elements(By.CSS_SELECTOR, ".cjv-rels button"):
            button.click()
            assert "evidence" in panel_text(root).lower()
            break
        ActionChains(browser).move_to_element_with_offset(canvas, 1, 1).perform()
    box = root.find_element(By.CSS_SELECTOR, "[data-role=search]")
    box.send_keys("<script>")
    assert "hostile-trust" in js(browser, root, "return view.network.getSelectedNodes();")
    title = root.find_element(By.CSS_SELECTOR, ".cjv-title").text
    assert title == XSS_PAYLOADS["svg"] and browser.title == XSS_PAYLOADS["svg"]
    assert browser.execute_script("return window.__xss") is None
    assert browser.execute_script("return document.querySelectorAll('img, svg[onload], iframe').length") == 0
    assert browser.execute_script("return document.scripts.length") == 2
    assert_clean(browser)


def test_tooltip_is_text(browser, xss_view):
    _graph, path = xss_view
    root = open_view(browser, path)
    point = node_point(browser, root, "hostile-act")
    canvas = root.find_element(By.CSS_SELECTOR, "[data-role=canvas]")
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(point["x"] - canvas.size["width"] / 2) + 1, int(point["y"] - canvas.size["height"] / 2)).perform()
    tip = WebDriverWait(browser, 10).until(
        lambda d: next((t for t in d.find_elements(By.CSS_SELECTOR, ".vis-tooltip") if t.is_displayed()), None))
    assert XSS_PAYLOADS["img"] in tip.text
    assert {e.tag_name for e in tip.find_elements(By.CSS_SELECTOR, "*")} <= {"br"}  # innerText's line breaks
    assert browser.execute_script("return window.__xss") is None
    assert_clean(browser)


def test_two_views_on_one_page_and_in_iframes(browser, bundled_dataset, flagship, tmp_path):
    graph, first = flagship
    centre = max(graph.nodes, key=lambda n: (graph.degree(n), n))
    whole = to_networkx(bundled_dataset)
    other_graph = select_graph(whole, focus=centre, depth=1, kinds=["Act", "Publication", "Organisation"])
    second = build_view(other_graph, title="Neighbourhood", sources=bundled_dataset.sources)
    first.write(tmp_path / "one.html")
    second.write(tmp_path / "two.html")
    page = tmp_path / "report.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Report</title></head><body><h1>A report</h1>'
        + first.fragment() + "<p>Between the views.</p>" + second.fragment()
        + '<iframe id="f1" src="one.html" width="900" height="600"></iframe>'
        + '<iframe id="f2" src="two.html" width="900" height="600"></iframe>'
        + second._repr_html_().replace("<iframe ", '<iframe id="f3" ', 1) + "</body></html>", encoding="utf-8")
    drain_logs(browser)
    browser.get(page.as_uri())
    one, two = browser.find_elements(By.CSS_SELECTOR, ".cjgraph-view")
    for root in (one, two):
        browser.execute_script("arguments[0].scrollIntoView();", root)
        wait_ready(browser, root)
    assert one.get_attribute("id") != two.get_attribute("id")
    assert counts(one) == (graph.number_of_nodes(), graph.number_of_edges())
    assert counts(two) == (other_graph.number_of_nodes(), other_graph.number_of_edges())
    assert drawn_pixels(browser, one) > 100 and drawn_pixels(browser, two) > 100
    status_two = two.find_element(By.CSS_SELECTOR, "[data-role=status]").text
    one.find_element(By.CSS_SELECTOR, "[data-role=search]").send_keys(graph.nodes[centre]["name"])
    assert centre in js(browser, one, "return view.network.getSelectedNodes();")
    assert js(browser, two, "return view.network.getSelectedNodes();") == []
    assert two.find_element(By.CSS_SELECTOR, "[data-role=status]").text == status_two
    assert browser.execute_script("return typeof window.vis") == "undefined"
    assert_clean(browser)
    for frame, expected in (("f1", graph), ("f2", other_graph), ("f3", other_graph)):
        element = browser.find_element(By.ID, frame)
        browser.execute_script("arguments[0].scrollIntoView();", element)  # off-screen frames are not drawn
        browser.switch_to.frame(element)
        try:
            root = browser.find_element(By.CSS_SELECTOR, ".cjgraph-view")
            wait_ready(browser, root)
            assert counts(root) == (expected.number_of_nodes(), expected.number_of_edges())
        finally:
            browser.switch_to.default_content()
    assert_clean(browser)


def test_physics_stabilises_then_stops(browser, flagship, tmp_path):
    graph = flagship[0].subgraph(sorted(flagship[0].nodes)[:100])
    view = build_view(graph, title="Physics", layout="browser")
    root = open_view(browser, view.write(tmp_path / "physics.html"))
    assert js(browser, root, "return view.network.physics.options.enabled;") is False
    before = js(browser, root, "return view.network.getPositions();")
    time.sleep(0.5)
    assert js(browser, root, "return view.network.getPositions();") == before
    assert len(before) == graph.number_of_nodes()


def synthetic_graph(nodes: int = 2000, edges: int = 3000, seed: int = 7) -> nx.MultiDiGraph:
    """A random graph shaped like cjgraph's: every node a kind, a name and one evidence quote."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        graph.add_node(f"n-{i}", kind=rng.choice(ENTITY_KINDS), name=f"Entity {i}", aliases=[f"E{i}"], date="2015",
                       type=None, evidence=[{"document": "doc", "quote": f"Entity {i} is mentioned here."}])
    while graph.number_of_edges() < edges:
        u, v = rng.sample(range(nodes), 2)
        graph.add_edge(f"n-{u}", f"n-{v}", key="about", kind="about",
                       evidence=[{"document": "doc", "quote": f"Entity {u} is about entity {v}."}])
    return graph


def test_large_view_is_laid_out_in_python_and_becomes_interactive(browser, tmp_path):
    graph = synthetic_graph()
    view = build_view(graph, title="2,000 entities")
    assert view.payload["layout"] == "python"
    root = open_view(browser, view.write(tmp_path / "large.html"))
    assert counts(root) == (graph.number_of_nodes(), graph.number_of_edges())
    assert js(browser, root, "return view.network.physics.options.enabled;") is False
    positions = js(browser, root, "return view.network.getPositions(['n-0', 'n-1999']);")
    placed = {n["id"]: n for n in view.payload["nodes"]}
    for node in ("n-0", "n-1999"):
        assert positions[node] == {"x": placed[node]["x"], "y": placed[node]["y"]}
    click_node(browser, root, "n-1999")
    assert "Entity 1999 is mentioned here." in panel_text(root)
    assert json.loads(root.find_element(By.CSS_SELECTOR, "script[data-role=data]").get_attribute("textContent"))
    assert_clean(browser)


@pytest.mark.parametrize("count", [0, 1])
def test_tiny_views_become_ready(browser, tmp_path, count):
    graph = synthetic_graph(nodes=count, edges=0)
    root = open_view(browser, build_view(graph, title="Tiny").write(tmp_path / "tiny.html"))
    assert counts(root) == (count, 0)
    assert_clean(browser)
