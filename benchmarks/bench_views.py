"""Benchmark of interactive views: build + write a 2,000-entity view, its size, and its time to
stable and interactive in headless Chromium. Prints one JSON object.

    .venv/bin/python -m benchmarks.bench_views [--nodes 2000] [--edges 6000] [--source synth|random]
                                              [--no-browser] [--repeat 3]

``synth`` (default when available) generates a seed folder shaped like the bundled data with
``cjgraph.synth`` and loads it through the validator, so the evidence is realistic; ``random`` is a
plain random graph. Targets (docs/benchmarks.md): interactive within 5 s, file at most 2 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]


def random_graph(nodes: int, edges: int, seed: int = 7) -> tuple[nx.MultiDiGraph, dict]:
    """A random graph with cjgraph's attributes: kind, name, an alias and one evidence quote per item."""
    from cjgraph.vocab import ENTITY_KINDS

    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        graph.add_node(f"n-{i}", kind=rng.choice(ENTITY_KINDS), name=f"Entity number {i}", aliases=[f"E{i}"],
                       date="2015", type=None, evidence=[{"document": "doc", "quote": f"Entity number {i} is here."}])
    while graph.number_of_edges() < edges:
        u, v = rng.sample(range(nodes), 2)
        graph.add_edge(f"n-{u}", f"n-{v}", key="about", kind="about",
                       evidence=[{"document": "doc", "quote": f"Entity {u} is about entity {v}."}])
    return graph, {"doc": {"title": "A document", "publisher": "Nobody", "date": "2015"}}


def synth_graph(nodes: int, edges: int, folder: Path) -> tuple[nx.MultiDiGraph, dict]:
    """A validated synthetic seed folder (cjgraph.synth) as a graph, with its source documents."""
    from cjgraph.graph import to_networkx
    from cjgraph.synth import synthesise
    from cjgraph.validation import load_dataset

    synthesise(folder, entities=nodes, relations=edges, seed=1)
    dataset = load_dataset([folder])
    return to_networkx(dataset), dataset.sources


def time_to_ready(path: Path, repeat: int) -> dict:
    """Open the view in headless Chromium (network blocked) until it reports ready, ``repeat`` times."""
    sys.path.insert(0, str(ROOT))
    from selenium.webdriver.common.by import By

    from tests.plugins.browser import make_driver, wait_ready

    driver = make_driver()
    # Long main-thread tasks (> 50 ms) while the page loads: the longest is how long the page is frozen.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__long = []; new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) {"
        " window.__long.push(e.duration); }); }).observe({entryTypes: ['longtask']});")})
    ready_ms, wall, longest = [], [], []
    try:
        for _ in range(repeat):
            driver.get("about:blank")
            start = time.perf_counter()
            driver.get(path.as_uri())
            root = driver.find_element(By.CSS_SELECTOR, ".cjgraph-view")
            wait_ready(driver, root, timeout=300)
            wall.append(time.perf_counter() - start)
            ready_ms.append(int(root.get_attribute("data-ready-ms")))
            longest.append(driver.execute_script("return Math.max(0, ...window.__long);"))
            drawn = (int(root.get_attribute("data-nodes")), int(root.get_attribute("data-edges")))
        pick = driver.execute_script(
            "const v = arguments[0].cjgraph, t = performance.now();"
            "const id = v.data.nodes[0].id; if (v.nodes.get(id)) v.network.selectNodes([id]);"
            "v.showNode(id); v.network.redraw();"
            "return performance.now() - t;", root)
        groups = len(driver.execute_script("return arguments[0].cjgraph.groups();", root))
        expand = driver.execute_script(  # open the biggest group, as a click on it does, and draw
            "const v = arguments[0].cjgraph, g = v.groups(), ids = Object.keys(g);"
            "if (!ids.length) return null;"
            "const big = ids.reduce((a, b) => g[a] >= g[b] ? a : b), t = performance.now();"
            "v.network.body.emitter.emit('click', {nodes: [big], edges: [], pointer: {canvas: {x: 0, y: 0}}});"
            "v.network.redraw(); return performance.now() - t;", root)
    finally:
        driver.quit()
    return {"ready_s_median": round(statistics.median(ready_ms) / 1000, 3),
            "ready_s_runs": [round(m / 1000, 3) for m in ready_ms],
            "load_to_ready_wall_s_median": round(statistics.median(wall), 3),
            "drawn_nodes": drawn[0], "drawn_edges": drawn[1], "groups": groups,
            "select_and_panel_ms": round(pick, 1), "expand_biggest_group_ms": expand and round(expand, 1),
            "longest_task_ms_median": round(statistics.median(longest)), "longest_task_ms_runs": longest}


def measure(nodes: int = 2000, edges: int | None = None, source: str = "synth", browser: bool = True,
            repeat: int = 3) -> dict:
    """Build and write the view, then (optionally) time it in Chromium; returns the figures."""
    from cjgraph.viz import PHYSICS_LIMIT, build_view

    edges = 3 * nodes if edges is None else edges
    with tempfile.TemporaryDirectory(prefix="cjgraph-bench-") as tmp:
        folder = Path(tmp)
        if source == "synth":
            try:
                graph, sources = synth_graph(nodes, edges, folder / "seeds")
            except ImportError:
                source = "random"
        if source == "random":
            graph, sources = random_graph(nodes, edges)
        path = folder / "view.html"
        builds = []
        for _ in range(repeat):
            start = time.perf_counter()
            view = build_view(graph, title=f"{nodes:,} entities", sources=sources)
            view.write(path)
            builds.append(time.perf_counter() - start)
        result = {
            "benchmark": "views", "source": source, "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(), "layout": view.payload["layout"], "physics_limit": PHYSICS_LIMIT,
            "build_and_write_s_median": round(statistics.median(builds), 3),
            "build_and_write_s_runs": [round(b, 3) for b in builds],
            "file_bytes": path.stat().st_size, "file_mb": round(path.stat().st_size / 1e6, 3),
            "target_ready_s": 5.0, "target_file_mb": 2.0,
        }
        if browser:
            result.update(time_to_ready(path, repeat))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=None, help="default: 3 per entity")
    parser.add_argument("--source", choices=("synth", "random"), default="synth")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    result = measure(args.nodes, args.edges, args.source, not args.no_browser, args.repeat)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
