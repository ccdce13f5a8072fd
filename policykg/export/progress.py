"""Progress of long exports and views, on stderr only (stdout stays the result).

On a terminal: a rich spinner with the current phase and the elapsed time, gone when done.
Elsewhere (a log, CI): one plain line per phase with the seconds since the start.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


@contextmanager
def stderr_progress(console: Console) -> Iterator[Callable[[str], None]]:
    """Yield ``step(message)``, which shows ``message`` as the current phase on ``console``."""
    start = time.perf_counter()
    if console.is_terminal:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("opening the graph", total=None)
            yield lambda message: bar.update(task, description=message)
        return

    def line(message: str) -> None:
        console.print(
            f"[{time.perf_counter() - start:6.1f} s] {message}", markup=False, highlight=False
        )

    yield line
