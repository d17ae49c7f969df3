"""`cjgraph draft`: propose seed items for one source document (issue #18), written as a draft file."""

from __future__ import annotations

from pathlib import Path

import click

from .common import seeds_option


@click.command()
@click.argument("source_id")
@seeds_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the draft here (default: standard output). Inside a seed folder, `validate` checks it "
                   "and `load` skips it.")
@click.option("--rejected", "rejected", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A rejections file besides each seed folder's .rejected.yaml; repeat for several.")
@click.option("--min-confidence", default=0.0, show_default=True, type=click.FloatRange(0, 1),
              help="Leave out proposals below this confidence.")
def draft(source_id, seeds, output, rejected, min_confidence):
    """Propose entities and relationships from one source, each with its sentence as a verbatim passage, a
    confidence and a reason, less what the seeds state or a curator rejected.

    SOURCE_ID is a source of sources/sources.yaml in the seed folders. The draft is a seed file marked
    `draft: true`; review it, then move the accepted items (without their `draft:` notes) into a seed file.
    """
    from ..drafting import draft as draft_source
    from ..drafting import to_yaml

    proposal = draft_source(source_id, seeds or None, rejected=rejected)
    proposal.entities = [i for i in proposal.entities if i.confidence >= min_confidence]
    kept = {i.data["id"] for i in proposal.entities}
    proposal.relations = [i for i in proposal.relations if i.confidence >= min_confidence
                          and all(end in kept or not _new(end, proposal) for end in (i.data["source"],
                                                                                      i.data["target"]))]
    text = to_yaml(proposal)
    if output is None:
        click.echo(text, nl=False)
    else:
        from ..errors import UsageError, write_file

        try:
            output.parent.mkdir(parents=True, exist_ok=True)  # e.g. seeds/drafts/, as the docs suggest
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        write_file(output, text)
    click.echo(f"drafted {_count(len(proposal.entities), 'entity', 'entities')} and "
               f"{_count(len(proposal.relations), 'relation', 'relations')} from {source_id}"
               + (f" into {output}" if output else ""), err=True)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _new(ident: str, proposal) -> bool:
    return ident in proposal.new_ids
