"""Views as a reader meets them, in headless Chromium (network blocked): first paint, deep links, embeds,
navigation (focus, grouping, years, passage filter, keyboard). Screenshots for docs/views.md are written
into docs/img/ when CJGRAPH_WRITE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from cjgraph.api import Graph
from cjgraph.backends.embedded import EmbeddedBackend
from tests.plugins.browser import XSS_PAYLOADS, drain_logs, wait_ready
from tests.test_browser import assert_clean

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
    """Load URL afresh (a URL differing only in its #fragment would not reload) and wait for its first view."""
    browser.get("about:blank")
    drain_logs(browser)
    browser.get(url)
    root = browser.find_element(By.CSS_SELECTOR, ".cjgraph-view")
    wait_ready(browser, root)
    return root




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


# --- reproducible states: deep links, copy link, embed --------------------------------------------

CENTRE = "transforming-rehabilitation"


@pytest.fixture(scope="module")
def whole(graph, tmp_path_factory) -> Path:
    return graph.view(title="The whole record").write(tmp_path_factory.mktemp("whole") / "whole.html")


def by_hand(browser, root, name: str) -> None:
    """Search for NAME, open the first result with the keyboard, focus on it, widen to depth 2, years 2010-2015."""
    box = root.find_element(By.CSS_SELECTOR, "[data-role=search]")
    box.send_keys(name)
    box.send_keys(Keys.ARROW_DOWN)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    root.find_element(By.CSS_SELECTOR, "[data-role=focus-here]").click()
    root.find_element(By.CSS_SELECTOR, "[data-role=focus-in]").click()
    for role, year in (("year-from", "2010"), ("year-to", "2015")):
        field = root.find_element(By.CSS_SELECTOR, f"[data-role={role}]")
        field.clear()
        field.send_keys(year, Keys.TAB)


def test_deep_link_gives_the_same_entities_as_the_same_clicks(browser, graph, whole):
    name = graph.dataset().entities[CENTRE].name
    root = open_page(browser, whole.as_uri())
    everything = visible(browser, root)
    by_hand(browser, root, name)
    clicked = visible(browser, root)
    state = browser.execute_script("return arguments[0].cjgraph.state();", root)
    assert state == {"sel": CENTRE, "focus": CENTRE, "depth": 2, "from": 2010, "to": 2015, "kinds": None, "min": 1,
                     "docs": 1, "group": ""}
    assert CENTRE in clicked and 1 < len(clicked) < len(everything)
    dated = browser.execute_script(
        "return arguments[0].cjgraph.data.nodes.filter(n => n.year !== null).map(n => [n.id, n.year]);", root)
    assert all(2010 <= year <= 2015 for node, year in dated if node in clicked)
    root.find_element(By.CSS_SELECTOR, "[data-role=copy-link]").click()
    link = root.find_element(By.CSS_SELECTOR, "[data-role=link]").get_attribute("value")
    assert link == f"{whole.as_uri()}#sel={CENTRE}&focus={CENTRE}&depth=2&years=2010-2015"
    assert_clean(browser)

    linked = open_page(browser, f"{whole.as_uri()}#focus={CENTRE}&depth=2&years=2010-2015&sel={CENTRE}")
    assert visible(browser, linked) == clicked
    assert browser.execute_script("return arguments[0].cjgraph.state();", linked) == state
    assert browser.execute_script("return arguments[0].cjgraph.network.getSelectedNodes();", linked) == [CENTRE]
    assert name in linked.find_element(By.CSS_SELECTOR, "[data-role=panel]").text
    assert drawn(linked) == len(clicked)
    count, outside = browser.execute_script(OUTSIDE, linked)
    assert count == len(clicked) and outside == []
    screenshot(browser, "view-deep-link")
    assert_clean(browser)


def test_embed_mode_has_no_page_chrome(browser, whole):
    root = open_page(browser, f"{whole.as_uri()}#embed&focus={CENTRE}")
    assert "cjv-embed" in root.get_attribute("class")
    for selector in (".cjv-title", ".cjv-tools", ".cjv-legend"):
        assert not root.find_element(By.CSS_SELECTOR, selector).is_displayed()
    assert root.find_element(By.CSS_SELECTOR, "[data-role=canvas]").is_displayed()
    assert browser.execute_script("return arguments[0].cjgraph.state().focus;", root) == CENTRE
    screenshot(browser, "view-embed")
    assert_clean(browser)


def test_a_link_names_its_view_when_a_page_has_two(browser, graph, tmp_path):
    first, second = graph.view(**DEMO), graph.view(**TR2)
    page = tmp_path / "two.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Two</title></head><body>'
                    + first.fragment("500px") + second.fragment("500px") + "</body></html>", encoding="utf-8")
    for suffix, changed in (("#focus=" + CENTRE, None), (f"#view={second.view_id}&focus={CENTRE}&depth=1", 1)):
        browser.get("about:blank")
        drain_logs(browser)
        browser.get(page.as_uri() + suffix)
        one, two = browser.find_elements(By.CSS_SELECTOR, ".cjgraph-view")
        for root in (one, two):
            browser.execute_script("arguments[0].scrollIntoView();", root)
            wait_ready(browser, root)
        assert browser.execute_script("return arguments[0].cjgraph.state().focus;", one) is None
        state = browser.execute_script("return arguments[0].cjgraph.state();", two)
        assert state["focus"] == (CENTRE if changed else None)
        assert drawn(one) == first.node_count
        assert (drawn(two) < second.node_count) == bool(changed)
    two.find_element(By.CSS_SELECTOR, "[data-role=copy-link]").click()
    link = two.find_element(By.CSS_SELECTOR, "[data-role=link]").get_attribute("value")
    assert link == f"{page.as_uri()}#view={second.view_id}&sel={CENTRE}&focus={CENTRE}&depth=1"
    assert_clean(browser)


@pytest.mark.parametrize("fragment", [
    "#sel=hostile-act&focus=hostile-review&depth=1&embed",
    "#group=kind&sel=hostile-trust",
    "#focus=%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D9%22%3E&sel=%3Cscript%3Ewindow.__xss%3D8%3C/script%3E",
])
def test_hostile_text_stays_inert_in_every_mode(browser, xss_seeds, tmp_path, fragment):
    from cjgraph.graph import to_networkx
    from cjgraph.validation import load_dataset
    from cjgraph.viz import build_view

    dataset = load_dataset([xss_seeds])
    view = build_view(to_networkx(dataset), title=XSS_PAYLOADS["svg"], sources=dataset.sources)
    path = view.write(tmp_path / "x.html")
    root = open_page(browser, path.as_uri() + fragment)
    root.find_element(By.CSS_SELECTOR, "[data-role=copy-link]").click()
    box = root.find_element(By.CSS_SELECTOR, "[data-role=search]")
    box.send_keys("<")
    names = [b.text for b in root.find_elements(By.CSS_SELECTOR, "[data-role=results] button")]
    assert any(name.startswith(XSS_PAYLOADS["script"]) for name in names)
    box.send_keys(Keys.ARROW_DOWN)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    text = root.find_element(By.CSS_SELECTOR, "[data-role=panel]").text
    assert any(payload in text for payload in XSS_PAYLOADS.values())
    assert browser.execute_script("return window.__xss") is None
    assert browser.execute_script("return document.querySelectorAll('img, svg[onload], iframe').length") == 0
    assert browser.execute_script("return document.scripts.length") == 2
    assert_clean(browser)


# --- navigation: years, grouping, passage filter, edges, keyboard -------------------------------------


def js(browser, root, code: str, *args):
    return browser.execute_script("const view = arguments[0].cjgraph; " + code, root, *args)


def click_at(browser, canvas, point: dict) -> None:
    """A real mouse click at a point of the canvas (pixels from its top left corner)."""
    dx, dy = int(point["x"] - canvas.size["width"] / 2), int(point["y"] - canvas.size["height"] / 2)
    ActionChains(browser).move_to_element_with_offset(canvas, dx, dy).click().perform()


def test_timeline_hides_entities_dated_after_the_chosen_year(browser, whole):
    root = open_page(browser, whole.as_uri())
    years = dict(js(browser, root, "return view.data.nodes.map(n => [n.id, n.year]);"))
    field = root.find_element(By.CSS_SELECTOR, "[data-role=year-to]")
    field.clear()
    field.send_keys("2012", Keys.TAB)
    shown = set(visible(browser, root))
    assert shown == {node for node, year in years.items() if year is None or year <= 2012}
    assert any(year and year > 2012 for year in years.values())
    assert drawn(root) == len(shown)
    screenshot(browser, "view-timeline")
    root.find_element(By.CSS_SELECTOR, "[data-role=play]").click()  # plays from the first year
    first = min(year for year in years.values() if year)
    WebDriverWait(browser, 20).until(lambda _d: js(browser, root, "return view.state().to;") >= first + 2)
    root.find_element(By.CSS_SELECTOR, "[data-role=play]").click()  # stop
    to = js(browser, root, "return view.state().to;")
    assert set(visible(browser, root)) == {node for node, year in years.items() if year is None or year <= to}
    assert_clean(browser)


@pytest.mark.parametrize("mode", ["kind", "community"])
def test_grouping_collapses_and_expands(browser, graph, tmp_path, mode):
    view = graph.view(**TR2)
    root = open_page(browser, view.write(tmp_path / "tr.html").as_uri())
    everything = drawn(root)
    Select(root.find_element(By.CSS_SELECTOR, "[data-role=group]")).select_by_value(mode)
    WebDriverWait(browser, 10).until(lambda _d: drawn(root) < everything)
    wait_ready(browser, root)
    grouped = drawn(root)
    groups = js(browser, root, "return view.groups();")
    assert groups and grouped < everything / 3 and sum(groups.values()) + grouped - len(groups) == everything
    if mode == "kind":
        screenshot(browser, "view-grouped")
    biggest = max(groups, key=lambda g: (groups[g], g))
    size = groups[biggest]
    js(browser, root, "view.network.focus(arguments[1], {scale: 1, animation: false});", biggest)
    canvas = root.find_element(By.CSS_SELECTOR, "[data-role=canvas]")
    point = js(browser, root, "return view.network.canvasToDOM(view.network.getPosition(arguments[1]));", biggest)
    click_at(browser, canvas, point)
    WebDriverWait(browser, 10).until(lambda _d: drawn(root) == grouped - 1 + size)
    Select(root.find_element(By.CSS_SELECTOR, "[data-role=group]")).select_by_value("")
    WebDriverWait(browser, 10).until(lambda _d: drawn(root) == everything)
    assert_clean(browser)


def test_passage_filter_and_edge_width(browser, whole):
    root = open_page(browser, whole.as_uri())
    passages = js(browser, root, "return view.data.edges.map(e => e.passages);")
    widths = js(browser, root, "return view.data.edges.map(e => view.edges.get(e.id).width);")
    pairs = sorted(set(zip(passages, widths, strict=True)))
    assert max(passages) > 1 and len({w for _p, w in pairs}) > 1
    assert [w for _p, w in pairs] == sorted(w for _p, w in pairs)  # more passages, a wider edge
    field = root.find_element(By.CSS_SELECTOR, "[data-role=min-passages]")
    field.send_keys(Keys.CONTROL, "a", Keys.NULL, "2", Keys.TAB)
    WebDriverWait(browser, 10).until(lambda _d: int(root.get_attribute("data-edges")) < len(passages))
    kept = js(browser, root, "return view.network.body.edgeIndices.length;")
    assert kept == sum(1 for p in passages if p >= 2)
    assert_clean(browser)


def test_edges_have_a_wider_hit_area(browser, graph, tmp_path):
    view = graph.view(**DEMO)
    root = open_page(browser, view.write(tmp_path / "demo.html").as_uri())
    edge = view.payload["edges"][0]
    point = js(browser, root, """
        const net = view.network, e = arguments[1];
        const a = net.canvasToDOM(net.getPosition(e.from)), b = net.canvasToDOM(net.getPosition(e.to));
        const len = Math.hypot(b.x - a.x, b.y - a.y);
        return {x: (a.x + b.x) / 2 - 6 * (b.y - a.y) / len, y: (a.y + b.y) / 2 + 6 * (b.x - a.x) / len};""",
               {"from": edge["from"], "to": edge["to"]})
    canvas = root.find_element(By.CSS_SELECTOR, "[data-role=canvas]")
    click_at(browser, canvas, point)
    text = root.find_element(By.CSS_SELECTOR, "[data-role=panel]").text
    assert text.startswith(f"{graph.dataset().entities[edge['from']].name} — {edge['kind']} →")
    assert_clean(browser)


def test_keyboard_reaches_search_results_and_the_evidence_panel(browser, graph, whole):
    root = open_page(browser, whole.as_uri())
    box = root.find_element(By.CSS_SELECTOR, "[data-role=search]")
    box.send_keys("rehabilitation")
    box.send_keys(Keys.ARROW_DOWN)
    first = browser.switch_to.active_element
    assert first.get_attribute("data-id") and first.find_element(By.XPATH, "..").tag_name == "li"
    first.send_keys(Keys.ARROW_DOWN)
    second = browser.switch_to.active_element
    assert second.get_attribute("data-id") not in (None, first.get_attribute("data-id"))
    chosen = second.get_attribute("data-id")
    second.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("data-role") == "panel"
    assert graph.dataset().entities[chosen].name in root.find_element(By.CSS_SELECTOR, "[data-role=panel]").text
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("data-role") == "focus-here"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert js(browser, root, "return view.state().focus;") == chosen
    assert_clean(browser)


# --- scale -----------------------------------------------------------------------------------------


def test_a_very_large_view_opens_grouped_by_kind_and_expands(browser, tmp_path):
    import random

    import networkx as nx

    from cjgraph.viz import build_view
    from cjgraph.vocab import ENTITY_KINDS

    rng, graph, count = random.Random(3), nx.MultiDiGraph(), 3200
    for i in range(count):
        graph.add_node(f"n-{i}", kind=ENTITY_KINDS[i % len(ENTITY_KINDS)], name=f"Entity {i}", aliases=[],
                       evidence=[{"document": "doc", "quote": f"Entity {i} is mentioned here."}])
    for _ in range(2 * count):
        u, v = rng.sample(range(count), 2)
        graph.add_edge(f"n-{u}", f"n-{v}", key="about", kind="about", evidence=[{"document": "doc", "quote": "q"}])
    view = build_view(graph, title="3,200 entities")
    root = open_page(browser, view.write(tmp_path / "large.html").as_uri())
    assert drawn(root) == len(ENTITY_KINDS)  # one group per kind
    assert js(browser, root, "return view.state().group;") == "kind"
    assert len(visible(browser, root)) == count
    groups = js(browser, root, "return view.groups();")
    assert sorted(groups.values()) == [count // len(ENTITY_KINDS)] * len(ENTITY_KINDS)
    group = sorted(groups)[0]
    js(browser, root, "view.network.focus(arguments[1], {scale: 1, animation: false});", group)
    canvas = root.find_element(By.CSS_SELECTOR, "[data-role=canvas]")
    where = "return view.network.canvasToDOM(view.network.getPosition(arguments[1]));"
    click_at(browser, canvas, js(browser, root, where, group))
    WebDriverWait(browser, 30).until(lambda _d: drawn(root) == len(ENTITY_KINDS) - 1 + count // len(ENTITY_KINDS))
    assert_clean(browser)
