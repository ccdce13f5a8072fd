"""Read-only means read-only on Neo4j too: without --write, ``cypher``, ``export --subgraph``
and ``view`` on a bolt target run only plain reads. A READ-mode session alone still ran
``LOAD CSV FROM 'file:///…'`` (any file the server can read), ``SHOW USERS``, ``TERMINATE
TRANSACTIONS``, ``CALL dbms.*`` and ``CALL { … } IN TRANSACTIONS``; now each query passes the
token check (``graph/readonly.py``, Neo4j dialect) and then the server's own ``EXPLAIN`` of it
(statement type ``r``, no refused plan operator). ``--timeout`` is the server's transaction
timeout, ``--max-rows`` stops reading the stream.

The token check and the plan check are tested without a server; the rest (marker ``neo4j``)
on the live server of ``tests/neo4j_server.py``: every attack of the embedded read-only tests
plus the Neo4j ones is refused by the CLI, and by the server's plan alone, with the database's
content hash (nodes, edges, constraints, indexes, users, databases) unchanged.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from hang_guard import no_hang
from test_security import ATTACKS, READS

import policykg
from policykg.cli import main
from policykg.errors import ExportError, QueryError
from policykg.graph import neo4j as nb
from policykg.graph.readonly import is_read_only

SECRET = "SECRET-LINE-4711"

# (query, what the refusal names); {secret} is a file holding SECRET that the server can read
NEO4J_ATTACKS = [
    ("LOAD CSV FROM 'file://{secret}' AS line RETURN line", "LOAD"),
    ("MATCH (d:Document) WITH d LIMIT 1 LOAD CSV FROM 'file://{secret}' AS l RETURN l", "LOAD"),
    ("load csv with headers from 'file://{secret}' AS l RETURN l", "LOAD"),
    ("CALL dbms.components()", "CALL dbms.components"),
    ("CALL dbms.listConfig() YIELD name, value RETURN name, value", "CALL dbms.listConfig"),
    ("CALL tx.setMetaData({a: 1})", "CALL tx.setMetaData"),
    ("CALL db.createLabel('Intruder')", "CALL db.createLabel"),
    ("CALL apoc.load.json('file://{secret}')", "CALL apoc.load.json"),
    ("RETURN apoc.version() AS v", "apoc.version"),
    ("CREATE (:Document {id: 'intruder'})", "CREATE"),
    ("MERGE (m:Meta {key: 'probe'}) RETURN m.key AS k", "MERGE"),
    ("MATCH (d:Document) SET d.title = 'x' RETURN count(d) AS n", "SET"),
    ("MATCH (d:Document) DELETE d", "DELETE"),
    ("MATCH (d:Document) DETACH DELETE d", "DETACH"),
    ("MATCH (d:Document) REMOVE d.title RETURN count(d) AS n", "REMOVE"),
    ("MATCH (d:Document) FOREACH (x IN [1] | SET d.title = 'x')", "FOREACH"),
    ("MATCH (d:Document) CALL (d) { DETACH DELETE d } IN TRANSACTIONS", "DETACH"),
    ("UNWIND range(1, 3) AS i CALL (i) { RETURN i * 2 AS j } IN TRANSACTIONS RETURN j", "TRANSACTIONS"),
    ("CREATE INDEX intruder FOR (n:Document) ON (n.title)", "CREATE"),
    ("DROP CONSTRAINT policykg_document_id", "DROP"),
    ("SHOW USERS", "SHOW"),
    ("SHOW TRANSACTIONS", "SHOW"),
    ("SHOW PROCEDURES YIELD name RETURN name", "SHOW"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("ALTER USER neo4j SET PASSWORD 'changed-by-an-attack'", "ALTER"),
    ("CREATE USER intruder SET PASSWORD 'intruder-pw-1'", "CREATE"),
    ("STOP DATABASE neo4j", "STOP DATABASE"),
    ("USE system SHOW USERS", "USE"),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
    ("PROFILE MATCH (n) RETURN n", "PROFILE"),
    ("CYPHER runtime=slotted MATCH (d:Document) DETACH DELETE d", "CYPHER"),
    ("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m", "second statement"),
    # a write after a comment or inside what looks like a string
    ("MATCH (d:Document) // only a read\nCREATE (x:Document {id: 'intruder'}) RETURN x", "CREATE"),
    ("/* MATCH (n) RETURN n */ MERGE (:Document {id: 'intruder'})", "MERGE"),
    ("MATCH (d:Document) WHERE d.title = 'x\\' ' CREATE (:Intruder) RETURN d", "CREATE"),
    ("WITH '\\\\' AS s CREATE (:Intruder) RETURN s", "CREATE"),
    # unicode look-alikes: full width (NFKC), a zero-width space, a Cyrillic С (the server's
    # parser sees a name, not the keyword: a syntax error)
    ("ＣＲＥＡＴＥ (:Intruder)", "CREATE"),
    ("MATCH (d:Document) ＳＥＴ d.title = 'x'", "SET"),
    ("CRE\u200bATE (:Intruder)", "cannot read the query"),
    ("\u0421REATE (:Intruder)", "SyntaxError"),
]  # fmt: skip

# plain reads that must keep working on Neo4j (besides test_security's READS where they are
# Neo4j Cypher too)
NEO4J_READS = [
    "MATCH (d:Document) RETURN d.id AS id ORDER BY id",
    "OPTIONAL MATCH (d:Document {id: 'no such document'}) RETURN d.id AS id",
    "MATCH (d:Document) WITH d.doc_type AS t, count(*) AS n RETURN t, n ORDER BY t",
    "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN collect(x) AS xs",
    "MATCH (a:Document)-[:CITES]->(b:Document) RETURN a.id AS x, b.id AS y ORDER BY x, y",
    "MATCH (d:Document) WHERE d.title CONTAINS 'CREATE (x); SHOW USERS' RETURN count(d) AS n",
    "MATCH (d:Document) RETURN d.id AS `set`, d.id AS start ORDER BY `set` LIMIT 1",
]
NEO4J_ONLY_READS = [
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.labels()",
    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS t ORDER BY t",
    "CALL () { MATCH (d:Document) RETURN d } RETURN count(d) AS n",
    "MATCH (d:Document) RETURN d {.id, .title} AS doc ORDER BY doc.id LIMIT 2",
    "RETURN date.truncate('month', date('2024-05-17')) AS m, point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS d",
]


# ------------------------------------------------------------------ no server needed


def test_the_neo4j_token_check_refuses_every_attack_and_accepts_reads():
    for q, _ in [*ATTACKS, *NEO4J_ATTACKS]:
        if "\u0421" in q:
            continue  # a name to the tokeniser; the server refuses it (live test below)
        assert not is_read_only(q, "neo4j"), q
    for q in (*NEO4J_READS, *NEO4J_ONLY_READS, *(r for r in READS if "show_tables" not in r)):
        assert is_read_only(q, "neo4j"), q
    # the embedded dialect is unchanged: CALL of a Neo4j procedure is not one of its reads
    assert not is_read_only("CALL db.labels()")
    assert is_read_only("CALL show_tables() RETURN *")
    assert not is_read_only("CALL show_tables() RETURN *", "neo4j")


def _op(name: str, details: str = "", *children: dict) -> dict:
    return {
        "operatorType": f"{name}@neo4j",
        "args": {"Details": details},
        "children": list(children),
    }


def test_the_plan_check_reads_statement_type_and_operators():
    scan = _op("AllNodesScan", "n")
    assert nb.refused_by_plan("r", _op("ProduceResults", "n", scan), "neo4j") is None
    labels = _op("ProcedureCall", "db.labels() :: (label :: STRING)")
    assert nb.refused_by_plan("r", _op("ProduceResults", "label", labels), "neo4j") is None
    for qtype in ("w", "rw", "s", None):
        assert "not 'r'" in nb.refused_by_plan(qtype, _op("ProduceResults", "", scan), "neo4j")
    why = nb.refused_by_plan("r", _op("ProduceResults", "l", _op("LoadCSV", "line")), "neo4j")
    assert "LOAD CSV" in why
    apoc = _op("ProcedureCall", "apoc.load.json($url) :: (value :: MAP)")
    assert "CALL apoc.load.json" in nb.refused_by_plan(
        "r", _op("ProduceResults", "v", apoc), "neo4j"
    )
    deep = _op(
        "ProduceResults", "j", _op("Apply", "", scan, _op("TransactionApply", "IN TRANSACTIONS"))
    )
    assert "TransactionApply" in nb.refused_by_plan("r", deep, "neo4j")
    other = {"operatorType": "AllNodesScan@other", "args": {}, "children": []}
    assert "database 'other'" in nb.refused_by_plan("r", _op("ProduceResults", "n", other), "neo4j")


# ------------------------------------------------------------------ live server


def content_hash(server) -> str:
    """Everything a query could change: nodes, edges, constraints, indexes, users, databases."""
    h = hashlib.sha256()
    reads = [
        (server.database, "MATCH (n) RETURN labels(n) AS l, properties(n) AS p"),
        (
            server.database,
            "MATCH (a)-[r]->(b) RETURN type(r) AS t, properties(r) AS p, a.id AS a, b.id AS b",
        ),
        (server.database, "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties"),
        (server.database, "SHOW INDEXES YIELD name, labelsOrTypes, properties"),
        ("system", "SHOW USERS YIELD user, passwordChangeRequired, suspended"),
        ("system", "SHOW DATABASES YIELD name, currentStatus"),
    ]
    with server.driver() as d:  # the fixture's password still works: not changed by an attack
        for database, q in reads:
            records = d.execute_query(q, database_=database).records
            rows = sorted(
                json.dumps(r.data(), sort_keys=True, default=str, ensure_ascii=False)
                for r in records
            )
            h.update(("\n".join(rows) + "\f").encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def secret_files(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("neo4jro")
    files = {
        "secret": root / "secret.csv",
        "canary_csv": root / "canary.csv",
        "outdir": root / "exported",
        "other_db": root / "other.db",
    }
    files["secret"].write_text(SECRET + "\n", encoding="utf-8")
    files["canary_csv"].write_text("keep me\n", encoding="utf-8")
    return {k: str(v) for k, v in files.items()}


@pytest.fixture()
def baseline(neo4j_seeds) -> str:
    """The five samples in the live database, and its content hash before the test."""
    return content_hash(neo4j_seeds)


def _fill(query: str, files: dict[str, str]) -> str:
    for k, v in files.items():
        query = query.replace("{" + k + "}", v)
    return query


def _invoke(args: list[str]):
    res = CliRunner().invoke(main, args)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"{args}: unhandled {type(res.exception).__name__}: {res.exception}")
    assert "Traceback" not in res.output
    return res


@pytest.mark.neo4j
def test_read_mode_alone_would_read_the_file(neo4j_server, secret_files, baseline):
    """The attack is real: a READ-access session of the plain driver reads the file, so what
    keeps SECRET out below is the check, not the server's configuration."""
    import neo4j

    q = _fill("LOAD CSV FROM 'file://{secret}' AS line RETURN line", secret_files)
    with (
        neo4j_server.driver() as d,
        d.session(database=neo4j_server.database, default_access_mode=neo4j.READ_ACCESS) as s,
    ):
        try:
            rows = [r["line"] for r in s.run(q)]
        except neo4j.exceptions.ClientError as e:
            pytest.skip(f"this server cannot read local files ({e.code}): nothing to leak")
    assert rows == [[SECRET]]


@pytest.mark.neo4j
@pytest.mark.parametrize(("query", "word"), [*ATTACKS, *NEO4J_ATTACKS])
def test_every_read_only_command_refuses_it(
    neo4j_server, secret_files, baseline, tmp_path, query, word
):
    from policykg.export.subgraph import is_cypher

    q = _fill(query, secret_files)
    db = ["--db", neo4j_server.uri]
    runs = [["cypher", q, *db]]
    if is_cypher(q):  # export/view take a Cypher subgraph query (else: a document to look up)
        runs += [
            ["export", "--format", "graphml", "--subgraph", q, str(tmp_path / "x.graphml"), *db],
            ["view", q, "-o", str(tmp_path / "x.html"), *db],
        ]
    for args in runs:
        res = _invoke(args)
        out = " ".join(res.output.split())
        assert SECRET not in res.output, args
        assert res.exit_code == 2, (args, res.output)
        assert word in out, (args, out)
    assert not list(tmp_path.iterdir())  # nothing exported from a refused query
    assert content_hash(neo4j_server) == baseline
    with open(secret_files["canary_csv"], encoding="utf-8") as f:
        assert f.read() == "keep me\n"


# every Neo4j attack the server parses, and what its plan check says (token check switched off)
ENGINE_REFUSALS = [
    ("LOAD CSV FROM 'file://{secret}' AS line RETURN line", "LOAD CSV"),
    ("CALL dbms.components()", "type 's'"),
    ("CALL dbms.listConfig() YIELD name, value RETURN name, value", "type 's'"),
    ("CALL tx.setMetaData({a: 1})", "type 's'"),
    ("CALL db.createLabel('Intruder')", "type 'w'"),
    ("CREATE (:Document {id: 'intruder'})", "type 'w'"),
    ("MERGE (m:Meta {key: 'probe'}) RETURN m.key AS k", "type 'rw'"),
    ("MATCH (d:Document) SET d.title = 'x' RETURN count(d) AS n", "type 'rw'"),
    ("MATCH (d:Document) DETACH DELETE d", "type 'w'"),
    ("MATCH (d:Document) REMOVE d.title RETURN count(d) AS n", "type 'rw'"),
    ("MATCH (d:Document) FOREACH (x IN [1] | SET d.title = 'x')", "type 'w'"),
    ("MATCH (d:Document) CALL (d) { DETACH DELETE d } IN TRANSACTIONS", "type 'w'"),
    ("UNWIND range(1, 3) AS i CALL (i) { RETURN i * 2 AS j } IN TRANSACTIONS RETURN j", "TransactionApply"),
    ("CREATE INDEX intruder FOR (n:Document) ON (n.title)", "type 's'"),
    ("DROP CONSTRAINT policykg_document_id", "type 's'"),
    ("SHOW USERS", "type 's'"),
    ("SHOW TRANSACTIONS", "ShowTransactions"),
    ("SHOW PROCEDURES YIELD name RETURN name", "ShowProcedures"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TerminateTransactions"),
    ("ALTER USER neo4j SET PASSWORD 'changed-by-an-attack'", "type 's'"),
    ("CREATE USER intruder SET PASSWORD 'intruder-pw-1'", "type 's'"),
    ("MATCH (d:Document) // only a read\nCREATE (x:Document {id: 'intruder'}) RETURN x", "type 'rw'"),
    ("WITH '\\\\' AS s CREATE (:Intruder) RETURN s", "type 'rw'"),
]  # fmt: skip


@pytest.mark.neo4j
def test_the_servers_plan_alone_refuses_them(neo4j_server, secret_files, baseline, monkeypatch):
    """Defence in depth: with the token check switched off, ``EXPLAIN`` and the plan check
    refuse every attack the server can parse, naming the statement type or the operator."""
    monkeypatch.setattr(nb, "check_read_only", lambda query, dialect="ladybug": None)
    with policykg.open(neo4j_server.uri, read_only=True) as g:
        for query, why in ENGINE_REFUSALS:
            q = _fill(query, secret_files)
            with pytest.raises(QueryError) as e:
                g.run(q)
            msg = " ".join(str(e.value).split())
            assert why in msg and "not allowed in a read-only query" in msg, (q, msg)
            assert SECRET not in msg
        assert g.run("MATCH (d:Document) RETURN count(d) AS n")[0]["n"] > 0
    assert content_hash(neo4j_server) == baseline


@pytest.mark.neo4j
def test_plain_reads_still_run_and_answer_as_the_embedded_graph(
    neo4j_server, baseline, seed_graph_path
):
    def rows(query: str, target: str) -> list:
        params = ["-p", "key=schema_version"] if "$key" in query else []
        res = _invoke(["cypher", query, *params, "--json", "--db", target])
        assert res.exit_code == 0, (query, target, res.output)
        return json.loads(res.stdout)

    for q in NEO4J_READS:  # ordered: the same rows
        assert rows(q, neo4j_server.uri) == rows(q, str(seed_graph_path)), q
    for q in READS:  # the embedded read-only tests' reads that are Neo4j Cypher too
        if "show_tables" not in q and "SHORTEST" not in q:
            assert len(rows(q, neo4j_server.uri)) == len(rows(q, str(seed_graph_path))), q
    assert rows(NEO4J_READS[0], neo4j_server.uri)  # the seeds are there: not vacuous
    labels = [r["label"] for r in rows(NEO4J_ONLY_READS[0], neo4j_server.uri)]
    assert {"Document", "Agency", "Meta"} <= set(labels), labels
    assert rows(NEO4J_ONLY_READS[1], neo4j_server.uri)
    assert {"CITES"} <= {r["t"] for r in rows(NEO4J_ONLY_READS[2], neo4j_server.uri)}
    n = rows("MATCH (d:Document) RETURN count(d) AS n", neo4j_server.uri)[0]["n"]
    assert rows(NEO4J_ONLY_READS[3], neo4j_server.uri) == [{"n": n}]
    docs = rows(NEO4J_ONLY_READS[4], neo4j_server.uri)
    assert len(docs) == 2 and all(set(r["doc"]) == {"id", "title"} for r in docs), docs
    assert rows(NEO4J_ONLY_READS[5], neo4j_server.uri) == [{"m": "2024-05-01", "d": 5.0}]
    assert content_hash(neo4j_server) == baseline


@pytest.mark.neo4j
def test_a_subgraph_query_runs_as_a_read_and_is_checked_on_a_writable_open(
    neo4j_server, secret_files, baseline, tmp_path
):
    from policykg.export import export_graph

    res = _invoke(
        [
            "export",
            "--format",
            "graphml",
            "--subgraph",
            "MATCH (d:Document)-[c:CITES]->(e:Document) RETURN d, c, e",
            str(tmp_path / "ok.graphml"),
            "--db",
            neo4j_server.uri,
        ]
    )
    assert res.exit_code == 0, res.output
    assert "<node" in (tmp_path / "ok.graphml").read_text(encoding="utf-8")
    leak = _fill(
        "MATCH (d:Document) WITH d LIMIT 1 LOAD CSV FROM 'file://{secret}' AS l RETURN l",
        secret_files,
    )
    with policykg.open(neo4j_server.uri) as g:  # open for writing: run_read checks all the same
        for q in (leak, "MATCH (d:Document) DETACH DELETE d RETURN d"):
            with pytest.raises(ExportError, match="not allowed in a read-only query") as e:
                export_graph(g, "graphml", tmp_path / "x.graphml", subgraph=q)
            assert SECRET not in str(e.value)
    assert not (tmp_path / "x.graphml").exists()
    assert content_hash(neo4j_server) == baseline


@pytest.mark.neo4j
def test_timeout_interrupts_a_long_query_on_the_server(neo4j_server, baseline):
    long_query = "UNWIND range(1, 100000) AS i UNWIND range(1, 100000) AS j RETURN sum(i * j) AS s"
    with no_hang():
        res = _invoke(["cypher", long_query, "--timeout", "1", "--db", neo4j_server.uri])
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())
    assert "interrupted" in out and "time limit" in out, out
    with no_hang(), policykg.open(neo4j_server.uri, read_only=True, timeout_ms=1000) as g:
        with pytest.raises(QueryError, match="time limit"):
            g.run(long_query)
        assert g.run("RETURN 1 AS one") == [{"one": 1}]  # the connection is still usable


@pytest.mark.neo4j
def test_max_rows_streams_and_stops_reading(neo4j_server, baseline):
    db = ["--db", neo4j_server.uri]
    res = _invoke(
        ["cypher", "UNWIND range(1, 50000) AS i RETURN i", "--max-rows", "100", "--json", *db]
    )
    assert res.exit_code == 0, res.output
    assert [r["i"] for r in json.loads(res.stdout)] == list(range(1, 101))
    assert "cut at 100 rows" in " ".join(res.stderr.split())
    # 10^10 rows and an hour's timeout: only closing the stream after 5 rows ends it in time
    endless = "UNWIND range(1, 100000) AS i UNWIND range(1, 100000) AS j RETURN i, j"
    with no_hang():
        res = _invoke(["cypher", endless, "--max-rows", "5", "--timeout", "3600", "--json", *db])
    assert res.exit_code == 0, res.output
    assert [(r["i"], r["j"]) for r in json.loads(res.stdout)] == [(1, j) for j in range(1, 6)]
    with neo4j_server.driver() as d:  # and nothing is left running on the server
        running = d.execute_query(
            "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery",
            database_=neo4j_server.database,
        ).records
    assert not [r for r in running if "range(1, 100000)" in r["currentQuery"]], running
    assert "cut at 5 rows" in " ".join(res.stderr.split())
    res = _invoke(["cypher", "UNWIND range(1, 50) AS i RETURN i", "--json", *db])
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 50
    assert "cut at" not in res.stderr
