"""The HTML of a view: cjgraph's own template, with vis-network (from the installed pyvis) inlined.

Safety: every piece of seed text is either HTML-escaped in the template or carried in a JSON block in
which ``<``, ``>``, ``&``, U+2028 and U+2029 are ``\\u`` escapes, and the script builds the page from it
with ``textContent``. The document's Content-Security-Policy allows only its own inline scripts and
styles (by hash) and no request of any kind. Element ids are per view; the script finds everything
from its own root element and keeps vis-network private to the view.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
from functools import cache
from html import escape
from pathlib import Path

from . import __version__
from .errors import UsageError
from .viz_svg import shape_svg

VIS_FILE = ("lib", "vis-9.1.2", "vis-network.min.js")
_ASSETS = Path(__file__).resolve().parent / "viz_assets"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@cache
def vis_network_js() -> str:
    """vis-network's browser bundle as shipped by pyvis (found without importing pyvis)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise UsageError("interactive views need pyvis: pip install 'cjgraph[viz]'")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*VIS_FILE)
    if not path.is_file():
        raise UsageError(f"pyvis is installed but {path} is missing; reinstall pyvis 0.3.2")
    return _script_safe(path.read_text(encoding="utf-8"))


@cache
def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _script_safe(code: str) -> str:
    """JavaScript that cannot end its ``<script>`` element early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


def script_json(value: object) -> str:
    """Deterministic JSON that is safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def encode_payload(payload: dict) -> dict:
    """The payload in the compact form the page carries (decoded by view.js): nodes, edges and
    evidence as arrays with trailing nulls left out; kinds, relationship kinds, documents and node ids
    referred to by index. About half the size of the plain form."""
    kinds = [k["kind"] for k in payload["kinds"]]
    relations = sorted({e["kind"] for e in payload["edges"]})
    documents = sorted({e["document"] for item in payload["nodes"] + payload["edges"]
                        for e in item["evidence"] if e.get("document")})
    kind_at, relation_at, document_at = ({v: i for i, v in enumerate(values)}
                                         for values in (kinds, relations, documents))
    node_at = {n["id"]: i for i, n in enumerate(payload["nodes"])}

    def evidence(items: list[dict]) -> list[list]:
        return [_trim([document_at.get(e.get("document")), e.get("quote"), e.get("url")]) for e in items]

    nodes = [_trim([n["id"], n["name"], kind_at[n["kind"]], n["size"], evidence(n["evidence"]), n.get("date"),
                    n.get("type"), n.get("aliases"), n.get("x"), n.get("y"), n.get("label"), n.get("community")])
             for n in payload["nodes"]]
    edges = [_trim([node_at[e["from"]], node_at[e["to"]], relation_at[e["kind"]], evidence(e["evidence"]),
                    e.get("curve")]) for e in payload["edges"]]
    compact = {"title": payload["title"], "layout": payload["layout"], "seed": payload["seed"],
               "kinds": payload["kinds"], "relations": relations, "documents": documents,
               "sources": payload["sources"], "nodes": nodes, "edges": edges}
    if payload.get("story"):
        compact["story"] = payload["story"]
    return compact


def _trim(values: list) -> list:
    while values and values[-1] is None:
        values.pop()
    return values


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _legend(payload: dict) -> str:
    items = []
    for kind in payload["kinds"]:
        icon = shape_svg(kind["shape"], 9, 9, 7, kind["colour"], dashed=kind["dashes"])
        items.append(f'<li><label><input type="checkbox" checked data-kind="{_text(kind["kind"])}">'
                     f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{icon}</svg>'
                     f'<span>{_text(kind["kind"])}</span> <span class="cjv-count">({kind["count"]})</span>'
                     "</label></li>")
    arrow = ('<svg width="18" height="10" viewBox="0 0 18 10" aria-hidden="true"><path d="M1,5H15" '
             'stroke="#8a8a8a"/><path d="M12,2L17,5L12,8z" fill="#8a8a8a"/></svg>')
    return ('<section class="cjv-legend" aria-label="Legend"><h2>Legend</h2><ul>' + "".join(items) + "</ul>"
            f'<p class="cjv-note">{arrow} relationship; its kind is the edge label (hover or click for '
            "evidence)</p><p class=\"cjv-note\">Size: number of relationships. Untick a kind to hide it.</p>"
            "</section>")


#: the view's own scripts (function declarations, private to the view's function), then view.js that uses them
PARTS = ("panel.js", "groups.js", "state.js", "keys.js", "story.js")


def _script() -> str:
    """One script: vis-network bound to a private ``exports`` object, the view's parts, then the view on its root."""
    parts = "\n".join(_script_safe(_asset(name)) for name in PARTS)
    return ("(function (root) {\nvar exports = {}, module = {exports: exports}, define;\n"
            + vis_network_js() + "\n;" + parts + "\n;(" + _script_safe(_asset("view.js")) + ")(root, exports);\n"
            "})(document.currentScript.parentNode);")


def _parts(payload: dict, view_id: str, height: str) -> tuple[str, str, str]:
    if not re.fullmatch(r"[0-9.]+(px|vh|em|rem|%)", height) or not re.fullmatch(r"[A-Za-z][\w-]*", view_id):
        raise UsageError(f"bad view height {height!r} or id {view_id!r}")
    style = _asset("view.css").replace("#VIEW", "#" + view_id).replace("HEIGHT", height)
    return style, _script(), script_json(encode_payload(payload))


def render_fragment(payload: dict, view_id: str, height: str = "640px") -> str:
    """The view as one ``<div>`` holding its style, markup, data and script."""
    style, script, data = _parts(payload, view_id, height)
    return _fragment(payload, view_id, style, script, data)


def _fragment(payload: dict, view_id: str, style: str, script: str, data: str) -> str:
    title = _text(payload["title"])
    return (f'<div class="cjgraph-view" id="{view_id}" data-state="loading" data-layout="{payload["layout"]}">\n'
            f"<style>{style}</style>\n"
            f'<div class="cjv-bar"><h1 class="cjv-title">{title}</h1>'
            '<label class="cjv-search">Search <input type="search" data-role="search" '
            'placeholder="name, alias or id" autocomplete="off" spellcheck="false"></label>'
            '<button type="button" data-role="fit">Fit</button>'
            '<button type="button" data-role="copy-link">Copy link</button>'
            '<input class="cjv-link" data-role="link" readonly hidden aria-label="Link to this state of the view">'
            '<span class="cjv-status" data-role="status" aria-live="polite">Loading…</span>'
            '<ul class="cjv-results" data-role="results" hidden aria-label="Search results"></ul></div>\n'
            + (_STORY if payload.get("story") else "") + _TOOLS +
            '<div class="cjv-main"><div class="cjv-canvas" data-role="canvas"></div>'
            f'<aside class="cjv-side">{_legend(payload)}'
            '<section class="cjv-panel" data-role="panel" tabindex="-1" aria-live="polite" aria-label="Evidence">'
            '<p class="cjv-hint">Click an entity or a relationship to read its evidence.</p></section></aside></div>\n'
            '<noscript><p>This view needs JavaScript; `cjgraph viz --format svg` draws a static picture.</p>'
            "</noscript>\n"
            f'<script type="application/json" data-role="data">{data}</script>\n'
            f"<script>{script}</script>\n</div>")


_STORY = (
    '<div class="cjv-story" data-role="story" aria-label="Story">'
    '<button type="button" data-role="story-prev">\u2190 Previous</button>'
    '<span class="cjv-count" data-role="story-step"></span>'
    '<button type="button" data-role="story-next">Next \u2192</button>'
    '<div class="cjv-story-text"><h2 data-role="story-title"></h2><p data-role="story-caption"></p></div>'
    "</div>\n"
)
_TOOLS = (
    '<div class="cjv-tools">'
    '<span class="cjv-group-focus">Focus: <strong data-role="focus-name">none</strong> '
    '<button type="button" data-role="focus-out" aria-label="One step fewer">\u2212</button> '
    '<span data-role="depth">1</span> '
    '<button type="button" data-role="focus-in" aria-label="One step more">+</button> '
    '<button type="button" data-role="focus-clear">All</button></span>'
    '<span data-role="timeline">Years <input type="number" data-role="year-from" aria-label="From year"> '
    '\u2013 <input type="number" data-role="year-to" aria-label="To year"> '
    '<button type="button" data-role="play">\u25b6 Play</button></span>'
    '<label>Passages \u2265 <input type="number" min="1" value="1" data-role="min-passages"></label>'
    '<label>Sources \u2265 <input type="number" min="1" value="1" data-role="min-docs"></label>'
    '<label>Group <select data-role="group"><option value="">none</option><option value="kind">by kind</option>'
    '<option value="community">by community</option></select></label>'
    "</div>\n"
)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


_PAGE_STYLE = "html,body{margin:0;padding:0;height:100%;overflow:hidden}"


def render_document(payload: dict, view_id: str) -> str:
    """The whole document: the fragment filling the window, under a no-network Content-Security-Policy."""
    style, script, data = _parts(payload, view_id, "100vh")
    policy = (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(_PAGE_STYLE)} {_hash(style)}; "
              "base-uri 'none'; form-action 'none'")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            f'<meta name="generator" content="cjgraph {_text(__version__)}">\n'
            f"<title>{_text(payload['title'])}</title>\n<style>{_PAGE_STYLE}</style>\n</head>\n<body>\n"
            + _fragment(payload, view_id, style, script, data) + "\n</body>\n</html>\n")
