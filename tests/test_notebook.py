"""docs/notebook.ipynb runs for real: a Jupyter kernel on this interpreter executes every cell, and each answer
it shows is the answer the API gives here. The saved copy must hold the outputs of such a run.

Regenerate the saved outputs with ``CJGRAPH_REGEN_NOTEBOOK=1 .venv/bin/python -m pytest tests/test_notebook.py``.
Outputs bigger than ``SAVED_LIMIT`` (the inline view's HTML) are left out of the saved copy.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from html import escape
from pathlib import Path

import pytest

import cjgraph
from cjgraph.api import validate  # not cjgraph.validate: see test_cjgraph_validate_can_be_called_twice
from cjgraph.resources import bundled_seeds
from tests.conftest import IN_CI, ROOT

NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
REGEN = os.environ.get("CJGRAPH_REGEN_NOTEBOOK") == "1"
SAVED_LIMIT = 50_000
KERNEL = "cjgraph-test"
PANDAS_CELLS = {"reviews-citing-acts", "acts-per-document", "recommendations-to", "as-of"}  # repr is pandas's


def _need(module: str):
    """The module, or a skip on a developer machine; under CI=true a missing module is a failure."""
    if IN_CI:
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"{module} is missing: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The notebook executed in a fresh kernel, in an empty working folder, with every default location
    (store, temporary files, IPython and Jupyter folders) under a temporary folder. Returns (notebook, folder)."""
    nbformat = _need("nbformat")
    nbclient = _need("nbclient")
    _need("ipykernel")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    work = tmp_path_factory.mktemp("notebook")
    for name in ("cwd", "tmp", "kernels/" + KERNEL, "runtime", "ipython"):
        (work / name).mkdir(parents=True)
    # A kernel spec for exactly this interpreter, so a user-wide "python3" kernel cannot stand in for it
    (work / "kernels" / KERNEL / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "cjgraph test", "language": "python"}), encoding="utf-8")
    package_root = Path(cjgraph.__file__).resolve().parents[1]  # the kernel imports the cjgraph under test
    path = [str(package_root), *(str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
                                 if p)]
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as env:
        for key, value in {"CJGRAPH_STORE": work / "default-store", "XDG_DATA_HOME": work / "xdg",
                           "TMPDIR": work / "tmp", "IPYTHONDIR": work / "ipython",
                           "JUPYTER_RUNTIME_DIR": work / "runtime", "PYTHONPATH": os.pathsep.join(path)}.items():
            env.setenv(key, str(value))
        env.delenv("CJGRAPH_BACKEND", raising=False)
        manager = AsyncKernelManager(kernel_name=KERNEL,
                                     kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(work / "kernels")]))
        client = nbclient.NotebookClient(notebook, km=manager, timeout=600, record_timing=False,
                                         resources={"metadata": {"path": str(work / "cwd")}})
        client.execute()  # raises CellExecutionError, naming the cell, when a cell raises
    if REGEN:
        nbformat.write(for_saving(notebook, nbformat.read(NOTEBOOK, as_version=4)), NOTEBOOK)
    return notebook, work


def portable(text: str) -> str:
    """Paths below the bundled seed folder as ``seeds/...``, as a run from the repository root shows them
    (``show`` gives the file and line that define an entity, relative to the working folder when below it)."""
    for folder in {str(bundled_seeds()), str(bundled_seeds().resolve())}:
        text = text.replace(folder + os.sep, "seeds/")
    return text


def for_saving(executed, original):
    """The executed notebook as committed: outputs over SAVED_LIMIT left out, portable paths, the original's
    metadata (not this machine's Python version)."""
    saved = copy.deepcopy(executed)
    saved.metadata = original.metadata
    for cell in saved.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.outputs if len(json.dumps(o)) <= SAVED_LIMIT]
        for output in cell.outputs:
            if output.output_type == "stream":
                output.text = portable(output.text)
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    output.data[mime] = portable(value)
    return saved


def cell(notebook, tag: str):
    [found] = [c for c in notebook.cells if tag in c.metadata.get("tags", [])]
    return found


def printed(notebook, tag: str) -> str:
    return "".join(o.text for o in cell(notebook, tag).outputs if o.output_type == "stream" and o.name == "stdout")


def shown(notebook, tag: str, mime: str) -> str:
    """The one rich output (a display or the cell's value) of ``mime`` in the cell."""
    [value] = [o.data[mime] for o in cell(notebook, tag).outputs
               if o.output_type in ("execute_result", "display_data") and mime in o.data]
    return value


def body_rows(html: str) -> int:
    [body] = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
    return body.count("<tr")


def series(text: str) -> dict[str, int]:
    """A pandas Series of counts as printed: ``index-name`` line, ``label   count`` lines, ``Name: ...`` line."""
    lines = text.splitlines()
    assert lines[-1].startswith("Name: ") and "dtype: int" in lines[-1], text
    return {label.strip(): int(count) for label, count in (line.rsplit(maxsplit=1) for line in lines[1:-1])}


@pytest.fixture(scope="module")
def graph(loaded_store):
    with cjgraph.open(loaded_store) as g:
        yield g


def test_every_code_cell_ran_without_an_error(run):
    notebook, _ = run
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    tags = [t for c in code for t in c.metadata.get("tags", [])]
    assert len(tags) == len(set(tags)) == len(code), "each code cell has one tag of its own"


def test_the_notebook_loads_into_a_folder_of_its_own_and_never_touches_the_default_store(run):
    notebook, work = run
    assert not (work / "default-store").exists() and not (work / "xdg").exists()
    [store] = (work / "tmp").glob("cjgraph-notebook-*")
    assert any(store.iterdir())
    assert not any((work / "cwd").iterdir())
    report = validate()
    entities, relations = len(report.dataset.entities), len(report.dataset.relations)
    assert printed(notebook, "setup").startswith(f"loaded {entities} entities and {relations} relationships (")


def test_the_questions_are_the_catalogue(run, graph):
    notebook, _ = run
    assert shown(notebook, "questions", "text/html") == graph.queries()._repr_html_()


def test_the_dataframe_holds_the_rows_of_the_query(run, graph):
    notebook, _ = run
    expected = graph.query("reviews-citing-acts")
    assert len(expected) > 0
    assert printed(notebook, "reviews-citing-acts") == f"({len(expected)}, {len(expected.columns)})\n"
    html = shown(notebook, "reviews-citing-acts", "text/html")
    assert body_rows(html) == len(expected)
    for row in expected:
        assert escape(str(row["act_name"]), quote=False) in html and escape(str(row["quote"]), quote=False) in html


def test_the_groupby_counts_are_the_distinct_documents_per_act(run, graph):
    notebook, _ = run
    documents = defaultdict(set)
    for row in graph.query("reviews-citing-acts"):
        documents[row["act_name"]].add(row["document_id"])
    counted = series(shown(notebook, "acts-per-document", "text/plain"))
    assert counted == {act: len(ids) for act, ids in documents.items()}
    assert list(counted.values()) == sorted(counted.values(), reverse=True)


def test_recommendations_to_the_ministry_of_justice_are_counted_per_maker(run, graph):
    notebook, _ = run
    answer = graph.query("recommendations-to", to="Ministry of Justice")
    made = defaultdict(set)
    for row in answer:
        made[row["made_by"]].add(row["recommendation_id"])
    distinct = len({row["recommendation_id"] for row in answer})
    assert printed(notebook, "recommendations-to") == f"{distinct} recommendations, {len(answer)} rows\n"
    assert series(shown(notebook, "recommendations-to", "text/plain")) == {k: len(v) for k, v in made.items()}


def test_an_answer_prints_its_repr_and_markdown(run, graph):
    notebook, _ = run
    funding = graph.query("funding", funder="NOMS")
    assert printed(notebook, "answer") == f"{funding!r}\n{funding.render('markdown')}\n"


@pytest.mark.parametrize(("tag", "call"), [
    ("show", lambda g: g.show("HMPPS")),
    ("search", lambda g: g.search("probation", kinds=["Organisation"])),
    ("path", lambda g: g.path("West Mercia Probation Trust", "Ministry of Justice")),
    ("centrality", lambda g: g.analyse("centrality", kinds=["Organisation"], top=5)),
    ("as-of-centrality", lambda g: g.as_of("2013").analyse("centrality", kinds=["Organisation"], top=5)),
])
def test_each_answer_is_shown_as_the_api_gives_it(run, graph, tag, call):
    notebook, _ = run
    expected = call(graph)
    assert portable(shown(notebook, tag, "text/html")) == portable(expected._repr_html_())
    assert portable(shown(notebook, tag, "text/markdown")) == portable(expected._repr_markdown_())


def test_the_view_renders_inline_in_a_sandboxed_frame(run, graph):
    notebook, _ = run
    html = shown(notebook, "view", "text/html")
    assert html.startswith('<iframe srcdoc="') and html.endswith("</iframe>")
    assert 'sandbox="allow-scripts allow-popups"' in html
    view = graph.view(focus="noms")
    assert f'title="{view.title}"' in html
    assert len(html) > SAVED_LIMIT  # which is why the saved copy leaves it out (the markdown cell says so)
    counts = f"{view.node_count} entities, {view.edge_count} relationships"
    assert printed(notebook, "view-svg") == f"{view.title}: {counts}\n"
    svg = shown(notebook, "view-svg", "image/svg+xml")
    assert "<svg" in svg and f"; {counts}, each backed by quoted passages" in svg  # the caption says what it shows
    assert f"dataset {graph.stamp}" in svg


def test_as_of_answers_from_the_record_at_the_date(run, graph):
    notebook, _ = run
    now, then = graph.query("reviews-citing-acts"), graph.as_of("2013").query("reviews-citing-acts")
    assert 0 < len(then) < len(now)
    # what the markdown before the centrality cell says of the Ministry of Justice
    assert graph.as_of("2013").resolve("Ministry of Justice") == "ministry-of-justice"
    assert len(graph.as_of("2013").query("recommendations-to", to="Ministry of Justice")) > 0
    sources = validate().dataset.sources
    ministry = graph.dataset().entities[graph.resolve("Ministry of Justice")]
    assert ministry.date is None and {str(sources[e.document].date)[:4] for e in ministry.evidence} == {"2023"}
    with pytest.raises(cjgraph.UsageError) as said:
        graph.said_by("2016").resolve("HMPPS")
    assert printed(notebook, "said-by") == f"{said.value}\n"
    assert str(said.value) == ("'HMPPS' is not on record by 2016-12-31 (first said in clinks-briefings-index, "
                               "dated 2018-06)")
    assert printed(notebook, "as-of") == f"{len(now)} rows today, {len(then)} as of 2013\n"
    assert body_rows(shown(notebook, "as-of", "text/html")) == len(then)


def test_the_error_cell_shows_the_message_and_suggestions(run, graph):
    notebook, _ = run
    with pytest.raises(cjgraph.NotFoundError) as caught:
        graph.show("clinkz")
    assert printed(notebook, "errors") == f"{caught.value}\n{caught.value.suggestions}\n"
    assert caught.value.suggestions


def test_validate_reports_the_bundled_seeds_ok(run):
    notebook, _ = run
    report = validate()
    assert printed(notebook, "validate") == report.summary() + "\n"
    assert shown(notebook, "validate", "text/plain") == "[]"


def test_the_saved_notebook_holds_the_outputs_of_a_real_run(run):
    """Same code, same printed text and (apart from pandas's own reprs and pictures) same outputs: the copy on
    GitHub shows what running it gives. Fails when the API, the seeds or the notebook change without a regen."""
    nbformat = _need("nbformat")
    notebook, _ = run
    saved = nbformat.read(NOTEBOOK, as_version=4)
    expected = for_saving(notebook, saved)
    hint = "docs/notebook.ipynb is stale: regenerate it with CJGRAPH_REGEN_NOTEBOOK=1 pytest tests/test_notebook.py"
    assert [c.source for c in saved.cells] == [c.source for c in expected.cells]
    for old, new in zip(saved.cells, expected.cells, strict=True):
        if old.cell_type != "code":
            continue
        [tag] = old.metadata["tags"]
        assert [o.output_type for o in old.outputs] == [o.output_type for o in new.outputs], (tag, hint)
        for before, after in zip(old.outputs, new.outputs, strict=True):
            if before.output_type == "stream":
                assert before.text == after.text, (tag, hint)
            elif tag not in PANDAS_CELLS:
                texts = {m for m in after.data if m.startswith("text/")}
                assert {m: before.data.get(m) for m in texts} == {m: after.data[m] for m in texts}, (tag, hint)
    assert not cell(saved, "view").outputs  # left out of the saved copy; it renders when run


def test_the_saved_notebook_is_small():
    assert NOTEBOOK.stat().st_size < 200_000


def test_cjgraph_validate_can_be_called_twice(tmp_path):
    """A submodule named like an API function would replace it once imported (it did: cjgraph/validate.py)."""
    code = "import cjgraph; cjgraph.validate(); cjgraph.validate()"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(Path(cjgraph.__file__).resolve().parents[1])})
    assert done.returncode == 0, done.stderr
