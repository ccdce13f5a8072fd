"""Bad input never stops an ingest, never lands in the graph, and is reported with its reason.

The corpus is built at test time by ``tests/badinput.py``. Also: encodings read exactly like the
UTF-8 original, extraction of hostile text is fast (property test + regex bait), the per-file
time limit, concurrent readers and writers, and schema-version detection and migration.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badinput import (
    BAIT,
    ENCODINGS,
    EXAMPLES,
    SAMPLE,
    build_corpus,
    make_unreadable,
    synthetic_notice,
)
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policykg
from policykg.cli import main
from policykg.errors import LoadError
from policykg.loaders.extract import extract_file, extract_source
from policykg.loaders.read import Source, read_source

PKG = [sys.executable, "-m", "policykg.cli"]


def cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*PKG, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def ingest_cli(
    *paths: Path, db: Path, report: Path, extra: tuple[str, ...] = (), **kw
) -> subprocess.CompletedProcess:
    """``policykg ingest PATHS --db DB --report REPORT [EXTRA]`` in a subprocess."""
    return cli("ingest", *map(str, paths), "--db", str(db), "--report", str(report), *extra, **kw)


def read_report(report: Path) -> list[dict]:
    """The ``--report`` file: one JSON object (path, problem) per failed file."""
    return [json.loads(x) for x in report.read_text(encoding="utf-8").splitlines()]


def summary(ex) -> tuple:
    return (
        ex.title,
        ex.doc_number,
        ex.issuer,
        ex.date,
        [(c.doc_number, c.title) for c in ex.cites],
    )


def ingested_ids(db: Path) -> list[str]:
    with policykg.open(db, read_only=True) as g:
        return sorted(
            r["id"] for r in g.run("MATCH (d:Document) WHERE d.ingested = true RETURN d.id AS id")
        )


def graph_stats(db: Path) -> dict:
    with policykg.open(db, read_only=True) as g:
        return g.stats()


# -- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "bom"), ENCODINGS + [("utf16le_nobom.txt", "utf-16-le", False)]
)
def test_encodings_read_exactly_like_the_utf8_original(tmp_path, name, encoding, bom):
    text = SAMPLE.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be" and bom:
        data = b"\xfe\xff" + data
    p = tmp_path / name
    p.write_bytes(data)
    src = read_source(p)
    assert src.text == text
    original = extract_file(SAMPLE)
    ex = extract_file(p)
    assert summary(ex) == summary(original)
    assert ex.doc_number == "渝府办发〔2021〕25号" and ex.cites


# -- each bad file alone ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("bad") / "corpus")


def test_each_bad_file_raises_a_load_error_naming_it(corpus, monkeypatch):
    make_unreadable(monkeypatch, corpus.unreadable)
    assert len(corpus.bad) >= 10
    for path, why in corpus.bad.items():
        with pytest.raises(LoadError) as e:
            read_source(path)
        assert e.value.path == str(path)
        assert why.lower() in e.value.problem.lower(), (path.name, e.value.problem)
    with pytest.raises(LoadError, match="no such file"):
        read_source(corpus.missing.with_suffix(".txt"))
    with pytest.raises(LoadError, match="unsupported file type"):
        read_source(corpus.ignored[0])


def test_truncated_html_is_read_tolerantly(corpus):
    ex = extract_file(corpus.root / "truncated.html")
    assert ex.title and ex.title.endswith("关于做好2021年市级重大项目实施有关工作的通知")
    assert ex.doc_number == "渝府办发〔2021〕25号"  # from the text before the cut


# -- a corpus with bad files: the CLI ------------------------------------------------------------


def test_bad_files_are_reported_and_the_graph_holds_exactly_the_good_documents(
    corpus, tmp_path, monkeypatch
):
    make_unreadable(monkeypatch, corpus.unreadable)
    db, errors = tmp_path / "mixed.db", tmp_path / "errors.jsonl"
    res = CliRunner().invoke(
        main,
        [
            "ingest",
            str(corpus.root),
            str(corpus.missing),
            "--db",
            str(db),
            "--report",
            str(errors),
            "--workers",
            "1",
        ],
    )
    assert res.exit_code == 1, res.output
    reported = {d["path"]: d["problem"] for d in read_report(errors)}
    expected = {str(p): why for p, why in corpus.bad.items()} | {
        str(corpus.missing): "no such file"
    }
    assert set(reported) == set(expected), "the report names each bad file, and only those"
    for path, why in expected.items():
        assert why.lower() in reported[path].lower(), (path, reported[path])

    # a clean ingest of only the good files, at the same relative paths
    clean_root = tmp_path / "clean" / "corpus"
    for p in corpus.good:
        dst = clean_root / p.relative_to(corpus.root)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, dst)
    clean_db = tmp_path / "clean.db"
    clean = CliRunner().invoke(
        main, ["ingest", str(clean_root), "--db", str(clean_db), "--workers", "1"]
    )
    assert clean.exit_code == 0, clean.output
    assert ingested_ids(db) == ingested_ids(clean_db)
    assert graph_stats(db) == graph_stats(clean_db)
    assert "渝府办发〔2021〕26号" not in ingested_ids(db)  # the unreadable file's document


def test_a_folder_that_cannot_be_listed_is_reported_and_the_walk_goes_on(tmp_path, monkeypatch):
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "in" / "locked" / "b.txt").write_bytes(SAMPLE.read_bytes())
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = policykg.ingest([tmp_path / "in"], db=tmp_path / "g.db")
    assert [(Path(f.path).name, f.problem) for f in report.failed] == [
        ("locked", "cannot list the folder: Permission denied")
    ]
    assert [Path(p).name for p in report.added] == ["a.txt"]


def test_cli_exit_code_and_report_in_a_real_process(tmp_path):
    good = tmp_path / "in" / "001.txt"
    good.parent.mkdir()
    good.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    report = tmp_path / "errors.jsonl"
    r = ingest_cli(tmp_path / "in", tmp_path / "nope.txt", db=tmp_path / "g.db", report=report)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    lines = read_report(report)
    assert {Path(x["path"]).name for x in lines} == {"empty.txt", "nope.txt"}
    assert "empty.txt" in r.stderr and "nope.txt" in r.stderr
    assert ingested_ids(tmp_path / "g.db") == ["渝府办发〔2021〕25号"]


# -- time: hostile text extracts fast; the per-file limit holds --------------------------------


@pytest.mark.parametrize("name", sorted(BAIT))
def test_regex_bait_extracts_quickly(name):
    t0 = time.perf_counter()
    extract_source(Source(f"{name}.txt", BAIT[name], "0" * 64, "text"))
    assert time.perf_counter() - t0 < 5.0, (
        f"{name}: extraction took {time.perf_counter() - t0:.1f} s"
    )


_TOKENS = [
    "关于", "印发", "通知", "的", "重庆市", "人民政府", "办公厅", "渝府办发", "国发", "〔", "〕", "[", "]",
    "（", "）", "(", ")", "《", "》", "【", "】", "号", "第", "年", "月", "日", "2020", "2021", "118",
    "项目", "亿元", "万元", "个", "、", "，", "：", "。", "\n", " ", "一、", "（一）", "经市政府同意",
    "序号", "\t", "牵头单位", "附件", "〇", "二", "十",
]  # fmt: skip


@settings(deadline=2000, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=8)), max_size=300).map("".join)
)
def test_extraction_of_random_policy_like_text_is_fast_and_never_crashes(text):
    extract_source(Source("random.txt", text, "0" * 64, "text"))


@settings(deadline=2000, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_TOKENS), st.integers(1, 20_000), st.sampled_from(_TOKENS))
def test_extraction_of_long_repeated_tokens_is_fast(a, n, b):
    extract_source(Source("runs.txt", (a + b) * (n // 2) + a * n, "0" * 64, "text"))


def test_extraction_time_limit_reports_the_file_and_continues(tmp_path, monkeypatch):
    import policykg.graph.ingest as ingest_mod
    import policykg.loaders.extract as extract_mod

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "b_slow.txt").write_text("慢" * 10, encoding="utf-8")
    real = extract_mod.extract_file

    def slow_extract(path):
        if str(path).endswith("b_slow.txt"):
            while True:  # a runaway loop in pure Python, like catastrophic backtracking
                time.sleep(0.01)
        return real(path)

    monkeypatch.setattr(extract_mod, "extract_file", slow_extract)
    monkeypatch.setattr(ingest_mod, "EXTRACT_SECONDS", 0.3)
    t0 = time.perf_counter()
    report = policykg.ingest([folder], db=tmp_path / "g.db")
    assert time.perf_counter() - t0 < 20
    assert [Path(f.path).name for f in report.failed] == ["b_slow.txt"]
    assert "longer than 0.3 s" in report.failed[0].problem
    assert len(report.added) == 1


def test_time_limit_from_the_environment_holds_in_worker_processes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(70):  # ≥ PARALLEL_FROM: extraction runs in spawned workers
        (folder / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    # a file slow to extract because it is large (2 MB of real notice text: well over 0.05 s)
    big = (EXAMPLES / "001_4d24b685d0f94245.txt").read_text(encoding="utf-8") * 300
    (folder / "zz_bait.txt").write_text(big, encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    r = ingest_cli(
        folder,
        db=tmp_path / "g.db",
        report=report,
        extra=("--workers", "2"),
        env={"POLICYKG_EXTRACT_SECONDS": "0.05"},
    )
    assert r.returncode == 1, r.stderr
    failed = read_report(report)
    assert "zz_bait.txt" in {Path(f["path"]).name for f in failed}
    assert all("longer than 0.05 s" in f["problem"] for f in failed)
    assert len(failed) < 10  # the time limit is per file: normal notices still make it


_CRASHER = """
import os
if os.environ.get("POLICYKG_TEST_DIE_ON"):
    import policykg.loaders.extract as m
    _real = m.extract_file
    def _dying(path):
        if os.path.basename(str(path)) == os.environ["POLICYKG_TEST_DIE_ON"]:
            os.kill(os.getpid(), 9)  # like the OOM killer or a segfault in a parser
        return _real(path)
    m.extract_file = _dying
"""


def test_a_worker_that_dies_costs_only_its_file(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_CRASHER, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(100):
        (folder / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    env = {"PYTHONPATH": str(hook), "POLICYKG_TEST_DIE_ON": "n037.txt"}
    r = ingest_cli(
        folder,
        db=tmp_path / "g.db",
        report=report,
        extra=("--workers", "2", "--json"),
        env=env,
        timeout=150,
    )
    assert r.returncode == 1, r.stderr[-2000:]
    failed = read_report(report)
    assert [Path(f["path"]).name for f in failed] == ["n037.txt"]
    assert "process died" in failed[0]["problem"]
    assert json.loads(r.stdout)["stats"]["documents"]["ingested"] == 99


@pytest.mark.slow
def test_a_20mb_single_line_file(tmp_path, monkeypatch):
    import policykg.graph.ingest as ingest_mod

    folder = tmp_path / "in"
    folder.mkdir()
    line = SAMPLE.read_text(encoding="utf-8").replace("\n", " ")
    filler = ("abc 123 xyz " * 2_000_000)[: 20 * 1024 * 1024 - len(line.encode())]
    big = folder / "big.txt"
    big.write_text(line + filler, encoding="utf-8")
    assert big.stat().st_size >= 20 * 1024 * 1024 - 16
    (folder / "good.txt").write_bytes(SAMPLE.read_bytes())
    t0 = time.perf_counter()
    ex = extract_file(big)
    assert time.perf_counter() - t0 < 30
    assert ex.doc_number == "渝府办发〔2021〕25号"
    # with a tight limit, the big file is reported and the other one still ingested
    monkeypatch.setattr(ingest_mod, "EXTRACT_SECONDS", 0.2)
    report = policykg.ingest([folder], db=tmp_path / "g.db")
    assert [Path(f.path).name for f in report.failed] == ["big.txt"]
    assert "longer than" in report.failed[0].problem
    assert [Path(p).name for p in report.added] == ["good.txt"]


@pytest.mark.slow
def test_ten_thousand_files_some_bad(tmp_path):
    folder = tmp_path / "many"
    bad: set[str] = set()
    for i in range(10_000):
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"n{i:05d}.txt"
        if i % 997 == 13:
            p.write_bytes(b"" if i % 2 else b"\x89PNG\r\n\x1a\n\x00\x00")
            bad.add(str(p))
        else:
            p.write_text(synthetic_notice(i), encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    t0 = time.perf_counter()
    r = ingest_cli(
        folder,
        db=tmp_path / "g.db",
        report=report,
        extra=("--workers", "2", "--json"),
        timeout=240,
    )
    elapsed = time.perf_counter() - t0
    assert r.returncode == 1, r.stderr[-2000:]
    failed = {f["path"] for f in read_report(report)}
    assert failed == bad
    out = json.loads(r.stdout)
    assert out["added"] == 10_000 - len(bad)
    assert out["stats"]["documents"]["ingested"] == 10_000 - len(bad)
    assert elapsed < 180, f"10,000 files took {elapsed:.0f} s"
