"""A guard against catastrophic behaviour (exponential regex backtracking, endless loops), not a
speed target: a case fails only if it runs for minutes. Speed is measured in ``make bench``.

    with no_hang():
        find_docnumbers(hostile_text)
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

HANG_SECONDS = 120  # linear work on these inputs takes well under a second on an idle machine


@contextmanager
def no_hang(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail the test if the block runs for ``seconds`` (SIGALRM; main thread only)."""

    def _fail(signum, frame):  # noqa: ARG001
        pytest.fail(f"still running after {seconds} s: catastrophic (non-linear) behaviour")

    previous = signal.signal(signal.SIGALRM, _fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
