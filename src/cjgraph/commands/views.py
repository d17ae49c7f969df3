"""The `viz` command: an interactive, self-contained HTML view (or an SVG/PNG/PDF picture) of part of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..viewopts import LAYOUTS, ORIENTATIONS, PAGES
from .common import graph_command, with_dated_graph


@graph_command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write: FILE.html, FILE.svg, FILE.png or FILE.pdf (the suffix picks the format).")
@click.option("--query", "query_name", metavar="NAME",
              help="Show the entities in the rows of canned query NAME and the relationships among them.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of --query (repeatable).")
@click.option("--focus", metavar="ID|NAME|ALIAS", help="Show the neighbourhood of one entity.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around --focus.")
@click.option("--all", "show_all", is_flag=True, help="Show the whole graph.")
@click.option("--story", "story", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="FILE.yaml",
              help="A story: one view stepping through named states (focus, filters, years, captions); "
                   "see docs/views.md.")
@click.option("--kinds", multiple=True, metavar="KIND[,KIND]",
              help="Keep only entities of these kinds (repeatable or comma-separated).")
@click.option("--relations", multiple=True, metavar="REL[,REL]",
              help="Keep only relationships of these kinds (repeatable or comma-separated).")
@click.option("--with-sources", "with_sources", is_flag=True,
              help="--query: also show the documents its evidence passages are quoted from, as entities.")
@click.option("--title", default=None, help="Heading of the view [default: from the selection].")
@click.option("-f", "--format", "fmt", type=click.Choice(["html", "svg", "png", "pdf"]), default=None,
              help="html (interactive), or svg, png or pdf (static, for print) [default: from the file suffix, "
                   "else html]; a suffix meaning another format is refused.")
@click.option("--layout", type=click.Choice(list(LAYOUTS)), default="auto", show_default=True,
              help="; ".join(f"{name}: {meaning}" for name, meaning in LAYOUTS.items()) + ".")
@click.option("--page", type=click.Choice(list(PAGES)), default=None,
              help="Pictures: fit the page (A4, US Letter, a 16:9 slide) [default: the drawing's natural size].")
@click.option("--orientation", type=click.Choice(ORIENTATIONS), default="auto", show_default=True,
              help="Pictures on a --page: auto takes the one that prints the drawing largest.")
@with_dated_graph
def viz(output, query_name, params, focus, depth, show_all, story, kinds, relations, with_sources, title, fmt, layout,
        page, orientation, graph):
    """Write a view of the graph: colours and shapes per kind, a legend, search, a kind filter and
    the evidence quotes of every entity and relationship. One file, no network needed.

    Choose what to show with exactly one of --query NAME, --focus ID, --all or --story FILE; narrow it with
    --kinds and --relations.
    """
    from ..errors import UsageError
    from ..queries import parse_param_pairs
    from ..viz import view_format

    fmt = view_format(output, fmt)  # a refused suffix fails before the graph is read

    chosen = [name for name, given in (("--query", query_name), ("--focus", focus), ("--all", show_all),
                                       ("--story", story)) if given]
    if len(chosen) != 1:
        raise UsageError("choose what to show with exactly one of --query NAME, --focus ID, --all or --story FILE"
                         + (f" (got {' and '.join(chosen)})" if chosen else ""))
    if params and not query_name:
        raise UsageError("--param goes with --query")
    _picture(fmt, output, page, orientation)  # before the work
    if story is not None:
        from ..stories import story_view

        if fmt != "html":
            raise UsageError("--story writes an interactive view: -o FILE.html")
        view = story_view(graph, story, title=title, layout=layout)
        view.write(output, fmt)
        click.echo(f"wrote {output} ({view.node_count} entities, {len(view.payload['story']['steps'])} steps)",
                   err=True)
        return
    view = graph.view(query_name, parse_param_pairs(params), focus=focus, depth=depth, kinds=kinds,
                      relations=relations, title=title, layout=layout, sources=with_sources)
    view.write(output, fmt, **_picture(fmt, output, page, orientation))
    click.echo(f"wrote {output} ({view.node_count} entities, {view.edge_count} relationships)", err=True)


def _picture(fmt: str | None, output: Path, page: str | None, orientation: str) -> dict:
    """--page and --orientation for a picture; a UsageError for an HTML view."""
    from ..errors import UsageError
    from ..viz import view_format

    if view_format(output, fmt) == "html":  # an unknown or mismatched suffix is refused here
        if page or orientation != "auto":
            raise UsageError(f"{'--page' if page else '--orientation'} goes with a picture: -o FILE.svg, FILE.png "
                             "or FILE.pdf (or --format svg|png|pdf)")
        return {}
    return {"page": page, "orientation": orientation}
