"""Citation rows: Document -[CITES]-> each document the text cites, a fill-only node for it."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node, evidence
from policykg.graph.facts.context import DocumentFacts
from policykg.loaders.citations import title_key


def add_citations(b: Batch[Edge], doc: DocumentFacts) -> None:
    """One fill-only Document node per cited document (never overwriting an ingested one) and
    a CITES edge with the citation's form and evidence; a document citing itself is skipped."""
    for c in doc.ex.cites:
        target = c.target
        if target is None or target == doc.doc_id:
            continue
        b.nodes.append(
            Node(
                "Document",
                target,
                {
                    "title": c.title,
                    "title_key": title_key(c.title) if c.title else None,
                    "doc_number": c.doc_number,
                    "issuer": c.target_issuer,
                    "ingested": False,
                },
                fill_only=True,
            )
        )
        b.edges.append(
            Edge(
                "CITES",
                "Document",
                doc.doc_id,
                "Document",
                target,
                {
                    "form": c.form,
                    "cited_title": c.title,
                    "cited_number": c.doc_number,
                    "cited_issuer": c.issuer,
                    "status": "cited",
                    **evidence(doc.doc_id, c.start, c.end, c.sentence),
                },
            )
        )
