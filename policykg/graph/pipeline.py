"""Supervised extraction: every file is extracted in a worker process, for both ingest paths.

- Each worker caps its own memory (``RLIMIT_AS``, ``$POLICYKG_WORKER_MEMORY_MB``, default
  2048; 0: no cap) and each file's time (``$POLICYKG_EXTRACT_SECONDS``, default 30, SIGALRM
  in the worker; a file that ignores the alarm, stuck in C code, is killed by the supervisor
  after twice the limit plus 5 s).
- The loaders' data tables are loaded in the worker's start-up, outside the time limit.
- A worker that dies (the memory cap, the OOM killer, a crash in a parser) costs only the
  file it was on: the file is reported, the worker replaced, the rest of its task sent again.
- Workers die with their parent: ``PR_SET_PDEATHSIG`` on Linux, and a watch on the parent id
  everywhere (no orphans after ``kill -9`` of an ingest).

``extract_all(items, task, workers)`` yields each task's result in the order of ``items``.
An item is a path, or a tuple whose first element is the path (``extract_changed`` takes
``(path, sha256 known for it)``). A task is a ``"module:function"`` taking an item and
returning ``(path, result | None, problem | None)``; it must never raise (``extract_one``
below is the model).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from policykg.errors import LoadError, PolicyKGError

DEFAULT_SECONDS = 30.0
DEFAULT_MEMORY_MB = 2048
CHUNK = 16  # files per task at most (fewer when there are few files per worker)
WORKER_DIED = "the extraction process died on this file"


def extract_seconds() -> float:
    """The per-file time limit: $POLICYKG_EXTRACT_SECONDS (default 30; 0: none)."""
    return float(os.environ.get("POLICYKG_EXTRACT_SECONDS", str(DEFAULT_SECONDS)))


def worker_memory_mb() -> int:
    """The address-space cap of a worker in MiB: $POLICYKG_WORKER_MEMORY_MB (default 2048; 0: none)."""
    return int(os.environ.get("POLICYKG_WORKER_MEMORY_MB", str(DEFAULT_MEMORY_MB)))


def extract_one(path: str) -> tuple[str, Any, str | None]:
    """Worker task: path → (path, Extraction | None, problem | None). Never raises."""
    from policykg.loaders.extract import extract_file

    return guarded(path, lambda: extract_file(path))


SAME = "same sha256"  # extract_changed's result for a file whose bytes did not change
CHANGED_TASK = "policykg.graph.pipeline:extract_changed"  # the default task


def extract_changed(item: str | tuple[str, str | None]) -> tuple[str, Any, str | None]:
    """Worker task: ``(path, sha256 the graph holds for it or None)`` (or a path) →
    ``(path, SAME, None)`` when the bytes hash to that sha256 (only the file's stat changed),
    else what ``extract_one`` returns. The file is read once: one read gives the hash and the
    text."""
    from policykg.loaders.extract import extract_source
    from policykg.loaders.read import read_source

    path, known = (item, None) if isinstance(item, str) else item
    if known is None:  # nothing to compare with: a new file
        return extract_one(path)

    def work() -> Any:
        src = read_source(path)
        return SAME if src.sha256 == known else extract_source(src)

    return guarded(path, work)


def guarded(path: str, work: Callable[[], Any]) -> tuple[str, Any, str | None]:
    """``(path, work(), None)``, run under the per-file time limit; any failure becomes
    ``(path, None, problem)``: one file's problem never stops the corpus."""
    from policykg.loaders.timeout import time_limit

    seconds = extract_seconds()
    try:
        with time_limit(seconds):
            result = work()
        return path, result, None
    except LoadError as e:
        return path, None, e.problem
    except TimeoutError:
        return path, None, f"extraction took longer than {seconds:g} s (pathological input?)"
    except MemoryError:
        return path, None, _out_of_memory()
    except RecursionError:
        return path, None, "extraction failed: the file is nested too deeply"
    except Exception as e:  # noqa: BLE001 - a bug on one file must not stop the corpus
        return path, None, f"extraction failed: {type(e).__name__}: {e}"


def _out_of_memory() -> str:
    return (
        f"extraction needed more than the worker's memory cap ({worker_memory_mb()} MiB, "
        "POLICYKG_WORKER_MEMORY_MB): a decompression bomb or a pathological file?"
    )


# ----------------------------------------------------------------------------- worker side

_WARM_TEXT = (
    "重庆市人民政府办公厅关于做好2021年市级重大项目实施有关工作的通知\n\n渝府办发〔2021〕25号\n\n"
    "各区县（自治县）人民政府，市政府有关部门：\n为贯彻落实《国务院关于加强固定资产投资项目资本金管理的通知》"
    "（国发〔2019〕26号）精神，市发展改革委负责统筹协调。2021年安排项目10个，总投资100亿元。\n"
    "重庆市人民政府办公厅\n2021年3月1日\n"
)


def _die_with_parent(parent: int) -> None:
    if os.getppid() != parent:
        os._exit(0)  # the parent died before we got here
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # the parent watch in the loop below still holds
        if os.getppid() != parent:
            os._exit(0)


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    cap = megabytes * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _warm() -> None:
    """Load the data tables (regions, issuer codes, agency aliases) and the parsers once."""
    from policykg.loaders.extract import extract_source
    from policykg.loaders.read import Source

    extract_source(Source("warm-up.txt", _WARM_TEXT, "0" * 64, "text"))
    import policykg.loaders.html  # noqa: F401
    import policykg.loaders.tables  # noqa: F401


def _resolve(task: str) -> Callable[[Any], tuple]:
    module, _, name = task.partition(":")
    return getattr(importlib.import_module(module), name)


def worker_main(conn: Any, parent: int, task: str, memory_mb: int) -> None:
    """A worker's life: die with the parent, cap memory, warm up, then answer task lists."""
    try:
        _worker_loop(conn, parent, task, memory_mb)
    except MemoryError:  # the cap is too low for the worker itself: the supervisor says so
        os._exit(3)


def _worker_loop(conn: Any, parent: int, task: str, memory_mb: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    fn = _resolve(task)
    _warm()
    _limit_memory(memory_mb)
    _test_hook("worker-start")
    # a cap too small to work with fails here (MemoryError: exit 3), not on the first file: the
    # task's modules are imported before the cap, so the hook's import above may not allocate
    bytearray(8 << 20)
    conn.send(("ready", os.getpid()))
    while True:
        if not conn.poll(1.0):
            if os.getppid() != parent:
                os._exit(0)
            continue
        try:
            paths = conn.recv()
        except EOFError:
            return
        if paths is None:
            return
        for path in paths:
            conn.send(fn(path))


def _test_hook(point: str) -> None:
    # imported here on purpose: in a worker this runs first after the memory cap is set, and a
    # cap too small for the worker fails on it (MemoryError: exit 3, "workers cannot start")
    from policykg.graph.journal import kill_point

    kill_point(point)


# ------------------------------------------------------------------------- supervisor side


class _Worker:
    def __init__(self, ctx: Any, task: str, memory_mb: int) -> None:
        parent_conn, child_conn = ctx.Pipe()
        self.proc: BaseProcess = ctx.Process(
            target=worker_main,
            args=(child_conn, os.getpid(), task, memory_mb),
            daemon=True,
        )
        self.proc.start()
        child_conn.close()
        self.conn: Connection = parent_conn
        self.ready = False
        self.busy: deque[tuple[int, Any]] = deque()  # files sent, not answered yet, in order
        self.since = 0.0  # when the file it is on started

    def stop(self, kill: bool = False, told: bool = False) -> None:
        """Stop the worker: ``kill`` it, or tell it to exit (``told``: it was told already)."""
        if kill:
            self.proc.kill()
        elif not told:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.exitcode is None:
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()
        self.proc.close()


def _cause(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return f"killed by {name}{hint}"
    return f"exit code {exitcode}"


def _death(exitcode: int | None) -> str:
    return f"{WORKER_DIED}: {_cause(exitcode)}, or a crash in a parser"


def _path_of(item: Any) -> str:
    return item if isinstance(item, str) else item[0]


class Workers:
    """Worker processes started ahead of their work: a worker's start-up (the interpreter,
    the loaders' imports, the warm-up: about half a second) then overlaps whatever the caller
    does meanwhile, such as walking the folders. ``extract_all(…, started=w)`` takes them
    over; a caller that ends up with nothing to extract calls ``close``."""

    def __init__(self, task: str = CHANGED_TASK, n: int | None = None):
        import multiprocessing as mp

        self.task = task
        self.ctx = mp.get_context("spawn")
        self.memory_mb = worker_memory_mb()
        self.n = max(1, n or os.cpu_count() or 1)
        self.pool: list[_Worker] = [_Worker(self.ctx, task, self.memory_mb) for _ in range(self.n)]

    def take(self, task: str, n: int) -> list[_Worker]:
        """The started workers for ``task`` (at most ``n``; the others are stopped), or none
        (another task: all are stopped). Taken once."""
        pool, self.pool = self.pool, []
        keep = pool[:n] if task == self.task else []
        for w in pool[len(keep) :]:
            w.stop(kill=True)
        return keep

    def close(self) -> None:
        """Stop the workers not taken (they may still be starting)."""
        pool, self.pool = self.pool, []
        for w in pool:
            w.stop(kill=True)


def extract_all(
    paths: list[Any],
    task: str = CHANGED_TASK,
    workers: int | None = None,
    started: Workers | None = None,
) -> Iterator[tuple]:
    """Run ``task`` on each item (a path, or a tuple starting with one) in worker processes;
    yield the results in the order of ``paths``. No worker starts when there is nothing to do.
    ``started``: workers started ahead (``Workers``), used first."""
    if not paths:
        if started is not None:
            started.close()
        return
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("spawn")
    n = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    memory_mb = worker_memory_mb()
    seconds = extract_seconds()
    hard_limit = seconds * 2 + 5 if seconds > 0 else None
    chunk = max(1, min(CHUNK, len(paths) // (4 * n)))
    window = max(4 * n * chunk, 64)  # files ahead of the next one yielded: memory stays flat
    queue: deque[tuple[int, Any]] = deque(enumerate(paths))
    results: dict[int, tuple] = {}
    next_out = 0
    pool: list[_Worker] = started.take(task, n) if started is not None else []
    pool += [_Worker(ctx, task, memory_mb) for _ in range(n - len(pool))]

    startup_deaths = 0

    def replace(w: _Worker, problem: str) -> None:
        nonlocal startup_deaths
        if not w.ready:
            startup_deaths += 1
            if startup_deaths >= 3:
                raise PolicyKGError(
                    f"extraction workers die while starting ({_cause(w.proc.exitcode)}); "
                    f"is POLICYKG_WORKER_MEMORY_MB={memory_mb} too low?"
                )
        if w.busy:
            i, p = w.busy.popleft()
            results[i] = (_path_of(p), None, problem)
            queue.extendleft(reversed(w.busy))  # the rest of its task, first in line again
            w.busy.clear()
        w.stop(kill=True)
        pool.remove(w)
        if queue:
            pool.append(_Worker(ctx, task, memory_mb))

    try:
        while next_out < len(paths):
            for w in pool:  # hand out work
                if w.ready and not w.busy and queue and queue[0][0] < next_out + window:
                    batch: list[tuple[int, str]] = []
                    while queue and len(batch) < chunk and queue[0][0] < next_out + window:
                        batch.append(queue.popleft())
                    w.busy.extend(batch)
                    w.since = time.monotonic()
                    w.conn.send([p for _, p in batch])
            # a worker by its pipe and by its sentinel (an int): the handles wait() returns
            by_handle: dict[Any, _Worker] = {}
            for w in pool:
                by_handle[w.conn] = w
                by_handle[w.proc.sentinel] = w
            for h in wait(list(by_handle), timeout=1.0):
                w = by_handle[h]
                if w not in pool:
                    continue
                if h is w.conn:
                    try:
                        while w.conn.poll():
                            msg = w.conn.recv()
                            if not w.ready:
                                w.ready = True
                                continue
                            i, _ = w.busy.popleft()
                            results[i] = msg
                            w.since = time.monotonic()
                    except (EOFError, OSError):
                        w.proc.join(timeout=5)
                        replace(w, _death(w.proc.exitcode))
                elif not w.conn.poll():
                    w.proc.join(timeout=5)
                    replace(w, _death(w.proc.exitcode))
            if hard_limit is not None:
                now = time.monotonic()
                for w in list(pool):
                    if w.busy and now - w.since > hard_limit:
                        replace(
                            w,
                            f"extraction took longer than {seconds:g} s and did not stop "
                            "(the worker was killed)",
                        )
            if not pool and queue:
                pool.append(_Worker(ctx, task, memory_mb))
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
    finally:
        done = next_out >= len(paths)
        for w in pool if done else ():  # told together, they exit side by side
            with contextlib.suppress(OSError):
                w.conn.send(None)
        for w in pool:
            w.stop(kill=not done, told=done)
