"""How big the graph is: nodes by label, edges by type, documents ingested and cited only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policykg.graph import cypher
from policykg.graph.schema import EDGES, NODES

if TYPE_CHECKING:
    from policykg.graph.store import Graph


def stats(graph: Graph) -> dict[str, dict[str, int]]:
    """Node counts by label, edge counts by type, documents ingested and cited only
    (``{"nodes": {...}, "edges": {...}, "documents": {"ingested": n, "cited_only": m}}``)."""
    nodes = {label: graph.run(cypher.count_nodes(label))[0]["n"] for label in NODES}
    edges = {t: graph.run(cypher.count_edges(t))[0]["n"] for t in EDGES}
    ingested = graph.run(cypher.COUNT_INGESTED)[0]["n"]
    return {
        "nodes": nodes,
        "edges": edges,
        "documents": {"ingested": ingested, "cited_only": nodes["Document"] - ingested},
    }
