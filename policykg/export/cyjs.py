"""Cytoscape.js / Cytoscape desktop JSON (``.cyjs``).

``elements.nodes[].data``: ``id`` (the node key ``"Label:id"``), ``name`` (title, else name:
a document without a 文号 is named by its title), ``kind``, ``node_id`` and the properties;
``elements.edges[].data``: ``id`` (``e0``, ``e1`` …; networkx's ``cytoscape_data`` omits
them), ``source``, ``target``, ``interaction`` and ``rel`` (the relation), ``name``
(``"name (rel) name"``) and every evidence field. Cytoscape reserves ``id``, ``source``,
``target`` and ``parent`` in ``data``, so the evidence's document (the property ``source``)
is ``evidence_source`` and a property of another reserved name gets a ``_`` suffix.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from policykg.export import TextDestination, edge_props, node_label, write_json

RESERVED = frozenset({"id", "source", "target", "parent"})


def _props(d: dict[str, Any]) -> dict[str, Any]:
    return {(f"{k}_" if k in RESERVED else k): v for k, v in d.items() if v is not None}


def to_cyjs(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as Cytoscape.js JSON (``elements`` with nodes and edges, each edge with an id)."""
    nodes = []
    names = {}
    for n, d in g.nodes(data=True):
        data = _props({k: v for k, v in d.items() if k != "id"})
        if "id" in d:
            data["node_id"] = str(d["id"])
        names[n] = node_label(d)
        data.update(id=str(n), name=names[n])
        nodes.append({"data": data})
    edges = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        data = _props(edge_props(d))
        rel = str(d.get("rel", ""))
        data.update(
            id=f"e{i}",
            source=str(u),
            target=str(v),
            interaction=rel,
            name=f"{names[u]} ({rel}) {names[v]}",
        )
        edges.append({"data": data})
    return {
        "format_version": "1.0",
        "generated_by": "policykg",
        "target_cytoscapejs_version": "~3",
        "data": {"name": "policykg"},
        "elements": {"nodes": nodes, "edges": edges},
    }


def write(g: nx.MultiDiGraph, destination: TextDestination) -> None:
    """Write ``g`` as Cytoscape.js JSON to a path or a text file handle."""
    write_json(to_cyjs(g), destination)
