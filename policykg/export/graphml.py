"""GraphML (yEd, Gephi, Cytoscape, igraph) via networkx ``write_graphml``.

GraphML holds scalars only: lists are joined with "; ", None is dropped, characters XML
cannot hold become U+FFFD. Every node gets a ``label`` (title, else name: a document without
a 文号 is labelled by its title); its raw id is ``node_id`` (igraph reserves ``id`` for the
GraphML node id); the relation of an edge is ``rel``, the evidence's document
``evidence_source``. Keys are ``d0``, ``d1`` …: named key ids would repeat when a node and an
edge attribute share a name (``year``), which XML ids may not.
"""

from __future__ import annotations

import networkx as nx

from policykg.export import BinaryDestination, edge_props, node_label, xml_attrs, xml_safe


def prepare(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the graph GraphML can hold: XML-safe attributes, no lists or None."""
    h = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        attrs = xml_attrs({k: v for k, v in d.items() if k != "id"})
        if "id" in d:
            attrs["node_id"] = xml_safe(str(d["id"]))
        attrs["label"] = xml_safe(node_label(d))
        h.add_node(xml_safe(n), **attrs)
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(
            xml_safe(u),
            xml_safe(v),
            key=f"e{k}" if isinstance(k, int) else xml_safe(str(k)),
            **xml_attrs(edge_props(d)),
        )
    return h


def write(g: nx.MultiDiGraph, destination: BinaryDestination) -> None:
    """Write ``g`` as GraphML to a path or a binary file handle."""
    nx.write_graphml(prepare(g), destination, encoding="utf-8", prettyprint=True)
