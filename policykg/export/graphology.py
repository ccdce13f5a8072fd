"""graphology serialised graph (what sigma.js reads with ``Graph.from`` / ``graph.import``).

``{"attributes", "options", "nodes": [{key, attributes: {label, x, y, size, color, kind,
…}}], "edges": [{key, source, target, attributes: {rel, …}}]}``. Positions come from a
networkx layout (spring layout, seeded, so the same graph lands the same way); the relation
is ``rel`` (sigma uses ``type`` to pick a renderer program, so it is never set).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from policykg.export import colour_of, node_label, write_json

RESERVED = {
    "type",
    "x",
    "y",
    "size",
    "color",
    "label",
    "hidden",
    "forceLabel",
    "zIndex",
    "highlighted",
}


def layout(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]²: networkx spring layout (needs numpy), else a circle."""
    if g.number_of_nodes() == 0:
        return {}
    try:
        h = nx.Graph(g.to_undirected())
        pos = nx.spring_layout(h, seed=42, iterations=200, k=2.5 / math.sqrt(len(h)))
        return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}
    except ImportError:  # numpy missing: a circle in node order
        nodes = list(g.nodes)
        step = 2 * math.pi / len(nodes)
        return {n: (math.cos(i * step), math.sin(i * step)) for i, n in enumerate(nodes)}


def _props(d: dict[str, Any]) -> dict[str, Any]:
    return {(k if k not in RESERVED else f"{k}_"): v for k, v in d.items() if v is not None}


def to_graphology(g: nx.MultiDiGraph) -> dict[str, Any]:
    pos = layout(g)
    degree = dict(g.degree())
    nodes = []
    for n, d in g.nodes(data=True):
        attrs = {k: v for k, v in _props(d).items() if k != "id"}
        if "id" in d:
            attrs["node_id"] = str(d["id"])
        x, y = pos.get(n, (0.0, 0.0))
        attrs.update(
            label=node_label(d),
            x=round(x * 100, 3),
            y=round(y * 100, 3),
            size=round(4 + 2 * math.sqrt(degree.get(n, 0)), 2),
            color=colour_of(d.get("kind")),
        )
        nodes.append({"key": str(n), "attributes": attrs})
    edges = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        edges.append({"key": f"e{i}", "source": str(u), "target": str(v), "attributes": _props(d)})
    return {
        "attributes": {"name": "policykg"},
        "options": {"type": "directed", "multi": True, "allowSelfLoops": True},
        "nodes": nodes,
        "edges": edges,
    }


def write(g: nx.MultiDiGraph, destination) -> None:
    """Write ``g`` as graphology JSON to a path or a text file handle."""
    write_json(to_graphology(g), destination)
