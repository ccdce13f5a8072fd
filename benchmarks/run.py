"""Benchmarks at corpus scale: extraction, bulk ingest, queries, re-ingest; writes RESULTS.md.

    python benchmarks/run.py                 # N = 1,000 and 10,000 (make bench)
    python benchmarks/run.py --n 100000      # slow: about an hour of extraction on 2 cores

For each N, a fresh synthetic corpus (benchmarks/generate.py, seed 1) is written to a
temporary folder and measured:

- extraction on one core: ``extract_file`` over every file in one child process (MB/s,
  docs/s, that process's peak RSS — the "memory flat in N" check); the first file is a
  warm-up and not timed (the data tables load once per process, ~0.2 s; reported apart);
- end-to-end ingest with all cores into an empty graph (the bulk COPY path): wall time,
  CPU used / wall (how many cores were busy), peak RSS of the ingest and its workers,
  graph size on disk;
- query latency, p50/p95 over 100 documents sampled by in-degree (heavily cited ones first):
  trace depth 3 and 5 in/out/both as the CLI runs it (at most 500 hops, nearest first) and at
  depth 5 with every hop (``limit=0``, the first 30 of the sample), lineage, responsible, wanted; beside it the baseline a
  user would write: CITES edges loaded into a networkx DiGraph, BFS to the same depth;
- incremental: 1% of the files changed (a sentence appended; a new sample each of
  ``UPDATE_TRIALS`` runs), then ``ingest`` + closing the graph in a fresh process: median and
  spread, CPU seconds; and a run with nothing changed (the floor: walk, stat, path lookup).

    python benchmarks/run.py --update-only --n 100000   # only first load + the update runs

``--update-only`` writes its own section of RESULTS.md (kept by a full run) and
``update.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
UPDATE_TRIALS = 3
UPDATE_BEGIN = "<!-- update-bench:begin -->"
UPDATE_END = "<!-- update-bench:end -->"
APPENDED = "\n市财政局要做好项目资金保障，确保各项工作落到实处。\n"
ALL_HOPS_SAMPLE = 30  # unlimited traces of hubs take seconds each: the first 30 of the sample
TARGETS = {
    "extract_mb_s": 5.0,  # per core
    "ingest_100k_s": 180.0,
    "trace5_p95_ms": 50.0,
}


def _child(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh Python; it prints one JSON line, to which its rusage is added."""
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "wall": wall}


EXTRACT = r"""
import json, os, resource, sys, time
from pathlib import Path
from policykg.loaders.extract import extract_file
def hwm_mb():  # VmHWM: peak RSS of this process image (ru_maxrss would include the forking parent)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# plain strings from os.walk: 100k Path objects from rglob alone cost ~60 MB of peak RSS
files = sorted(os.path.join(d, n) for d, _, names in os.walk(sys.argv[1]) for n in names if n.endswith(".txt"))
# one warm-up document, not timed: the data tables (regions, registry, aliases) load once per process
t = time.perf_counter()
extract_file(files[0])
warmup = time.perf_counter() - t
files = files[1:]
size = sum(os.path.getsize(f) for f in files)
t = time.perf_counter()
for f in files:
    extract_file(f)
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "bytes": size, "docs": len(files), "maxrss_mb": hwm_mb(), "warmup_s": warmup}))
"""

INGEST = r"""
import json, resource, sys, time
import policykg
def hwm_mb():  # VmHWM: peak RSS of this process image (ru_maxrss would include the forking parent)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
c0 = time.process_time()
rep = policykg.ingest([sys.argv[1]], db=sys.argv[2])
dt = time.perf_counter() - t
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"seconds": dt, "cpu": cpu, "added": len(rep.added), "updated": len(rep.updated),
                  "unchanged": len(rep.unchanged), "failed": len(rep.failed),
                  "maxrss_mb": hwm_mb(), "children_maxrss_mb": kids.ru_maxrss / 1024}))
"""


def _size_on_disk(path: Path) -> int:
    total = 0
    for p in (path, Path(str(path) + ".wal")):
        if p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        elif p.exists():
            total += p.stat().st_size
    return total


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def _timed(fn, items) -> tuple[float, float]:
    lat = []
    for it in items:
        t = time.perf_counter()
        fn(it)
        lat.append((time.perf_counter() - t) * 1000)
    return _pct(lat, 0.5), _pct(lat, 0.95)


def queries(db: Path, sample_n: int = 100, seed: int = 1) -> dict:
    import networkx as nx

    import policykg

    out: dict[str, tuple[float, float]] = {}
    with policykg.open(db, read_only=True) as g:
        indeg = g.run(
            "MATCH (d:Document) OPTIONAL MATCH (a:Document)-[:CITES]->(d) RETURN d.id AS id, count(a) AS n"
        )
        rng = random.Random(seed)
        ids = [r["id"] for r in indeg]
        weights = [r["n"] + 1 for r in indeg]
        sample = rng.choices(ids, weights=weights, k=sample_n)
        t = time.perf_counter()
        dg = nx.DiGraph()
        dg.add_edges_from(
            (r["s"], r["d"])
            for r in g.run("MATCH (a:Document)-[:CITES]->(b:Document) RETURN a.id AS s, b.id AS d")
        )
        dg.add_nodes_from(ids)
        nx_load = time.perf_counter() - t
        rev, und = dg.reverse(copy=False), dg.to_undirected(as_view=True)
        views = {"in": rev, "out": dg, "both": und}
        for depth in (3, 5):
            for direction in ("in", "out", "both"):
                out[f"trace d{depth} {direction}"] = _timed(
                    lambda d, di=direction, de=depth: policykg.trace(g, d, direction=di, depth=de),
                    sample,
                )
                if depth == 5:  # the whole answer, however large (trace --limit 0)
                    out[f"trace d5 {direction}, all hops"] = _timed(
                        lambda d, di=direction: policykg.trace(
                            g, d, direction=di, depth=5, limit=0
                        ),
                        sample[:ALL_HOPS_SAMPLE],
                    )
                out[f"nx bfs d{depth} {direction}"] = _timed(
                    lambda d, v=views[direction], de=depth: nx.single_source_shortest_path_length(
                        v, d, cutoff=de
                    ),
                    sample,
                )
        series_docs = [
            r["id"]
            for r in g.run(
                "MATCH (d:Document)-[:IN_SERIES]->(:Series) RETURN d.id AS id ORDER BY id"
            )
        ]
        if series_docs:
            out["lineage"] = _timed(
                lambda d: policykg.lineage(g, d), rng.choices(series_docs, k=min(sample_n, 50))
            )
        agencies = [
            r["n"]
            for r in g.run(
                "MATCH (a:Agency)-[:LEADS]->(:Project) RETURN DISTINCT a.name AS n ORDER BY n"
            )
        ]
        projects = [
            r["n"] for r in g.run("MATCH (p:Project) RETURN p.name AS n ORDER BY n LIMIT 500")
        ]
        names = agencies + projects
        if names:
            out["responsible"] = _timed(
                lambda n: policykg.responsible(g, n), rng.choices(names, k=min(sample_n, 50))
            )
        out["wanted (top 50)"] = _timed(lambda _: policykg.wanted(g, limit=50), range(10))
    return {"latency": out, "nx_load_s": nx_load}


def bench(n: int, workdir: Path) -> dict:
    sys.path.insert(0, str(HERE))
    from generate import generate

    corpus = workdir / f"corpus{n}"
    t = time.perf_counter()
    paths = [str(p) for p in generate(n, 1, corpus)]
    gen_s = time.perf_counter() - t
    res: dict = {"n": n, "generate_s": gen_s}
    print(f"[{n}] generated in {gen_s:.1f} s; extracting on one core …", file=sys.stderr)
    ex = _child(EXTRACT, str(corpus))
    res["extract"] = ex
    print(
        f"[{n}] extraction {ex['bytes'] / 1e6 / ex['seconds']:.2f} MB/s; ingest (bulk, all cores) …",
        file=sys.stderr,
    )
    db = workdir / f"g{n}.db"
    ing = _child(INGEST, str(corpus), str(db))
    res["ingest"] = ing
    res["db_bytes"] = _size_on_disk(db)
    import policykg

    with policykg.open(db, read_only=True) as g:
        res["stats"] = policykg.stats(g)
    print(f"[{n}] ingest {ing['seconds']:.1f} s; queries …", file=sys.stderr)
    res["queries"] = queries(db)
    res["reingest"] = update_runs(paths, corpus, db, n)
    shutil.rmtree(corpus, ignore_errors=True)
    return res


def update_runs(paths: list[str], corpus: Path, db: Path, n: int) -> dict:
    """``UPDATE_TRIALS`` updates of 1% of the files (a new seeded sample each), each an
    ``ingest`` + close in a fresh process; then one with nothing changed. Returns the median
    run's numbers with ``runs`` (all of them) and ``nothing_changed``."""
    runs = []
    for t in range(UPDATE_TRIALS):
        changed = random.Random(2 + t).sample(paths, max(1, n // 100))
        for p in changed:
            with open(p, "a", encoding="utf-8") as fh:
                fh.write(APPENDED)
        print(f"[{n}] update {t + 1}: {len(changed)} changed files …", file=sys.stderr)
        r = _child(INGEST, str(corpus), str(db))
        r["loadavg"] = round(os.getloadavg()[0], 2)
        runs.append(r)
    floor = _child(INGEST, str(corpus), str(db))
    floor["loadavg"] = round(os.getloadavg()[0], 2)
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {**median, "runs": runs, "nothing_changed": floor}


def _spread(re_: dict) -> str:
    runs = re_.get("runs") or [re_]
    secs = sorted(r["seconds"] for r in runs)
    if len(secs) == 1:
        return f"{secs[0]:.1f} s"
    return f"{re_['seconds']:.1f} s ({secs[0]:.1f}–{secs[-1]:.1f}, {len(secs)} runs)"


def bench_update(n: int, workdir: Path, reuse: tuple[Path, Path] | None = None) -> dict:
    """``--update-only``: a fresh corpus, its first load (bulk), then ``update_runs``. With
    ``reuse`` (corpus folder, graph ingested from it, in step), that pair is updated instead
    and the first load is not timed."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    corpus = workdir / f"corpus{n}"
    db = workdir / f"g{n}.db"
    if reuse:
        corpus, db = reuse
        paths = sorted(str(corpus / p) for p in os.listdir(corpus))
        ing = None
    else:
        paths = [str(p) for p in generate(n, 1, corpus)]
        print(f"[{n}] first load …", file=sys.stderr)
        ing = _child(INGEST, str(corpus), str(db))
    res = {"n": n, "ingest": ing, "reingest": update_runs(paths, corpus, db, n)}
    if not reuse:
        shutil.rmtree(corpus, ignore_errors=True)
    return res


def render_update(results: list[dict], m: dict) -> str:
    """The ``--update-only`` section of RESULTS.md."""
    lines = [
        UPDATE_BEGIN,
        "## Incremental update (`run.py --update-only`)",
        "",
        f"Run: `python benchmarks/run.py --update-only"
        f"{' --reuse CORPUS GRAPH' if any(r['ingest'] is None for r in results) else ''}"
        f" --n {' --n '.join(str(r['n']) for r in results)}`"
        f" on {time.strftime('%Y-%m-%d %H:%M')} UTC; 2 cores shared with other sessions.",
        "Each update: 1 % of the files get a sentence appended (a new seeded sample per run),"
        " then one `policykg.ingest()` in a fresh process, closing checkpoint included.",
        "",
        "| N | first load (bulk) | update, 1 % changed: median (min–max) | CPU s (median run) | load average | nothing changed | ratio to first load |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        re_, floor = r["reingest"], r["reingest"]["nothing_changed"]
        full = r["ingest"]["seconds"] if r["ingest"] else None
        loads = [x.get("loadavg") for x in re_.get("runs", [])]
        ratio = f"{re_['seconds'] / full:.3f}" if full else "–"
        lines.append(
            f"| {r['n']:,} | {f'{full:.1f} s' if full else 'not timed (--reuse)'} |"
            f" {_spread(re_)}: {re_['updated']} updated |"
            f" {re_['cpu']:.1f} | {', '.join(str(x) for x in loads)} |"
            f" {floor['seconds']:.1f} s ({floor['cpu']:.1f} CPU s) |"
            f" {ratio} |"
        )
    lines += [UPDATE_END, ""]
    return "\n".join(lines)


def _kept_update(text: str) -> str | None:
    if UPDATE_BEGIN in text and UPDATE_END in text:
        return (
            UPDATE_BEGIN
            + text.split(UPDATE_BEGIN, 1)[1].split(UPDATE_END, 1)[0]
            + UPDATE_END
            + "\n"
        )
    return None


def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    try:
        from importlib.metadata import version

        lb = version("ladybug")
    except Exception:  # noqa: BLE001
        lb = "?"
    return {
        "nproc": os.cpu_count(),
        "ram_gib": round(mem, 1),
        "cpu": model,
        "python": platform.python_version(),
        "ladybug": lb,
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def ok(flag: bool) -> str:
    return "✓" if flag else "✗"


def render(results: list[dict], m: dict) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, Python {m['python']}, ladybug {m['ladybug']}.",
        f"Run: `python benchmarks/run.py --n {' --n '.join(str(r['n']) for r in results)}` on {time.strftime('%Y-%m-%d')}; corpus: `benchmarks/generate.py --seed 1`.",
        "",
        f"Load average when the run ended: {m.get('loadavg')} (other processes share the machine: timings are noisy).",
        "",
        "## Ingest",
        "",
        "| N | corpus MB | extraction, 1 core | peak RSS extraction | ingest, all cores (bulk) | cores busy | peak RSS ingest (main / worker) | graph on disk | nodes / edges | 1% re-ingest |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        ex, ing, re_ = r["extract"], r["ingest"], r["reingest"]
        mb = ex["bytes"] / 1e6
        nodes = sum(r["stats"]["nodes"].values())
        edges = sum(r["stats"]["edges"].values())
        lines.append(
            f"| {r['n']:,} | {mb:.1f} | {mb / ex['seconds']:.2f} MB/s, {ex['docs'] / ex['seconds']:.0f} docs/s (warm-up {ex.get('warmup_s', 0):.2f} s) | {ex['maxrss_mb']:.0f} MB "
            f"| {ing['seconds']:.1f} s ({ing['added'] / ing['seconds']:.0f} docs/s) | {ing['cpu'] / ing['seconds']:.2f} "
            f"| {ing['maxrss_mb']:.0f} / {ing['children_maxrss_mb']:.0f} MB | {r['db_bytes'] / 2**20:.0f} MiB | {nodes:,} / {edges:,} "
            f"| {re_['seconds']:.1f} s ({re_['updated']} updated, {re_['unchanged']:,} unchanged) |"
        )
    lines += [
        "",
        "cores busy = CPU seconds of the ingest and its workers / wall seconds (2 = both cores all the time).",
        "peak RSS ingest: the loading process / the largest extraction worker.",
        "",
        "## Incremental re-ingest (1 % of the files changed)",
        "",
        "| N | full ingest | re-ingest, 1 % changed: median (min–max) | files rewritten | nothing changed | ratio |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        full, re_ = r["ingest"]["seconds"], r["reingest"]
        floor = re_.get("nothing_changed")
        floor_s = f"{floor['seconds']:.1f} s" if floor else "–"
        lines.append(
            f"| {r['n']:,} | {full:.1f} s | {_spread(re_)} | {re_['updated']} "
            f"({re_['unchanged']:,} unchanged: stat, not read) "
            f"| {floor_s} | {re_['seconds'] / full:.2f} |"
        )
    keys = list(results[0]["queries"]["latency"])
    lines += [
        "",
        "## Query latency, p50 / p95 in ms (100 documents sampled by in-degree)",
        "",
        "`trace` as the CLI runs it: at most 500 hops, nearest levels first (a cut is flagged and"
        " the direct citations still counted); `all hops`: `limit=0`, the first"
        f" {ALL_HOPS_SAMPLE} documents of the sample.",
        "",
    ]
    lines.append("| query | " + " | ".join(f"N = {r['n']:,}" for r in results) + " |")
    lines.append("| --- | " + " | ".join("---" for _ in results) + " |")
    for k in keys:
        cells = []
        for r in results:
            p50, p95 = r["queries"]["latency"].get(k, (float("nan"), float("nan")))
            cells.append(f"{p50:.1f} / {p95:.1f}")
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    lines.append(
        "| networkx: load CITES into a DiGraph (s) | "
        + " | ".join(f"{r['queries']['nx_load_s']:.2f}" for r in results)
        + " |"
    )
    lines += ["", "## Targets", ""]
    last = results[-1]
    ex_rates = [r["extract"]["bytes"] / 1e6 / r["extract"]["seconds"] for r in results]
    lines.append(
        f"- {ok(min(ex_rates) >= TARGETS['extract_mb_s'])} extraction ≥ 5 MB/s per core: measured {min(ex_rates):.2f}–{max(ex_rates):.2f} MB/s"
    )
    big = [r for r in results if r["n"] >= 100_000]
    if big:
        lines.append(
            f"- {ok(big[0]['ingest']['seconds'] < TARGETS['ingest_100k_s'])} ingest of 100,000 notices < 3 min on 2 cores: {big[0]['ingest']['seconds']:.0f} s"
        )
    else:
        per_doc = last["ingest"]["seconds"] / last["n"]
        lines.append(
            f"- ? ingest of 100,000 notices < 3 min on 2 cores: not measured; N = {last['n']:,} "
            f"took {last['ingest']['seconds']:.1f} s, linear extrapolation {per_doc * 100_000 / 60:.1f} min"
        )
    lat = last["queries"]["latency"]
    p95 = max(lat[f"trace d5 {d}"][1] for d in ("in", "out", "both"))
    p95_all = max(lat[f"trace d5 {d}, all hops"][1] for d in ("in", "out", "both"))
    lines.append(
        f"- {ok(p95 < TARGETS['trace5_p95_ms'])} trace depth 5 p95 < 50 ms (target at 100,000 documents): worst direction {p95:.1f} ms at N = {last['n']:,}"
        f" with the CLI's default of at most 500 hops (nearest levels first, cut flagged, direct citations counted);"
        f" every hop of a heavily cited document (`--limit 0`): worst p95 {p95_all:.1f} ms"
    )
    rss = [r["extract"]["maxrss_mb"] for r in results]
    lines.append(
        f"- {ok(max(rss) < 1.5 * min(rss))} memory flat in N for extraction: peak RSS {', '.join(f'{x:.0f}' for x in rss)} MB"
    )
    lines += ["", "Raw numbers: `benchmarks/results.json`.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--n", type=int, action="append", help="corpus size (repeatable); default 1000 and 10000"
    )
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    ap.add_argument(
        "--workdir", default=None, help="where corpora and graphs go (default: a temporary folder)"
    )
    ap.add_argument(
        "--update-only",
        action="store_true",
        help="only the first load and the update runs (its own RESULTS.md section, update.json)",
    )
    ap.add_argument(
        "--reuse",
        nargs=2,
        metavar=("CORPUS", "GRAPH"),
        help="with --update-only: update this corpus folder and the graph ingested from it",
    )
    a = ap.parse_args(argv)
    sizes = a.n or [1000, 10000]
    work = Path(a.workdir or tempfile.mkdtemp(prefix="policykg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if a.update_only:
        try:
            reuse = (Path(a.reuse[0]).resolve(), Path(a.reuse[1])) if a.reuse else None
            ups = [bench_update(n, work, reuse) for n in sizes]
        finally:
            if not a.workdir:
                shutil.rmtree(work, ignore_errors=True)
        m = machine()
        out = Path(a.out)
        old = out.read_text(encoding="utf-8") if out.exists() else ""
        section = render_update(ups, m)
        kept = _kept_update(old)
        out.write_text(
            old.replace(kept, section) if kept else old.rstrip("\n") + "\n\n" + section,
            encoding="utf-8",
        )
        out.with_name("update.json").write_text(
            json.dumps({"machine": m, "results": ups}, indent=1, ensure_ascii=False),
            encoding="utf-8",
        )
        print(section)
        return 0
    results = []
    try:
        for n in sizes:
            results.append(bench(n, work))
    finally:
        if not a.workdir:
            shutil.rmtree(work, ignore_errors=True)
    m = machine()
    old = Path(a.out).read_text(encoding="utf-8") if Path(a.out).exists() else ""
    sys.path.insert(0, str(HERE))
    from backends import section_of

    kept = section_of(old)  # the Neo4j/Ray figures of benchmarks/backends.py (make bench)
    kept_update = _kept_update(old)  # the --update-only section
    Path(a.out).write_text(
        render(results, m)
        + ("\n" + kept_update if kept_update else "")
        + ("\n" + kept if kept else ""),
        encoding="utf-8",
    )
    Path(a.out).with_name("results.json").write_text(
        json.dumps({"machine": m, "results": results}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    print(Path(a.out).read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
