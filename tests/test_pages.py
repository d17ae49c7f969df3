"""Pages: a passage of a source added from a PDF knows its page, every backend keeps it, citations give it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cjgraph
from cjgraph.answers import Answer
from cjgraph.errors import SeedError
from cjgraph.resources import bundled_seeds
from tests.documents import pdf_from_text
from tests.test_backends import BACKENDS, dump, make_backend

BLOG = "clinks-blog-funding-specialist-cj-infrastructure.txt"
LATE = "Apply by Mon 18 Nov, 10am."  # on the PDF's second page
EARLY = "Jessica Mullen, Senior Policy and Projects Officer and Local Development Team Manager at Clinks"
NOTES = f"""\
document: blog-pdf
entities:
  - id: rr3-vacancy-notice
    kind: Publication
    name: RR3 vacancy notice
    evidence: ["{LATE}"]
relations:
  - source: rr3-vacancy-notice
    kind: published_by
    target: clinks
    evidence: ["{EARLY}"]
"""


@pytest.fixture(scope="module")
def paged_seeds(tmp_path_factory) -> Path:
    """The bundled seeds plus a source added from a two-page PDF and a seed file quoting both pages."""
    folder = tmp_path_factory.mktemp("paged") / "seeds"
    shutil.copytree(bundled_seeds(), folder)
    pdf = folder.parent / "blog.pdf"
    pdf_from_text((folder / "sources" / BLOG).read_text(encoding="utf-8"), pdf, title="The blog as a PDF",
                  author="Clinks")
    added = cjgraph.add_source(pdf, folder, id="blog-pdf", date="2016")
    assert added.pages == 2
    (folder / "pdfnotes.yaml").write_text(NOTES, encoding="utf-8")
    return folder


def _evidence(dataset, key) -> list:
    item = dataset.entities[key] if isinstance(key, str) else next(r for r in dataset.relations if r.key == key)
    return item.evidence


def test_validation_fills_in_each_passages_page(paged_seeds):
    dataset = cjgraph.validate(paged_seeds).dataset
    assert [e.page for e in _evidence(dataset, "rr3-vacancy-notice")] == [2]
    assert [e.page for e in _evidence(dataset, ("rr3-vacancy-notice", "published_by", "clinks"))] == [1]
    assert all(e.page is None for e in dataset.entities["clinks"].evidence)  # texts without pages: none


def test_a_wrong_page_is_a_problem_at_its_line(paged_seeds, tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(paged_seeds, folder)
    (folder / "pdfnotes.yaml").write_text(NOTES.replace(f'evidence: ["{LATE}"]',
                                                        f'evidence: [{{quote: "{LATE}", page: 1}}]'), encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        cjgraph.load(folder, tmp_path / "store")
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'pdfnotes.yaml'}:6: page 1 given, but the quote is on page 2 of 'blog-pdf'"]


@pytest.mark.parametrize("kind", BACKENDS)
def test_every_backend_keeps_the_pages(kind, request, tmp_path, paged_seeds):
    dataset = cjgraph.validate(paged_seeds).dataset
    backend = make_backend(kind, request, tmp_path)
    try:
        backend.load(dataset)
        assert dump(backend.dataset()) == dump(dataset)
        assert backend.passage_pages() == {("blog-pdf", LATE): 2, ("blog-pdf", EARLY): 1}
    finally:
        backend.close()


def test_citations_give_the_page(paged_seeds, tmp_path):
    graph = cjgraph.open(tmp_path / "store")
    graph.load(paged_seeds)
    answer = graph.query("publications-by", by="clinks")
    markdown = answer.render("markdown", cite=True)
    notes = [line for line in markdown.splitlines() if EARLY in line and line[0].isdigit()]
    assert len(notes) == 2  # the blog quotes it too: from its text, which has no pages
    assert [note.endswith(" p. 1.") for note in notes] == ["The blog as a PDF" in note for note in notes]
    assert any(note.endswith(" p. 1.") for note in notes)
    mine = Answer(["quote", "source"], [{"quote": LATE, "source": "blog-pdf"}], sources=graph.sources,
                  pages=graph.backend.passage_pages)
    (note,) = [line for line in mine.render("markdown", cite=True).splitlines() if line.startswith("1. ")]
    assert note.startswith(f"1. “{LATE}” Clinks (2016)") and "The blog as a PDF" in note and note.endswith(" p. 2.")
    graph.close()
