"""GEXF 1.3 for Gephi, dynamic: documents, figures, projects and series carry a time interval.

Node ``label`` = title, else name; colour (``viz:color``) by kind; the relation of an edge is
the attribute ``rel`` (GEXF reserves ``type``, ``label``, ``id``, ``weight``); the raw node id
is the attribute ``node_id``. Years become intervals (``start``/``end``, timeformat
``date``) from plan_year, Figure year and the LISTS/LEADS/IN_SERIES years, so Gephi's
timeline plays a yearly series one year after another.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from policykg.export import colour_of, node_label, node_years, xml_attrs, xml_safe

RESERVED = frozenset(
    {"id", "label", "type", "weight", "start", "end", "viz", "pid", "spells", "key"}
)


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return xml_attrs(d, RESERVED)


def _rgb(hex_colour: str) -> dict[str, Any]:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


def prepare(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph(mode="dynamic")
    for n, d in g.nodes(data=True):
        attrs = _clean({k: v for k, v in d.items() if k != "id"})
        if "id" in d:
            attrs["node_id"] = xml_safe(str(d["id"]))
        attrs["label"] = xml_safe(node_label(d))
        attrs["viz"] = {
            "color": _rgb(colour_of(d.get("kind"))),
            "size": 10.0 if d.get("kind") == "Document" else 5.0,
        }
        years = node_years(g, n)
        if years:
            attrs["start"] = f"{years[0]:04d}-01-01"
            attrs["end"] = f"{years[1]:04d}-12-31"
        h.add_node(xml_safe(n), **attrs)
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        attrs = _clean(d)
        attrs["id"] = f"e{i}"
        if isinstance(d.get("year"), int):
            attrs["start"] = f"{d['year']:04d}-01-01"
            attrs["end"] = f"{d['year']:04d}-12-31"
        h.add_edge(xml_safe(u), xml_safe(v), **attrs)
    return h


def write(g: nx.MultiDiGraph, destination) -> None:
    """Write ``g`` as GEXF 1.3 to a path or a binary file handle."""
    nx.write_gexf(prepare(g), destination, encoding="utf-8", prettyprint=True, version="1.3")
