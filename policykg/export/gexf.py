"""GEXF 1.3 for Gephi, dynamic, valid against the official RELAX NG schema (``gexf.rng``).

Written here with ElementTree rather than networkx's ``write_gexf``, whose output the schema
refuses (an empty ``graph@name``, a misspelt XSI namespace, ``xsi:schemaLocation``).

Node ``label`` = title, else name (a document without a 文号 is labelled by its title);
colour (``viz:color``) by kind, size (``viz:size``) by the number of documents citing it,
position (``viz:position``) from the seed layout of :mod:`policykg.export.layout`. The
relation of an edge is its ``label`` and the attribute ``rel`` (GEXF and Gephi reserve
``type``, ``label``, ``id``, ``weight``: properties of those names get a ``_`` suffix); the
raw node id is the attribute ``node_id``, the evidence's document ``evidence_source``. Years
become intervals (``start``/``end``, timeformat ``date``) from plan_year, Figure year and the
LISTS/LEADS/IN_SERIES years, so Gephi's timeline plays a yearly series one year after another.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

import policykg
from policykg.export import (
    BinaryDestination,
    cited_counts,
    colour_of,
    edge_props,
    node_label,
    node_years,
    xml_attrs,
    xml_safe,
)
from policykg.export.graphology import node_size
from policykg.export.layout import seed_positions

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
RESERVED = frozenset(
    {"id", "label", "type", "weight", "start", "end", "viz", "pid", "spells", "key"}
)


def _type_of(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return xml_safe(str(v))


def _declare(parent: ET.Element, cls: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    """An <attributes class=…> block for the keys of ``rows``; title → GEXF type."""
    values: dict[str, list[Any]] = {}
    for r in rows:
        for k, v in r.items():
            values.setdefault(k, []).append(v)
    types = {k: _type_of(vs) for k, vs in values.items()}
    block = ET.SubElement(parent, f"{{{NS}}}attributes", {"class": cls, "mode": "static"})
    for k, t in types.items():
        ET.SubElement(block, f"{{{NS}}}attribute", {"id": k, "title": k, "type": t})
    return types


def _attvalues(parent: ET.Element, row: dict[str, Any]) -> None:
    if not row:
        return
    av = ET.SubElement(parent, f"{{{NS}}}attvalues")
    for k, v in row.items():
        ET.SubElement(av, f"{{{NS}}}attvalue", {"for": k, "value": _text(v)})


def to_element(g: nx.MultiDiGraph) -> ET.Element:
    """The GEXF document of ``g`` as an ElementTree element."""
    ET.register_namespace("", NS)
    ET.register_namespace("viz", VIZ)
    root = ET.Element(f"{{{NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{NS}}}meta", {"lastmodifieddate": dt.date.today().isoformat()})
    ET.SubElement(meta, f"{{{NS}}}creator").text = f"policykg {policykg.__version__}"
    ET.SubElement(meta, f"{{{NS}}}description").text = "policy documents and what they cite"
    graph = ET.SubElement(
        root,
        f"{{{NS}}}graph",
        {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"},
    )
    node_rows = []
    for _, d in g.nodes(data=True):
        row = xml_attrs({k: v for k, v in d.items() if k != "id"}, RESERVED)
        if "id" in d:
            row["node_id"] = xml_safe(str(d["id"]))
        node_rows.append(row)
    edge_rows = [xml_attrs(edge_props(d), RESERVED) for _, _, d in g.edges(data=True)]
    _declare(graph, "node", node_rows)
    _declare(graph, "edge", edge_rows)

    pos = seed_positions(g)
    cited = cited_counts(g)
    degree = dict(g.degree())
    nodes = ET.SubElement(graph, f"{{{NS}}}nodes", {"count": str(g.number_of_nodes())})
    for (n, d), row in zip(g.nodes(data=True), node_rows, strict=True):
        attrs = {"id": xml_safe(n), "label": xml_safe(node_label(d))}
        years = node_years(g, n)
        if years:
            attrs["start"] = f"{years[0]:04d}-01-01"
            attrs["end"] = f"{years[1]:04d}-12-31"
        node = ET.SubElement(nodes, f"{{{NS}}}node", attrs)
        _attvalues(node, row)
        h = colour_of(d.get("kind")).lstrip("#")
        ET.SubElement(
            node,
            f"{{{VIZ}}}color",
            {"r": str(int(h[0:2], 16)), "g": str(int(h[2:4], 16)), "b": str(int(h[4:6], 16))},
        )
        x, y = pos[n]
        ET.SubElement(node, f"{{{VIZ}}}position", {"x": f"{x:.3f}", "y": f"{y:.3f}"})
        size = node_size(d.get("kind"), cited[n], degree[n])
        ET.SubElement(node, f"{{{VIZ}}}size", {"value": f"{size:g}"})
    edges = ET.SubElement(graph, f"{{{NS}}}edges", {"count": str(g.number_of_edges())})
    for i, ((u, v, d), row) in enumerate(zip(g.edges(data=True), edge_rows, strict=True)):
        attrs = {"id": f"e{i}", "source": xml_safe(u), "target": xml_safe(v)}
        if d.get("rel"):
            attrs["label"] = str(d["rel"])
        if isinstance(d.get("year"), int):
            attrs["start"] = f"{d['year']:04d}-01-01"
            attrs["end"] = f"{d['year']:04d}-12-31"
        edge = ET.SubElement(edges, f"{{{NS}}}edge", attrs)
        _attvalues(edge, row)
    return root


def write(g: nx.MultiDiGraph, destination: BinaryDestination) -> None:
    """Write ``g`` as GEXF 1.3 to a path or a binary file handle."""
    tree = ET.ElementTree(to_element(g))
    ET.indent(tree, space=" ")
    tree.write(destination, encoding="UTF-8", xml_declaration=True)
