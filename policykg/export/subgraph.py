"""Pick the part of the graph an export shows: ``--subgraph DOC`` or ``--subgraph CYPHER``.

* A document (any 文号 bracket form, a title or a fragment; resolved by
  :func:`policykg.queries.lookup.find_document`): the documents within ``depth`` CITES hops of
  it, in both directions, plus every other node the edges of those documents touch (issuers,
  agencies, regions, projects, series, figures; documents only within ``depth``); then the
  induced subgraph.
* A Cypher query (starts with MATCH, OPTIONAL MATCH, CALL, WITH, UNWIND or RETURN): run
  read-only (only statements ``graph/readonly.py`` proves to be reads run, even on a graph
  open for writing; the engine refuses writes too); every value in its result that is a node, a node key
  ``"Label:id"`` or an ``id`` becomes a node of the induced subgraph. Lists and paths are
  searched too. Values the query needs go in as parameters of the query itself; nothing
  is pasted into it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import networkx as nx

from policykg.errors import ExportError, QueryError

if TYPE_CHECKING:
    from policykg.graph.store import Graph

# rows a --subgraph query may return (read lazily; past it the export stops with a message)
SUBGRAPH_MAX_ROWS = 200_000
_CYPHER_START = re.compile(r"^\s*(MATCH|OPTIONAL\s+MATCH|CALL|WITH|UNWIND|RETURN)\b", re.IGNORECASE)


def is_cypher(spec: str) -> bool:
    """True when ``spec`` is a Cypher query rather than a document id."""
    return bool(_CYPHER_START.match(spec or ""))


def select(graph: Graph, g: nx.MultiDiGraph, spec: str, depth: int = 2) -> nx.MultiDiGraph:
    """What ``spec`` selects of ``g``: a Cypher query's nodes, or a document's neighbourhood."""
    if is_cypher(spec):
        keep = nodes_from_query(graph, g, spec)
    else:
        from policykg.queries.lookup import find_document

        doc = find_document(graph, spec)
        keep = citation_neighbourhood(g, f"Document:{doc}", depth)
        h = g.subgraph(keep).copy()
        h.graph["focus"] = f"Document:{doc}"  # the html view opens on it
        return h
    return g.subgraph(keep).copy()


def citation_neighbourhood(g: nx.MultiDiGraph, start: str, depth: int) -> set[str]:
    """Documents within ``depth`` citation hops of ``start``, and the other nodes next to them."""
    if start not in g:
        raise ExportError(f"{start!r} is not in the graph")
    docs = {start}
    frontier = {start}
    for _ in range(depth):
        nxt: set[str] = set()
        for n in frontier:
            nxt.update(v for _, v, r in g.out_edges(n, data="rel") if r == "CITES")
            nxt.update(u for u, _, r in g.in_edges(n, data="rel") if r == "CITES")
        frontier = nxt - docs
        docs |= frontier
        if not frontier:
            break
    keep = set(docs)
    for n in docs:
        for m in (*g.successors(n), *g.predecessors(n)):
            if g.nodes[m].get("kind") != "Document":  # documents only within depth
                keep.add(m)
    return keep


def _run_read_only(graph: Graph, query: str) -> list[dict[str, Any]]:
    """Proven a read first (``graph/readonly.py``), whatever mode the graph is open in: no
    CHECKPOINT, COPY, LOAD FROM; then run where it cannot write."""
    return graph.backend.run_read(query, {}, max_rows=SUBGRAPH_MAX_ROWS)


def nodes_from_query(graph: Graph, g: nx.MultiDiGraph, query: str) -> set[str]:
    """The networkx keys of the nodes a read-only Cypher query returns."""
    try:
        rows = _run_read_only(graph, query)
    except QueryError as e:
        raise ExportError(f"--subgraph query failed: {e}") from None
    by_id: dict[str, list[str]] = {}
    for key, d in g.nodes(data="id"):
        by_id.setdefault(str(d), []).append(key)
    label_of = graph.backend.label_of
    keep: set[str] = set()

    def take(v: Any) -> None:
        if v is None:
            return
        if isinstance(v, dict):
            label = label_of(v)
            label = label or v.get("_LABEL")
            if "id" in v and label:
                key = f"{label}:{v['id']}"
                if key in g:
                    keep.add(key)
                    return
            for k in ("_nodes", "_NODES"):  # a path: its nodes
                for inner in v.get(k) or []:
                    take(inner)
            if "id" in v and not label:
                take(str(v["id"]))
            return
        if isinstance(v, list | tuple):
            for x in v:
                take(x)
            return
        s = str(v)
        if s in g:
            keep.add(s)
        keep.update(by_id.get(s, ()))

    for r in rows:
        for v in r.values():
            take(v)
    if not keep:
        raise ExportError(
            "--subgraph query returned no nodes of the graph; return nodes (RETURN d) or their ids (RETURN d.id)"
        )
    return keep
