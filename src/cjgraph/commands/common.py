"""Options and helpers shared by the CLI commands: they translate flags into calls of cjgraph.api.

The connection options are built from what each registered backend declares (cjgraph.backends.base.Option).
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

FORMATS = ("table", "json", "csv", "markdown")


def seeds_option(func):
    return click.option(
        "--seeds", "seeds", multiple=True, metavar="DIR",
        help="Seed folder to use; repeat to layer folders in order. 'bundled' names the shipped seeds "
             "(the default when no --seeds is given).",
    )(func)


def _declared_options() -> dict[str, list[tuple[str, object]]]:
    """Every option name any backend declares, with (backend, declaration) pairs, in declaration order."""
    from ..backends import backend_class, registry

    found: dict[str, list[tuple[str, object]]] = {}
    for name in registry():
        for option in backend_class(name).options:
            found.setdefault(option.name, []).append((name, option))
    return found


def _help(declared: list[tuple[str, object]]) -> str:
    parts = []
    for backend, option in declared:
        extra = [f"env {' or '.join(option.env)}"] if option.env else []
        if option.default:
            extra.append(f"default {option.default}")
        parts.append(f"{option.help} ({backend}{'; ' if extra else ''}{'; '.join(extra)})")
    text = "; ".join(parts)
    if any(option.secret for _, option in declared):
        text += ". Prefer the environment variable or --ask-password: a flag is visible to other users"
    return text + "."


def backend_options(func):
    """--backend, --ask-password and every option the registered backends declare."""
    options = [
        click.option("--backend", default=None, envvar="CJGRAPH_BACKEND", metavar="NAME",
                     help="Where the graph lives: embedded (default), neo4j, sparql or a registered backend "
                          "[env CJGRAPH_BACKEND]."),
        click.option("--ask-password", is_flag=True, help="Prompt for the backend's password."),
    ]
    for name, declared in _declared_options().items():
        kind = click.Path(path_type=Path) if any(o.path for _, o in declared) else None
        options.append(click.option("--" + name.replace("_", "-"), name, type=kind, default=None,
                                    help=_help(declared)))
    for option in reversed(options):
        func = option(func)
    return func


def as_of_option(func):
    return click.option("--as-of", "as_of", default=None, metavar="DATE",
                        help="Answer as the record stood at DATE (2017, 2017-09 or 2017-09-08).")(func)


def format_options(func):
    func = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Write the result to FILE instead of the terminal.")(func)
    return click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(func)


def emit(text: str, output: Path | None) -> None:
    """Write command output to a file (reporting where) or to standard output."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


def _open_graph(kwargs: dict):
    """The Graph the connection options name (prompting for a password when asked), as of --as-of."""
    from ..api import open as open_graph
    from ..backends import backend_class

    given = {name: kwargs.pop(name) for name in _declared_options() if name in kwargs}
    backend = kwargs.pop("backend") or "embedded"
    if kwargs.pop("ask_password", False):
        for option in backend_class(backend).options:
            if option.secret:
                given[option.name] = click.prompt(f"{backend} {option.name.replace('_', ' ')}", hide_input=True)
    graph = open_graph(backend=backend, **{k: v for k, v in given.items() if v is not None})
    as_of = kwargs.pop("as_of", None)
    return graph if as_of is None else graph.as_of(as_of)


def with_graph(func):
    """Open the graph from the options, pass it as ``graph`` and close it afterwards."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        graph = _open_graph(kwargs)
        try:
            return func(*args, graph=graph, **kwargs)
        finally:
            graph.backend.close()
            graph.close()

    return backend_options(wrapper)


def with_dated_graph(func):
    """``with_graph`` plus --as-of: the graph passed is scoped to that date."""
    return as_of_option(with_graph(func))
