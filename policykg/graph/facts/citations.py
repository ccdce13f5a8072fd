"""Citation rows: Document -[CITES]-> each document the text cites, a fill-only node for it."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node, evidence
from policykg.graph.facts.context import DocumentFacts
from policykg.loaders import resolve
from policykg.loaders.citations import title_key
from policykg.loaders.docnumber import parse_docnumber


def _registry_issuer(doc_number: str | None) -> str | None:
    """The issuer the 机关代字 registry gives for a cited number, or None."""
    if not doc_number:
        return None
    dn = parse_docnumber(doc_number)
    entry = resolve.lookup_code(dn.code) if dn else None
    return entry.issuer if entry else None


def add_citations(b: Batch[Edge], doc: DocumentFacts) -> None:
    """One fill-only Document node per cited document (never overwriting an ingested one) and
    a CITES edge with the citation's form and evidence; a document citing itself is skipped."""
    for c in doc.ex.cites:
        target = resolve.document_id(c.doc_number, c.title)
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
                    "issuer": _registry_issuer(c.doc_number),
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
                    "status": "cited",
                    **evidence(doc.doc_id, c.start, c.end, c.sentence),
                },
            )
        )
