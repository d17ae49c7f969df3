"""HTML text with BeautifulSoup and Python's own HTML parser: text only, nothing fetched or run.

``html.parser`` knows no DTDs or external entities and loads nothing; scripts, styles, frames, embedded
objects, templates, form controls and hidden elements are skipped whole when the text is read, so their
content never reaches the source. Block elements end lines; inline text joins as a browser shows it (runs of
spaces as one). Throughput is about 0.3-0.5 MB of HTML a second on one core: parsing dominates.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from ..errors import SourceFileError
from .extract import FORMATS, Extracted, decode_text

_DROP = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
         "svg", "math", "canvas", "head", "title", "button", "select", "textarea", "input")
_ACTIVE = {"script": "script", "iframe": "iframe", "frame": "frame", "object": "embedded object",
           "embed": "embedded object", "applet": "applet"}
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div",
           "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
           "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
           "tfoot", "th", "thead", "tr", "ul"}
_CELLS = {"td", "th"}
_SPACES = re.compile(r"[ \t\n\r\f]+")
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_TITLE_META = (("property", "og:title"), ("name", "twitter:title"), ("name", "dc.title"), ("name", "dcterms.title"))
_DATE_META = (("property", "article:published_time"), ("name", "article:published_time"), ("name", "date"),
              ("name", "dc.date"), ("name", "dcterms.date"), ("name", "dcterms.issued"), ("itemprop", "datepublished"))
_PUBLISHER_META = (("property", "og:site_name"), ("name", "author"), ("property", "article:author"),
                   ("name", "dc.publisher"), ("name", "dcterms.publisher"))


def read(path: Path, data: bytes) -> Extracted:
    """An HTML file (refused only if binary: a browser shows any other bytes), or a Markdown file as rendered
    (CommonMark, raw HTML shown as text, never interpreted), its first heading as the title."""
    if FORMATS[path.suffix.lower()] == "markdown":
        from markdown_it import MarkdownIt

        found = read_html(MarkdownIt("commonmark", {"html": False}).render(decode_text(path, data)),
                          title_from_heading=True)
        found.format = "markdown"
        return found
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, with its BOM, has NULs
        raise SourceFileError(path, "binary data (NUL bytes), not HTML")
    return read_html(data)


def read_html(data: bytes | str, *, title_from_heading: bool = False) -> Extracted:
    """The visible text of an HTML document and its declared title, date, publisher and URL."""
    soup = BeautifulSoup(data, "html.parser")  # from bytes, the declared charset is honoured
    meta = _metadata(soup)
    if title_from_heading:
        heading = soup.find(["h1", "h2"])
        meta["title"] = _clean(heading.get_text(" ")) if heading else None
    removed: dict[str, int] = {}
    for tag in soup.find_all(list(_ACTIVE)):
        removed[_ACTIVE[tag.name]] = removed.get(_ACTIVE[tag.name], 0) + 1
    chunks = _visible_text(soup)
    lines = "".join(chunks).split("\n")
    text = "\n".join(" ".join(line.replace("\t", " ").split()) for line in lines)
    warnings = []
    if removed:
        what = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(removed.items()))
        warnings.append(f"left out {what}: never run, their content not kept")
    return Extracted("html", text, title=meta.get("title"), publisher=meta.get("publisher"), date=meta.get("date"),
                     url=meta.get("url"), warnings=warnings)


def _visible_text(soup) -> list[str]:
    """The document's text in order, walked with a stack (linear, however deeply nested): dropped and hidden
    elements are skipped whole; block elements start and end lines, cells are separated by tabs."""
    chunks: list[str] = []
    stack = [(soup, iter(soup.contents), "")]
    in_pre = 0
    while stack:
        node = next(stack[-1][1], None)
        if node is None:
            tag, _, end = stack.pop()
            chunks.append(end)
            in_pre -= tag.name == "pre"
        elif type(node) is NavigableString:  # not comments, CDATA, doctypes or processing instructions
            chunks.append(str(node) if in_pre else _SPACES.sub(" ", node))
        elif isinstance(node, Tag) and node.name not in _DROP and not _hidden(node):
            mark = ("\t" if node.name in _CELLS else "\n") if node.name in _BLOCKS else ""
            chunks.append(mark)
            in_pre += node.name == "pre"
            stack.append((node, iter(node.contents), mark))
    return chunks


def _hidden(tag) -> bool:
    return tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or \
        "display:none" in str(tag.get("style", "")).replace(" ", "").lower()


def _metadata(soup) -> dict[str, str | None]:
    """Title, date, publisher and URL from the document's meta, title and canonical link elements (found in
    one pass over the tree)."""
    declared: dict[tuple[str, str], str] = {}  # (attribute, lower-cased name) -> content, the first of each
    title = canonical = None
    for tag in soup.find_all(["meta", "title", "link"]):
        if tag.name == "title":
            title = title or _clean(tag.get_text(" "))
        elif tag.name == "link":
            canonical = canonical or (tag.get("href") if "canonical" in (tag.get("rel") or ()) else None)
        elif content := _clean(tag.get("content")):
            for attribute in ("property", "name", "itemprop"):
                declared.setdefault((attribute, str(tag.get(attribute, "")).lower()), content)

    def meta(pairs: tuple[tuple[str, str], ...]) -> str | None:
        return next((declared[pair] for pair in pairs if pair in declared), None)

    published = meta(_DATE_META)
    match = _DATE.match(published) if published else None
    url = meta((("property", "og:url"),)) or canonical
    return {"title": meta(_TITLE_META) or title, "publisher": meta(_PUBLISHER_META),
            "date": "-".join(part for part in match.groups() if part) if match else None,
            "url": url if url and re.match(r"^https?://\S+$", url) else None}


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None
