"""Growing the evidence base: documents in, source texts out (issue #18).

    import cjgraph
    added = cjgraph.add_source("report.pdf", "my-notes/", publisher="HM Inspectorate of Probation")
    print(added.summary(), *added.warnings, sep="\\n")
    from cjgraph.ingest import page_of
    page_of(added.text_file.read_text(encoding="utf-8"), "a verbatim passage")   # its page, for citations

- :mod:`.extract` reads a file by its suffix (:mod:`.pdf`, :mod:`.web`, :mod:`.word`, Markdown and text), within
  the limits declared there, and never runs anything in it;
- :mod:`.pages` is the stored form of a text (a form feed ends each page of a PDF) and finds a quote's page;
- :mod:`.sources_add` writes the text and appends its entry to ``sources.yaml``, only once both are valid.

Later steps (draft, review, recheck) read the stored texts as validation does and cite pages with
:class:`~.pages.PageIndex`. The format libraries are imported only when a file of their format is read.
"""

from __future__ import annotations

from .pages import PageIndex, page_of
from .sources_add import AddedSource, add_source

__all__ = ["AddedSource", "PageIndex", "add_source", "page_of"]
