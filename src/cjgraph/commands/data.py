"""Commands that check, load and export the data: validate, load, export, stats, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import emit, emit_rows, format_options, seeds_option, with_backend


@click.command()
@seeds_option
def validate(seeds):
    """Check seed files: schema, ids, references, kinds, dates and verbatim quotes.

    Prints every problem as PATH:LINE: MESSAGE and exits 1, or a one-line summary and exits 0.
    """
    from ..errors import SeedError
    from ..validate import validate_seeds

    report = validate_seeds(seeds)
    if report.problems:
        raise SeedError(report.problems)
    click.echo(report.summary())


@click.command()
@seeds_option
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@with_backend
def load(seeds, quiet, backend):
    """Validate the seeds, then replace the backend's graph with them (all or nothing)."""
    from ..validate import load_dataset

    dataset = load_dataset(seeds)
    report = backend.load(dataset, progress=None if quiet else _progress(dataset))
    if not quiet:
        extra = f", {report.triples} triples" if report.triples is not None else ""
        click.echo(f"loaded {report.entities} entities and {report.relations} relations{extra} "
                   f"into {report.backend} ({report.location})")


def _progress(dataset):
    """A rich progress bar on a terminal for loads large enough to notice; None otherwise."""
    if not sys.stderr.isatty() or len(dataset.entities) + len(dataset.relations) < 20_000:
        return None
    from rich.progress import Progress

    bar = Progress(transient=True)
    task = bar.add_task("loading", total=len(dataset.entities) + len(dataset.relations))
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        if done >= total:
            bar.stop()

    return update


@click.command()
@click.option("-f", "--format", "fmt", default="json", show_default=True,
              type=click.Choice(["json", "ttl", "jsonld", "nt", "graphml", "gexf", "csv"]),
              help="json (stable, documented), RDF (ttl, jsonld, nt), graph tools (graphml, gexf) or csv.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (for csv: a folder that receives nodes.csv and edges.csv).")
@with_backend
def export(fmt, output, backend):
    """Export the loaded graph with its evidence."""
    from ..export import export_text

    dataset = backend.dataset()
    if fmt in ("graphml", "gexf", "csv"):
        from ..graphio import export_graph

        written = export_graph(dataset, fmt, output)
        for path in written:
            click.echo(f"wrote {path}", err=True)
        return
    data = export_text(dataset, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output}", err=True)


@click.command()
@format_options
@with_backend
def stats(fmt, output, backend):
    """Coverage: counts per kind and relationship, entities without relationships, evidence per source."""
    from ..explore import coverage

    report = coverage(backend.dataset())
    if fmt == "json":
        import json

        emit(json.dumps(report, ensure_ascii=False, indent=2) + "\n", output)
        return
    from ..output import render

    parts = [
        render(["kind", "count"], report["entities"], fmt, title="Entities"),
        render(["relation", "count"], report["relations"], fmt, title="Relationships"),
        render(["document", "quotes"], report["evidence"], fmt, title="Evidence per source document"),
        render(["id", "kind", "name"], report["orphans"], fmt, title="Entities without relationships"),
    ]
    emit("\n".join(parts), output)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def schema(output):
    """Print the JSON Schema of a seed file (for editor completion)."""
    import json

    from ..model import SeedFile

    emit(json.dumps(SeedFile.model_json_schema(), indent=2) + "\n", output)


__all__ = ["emit_rows", "export", "load", "schema", "stats", "validate"]
