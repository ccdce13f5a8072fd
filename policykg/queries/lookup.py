"""Find the node a user means: a 文号 in any bracket form, a title, or a fragment of one."""

from __future__ import annotations

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.loaders.citations import title_key
from policykg.loaders.docnumber import normalize_docnumber


def find_document(graph, key: str) -> str:
    """The id of the document ``key`` names; QueryError listing candidates when ambiguous."""
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
    rows = graph.run(cypher.FIND_DOCUMENT_BY_TEXT, {"text": title_key(key)})
    if len(rows) == 1:
        return rows[0]["id"]
    if rows:
        listing = "; ".join(f"{r['id']} {r['title']}" for r in rows[:8])
        raise QueryError(
            f"{key!r} matches {len(rows)} documents: {listing}. Give the 文号 or the full title."
        )
    raise QueryError(
        f"no document {key!r} in the graph (tried it as a 文号, a title and a title fragment)"
    )
