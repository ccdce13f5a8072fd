"""The CLI: every command documented with an example, trace by any bracket form, JSON output,
read-only cypher, parameters passed as parameters."""

from __future__ import annotations

import csv
import io
import json
import re

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


# ---------------------------------------------------------------- output family, labels, ingest

INTERNAL_ID = re.compile(r"t:[0-9a-f]{16}")


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_command_with_json_has_csv():
    for name, cmd in main.commands.items():
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        if "--json" in opts:
            assert "--csv" in opts, f"{name} has --json but no --csv"


def test_trace_csv_one_row_per_hop(run, seed_graph_path):
    res = run("trace", "渝府办发〔2020〕118号", "--db", str(seed_graph_path), "--csv")
    rows = _csv(res.output)
    assert len(rows) == 3
    assert list(rows[0])[:7] == [
        "depth",
        "direction",
        "from",
        "to",
        "title",
        "doc_number",
        "sentence",
    ]
    assert {r["from"] for r in rows} == {"渝府办发〔2020〕118号"}
    assert {r["depth"] for r in rows} == {"1"}
    assert all("渝府办发〔2020〕118号" in r["sentence"] for r in rows)
    beibei = next(r for r in rows if not r["doc_number"])  # the Beibei notice has no 文号
    assert beibei["to"].startswith("《关于做好2022年区级重点项目实施有关工作的通知》")
    assert beibei["to"].endswith("003_3eb0fbf1fa00c0cf.txt)")
    assert beibei["to_id"].startswith("t:")  # the id is there for programs, in its own column


@pytest.mark.parametrize(
    ("args", "column", "expected"),
    [
        (["stats"], "name", "Document"),
        (["validate"], "check", None),
        (["lineage", "渝府办发〔2024〕33号"], "label", "渝府办发〔2021〕25号"),
        (["responsible", "九龙坡博世氢材料发动机"], "step", "lead unit"),
        (["responsible", "重庆市招商投资促进局"], "kind", "duty"),
        (["wanted"], "doc_number", "渝府办发〔2020〕118号"),
    ],
)
def test_csv_of_each_command(run, seed_graph_path, args, column, expected):
    res = run(*args, "--db", str(seed_graph_path), "--csv")
    assert res.exit_code in (0, 1), res.output
    header = res.output.splitlines()[0].split(",")
    assert column in header
    if expected:
        assert expected in {r[column] for r in _csv(res.output)}


def test_extract_csv(run):
    res = run("extract", str(EXAMPLES / "004_a334c3813ca2a563.txt"), "--csv")
    (row,) = _csv(res.output)
    assert row["doc_number"] == "柳政办〔2022〕5号" and row["date"] == "2022-01-17"
    assert int(row["cites"]) >= 1


def test_documents_without_a_number_never_show_an_internal_id(run, seed_graph_path):
    db = str(seed_graph_path)
    beibei = "关于做好2022年区级重点项目实施有关工作的通知"
    outputs = [
        run("trace", "渝府办发〔2020〕118号", "--db", db).output,
        run("trace", beibei, "--direction", "out", "--db", db).output,
        run("lineage", beibei, "--db", db).output,
        run("wanted", "--db", db).output,
        run("search", "重点项目", "--db", db).output,
        run("show", beibei, "--db", db).output,
        run("responsible", "重庆市北碚区发展和改革委员会", "--db", db).output,
    ]
    for out in outputs:
        assert not INTERNAL_ID.search(out), out
    trace = json.loads(run("trace", "渝府办发〔2020〕118号", "--db", db, "--json").output)
    docs = trace["documents"]
    no_number = [d for d in docs.values() if not d["doc_number"]]
    assert no_number and all(d["id"].startswith("t:") for d in no_number)
    assert all(d["label"].startswith(f"《{d['title']}》") for d in no_number)
    lin = json.loads(run("lineage", beibei, "--db", db, "--json").output)
    assert lin["years"][0]["label"].startswith(f"《{beibei}》")
    duties = json.loads(
        run("responsible", "重庆市北碚区发展和改革委员会", "--db", db, "--json").output
    )
    assert duties["duties"] and all(
        d["label"].startswith(f"《{beibei}》") for d in duties["duties"]
    )


def test_ingest_summary_counts_and_time(corpus_copy, tmp_path):
    db = str(tmp_path / "g.db")
    first = CliRunner().invoke(main, ["ingest", str(corpus_copy), "--db", db])
    assert first.exit_code == 0
    assert re.search(
        r"5 files in \d+\.\d s: added 5, updated 0, unchanged 0, failed 0", first.output
    )
    (corpus_copy / "000_32a3df4cf58a4136.txt").write_text(
        (corpus_copy / "000_32a3df4cf58a4136.txt").read_text(encoding="utf-8")
        + "\n附：补充说明。\n",
        encoding="utf-8",
    )
    data = json.loads(
        CliRunner().invoke(main, ["ingest", str(corpus_copy), "--db", db, "--json"]).output
    )
    assert data["files"] == {
        "added": 0,
        "updated": 1,
        "unchanged": 4,
        "failed": 0,
        "unsupported": 0,
        "duplicates": 0,
    }
    assert data["elapsed_s"] >= 0 and data["stats"]["documents"]["ingested"] == 5
    rows = _csv(CliRunner().invoke(main, ["ingest", str(corpus_copy), "--db", db, "--csv"]).output)
    assert [r["outcome"] for r in rows] == ["unchanged"] * 5
    empty = tmp_path / "empty"
    empty.mkdir()
    none = CliRunner().invoke(main, ["ingest", str(empty), "--db", db])
    assert none.exit_code == 0 and "no files to ingest" in none.output


def _interrupt_on_fourth_file(monkeypatch):
    """Ctrl-C arrives as the 4th extracted file reaches the writer; groups of 2 are committed."""
    import policykg.graph.ingest as ing

    real = ing.extract_all

    def extract_all(todo, *args, **kw):
        for n, item in enumerate(real(todo, *args, **kw), 1):
            if n == 4:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(ing, "GROUP_SIZE", 2)
    monkeypatch.setattr(ing, "extract_all", extract_all)


def test_ctrl_c_during_ingest_says_what_was_committed(corpus_copy, tmp_path, monkeypatch):
    import signal

    _interrupt_on_fourth_file(monkeypatch)
    db = str(tmp_path / "g.db")
    before = signal.getsignal(signal.SIGINT)
    res = CliRunner().invoke(main, ["ingest", str(corpus_copy), "--db", db])
    assert res.exit_code == 130
    assert "interrupted" in res.output and "2 files committed" in res.output
    assert signal.getsignal(signal.SIGINT) == before
    monkeypatch.undo()
    again = json.loads(
        CliRunner().invoke(main, ["ingest", str(corpus_copy), "--db", db, "--json"]).output
    )
    assert again["files"] == {
        "added": 3,
        "updated": 0,
        "unchanged": 2,
        "failed": 0,
        "unsupported": 0,
        "duplicates": 0,
    }


def test_ctrl_c_in_a_real_process_exits_130_without_a_traceback(corpus_copy, tmp_path):
    """A real SIGINT (sent by the process to itself on the 4th file, so no timing is involved)."""
    import signal
    import subprocess
    import sys

    code = (
        "import os, signal, sys\n"
        "import policykg.graph.ingest as ing\n"
        "from policykg.cli import main\n"
        "real = ing.extract_all\n"
        "def extract_all(todo, *args, **kw):\n"
        "    for n, item in enumerate(real(todo, *args, **kw), 1):\n"
        "        if n == 4:\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "        yield item\n"
        "ing.GROUP_SIZE = 2\n"
        "ing.extract_all = extract_all\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "ingest", str(corpus_copy), "--db", str(tmp_path / "g.db")],
        capture_output=True,
        text=True,
        timeout=120,
        # a shell's background jobs ignore SIGINT; the child must have Python's default handler
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr
    assert "2 files committed" in proc.stderr


def test_empty_results_are_said_in_words(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    assert "no files to ingest" in runner.invoke(main, ["ingest", str(empty), "--db", db]).output
    said = {
        ("stats",): "no documents in",
        ("wanted",): "no cited documents missing from the corpus",
        ("search", "重点项目"): "no document matches '重点项目'",
        ("validate",): "all checks passed",
    }
    for args, words in said.items():
        res = runner.invoke(main, [*args, "--db", db])
        assert res.exit_code == 0 and res.output.startswith(words), (args, res.output)
        assert "┏" not in res.output  # no empty table
    res = runner.invoke(main, ["extract", str(empty)])
    assert res.exit_code == 0 and "no supported files" in res.output
