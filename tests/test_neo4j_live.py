"""The Neo4j backend: credentials, error messages and row shapes without a server, then the
live part (marker ``neo4j``) on the Neo4j 5.26 server that ``tests/neo4j_server.py`` starts from
Maven artifacts (or the one of ``NEO4J_URI``): constraints, idempotent re-ingest, a killed
ingest re-run, two ingests at once, and read-only sessions that cannot write.

The query suite itself (``test_queries.py``) runs on both backends through conftest's
``backend`` fixture; ``test_backend_parity.py`` compares the two JSON for JSON.
"""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
from badinput import synthetic_notice
from conftest import EXAMPLES
from titles_corpus import shared_title_notices

from policykg.errors import BackendError, QueryError
from policykg.graph import cypher
from policykg.graph import neo4j as nb
from policykg.graph.neo4j import Neo4jBackend
from policykg.graph.schema import EDGES, NODES
from policykg.queries.networkx import to_networkx
from policykg.queries.stats import stats

SECRET = "pw-must-not-leak-7f3a"


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


def _graph_of(target) -> tuple[dict, list, list]:
    """stats, nodes with their properties, edges with theirs: the whole graph, comparable."""
    import policykg

    with policykg.open(target, read_only=True) as g:
        nx_graph = to_networkx(g)
        return (
            stats(g),
            sorted(map(repr, nx_graph.nodes(data=True))),
            sorted(map(repr, nx_graph.edges(data=True))),
        )


def assert_same_graph(got: tuple, want: tuple) -> None:
    """Equal graphs; on a difference, the few nodes/edges that differ (not 10,000 lines)."""
    assert got[0] == want[0], "stats differ"
    for what, g, w in (("nodes", got[1], want[1]), ("edges", got[2], want[2])):
        extra, missing = sorted(set(g) - set(w))[:3], sorted(set(w) - set(g))[:3]
        assert not extra and not missing, f"{what}: extra {extra}, missing {missing}"


@pytest.fixture(scope="module")
def notices_240(tmp_path_factory) -> Path:
    """240 synthetic notices (test_crash's generator) in two folders of 120 (a/ and b/), and
    in both, notices that share titles and notices citing those titles without a 文号
    (``titles_corpus``): which document such a citation points at depends only on the set of
    documents (``graph/titles.py``), so a cut ingest or two interleaving writers must give the
    same graph."""
    root = tmp_path_factory.mktemp("notices240")
    for i in range(240):
        part = root / ("a" if i < 120 else "b")
        part.mkdir(exist_ok=True)
        (part / f"n{i:04d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    for part, files in shared_title_notices().items():
        for name, text in files.items():
            (root / part / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def embedded_240(notices_240) -> tuple:
    """The clean graph of the 240 notices, ingested in one run into an embedded file."""
    import policykg

    db = notices_240 / "clean.db"
    report = policykg.ingest([notices_240 / "a", notices_240 / "b"], db=db)
    n_titles = sum(len(files) for files in shared_title_notices().values())
    assert report.ok and len(report.added) == 240 + n_titles, report.failed
    with policykg.open(db, read_only=True) as g:  # the title-only citations do matter here
        statuses = {
            r["s"]
            for r in g.run(
                "MATCH ()-[e:CITES]->() WHERE e.cited_key IS NOT NULL RETURN e.status AS s"
            )
        }
    assert statuses == {"resolved-by-title", "ambiguous-title"}, statuses
    return _graph_of(db)


def _ingest_cli(server, *paths, group_size: int | None = None) -> subprocess.Popen:
    """``policykg ingest PATHS --db URI`` in a subprocess (``group_size``: documents per
    transaction, smaller than the default so a kill lands between commits)."""
    code = "import sys\nfrom policykg.cli import main\n"
    if group_size:
        code += f"import policykg.graph.ingest as i\ni.GROUP_SIZE = {int(group_size)}\n"
    code += "sys.argv[0] = 'policykg'\nmain()\n"
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "ingest",
            *map(str, paths),
            "--db",
            server.uri,
            "--workers",
            "1",
        ],
        env=server.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ingested_count(server) -> int:
    with server.driver() as d:
        records, _, _ = d.execute_query(
            "MATCH (d:Document) WHERE d.ingested = true RETURN count(d) AS n",
            database_=server.database,
        )
    return records[0]["n"]


@pytest.mark.neo4j
def test_stats_equal_the_embedded_graph(neo4j_seeds, seed_graph_path):
    assert _graph_of(neo4j_seeds.uri) == _graph_of(seed_graph_path)


@pytest.mark.neo4j
def test_read_only_server_refuses_writes(neo4j_seeds):
    import policykg

    with policykg.open(neo4j_seeds.uri, read_only=True) as g:
        with pytest.raises(QueryError, match="--write"):
            g.run("CREATE (:Document {id: 'should-not-exist'})")
        with pytest.raises(QueryError, match="--write"):
            g.backend.begin()
            try:
                g.run("MERGE (m:Meta {key: 'probe'}) SET m.value = 'x'")
            finally:
                g.backend.rollback()
    # the CLI: no --write, a READ session; the server refuses and the message says what to do
    cmd = [sys.executable, "-m", "policykg.cli", "cypher", "--db", neo4j_seeds.uri]
    done = subprocess.run(
        [*cmd, "CREATE (:Document {id: 'should-not-exist'}) RETURN 1 AS x"],
        env=neo4j_seeds.env(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode != 0
    assert "--write" in done.stderr and "read-only" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    with policykg.open(neo4j_seeds.uri, read_only=True) as g:
        assert not g.run("MATCH (d:Document {id: 'should-not-exist'}) RETURN d.id AS id")


@pytest.mark.neo4j
def test_constraints_exist_and_reingest_is_idempotent(neo4j_seeds):
    import policykg

    with policykg.open(neo4j_seeds.uri) as g:
        names = {r["name"] for r in g.run("SHOW CONSTRAINTS YIELD name RETURN name")}
        assert {cypher.neo4j_constraint_name(label) for label in NODES} | {
            "policykg_meta_key"
        } <= names
        indexes = {r["name"] for r in g.run("SHOW INDEXES YIELD name RETURN name")}
        assert {f"policykg_{t.lower()}_source" for t in EDGES} <= indexes
    before = _graph_of(neo4j_seeds.uri)
    report = policykg.ingest([EXAMPLES], db=neo4j_seeds.uri)
    assert report.ok and not report.added and len(report.unchanged) == 5
    assert _graph_of(neo4j_seeds.uri) == before


@pytest.mark.neo4j
def test_kill_9_mid_ingest_then_ingest_again_gives_the_clean_graph(
    neo4j_server, notices_240, embedded_240
):
    neo4j_server.clear()
    folders = (notices_240 / "a", notices_240 / "b")
    proc = _ingest_cli(neo4j_server, *folders, group_size=20)
    seen = 0
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and proc.poll() is None:
            seen = _ingested_count(neo4j_server)
            if seen >= 20:
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before the kill"
    assert 0 < seen < 240 + sum(len(f) for f in shared_title_notices().values())
    again = _ingest_cli(neo4j_server, *folders)
    out, err = again.communicate(timeout=900)
    assert again.returncode == 0, err[-3000:]
    assert_same_graph(_graph_of(neo4j_server.uri), embedded_240)


@pytest.mark.neo4j
def test_two_ingests_of_different_folders_at_once(neo4j_server, notices_240, embedded_240):
    """Two writers, one database: both succeed (transient deadlocks are retried) and the graph
    is the one a single ingest of both folders gives."""
    neo4j_server.clear()
    procs = [_ingest_cli(neo4j_server, notices_240 / part, group_size=30) for part in ("a", "b")]
    results = [p.communicate(timeout=900) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err[-3000:]
    assert_same_graph(_graph_of(neo4j_server.uri), embedded_240)


def test_a_transient_error_replays_the_whole_transaction(monkeypatch):
    """A deadlock reported at the 2nd statement or at commit: the transaction is rolled back
    and every statement runs again in a new one; a non-transient error is not retried."""
    import neo4j

    deadlock = neo4j.exceptions.Neo4jError._hydrate_neo4j(
        code="Neo.TransientError.Transaction.DeadlockDetected", message="deadlock"
    )
    syntax = neo4j.exceptions.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Statement.SyntaxError", message="bad"
    )
    log: list[str] = []
    failures = {"run:B": [deadlock], "commit": [deadlock], "run:C": [syntax]}

    class Tx:
        def run(self, q, p):
            log.append(q)
            if failures.get(f"run:{q}"):
                raise failures[f"run:{q}"].pop()
            return []

        def commit(self):
            log.append("commit")
            if failures["commit"]:
                raise failures["commit"].pop()

        def rollback(self):
            log.append("rollback")

    class Session:
        def begin_transaction(self, timeout=None):
            return Tx()

        def close(self):
            pass

    class Driver:
        def session(self, **kw):
            return Session()

    b = object.__new__(Neo4jBackend)
    b._neo4j, b.uri, b._secret, b.read_only, b.timeout = neo4j, "bolt://x", SECRET, False, None
    b._driver, b._session, b._tx, b._tx_log, b.database = Driver(), None, None, [], "neo4j"
    monkeypatch.setattr(nb.time, "sleep", lambda s: None)
    b.begin()
    b.run("A")
    b.run("B")  # deadlock: rollback, then A and B again
    b.commit()  # deadlock at commit: rollback, A B again, commit
    assert log == ["A", "B", "rollback", "A", "B", "commit", "rollback", "A", "B", "commit"]
    log.clear()
    b.begin()
    with pytest.raises(QueryError, match="SyntaxError"):
        b.run("C")
    b.rollback()
    assert log == ["C", "rollback"]
