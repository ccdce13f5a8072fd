"""User text is data, never Cypher: hostile 文号, titles and parameters only look things up.
``cypher`` is read-only unless --write (the engine refuses). Neo4j passwords never leak."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badinput import EXAMPLES
from click.testing import CliRunner

import policykg
from policykg.cli import main
from policykg.graph.schema import EDGES, NODES
from policykg.queries.stats import stats as graph_stats

PAYLOADS = [
    '"',
    "'",
    "\\",
    "}) DETACH DELETE n //",
    "' OR 1=1 //",
    "$param",
    "`Document`",
    '"}) MATCH (n) DETACH DELETE n //',
    "'}) MATCH (n) DETACH DELETE n RETURN n //",
    "x\nMATCH (n) DETACH DELETE n",
    "\\' OR 1=1 //",
    "{id='x'} RETURN 1 UNION MATCH (n) RETURN n",
]


def evil_notice(i: int, payload: str) -> str:
    return (
        f"重庆市人民政府办公厅关于做好{payload}工作的通知\n\n渝府办发〔2022〕{900 + i}号\n\n"
        "各区县（自治县）人民政府，市政府有关部门：\n\n"
        f"为贯彻落实《关于{payload}的意见》（渝府发〔2019〕{i + 1}号）和《重庆市人民政府办公厅关于做好2021年市级重大项目实施有关工作的通知》（渝府办发〔2021〕25号）精神，"
        "现就有关事项通知如下：\n\n一、做好工作。\n\n重庆市人民政府办公厅\n2022年3月5日\n"
    )


def snapshot(db: Path) -> tuple[dict, str]:
    h = hashlib.sha256()
    with policykg.open(db, read_only=True) as g:
        stats = graph_stats(g)
        for label in NODES:
            for r in sorted(
                json.dumps(
                    {k: v for k, v in r["n"].items() if not k.startswith("_")},
                    sort_keys=True,
                    default=str,
                    ensure_ascii=False,
                )
                for r in g.run(f"MATCH (n:{label}) RETURN n")
            ):
                h.update(r.encode())
        for et in EDGES:
            for r in sorted(
                json.dumps(r, default=str, ensure_ascii=False)
                for r in g.run(
                    f"MATCH (a)-[r:{et}]->(b) RETURN a.id AS a, b.id AS b, r.span_start AS s"
                )
            ):
                h.update(r.encode())
    return stats, h.hexdigest()


def test_a_title_with_a_colon_does_not_take_over_a_cited_document():
    from policykg.loaders.extract import extract_source
    from policykg.loaders.read import Source

    ex = extract_source(Source("colon.txt", evil_notice(11, "{id: 'x'}"), "0" * 64, "text"))
    assert ex.doc_number != "渝府办发〔2021〕25号", (
        "the cited document's number was taken as the notice's own"
    )


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evil")
    folder = root / "notices"
    folder.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    for i, p in enumerate(PAYLOADS):
        (folder / f"evil{i:02d}.txt").write_text(evil_notice(i, p), encoding="utf-8")
    db = root / "evil.db"
    report = policykg.ingest([folder], db=db)
    assert report.ok, report.failed
    return db


def test_hostile_titles_are_stored_verbatim_as_data(evil_db):
    stats, _ = snapshot(evil_db)
    assert stats["documents"]["ingested"] == 5 + len(PAYLOADS)
    with policykg.open(evil_db, read_only=True) as g:
        titles = {r["t"] for r in g.run("MATCH (d:Document) RETURN d.title AS t") if r["t"]}
    for p in PAYLOADS:
        first_line = p.split("\n")[0]
        assert any(first_line in t for t in titles), p


def _invoke(args: list[str]):
    res = CliRunner().invoke(main, args)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"{args}: unhandled {type(res.exception).__name__}: {res.exception}")
    assert "Traceback" not in res.output
    return res


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_every_command_only_looks_up(evil_db, tmp_path, payload):
    before = snapshot(evil_db)
    db = ["--db", str(evil_db)]
    for number in (payload, f"渝府办发〔2022〕{payload}号"):
        for args in (
            ["trace", number, "--direction", "both", "--depth", "2", "--json"],
            ["lineage", number, "--json"],
            ["responsible", number, "--json"],
            ["export", "--format", "graphml", "--subgraph", number, str(tmp_path / "x.graphml")],
            ["view", number, "-o", str(tmp_path / "x.html")],
        ):
            res = _invoke([*args, *db])
            assert res.exit_code in (0, 2), (args, res.exit_code, res.output)
            if res.exit_code == 2:
                assert "error:" in res.output
    # parameters are values: a title lookup by the hostile text finds exactly the hostile notice
    res = _invoke(["cypher", "RETURN $t AS t", "-p", f"t={payload}", "--json", *db])
    assert res.exit_code == 0 and json.loads(res.output) == [{"t": payload}], (
        res.output
    )  # a value, verbatim
    stored = payload.replace("\n", "")  # the title is one line in the graph
    res = _invoke(
        [
            "cypher",
            "MATCH (d:Document) WHERE d.title CONTAINS $t AND d.ingested RETURN d.id AS id",
            "-p",
            f"t={stored}",
            "--json",
            *db,
        ]
    )
    assert res.exit_code == 0, res.output
    ids = [r["id"] for r in json.loads(res.output)]
    assert len(ids) >= 1 and all(i.startswith("渝府办发〔2022〕") for i in ids), ids
    # the hostile notice is found by its own title (a lookup by the very text)
    with policykg.open(evil_db, read_only=True) as g:
        title = g.run("MATCH (d:Document {id: $id}) RETURN d.title AS t", {"id": ids[0]})[0]["t"]
    res = _invoke(["trace", title, "--direction", "out", "--json", *db])
    assert res.exit_code == 0, res.output
    assert snapshot(evil_db) == before


def test_cypher_refuses_writes_without_write_flag(evil_db):
    before = snapshot(evil_db)
    for q in (
        "CREATE (d:Document {id: 'injected'}) RETURN d.id",
        "MATCH (n:Document) DETACH DELETE n",
        "MATCH (d:Document) SET d.title = 'x' RETURN count(d)",
        "MATCH (d:Document) WHERE d.id = $id DETACH DELETE d",
    ):
        res = _invoke(["cypher", q, "-p", "id=渝府办发〔2021〕25号", "--db", str(evil_db)])
        assert res.exit_code == 2, (q, res.output)
        msg = " ".join(res.output.split())
        assert "read-only" in msg and "--write" in msg, msg
    res = _invoke(
        [
            "export",
            "--format",
            "graphml",
            "--subgraph",
            "MATCH (n) DETACH DELETE n RETURN n",
            "out.graphml",
            "--db",
            str(evil_db),
        ]
    )
    assert res.exit_code == 2, res.output
    assert snapshot(evil_db) == before


def test_cypher_write_flag_does_write(tmp_path):
    db = tmp_path / "w.db"
    assert policykg.ingest([EXAMPLES / "001_4d24b685d0f94245.txt"], db=db).ok
    res = _invoke(
        [
            "cypher",
            "MATCH (d:Document) WHERE d.id = $id SET d.title = $t RETURN d.id",
            "-p",
            "id=渝府办发〔2021〕25号",
            "-p",
            "t=x",
            "--write",
            "--db",
            str(db),
        ]
    )
    assert res.exit_code == 0, res.output
    with policykg.open(db, read_only=True) as g:
        assert (
            g.run("MATCH (d:Document {id: '渝府办发〔2021〕25号'}) RETURN d.title AS t")[0]["t"]
            == "x"
        )


# -- Neo4j credentials ---------------------------------------------------------------------------

MARKER = "pw-MARKER-7f3a9c"


@pytest.mark.skipif(
    not (Path(__file__).parent.parent / "policykg" / "graph" / "neo4j.py").exists(),
    reason="no Neo4j backend yet",
)
def test_neo4j_password_never_appears_in_errors_or_output(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", MARKER)
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    with pytest.raises(policykg.BackendError) as e:
        policykg.open("bolt://127.0.0.1:1")
    assert MARKER not in str(e.value) and "127.0.0.1:1" in str(e.value)
    with pytest.raises(policykg.BackendError) as e:  # a password in the URI is refused, not echoed
        policykg.open(f"bolt://neo4j:{MARKER}@127.0.0.1:1")
    assert MARKER not in str(e.value)
    env = {**os.environ, "NEO4J_PASSWORD": MARKER}
    for db, expected in (
        ("bolt://127.0.0.1:1", "cannot reach"),
        (f"bolt://neo4j:{MARKER}@127.0.0.1:1", "put no user or password in the URI"),
    ):
        proc = subprocess.Popen(
            [sys.executable, "-m", "policykg.cli", "stats", "--db", db],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        cmdline = b""
        for _ in range(200):  # what ps shows, once the child has exec'd
            with contextlib.suppress(OSError):
                cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
            if b"policykg.cli" in cmdline or proc.poll() is not None:
                break
            time.sleep(0.005)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 2, (db, err)
        assert MARKER not in out and MARKER not in err and "Traceback" not in err, err
        assert expected in " ".join(err.split()), err
        if "@" not in db:  # ps shows argv: the password set in the environment is not in it
            assert MARKER.encode() not in cmdline


# -- read-only means read-only: no statement of a reader writes or reads a file ------------------

# (query, the word the refusal names); each one ran, wrote or read files before the allow-list
ATTACKS = [
    ("CHECKPOINT", "CHECKPOINT"),
    ("checkpoint;", "CHECKPOINT"),
    ("/* a read */ CHECKPOINT", "CHECKPOINT"),
    ("MATCH (d:Document) RETURN d.id LIMIT 1; CHECKPOINT", "second statement"),
    ("COPY (MATCH (d:Document) RETURN d.id) TO '{canary_csv}'", "COPY"),
    ("LOAD FROM '{secret}' (header=false) RETURN *", "LOAD"),
    ("MATCH (d:Document) WITH d LIMIT 1 LOAD FROM '{secret}' (header=false) RETURN *", "LOAD"),
    ("LOAD WITH HEADERS (a STRING) FROM '{secret}' RETURN *", "LOAD"),
    ("EXPORT DATABASE '{outdir}'", "EXPORT"),
    ("IMPORT DATABASE '{outdir}'", "IMPORT"),
    ("ATTACH '{other_db}' AS o (dbtype lbug)", "ATTACH"),
    ("INSTALL httpfs", "INSTALL"),
    ("LOAD EXTENSION httpfs", "LOAD"),
    ("CALL threads=1", "CALL threads"),
    ("CALL timeout=0", "CALL timeout"),
    ("CALL read_csv_serial('{secret}') RETURN *", "CALL read_csv_serial"),
    ("BEGIN TRANSACTION", "BEGIN"),
    ("CREATE NODE TABLE X(id STRING, PRIMARY KEY(id))", "CREATE"),
    ("DROP TABLE Meta", "DROP"),
    ("ALTER TABLE Document ADD x INT64", "ALTER"),
    ("MERGE (d:Document {id: 'x'})", "MERGE"),
    ("MATCH (d:Document) detach delete d", "DETACH"),
    ("MATCH (d:Document) REMOVE d.title", "REMOVE"),
    ("EXPLAIN MATCH (d) RETURN d", "EXPLAIN"),
    ("RETURN 'unterminated", "cannot read the query"),
]

# reads that must keep working (words of refused statements used as names, in strings, comments)
READS = [
    "MATCH (d:Document) RETURN d.id AS start ORDER BY start LIMIT 1",
    "MATCH (m:Meta {key: $key}) RETURN m.value AS value",
    "MATCH (p:Project) RETURN count(p) AS n",
    "MATCH (d:Document) WHERE d.title CONTAINS 'CHECKPOINT; COPY' RETURN count(d) AS n",
    "// CREATE (n)\nMATCH (d:Document) RETURN count(d) AS n /* DELETE */",
    "MATCH (d:Document) RETURN d.id AS `set` LIMIT 1",
    "CALL show_tables() RETURN *",
    "MATCH (a:Document)-[:CITES* SHORTEST 1..3]->(b:Document) RETURN count(*) AS n",
    "MATCH (d:Document) WHERE EXISTS { MATCH (d)-[:CITES]->() } RETURN count(d) AS n",
    "UNWIND [1, 2] AS x WITH x RETURN CASE WHEN x > 1 THEN 'a' ELSE 'b' END AS c;",
]


def test_the_allow_list_accepts_reads_and_refuses_the_rest():
    from policykg.graph.readonly import is_read_only

    for q in READS:
        assert is_read_only(q), q
    for q, _ in ATTACKS:
        assert not is_read_only(q), q


@pytest.fixture()
def attack_files(tmp_path, seed_graph_path):
    import shutil

    db = tmp_path / "g.db"
    shutil.copy(seed_graph_path, db)
    files = {
        "canary_csv": tmp_path / "canary.csv",
        "secret": tmp_path / "secret.txt",
        "outdir": tmp_path / "exported",
        "other_db": tmp_path / "other.db",
    }
    files["canary_csv"].write_text("keep me\n", encoding="utf-8")
    files["secret"].write_text("SECRET-LINE-4711\n", encoding="utf-8")
    shutil.copy(seed_graph_path, files["other_db"])
    return db, files


def _graph_files(folder: Path) -> dict[str, bytes]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).digest()
        for p in folder.iterdir()
        if p.is_file() and p.suffix not in (".html", ".graphml")
    }


@pytest.mark.parametrize(("query", "word"), ATTACKS)
def test_read_only_commands_refuse_statements_that_write_or_touch_files(attack_files, query, word):
    from policykg.export.subgraph import is_cypher

    db, files = attack_files
    q = query
    for k, v in files.items():
        q = q.replace("{" + k + "}", str(v))
    before = _graph_files(db.parent)
    runs = [["cypher", q, "--db", str(db)]]
    if is_cypher(q):  # export/view take a Cypher subgraph query (else: a document to look up)
        runs += [
            ["export", "--format", "graphml", "--subgraph", q, str(db.parent / "x.graphml")],
            ["view", q, "-o", str(db.parent / "x.html")],
        ]
    for args in runs:
        if args[0] != "cypher":
            args = [*args, "--db", str(db)]
        res = _invoke(args)
        out = " ".join(res.output.split())
        assert "SECRET-LINE-4711" not in res.output, args
        assert res.exit_code == 2, (args, res.output)
        assert word in out, (args, out)
    # nothing written next to the graph (.wal, .shadow, exports), the canary intact
    assert _graph_files(db.parent) == before
    assert files["canary_csv"].read_text(encoding="utf-8") == "keep me\n"
    assert not files["outdir"].exists()
    # and the graph still opens read-only for every command
    res = _invoke(["stats", "--json", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["documents"]["ingested"] == 5


def test_the_python_api_refuses_them_too(attack_files):
    db, files = attack_files
    with policykg.open(db, read_only=True) as g:
        for q in (
            "CHECKPOINT",
            f"COPY (MATCH (d:Document) RETURN d.id) TO '{files['canary_csv']}'",
        ):
            with pytest.raises(policykg.QueryError, match="read-only"):
                g.run(q)
        assert graph_stats(g)["documents"]["ingested"] == 5
    assert files["canary_csv"].read_text(encoding="utf-8") == "keep me\n"
    assert not Path(str(db) + ".wal").exists() and not Path(str(db) + ".shadow").exists()


def test_a_subgraph_query_on_a_graph_open_for_writing_is_checked_too(attack_files, tmp_path):
    from policykg.export import export_graph

    db, files = attack_files
    with (
        policykg.open(db) as g,
        pytest.raises(policykg.ExportError, match="not allowed in a read-only query"),
    ):
        export_graph(
            g,
            "graphml",
            tmp_path / "x.graphml",
            subgraph=f"MATCH (d:Document) RETURN d; COPY (MATCH (d) RETURN d.id) TO '{files['canary_csv']}'",
        )
    assert files["canary_csv"].read_text(encoding="utf-8") == "keep me\n"


def test_cypher_caps_the_rows_and_says_so(seed_graph_path):
    res = CliRunner().invoke(
        main,
        [
            "cypher",
            "UNWIND range(1, 50000) AS i RETURN i",
            "--max-rows",
            "100",
            "--json",
            "--db",
            str(seed_graph_path),
        ],
    )
    assert res.exit_code == 0, res.output
    start = res.stdout.index("[")
    rows = json.loads(res.stdout[start:])
    assert [r["i"] for r in rows] == list(range(1, 101))
    assert "cut at 100 rows" in " ".join(res.stderr.split())
    res = CliRunner().invoke(
        main,
        ["cypher", "UNWIND range(1, 50) AS i RETURN i", "--json", "--db", str(seed_graph_path)],
    )
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 50
    assert "cut at" not in res.stderr


def test_cypher_timeout_interrupts_the_query(seed_graph_path):
    res = _invoke(
        [
            "cypher",
            "UNWIND range(1, 100000) AS i UNWIND range(1, 100000) AS j RETURN sum(i * j) AS s",
            "--timeout",
            "1",
            "--db",
            str(seed_graph_path),
        ]
    )
    assert res.exit_code == 2, res.output
    assert "interrupted" in res.output and "time limit" in res.output


def test_every_statement_the_engine_knows_is_a_read_or_refused(seed_graph):
    """LadybugDB lists its statement starters when the first word is unknown: each one that is
    not a read must be a refused word, so a new engine release cannot slip a writer past."""
    import re

    from policykg.graph.readonly import STATEMENT_WORDS

    with pytest.raises(policykg.QueryError) as e:
        seed_graph.run("XYZZY")
    expected = re.search(r"expecting \{([^}]*)\}", str(e.value))
    assert expected, str(e.value)
    starters = {w.strip() for w in expected.group(1).split(",")} - {"SP"}
    assert {"MATCH", "RETURN", "CHECKPOINT", "COPY"} <= starters, starters
    reads = {"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"}
    assert starters - reads <= STATEMENT_WORDS, sorted(starters - reads - STATEMENT_WORDS)


@pytest.mark.parametrize(
    ("password", "uri"),
    [
        ("neo4j", "bolt://127.0.0.1:1"),  # the password is the user name
        ("localhost", "bolt://localhost:1"),  # the password is the host
        ("127.0.0.1", "bolt://127.0.0.1:1"),
        ("7", "bolt://127.0.0.1:7"),  # one character: any message holding it is withheld
        ("host:notaport-secret", "bolt://host:notaport"),  # a piece of it in the message
    ],
)
def test_the_password_mask_does_not_reveal_a_password_found_in_the_message(
    password, uri, monkeypatch
):
    from policykg.errors import WITHHELD, mask_secret

    monkeypatch.setenv("NEO4J_PASSWORD", password)
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    with pytest.raises(policykg.BackendError) as e:
        policykg.open(uri)
    msg = str(e.value)
    assert "***" not in msg
    n = min(4, len(password))
    pieces = {password[i : i + n].casefold() for i in range(len(password) - n + 1)}
    # the fixed message says nothing about the password; any other holds no piece of it
    assert msg == WITHHELD or not any(p in msg.casefold() for p in pieces), msg
    assert mask_secret("user neo4j at bolt://x", "neo4j") != "user *** at bolt://x"
    assert mask_secret("nothing secret here", "pw-MARKER-7f3a9c") == "nothing secret here"


def test_a_huge_subgraph_query_stops_with_a_message(seed_graph_path, tmp_path, monkeypatch):
    from policykg.export import subgraph

    monkeypatch.setattr(subgraph, "SUBGRAPH_MAX_ROWS", 50)
    out = tmp_path / "x.graphml"
    res = _invoke(
        [
            "export",
            "--format",
            "graphml",
            "--subgraph",
            "MATCH (a:Document), (b:Document) RETURN a, b",
            str(out),
            "--db",
            str(seed_graph_path),
        ]
    )
    msg = " ".join(res.output.split())
    assert res.exit_code == 2 and "more than 50 rows" in msg and "LIMIT" in msg, msg
    assert not out.exists()
    res = _invoke(
        [
            "export",
            "--format",
            "graphml",
            "--subgraph",
            "MATCH (a:Document) RETURN a LIMIT 5",
            str(out),
            "--db",
            str(seed_graph_path),
        ]
    )
    assert res.exit_code == 0 and out.exists(), res.output


def test_cypher_prints_long_results_as_lines_and_cuts_long_values(seed_graph_path):
    db = ["--db", str(seed_graph_path)]
    res = CliRunner().invoke(
        main, ["cypher", "UNWIND range(1, 600) AS i RETURN i, i * 2 AS j", *db]
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "i\tj" and lines[1] == "1\t2" and lines[-1] == "600\t1200"
    assert "tab-separated" in res.stderr
    res = CliRunner().invoke(
        main,
        ["cypher", "UNWIND range(1, 600) AS i RETURN i, $s AS s", "-p", f"s={'长' * 1000}", *db],
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1] == "1\t" + "长" * 300 + "…"  # long values cut in lines
    res = CliRunner().invoke(
        main, ["cypher", "RETURN $s AS s", "-p", f"s={'长' * 1000}", "--json", *db]
    )
    assert json.loads(res.stdout) == [{"s": "长" * 1000}]  # JSON keeps values whole
