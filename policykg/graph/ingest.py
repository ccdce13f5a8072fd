"""Files → graph: find files, skip unchanged ones, extract in supervised worker processes
(``graph/pipeline.py``), write in atomic groups, relink series, prune what no document
supports any more.

Change detection is git's: each document keeps its file's stat (size, mtime in ns, inode) as
``Document.file_stat``, committed with the document's facts. A file whose stat matches is
unchanged and not read; any other file is read once, in a worker, which hashes it and, when
the sha256 differs from the stored one, extracts it from the same bytes (a touched file with
the same bytes is unchanged, its new stat stored). ``rehash=True`` reads every file (for file
systems whose mtimes cannot be trusted).

A bad file never stops the run: it is reported (path + problem) and the rest goes on. Files of
a known type that cannot be read (``.doc``, ``.wps``, ``.ofd`` …) are reported as
``unsupported``. Two files that are the same document (same 文号, or same title and issuer
without one) are both reported; the lexicographically first path is kept, on every run.
Re-running the same ingest changes nothing; a changed file replaces exactly its own facts.
Every run keeps a journal in the graph (``graph/journal.py``), so that after a kill the same
command gives the graph an uninterrupted run would have given.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from policykg.errors import PolicyKGError
from policykg.graph import bulk, cypher
from policykg.graph.journal import Journal, empty_graph, kill_point
from policykg.graph.outcomes import Failure, printable, stamp
from policykg.graph.pipeline import SAME, Workers, extract_all, extract_changed, guarded
from policykg.graph.rows import Batch, Edge, batch_for, document_id_of
from policykg.graph.store import Graph, StoredFacts
from policykg.loaders.read import SUPPORTED, UNSUPPORTED

GROUP_SIZE = 200  # documents written per transaction
# Each group of an update reads what does not shrink with the group once (title candidates,
# the LEADS and project LOCATED_IN tables, the stored figures), so on a large graph groups
# grow: 1 % of the documents the run finds in the graph, up to MAX_GROUP.
MAX_GROUP = 1000
# LadybugDB checkpoints at a commit once the WAL passes 16 MiB; in an update every group's
# commit did, each rewriting the same tables (35 of 167 s for 1,000 changed files of 100,000).
# During an ingest the threshold is raised to 1/16 of the buffer pool (64 MiB by default: a
# 1,000-file update is checkpointed once, at close). Not more: until a checkpoint the committed
# pages stay in the buffer pool, and 3,000 documents without one filled 1 GiB.
CHECKPOINT_SHARE = 16
RELINK_CHUNK = 2000  # series relinked per step
# The walk tells ``_WalkWatch`` what it found every WATCH_EVERY files. From LOOKUP_AT files on, the
# graph's ingested documents are read in one scan (in a thread, while the walk goes on); below,
# the files found are looked up by path after the walk.
WATCH_EVERY = 1000
LOOKUP_AT = 500
# notes about a folder, not notices: passed over in a folder walk (read when named)
FOLDER_NOTES = {"README", "SOURCES", "LICENSE", "CHANGELOG", "CONTRIBUTING"}


@dataclass
class Duplicate:
    """Two files that are one document: ``kept`` is in the graph, ``path`` was skipped."""

    path: str
    kept: str
    document: str

    @property
    def problem(self) -> str:
        """The report's sentence for the skipped file."""
        return (
            f"same document ({self.document}) as {self.kept}; that file is kept "
            "(the lexicographically first path) and this one skipped"
        )

    def to_json(self) -> dict[str, str]:
        """The duplicate as a report line."""
        return {"path": self.path, "problem": self.problem, "kept": self.kept}


@dataclass
class IngestReport:
    """What an ingest did, file by file. ``ok``: nothing failed, skipped or duplicated."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    unsupported: list[Failure] = field(default_factory=list)  # known types we cannot read
    duplicates: list[Duplicate] = field(default_factory=list)
    recovered: str | None = None  # what an interrupted earlier run left, and was redone

    @property
    def ok(self) -> bool:
        """True when no file failed, was unsupported or was a duplicate."""
        return not (self.failed or self.unsupported or self.duplicates)

    def problems(self) -> list[Failure | Duplicate]:
        """Every file the ``--report`` file lists: failed, unsupported, duplicate."""
        return [*self.failed, *self.unsupported, *self.duplicates]

    def to_json(self) -> dict:
        """The report's counts and problems as JSON."""
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "failed": [f.to_json() for f in self.failed],
            "unsupported": [f.to_json() for f in self.unsupported],
            "duplicates": [d.to_json() for d in self.duplicates],
            "recovered": self.recovered,
        }


def _name_problem(path: str) -> str | None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8 (rename the file; it was not read)"
    return None


def file_stat(st: os.stat_result) -> str:
    """What tells a changed file without reading it: ``size:mtime_ns:inode`` (git's test,
    without ctime, which backups and copies change although the bytes do not)."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def iter_files(
    paths: Iterable[str | os.PathLike],
    report: IngestReport,
    stats: dict[str, str] | None = None,
    watch: Callable[[list[str]], None] | None = None,
) -> Iterator[str]:
    """Supported files under the given paths (sorted, recursive); problems go to ``report``;
    ``stats`` (if given) gets each file's ``file_stat``, taken before it is read; ``watch``
    (if given) is told the files found so far, every ``WATCH_EVERY`` files of a walk (its
    stats taken), while the walk goes on.

    Hidden files, files of unknown types and a folder's notes (README.md, SOURCES.md …)
    inside a folder are not notices and are passed over; known document types that cannot be read are ``unsupported``. Folders that cannot
    be listed, broken links, link loops and file names that are not UTF-8 are failures. The
    walk is iterative (any depth)."""
    for p in paths:
        top = os.fspath(p)
        try:
            st = os.stat(top)
        except FileNotFoundError:
            if os.path.islink(top):
                report.failed.append(Failure(printable(top), "broken symbolic link"))
            else:
                report.failed.append(Failure(printable(top), "no such file or folder"))
            continue
        except OSError as e:
            report.failed.append(Failure(printable(top), _os_problem(e)))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(top, report, stats, watch)
        elif (bad := _name_problem(top)) is not None:
            report.failed.append(Failure(printable(top), bad))
        else:
            if stats is not None and stat.S_ISREG(st.st_mode):
                stats[top] = file_stat(st)
            if watch is not None:
                watch([top])
            yield top  # given by name: read_source says if it is not a regular file or type


def _os_problem(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    if e.errno == errno.EACCES:
        return "permission denied"
    return f"cannot read: {e.strerror or e}"


def _walk(
    top: str,
    report: IngestReport,
    stats: dict[str, str] | None = None,
    watch: Callable[[list[str]], None] | None = None,
) -> list[str]:
    found: list[str] = []
    told = 0  # files handed to ``watch``
    # (folder, real paths of it and its ancestors)
    stack: list[tuple[str, tuple[str, ...]]] = [(top, (os.path.realpath(top),))]
    seen = {os.path.realpath(top)}
    listed = 0
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            report.failed.append(
                Failure(
                    printable(e.filename or folder), f"cannot list the folder: {e.strerror or e}"
                )
            )
            continue
        listed += 1
        folder_bad = _name_problem(folder)
        subfolders: list[tuple[str, tuple[str, ...]]] = []
        for entry in entries:  # 10^5 entries in one folder: kept to a few operations each
            name = entry.name
            if name[0] == ".":
                continue
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError as e:
                report.failed.append(Failure(printable(entry.path), _os_problem(e)))
                continue
            if not is_dir and not is_file and entry.is_symlink():
                try:
                    os.stat(entry.path)
                except OSError as e:
                    problem = "broken symbolic link" if e.errno == errno.ENOENT else _os_problem(e)
                    report.failed.append(Failure(printable(entry.path), problem))
                    continue
            if is_dir:
                path = entry.path
                link = entry.is_symlink()
                real = os.path.realpath(path) if link else os.path.join(ancestors[-1], name)
                if real in ancestors:
                    report.failed.append(
                        Failure(printable(path), "symbolic link loop (links to a folder above it)")
                    )
                elif real not in seen:  # a folder linked twice is walked once
                    seen.add(real)
                    subfolders.append((path, (*ancestors, real)))
                continue
            dot = name.rfind(".")  # os.path.splitext without its call overhead
            suffix = name[dot:].lower() if dot > 0 else ""
            if suffix not in SUPPORTED and suffix not in UNSUPPORTED:
                continue
            if (name[:dot] if dot > 0 else name).upper() in FOLDER_NOTES:
                continue
            path = entry.path
            if suffix in UNSUPPORTED:
                report.unsupported.append(Failure(printable(path), UNSUPPORTED[suffix]))
            elif is_file:
                bad = folder_bad or _name_problem(name)
                if bad:
                    report.failed.append(Failure(printable(path), bad))
                    continue
                if stats is not None:
                    with contextlib.suppress(OSError):  # gone: the worker's read says so
                        stats[path] = file_stat(entry.stat())
                found.append(path)
                if watch is not None and len(found) - told >= WATCH_EVERY:
                    watch(found[told:])
                    told = len(found)
        stack.extend(reversed(subfolders))
    if watch is not None and len(found) > told:
        watch(found[told:])
    if listed == 1:  # one folder: its names are sorted already
        return found
    return sorted(found, key=lambda f: f.split(os.sep))  # as Path.parts, without 10^5 Paths


UPDATE_TASK = "policykg.graph.ingest:extract_rows"


def extract_rows(item: str | tuple[str, str | None]) -> tuple[str, Any, str | None]:
    """Worker task of an update: ``extract_changed``, then the document's rows, built in the
    worker (in parallel, and only the rows travel back): ``(path, (document id, Batch) |
    SAME | None, problem)``."""
    path, ex, problem = extract_changed(item)
    if ex is None or isinstance(ex, str):
        return path, ex, problem
    return guarded(path, lambda: (document_id_of(ex), batch_for(ex)))


class _Holders:
    """Which file holds each document id: the choice between two files that are one document
    is the lexicographically first path, whichever comes first and whatever the graph holds."""

    def __init__(self, graph: Graph, report: IngestReport) -> None:
        self.graph, self.report = graph, report
        self.run: dict[str, str] = {}  # document id → path chosen in this run

    def in_graph(self, ids: list[str]) -> dict[str, str]:
        rows = self.graph.run(cypher.DOCUMENT_PROPS, {"ids": ids}) if ids else []
        return {r["id"]: r["path"] for r in rows if r["ingested"] and r["path"]}

    def keep(self, doc_id: str, path: str, holder: str | None) -> bool:
        """Whether ``path`` is to be written as ``doc_id``; the loser is reported."""
        other = self.run.get(doc_id)
        if other is None and holder and holder != path and os.path.exists(holder):
            other = holder  # another file on disk holds it (a file that moved has no holder)
        if other is None or other == path:
            self.run[doc_id] = path
            return True
        if path < other:
            self.run[doc_id] = path
            self._said(other, path, doc_id)
            return True
        self._said(path, other, doc_id)
        return False

    def _said(self, loser: str, winner: str, doc_id: str) -> None:
        self.report.duplicates.append(Duplicate(loser, winner, doc_id))
        for lst in (self.report.added, self.report.updated):
            if loser in lst:
                lst.remove(loser)


class _WalkWatch:
    """Watches the walk (``iter_files(watch=…)``) to get ahead of it. From the ``LOOKUP_AT``-th
    file on, the graph's ingested documents are read in a thread (LadybugDB runs the scan
    without holding the GIL). Once they are read, the first file found whose stat differs from
    the graph's starts the extraction workers (``Workers``), whose start-up then overlaps the
    rest of the walk. Nothing starts for an empty graph (a first load may go the bulk way,
    which starts its own workers), on a server with several writers, or when nothing changed."""

    def __init__(
        self, graph: Graph, stats: dict[str, str], rehash: bool, workers: int | None
    ) -> None:
        self.graph, self.stats, self.rehash, self.workers = graph, stats, rehash, workers
        self.thread = None if graph.backend.concurrent_writers else ThreadPoolExecutor(1)
        self.lookup: Future[dict[str, dict[str, Any]]] | None = None
        self.unchecked: list[str] = []  # found, not compared with the graph yet
        self.found = 0
        self.started: Workers | None = None
        self.watching = self.thread is not None

    def __call__(self, found: list[str]) -> None:
        if not self.watching:
            return
        self.unchecked += found
        self.found += len(found)
        if self.lookup is None:
            if self.found >= LOOKUP_AT and self.thread is not None:
                self.lookup = self.thread.submit(self.graph.ingested_documents)
            return
        if not self.lookup.done():
            return
        try:
            known = self.lookup.result()
        except Exception:  # noqa: BLE001 - the lookup after the walk reads again, and says why
            known = {}
        if not known:  # an empty graph, or the read failed: nothing to get ahead of
            self.watching = False
            return
        for path in self.unchecked:
            if self._changed(known.get(path), self.stats.get(path)):
                self.started = Workers(UPDATE_TASK, n=self.workers)
                self.watching = False
                break
        self.unchecked.clear()

    def _changed(self, prev: dict[str, Any] | None, st: str | None) -> bool:
        return prev is None or self.rehash or st is None or prev.get("file_stat") != st

    def known(self, files: list[str]) -> dict[str, dict[str, Any]]:
        """The ingested documents at ``files``: the scan's (waits for it), or looked up by path
        (no scan started, or it failed)."""
        self.watching = False
        every = None
        if self.lookup is not None:
            with contextlib.suppress(Exception):
                every = self.lookup.result()
        if self.thread is not None:
            self.thread.shutdown(wait=True)
        if every is None:
            return self.graph.documents_by_paths(files)
        return {p: every[p] for p in files if p in every}

    def close(self) -> None:
        """Wait for a lookup still running (the connection is the caller's again) and stop
        workers started and not taken."""
        self.watching = False
        if self.thread is not None:
            self.thread.shutdown(wait=True)
        if self.started is not None:
            self.started.close()


class _FactsAhead:
    """Reads the old facts of the next group's documents in a thread while the workers extract
    them (LadybugDB runs a query without holding the GIL, and the main thread only waits for
    the workers then); the group's write takes them, nothing having been written since they
    were read. Not on a server with several writers, whose writes may come in between."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.pool = None if graph.backend.concurrent_writers else ThreadPoolExecutor(1)
        self.future: Future[StoredFacts] | None = None

    def start(self, ids: list[str]) -> None:
        """Start reading the facts of ``ids`` (nothing to read: nothing started)."""
        if self.pool is not None and ids:
            self.future = self.pool.submit(self.graph.stored_facts, ids)

    def take(self) -> StoredFacts | None:
        """The facts read (waits for them), or None: not started, or the read failed (the
        write then reads them itself)."""
        future, self.future = self.future, None
        if future is None:
            return None
        try:
            return future.result()
        except Exception:  # noqa: BLE001 - the write reads the facts itself, and says why
            return None

    def close(self) -> None:
        """Wait for a read still running: the connection is the caller's again."""
        self.take()
        if self.pool is not None:
            self.pool.shutdown(wait=True)


def ingest(
    graph: Graph,
    paths: Iterable[str | os.PathLike],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    rehash: bool = False,
) -> IngestReport:
    """Ingest files and folders into ``graph``; see the module docstring. Returns the report.
    ``rehash``: read and hash every file, whatever its stat says."""
    stats: dict[str, str] = {}
    watch = _WalkWatch(graph, stats, rehash, workers)
    try:
        return _ingest(graph, paths, workers, progress, rehash, stats, watch)
    finally:
        watch.close()


def _ingest(
    graph: Graph,
    paths: Iterable[str | os.PathLike],
    workers: int | None,
    progress: Callable[[int, int], None] | None,
    rehash: bool,
    stats: dict[str, str],
    watch: _WalkWatch,
) -> IngestReport:
    report = IngestReport()
    journal = Journal(graph)
    pending = journal.pending()
    if pending is not None:
        report.recovered = f"{pending.kind} run interrupted ({pending.phase})"
        if pending.partial_copy:  # part of a first load's tables: back to the empty graph
            empty_graph(graph)
            journal.write("update", "write")
    files = list(dict.fromkeys(iter_files(paths, report, stats, watch)))
    known = watch.known(files)
    todo: list[str] = []  # new files, and files whose stat changed (or all, with rehash)
    for f in files:
        prev = known.get(f)
        st = stats.get(f)
        if prev is not None and not rehash and st is not None and prev.get("file_stat") == st:
            report.unchanged.append(f)
        else:
            todo.append(f)
    done = len(report.unchanged)
    total = len(files)
    if progress:
        progress(done, total)
    interrupted = pending is not None
    holders = _Holders(graph, report)
    if bulk.should_bulk(graph, len(todo)):  # an empty embedded graph and many files: COPY FROM
        watch.close()  # (none are started for an empty graph)
        journal.write("bulk", "extract")
        relinked = bulk.bulk_ingest(
            graph,
            todo,
            workers,
            report,
            GROUP_SIZE,
            progress,
            done,
            total,
            holders=holders,
            stats=stats,
        )
        journal.write("bulk", "finish")
        _finish(graph, relinked, interrupted, replaced=False)
        journal.clear()
        return report
    if todo and not interrupted:
        journal.write("update", "write")
    if todo:
        graph.backend.checkpoint_less(CHECKPOINT_SHARE)
    series: set[str] = set()
    group: list = []
    replaced_any = False

    ahead = _FactsAhead(graph)
    consumed = 0  # extraction results taken from the workers

    def next_ids() -> list[str]:
        """The stored documents of the next group (some may fail or be unchanged: the write
        reads only the facts it needs)."""
        return sorted(
            {known[p]["id"] for p in todo[consumed : consumed + group_size] if p in known}
        )

    def flush() -> None:
        nonlocal replaced_any
        if not group:
            return
        stored = ahead.take()  # before any other use of the connection
        batch: Batch[Edge] = Batch()
        replace: list[str] = []
        forget: list[str] = []
        with_ids = [(doc_id, path, b) for path, (doc_id, b) in group]
        in_graph = holders.in_graph(sorted({i for i, _, _ in with_ids}))
        kept = [
            (path, (doc_id, b))
            for doc_id, path, b in sorted(with_ids, key=lambda t: t[1])
            if holders.keep(doc_id, path, in_graph.get(doc_id))
        ]
        group[:] = sorted(kept, key=lambda pe: order[pe[0]])
        new_ids = {doc_id for _, (doc_id, _) in group}
        kept_paths = {path for path, _ in kept}
        for _, path, _ in with_ids:  # a skipped duplicate that was another document before
            prev = known.get(path)
            if path not in kept_paths and prev is not None and prev["id"] not in new_ids:
                replace.append(prev["id"])
                forget.append(prev["id"])
                replaced_any = True
        for path, (new_id, one) in group:
            stamp(one, new_id, stats.get(path))
            batch.extend(one)
            prev = known.get(path)
            if prev is not None:
                replace.append(prev["id"])
                if prev["id"] != new_id:
                    replace.append(new_id)
                    if prev["id"] not in new_ids:
                        forget.append(prev["id"])
                replaced_any = True
            else:
                replace.append(new_id)  # the same document may sit at another path already
        try:
            series.update(graph.write_batch(batch, replace, uningest=forget, stored=stored))
            for path, _ in group:
                (report.updated if path in known else report.added).append(path)
        except PolicyKGError as e:
            for path, _ in group:
                report.failed.append(Failure(printable(path), f"could not be written: {e}"))
        group.clear()
        kill_point("group")
        ahead.start(next_ids())

    group_size = max(GROUP_SIZE, min(MAX_GROUP, len(known) // 100))
    order = {p: i for i, p in enumerate(todo)}
    items = [(p, known[p]["sha256"] if p in known else None) for p in todo]
    restat: list[dict[str, str]] = []  # touched, same bytes: only the stored stat changes
    try:
        ahead.start(next_ids())
        results = extract_all(items, UPDATE_TASK, workers=workers, started=watch.started)
        for path, ex, problem in results:
            consumed += 1
            done += 1
            kill_point("extracted")
            if progress:
                progress(done, total)
            if isinstance(ex, str) and ex == SAME:
                report.unchanged.append(path)
                if stats.get(path):
                    restat.append({"id": known[path]["id"], "path": path, "stat": stats[path]})
                continue
            if ex is None:
                report.failed.append(Failure(printable(path), problem or "unknown problem"))
                continue
            group.append((path, ex))
            if len(group) >= group_size:
                flush()
        flush()
    finally:
        ahead.close()
    if restat:
        graph.run(cypher.SET_FILE_STATS, {"rows": restat})
    if todo or interrupted:
        journal.write("update", "finish")
    _finish(graph, series, interrupted, replaced_any)
    if todo or interrupted:
        journal.clear()
    return report


def _finish(graph: Graph, series: set[str], interrupted: bool, replaced: bool) -> None:
    """Series links and pruning. After an interrupted run: for the whole graph."""
    if interrupted:
        series = series | graph.all_series()
    keys = sorted(series)
    for i in range(0, len(keys), RELINK_CHUNK):
        graph.relink_series(set(keys[i : i + RELINK_CHUNK]))
        kill_point("relink")
    if replaced or interrupted:
        kill_point("prune")
        graph.prune()
