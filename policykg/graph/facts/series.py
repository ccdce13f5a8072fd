"""Series rows: Document -[IN_SERIES]-> the yearly series its title belongs to (每年的重点项目计划)."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node
from policykg.graph.facts.context import DocumentFacts


def add_series(b: Batch[Edge], doc: DocumentFacts) -> None:
    """The document's Series node (named with {年} for the year) and its IN_SERIES edge; the
    batch remembers the series so the writer can relink its members."""
    series = doc.series
    if not series:
        return
    b.series.add(series)
    b.nodes.append(
        Node(
            "Series",
            series,
            {"name": series.split("|", 1)[1].replace("{year}", "{年}"), "issuer": doc.ex.issuer},
        )
    )
    b.edges.append(
        Edge(
            "IN_SERIES",
            "Document",
            doc.doc_id,
            "Series",
            series,
            {"year": doc.ex.plan_year, **doc.title_evidence},
        )
    )
