"""Views as a reader meets them, in headless Chromium (network blocked): first paint, deep links, embeds,
navigation (focus, grouping, years, passage filter, keyboard). Screenshots for docs/views.md are written
into docs/img/ when CJGRAPH_WRITE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from cjgraph.api import Graph
from cjgraph.backends.embedded import EmbeddedBackend
from tests.plugins.browser import console_errors, drain_logs, external, requests_made, wait_ready

IMG = Path(__file__).resolve().parent.parent / "docs" / "img"
DEMO = {"query": "reviews-citing-acts"}
TR2 = {"focus": "transforming-rehabilitation", "depth": 2}

OUTSIDE = """
    const root = arguments[0], net = root.cjgraph.network, c = root.querySelector('[data-role=canvas]');
    const w = c.clientWidth, h = c.clientHeight, out = [];
    for (const id of net.body.nodeIndices) {
      const bb = net.getBoundingBox(id);
      const a = net.canvasToDOM({x: bb.left, y: bb.top}), z = net.canvasToDOM({x: bb.right, y: bb.bottom});
      if (a.x < 0 || a.y < 0 || z.x > w || z.y > h) out.push(id);
    }
    return [net.body.nodeIndices.length, out];"""


@pytest.fixture(scope="module")
def graph(loaded_store):
    g = Graph(EmbeddedBackend(loaded_store))
    yield g
    g.close()


def open_page(browser, url: str):
    drain_logs(browser)
    browser.get(url)
    root = browser.find_element(By.CSS_SELECTOR, ".cjgraph-view")
    wait_ready(browser, root)
    return root


def assert_clean(browser) -> None:
    assert console_errors(browser) == []
    assert external(requests_made(browser)) == []


def visible(browser, root) -> list[str]:
    return browser.execute_script("return arguments[0].cjgraph.visible();", root)


def drawn(root) -> int:
    return int(root.get_attribute("data-nodes"))


def screenshot(browser, name: str) -> None:
    """docs/img/NAME.png, when CJGRAPH_WRITE_SCREENSHOTS=1 (the pictures in docs/views.md)."""
    if os.environ.get("CJGRAPH_WRITE_SCREENSHOTS") == "1":
        IMG.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(IMG / f"{name}.png"))


@pytest.mark.parametrize("size", [(1400, 1000), (700, 520)])
@pytest.mark.parametrize(("name", "selection"), [("demo", DEMO), ("tr-depth2", TR2)])
def test_first_paint_has_every_entity_inside_the_canvas(browser, graph, tmp_path, name, selection, size):
    view = graph.view(selection.get("query"), **{k: v for k, v in selection.items() if k != "query"})
    browser.set_window_size(*size)
    try:
        root = open_page(browser, view.write(tmp_path / f"{name}.html").as_uri())
        count, outside = browser.execute_script(OUTSIDE, root)
        assert count == view.node_count and outside == []
        assert browser.execute_script("return arguments[0].cjgraph.network.physics.options.enabled;", root) is False
        if size[0] == 1400:
            screenshot(browser, f"view-{name}")
    finally:
        browser.set_window_size(1400, 1000)
    assert_clean(browser)


def test_query_view_leaves_out_evidence_documents_unless_asked(graph):
    plain = {n["id"] for n in graph.view("reviews-citing-acts").payload["nodes"]}
    assert "clinks-briefings-index" not in plain
    with_sources = {n["id"] for n in graph.view("reviews-citing-acts", sources=True).payload["nodes"]}
    assert with_sources - plain == {"clinks-briefings-index"}


def test_labels_are_short_and_never_two_alike(graph):
    nodes = graph.view(**TR2).payload["nodes"]
    labels = [n.get("label", n["name"]).casefold() for n in nodes]
    assert len(set(labels)) == len(labels)
    assert all(len(line) <= 16 for n in nodes for line in n.get("label", "").split("\n")[:3])
    assert any("label" in n for n in nodes)
