"""graphology serialised graph (what sigma.js reads with ``Graph.from`` / ``graph.import``).

``{"attributes", "options", "nodes": [{key, attributes: {label, x, y, size, color, kind,
cited, …}}], "edges": [{key, source, target, attributes: {rel, evidence_source, …}}]}``.
Positions are the cheap seed layout of :mod:`policykg.export.layout` (run ForceAtlas2 on
them, as the HTML view does); size grows with the number of documents citing a node; the
relation is ``rel`` (sigma uses ``type`` to pick a renderer program, so it is never set) and
the evidence's document is ``evidence_source``.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from policykg.export import (
    TextDestination,
    cited_counts,
    colour_of,
    edge_props,
    node_label,
    write_json,
)
from policykg.export.layout import seed_positions

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


def node_size(kind: str | None, cited: int, degree: int) -> float:
    """Documents by how often they are cited, on a log scale (3 uncited, 8 at 3 citations,
    30 at most); other kinds small, by degree (2 … 7)."""
    if kind == "Document":
        return round(min(3 + 2.5 * math.log2(1 + cited), 30.0), 2)
    return round(min(2 + 0.6 * math.sqrt(degree), 7.0), 2)


def _props(d: dict[str, Any]) -> dict[str, Any]:
    return {(k if k not in RESERVED else f"{k}_"): v for k, v in d.items() if v is not None}


def to_graphology(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as graphology's serialised JSON, with seeded positions and sizes for sigma.js."""
    pos = seed_positions(g)
    cited = cited_counts(g)
    degree = dict(g.degree())
    nodes = []
    for n, d in g.nodes(data=True):
        attrs = {k: v for k, v in _props(d).items() if k != "id"}
        if "id" in d:
            attrs["node_id"] = str(d["id"])
        x, y = pos[n]
        attrs.update(
            label=node_label(d),
            x=round(x, 3),
            y=round(y, 3),
            size=node_size(d.get("kind"), cited[n], degree[n]),
            color=colour_of(d.get("kind")),
            cited=cited[n],
        )
        nodes.append({"key": str(n), "attributes": attrs})
    edges = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        edges.append(
            {
                "key": f"e{i}",
                "source": str(u),
                "target": str(v),
                "attributes": _props(edge_props(d)),
            }
        )
    return {
        "attributes": {"name": "policykg"},
        "options": {"type": "directed", "multi": True, "allowSelfLoops": True},
        "nodes": nodes,
        "edges": edges,
    }


def write(g: nx.MultiDiGraph, destination: TextDestination) -> None:
    """Write ``g`` as graphology JSON to a path or a text file handle."""
    write_json(to_graphology(g), destination)
