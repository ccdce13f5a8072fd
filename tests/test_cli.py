"""The CLI: every command documented with an example, trace by any bracket form, JSON output,
read-only cypher, parameters passed as parameters."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from policykg.cli import main


@pytest.fixture()
def run():
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return _run


def test_every_command_has_help_with_an_example(run):
    for name, cmd in main.commands.items():
        res = run(name, "--help")
        assert res.exit_code == 0, name
        assert cmd.help and "Example" in cmd.help, f"{name} has no example in its help"


def test_extract_json_interface(run):
    res = run("extract", str(EXAMPLES / "004_a334c3813ca2a563.txt"), "--json")
    assert res.exit_code == 0
    obj = json.loads(res.output.strip().splitlines()[0])
    for key in (
        "doc_type",
        "title",
        "doc_number",
        "issuer",
        "date",
        "region",
        "plan_year",
        "addressees",
        "cites",
        "figures",
        "projects",
        "agencies",
        "path",
        "sha256",
        "warnings",
    ):
        assert key in obj
    assert obj["doc_number"] == "柳政办〔2022〕5号"
    assert obj["cites"][0]["start"] >= 0 and obj["cites"][0]["doc_number"] is None


@pytest.mark.parametrize(
    "key",
    [
        "渝府办发〔2020〕118号",
        "渝府办发[2020]118号",
        "渝府办发（2020）118号",
        "渝府办发【2020】118号",
    ],
)
def test_trace_cli(run, seed_graph_path, key):
    res = run("trace", key, "--direction", "in", "--db", str(seed_graph_path), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["root"] == "渝府办发〔2020〕118号"
    assert len({h["citing"] for h in data["hops"]}) == 3
    human = run("trace", key, "--db", str(seed_graph_path))
    assert "渝府办发〔2024〕33号" in human.output and "cited only" in human.output


def test_stats_and_lineage_and_wanted_cli(run, seed_graph_path):
    st = json.loads(run("stats", "--db", str(seed_graph_path), "--json").output)
    assert st["documents"] == {"ingested": 5, "cited_only": 6}
    lin = run("lineage", "渝府办发〔2021〕25号", "--db", str(seed_graph_path))
    assert "2022, 2023" in lin.output
    w = json.loads(run("wanted", "--db", str(seed_graph_path), "--json").output)
    assert w[0]["id"] == "渝府办发〔2020〕118号"


def test_cypher_is_read_only_unless_write(run, seed_graph_path):
    res = CliRunner().invoke(
        main, ["cypher", "MATCH (d:Document) DETACH DELETE d", "--db", str(seed_graph_path)]
    )
    assert res.exit_code == 2 and "--write" in res.output
    st = json.loads(run("stats", "--db", str(seed_graph_path), "--json").output)
    assert st["documents"]["ingested"] == 5


def test_cypher_parameters(run, seed_graph_path):
    res = run(
        "cypher",
        "MATCH (a:Document)-[:CITES]->(d:Document) WHERE d.doc_number = $n RETURN count(a) AS n",
        "-p",
        "n=渝府办发〔2020〕118号",
        "--db",
        str(seed_graph_path),
        "--json",
    )
    assert json.loads(res.output) == [{"n": 3}]


def test_missing_path_fails_with_a_clear_message(tmp_path):
    res = CliRunner().invoke(
        main, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "g.db")]
    )
    assert res.exit_code == 1
    assert "no such file or folder" in res.output
