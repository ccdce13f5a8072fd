"""neo4j-admin import CSV of the ingested samples: read back with csv, compare with the graph,
then imported for real (``neo4j-admin database import full`` from Maven's jars) into a Neo4j 5.26
server that must answer exactly as the embedded graph."""

from __future__ import annotations

import csv
import os
import shlex
import subprocess
import sys
from pathlib import Path

import neo4j_server as live
import pytest

from policykg.export import neo4j_csv
from policykg.graph.schema import EDGES, NODES, edge_props
from policykg.queries.citations import trace
from policykg.queries.networkx import to_networkx
from policykg.queries.stats import stats as graph_stats

TYPE_SUFFIX = {"STRING": "", "INT64": ":int", "DOUBLE": ":double", "BOOLEAN": ":boolean"}


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def test_neo4j_csv_round_trip(seed_graph, tmp_path):
    out = tmp_path / "import"
    command = neo4j_csv.write(to_networkx(seed_graph), out)
    stats = graph_stats(seed_graph)

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

    # the command names every file by its absolute path, one option per line, and import.sh
    # runs exactly it
    lines = command.splitlines()
    assert all(line.endswith(" \\") for line in lines[:-1]) and lines[-1] == "  neo4j"
    args = shlex.split(command.replace("\\\n", " "))
    assert args[:4] == ["neo4j-admin", "database", "import", "full"] and args[-1] == "neo4j"
    assert "--multiline-fields=true" in args and "--array-delimiter=;" in args
    named = [a.split("=", 2)[2] for a in args if a.startswith(("--nodes=", "--relationships="))]
    assert all(Path(n).is_absolute() and Path(n).parent == out.resolve() for n in named)
    assert {Path(n).name for n in named} == {f"nodes_{label}.csv" for label in NODES} | {
        "nodes_Meta.csv"
    } | {p.name for p in rel_files}
    script = (out / "import.sh").read_text(encoding="utf-8")
    assert command in script and "--overwrite-destination" in script and "stop" in script


def test_the_printed_command_pastes(seed_graph_path, tmp_path):
    """The CLI prints the command exactly as import.sh holds it: long absolute paths are not
    wrapped at the terminal width, and every line but the last ends with a continuation."""
    out = tmp_path / ("a-long-folder-name-so-paths-pass-eighty-columns" * 2) / "neo4j-import"
    done = subprocess.run(
        [sys.executable, "-m", "policykg.cli", "export", "--format", "neo4j-csv"]
        + ["--db", str(seed_graph_path), str(out)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert done.returncode == 0, done.stderr
    printed = done.stdout[done.stdout.index("neo4j-admin") :].rstrip("\n")
    assert printed in (out / "import.sh").read_text(encoding="utf-8")
    lines = printed.splitlines()
    assert len(lines) > 10 and all(line.endswith(" \\") for line in lines[:-1])
    assert any(len(line) > 80 for line in lines)


@pytest.mark.neo4j
def test_neo4j_admin_import_then_the_same_answers(seed_graph, tmp_path):
    """export --format neo4j-csv → the printed import.sh, run as it is (``neo4j-admin`` is
    Neo4j's AdminTool from the Maven jars) → a server on the imported store → same graph."""
    import policykg

    out = tmp_path / "import"
    neo4j_csv.write(to_networkx(seed_graph), out)
    home = tmp_path / "imported"
    try:
        classpath = live.build()
        java = live.java_command(_mkdir(home), classpath)
    except live.Unavailable as e:
        live.UNAVAILABLE.append(str(e))
        pytest.skip(str(e))
    bin_dir = _mkdir(tmp_path / "bin")
    admin = bin_dir / "neo4j-admin"
    # java.args holds the classpath; the launcher's class is replaced by Neo4j's own AdminTool
    admin.write_text(
        f'#!/bin/sh\nexec {java[0]} -Xmx256m {java[-3]} org.neo4j.cli.AdminTool "$@"\n'
    )
    admin.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["NEO4J_HOME"] = str(_mkdir(home / "server"))  # where start() below keeps its data

    def run_import() -> subprocess.CompletedProcess:
        return subprocess.run(
            ["sh", str(out / "import.sh")],
            env=env,
            cwd=tmp_path,  # neo4j-admin writes import.report into the working directory
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
        )

    done = run_import()
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout
    # a second import into the now non-empty database is refused without --overwrite-destination
    again = run_import()
    assert again.returncode != 0

    server = live.start(home, heap="512m")
    try:
        env_vars = {k: v for k, v in server.env().items() if k.startswith("NEO4J_")}
        with pytest.MonkeyPatch.context() as mp:
            for k, v in env_vars.items():
                mp.setenv(k, v)
            with policykg.open(server.uri) as imported:  # read-write: creates the constraints
                assert graph_stats(imported) == graph_stats(seed_graph)
                a, b = to_networkx(imported), to_networkx(seed_graph)
                assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
                assert sorted(map(repr, a.edges(data=True))) == sorted(
                    map(repr, b.edges(data=True))
                )
                key = "渝府办发〔2020〕118号"
                assert (
                    trace(imported, key, direction="both", depth=3).to_json()
                    == trace(seed_graph, key, direction="both", depth=3).to_json()
                )
    finally:
        server.stop()


def _mkdir(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p
