"""Node, Edge and Batch: the rows one or more documents contribute to the graph.

Every edge row has its evidence (``source`` = id of the document it was read from,
``span_start``, ``span_end``, ``sentence``); ``source`` is also what re-ingest uses to replace a
document's facts without touching anybody else's. The rows are the same for every backend and
export; ``check_batch`` validates them against ``graph/schema.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypedDict, TypeVar

from policykg.graph.schema import EDGES, NODES, edge_props


@dataclass
class Node:
    """A node row: label, id and properties (fill-only rows never overwrite a value)."""

    label: str
    id: str
    props: dict[str, Any]
    fill_only: bool = False  # True: only fill properties that are still null (cited-only docs)

    # pickled by the million from workers: a tuple, not a __dict__
    def __reduce__(self) -> tuple[type[Node], tuple[str, str, dict[str, Any], bool]]:
        return (Node, (self.label, self.id, self.props, self.fill_only))


@dataclass
class Edge:
    """An edge row between two nodes given by label and id, with its properties and evidence."""

    type: str
    src_label: str
    src: str
    dst_label: str
    dst: str
    props: dict[str, Any]


# the edges a batch holds: ``Edge`` rows, or the bulk loader's pre-encoded ``PackedEdge``
EdgeT = TypeVar("EdgeT")


@dataclass
class Batch(Generic[EdgeT]):
    """The node and edge rows one or more documents contribute, with the ids they replace."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[EdgeT] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # ids of ingested documents
    series: set[str] = field(default_factory=set)

    def __reduce__(self) -> tuple[type[Batch[EdgeT]], tuple[Any, ...]]:
        return (Batch, (self.nodes, self.edges, self.documents, self.series))

    def extend(self, other: Batch[EdgeT]) -> None:
        """Append another batch's rows (documents in order, series as a union)."""
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)
        self.documents.extend(other.documents)
        self.series |= other.series


def node_row(label: str, id_: str, props: dict[str, Any]) -> dict[str, Any]:
    """A row with every property of the label (missing → None): rows in one list share keys."""
    row: dict[str, Any] = {k: None for k in NODES[label]}
    row.update({k: v for k, v in props.items() if k in NODES[label]})
    row["id"] = id_
    return row


def dedupe_nodes(
    nodes: list[Node], row_of: Callable[[Node], dict[str, Any]]
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """(full, fill) rows keyed by (label, id), as one write applies them: a later full row
    replaces an earlier one; fill-only rows merge, the first non-null value of each key wins."""
    full: dict[tuple[str, str], dict[str, Any]] = {}
    fill: dict[tuple[str, str], dict[str, Any]] = {}
    for n in nodes:
        row = row_of(n)
        key = (n.label, n.id)
        if not n.fill_only:
            full[key] = row
        elif key in fill:
            old = fill[key]
            fill[key] = {k: (old[k] if old[k] is not None else v) for k, v in row.items()}
        else:
            fill[key] = row
    return full, fill


def edge_row(edge_type: str, props: dict[str, Any]) -> dict[str, Any]:
    """A row with every property of the edge type (missing → None)."""
    row = {k: None for k in edge_props(edge_type)}
    row.update({k: v for k, v in props.items() if k in row})
    return row


class Evidence(TypedDict):
    """The properties every edge row carries: where its fact was read.

    ``source`` is the id of the document (or the name of the knowledge table) it comes from,
    ``span_start``/``span_end`` its offsets in that document's text (-1 for a table)."""

    source: str
    span_start: int
    span_end: int
    sentence: str


def evidence(source: str, start: int, end: int, sentence: str) -> Evidence:
    """The evidence of an edge: source document, span and sentence."""
    return {"source": source, "span_start": start, "span_end": end, "sentence": sentence}


def check_batch(b: Batch) -> None:
    """Validation at the edge: only schema labels, edge types and allowed end labels."""
    for n in b.nodes:
        if n.label not in NODES:
            raise ValueError(f"node label {n.label!r} is not in graph/schema.py")
    for e in b.edges:
        et = EDGES.get(e.type)
        if et is None or (e.src_label, e.dst_label) not in et.ends:
            raise ValueError(
                f"edge {e.type} {e.src_label}->{e.dst_label} is not allowed by graph/schema.py"
            )
