"""Commands for scale testing: synth (a synthetic seed folder shaped like the bundled data)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("-n", "--entities", type=click.IntRange(min=1), required=True, help="How many entities to generate.")
@click.option("--relations", type=click.IntRange(min=0), default=None,
              help="How many relationships [default: 3 per entity].")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same folder.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "yaml"]), default="jsonl", show_default=True,
              help="Seed file format: JSON Lines (bulk) or YAML (as hand-written seeds).")
@click.option("--per-document", type=click.IntRange(min=1), default=50, show_default=True,
              help="Entities per generated source document.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write (new, empty, or written by an earlier synth run).")
def synth(entities, relations, seed, fmt, per_document, output):
    """Write a synthetic, valid seed folder for scale tests.

    The mix of entity kinds, relationships, optional fields and evidence follows the bundled seeds; every
    quote appears in a generated source document, so `cjgraph validate --seeds DIR` checks it like real data.
    """
    from ..synth import synthesise

    report = synthesise(output, entities, relations, seed, fmt=fmt, per_document=per_document)
    click.echo(f"wrote {report.entities} entities, {report.relations} relations and {report.sources} source "
               f"documents to {output} ({len(report.files)} files)")
