"""The README's Python API examples are real: each ``pycon`` block of that section runs as a doctest on the
bundled seeds, so a change of API, message or data that makes one untrue fails here."""

from __future__ import annotations

import doctest
import re

import pytest

import cjgraph
from tests.conftest import IN_CI, ROOT


def api_examples() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```pycon\n(.*?)```", section, re.S)
    assert blocks, "the README's Python API section has no pycon examples"
    return "\n".join(blocks)


def test_the_python_api_examples_in_the_readme_give_what_they_show(loaded_store, tmp_path, monkeypatch):
    if not IN_CI:
        pytest.importorskip("pandas", reason="pandas is in the test extra: pip install -e '.[test]'")
    monkeypatch.chdir(tmp_path)  # "empty-folder" is a folder that does not exist here
    with cjgraph.open(loaded_store) as g:
        test = doctest.DocTestParser().get_doctest(api_examples(), {"cjgraph": cjgraph, "g": g}, "README.md",
                                                   "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, out=print)
    assert runner.summarize(verbose=False).failed == 0  # the differences are printed above
    assert runner.tries >= 8
    assert not (tmp_path / "empty-folder").exists()


def test_the_readme_question_examples_are_real_output(loaded_store):
    """Each question's example table in the README is the first rows of a real run on the bundled seeds
    (regenerate with ``python scripts/readme_questions.py --write``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_questions", ROOT / "scripts" / "readme_questions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(module._BLOCK.findall(text)) >= 19, "the README lost its per-question examples"
    with cjgraph.open(loaded_store) as g:
        assert module.rewrite(text, g) == text, "README examples are stale: python scripts/readme_questions.py --write"
