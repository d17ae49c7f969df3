"""HTML text with BeautifulSoup and Python's own HTML parser: text only, nothing fetched or run.

``html.parser`` knows no DTDs or external entities and loads nothing; scripts, styles, frames, embedded
objects, templates and hidden elements are removed before the text is read, so their content never reaches
the source. Block elements end lines; inline text joins as a browser shows it (runs of spaces as one).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString

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
              ("name", "dc.date"), ("name", "dcterms.date"), ("name", "dcterms.issued"), ("itemprop", "datePublished"))
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
    dropped = [*soup.find_all(_DROP), *soup.find_all(_hidden)]
    removed: dict[str, int] = {}
    for tag in dropped:  # counted first: a decomposed tag's descendants lose their names
        if tag.name in _ACTIVE:
            removed[_ACTIVE[tag.name]] = removed.get(_ACTIVE[tag.name], 0) + 1
    for tag in dropped:
        if not tag.decomposed:
            tag.decompose()
    breaks = _break_class()
    for tag in soup.find_all(_BLOCKS):
        mark = "\t" if tag.name in _CELLS else "\n"
        tag.insert_before(breaks(mark))
        if tag.name != "br":
            tag.append(breaks(mark))
    keep_pre = soup.find("pre") is not None
    chunks: list[str] = []
    for node in soup.descendants:
        if isinstance(node, breaks):
            chunks.append(str(node))
        elif type(node) is NavigableString:  # not comments, CDATA, doctypes or processing instructions
            chunks.append(str(node) if keep_pre and node.find_parent("pre") else _SPACES.sub(" ", node))
    lines = ("".join(chunks)).split("\n")
    text = "\n".join(" ".join(line.replace("\t", " ").split()) for line in lines)
    warnings = []
    if removed:
        what = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(removed.items()))
        warnings.append(f"left out {what}: never run, their content not kept")
    return Extracted("html", text, title=meta.get("title"), publisher=meta.get("publisher"), date=meta.get("date"),
                     url=meta.get("url"), warnings=warnings)


def _break_class() -> type:
    """A string class for line and cell ends, told apart from the document's own strings."""
    class Break(NavigableString):
        pass

    return Break


def _hidden(tag) -> bool:
    return tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or \
        "display:none" in str(tag.get("style", "")).replace(" ", "").lower()


def _metadata(soup) -> dict[str, str | None]:
    def meta(pairs: tuple[tuple[str, str], ...]) -> str | None:
        for attribute, value in pairs:
            tag = soup.find("meta", attrs={attribute: re.compile(f"^{re.escape(value)}$", re.I)})
            if tag is not None and _clean(tag.get("content")):
                return _clean(tag.get("content"))
        return None

    title = meta(_TITLE_META) or (_clean(soup.title.get_text(" ")) if soup.title else None)
    published = meta(_DATE_META)
    match = _DATE.match(published) if published else None
    url = meta((("property", "og:url"),))
    canonical = soup.find("link", rel="canonical")
    url = url or (canonical.get("href") if canonical is not None else None)
    return {"title": title, "publisher": meta(_PUBLISHER_META),
            "date": "-".join(part for part in match.groups() if part) if match else None,
            "url": url if url and re.match(r"^https?://\S+$", url) else None}


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None
