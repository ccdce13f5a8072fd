"""Citation questions: the citation tree of a document, and the documents most wanted.

``trace`` walks CITES level by level (one parameterised query per level, visited set so a
cycle stops), which behaves the same on every backend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from policykg.errors import QueryError
from policykg.graph import cypher
from policykg.queries.filters import DocFilter
from policykg.queries.labels import document_label
from policykg.queries.lookup import find_document

if TYPE_CHECKING:
    from policykg.graph.store import Graph

DIRECTIONS = ("out", "in", "both")


@dataclass(frozen=True)
class DocInfo:
    """A document as a trace or wanted list shows it."""

    id: str
    title: str | None
    doc_number: str | None
    date: str | None
    issuer: str | None
    ingested: bool
    path: str | None
    region: str | None = None

    @property
    def label(self) -> str:
        """Its 文号, else its title and path (never the internal id)."""
        return document_label(self.id, self.title, self.doc_number, self.path)

    def to_json(self) -> dict[str, Any]:
        """The document as JSON, with its display label."""
        return {**asdict(self), "label": self.label}


@dataclass(frozen=True)
class Hop:
    """One citation in a trace: who cites whom, at which depth, with its evidence."""

    citing: str  # id of the citing document
    cited: str  # id of the cited document
    direction: str  # "out" (root side cites) or "in" (cited by)
    depth: int
    sentence: str
    start: int
    end: int
    form: str | None
    cited_title: str | None


DEFAULT_LIMIT = 500  # hops per trace unless asked otherwise; 0 or None: all of them
_ALL = 2**62  # LIMIT for "no limit" (one statement for both cases)


@dataclass
class Trace:
    """A citation trace from a root document: the hops and the documents they reach."""

    root: str
    direction: str
    depth: int
    documents: dict[str, DocInfo] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)
    limit: int | None = DEFAULT_LIMIT
    truncated: bool = False  # True: more hops exist than ``limit``; these are the first found
    direct: dict[str, int] = field(default_factory=dict)  # root's CITES edges: "in"/"out" → count
    filters: dict[str, str] = field(default_factory=dict)  # the filters asked (as typed)
    filtered_out: int = 0  # hops left out because the document reached fails the filters
    _index: dict[tuple[str, str], list[Hop]] | None = field(default=None, repr=False)

    def children(self, node: str, direction: str) -> list[Hop]:
        """The hops leaving ``node`` in ``direction``, in order."""
        if self._index is None:
            self._index = {}
            for h in self.hops:
                key = (h.direction, h.citing if h.direction == "out" else h.cited)
                self._index.setdefault(key, []).append(h)
        return self._index.get((direction, node), [])

    def to_json(self) -> dict[str, Any]:
        """The trace as JSON (see README "JSON output")."""
        return {
            "root": self.root,
            "direction": self.direction,
            "depth": self.depth,
            "limit": self.limit,
            "truncated": self.truncated,
            "direct": dict(self.direct),
            "filters": dict(self.filters),
            "filtered_out": self.filtered_out,
            "documents": {k: v.to_json() for k, v in sorted(self.documents.items())},
            "hops": [asdict(h) for h in self.hops],
        }


SMALL_FRONTIER = 32  # up to this many ids: one key lookup each; beyond: one UNWIND join
WALK_FROM = 8  # a frontier larger than this: one shortest-path walk from the root (LadybugDB)


def rows_for_ids(
    graph: Graph, one: str, many: str, ids: list[str], limit: int | None = None
) -> list[dict[str, Any]]:
    """Run a per-id query for each id (small lists) or its list form once (large lists).
    With ``limit``, statements take ``$limit`` and at most ``limit`` rows come back."""
    extra = {} if limit is None else {"limit": limit}
    if len(ids) <= SMALL_FRONTIER:
        out: list[dict[str, Any]] = []
        for i in ids:
            if limit is not None:
                extra["limit"] = limit - len(out)
                if extra["limit"] <= 0:
                    break
            out.extend(graph.run(one, {"id": i, **extra}))
        return out
    return graph.run(many, {"ids": ids, **extra})


def trace(
    graph: Graph,
    doc: str,
    direction: str = "in",
    depth: int = 1,
    limit: int | None = DEFAULT_LIMIT,
    filters: DocFilter | None = None,
) -> Trace:
    """Breadth-first over CITES from ``doc``; every hop with its evidence sentence.

    At most ``limit`` hops are returned (``None`` or 0: all). A document cited by tens of
    thousands of notices would otherwise return them all with their sentences; when the
    limit cuts, ``truncated`` is set, the hops kept are the nearest levels first (within a
    level, the first the graph yields, sorted), and ``direct`` still counts every citation.

    With ``filters`` (date, issuer, region of the documents reached), a hop to a document that
    fails them is left out with everything behind it; ``filtered_out`` counts those hops.
    """
    if direction not in DIRECTIONS:
        raise QueryError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    if not 1 <= int(depth) <= 20:
        raise QueryError("depth must be between 1 and 20")
    if limit is not None and int(limit) < 0:
        raise QueryError("limit must be 0 (no limit) or a positive number of hops")
    limit = int(limit) if limit else None
    root = find_document(graph, doc)
    filt = (filters or DocFilter()).resolve(graph)
    result = Trace(root, direction, int(depth), limit=limit)
    result.filters = {k: v for k, v in asdict(filt.asked).items() if v}
    left = limit if limit is not None else _ALL
    for d in ("out", "in") if direction == "both" else (direction,):
        count = cypher.CITES_COUNT if d == "out" else cypher.CITED_BY_COUNT
        result.direct[d] = int(graph.run(count, {"id": root})[0]["n"])
        frontier, seen = [root], {root}
        for level in range(1, int(depth) + 1):
            if not frontier or result.truncated:
                break
            if d == "out":
                one, many = cypher.CITES_OUT_ONE, cypher.CITES_OUT
            else:
                one, many = cypher.CITES_IN_ONE, cypher.CITES_IN
            walk = cypher.cites_level(d, level - 1, graph.dialect) if level > 1 else None
            if (
                walk and len(frontier) > WALK_FROM and not filt
            ):  # one walk from the root, not a lookup per id
                rows = graph.run(walk, {"id": root, "limit": left + 1})
            else:
                rows = rows_for_ids(graph, one, many, frontier, left + 1)
            if d == "out":
                rows.sort(key=lambda r: (r["src"], r["start"], r["dst"]))
            else:
                rows.sort(key=lambda r: (r["dst"], r["src"], r["start"]))
            fetched = len(rows)
            if filt:
                far = "dst" if d == "out" else "src"
                passing = filt.keep(graph, sorted({r[far] for r in rows})) | {root}
                rows = [r for r in rows if r[far] in passing]
                result.filtered_out += fetched - len(rows)
            if len(rows) > left:
                rows, result.truncated = rows[:left], True
            elif fetched > left:  # the fetch was cut before filtering: more may pass
                result.truncated = True
            left -= len(rows)
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
            r["region"],
        )
    return result


@dataclass(frozen=True)
class Wanted:
    """A document cited but not ingested: how often, by whom and under which titles."""

    id: str
    doc_number: str | None
    title: str | None
    cited_by: int
    titles_as_cited: list[str]
    citing: list[str]

    @property
    def label(self) -> str:
        """Its 文号, else its title (never the internal id)."""
        title = self.title or (self.titles_as_cited[0] if self.titles_as_cited else None)
        return document_label(self.id, title, self.doc_number)

    def to_json(self) -> dict[str, Any]:
        """The wanted document as JSON, with its display label."""
        return {**asdict(self), "label": self.label}


class WantedList(list[Wanted]):
    """The ranked list (a ``list`` of :class:`Wanted`) and how many the limit left out."""

    def __init__(
        self, items: Iterable[Wanted] = (), total: int = 0, filters: dict[str, str] | None = None
    ) -> None:
        super().__init__(items)
        self.total = total  # every cited-only document that matches, before the limit
        self.filters = dict(filters or {})

    @property
    def more(self) -> int:
        """How many matching documents the limit left out."""
        return max(0, self.total - len(self))


def wanted(graph: Graph, limit: int = 50, filters: DocFilter | None = None) -> WantedList:
    """Documents cited but not in the corpus, most cited first: what to collect next.

    With ``filters``, only citations from documents that pass them count (what Chongqing
    notices since 2022 cite: ``DocFilter(since="2022", region="重庆市")``)."""
    filt = (filters or DocFilter()).resolve(graph)
    flags = filt.flags()
    rows = graph.run(cypher.wanted(**flags), {"limit": int(limit), **filt.params()})
    out = WantedList(
        Wanted(
            r["id"],
            r["doc_number"],
            r["title"],
            r["cited_by"],
            sorted(t for t in r["titles_as_cited"] if t),
            sorted(r["citing"]),
        )
        for r in rows
    )
    out.filters = {k: v for k, v in asdict(filt.asked).items() if v}
    out.total = (
        len(out)
        if len(out) < int(limit)
        else int(graph.run(cypher.wanted_count(**flags), filt.params())[0]["n"])
    )
    return out
