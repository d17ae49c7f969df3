"""Pictures for print: SVG laid out by Graphviz, measured in real headless Chromium; PNG and PDF from it.

The browser checks what a printed page shows: every text box (getBBox) inside the viewBox, no two entity
labels overlapping (nor a relationship label over an entity label), labels all different, and the caption
naming the dataset stamp. Set CJGRAPH_SCREENSHOTS=FOLDER to keep screenshots of the pictures (docs/img).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import cjgraph
from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.errors import UsageError
from cjgraph.graph import to_networkx
from cjgraph.gvlayout import lay_out
from cjgraph.labels import unique_labels, wrap
from cjgraph.validation import load_dataset
from cjgraph.viewopts import PAGES
from cjgraph.viz import build_view
from tests.plugins.browser import XSS_PAYLOADS, console_errors, drain_logs, external, requests_made

SVG = "{http://www.w3.org/2000/svg}"
SHOTS = os.environ.get("CJGRAPH_SCREENSHOTS")
TR = "transforming-rehabilitation"

MEASURE = """
const svg = document.documentElement, vb = svg.viewBox.baseVal;
const box = el => { const b = el.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
return {viewBox: [vb.x, vb.y, vb.x + vb.width, vb.y + vb.height],
        labels: [...svg.querySelectorAll('g.labels > text')].map(t => ({id: t.dataset.entity, text: t.textContent,
                                                                       box: box(t)})),
        edges: [...svg.querySelectorAll('g.edge-labels > text')].map(box),
        texts: [...svg.querySelectorAll('text')].map(box),
        caption: [...svg.querySelectorAll('g.caption > text')].map(t => t.textContent).join(' '),
        scripts: svg.querySelectorAll('script, foreignObject, [onload], [onclick]').length,
        xss: window.__xss === undefined ? null : window.__xss};
"""


def cli(runner: CliRunner, *args: str) -> None:
    from cjgraph.cli import main

    result = runner.invoke(main, ["viz", *args])
    assert result.exit_code == 0, result.output


def inside(box, frame) -> bool:
    return frame[0] <= box[0] and frame[1] <= box[1] and box[2] <= frame[2] and box[3] <= frame[3]


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def measured(browser, path: Path) -> dict:
    """Open a picture in Chromium (no network) and measure its texts."""
    drain_logs(browser)
    browser.get(path.as_uri())
    found = browser.execute_script(MEASURE)
    assert console_errors(browser) == [] and external(requests_made(browser)) == []
    if SHOTS:
        width, height = browser.execute_script(
            "const r = document.documentElement.getBoundingClientRect(); return [r.width, r.height]")
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": round(width), "height": round(height), "deviceScaleFactor": 1, "mobile": False})
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(SHOTS) / f"print-{path.stem}.png"))
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return found


def assert_legible(found: dict) -> None:
    labels = found["labels"]
    assert labels, "no label drawn"
    for text in found["texts"]:
        assert inside(text, found["viewBox"]), f"a text at {text} leaves the viewBox {found['viewBox']}"
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not overlap(a["box"], b["box"]), f"labels overlap: {a['text']!r} and {b['text']!r}"
        for edge in found["edges"]:
            assert not overlap(a["box"], edge), f"a relationship label lies over {a['text']!r}"
    names = [label["text"].casefold() for label in labels]
    assert len(set(names)) == len(names), "two labels are the same"


@pytest.mark.parametrize(("name", "args"), [
    ("demo", ["--query", "reviews-citing-acts"]),
    ("tr-depth1", ["--focus", TR, "--depth", "1"]),
    ("tr-depth1-a4", ["--focus", TR, "--depth", "1", "--page", "a4"]),
    ("tr-timeline-a4", ["--focus", TR, "--depth", "1", "--layout", "timeline", "--page", "a4"]),
    ("demo-slide", ["--query", "reviews-citing-acts", "--layout", "hierarchy", "--page", "slide"]),
])
def test_every_label_inside_the_picture_and_apart(browser, runner, tmp_path, loaded_store, name, args):
    out = tmp_path / f"{name}.svg"
    cli(runner, *args, "-o", str(out))
    found = measured(browser, out)
    assert_legible(found)
    backend = EmbeddedBackend(loaded_store)
    try:
        stamp = backend.stamp()
    finally:
        backend.close()
    assert re.fullmatch(r"cj-[0-9a-f]{12}", stamp) and f"dataset {stamp}" in found["caption"]
    assert "Sources: " in found["caption"] and "Dates: the whole record" in found["caption"]
    view = cjgraph.open(loaded_store).view(*(["reviews-citing-acts"] if "--query" in args else []),
                                           **({"focus": TR} if "--focus" in args else {}))
    assert {label["id"] for label in found["labels"]} == {n["id"] for n in view.payload["nodes"]}


def test_the_caption_says_the_question_parameters_and_scope(runner, tmp_path):
    out = tmp_path / "p.svg"
    cli(runner, "--query", "partners-of", "-p", "org=clinks", "--as-of", "2016",
        "--kinds", "Organisation,Partnership", "-o", str(out))
    caption = " ".join(t.text for g in ET.parse(out).getroot().iter(f"{SVG}g") if g.get("class") == "caption"
                       for t in g)
    assert "(canned query partners-of)" in caption
    assert "org = clinks" in caption and "kinds = Organisation, Partnership" in caption
    assert "Dates: as of 2016-12-31;" in caption


def test_hostile_names_stay_text(browser, xss_seeds, tmp_path):
    backend = EmbeddedBackend(memory=True)
    backend.load(load_dataset([xss_seeds]))
    dataset = backend.dataset()
    view = build_view(to_networkx(dataset), title=XSS_PAYLOADS["svg"], sources=dataset.sources)
    found = measured(browser, view.write(tmp_path / "xss.svg"))
    assert found["xss"] is None and found["scripts"] == 0
    drawn = " ".join(label["text"] for label in found["labels"])
    assert "<script>window.__xss" in drawn and "<img src=x" in drawn
    assert_legible(found)
    for tag in ET.fromstring(view.svg()).iter():
        assert tag.tag.removeprefix(SVG) not in ("script", "foreignObject", "a", "image")
        assert not [k for k in tag.attrib if k.lower().startswith("on")]


@pytest.mark.parametrize(("page", "orientation"), [("a4", "landscape"), ("a4", "portrait"), ("letter", "auto"),
                                                   ("slide", "landscape")])
def test_pdf_and_png_have_the_page_size(runner, tmp_path, page, orientation):
    pdf, png = tmp_path / "v.pdf", tmp_path / "v.png"
    for out in (pdf, png):
        cli(runner, "--focus", TR, "--page", page, "--orientation", orientation, "-o", str(out))
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", data).group(1).split()]
    width, height = box[2] - box[0], box[3] - box[1]
    long, short = PAGES[page].long, PAGES[page].short
    expected = {(long, short), (short, long)} if orientation == "auto" else {
        (short, long) if orientation == "portrait" else (long, short)}
    assert any(abs(width - w) < 0.5 and abs(height - h) < 0.5 for w, h in expected), (width, height)
    image = png.read_bytes()
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert pixels == (round(width * 150 / 72), round(height * 150 / 72))


def test_timeline_runs_left_to_right_by_year_and_hierarchy_puts_predecessors_above(loaded_store):
    graph = cjgraph.open(loaded_store)
    view = graph.view(focus=TR, depth=2, layout="timeline")
    placed = lay_out(view.payload, "timeline")
    years = [year for _x, year in placed.ticks]
    assert years[0] == "undated" and years[1:] == sorted(years[1:]) and len(years) > 3
    column = dict((year, x) for x, year in placed.ticks)
    for node in view.payload["nodes"]:
        year = node["date"][:4] if node.get("date") else "undated"
        assert abs(placed.boxes[node["id"]].x - column[year]) < 1, node["id"]
    assert view.payload["layout"] == "python" and all("x" in n for n in view.payload["nodes"])  # the HTML too
    chain = graph.view(focus="noms", depth=2, relations=["succeeds"], layout="hierarchy")
    placed = lay_out(chain.payload, "hierarchy")
    succeeds = [e for e in chain.payload["edges"] if e["kind"] == "succeeds"]
    assert succeeds
    for edge in succeeds:  # the successor below the one it succeeds
        assert placed.boxes[edge["from"]].y > placed.boxes[edge["to"]].y, edge


def test_labels_are_shortened_and_never_equal():
    assert wrap("Clinks response to the Ministry of Justice consultation", 16, 3) == [
        "Clinks response", "to the Ministry", "of Justice…"]
    nodes = [{"id": "a", "name": "Tracking Transforming Rehabilitation final report", "kind": "Publication"},
             {"id": "b", "name": "Tracking Transforming Rehabilitation interim report", "kind": "Publication"},
             {"id": "c", "name": "Tracking Transforming Rehabilitation", "kind": "Publication", "date": "2015"},
             {"id": "d", "name": "Tracking Transforming Rehabilitation", "kind": "Partnership"},
             {"id": "e", "name": "Same", "kind": "Act", "date": "2014"},
             {"id": "f", "name": "Same", "kind": "Act", "date": "2014"}]
    labels = unique_labels(nodes)
    assert labels["a"] != labels["b"] and labels["a"][-1].endswith("final report")
    assert labels["c"][-1] == "(2015)" and labels["d"][-1] == "(undated)"
    assert labels["e"] == ["Same", "(e)"] and labels["f"] == ["Same", "(f)"]
    assert len({tuple(v) for v in labels.values()}) == len(nodes)


def test_missing_graphviz_is_a_clear_error(loaded_store, tmp_path):
    """No Graphviz programs on the PATH: one line naming the install, never another layout."""
    env = {**os.environ, "PATH": str(tmp_path), "CJGRAPH_STORE": str(loaded_store),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    out = tmp_path / "v.svg"
    done = subprocess.run([sys.executable, "-m", "cjgraph", "viz", "--focus", TR, "-o", str(out)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.strip() == (
        "Error: the Graphviz program 'neato' was not found: pictures are laid out by Graphviz: install it with "
        "`apt-get install graphviz` (Debian/Ubuntu; `brew install graphviz` on macOS) and "
        "`pip install 'cjgraph[png]'`")


def test_page_and_layout_choices_are_checked(runner, tmp_path, loaded_store):
    from cjgraph.cli import main

    result = runner.invoke(main, ["viz", "--focus", TR, "--page", "a4", "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 2
    assert "Error: --page goes with a picture: -o FILE.svg, FILE.png or FILE.pdf (or --format svg|png|pdf)" \
        in result.output
    view = cjgraph.open(loaded_store).view(focus=TR)
    with pytest.raises(UsageError, match=r"^unknown page 'a3' \(choose from a4, letter, slide\)$"):
        view.svg(page="a3")
    with pytest.raises(UsageError, match=r"^unknown layout 'radial'"):
        view.svg(layout="radial")
    assert view.svg(page="a4") == view.svg(page="a4")  # deterministic
