"""Citation questions: the citation tree of a document, and the documents most wanted.

``trace`` walks CITES level by level (one parameterised query per level, visited set so a
cycle stops), which behaves the same on every backend.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.queries.lookup import find_document

DIRECTIONS = ("out", "in", "both")


@dataclass(frozen=True)
class DocInfo:
    id: str
    title: str | None
    doc_number: str | None
    date: str | None
    issuer: str | None
    ingested: bool
    path: str | None


@dataclass(frozen=True)
class Hop:
    citing: str  # id of the citing document
    cited: str  # id of the cited document
    direction: str  # "out" (root side cites) or "in" (cited by)
    depth: int
    sentence: str
    start: int
    end: int
    form: str | None
    cited_title: str | None


@dataclass
class Trace:
    root: str
    direction: str
    depth: int
    documents: dict[str, DocInfo] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)

    def children(self, node: str, direction: str) -> list[Hop]:
        if direction == "out":
            return [h for h in self.hops if h.direction == "out" and h.citing == node]
        return [h for h in self.hops if h.direction == "in" and h.cited == node]

    def to_json(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "direction": self.direction,
            "depth": self.depth,
            "documents": {k: asdict(v) for k, v in sorted(self.documents.items())},
            "hops": [asdict(h) for h in self.hops],
        }


SMALL_FRONTIER = 32  # up to this many ids: one key lookup each; beyond: one UNWIND join


def rows_for_ids(graph, one: str, many: str, ids: list[str]) -> list[dict[str, Any]]:
    """Run a per-id query for each id (small lists) or its list form once (large lists)."""
    if len(ids) <= SMALL_FRONTIER:
        return [r for i in ids for r in graph.run(one, {"id": i})]
    return graph.run(many, {"ids": ids})


def trace(graph, doc: str, direction: str = "in", depth: int = 1) -> Trace:
    if direction not in DIRECTIONS:
        raise QueryError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    if not 1 <= int(depth) <= 20:
        raise QueryError("depth must be between 1 and 20")
    root = find_document(graph, doc)
    result = Trace(root, direction, int(depth))
    for d in ("out", "in") if direction == "both" else (direction,):
        frontier, seen = [root], {root}
        for level in range(1, int(depth) + 1):
            if not frontier:
                break
            if d == "out":
                rows = rows_for_ids(graph, cypher.CITES_OUT_ONE, cypher.CITES_OUT, frontier)
                rows.sort(key=lambda r: (r["src"], r["start"]))
            else:
                rows = rows_for_ids(graph, cypher.CITES_IN_ONE, cypher.CITES_IN, frontier)
                rows.sort(key=lambda r: (r["dst"], r["src"], r["start"]))
            nxt: list[str] = []
            for r in rows:
                result.hops.append(
                    Hop(
                        r["src"],
                        r["dst"],
                        d,
                        level,
                        r["sentence"] or "",
                        r["start"],
                        r["end_"],
                        r["form"],
                        r["cited_title"],
                    )
                )
                other = r["dst"] if d == "out" else r["src"]
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
            frontier = nxt
    ids = sorted({root} | {h.citing for h in result.hops} | {h.cited for h in result.hops})
    for r in rows_for_ids(graph, cypher.DOCUMENT_PROPS_ONE, cypher.DOCUMENT_PROPS, ids):
        result.documents[r["id"]] = DocInfo(
            r["id"],
            r["title"],
            r["doc_number"],
            r["date"],
            r["issuer"],
            bool(r["ingested"]),
            r["path"],
        )
    return result


@dataclass(frozen=True)
class Wanted:
    id: str
    doc_number: str | None
    title: str | None
    cited_by: int
    titles_as_cited: list[str]
    citing: list[str]


def wanted(graph, limit: int = 50) -> list[Wanted]:
    """Documents cited but not in the corpus, most cited first: what to collect next."""
    rows = graph.run(cypher.WANTED, {"limit": int(limit)})
    return [
        Wanted(
            r["id"],
            r["doc_number"],
            r["title"],
            r["cited_by"],
            sorted(t for t in r["titles_as_cited"] if t),
            sorted(r["citing"]),
        )
        for r in rows
    ]
