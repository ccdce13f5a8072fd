"""Gephi spreadsheet import: ``nodes.csv`` and ``edges.csv`` in the folder ``destination``.

Gephi's rules (Import spreadsheet): ``nodes.csv`` starts ``Id,Label`` then attribute
columns; ``edges.csv`` starts ``Source,Target,Type,Id,Label`` (Type = ``Directed``, Label =
the relation) then attribute columns. Every column name is unique and none repeats, in any
case, a column Gephi reads itself (id, label, source, target, type, weight, timeset, start,
end): the node's own id is ``node_id``, the evidence's document ``evidence_source``, any other
property with such a name gets a ``_`` suffix. Nodes: ``kind``, ``node_id``, then the
properties of every label in schema order, each once. Lists are joined with "; ", booleans
are ``true``/``false``, empty cells mean "no value". UTF-8 without BOM.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.export import EVIDENCE_SOURCE, edge_props, flat_value, node_label
from policykg.graph.schema import EDGES, NODES
from policykg.graph.schema import edge_props as schema_edge_props

NODE_HEAD = ["Id", "Label"]
EDGE_HEAD = ["Source", "Target", "Type", "Id", "Label"]
GEPHI_COLUMNS = frozenset(
    {"id", "label", "source", "target", "type", "weight", "timeset", "start", "end"}
)


def _cell(v: Any) -> Any:
    v = flat_value(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def _column(name: str) -> str:
    return f"{name}_" if name.lower() in GEPHI_COLUMNS else name


def _columns(order: list[str], seen: set[str], skip: set[str]) -> list[str]:
    """Properties present in the graph, schema order first, each once."""
    cols = [c for c in dict.fromkeys(order) if c in seen and c not in skip]
    cols += sorted(seen - set(cols) - skip)
    return cols


def write(g: nx.MultiDiGraph, destination: str | os.PathLike[str]) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into the folder ``destination`` (created)."""
    folder = Path(destination)
    folder.mkdir(parents=True, exist_ok=True)
    node_order = [p for props in NODES.values() for p in props if p != "id"]
    seen = {k for _, d in g.nodes(data=True) for k in d}
    ncols = _columns(node_order, seen, {"id", "kind"})
    with open(folder / "nodes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([*NODE_HEAD, "kind", "node_id", *(_column(c) for c in ncols)])
        for n, d in g.nodes(data=True):
            w.writerow(
                [
                    n,
                    node_label(d),
                    d.get("kind", ""),
                    _cell(d.get("id")),
                    *(_cell(d.get(c)) for c in ncols),
                ]
            )
    edge_order = [
        EVIDENCE_SOURCE if p == "source" else p for t in EDGES for p in schema_edge_props(t)
    ]
    rows = [edge_props(d) for _, _, d in g.edges(data=True)]
    seen = {k for d in rows for k in d}
    ecols = _columns(edge_order, seen, {"rel"})
    with open(folder / "edges.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([*EDGE_HEAD, "rel", *(_column(c) for c in ecols)])
        for i, ((u, v, _), d) in enumerate(zip(g.edges(data=True), rows, strict=True)):
            rel = d.get("rel", "")
            w.writerow([u, v, "Directed", f"e{i}", rel, rel, *(_cell(d.get(c)) for c in ecols)])
