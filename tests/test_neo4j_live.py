"""The Neo4j backend. Tests marked ``neo4j`` need a server and skip unless ``NEO4J_URI`` is set.

    docker compose up -d --wait
    NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=policykg-dev-pass POLICYKG_NEO4J_TEST_CLEAR=1 \\
        .venv/bin/python -m pytest -q -m neo4j

The live part ingests the samples into the server (clearing the database first only with
``POLICYKG_NEO4J_TEST_CLEAR=1``) and runs the query suite of ``test_queries.py`` unchanged
against it: one suite, two backends. The rest (credentials, error messages, row shapes) runs
without a server.
"""

from __future__ import annotations

import functools
import io
import os
import sys
import traceback

import pytest
import test_queries
from conftest import EXAMPLES

from policykg.errors import BackendError, QueryError
from policykg.graph import neo4j as nb
from policykg.graph.neo4j import Neo4jBackend
from policykg.graph.schema import NODES

SECRET = "pw-must-not-leak-7f3a"
NEO4J_URI = os.environ.get("NEO4J_URI")


# ---------------------------------------------------------------- no server needed


def test_password_never_in_errors_or_logs(monkeypatch, caplog):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    caplog.set_level("DEBUG")
    with pytest.raises(BackendError) as info:
        Neo4jBackend("bolt://127.0.0.1:9")  # nothing listens on the discard port
    text = "".join(traceback.format_exception(info.value))
    assert "bolt://127.0.0.1:9" in str(info.value)
    assert "docker compose up" in str(info.value)
    assert SECRET not in text and SECRET not in repr(info.value)
    assert SECRET not in caplog.text


def test_password_in_the_uri_is_refused(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    with pytest.raises(BackendError, match="NEO4J_PASSWORD") as info:
        Neo4jBackend(f"bolt://neo4j:{SECRET}@localhost:7687")
    assert SECRET not in "".join(traceback.format_exception(info.value))


def test_no_password_and_no_terminal(monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(BackendError, match="Set NEO4J_PASSWORD"):
        nb.credentials("bolt://localhost:7687")


def test_terminal_prompt_hides_the_password(monkeypatch):
    import click

    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setenv("NEO4J_USER", "reader")
    tty = io.StringIO("")
    tty.isatty = lambda: True
    monkeypatch.setattr(sys, "stdin", tty)
    seen = {}

    def prompt(text, **kw):
        seen.update(kw, text=text)
        return SECRET

    monkeypatch.setattr(click, "prompt", prompt)
    assert nb.credentials("bolt://localhost:7687") == ("reader", SECRET)
    assert seen["hide_input"] is True and SECRET not in seen["text"]


def offline_backend(batch_size: int = 2) -> tuple[Neo4jBackend, list]:
    b = object.__new__(Neo4jBackend)
    b.batch_size = batch_size
    calls: list = []
    b.run = lambda q, p=None: calls.append((q, p)) or []
    return b, calls


def test_write_nodes_reshapes_rows_for_set_plus_equals():
    b, calls = offline_backend()
    rows = [
        {**dict.fromkeys(NODES["Figure"]), "id": f"f{i}", "count": 3, "total_investment_yuan": 7}
        for i in range(3)
    ]
    b.write_nodes("Figure", rows, fill_only=False)
    assert [len(p["rows"]) for _, p in calls] == [2, 1]  # POLICYKG_NEO4J_BATCH chunks
    q, p = calls[0]
    assert q.endswith("SET n += row.props")
    assert set(p["rows"][0]) == {"id", "props"} and "id" not in p["rows"][0]["props"]
    assert p["rows"][0]["props"]["total_investment_yuan"] == 7.0
    assert isinstance(p["rows"][0]["props"]["total_investment_yuan"], float)
    calls.clear()
    b.write_nodes("Figure", rows[:1], fill_only=True)
    q, p = calls[0]
    assert "coalesce" in q and p["rows"][0]["id"] == "f0" and "props" not in p["rows"][0]


def test_write_edges_reshapes_rows():
    b, calls = offline_backend(1000)
    row = {
        "src": "a",
        "dst": "b",
        "source": "a",
        "span_start": 5,
        "span_end": 9,
        "sentence": "s",
        "year": 2024,
        "as_written": "x",
    }
    b.write_edges("LEADS", "Agency", "Project", [row])
    q, p = calls[0]
    assert q.endswith("SET e += row.props")
    r = p["rows"][0]
    assert {k: r[k] for k in ("src", "dst", "source", "span_start")} == {
        "src": "a",
        "dst": "b",
        "source": "a",
        "span_start": 5,
    }
    assert r["props"] == {"span_end": 9, "sentence": "s", "year": 2024, "as_written": "x"}


def test_server_errors_map_to_policykg_errors():
    import neo4j

    b = object.__new__(Neo4jBackend)
    b._neo4j, b.uri, b._secret = neo4j, "bolt://db.example:7687", SECRET
    refused = neo4j.exceptions.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Statement.AccessMode",
        message="Writing in read access mode not allowed.",
    )
    err = b._query_error(refused)
    assert isinstance(err, QueryError) and "--write" in str(err)
    syntax = neo4j.exceptions.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Statement.SyntaxError", message=f"Invalid input near {SECRET}"
    )
    err = b._query_error(syntax)
    assert isinstance(err, QueryError) and "SyntaxError" in str(err) and SECRET not in str(err)
    err = b._backend_error(neo4j.exceptions.ServiceUnavailable("down"))
    assert isinstance(err, BackendError) and "bolt://db.example:7687" in str(err)


# ---------------------------------------------------------------- live server


@pytest.fixture(scope="module")
def neo4j_uri() -> str:
    if not NEO4J_URI:
        pytest.skip(
            "NEO4J_URI is not set: `docker compose up -d --wait`, then NEO4J_URI and NEO4J_PASSWORD"
        )
    return NEO4J_URI


@pytest.fixture(scope="module")
def neo4j_ingested(neo4j_uri) -> str:
    import neo4j

    import policykg

    database = os.environ.get("NEO4J_DATABASE") or "neo4j"
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=nb.credentials(neo4j_uri)) as driver:
        if os.environ.get("POLICYKG_NEO4J_TEST_CLEAR") == "1":
            driver.execute_query(nb.CLEAR_DATABASE, database_=database)
        else:
            records, _, _ = driver.execute_query(nb.ANY_NODE, database_=database)
            if records:
                pytest.skip(
                    f"{neo4j_uri} database {database!r} is not empty; set POLICYKG_NEO4J_TEST_CLEAR=1 to let the tests clear it"
                )
    report = policykg.ingest([EXAMPLES], db=neo4j_uri)
    assert report.ok, report.failed
    return neo4j_uri


@pytest.fixture()
def seed_graph(neo4j_ingested):
    """Overrides conftest's embedded ``seed_graph``: the same samples, on the server."""
    import policykg

    g = policykg.open(neo4j_ingested, read_only=True)
    yield g
    g.close()


def _live(fn):
    @pytest.mark.neo4j
    @functools.wraps(fn)
    def test(*args, **kwargs):
        return fn(*args, **kwargs)

    return test


# the query suite of tests/test_queries.py, unchanged, on the Neo4j graph
for _name in dir(test_queries):
    if _name.startswith("test_"):
        globals()[_name] = _live(getattr(test_queries, _name))


@pytest.mark.neo4j
def test_stats_equal_the_embedded_graph(seed_graph, seed_graph_path):
    import policykg

    with policykg.open(seed_graph_path, read_only=True) as embedded:
        assert seed_graph.stats() == embedded.stats()
        a, b = seed_graph.to_networkx(), embedded.to_networkx()
        assert sorted(a.nodes) == sorted(b.nodes)
        assert sorted((u, v, d["rel"]) for u, v, d in a.edges(data=True)) == sorted(
            (u, v, d["rel"]) for u, v, d in b.edges(data=True)
        )


@pytest.mark.neo4j
def test_read_only_server_refuses_writes(seed_graph):
    with pytest.raises(QueryError, match="--write"):
        seed_graph.run("CREATE (:Document {id: 'should-not-exist'})")


@pytest.mark.neo4j
def test_constraints_exist_and_reingest_is_idempotent(neo4j_ingested):
    import policykg

    with policykg.open(neo4j_ingested) as g:
        names = {r["name"] for r in g.run("SHOW CONSTRAINTS YIELD name RETURN name")}
        assert {nb.constraint_name(label) for label in NODES} | {"policykg_meta_key"} <= names
        before = g.stats()
    report = policykg.ingest([EXAMPLES], db=neo4j_ingested)
    assert report.ok and not report.added
    with policykg.open(neo4j_ingested, read_only=True) as g:
        assert g.stats() == before
