"""The whole graph as a networkx MultiDiGraph, for analysis (PageRank …) and for exports.

Node keys are ``"Label:id"``; node attributes: ``kind`` (the label), ``id`` and the label's
properties (None dropped); edge attributes: ``rel`` (the edge type, never ``type``: GEXF and
sigma reserve it) and the edge's properties with its evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from policykg.graph import cypher
from policykg.graph.schema import EDGES, NODES

if TYPE_CHECKING:
    from policykg.graph.store import Graph


def node_key(label: str, id_: str) -> str:
    """The networkx node key of a graph node (label:id)."""
    return f"{label}:{id_}"


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The whole graph as a networkx MultiDiGraph: node keys ``Label:id`` (``kind`` = label,
    the node's properties as attributes), edges with ``rel`` = type and their properties."""
    g = nx.MultiDiGraph()
    for label in NODES:
        for r in graph.run(cypher.nodes_of(label)):
            attrs = {k: v for k, v in r.items() if v is not None}
            g.add_node(node_key(label, r["id"]), kind=label, **attrs)
    for t in EDGES:
        for r in graph.run(cypher.edges_of(t, graph.dialect)):
            attrs = {
                k: v
                for k, v in r.items()
                if v is not None and k not in ("src", "dst", "src_label", "dst_label")
            }
            g.add_edge(
                node_key(r["src_label"], r["src"]),
                node_key(r["dst_label"], r["dst"]),
                rel=t,
                **attrs,
            )
    return g
