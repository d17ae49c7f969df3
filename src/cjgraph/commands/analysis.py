"""Commands that analyse the graph as a network: path and analyse."""

from __future__ import annotations

import click

from .common import as_of_option, emit_rows, format_options, parse_as_of_value, with_backend

WHAT = ("centrality", "communities", "components")
KINDS = ("Review", "Act", "Strategy", "Organisation", "Person", "Partnership", "Recommendation", "Publication")


def _graph(backend, when):
    """The networkx graph of the backend's dataset, as the record stood on ``when`` (None: today)."""
    from ..asof import as_of
    from ..errors import UsageError
    from ..graph import to_networkx

    dataset = backend.dataset()
    if when is not None:
        dataset = as_of(dataset, when)
        if not dataset.entities:
            raise UsageError(f"nothing was on record on {when.isoformat()}: every entity's evidence or date "
                             "is later (try a later --as-of)")
    return to_networkx(dataset)


def _resolve_in(backend, graph, value: str, when) -> str:
    """An entity id resolved against the whole store, then checked against the as-of graph."""
    from ..errors import UsageError
    from ..queries import resolve_entity

    entity_id = resolve_entity(backend, value)
    if entity_id not in graph:
        raise UsageError(f"{value!r} ({entity_id}) was not yet on record on {when.isoformat()}: its date or "
                         "every passage about it is later")
    return entity_id


@click.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option("--max-hops", type=click.IntRange(min=1), default=None, help="Longest chain to look for.")
@click.option("--via", "via", multiple=True, type=click.Choice(KINDS), metavar="KIND",
              help="Only pass through entities of this kind (repeatable; the ends may be any kind).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many shortest chains to show.")
@as_of_option
@format_options
@with_backend
def path(source, target, max_hops, via, limit, as_of, fmt, output, backend):
    """Shortest chains between entities A and B (ids, names or aliases), each hop with its evidence.

    Relationships are followed in either direction; each hop shows the relationship's true direction.
    """
    from ..analytics import PATH_COLUMNS, path_rows, shortest_paths
    from ..errors import CjgraphError

    when = parse_as_of_value(as_of)
    graph = _graph(backend, when)
    a = _resolve_in(backend, graph, source, when)
    b = _resolve_in(backend, graph, target, when)
    paths = shortest_paths(graph, a, b, max_hops=max_hops, via=via or None, limit=limit)
    if not paths:
        limits = [f"within {max_hops} hops" if max_hops else "", f"via {', '.join(via)}" if via else "",
                  f"on {when.isoformat()}" if when else ""]
        raise CjgraphError(" ".join(["no chain of relationships joins", repr(a), "and", repr(b),
                                     *[x for x in limits if x]]))
    emit_rows(PATH_COLUMNS, path_rows(paths), fmt, output,
              title=f"Shortest chains from {a} to {b}" if fmt == "markdown" else None)


@click.command()
@click.option("--what", type=click.Choice(WHAT), default="centrality", show_default=True,
              help="centrality: degree and betweenness per entity, ranked within its kind; communities: "
                   "modularity groups; components: connected components.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), metavar="KIND",
              help="Only entities of this kind (repeatable).")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="Centrality: the first N of each kind; communities/components: the first N groups.")
@as_of_option
@format_options
@with_backend
def analyse(what, kinds, top, as_of, fmt, output, backend):
    """Network analytics: the most connected entities, communities and connected components."""
    from .. import analytics

    graph = _graph(backend, parse_as_of_value(as_of))
    if what == "centrality":
        columns, rows = analytics.CENTRALITY_COLUMNS, analytics.centrality(graph, kinds or None, top)
    else:
        columns = analytics.GROUP_COLUMNS
        rows = getattr(analytics, what)(graph, kinds or None, top)
    emit_rows(columns, rows, fmt, output, title=what.capitalize() if fmt == "markdown" else None)
