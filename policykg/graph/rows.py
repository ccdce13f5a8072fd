"""Extractions → node and edge rows, the same for every backend and export.

``batch_for`` composes the kinds of fact in ``graph/facts/`` (documents, citations, agencies,
projects, figures, series) into one ``Batch``; the row types (``Node``, ``Edge``, ``Batch``)
live in ``graph/batch.py`` and are re-exported here for the writers. ``resolve_title_citations``
and ``title_merges`` point citations made by title alone at the document they name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

# title keys → the graph's documents with those keys (rows with id, title_key, transmits)
DocumentsByKeys = Callable[[list[str]], list[dict[str, Any]]]

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
    "resolve_title_citations",
    "title_merges",
]


def resolve_title_citations(batch: Batch, documents_by_keys: DocumentsByKeys) -> None:
    """Point title-only citations at the document they name, when the batch or the graph knows
    it (``documents_by_keys(keys)`` → rows with ``id``, ``title_key``, ``transmits``)."""
    pending = {
        n.props["title_key"]: n.id
        for n in batch.nodes
        if n.label == "Document"
        and n.fill_only
        and n.id.startswith("t:")
        and n.props.get("title_key")
    }
    if not pending:
        return
    known: dict[str, str] = {}
    for n in batch.nodes:
        if n.label == "Document" and not n.fill_only:
            for k in (n.props.get("title_key"), n.props.get("transmits")):
                if k is not None and k in pending and n.id != pending[k]:
                    known[k] = n.id
    for r in documents_by_keys(sorted(pending)):
        for k in (r["title_key"], r["transmits"]):
            if k in pending and r["id"] != pending[k] and k not in known:
                known[k] = r["id"]
    if not known:
        return
    remap = {pending[k]: v for k, v in known.items()}
    batch.nodes = [
        n for n in batch.nodes if not (n.label == "Document" and n.id in remap and n.fill_only)
    ]
    for e in batch.edges:
        if e.dst_label == "Document" and e.dst in remap:
            e.dst = remap[e.dst]
            e.props["status"] = "resolved-by-title"


def title_merges(batch: Batch, documents_by_keys: DocumentsByKeys) -> list[tuple[str, str]]:
    """(old, new) pairs: a document known only by its title (``t:…``, not ingested) that this
    batch now knows by its number; the writer moves old's citations to new and drops old."""
    keys: dict[str, str] = {
        n.props["title_key"]: n.id
        for n in batch.nodes
        if n.label == "Document"
        and not n.id.startswith("t:")
        and n.props.get("title_key") is not None
    }
    if not keys:
        return []
    out = []
    for r in documents_by_keys(sorted(keys)):
        new = keys.get(r["title_key"])
        if new and r["id"] != new and r["id"].startswith("t:") and not r["ingested"]:
            out.append((r["id"], new))
    return out


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
