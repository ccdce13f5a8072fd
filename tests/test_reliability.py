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
    SAMPLE,
    build_corpus,
    make_unreadable,
    synthetic_notice,
)
from click.testing import CliRunner
from hang_guard import no_hang
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policykg
from policykg.cli import main
from policykg.errors import LoadError
from policykg.loaders.extract import extract_file, extract_source
from policykg.loaders.read import Source, read_source
from policykg.queries.stats import stats

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
        return stats(g)


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
    lines = read_report(errors)
    reported = {d["path"]: d["problem"] for d in lines if "kept" not in d}
    expected = {str(p): why for p, why in corpus.bad.items()} | {
        str(corpus.missing): "no such file"
    }
    # the re-encoded copies of one sample are one document: all but the first path reported
    good = {str(p) for p in corpus.good}
    duplicates = [(d["path"], d["kept"]) for d in lines if "kept" in d]
    assert len(duplicates) >= len(ENCODINGS)
    assert all(p in good and kept in good and kept < p for p, kept in duplicates)
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
        main, ["ingest", str(clean_root), "--db", str(clean_db), "--workers", "1", "--json"]
    )
    out = json.loads(clean.output)
    assert out["failed"] == [] and out["unsupported"] == [], clean.output
    assert len(out["duplicates"]) == len(duplicates)
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
    with no_hang():
        extract_source(Source(f"{name}.txt", BAIT[name], "0" * 64, "text"))


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


_SLOW = """
import os, time
if os.environ.get("POLICYKG_TEST_SLOW_ON"):
    import policykg.loaders.extract as m
    _real = m.extract_file
    def _slow(path):
        if os.path.basename(str(path)) == os.environ["POLICYKG_TEST_SLOW_ON"]:
            while True:  # a runaway loop in pure Python, like catastrophic backtracking
                time.sleep(0.01)
        return _real(path)
    m.extract_file = _slow
"""


def hook_env(tmp_path: Path, code: str, **env: str) -> dict[str, str]:
    """Environment that loads ``code`` as sitecustomize in every process (workers included)."""
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(code, encoding="utf-8")
    return {"PYTHONPATH": str(hook), **env}


def test_extraction_time_limit_reports_the_file_and_continues(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "b_slow.txt").write_text("慢" * 10, encoding="utf-8")
    env = hook_env(tmp_path, _SLOW, POLICYKG_TEST_SLOW_ON="b_slow.txt")
    for k, v in {**env, "POLICYKG_EXTRACT_SECONDS": "3"}.items():
        monkeypatch.setenv(k, v)
    report = policykg.ingest([folder], db=tmp_path / "g.db")
    assert [Path(f.path).name for f in report.failed] == ["b_slow.txt"]
    assert "longer than 3 s" in report.failed[0].problem
    assert len(report.added) == 1


def test_time_limit_from_the_environment_holds_in_worker_processes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(70):
        (folder / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    # a file whose extraction never ends (a runaway loop in the worker, like catastrophic
    # backtracking); the limit is generous, so the normal notices make it on any machine load
    (folder / "zz_bait.txt").write_text("慢" * 10, encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    r = ingest_cli(
        folder,
        db=tmp_path / "g.db",
        report=report,
        extra=("--workers", "2"),
        env=hook_env(
            tmp_path, _SLOW, POLICYKG_TEST_SLOW_ON="zz_bait.txt", POLICYKG_EXTRACT_SECONDS="3"
        ),
    )
    assert r.returncode == 1, r.stderr
    failed = read_report(report)
    # the limit is per file and the data tables load before it starts: only the bait fails
    assert [Path(f["path"]).name for f in failed] == ["zz_bait.txt"]
    assert "longer than 3 s" in failed[0]["problem"]


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


@pytest.mark.parametrize("path", ["file-by-file", "bulk"])
def test_a_worker_that_dies_costs_only_its_file(tmp_path, path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(100):
        (folder / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    env = hook_env(tmp_path, _CRASHER, POLICYKG_TEST_DIE_ON="n037.txt")
    if path == "bulk":
        env["POLICYKG_BULK_FROM"] = "50"  # the COPY path, which used to hang on a dead worker
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
    folder = tmp_path / "in"
    folder.mkdir()
    line = SAMPLE.read_text(encoding="utf-8").replace("\n", " ")
    filler = ("abc 123 xyz " * 2_000_000)[: 20 * 1024 * 1024 - len(line.encode())]
    big = folder / "big.txt"
    big.write_text(line + filler, encoding="utf-8")
    assert big.stat().st_size >= 20 * 1024 * 1024 - 16
    (folder / "good.txt").write_bytes(SAMPLE.read_bytes())
    with no_hang():
        ex = extract_file(big)
    assert ex.doc_number == "渝府办发〔2021〕25号"
    # with a tight limit, the big file is reported and the other one still ingested
    monkeypatch.setenv("POLICYKG_EXTRACT_SECONDS", "0.2")
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
    r = ingest_cli(
        folder,
        db=tmp_path / "g.db",
        report=report,
        extra=("--workers", "2", "--json"),
        timeout=240,
    )
    assert r.returncode == 1, r.stderr[-2000:]
    failed = {f["path"] for f in read_report(report)}
    assert failed == bad
    out = json.loads(r.stdout)
    assert out["added"] == 10_000 - len(bad)
    assert out["stats"]["documents"]["ingested"] == 10_000 - len(bad)


# -- the supervised pipeline: memory cap, no orphans, no scratch folders left -------------------

_HOG = """
import os
if os.environ.get("POLICYKG_TEST_HOG_ON"):
    import policykg.loaders.extract as m
    _real = m.extract_file
    def _hog(path):
        if os.path.basename(str(path)) == os.environ["POLICYKG_TEST_HOG_ON"]:
            blocks = []
            while True:  # like a parser unpacking a bomb
                blocks.append(bytearray(64 * 2**20))
        return _real(path)
    m.extract_file = _hog
"""


def test_the_worker_memory_cap_costs_only_the_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "b_hog.txt").write_text(synthetic_notice(3), encoding="utf-8")
    env = hook_env(
        tmp_path, _HOG, POLICYKG_TEST_HOG_ON="b_hog.txt", POLICYKG_WORKER_MEMORY_MB="500"
    )
    report = tmp_path / "errors.jsonl"
    r = ingest_cli(folder, db=tmp_path / "g.db", report=report, env=env)
    assert r.returncode == 1, r.stderr[-2000:]
    failed = read_report(report)
    assert [Path(f["path"]).name for f in failed] == ["b_hog.txt"]
    assert "memory cap (500 MiB" in failed[0]["problem"]
    assert ingested_ids(tmp_path / "g.db") == ["渝府办发〔2021〕25号"]


def _descendants(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _gone(procs: list, seconds: float = 15) -> list:
    """The processes of ``procs`` still alive (not zombies) after up to ``seconds``."""
    import psutil

    deadline = time.monotonic() + seconds
    alive = procs
    while alive and time.monotonic() < deadline:
        alive = []
        for p in procs:
            try:
                if p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.1)
    return alive


@pytest.mark.parametrize("bulk", [False, True])
def test_workers_die_with_an_ingest_killed_with_kill_9(tmp_path, bulk):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    # one file never finishes, so the ingest is surely extracting when it is killed
    env = hook_env(tmp_path, _SLOW, POLICYKG_TEST_SLOW_ON="n030.txt")
    env["POLICYKG_EXTRACT_SECONDS"] = "600"
    env["TMPDIR"] = str(tmp_path)  # the killed bulk load's scratch folder stays in here
    if bulk:
        env["POLICYKG_BULK_FROM"] = "10"
    proc = subprocess.Popen(
        [*PKG, "ingest", str(folder), "--db", str(tmp_path / "g.db"), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **env},
    )
    try:
        deadline = time.monotonic() + 60
        workers: list = []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _descendants(proc.pid)  # the workers (and multiprocessing's helper)
            time.sleep(0.1)
        assert len(workers) >= 2, "the workers did not start"
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert _gone(workers) == [], "worker processes outlived the killed ingest"


def test_no_worker_process_is_left_after_ingests_in_this_process(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    # processes this test session already runs (the live Neo4j server of the test suite) are not
    # the ingest's
    before = {p.pid for p in _descendants(os.getpid())}
    report = policykg.ingest([folder], db=tmp_path / "g.db", workers=2)
    assert len(report.added) == 30
    left = [
        p
        for p in _descendants(os.getpid())
        if p.pid not in before
        and "resource_tracker" not in " ".join(p.cmdline())  # multiprocessing's, ends with us
    ]
    assert _gone(left, seconds=30) == []


def test_a_killed_bulk_loads_scratch_folder_goes_and_tmpdir_may_hold_quotes(tmp_path):
    """A backslash and a quote in TMPDIR: the COPY statements name the files there."""
    from badinput import fingerprint

    tmp = tmp_path / "t\\mp'q"
    tmp.mkdir()
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    db = tmp_path / "g.db"
    env = {"TMPDIR": str(tmp), "POLICYKG_BULK_FROM": "10"}
    r = cli("ingest", str(folder), "--db", str(db), env={**env, "POLICYKG_TEST_KILL_AT": "copy:3"})
    assert r.returncode == -9, r.stderr[-2000:]
    left = [p.name for p in tmp.iterdir()]
    assert len(left) == 1 and left[0].startswith("policykg-bulk-"), left
    # another graph's load sweeps it too: its process is gone
    other = tmp_path / "other"
    other.mkdir()
    for i in range(12):
        (other / f"n{i:03d}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    assert cli("ingest", str(other), "--db", str(tmp_path / "o.db"), env=env).returncode == 0
    assert list(tmp.iterdir()) == [], "a killed load's scratch folder was not swept"
    r = cli("ingest", str(folder), "--db", str(db), env={**env, "POLICYKG_TEST_KILL_AT": "copy:3"})
    assert r.returncode == -9, r.stderr[-2000:]
    r = cli("ingest", str(folder), "--db", str(db), "--json", env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert list(tmp.iterdir()) == [], "the scratch folder was left behind"
    clean = tmp_path / "clean.db"
    assert cli("ingest", str(folder), "--db", str(clean)).returncode == 0
    assert fingerprint(db) == fingerprint(clean)


# -- bad names, links, depth, control characters, duplicates, file types ------------------------


def test_a_link_to_dev_zero_given_by_name_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    good = tmp_path / "a.txt"
    good.write_bytes(SAMPLE.read_bytes())
    report = policykg.ingest([link, good], db=tmp_path / "g.db")
    assert [(Path(f.path).name, f.problem) for f in report.failed] == [
        ("zero.txt", "not a regular file (a device, pipe or socket): refused, it is not a notice")
    ]
    assert len(report.added) == 1


def test_a_file_name_that_is_not_utf8_is_reported_and_its_group_ingested(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"n{i}.txt").write_text(synthetic_notice(i), encoding="utf-8")
    bad = os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt")
    with open(bad, "wb") as fh:
        fh.write(synthetic_notice(9).encode())
    report = tmp_path / "errors.jsonl"
    r = ingest_cli(folder, db=tmp_path / "g.db", report=report, extra=("--json",))
    assert r.returncode == 1, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    lines = read_report(report)
    assert [x["path"] for x in lines] == [str(folder / "bad\\xff\\xfe.txt")]
    assert "not valid UTF-8" in lines[0]["problem"]
    assert json.loads(r.stdout)["added"] == 5


def test_a_folder_nested_1100_deep_is_walked(tmp_path):
    deep = tmp_path / "in"
    path = os.fspath(deep)
    os.mkdir(path)
    for _ in range(1100):  # os.makedirs recurses: one level at a time
        path = os.path.join(path, "d")
        os.mkdir(path)
    with open(os.path.join(path, "a.txt"), "wb") as fh:
        fh.write(SAMPLE.read_bytes())
    report = policykg.ingest([deep], db=tmp_path / "g.db")
    assert report.ok and len(report.added) == 1


def test_broken_and_looping_links_are_reported_with_exit_1(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "sub" / "up").symlink_to(folder)
    report = tmp_path / "errors.jsonl"
    r = ingest_cli(folder, db=tmp_path / "g.db", report=report)
    assert r.returncode == 1, r.stderr
    got = {Path(x["path"]).name: x["problem"] for x in read_report(report)}
    assert got == {
        "dangling.txt": "broken symbolic link",
        "self.txt": "symbolic link loop",
        "up": "symbolic link loop (links to a folder above it)",
    }
    assert ingested_ids(tmp_path / "g.db") == ["渝府办发〔2021〕25号"]


def test_control_characters_in_titles_and_file_names_load_in_bulk_as_file_by_file(tmp_path):
    from badinput import fingerprint

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        text = synthetic_notice(i)
        name = f"n{i:03d}.txt"
        if i in (3, 4, 5, 6):
            ch = "\x1b\x1a\x1d\x1f"[i - 3]
            text = text.replace("工作的通知", f"工作{ch}的通知", 1)
            name = f"n{ch}{i:03d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
    bulk, plain = tmp_path / "bulk.db", tmp_path / "plain.db"
    r = cli("ingest", str(folder), "--db", str(bulk), env={"POLICYKG_BULK_FROM": "10"})
    assert r.returncode == 0, r.stderr[-2000:]
    assert cli("ingest", str(folder), "--db", str(plain)).returncode == 0
    assert fingerprint(bulk) == fingerprint(plain)
    with policykg.open(bulk, read_only=True) as g:
        paths = {r["p"] for r in g.run("MATCH (d:Document) WHERE d.ingested RETURN d.path AS p")}
    assert str(folder / "n\x1b003.txt") in paths


def test_two_files_with_the_same_number_both_reported_and_the_first_path_kept(tmp_path):
    from badinput import fingerprint

    a, b = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    for p in (a, b):
        p.parent.mkdir()
    a.write_bytes(SAMPLE.read_bytes())
    b.write_text(SAMPLE.read_text(encoding="utf-8") + "\n（此件公开发布）\n", encoding="utf-8")
    db = tmp_path / "g.db"
    first = policykg.ingest([b.parent, a.parent], db=db)
    assert [(d.path, d.kept, d.document) for d in first.duplicates] == [
        (str(b), str(a), "渝府办发〔2021〕25号")
    ]
    assert first.added == [str(a)] and not first.ok
    state = fingerprint(db)
    for order in ([a.parent, b.parent], [b.parent, a.parent]):
        again = policykg.ingest(order, db=db)
        assert [(d.path, d.kept) for d in again.duplicates] == [(str(b), str(a))]
        assert fingerprint(db) == state, "the graph changed on a re-run"
    with policykg.open(db, read_only=True) as g:
        assert g.run("MATCH (d:Document) WHERE d.ingested RETURN d.path AS p") == [{"p": str(a)}]
    r = ingest_cli(a.parent, b.parent, db=db, report=tmp_path / "r.jsonl")
    assert r.returncode == 1
    line = read_report(tmp_path / "r.jsonl")
    assert [(x["path"], x["kept"]) for x in line] == [(str(b), str(a))]
    assert str(a) in line[0]["problem"] and "lexicographically first" in line[0]["problem"]


def test_unsupported_types_are_listed_counted_and_exit_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    for name in ("b.doc", "c.wps", "d.ofd"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    (folder / "e.png").write_bytes(b"\x89PNG")  # not a document type: passed over
    report = tmp_path / "r.jsonl"
    r = ingest_cli(folder, db=tmp_path / "g.db", report=report, extra=("--json",))
    assert r.returncode == 1, r.stderr
    out = json.loads(r.stdout)
    assert [Path(x["path"]).name for x in out["unsupported"]] == ["b.doc", "c.wps", "d.ofd"]
    assert out["added"] == 1 and out["failed"] == []
    lines = read_report(report)
    assert [Path(x["path"]).name for x in lines] == ["b.doc", "c.wps", "d.ofd"]
    assert all(x["problem"].startswith("unsupported type") for x in lines)


def test_pdf_and_markdown_notices_read_like_the_text_file(tmp_path):
    from badinput import cjk_pdf

    text = SAMPLE.read_text(encoding="utf-8")
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(cjk_pdf(text.splitlines()[:40]))
    md = tmp_path / "n.md"
    md.write_text(text, encoding="utf-8")
    original = extract_file(SAMPLE)
    from_pdf = extract_file(pdf)
    assert read_source(pdf).format == "pdf"
    assert from_pdf.doc_number == "渝府办发〔2021〕25号" == original.doc_number
    assert from_pdf.title == original.title and from_pdf.issuer == original.issuer
    assert summary(extract_file(md)) == summary(original)
    report = policykg.ingest([pdf], db=tmp_path / "g.db")
    assert report.ok and report.added == [str(pdf)]


def test_workers_that_cannot_start_stop_the_ingest_with_a_clear_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    r = cli(
        "ingest", str(folder), "--db", str(tmp_path / "g.db"),
        env={"POLICYKG_WORKER_MEMORY_MB": "1"},
    )  # fmt: skip
    assert r.returncode == 2, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    message = " ".join(r.stderr.split())
    assert "extraction workers die while starting" in message
    assert "POLICYKG_WORKER_MEMORY_MB=1" in message
