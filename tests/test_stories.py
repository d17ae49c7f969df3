"""Stories (`cjgraph viz --story FILE.yaml`): validation with located errors, and the steps in headless Chromium."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from cjgraph.api import Graph
from cjgraph.backends.embedded import EmbeddedBackend
from cjgraph.errors import UsageError
from cjgraph.stories import load_story, story_view
from tests.plugins.browser import XSS_PAYLOADS, console_errors, drain_logs, external, requests_made, wait_ready

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "stories" / "transforming-rehabilitation.yaml"


@pytest.fixture(scope="module")
def graph(loaded_store):
    g = Graph(EmbeddedBackend(loaded_store))
    yield g
    g.close()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ("title: T\nsteps:\n  - title: One\n    colour: red\n", "{path}:4: steps.0.colour: unknown field"),
    ("title: T\nsteps:\n  - title: One\n    years: 2015-20\n",
     "{path}:4: steps.0.years: years must look like 2010-2015, -2015, 2010- or 2015"),
    ("title: T\nsteps:\n  - title: One\n    kinds: [Act, Gadget]\n",
     "{path}:4: steps.0.kinds: unknown kind 'Gadget' (choose from Review, Act, Strategy, Organisation, Person, "
     "Partnership, Recommendation, Publication)"),
    ("title: T\nsteps: []\n", "{path}:2: steps: List should have at least 1 item after validation, not 0"),
    ("title: T\nsteps:\n  - title: One\n    group: colour\n",
     "{path}:4: steps.0.group: Input should be 'kind' or 'community'"),
    ("- a list\n", "{path}:1: a story is a mapping with title, view and steps"),
    ("title: [unclosed\n", "{path}:2: invalid YAML: did not find expected ',' or ']'"),
])
def test_story_errors_are_located(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(UsageError) as caught:
        load_story(path)
    assert str(caught.value) == message.format(path=path)


def test_a_step_must_name_entities_of_the_view(graph, tmp_path):
    path = write(tmp_path, """\
        title: T
        view: {focus: transforming-rehabilitation, depth: 1}
        steps:
          - title: One
            select: clinks
          - title: Two
            focus: no-such-entity
        """)
    with pytest.raises(UsageError) as caught:
        story_view(graph, path)
    assert str(caught.value) == (f"{path}:5: steps.0.select: 'clinks' is not in the story's view\n"
                                 f"{path}:7: steps.1.focus: 'no-such-entity' is not in the story's view")


def test_viz_story_command(runner, tmp_path):
    from cjgraph.cli import main

    out = tmp_path / "story.html"
    result = runner.invoke(main, ["viz", "--story", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("4 steps)\n")
    result = runner.invoke(main, ["viz", "--story", str(EXAMPLE), "--all", "-o", str(out)])
    assert result.exit_code == 2
    assert "exactly one of --query NAME, --focus ID, --all or --story FILE (got --all and --story)" in result.output
    result = runner.invoke(main, ["viz", "--story", str(EXAMPLE), "-o", str(tmp_path / "s.svg")])
    assert result.exit_code == 2 and "--story writes an interactive view: -o FILE.html" in result.output


def story_state(browser, root) -> tuple:
    return (root.get_attribute("data-step"), browser.execute_script("return arguments[0].cjgraph.state();", root),
            browser.execute_script("return arguments[0].cjgraph.visible();", root))


def test_story_steps_through_its_states_with_their_evidence(browser, graph, tmp_path):
    from tests.test_browser_views import screenshot

    view = story_view(graph, EXAMPLE)
    steps = view.payload["story"]["steps"]
    path = view.write(tmp_path / "story.html")
    browser.get("about:blank")
    drain_logs(browser)
    browser.get(path.as_uri())
    root = browser.find_element(By.CSS_SELECTOR, ".cjgraph-view")
    seen = []
    for number, step in enumerate(steps, start=1):
        wait_ready(browser, root)
        shown, state, ids = story_state(browser, root)
        assert shown == str(number) and state == step["state"]
        assert root.find_element(By.CSS_SELECTOR, "[data-role=story-title]").text == step["title"]
        assert root.find_element(By.CSS_SELECTOR, "[data-role=story-caption]").text == step["caption"]
        name = next(n["name"] for n in view.payload["nodes"] if n["id"] == step["state"]["sel"])
        panel = root.find_element(By.CSS_SELECTOR, "[data-role=panel]").text
        assert panel.startswith(name) and "EVIDENCE" in panel.upper()
        assert step["state"]["focus"] in ids
        seen.append(ids)
        if number == 2:
            screenshot(browser, "view-story")
        if number < len(steps):
            root.find_element(By.CSS_SELECTOR, "[data-role=story-next]").click()
    assert len({tuple(ids) for ids in seen}) == len(steps)
    assert root.find_element(By.CSS_SELECTOR, "[data-role=story-next]").get_attribute("disabled")
    root.find_element(By.CSS_SELECTOR, "[data-role=story-prev]").send_keys(Keys.ARROW_LEFT)  # keyboard: back one
    wait_ready(browser, root)
    assert story_state(browser, root)[0] == str(len(steps) - 1)
    root.find_element(By.CSS_SELECTOR, "[data-role=copy-link]").click()
    link = root.find_element(By.CSS_SELECTOR, "[data-role=link]").get_attribute("value")
    assert link.startswith(f"{path.as_uri()}#step={len(steps) - 1}&")
    assert console_errors(browser) == [] and external(requests_made(browser)) == []

    browser.get("about:blank")
    browser.get(f"{path.as_uri()}#step=2")
    root = browser.find_element(By.CSS_SELECTOR, ".cjgraph-view")
    wait_ready(browser, root)
    assert story_state(browser, root)[0] == "2" and story_state(browser, root)[2] == seen[1]


def test_hostile_story_text_stays_inert(browser, xss_seeds, tmp_path):

    backend = EmbeddedBackend(memory=True)
    from cjgraph.validation import load_dataset

    backend.load(load_dataset([xss_seeds]))
    g = Graph(backend)
    path = write(tmp_path, f"""\
        title: {json.dumps(XSS_PAYLOADS['breakout'])}
        steps:
          - title: {json.dumps(XSS_PAYLOADS['img'])}
            caption: {json.dumps(XSS_PAYLOADS['script'] + XSS_PAYLOADS['svg'])}
            select: hostile-review
            focus: hostile-review
          - title: {json.dumps(XSS_PAYLOADS['attribute'])}
            caption: {json.dumps(XSS_PAYLOADS['javascript'])}
            select: hostile-act
            group: kind
        """)
    out = story_view(g, path).write(tmp_path / "x.html")
    browser.get("about:blank")
    drain_logs(browser)
    browser.get(out.as_uri())
    root = browser.find_element(By.CSS_SELECTOR, ".cjgraph-view")
    for _ in range(2):
        wait_ready(browser, root)
        assert root.find_element(By.CSS_SELECTOR, "[data-role=story-title]").text in XSS_PAYLOADS.values()
        root.find_element(By.CSS_SELECTOR, "[data-role=story-next]").click()
    assert root.find_element(By.CSS_SELECTOR, ".cjv-title").text == XSS_PAYLOADS["breakout"]
    assert browser.execute_script("return window.__xss") is None
    assert browser.execute_script("return document.querySelectorAll('img, svg[onload], iframe').length") == 0
    assert browser.execute_script("return document.scripts.length") == 2
    assert console_errors(browser) == [] and external(requests_made(browser)) == []
    g.close()
