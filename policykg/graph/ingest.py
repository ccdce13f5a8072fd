"""Files → graph: find files, skip unchanged ones (sha256), extract (in parallel for many
files), write in atomic groups, relink series, prune what no document supports any more.

A bad file never stops the run: it is reported (path + problem) and the rest goes on.
Re-running the same ingest changes nothing; a changed file replaces exactly its own facts.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import LoadError, PolicyKGError
from policykg.graph.rows import Batch, batch_for, document_id_of
from policykg.graph.store import Graph
from policykg.loaders.read import SUPPORTED, read_bytes

PARALLEL_FROM = 64  # files; below this, extraction runs in-process
GROUP_SIZE = 200  # documents written per transaction


@dataclass
class Failure:
    path: str
    problem: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "problem": self.problem}


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_json(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "failed": [f.to_json() for f in self.failed],
        }


def iter_files(paths: Iterable[str | os.PathLike], report: IngestReport) -> Iterator[str]:
    """Supported files under the given paths (sorted, recursive); missing paths are failures.

    Hidden files and files of other types inside a folder are not notices and are passed over;
    a folder that cannot be listed is a failure (named), and the walk goes on."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found: list[str] = []
            seen = {os.path.realpath(path)}  # linked folders are followed, once (no loops)

            def unlistable(e: OSError, top: str = str(p)) -> None:
                report.failed.append(
                    Failure(e.filename or top, f"cannot list the folder: {e.strerror or e}")
                )

            for folder, dirs, names in os.walk(path, onerror=unlistable, followlinks=True):
                keep = []
                for d in dirs:
                    real = os.path.realpath(os.path.join(folder, d))
                    if not d.startswith(".") and real not in seen:
                        seen.add(real)
                        keep.append(d)
                dirs[:] = keep
                for name in names:
                    f = os.path.join(folder, name)
                    if (
                        not name.startswith(".")
                        and Path(name).suffix.lower() in SUPPORTED
                        and os.path.isfile(f)
                    ):
                        found.append(f)
            yield from sorted(found, key=lambda f: Path(f).parts)
        elif path.exists():
            yield str(path)
        else:
            report.failed.append(Failure(str(p), "no such file or folder"))


def _extract_one(path: str):
    """Worker: path → (path, Extraction | None, problem | None). Never raises."""
    from policykg.loaders.extract import extract_file
    from policykg.loaders.timeout import time_limit

    try:
        with time_limit(EXTRACT_SECONDS):
            ex = extract_file(path)
        return path, ex, None
    except LoadError as e:
        return path, None, e.problem
    except TimeoutError:
        return path, None, f"extraction took longer than {EXTRACT_SECONDS} s (pathological input?)"
    except Exception as e:  # noqa: BLE001 - a bug on one file must not stop the corpus
        return path, None, f"extraction failed: {type(e).__name__}: {e}"


EXTRACT_SECONDS = float(os.environ.get("POLICYKG_EXTRACT_SECONDS", "30"))


def _sha256_file(path: str) -> str | None:
    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except LoadError:
        return None


def ingest(
    graph: Graph,
    paths: Iterable[str | os.PathLike],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    files = list(dict.fromkeys(iter_files(paths, report)))
    known = graph.documents_by_paths(files)
    todo: list[str] = []
    for f in files:
        prev = known.get(f)
        if prev is not None and prev["sha256"] == _sha256_file(f):
            report.unchanged.append(f)
        else:
            todo.append(f)
    done = len(report.unchanged)
    total = len(files)
    if progress:
        progress(done, total)
    # a run that was killed before its last steps left this marker: redo them for the whole graph
    interrupted = graph.meta_get(PENDING) == "1"
    if todo and not interrupted:
        graph.meta_set(PENDING, "1")
    from policykg.graph import bulk

    if bulk.should_bulk(graph, len(todo)):  # an empty embedded graph and many files: COPY FROM
        series = bulk.bulk_ingest(graph, todo, workers, report, GROUP_SIZE, progress, done, total)
        _finish(graph, series, interrupted, replaced=False)
        return report
    series: set[str] = set()
    group: list = []
    replaced_any = False

    def flush() -> None:
        nonlocal replaced_any
        if not group:
            return
        batch = Batch()
        replace: list[str] = []
        by_id = {document_id_of(ex): (path, ex) for path, ex in group}  # one file per document
        group[:] = list(by_id.values())
        for path, ex in group:
            b = batch_for(ex)
            batch.extend(b)
            new_id = document_id_of(ex)
            prev = known.get(path)
            if prev is not None:
                replace.append(prev["id"])
                if prev["id"] != new_id:
                    replace.append(new_id)
                replaced_any = True
            else:
                replace.append(new_id)  # the same document may sit at another path already
        try:
            graph.write_batch(batch, replace=replace)
            for path, _ in group:
                (report.updated if path in known else report.added).append(path)
            for path, ex in group:
                prev = known.get(path)
                if prev is not None and prev["id"] != document_id_of(ex):
                    graph.uningest(prev["id"])
            series.update(batch.series)
        except PolicyKGError as e:
            for path, _ in group:
                report.failed.append(Failure(path, f"could not be written: {e}"))
        group.clear()

    for path, ex, problem in _extract_all(todo, workers):
        done += 1
        if progress:
            progress(done, total)
        if ex is None:
            report.failed.append(Failure(path, problem or "unknown problem"))
            continue
        group.append((path, ex))
        if len(group) >= GROUP_SIZE:
            flush()
    flush()
    _finish(graph, series, interrupted, replaced_any)
    return report


PENDING = "ingest_pending"


def _finish(graph: Graph, series: set[str], interrupted: bool, replaced: bool) -> None:
    """Series links and pruning, then clear the marker. After an interrupted run: all of them."""
    if interrupted:
        series = series | graph.all_series()
    if series:
        graph.relink_series(series)
    if replaced or interrupted:
        graph.prune()
    if interrupted or series or replaced or graph.meta_get(PENDING) == "1":
        graph.meta_set(PENDING, "0")


CHUNK = 16  # files per task sent to a worker process
WORKER_DIED = "the extraction process died on this file (killed by the system, e.g. out of memory, or a crash in a parser)"


def _extract_many(paths: list[str]) -> list:
    return [_extract_one(p) for p in paths]


def _extract_all(paths: list[str], workers: int | None):
    """(path, Extraction | None, problem | None) for each path, in order. In worker processes
    for many files; a worker that dies (a crash, the OOM killer) costs only the file it was on."""
    if len(paths) < PARALLEL_FROM or workers == 1:
        for p in paths:
            yield _extract_one(p)
        return
    n = workers or os.cpu_count() or 1
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    while chunks:
        chunks = yield from _pool_round(chunks, n)
        if chunks:  # a worker died: find the file that kills it, one task at a time
            chunks = yield from _isolate(chunks)


def _pool(n: int):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(n, mp_context=mp.get_context("spawn"))


def _pool_round(chunks: list[list[str]], n: int):
    """Run chunks in parallel, yielding in order; on a dead worker, return the chunks not yielded."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(n)
    try:
        window = 4 * n  # tasks in flight: results stream out in order, memory stays flat
        futures = [pool.submit(_extract_many, c) for c in chunks[:window]]
        for i in range(len(chunks)):
            if i + window < len(chunks):
                futures.append(pool.submit(_extract_many, chunks[i + window]))
            try:
                results = futures[i].result()
            except BrokenProcessPool:
                return chunks[i:]
            yield from results
        return []
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolate(chunks: list[list[str]]):
    """One task at a time until the chunk that kills a worker is found; then each of its files
    alone. Returns the chunks after it (back to parallel)."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(1)
    try:
        for k, chunk in enumerate(chunks):
            try:
                results = pool.submit(_extract_many, chunk).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = _pool(1)
                for p in chunk:
                    try:
                        yield pool.submit(_extract_one, p).result()
                    except BrokenProcessPool:
                        pool.shutdown(wait=True)
                        pool = _pool(1)
                        yield p, None, WORKER_DIED
                return chunks[k + 1 :]
            yield from results
        return []
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
