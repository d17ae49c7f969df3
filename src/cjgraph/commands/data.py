"""Commands that check, load and export the data: validate, check, load, export, stats, schema."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..vocab import WARNING_KINDS, WARNINGS
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


@click.command(help=f"""A curator's quality report on the seeds: warnings, not errors.

Prints each warning as PATH:LINE: warning: KIND: MESSAGE, then a count on standard error. A seed entry
silences a warning with `acknowledge: [{{warning: KIND, reason: "..."}}]`. Exits 0, or with --strict 1
when any warning is not acknowledged. The seeds must validate first.

\b
{chr(10).join(f"{kind}: {about}" for kind, (_, about) in WARNINGS.items())}
""")
@seeds_option
@click.option("--strict", is_flag=True, help="Exit 1 if any warning is not acknowledged.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(WARNING_KINDS), metavar="KIND",
              help="Only this kind of warning; repeat for several (default: all).")
@click.option("--max-named", default=4, show_default=True, type=click.IntRange(0),
              help="broad-about: the most known entities an about's passage may name.")
@click.option("--max-reuse", default=5, show_default=True, type=click.IntRange(1),
              help="reused-passage: the most unrelated groups of entities one passage may back statements about.")
@click.option("--similarity", default=90.0, show_default=True, type=click.FloatRange(0, 100),
              help="duplicate: the name similarity (rapidfuzz token_sort_ratio, 0-100) from which to warn.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per warning; json: a list of objects (path, line, kind, message, subject).")
def check(seeds, strict, kinds, max_named, max_reuse, similarity, fmt):
    import json
    from collections import Counter

    from ..checks import check as check_seeds

    found = check_seeds(seeds or None, kinds=kinds, max_named=max_named, max_reuse=max_reuse,
                        similarity=similarity, acknowledged=True)
    warnings = [w for w in found if w.acknowledged is None]
    if fmt == "json":
        rows = [{k: v for k, v in w.as_data().items() if k != "acknowledged"} for w in warnings]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for warning in warnings:
            click.echo(str(warning))
    counts = Counter(w.kind for w in warnings)
    summary = ", ".join(f"{kind} {counts[kind]}" for kind in WARNING_KINDS if counts[kind])
    click.echo(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}{': ' + summary if summary else ''}"
               f" ({len(found) - len(warnings)} acknowledged)", err=True)
    if strict and warnings:
        click.get_current_context().exit(1)


@graph_command()
@seeds_option
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@with_graph
def load(seeds, quiet, graph):
    """Validate the seeds, then replace the backend's graph with them (all or nothing)."""
    report = graph.load(seeds or None, progress=None if quiet else _ProgressBar())
    from ..seeds import draft_files, resolve_seed_dirs  # #18: drafts wait for review

    for path in draft_files(resolve_seed_dirs(seeds or None)):
        click.echo(f"note: {path} is a draft (draft: true): not loaded until its items are accepted", err=True)
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
              type=click.Choice(["json", "ttl", "jsonld", "nt", "graphml", "gexf", "csv", "csl-json", "bibtex", "ris"]),
              help="json (stable, documented), RDF (ttl, jsonld, nt), graph tools (graphml, gexf), csv, or the "
                   "source documents for reference managers (csl-json, bibtex, ris).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (for csv: a folder that receives nodes.csv and edges.csv).")
@with_dated_graph
def export(fmt, output, graph):
    """Export the loaded graph with its evidence, or its source documents as citations."""
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
@format_options(formats=("table", "json", "csv", "markdown", "html"))
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


__all__ = ["check", "export", "load", "schema", "stats", "validate"]
