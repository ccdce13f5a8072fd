"""GraphML (yEd, Gephi, Cytoscape, igraph) via networkx ``write_graphml``.

GraphML holds scalars only: lists are joined with "; ", None is dropped, characters XML
cannot hold become U+FFFD. Every node gets a ``label`` (title, else name, else id); the
relation of an edge is ``rel``.
"""

from __future__ import annotations

import networkx as nx

from policykg.export import node_label, xml_attrs, xml_safe


def prepare(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        attrs = xml_attrs(d)
        attrs["label"] = xml_safe(node_label(d))
        h.add_node(xml_safe(n), **attrs)
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(
            xml_safe(u),
            xml_safe(v),
            key=f"e{k}" if isinstance(k, int) else xml_safe(str(k)),
            **xml_attrs(d),
        )
    return h


def write(g: nx.MultiDiGraph, destination) -> None:
    """Write ``g`` as GraphML to a path or a binary file handle."""
    nx.write_graphml(
        prepare(g), destination, encoding="utf-8", prettyprint=True, named_key_ids=True
    )
