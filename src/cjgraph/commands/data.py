"""Commands that check, load and export the data: validate, load, export, stats, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import emit, format_options, graph_command, seeds_option, with_dated_graph, with_graph


@click.command()
@seeds_option
def validate(seeds):
    """Check seed files: schema, ids, references, kinds, dates and verbatim quotes.

    Prints every problem as PATH:LINE: MESSAGE and exits 1, or a one-line summary and exits 0.
    """
    from ..api import validate as validate_seeds
    from ..errors import SeedError

    report = validate_seeds(seeds or None)
    if report.problems:
        raise SeedError(report.problems)
    click.echo(report.summary())


@graph_command()
@seeds_option
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@with_graph
def load(seeds, quiet, graph):
    """Validate the seeds, then replace the backend's graph with them (all or nothing)."""
    report = graph.load(seeds or None, progress=None if quiet else _ProgressBar())
    if not quiet:
        extra = f", {report.triples} triples" if report.triples is not None else ""
        click.echo(f"loaded {report.entities} entities and {report.relations} relations{extra} "
                   f"into {report.backend} ({report.location})")


class _ProgressBar:
    """A rich progress bar on a terminal, shown for loads large enough to notice (20,000 items or more)."""

    def __init__(self):
        self.bar = self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if not sys.stderr.isatty() or total < 20_000:
                return
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.task = self.bar.add_task("loading", total=total)
            self.bar.start()
        self.bar.update(self.task, completed=done, total=total)
        if done >= total:
            self.bar.stop()





@graph_command()
@click.option("-f", "--format", "fmt", default="json", show_default=True,
              type=click.Choice(["json", "ttl", "jsonld", "nt", "graphml", "gexf", "csv"]),
              help="json (stable, documented), RDF (ttl, jsonld, nt), graph tools (graphml, gexf) or csv.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (for csv: a folder that receives nodes.csv and edges.csv).")
@with_dated_graph
def export(fmt, output, graph):
    """Export the loaded graph with its evidence."""
    from ..errors import UsageError

    if fmt == "csv" and output is None:
        raise UsageError("csv export writes two files: give -o FOLDER")
    result = graph.export(fmt, output)
    if isinstance(result, list):
        for path in result:
            click.echo(f"wrote {path}", err=True)
    elif output is None:
        sys.stdout.buffer.write(result)
        sys.stdout.flush()
    else:
        click.echo(f"wrote {output}", err=True)


@graph_command()
@format_options
@with_dated_graph
def stats(fmt, output, graph):
    """Coverage: counts per kind and relationship, entities without relationships, evidence per source."""
    emit(graph.stats().render(fmt), output)


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def schema(output):
    """Print the JSON Schema of a seed file (for editor completion)."""
    import json

    from ..model import SeedFile

    emit(json.dumps(SeedFile.model_json_schema(), indent=2) + "\n", output)


__all__ = ["export", "load", "schema", "stats", "validate"]
