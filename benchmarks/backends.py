"""Neo4j beside LadybugDB, and Ray beside the process pool, at 10,000 notices (RESULTS.md section).

    python benchmarks/backends.py                 # make bench runs it after run.py
    python benchmarks/backends.py --n 1000 --no-ray

For a fresh synthetic corpus (benchmarks/generate.py, seed 1):

- ingest into an empty LadybugDB file (``policykg.ingest``: the bulk COPY path) and into the
  Neo4j 5.26 Community server of the test suite (``tests/neo4j_server.py``, started here with a
  2 GiB heap; ``policykg.ingest`` with ``--db bolt://…``: 200 documents per transaction, rows in
  ``UNWIND $rows … MERGE`` batches of 1,000), wall time;
- trace (both directions, depth 3 and 5, as the CLI runs it) and lineage, p50/p95 over the
  same sample of documents on both backends (heavily cited ones first, as run.py samples);
- extraction of every file to graph rows (``examples/distributed_ray.py``): a local Ray
  cluster of 2 CPUs vs a process pool of 2 workers, wall time, and the rows compared.

The numbers go to ``backends.json`` and between the ``<!-- backends -->`` markers of
RESULTS.md (run.py keeps that section when it rewrites the file).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from policykg.queries.citations import trace
from policykg.queries.lineage import lineage
from policykg.queries.stats import stats

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BEGIN, END = "<!-- backends -->", "<!-- /backends -->"
SAMPLE = 50


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def _sample(g, n: int = SAMPLE, seed: int = 1) -> list[str]:
    hubs = [
        r["id"]
        for r in g.run(
            "MATCH (d:Document)<-[:CITES]-() RETURN d.id AS id, count(*) AS n ORDER BY n DESC, id LIMIT $k",
            {"k": n // 2},
        )
    ]
    ingested = [
        r["id"]
        for r in g.run("MATCH (d:Document) WHERE d.ingested = true RETURN d.id AS id ORDER BY id")
    ]
    rest = random.Random(seed).sample(ingested, min(len(ingested), n - len(hubs)))
    return list(dict.fromkeys(hubs + rest))


def _latencies(g, docs: list[str]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    cases = {
        "trace both, depth 3": lambda d: trace(g, d, direction="both", depth=3),
        "trace both, depth 5": lambda d: trace(g, d, direction="both", depth=5),
        "lineage": lambda d: lineage(g, d),
    }
    for name, fn in cases.items():
        for d in docs[:3]:  # warm-up: caches, query plans
            with contextlib.suppress(Exception):
                fn(d)
        times = []
        for d in docs:
            t = time.perf_counter()
            with contextlib.suppress(Exception):  # a document outside any series: lineage says so
                fn(d)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = {"p50": _pct(times, 0.5), "p95": _pct(times, 0.95)}
    return out


def bench_backends(n: int, work: Path) -> dict:
    import policykg

    gen = _module("generate", HERE / "generate.py")
    live = _module("neo4j_server", ROOT / "tests" / "neo4j_server.py")
    corpus = work / f"notices-{n}"
    if not corpus.exists():
        list(gen.generate(n, 1, corpus))
    res: dict = {"n": n}

    db = work / f"ladybug-{n}.db"
    shutil.rmtree(db, ignore_errors=True)
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    report = policykg.ingest([corpus], db=db)
    res["ladybug_ingest_s"] = time.perf_counter() - t
    assert report.ok, report.failed[:3]

    server = live.start(work / "neo4j", heap="2g")
    try:
        for k, v in server.env().items():
            if k.startswith("NEO4J_"):
                os.environ[k] = v
        t = time.perf_counter()
        report = policykg.ingest([corpus], db=server.uri)
        res["neo4j_ingest_s"] = time.perf_counter() - t
        print(
            f"ladybug {res['ladybug_ingest_s']:.1f} s, neo4j {res['neo4j_ingest_s']:.1f} s",
            flush=True,
        )
        assert report.ok, report.failed[:3]
        with policykg.open(db, read_only=True) as a, policykg.open(server.uri, read_only=True) as b:
            res["stats_equal"] = stats(a) == stats(b)
            res["stats"] = stats(a)
            docs = _sample(a)
            res["sample"] = len(docs)
            res["ladybug"] = _latencies(a, docs)
            res["neo4j"] = _latencies(b, docs)
    finally:
        server.stop()
    return res


def bench_ray(n: int, work: Path) -> dict:
    import ray

    # importable by name in the pool's spawned processes and in Ray's workers
    examples = str(ROOT / "examples")
    sys.path.insert(0, examples)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [examples, os.environ.get("PYTHONPATH")])
    )
    import distributed_ray as example

    gen = _module("generate", HERE / "generate.py")
    corpus = work / f"notices-{n}"
    if not corpus.exists():
        list(gen.generate(n, 1, corpus))
    paths = example.files_under(str(corpus))
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    t = time.perf_counter()
    pool = list(example.pool_rows(paths, workers=2))
    pool_s = time.perf_counter() - t
    t = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    started = time.perf_counter() - t
    try:
        t = time.perf_counter()
        rows = list(example.ray_rows(paths))
        ray_s = time.perf_counter() - t
    finally:
        ray.shutdown()
    return {
        "n": len(paths),
        "pool_s": pool_s,
        "ray_s": ray_s,
        "ray_start_s": started,
        "rows_equal": rows == pool,
    }


def render(res: dict, ray_res: dict | None) -> str:
    n = res["n"]
    lines = [
        BEGIN,
        "",
        f"## Neo4j beside LadybugDB ({n:,} notices; `benchmarks/backends.py`)",
        "",
        "Neo4j 5.26.12 Community, embedded server of the test suite (`tests/neo4j/`, heap 2 GiB, "
        "page cache 128 MiB) on the same 2 cores; `policykg ingest --db bolt://…` writes 200 "
        "documents per transaction in `UNWIND $rows … MERGE` batches of 1,000 rows. "
        "LadybugDB: an empty file, the bulk COPY path.",
        "",
        "| | LadybugDB | Neo4j |",
        "| --- | --- | --- |",
        f"| ingest {n:,} notices | {res['ladybug_ingest_s']:.1f} s | {res['neo4j_ingest_s']:.1f} s |",
    ]
    for q in res["ladybug"]:
        a, b = res["ladybug"][q], res["neo4j"][q]
        lines.append(
            f"| {q}, p50 / p95 | {a['p50']:.1f} / {a['p95']:.1f} ms | {b['p50']:.1f} / {b['p95']:.1f} ms |"
        )
    st = res["stats"]
    lines += [
        "",
        f"Same graph on both: {'yes' if res['stats_equal'] else 'NO'} "
        f"({sum(st['nodes'].values()):,} nodes, {sum(st['edges'].values()):,} edges). "
        f"Queries: {res['sample']} documents (the most cited half, then a random half), "
        "as the CLI runs them (at most 500 hops).",
        "",
    ]
    if ray_res:
        lines += [
            f"## Ray beside the process pool ({ray_res['n']:,} notices → graph rows)",
            "",
            "| | wall |",
            "| --- | --- |",
            f"| process pool, 2 workers (`--local`) | {ray_res['pool_s']:.1f} s |",
            f"| Ray, local cluster of 2 CPUs (tasks of 32 files) | {ray_res['ray_s']:.1f} s "
            f"(+ {ray_res['ray_start_s']:.1f} s `ray.init`) |",
            "",
            f"Rows identical: {'yes' if ray_res['rows_equal'] else 'NO'}. On one machine Ray "
            "only adds scheduling and object-store copies; it pays off when the cluster has more "
            "cores than one machine.",
            "",
        ]
    lines.append(END)
    return "\n".join(lines) + "\n"


def put_section(results_md: Path, section: str) -> None:
    text = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    results_md.write_text(text, encoding="utf-8")


def section_of(text: str) -> str | None:
    """The backends section of a RESULTS.md text (run.py keeps it when it rewrites the file)."""
    if BEGIN in text and END in text:
        return BEGIN + text.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    a = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="policykg-backends-"))
    try:
        res = bench_backends(a.n, work)
        print(json.dumps(res, indent=1, ensure_ascii=False), flush=True)
        ray_res = None
        if not a.no_ray:
            try:
                ray_res = bench_ray(a.n, work)
            except ImportError:
                print(
                    "Ray is not installed (pip install -e '.[ray]'): no Ray figures",
                    file=sys.stderr,
                )
            print(json.dumps(ray_res, indent=1), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (HERE / "backends.json").write_text(
        json.dumps({"backends": res, "ray": ray_res}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    put_section(Path(a.out), render(res, ray_res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
