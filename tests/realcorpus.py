"""Where the shared real corpus lives (../shared/corpus, or $POLICYKG_SHARED/corpus).

Tests that read it call :func:`corpus_file`, which skips the test with a clear reason when the
folder or the file is absent. The files are never copied into this repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def corpus_dir() -> Path:
    env = os.environ.get("POLICYKG_SHARED")
    return (Path(env) if env else ROOT.parent / "shared") / "corpus"


def corpus_file(name: str) -> Path:
    """The path of ``name`` in the shared corpus; skips the calling test when it is absent."""
    path = corpus_dir() / name
    if not path.exists():
        pytest.skip(f"{path} not present (the shared real corpus sits beside the clone: ../shared)")
    return path


def jsonl(name: str) -> list[dict]:
    with corpus_file(name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
