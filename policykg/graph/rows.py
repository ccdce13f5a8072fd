"""Extractions → node and edge rows, the same for every backend and export.

``batch_for`` composes the kinds of fact in ``graph/facts/`` (documents, citations, agencies,
projects, figures, series) into one ``Batch``; the row types (``Node``, ``Edge``, ``Batch``)
live in ``graph/batch.py`` and are re-exported here for the writers. Citations made by title
alone are resolved by the writers (``graph/titles.py``).
"""

from __future__ import annotations

from policykg.graph.batch import (
    Batch,
    Edge,
    Node,
    check_batch,
    dedupe_nodes,
    edge_row,
    evidence,
    node_row,
)
from policykg.graph.facts.agencies import add_agencies, add_duties
from policykg.graph.facts.citations import add_citations
from policykg.graph.facts.context import DocumentFacts, document_id_of
from policykg.graph.facts.documents import add_document, add_document_region, add_issuer
from policykg.graph.facts.figures import add_figures
from policykg.graph.facts.projects import add_projects
from policykg.graph.facts.series import add_series
from policykg.records import Extraction

__all__ = [
    "Batch",
    "Edge",
    "Node",
    "batch_for",
    "dedupe_nodes",
    "document_id_of",
    "edge_row",
    "evidence",
    "node_row",
]


def batch_for(ex: Extraction) -> Batch[Edge]:
    """Every node and edge row one extracted document contributes, checked against the schema.

    The order is part of the contract: agencies come after every edge that may point at one,
    and a later full row of a node replaces an earlier one.
    """
    doc = DocumentFacts.of(ex)
    b: Batch[Edge] = Batch()
    add_document(b, doc)
    add_citations(b, doc)
    add_issuer(b, doc)
    add_document_region(b, doc)
    add_duties(b, doc)
    add_projects(b, doc)
    add_agencies(b, doc)
    add_figures(b, doc)
    add_series(b, doc)
    check_batch(b)
    return b
