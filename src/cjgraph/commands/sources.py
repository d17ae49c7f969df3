"""`cjgraph sources`: the source documents of a seed folder (``sources add`` for now)."""

from __future__ import annotations

from pathlib import Path

import click

from ..ingest.extract import FORMATS


@click.group()
def sources():
    """Source documents: add a PDF, web page, Word file, Markdown or text file to a seed folder."""


@sources.command("add", help=f"""Add FILE ({', '.join(sorted(FORMATS))}) to a seed folder as a source document.

Its text is stored as sources/ID.txt (a PDF's pages each end with a form feed, so a quote's page can be
found) and its entry is appended to sources/sources.yaml. Nothing runs from the file, and nothing is
written unless it gives a usable text and a valid entry; then check the seeds with `cjgraph validate`.
""")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--seeds", "seeds", metavar="DIR", default=None,
              help="Seed folder to add it to (its sources/ receives the text; default: the bundled seeds of a "
                   "source checkout).")
@click.option("--id", "id", metavar="ID", default=None, help="The source's id [default: a slug of the title].")
@click.option("--title", default=None, help="Title [default: the one the file declares].")
@click.option("--publisher", default=None, help="Publisher [default: the author or site the file names].")
@click.option("--date", default=None, metavar="DATE", help="Publication date: 2023, 2023-05 or 2023-05-12 "
                                                           "[default: the file's own].")
@click.option("--url", default=None, help="Where the document was found [default: the page's canonical URL].")
@click.option("--kind", default=None, help="What kind of document, e.g. 'inspection report' [default: from its "
                                           "format, e.g. 'PDF document'].")
def add(file, seeds, id, title, publisher, date, url, kind):
    from ..ingest import add_source

    added = add_source(file, seeds, id=id, title=title, publisher=publisher, date=date, url=url, kind=kind)
    for warning in added.warnings:
        click.echo(warning, err=True)
    click.echo(added.summary())


__all__ = ["sources"]
