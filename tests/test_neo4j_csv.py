"""neo4j-admin import CSV of the ingested samples: read back with csv, compare with the graph."""

from __future__ import annotations

import csv
import shlex
from pathlib import Path

from policykg.export import neo4j_csv
from policykg.graph.schema import EDGES, NODES, edge_props

TYPE_SUFFIX = {"STRING": "", "INT64": ":int", "DOUBLE": ":double", "BOOLEAN": ":boolean"}


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def test_neo4j_csv_round_trip(seed_graph, tmp_path):
    out = tmp_path / "import"
    command = neo4j_csv.write(seed_graph.to_networkx(), out)
    stats = seed_graph.stats()

    ids: dict[str, set[str]] = {}
    for label, types in NODES.items():
        header, rows = read(out / f"nodes_{label}.csv")
        assert header[0] == f"id:ID({label})" and header[-1] == ":LABEL"
        for prop, t in types.items():
            if prop == "id":
                continue
            want = prop + (":string[]" if t == "STRING[]" else TYPE_SUFFIX[t])
            assert want in header, (label, want, header)
        assert len(rows) == stats["nodes"][label], label
        assert all(r[-1] == label for r in rows)
        ids[label] = {r[0] for r in rows}
        assert len(ids[label]) == len(rows), f"duplicate {label} ids"

    counts = dict.fromkeys(EDGES, 0)
    rel_files = sorted(out.glob("rels_*.csv"))
    for path in rel_files:
        header, rows = read(path)
        start, end = header[0], header[1]
        assert (
            start.startswith(":START_ID(") and end.startswith(":END_ID(") and header[-1] == ":TYPE"
        )
        src_label, dst_label = start[len(":START_ID(") : -1], end[len(":END_ID(") : -1]
        rel = rows[0][-1] if rows else None
        assert path.name == f"rels_{rel}_{src_label}_{dst_label}.csv"
        assert (src_label, dst_label) in EDGES[rel].ends
        assert header[2:-1] == [
            p + {"STRING[]": ":string[]", "INT64[]": ":int[]"}.get(t, TYPE_SUFFIX.get(t, ""))
            for p, t in edge_props(rel).items()
        ]
        for r in rows:
            assert r[0] in ids[src_label], f"{path.name}: no {src_label} node {r[0]!r}"
            assert r[1] in ids[dst_label], f"{path.name}: no {dst_label} node {r[1]!r}"
            assert r[-1] == rel
        counts[rel] += len(rows)
    assert counts == stats["edges"]

    # typed cells parse as their type; arrays use the ';' delimiter
    header, rows = read(out / "nodes_Agency.csv")
    aliases = header.index("aliases:string[]")
    by_id = {r[0]: r for r in rows}
    assert "两江新区管委会" in by_id["重庆两江新区管理委员会"][aliases].split(";")
    header, rows = read(out / "nodes_Figure.csv")
    for r in rows:
        cell = r[header.index("total_investment_yuan:double")]
        assert cell == "" or float(cell) >= 0
        assert r[header.index("approximate:boolean")] in ("", "true", "false")

    # the command names every file, and import.sh runs exactly it
    args = shlex.split(command)
    assert args[:4] == ["neo4j-admin", "database", "import", "full"] and args[-1] == "neo4j"
    assert "--multiline-fields=true" in args and "--array-delimiter=;" in args
    assert command.endswith("--multiline-fields=true --array-delimiter=';' neo4j")
    named = {a.split("=", 2)[2] for a in args if a.startswith(("--nodes=", "--relationships="))}
    assert named == {f"nodes_{label}.csv" for label in NODES} | {p.name for p in rel_files}
    assert command in (out / "import.sh").read_text(encoding="utf-8")
