"""Cytoscape.js / Cytoscape desktop JSON (``.cyjs``).

``elements.nodes[].data``: ``id`` (the node key ``"Label:id"``), ``name`` (title or name),
``kind``, ``node_id`` and the properties; ``elements.edges[].data``: ``id`` (``e0``, ``e1``
…; networkx's ``cytoscape_data`` omits them), ``source``, ``target``, ``interaction`` and
``rel`` (the relation), ``name`` (``"source (rel) target"``) and the edge's evidence.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from policykg.export import node_label, write_json


def _props(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def to_cyjs(g: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = []
    for n, d in g.nodes(data=True):
        data = {k: v for k, v in _props(d).items() if k != "id"}
        if "id" in d:
            data["node_id"] = str(d["id"])
        data.update(id=str(n), name=node_label(d))
        nodes.append({"data": data})
    edges = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        data = _props(d)
        rel = str(d.get("rel", ""))
        data.update(
            id=f"e{i}", source=str(u), target=str(v), interaction=rel, name=f"{u} ({rel}) {v}"
        )
        edges.append({"data": data})
    return {
        "format_version": "1.0",
        "generated_by": "policykg",
        "target_cytoscapejs_version": "~3",
        "data": {"name": "policykg"},
        "elements": {"nodes": nodes, "edges": edges},
    }


def write(g: nx.MultiDiGraph, destination) -> None:
    """Write ``g`` as Cytoscape.js JSON to a path or a text file handle."""
    write_json(to_cyjs(g), destination)
