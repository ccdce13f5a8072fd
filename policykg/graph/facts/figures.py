"""Figure rows: Document -[HAS_FIGURE]-> each summary figure (count and money of a category)."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node, evidence
from policykg.graph.facts.context import DocumentFacts


def add_figures(b: Batch[Edge], doc: DocumentFacts) -> None:
    """A Figure node per category the document sums up (id: document id # category)."""
    ex = doc.ex
    for f in ex.figures:
        fid = f"{doc.doc_id}#{f.category}"
        b.nodes.append(
            Node(
                "Figure",
                fid,
                {
                    "category": f.category,
                    "count": f.count,
                    "total_investment_yuan": f.total_investment_yuan,
                    "annual_plan_yuan": f.annual_plan_yuan,
                    "completed_yuan": f.completed_yuan,
                    "approximate": f.approximate,
                    "year": ex.plan_year,
                },
            )
        )
        b.edges.append(
            Edge(
                "HAS_FIGURE",
                "Document",
                doc.doc_id,
                "Figure",
                fid,
                {**evidence(doc.doc_id, f.start, f.end, f.sentence)},
            )
        )
