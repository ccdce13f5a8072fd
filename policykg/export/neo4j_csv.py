"""neo4j-admin bulk-import CSV: the graph as files for ``neo4j-admin database import full``.

``write(g, destination)`` takes the networkx graph of ``policykg.queries.networkx.to_networkx``
and writes, into the folder ``destination``:

- ``nodes_<Label>.csv`` per node label: ``id:ID(<Label>)``, then the label's properties typed
  from ``graph/schema.py`` (``:int``, ``:double``, ``:boolean``, ``:string[]``; arrays joined
  with ``;``) and ``:LABEL``. Each label is its own ID space, so ids need only be unique within
  a label, as in the graph.
- ``rels_<TYPE>_<From>_<To>.csv`` per edge type and pair of end labels: ``:START_ID(<From>)``,
  ``:END_ID(<To>)``, the edge's typed properties and ``:TYPE``.
- ``nodes_Meta.csv``: the graph's schema version (the ``Meta`` node policykg checks on open).
- ``import.sh``: the exact ``neo4j-admin database import full …`` command, which ``write`` also
  returns: one option per line with backslash continuations (it pastes into a shell as it is),
  absolute paths, the database name last (as Neo4j 5 documents it). Files are UTF-8 without a
  BOM; sentences with line breaks need ``--multiline-fields=true``, which the command passes.

The importer writes store files directly: the target database must be stopped (or not exist),
and an existing one is only replaced with ``--overwrite-destination``. Checked end to end by
``tests/test_neo4j_csv.py``: the command runs (``org.neo4j.cli.AdminTool`` from Maven) and a
Neo4j 5.26 server started on the result answers exactly as the embedded graph.
"""

from __future__ import annotations

import csv
import os
import shlex
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from policykg.errors import ExportError
from policykg.graph.schema import EDGES, NODES, SCHEMA_VERSION, edge_props

ARRAY_DELIMITER = ";"
TYPES = {
    "STRING": "",
    "INT64": ":int",
    "DOUBLE": ":double",
    "BOOLEAN": ":boolean",
    "STRING[]": ":string[]",
    "INT64[]": ":int[]",
}


def _header(prop: str, type_: str) -> str:
    return prop + TYPES[type_]


def _cell(value: Any, type_: str) -> str:
    if value is None:
        return ""
    if type_ == "BOOLEAN":
        return "true" if value else "false"
    if type_.endswith("[]"):
        items = [str(v) for v in value]
        if any(ARRAY_DELIMITER in v for v in items):
            raise ExportError(
                f"an array item contains the delimiter {ARRAY_DELIMITER!r}: {items!r}"
            )
        return ARRAY_DELIMITER.join(items)
    if type_ == "DOUBLE":
        return repr(float(value))
    return str(value)


def _open(path: Path) -> TextIO:
    return path.open("w", encoding="utf-8", newline="")


def write(g: nx.MultiDiGraph, destination: str | os.PathLike) -> str:
    """Write the CSV files and ``import.sh`` into the folder ``destination``; return the command."""
    out = Path(destination)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{out}: cannot create the export folder ({e.strerror})") from None
    node_files: list[tuple[str, str]] = []
    rel_files: list[tuple[str, str]] = []
    try:
        by_label: dict[str, list[dict[str, Any]]] = {label: [] for label in NODES}
        for key, attrs in g.nodes(data=True):
            label = attrs.get("kind")
            if label not in NODES:
                raise ExportError(f"node {key!r}: kind {label!r} is not a label of the schema")
            by_label[label].append({"id": str(key).split(":", 1)[-1], **attrs})
        for label, nodes in by_label.items():
            types = NODES[label]
            props = [p for p in types if p != "id"]
            name = f"nodes_{label}.csv"
            with _open(out / name) as f:
                w = csv.writer(f)
                w.writerow([f"id:ID({label})", *(_header(p, types[p]) for p in props), ":LABEL"])
                for a in sorted(nodes, key=lambda a: a["id"]):
                    w.writerow([a["id"], *(_cell(a.get(p), types[p]) for p in props), label])
            node_files.append((label, name))
        with _open(out / "nodes_Meta.csv") as f:
            w = csv.writer(f)
            w.writerow(["key:ID(Meta)", "value", ":LABEL"])
            w.writerow(["schema_version", str(SCHEMA_VERSION), "Meta"])
        node_files.append(("Meta", "nodes_Meta.csv"))

        groups: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]] = {}
        for u, v, attrs in g.edges(data=True):
            rel = attrs.get("rel")
            if rel not in EDGES:
                raise ExportError(f"edge rel {rel!r} is not an edge type of the schema")
            s, d = g.nodes[u]["kind"], g.nodes[v]["kind"]
            if (s, d) not in EDGES[rel].ends:
                raise ExportError(f"{rel} does not go from {s} to {d} ({u} → {v})")
            src = g.nodes[u].get("id") or str(u).split(":", 1)[-1]
            dst = g.nodes[v].get("id") or str(v).split(":", 1)[-1]
            groups.setdefault((rel, s, d), []).append((src, dst, attrs))
        for (rel, s, d), edges in sorted(groups.items()):
            types = edge_props(rel)
            name = f"rels_{rel}_{s}_{d}.csv"
            with _open(out / name) as f:
                w = csv.writer(f)
                w.writerow(
                    [
                        f":START_ID({s})",
                        f":END_ID({d})",
                        *(_header(p, t) for p, t in types.items()),
                        ":TYPE",
                    ]
                )
                for src, dst, a in sorted(
                    edges,
                    key=lambda e: (
                        e[0],
                        e[1],
                        str(e[2].get("source")),
                        e[2].get("span_start") or 0,
                    ),
                ):
                    w.writerow([src, dst, *(_cell(a.get(p), t) for p, t in types.items()), rel])
            rel_files.append((rel, name))
    except OSError as e:
        raise ExportError(f"{out}: cannot write the CSV files ({e.strerror})") from None

    command = import_command(out, node_files, rel_files)
    script = (
        "#!/bin/sh\n"
        "# Bulk-import these files into the Neo4j 5 database `neo4j` with neo4j-admin (on the PATH).\n"
        "# The importer writes store files directly: stop the server first (or the database, on\n"
        "# Enterprise: STOP DATABASE neo4j). It refuses a database that already holds data unless\n"
        "# --overwrite-destination is added, which REPLACES that database. Start the server again\n"
        "# afterwards; the first read-write `policykg` command creates policykg's constraints.\n"
        "set -e\n"
        f"{command}\n"
    )
    (out / "import.sh").write_text(script, encoding="utf-8")
    os.chmod(out / "import.sh", 0o755)
    return command


def import_command(
    out: Path,
    node_files: list[tuple[str, str]],
    rel_files: list[tuple[str, str]],
    database: str = "neo4j",
) -> str:
    """``neo4j-admin database import full`` for the files, one option per line (``\\``)."""
    folder = out.resolve()
    args = [f"--nodes={label}={folder / name}" for label, name in node_files]
    args += [f"--relationships={rel}={folder / name}" for rel, name in rel_files]
    args += ["--multiline-fields=true", f"--array-delimiter={ARRAY_DELIMITER}", database]
    return " \\\n  ".join(["neo4j-admin database import full", *map(shlex.quote, args)])
