"""Extract millions of files with Ray, then load the rows into a graph in one pass.

    pip install -e ".[ray]"                       # the optional extra: Ray core only
    python examples/distributed_ray.py FOLDER --out rows/          # a local Ray: all cores here
    RAY_ADDRESS=ray://head:10001 python examples/distributed_ray.py /shared/notices --out rows/
    python examples/distributed_ray.py FOLDER --out rows/ --local  # no Ray: a process pool

On a multi-machine Ray cluster (``ray start --head`` on one machine, ``ray start
--address=HEAD:6379`` on the others, or a KubeRay/cloud cluster), the same script runs
unchanged: ``RAY_ADDRESS`` points ``ray.init`` at the cluster (``ray://HEAD:10001`` from
outside it, ``auto`` on one of its machines), every worker needs policykg installed (or
``runtime_env={"pip": [...]}``) and FOLDER on a file system all machines mount at the same path.
The tasks return rows, so only the driver writes ``rows.jsonl``.

The loader ``policykg.loaders.extract.extract_file`` is a pure function of one file's bytes
(no database, no global state), so it runs unchanged inside Ray tasks: each task reads a file,
extracts it and turns it into node and edge rows (``policykg.graph.rows.batch_for``); Ray
writes the rows as JSON lines. What happens next depends on the target:

- Neo4j: ``neo4j-admin database import`` from the CSV that ``policykg export --format
  neo4j-csv`` writes (or a CSV written from these rows) for the first load, then
  ``policykg ingest --db bolt://…`` for the daily increments;
- the embedded file (LadybugDB, one writer): ``policykg ingest`` already extracts on every
  core of one machine and loads with COPY FROM; beyond one machine, extract here and COPY the
  rows (``policykg.graph.bulk``) on the machine that owns the file.

Without Ray installed, ``--local`` runs the same map with a multiprocessing pool, so the script
can be tried anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path


def rows_of(path: str) -> dict:
    """One file → its document id and rows (what Ray maps over). Never raises."""
    from policykg.errors import LoadError
    from policykg.graph.rows import batch_for, document_id_of
    from policykg.loaders.extract import extract_file

    try:
        ex = extract_file(path)
        b = batch_for(ex)
    except LoadError as e:
        return {"path": path, "problem": e.problem}
    except Exception as e:  # noqa: BLE001 - one bad file must not stop millions
        return {"path": path, "problem": f"{type(e).__name__}: {e}"}
    return {
        "path": path,
        "id": document_id_of(ex),
        "nodes": json.dumps([asdict(n) for n in b.nodes], ensure_ascii=False, default=list),
        "edges": json.dumps([asdict(e) for e in b.edges], ensure_ascii=False, default=list),
    }


def files_under(folder: str) -> list[str]:
    from policykg.loaders.read import SUPPORTED

    return sorted(
        str(p) for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
    )


def rows_of_chunk(paths: list[str]) -> list[dict]:
    """A Ray task's work: a chunk of files (one task per file would cost more than a file)."""
    return [rows_of(p) for p in paths]


CHUNK = 32  # files per Ray task
IN_FLIGHT = 64  # tasks submitted ahead of the one being written (bounds the driver's memory)


def ray_rows(paths: list[str], chunk: int = CHUNK) -> Iterator[dict]:
    """Rows of every file, in ``paths`` order, extracted by Ray tasks on the cluster that
    ``ray.init`` joined (the caller's)."""
    import ray

    task = ray.remote(rows_of_chunk)
    chunks = [paths[i : i + chunk] for i in range(0, len(paths), chunk)]
    pending: list = []
    for part in chunks:
        pending.append(task.remote(part))
        if len(pending) >= IN_FLIGHT:
            yield from ray.get(pending.pop(0))
    for ref in pending:
        yield from ray.get(ref)


def with_ray(paths: list[str], out: str, num_cpus: int | None = None) -> None:
    """Extract on Ray: the cluster of ``RAY_ADDRESS``, or a local one started here (and shut
    down at the end)."""
    import ray

    address = os.environ.get("RAY_ADDRESS")
    started = not ray.is_initialized()
    if started:
        ray.init(
            address=address,
            num_cpus=None if address else num_cpus,
            include_dashboard=False,
            log_to_driver=False,
        )
    try:
        _write(ray_rows(paths), out)
    finally:
        if started:
            ray.shutdown()


def pool_rows(paths: list[str], workers: int | None = None) -> Iterator[dict]:
    """The same rows from a local process pool (``--local``)."""
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(rows_of, paths, chunksize=16)


def with_pool(paths: list[str], out: str, workers: int | None = None) -> None:
    _write(pool_rows(paths, workers), out)


def _write(rows: Iterator[dict], out: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with open(Path(out) / "rows.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--out", required=True)
    ap.add_argument("--local", action="store_true", help="multiprocessing instead of Ray")
    a = ap.parse_args(argv)
    paths = files_under(a.folder)
    if a.local:
        with_pool(paths, a.out)
    else:
        try:
            import ray  # noqa: F401
        except ImportError:
            print(
                "Ray is not installed: pip install -e '.[ray]', or run with --local",
                file=sys.stderr,
            )
            return 2
        with_ray(paths, a.out)
    print(f"{len(paths)} files → rows in {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
