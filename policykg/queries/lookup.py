"""Find the node a user means: a 文号 in any bracket form, a title, or a fragment of one.

When nothing matches, the error names the closest documents ("did you mean"), ranked by
:func:`policykg.queries.search.search` (a 文号 whose brackets were lost is repaired by the
project's 文号 parser first, then fuzzy matching). When a fragment matches several documents,
the error lists the first ``SHOWN`` and says how many were left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.loaders.citations import title_key
from policykg.loaders.docnumber import normalize_docnumber
from policykg.queries.labels import document_label

if TYPE_CHECKING:  # for annotations only: the store would pull in the loaders
    from policykg.graph.store import Graph

SHOWN = 8  # candidates named in an "ambiguous" error
SUGGESTED = 5  # closest documents named in a "not found" error


class DocumentNotFound(QueryError):
    """No document is named by the key; ``suggestions`` are the closest (label, id) pairs."""

    def __init__(self, message: str, suggestions: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


def suggestions(graph: Graph, key: str, n: int = SUGGESTED) -> list[tuple[str, str]]:
    """The ``n`` documents closest to ``key``: (label with title, id), best first."""
    from policykg.queries.search import search

    try:
        found = search(graph, key, limit=n)
    except QueryError:
        return []
    out = []
    for h in found.hits:
        label = h.label if not h.doc_number or not h.title else f"{h.doc_number} 《{h.title}》"
        out.append((label, h.id))
    return out


def not_found(graph: Graph, key: str, what: str = "document") -> DocumentNotFound:
    """The error for a key that names nothing, with the closest documents."""
    close = suggestions(graph, key)
    message = f"no {what} {key!r} in the graph (tried it as a 文号, a title and a title fragment)"
    if close:
        message += ". Did you mean: " + "; ".join(label for label, _ in close) + "?"
    return DocumentNotFound(message, close)


def find_document(graph: Graph, key: str) -> str:
    """The id of the document ``key`` names; QueryError listing candidates when ambiguous,
    :class:`DocumentNotFound` with the closest documents when nothing matches."""
    key = (key or "").strip()
    if not key:
        raise QueryError("name a document: a 文号 (渝府办发〔2020〕118号) or a title")
    tries = [normalize_docnumber(key), key, title_key(key)]
    for k in dict.fromkeys(t for t in tries[:2] if t):  # a document id (文号): an index lookup
        rows = graph.run(cypher.DOCUMENT_BY_ID, {"id": k})
        if rows:
            return rows[0]["id"]
    for k in dict.fromkeys(t for t in tries if t):
        rows = graph.run(cypher.FIND_DOCUMENT, {"key": k})
        if rows:
            return rows[0]["id"]
    text = title_key(key)
    rows = graph.run(cypher.FIND_DOCUMENT_BY_TEXT, {"text": text})
    if len(rows) == 1:
        return rows[0]["id"]
    if rows:
        total = int(graph.run(cypher.FIND_DOCUMENT_BY_TEXT_COUNT, {"text": text})[0]["n"])
        shown = rows[:SHOWN]
        props = {
            r["id"]: r for r in graph.run(cypher.DOCUMENT_PROPS, {"ids": [r["id"] for r in shown]})
        }
        listing = "; ".join(
            _candidate(props.get(r["id"]) or {"id": r["id"], "title": r["title"]}) for r in shown
        )
        left = total - len(shown)
        more = f" … and {left} more (policykg search {key!r} lists them all)" if left > 0 else ""
        raise QueryError(
            f"{key!r} matches {total} documents: {listing}{more}. Give the 文号 or the full title."
        )
    raise not_found(graph, key)


def _candidate(row: dict) -> str:
    label = document_label(row["id"], row.get("title"), row.get("doc_number"), row.get("path"))
    if row.get("doc_number") and row.get("title"):
        return f"{label} 《{row['title']}》"
    return label
