"""No traceback for any input or argument a user can give: every command against damaged,
foreign and truncated graph files, a non-numeric schema version, a missing path, a folder, bad
server URIs, an unwritable --report, and migrate where it cannot rebuild."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

import policykg
from policykg.cli import main
from policykg.queries.stats import stats

DOC = "渝府办发〔2020〕118号"


def commands(tmp: Path) -> list[list[str]]:
    return [
        ["stats"],
        ["stats", "--json"],
        ["trace", DOC],
        ["lineage", DOC],
        ["responsible", "x"],
        ["wanted"],
        ["validate"],
        ["cypher", "MATCH (d:Document) RETURN count(d) AS n"],
        ["export", "--format", "gexf", str(tmp / "o.gexf")],
        ["view", DOC, "-o", str(tmp / "o.html")],
        ["migrate"],
    ]


def _run(args: list[str]):
    res = CliRunner().invoke(main, args)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"{args}: unhandled {type(res.exception).__name__}: {res.exception}")
    assert "Traceback" not in res.output, res.output
    return res, " ".join(res.output.split())


@pytest.fixture(scope="module")
def bad_graphs(tmp_path_factory, seed_graph_path) -> dict[str, tuple[Path, str]]:
    """name → (path, a phrase the error must contain)."""
    d = tmp_path_factory.mktemp("bad")
    text = d / "notes.db"
    text.write_text("这不是图数据库\nnot a graph\n", encoding="utf-8")
    rnd = d / "random.db"
    rnd.write_bytes(bytes(range(256)) * 64)
    lite = d / "sqlite.db"
    with sqlite3.connect(lite) as c:
        c.execute("CREATE TABLE t(x)")
    trunc = d / "truncated.db"
    trunc.write_bytes(seed_graph_path.read_bytes()[:100_000])
    badver = d / "badversion.db"
    shutil.copy(seed_graph_path, badver)
    res = CliRunner().invoke(
        main,
        [
            "cypher",
            "MATCH (m:Meta {key: 'schema_version'}) SET m.value = 'abc'",
            "--write",
            "--db",
            str(badver),
        ],
    )
    assert res.exit_code == 0, res.output
    folder = d / "folder.db"
    folder.mkdir()
    return {
        "text": (text, "not a policykg graph"),
        "random": (rnd, "not a policykg graph"),
        "sqlite": (lite, "not a policykg graph"),
        "truncated": (trunc, "damaged"),
        "badversion": (badver, "'abc' is not a number"),
        "folder": (folder, "folder"),
    }


@pytest.mark.parametrize("name", ["text", "random", "sqlite", "truncated", "badversion", "folder"])
def test_every_command_on_a_bad_graph_file_says_what_is_wrong(
    bad_graphs, name, tmp_path, monkeypatch
):
    monkeypatch.setenv("POLICYKG_READ_WAIT", "0")  # a truncated file looks like a checkpoint
    path, phrase = bad_graphs[name]
    before = path.read_bytes() if path.is_file() else None
    for args in commands(tmp_path):
        res, out = _run([*args, "--db", str(path)])
        assert res.exit_code == 2, (name, args, out)
        assert out.startswith("error:") and phrase in out and str(path) in out, (name, args, out)
    # nothing was changed, nothing moved aside
    assert (path.read_bytes() if path.is_file() else None) == before
    assert not list(path.parent.glob(path.name + ".schema-v*"))


def test_a_missing_graph_is_named_and_not_created_by_queries(tmp_path):
    db = tmp_path / "nothing.db"
    for args in commands(tmp_path):
        res, out = _run([*args, "--db", str(db)])
        assert res.exit_code == 2, (args, out)
        assert str(db) in out and ("no graph here yet" in out or "no such graph" in out), out
    assert not db.exists()


@pytest.mark.parametrize(
    ("uri", "phrase"),
    [
        ("bolt://", "cannot reach"),
        ("bolt://host:notaport", "not a usable Neo4j URI"),
        ("neo4j+s://", "cannot reach"),
    ],
)
def test_bad_server_uris_are_refused_clearly(uri, phrase, monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-xyz-123")
    for args in (["stats"], ["cypher", "RETURN 1 AS x"], ["trace", DOC]):
        res, out = _run([*args, "--db", uri])
        assert res.exit_code == 2 and phrase in out, (uri, args, out)
        assert "pw-xyz-123" not in res.output


def test_an_unwritable_report_path_is_an_error_not_a_traceback(tmp_path):
    res, out = _run(
        [
            "ingest",
            str(EXAMPLES / "001_4d24b685d0f94245.txt"),
            "--db",
            str(tmp_path / "g.db"),
            "--report",
            str(tmp_path / "no" / "such" / "folder" / "r.jsonl"),
        ]
    )
    assert res.exit_code != 0 and "r.jsonl" in out and "No such file or directory" in out, out


def test_migrate_from_another_folder_refuses_instead_of_building_an_empty_graph(tmp_path):
    from policykg.graph import schema

    work = tmp_path / "work"
    shutil.copytree(EXAMPLES, work / "notices")
    db = tmp_path / "g.db"
    env = {**os.environ}
    cli = [sys.executable, "-m", "policykg.cli"]
    r = subprocess.run(
        [*cli, "ingest", "notices", "--db", str(db)], cwd=work, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    with policykg.open(db) as g:  # pretend an older schema wrote it
        g.meta_set("schema_version", str(schema.SCHEMA_VERSION - 1))
    before = db.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = subprocess.run(
        [*cli, "migrate", "--db", str(db)], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    msg = " ".join(r.stderr.split())
    assert r.returncode == 2 and "Traceback" not in r.stderr, msg
    assert "none of the 5 source files" in msg and "relative" in msg, msg
    assert db.read_bytes() == before and not list(tmp_path.glob("g.db.schema-v*"))
    # from the folder the ingest ran in, it rebuilds all five
    r = subprocess.run(
        [*cli, "migrate", "--db", str(db)], cwd=work, capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr
    assert "from 5 source files" in r.stdout
    with policykg.open(db, read_only=True) as g:
        assert stats(g)["documents"]["ingested"] == 5


def test_bad_arguments_are_usage_errors():
    for args in (
        ["trace", DOC, "--depth", "0"],
        ["cypher", "RETURN 1", "--timeout", "0"],
        ["cypher", "RETURN 1", "--max-rows", "0"],
        ["cypher", "RETURN 1", "-p", "novalue"],
        ["export", "--format", "nosuchformat", "x.out"],
    ):
        res, out = _run(args)
        assert res.exit_code == 2 and ("Error" in out or "error:" in out), (args, out)
