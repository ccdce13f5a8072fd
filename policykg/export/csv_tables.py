"""Gephi spreadsheet import: ``nodes.csv`` and ``edges.csv`` in the folder ``destination``.

nodes.csv: ``Id,Label,kind,node_id,<properties>``; edges.csv: ``Source,Target,Type,rel,
<properties and evidence>`` with Type = ``Directed``. Lists are joined with "; ", booleans
are ``true``/``false``, empty cells mean "no value". UTF-8 without BOM.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx

from policykg.export import flat_value, node_label
from policykg.graph.schema import EDGES, NODES, edge_props


def _cell(v: Any) -> Any:
    v = flat_value(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def _columns(order: list[str], seen: set[str], skip: set[str]) -> list[str]:
    cols = [c for c in order if c in seen and c not in skip]
    cols += sorted(seen - set(cols) - skip)
    return cols


def write(g: nx.MultiDiGraph, destination) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into the folder ``destination`` (created)."""
    folder = Path(destination)
    folder.mkdir(parents=True, exist_ok=True)
    node_order = [p for props in NODES.values() for p in props if p != "id"]
    seen = {k for _, d in g.nodes(data=True) for k in d}
    ncols = _columns(node_order, seen, {"id", "kind"})
    with open(folder / "nodes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Id", "Label", "kind", "node_id", *ncols])
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
    edge_order = [p for t in EDGES for p in edge_props(t)]
    seen = {k for _, _, d in g.edges(data=True) for k in d}
    ecols = _columns(list(dict.fromkeys(edge_order)), seen, {"rel"})
    with open(folder / "edges.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Source", "Target", "Type", "Id", "rel", *ecols])
        for i, (u, v, d) in enumerate(g.edges(data=True)):
            w.writerow(
                [u, v, "Directed", f"e{i}", d.get("rel", ""), *(_cell(d.get(c)) for c in ecols)]
            )
