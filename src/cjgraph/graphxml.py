"""GraphML and GEXF 1.2 documents written to their published XML Schemas (the XSDs JGraphT validates with).

Both writers take the same plain rows (every value a string, a value not given left out) and write them in
the order given, with no timestamp, so the same rows give the same bytes.

- GraphML: a ``<key>`` per attribute and domain, with distinct ids (``n_kind`` for nodes, ``e_kind`` for
  edges: the schema's ``key_id_key`` wants every key id unique) and the readable name in ``attr.name``,
  which readers (networkx, Gephi, yEd, Cytoscape) use. The dataset stamp is graph data ``stamp``.
- GEXF 1.2 (``http://www.gexf.net/1.2draft``): static attributes declared as ``n_kind``/``e_kind`` with
  the readable name as title; the node's label and the edge's kind as their ``label``; a node's colour as
  ``<color r g b a>``. The published 1.2draft schema declares that element in the GEXF namespace with its
  type taken from ``viz.xsd`` and has no ``viz:color`` element, so ``viz:color`` (networkx's form) does not
  validate; Gephi reads the element by its local name either way. The stamp is the ``<meta>`` description.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from xml.etree import ElementTree as ET

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_XSD = "http://www.gexf.net/1.2draft/gexf.xsd"
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"

# (node id, attributes) and (edge id, source, target, attributes); attribute values are strings
NodeRow = tuple[str, Mapping[str, str]]
EdgeRow = tuple[str, str, str, Mapping[str, str]]


def key_id(domain: str, name: str) -> str:
    """The id of attribute ``name`` of ``domain`` (node, edge or graph): ``n_kind``, ``e_kind``, ``g_stamp``."""
    return f"{domain[0]}_{name}"


def _bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def graphml(nodes: Sequence[NodeRow], edges: Sequence[EdgeRow], node_attrs: Iterable[str],
            edge_attrs: Iterable[str], stamp: str | None = None) -> bytes:
    """A directed GraphML document of ``nodes`` and ``edges`` with string attributes named in
    ``node_attrs`` and ``edge_attrs`` (in that order), and the dataset ``stamp`` as graph data."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS, XSI_LOCATION: f"{GRAPHML_NS} {GRAPHML_XSD}"})
    domains = [("node", list(node_attrs)), ("edge", list(edge_attrs))] + ([("graph", ["stamp"])] if stamp else [])
    for domain, names in domains:
        for name in names:
            ET.SubElement(root, "key", {"id": key_id(domain, name), "for": domain, "attr.name": name,
                                        "attr.type": "string"})
    graph = ET.SubElement(root, "graph", {"id": "cjgraph", "edgedefault": "directed"})
    if stamp:
        ET.SubElement(graph, "data", key=key_id("graph", "stamp")).text = stamp

    def data(element: ET.Element, domain: str, attrs: Mapping[str, str]) -> None:
        for name, value in attrs.items():
            ET.SubElement(element, "data", key=key_id(domain, name)).text = value

    for node, attrs in nodes:
        data(ET.SubElement(graph, "node", id=node), "node", attrs)
    for edge, source, target, attrs in edges:
        data(ET.SubElement(graph, "edge", id=edge, source=source, target=target), "edge", attrs)
    return _bytes(root)


def gexf(nodes: Sequence[NodeRow], edges: Sequence[EdgeRow], node_attrs: Iterable[str],
         edge_attrs: Iterable[str], colours: Mapping[str, str] | None = None, stamp: str | None = None) -> bytes:
    """A directed, static GEXF 1.2 document: each node's ``label`` attribute becomes the node's label and
    each edge's ``label`` the edge's; ``colours`` maps node ids to ``#rrggbb``."""
    colours = colours or {}
    root = ET.Element("gexf", {"xmlns": GEXF_NS, XSI_LOCATION: f"{GEXF_NS} {GEXF_XSD}", "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "cjgraph"
    if stamp:
        ET.SubElement(meta, "description").text = f"cjgraph dataset {stamp}"
    graph = ET.SubElement(root, "graph", defaultedgetype="directed", mode="static")
    declared = {}
    for domain, names in (("node", node_attrs), ("edge", edge_attrs)):
        declared[domain] = [n for n in names if n != "label"]
        block = ET.SubElement(graph, "attributes", {"class": domain, "mode": "static"})
        for name in declared[domain]:
            ET.SubElement(block, "attribute", id=key_id(domain, name), title=name, type="string")

    def attvalues(element: ET.Element, domain: str, attrs: Mapping[str, str]) -> None:
        values = ET.SubElement(element, "attvalues")
        for name in declared[domain]:
            if name in attrs:
                ET.SubElement(values, "attvalue", {"for": key_id(domain, name), "value": attrs[name]})

    node_block = ET.SubElement(graph, "nodes", count=str(len(nodes)))
    for node, attrs in nodes:
        element = ET.SubElement(node_block, "node", id=node, label=attrs.get("label", node))
        attvalues(element, "node", attrs)
        if node in colours:
            colour = colours[node]
            ET.SubElement(element, "color", r=str(int(colour[1:3], 16)), g=str(int(colour[3:5], 16)),
                          b=str(int(colour[5:7], 16)), a="1.0")
    edge_block = ET.SubElement(graph, "edges", count=str(len(edges)))
    for edge, source, target, attrs in edges:
        label = {"label": attrs["label"]} if "label" in attrs else {}
        attvalues(ET.SubElement(edge_block, "edge", id=edge, source=source, target=target, **label), "edge", attrs)
    return _bytes(root)
