"""Options and helpers shared by the CLI commands: they translate flags into calls of cjgraph.api.

The connection options are built from what each registered backend declares (cjgraph.backends.base.Option).
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

FORMATS = ("table", "json", "csv", "markdown", "html", "xlsx")  # as cjgraph.output.FORMATS, without its import


def seeds_option(func):
    return click.option(
        "--seeds", "seeds", multiple=True, metavar="DIR",
        help="Seed folder to use; repeat to layer folders in order. 'bundled' names the shipped seeds "
             "(the default when no --seeds is given).",
    )(func)


def _declared_options(backend: str | None = None) -> dict[str, list[tuple[str, object]]]:
    """The options ``backend`` declares (None: every built-in backend's), by name, with (backend,
    declaration) pairs in declaration order."""
    from ..backends import BACKENDS, backend_class

    found: dict[str, list[tuple[str, object]]] = {}
    for name in [backend] if backend else list(BACKENDS):
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


def _chosen_backend(args: list[str]) -> str | None:
    """The --backend value among unparsed arguments (or CJGRAPH_BACKEND), to add a registered backend's options."""
    import os

    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--backend" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--backend="):
            return arg.split("=", 1)[1]
    return os.environ.get("CJGRAPH_BACKEND")


class GraphCommand(click.Command):
    """A command that opens the graph. Its connection options are built from what the backends declare when
    the command runs (the chosen backend's only: a run imports no other backend) or shows its help (every
    built-in backend's, and a registered backend's when --backend names it); `cjgraph --help` builds none."""

    _connection: tuple[str | None, bool] | None = None  # (backend, help) the options were built for

    def _add_connection(self, backend: str | None, for_help: bool) -> None:
        if self._connection == (backend, for_help):
            return
        from ..backends import BACKENDS

        self.params = [p for p in self.params if not getattr(p, "_cjgraph_connection", False)]
        declared = _declared_options(None) if for_help else {}
        if backend and (not for_help or backend not in BACKENDS):
            for name, pairs in _declared_options(backend).items():
                declared.setdefault(name, []).extend(pair for pair in pairs if pair not in declared.get(name, []))
        for name, pairs in declared.items():
            kind = click.Path(path_type=Path) if any(o.path for _, o in pairs) else None
            option = click.Option(["--" + name.replace("_", "-"), name], type=kind, default=None, help=_help(pairs))
            option._cjgraph_connection = True
            self.params.append(option)
        self._connection = (backend, for_help)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for_help = any(arg in ctx.help_option_names for arg in args)
        backend = _chosen_backend(args) or ("" if for_help else "embedded")
        self._add_connection(backend, for_help)
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            owners = _declared_options(None).get(error.option_name.lstrip("-").replace("-", "_"))
            if not owners:
                raise
            names = " or ".join(name for name, _ in owners)
            raise click.UsageError(f"{error.option_name} is an option of the {names} backend, not of {backend} "
                                   f"(choose the backend with --backend {owners[0][0]})", ctx) from None

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if self._connection is None:  # help built without parse_args (click's own help listing)
            self._add_connection("", True)
        return super().get_params(ctx)


def graph_command(*args, **kwargs):
    """``click.command`` for commands decorated with ``with_graph`` or ``with_dated_graph``."""
    return click.command(*args, cls=GraphCommand, **kwargs)


def backend_options(func):
    """--backend and --ask-password; the backends' own options are added by GraphCommand."""
    options = [
        click.option("--backend", default=None, envvar="CJGRAPH_BACKEND", metavar="NAME",
                     help="Where the graph lives: embedded (default), neo4j, sparql or a backend a package "
                          "registers (its options then apply too) [env CJGRAPH_BACKEND]."),
        click.option("--ask-password", is_flag=True, help="Prompt for the backend's password."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def date_options(func):
    func = click.option("--said-by", "said_by", default=None, metavar="DATE",
                        help="Only what documents published by DATE say: later passages, and statements left "
                             "without any, are left out.")(func)
    return click.option("--as-of", "as_of", default=None, metavar="DATE",
                        help="The world on DATE (2017, 2017-09 or 2017-09-08; a year or month means its last "
                             "day): what existed then, by lifespans and successions.")(func)


#: the format a file suffix means (``-o answer.csv``); a format's first suffix is the one error messages name
SUFFIXES = {".txt": "table", ".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


def output_format(fmt: str | None, output: Path | None, formats: tuple[str, ...] = FORMATS) -> str:
    """The format to write: ``-f`` if given, else the one ``-o``'s suffix means, else a table; an unknown
    suffix, or one that names another format than ``-f``, is refused (``-o x.pdf`` wrote HTML once)."""
    suffix = output.suffix.lower() if output is not None else ""
    meant = SUFFIXES.get(suffix)
    if suffix and (meant is None or meant not in formats):
        known = ", ".join(f"{name} ({next(k for k, v in SUFFIXES.items() if v == name)})" for name in formats)
        raise click.UsageError(f"cannot write this as {suffix} ({output.name}): the formats are {known}")
    if fmt is not None and meant is not None and fmt != meant:
        raise click.UsageError(f"--format {fmt} does not match {output.name}, whose suffix means {meant}")
    fmt = fmt or meant or "table"
    if fmt == "xlsx" and output is None:
        raise click.UsageError("an xlsx workbook is written to a file: give -o FILE.xlsx")
    return fmt


def format_options(func=None, *, formats: tuple[str, ...] = FORMATS):
    """-f and -o: the command gets ``fmt`` (from -f, else -o's suffix) and ``output``."""
    if func is None:
        return functools.partial(format_options, formats=formats)

    @functools.wraps(func)
    def command(*args, fmt=None, output=None, **kwargs):
        return func(*args, fmt=output_format(fmt, output, formats), output=output, **kwargs)

    suffixes = ", ".join(dict.fromkeys(k for k, v in SUFFIXES.items() if v in formats))
    command = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                           help=f"Write the result to FILE instead of the terminal (its suffix picks the format: "
                                f"{suffixes}).")(command)
    return click.option("-f", "--format", "fmt", type=click.Choice(formats), default=None,
                        help="Output format [default: from -o's suffix, else table].")(command)


def answer_options(func):
    """-f, -o and how an answer is presented (--columns, --pivot, --wide, --cite, --cite-style, --excel); the
    command gets ``present(answer, title=...)``, which renders and writes it."""

    @functools.wraps(func)
    def command(*args, fmt, output, columns, pivot, wide, cite, style, excel, **kwargs):
        from ..pivot import parse_pivot

        if style != "harvard" and not cite:
            raise click.UsageError("--cite-style goes with --cite")

        grid = None if pivot in (None, "off") else parse_pivot(pivot)

        def present(answer, *, title: bool = True) -> None:
            if columns:  # the question's columns; a grid is then made of them only when asked for
                answer = answer.select([c.strip() for c in columns.split(",") if c.strip()])
            if grid is not None:
                answer = answer.pivot(grid[0], grid[1], *grid[2])
            elif pivot is None and answer.grid and not columns and fmt != "json":  # JSON keeps its rows
                answer = answer.pivot()
            if fmt == "xlsx":
                emit(answer.to_xlsx(cite=cite, style=style), output)
            else:
                emit(answer.render(fmt, title=title, wide=wide, cite=cite, style=style, excel=excel), output)

        return func(*args, fmt=fmt, output=output, present=present, **kwargs)

    options = [
        click.option("--columns", default=None, metavar="A,B,...",
                     help="Only these columns, in this order (see the answer's JSON for every column)."),
        click.option("--pivot", default=None, metavar="ROW,COLUMN[,VALUE]",
                     help="Show the answer as a grid: one row per ROW value, one column per COLUMN value, cells "
                          "from VALUE (else a count). 'off' shows a question's declared grid as rows (JSON "
                          "shows rows unless --pivot is given)."),
        click.option("--wide", is_flag=True, help="Keep the terminal table at its full width (no record layout)."),
        click.option("--cite", is_flag=True,
                     help="Passages as numbered notes with their sources' references (table, markdown, html, xlsx)."),
        click.option("--cite-style", "style", default="harvard", show_default=True, metavar="STYLE",
                     help="Citation style: harvard, apa, chicago, mla, any CSL style name or a .csl file."),
        click.option("--excel", is_flag=True, help="CSV for Excel: a byte-order mark and CRLF line ends."),
    ]
    for option in reversed(options):
        command = option(command)
    return format_options(command)


def emit(text: str | bytes, output: Path | None) -> None:
    """Write command output to a file (reporting where) or to standard output."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    from ..errors import write_file

    write_file(output, text)  # a missing folder or a full disk: one line, not a traceback
    click.echo(f"wrote {output}", err=True)


def _open_graph(kwargs: dict):
    """The Graph the connection options name (prompting for a password when asked), as of --as-of."""
    from ..api import open as open_graph
    from ..backends import backend_class

    backend = kwargs.pop("backend") or "embedded"
    command = click.get_current_context().command
    connection = {p.name for p in command.params if getattr(p, "_cjgraph_connection", False)}
    given = {name: kwargs.pop(name) for name in connection if name in kwargs}
    if kwargs.pop("ask_password", False):
        for option in backend_class(backend).options:
            if option.secret:
                given[option.name] = click.prompt(f"{backend} {option.name.replace('_', ' ')}", hide_input=True)
    graph = open_graph(backend=backend, **{k: v for k, v in given.items() if v is not None})
    as_of, said_by = kwargs.pop("as_of", None), kwargs.pop("said_by", None)
    if as_of is not None:
        graph = graph.as_of(as_of)
    return graph if said_by is None else graph.said_by(said_by)


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
    """``with_graph`` plus --as-of and --said-by: the graph passed is scoped to those dates."""
    return date_options(with_graph(func))
