"""Every statement policykg sends to Neo4j, checked by Neo4j's own Cypher linter.

The linter is ``@neo4j-cypher/language-support`` (pinned in ``tests/lint/package.json``; install
with ``npm ci --prefix tests/lint``, which ``make test`` does when npm exists). It parses with
Neo4j's grammar, runs Neo4j's semantic analysis, and knows Neo4j 5's built-in functions, so a
LadybugDB spelling (``list_contains``, ``label()``, ``CAST … AS INT64``, ``* TRAIL``) fails.
Parameters are not declared to the linter, so "Parameter $x is not defined." is ignored.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from policykg.graph import cypher
from policykg.graph import neo4j as neo4j_backend
from policykg.graph.schema import EDGES, NODES, edge_props

LINT = Path(__file__).parent / "lint"
PACKAGE = LINT / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
NEO4J = cypher.DIALECTS["neo4j"]

# keys of the parameter maps (row.src …): the linter cannot tell a map key from a property
ROW_KEYS = ["src", "dst", "props"]
LADYBUG_ONLY = {
    "CAST … AS INT64/DOUBLE/BOOLEAN": re.compile(
        r"\bCAST\s*\(.*\bAS\s+(INT64|DOUBLE|BOOLEAN|STRING)", re.I
    ),
    "list_contains": re.compile(r"\blist_contains\s*\(", re.I),
    "TRAIL": re.compile(r"\bTRAIL\b", re.I),
    "label(": re.compile(r"(?<![\w.])label\s*\(", re.I),
}


def neo4j_statements() -> list[str]:
    """Every statement sent to Neo4j: the query layer's and the backend's own DDL."""
    return [s for s, _ in cypher.all_statements(NEO4J)] + neo4j_backend.statements()


def linter_schema() -> dict:
    props = {p for props in NODES.values() for p in props} | {
        p for t in EDGES for p in edge_props(t)
    }
    return {
        "labels": [*NODES, "Meta"],
        "relationshipTypes": list(EDGES),
        "propertyKeys": sorted(props | {"key", "value", *ROW_KEYS}),
    }


def lint(statements: list[str]) -> list[list[dict]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Neo4j Cypher linter needs Node.js and npm")
    if not PACKAGE.exists():
        pytest.skip(
            "the Neo4j Cypher linter is not installed: run `npm ci --prefix tests/lint` (make test does)"
        )
    payload = json.dumps({"statements": statements, "schema": linter_schema()})
    done = subprocess.run(
        [node, str(LINT / "lint.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert len(out) == len(statements)
    return out


# LadybugDB spellings and a typo: the linter must refuse each (else the main check proves nothing)
BAD = [
    cypher.find_agency(cypher.DIALECTS["ladybug"]),
    cypher.edges_of("CITES", cypher.DIALECTS["ladybug"]),
    cypher.upsert_nodes("Figure", cypher.DIALECTS["ladybug"]),
    "MATCH p = (a:Document)-[:CITES* TRAIL 1..3]->(d:Document) RETURN length(p) AS hops",
    "MATCH (n:Documnet) RETURN n.id AS id",
]


@pytest.fixture(scope="module")
def linted() -> dict[str, list[dict]]:
    """statement → diagnostics, one linter run for the module (node start-up is seconds)."""
    statements = list(dict.fromkeys(neo4j_statements() + BAD))
    return dict(zip(statements, lint(statements), strict=True))


def is_undeclared_parameter(d: dict) -> bool:
    return d["message"].startswith("Parameter ") and d["message"].endswith(" is not defined.")


def test_every_neo4j_statement_passes_the_linter(linted):
    statements = neo4j_statements()
    assert len(statements) > 100  # all_statements grew or shrank by accident?
    problems = []
    for stmt in statements:
        for d in linted[stmt]:
            if not is_undeclared_parameter(d):
                problems.append(f"{d['severity']}: {d['message']}\n    in: {stmt}")
    assert not problems, "\n".join(problems)


def test_the_linter_catches_ladybug_spellings(linted):
    """The check above is only worth something if the linter refuses what Neo4j refuses."""
    for stmt in BAD:
        assert [d for d in linted[stmt] if not is_undeclared_parameter(d)], stmt


def test_no_ladybug_only_spelling_reaches_neo4j():
    for stmt in neo4j_statements():
        for what, pattern in LADYBUG_ONLY.items():
            assert not pattern.search(stmt), f"LadybugDB-only {what} in a Neo4j statement: {stmt}"


def test_constraints_cover_every_label():
    ddl = cypher.neo4j_constraints()
    for label in NODES:
        assert (
            f"CREATE CONSTRAINT policykg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) "
            "REQUIRE n.id IS UNIQUE"
        ) in ddl
    assert any("(n:Meta) REQUIRE n.key IS UNIQUE" in s for s in ddl)
    assert all(s in neo4j_statements() for s in ddl)


def test_dialects_differ_only_in_the_table():
    """The LadybugDB text is unchanged; Neo4j differs exactly where the dialect table says."""
    lady = cypher.find_agency(cypher.DIALECTS["ladybug"])
    neo = cypher.find_agency(NEO4J)
    assert "list_contains(a.aliases, $text)" in lady and "$text IN a.aliases" in neo
    assert "label(a) AS src_label" in cypher.edges_of("LEADS", cypher.DIALECTS["ladybug"])
    assert "labels(a)[0] AS src_label" in cypher.edges_of("LEADS", NEO4J)
    assert "CAST(row.`year` AS INT64)" in cypher.upsert_nodes(
        "Figure", cypher.DIALECTS["ladybug"], True
    )
    assert "CAST" not in cypher.upsert_nodes("Figure", NEO4J, True)
    assert cypher.upsert_nodes("Figure", NEO4J).endswith("SET n += row.props")


def test_no_npm_version_drift():
    pkg = json.loads((LINT / "package.json").read_text(encoding="utf-8"))
    version = pkg["dependencies"]["@neo4j-cypher/language-support"]
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", version), "pin the linter to one exact version"
    lock = json.loads((LINT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@neo4j-cypher/language-support"]["version"] == version
