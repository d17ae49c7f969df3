"""What a view shows, said in words for the caption of a picture: the question or selection, its parameters,
the date scope and the dataset stamp (the sources and counts come from the view itself)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def view_caption(*, query: str | None = None, question: str | None = None, params: Mapping[str, object] | None = None,
                 focus: str | None = None, focus_name: str | None = None, depth: int = 1,
                 kinds: Iterable[str] = (), relations: Iterable[str] = (), layout: str = "auto",
                 scope: str = "", stamp: str | None = None) -> dict:
    """The caption fields of a view: ``what`` (the question or the selection), ``parameters`` (``key = value``
    strings), ``scope`` (e.g. ``as of 2013-01-01``; empty: the whole record) and ``stamp``."""
    if query:
        what = f"{question or query} (canned query {query})"
    elif focus:
        what = f"the entities within {depth} step{'s' if depth != 1 else ''} of {focus_name or focus} ({focus})"
    else:
        what = "the whole graph"
    parameters = [f"{key} = {value}" for key, value in sorted((params or {}).items())]
    kinds, relations = _joined(kinds), _joined(relations)
    if kinds:
        parameters.append(f"kinds = {kinds}")
    if relations:
        parameters.append(f"relationships = {relations}")
    parameters.append(f"layout = {layout}")
    return {"what": what, "parameters": parameters, "scope": scope, "stamp": stamp or ""}


def _joined(values: Iterable[str]) -> str:
    return ", ".join(v.strip() for value in values for v in str(value).split(",") if v.strip())


def caption_lines(payload: Mapping) -> list[str]:
    """The caption as sentences: what, parameters, dates, data and sources (a view built without a caption
    still says its counts, dates and sources)."""
    from . import __version__

    caption = payload.get("caption") or {}
    nodes, edges = payload["nodes"], payload["edges"]
    lines = [f"Shows: {caption.get('what') or payload['title']}."]
    if caption.get("parameters"):
        lines.append("Parameters: " + "; ".join(caption["parameters"]) + ".")
    years = sorted(n["date"][:4] for n in nodes if n.get("date"))
    span = f"entities dated {years[0]}–{years[-1]}" if years and years[0] != years[-1] else (
        f"entities dated {years[0]}" if years else "no dated entities")
    scope = caption.get("scope") or "the whole record, no date scope"
    lines.append(f"Dates: {scope}; {span} ({len(years)} of {len(nodes)} dated).")
    stamp = caption.get("stamp")
    lines.append((f"Data: dataset {stamp}, " if stamp else "Data: ") + f"cjgraph {__version__}; {len(nodes)} "
                 f"entities, {len(edges)} relationships, each backed by quoted passages of its sources.")
    sources = payload.get("sources") or {}
    if sources:
        cited = []
        for ident, source in sources.items():
            about = ", ".join(v for v in (source.get("publisher"), source.get("date")) if v)
            cited.append(f"{source.get('title') or ident}" + (f" ({about})" if about else ""))
        lines.append("Sources: " + "; ".join(cited) + ".")
    return lines
