"""Extract millions of files with Ray, then load the rows into a graph in one pass.

    pip install "ray[data]"                       # not a policykg dependency
    python examples/distributed_ray.py FOLDER --out rows/          # local mode: all cores here
    RAY_ADDRESS=ray://head:10001 python examples/distributed_ray.py s3://bucket/notices --out s3://bucket/rows

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


def with_ray(paths: list[str], out: str) -> None:
    import ray

    ray.init(address=os.environ.get("RAY_ADDRESS"), ignore_reinit_error=True)  # None: local mode
    ds = ray.data.from_items([{"path": p} for p in paths])
    ds = ds.map(lambda r: rows_of(r["path"]))
    ds.write_json(out)


def with_pool(paths: list[str], out: str) -> None:
    import multiprocessing as mp

    Path(out).mkdir(parents=True, exist_ok=True)
    with (
        mp.get_context("spawn").Pool() as pool,
        open(Path(out) / "rows.jsonl", "w", encoding="utf-8") as fh,
    ):
        for r in pool.imap(rows_of, paths, chunksize=16):
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
                "Ray is not installed: pip install 'ray[data]', or run with --local",
                file=sys.stderr,
            )
            return 2
        with_ray(paths, a.out)
    print(f"{len(paths)} files → rows in {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
