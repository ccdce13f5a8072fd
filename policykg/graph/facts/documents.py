"""Document rows: the ingested document itself, ISSUED_BY its issuer and LOCATED_IN its region."""

from __future__ import annotations

from policykg.graph.batch import Batch, Edge, Node
from policykg.graph.facts.context import DocumentFacts
from policykg.graph.facts.regions import add_region
from policykg.loaders import resolve
from policykg.loaders.citations import title_key


def add_document(b: Batch[Edge], doc: DocumentFacts) -> None:
    """The Document node of an ingested file, with every field the extraction read."""
    ex = doc.ex
    b.documents.append(doc.doc_id)
    b.nodes.append(
        Node(
            "Document",
            doc.doc_id,
            {
                "title": ex.title,
                "title_key": resolve.full_title_key(ex.title, ex.issuer) if ex.title else None,
                "doc_number": ex.doc_number,
                "doc_type": ex.doc_type,
                "issuer": ex.issuer,
                "issuer_is_inferred": ex.issuer_is_inferred,
                "date": ex.date,
                "published": ex.published,
                "plan_year": ex.plan_year,
                "region": ex.region,
                "addressees": ex.addressees or None,
                "attachments": ex.attachments or None,
                "transmits": title_key(ex.transmits) if ex.transmits else None,
                "series": doc.series,
                "ingested": True,
                "path": ex.path,
                "sha256": ex.sha256,
            },
        )
    )


def add_issuer(b: Batch[Edge], doc: DocumentFacts) -> None:
    """Document -[ISSUED_BY]-> its issuer (by canonical name; the name itself when unknown)."""
    ex, ref = doc.ex, doc.ex.issuer_ref
    if not ex.issuer or ref is None:
        return
    issuer_key = ref.canonical or ex.issuer  # the canonical name (ex.issuer when unknown)
    doc.agencies[issuer_key] = ref
    b.edges.append(
        Edge(
            "ISSUED_BY",
            "Document",
            doc.doc_id,
            "Agency",
            issuer_key,
            {"inferred": ex.issuer_is_inferred, **doc.title_evidence},
        )
    )


def add_document_region(b: Batch[Edge], doc: DocumentFacts) -> None:
    """Document -[LOCATED_IN]-> the region it was issued in (with the region's parents)."""
    code = doc.ex.region_code if doc.ex.region else None
    if code:
        add_region(b, code)
        b.edges.append(
            Edge("LOCATED_IN", "Document", doc.doc_id, "Region", code, {**doc.title_evidence})
        )
