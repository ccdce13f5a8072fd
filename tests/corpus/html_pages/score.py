"""Per-field precision/recall of the extractor on the 28 real government web pages.

    python tests/corpus/html_pages/score.py [--show]

The pages live in ``../shared/corpus/html-pages/`` (not redistributed here; set
``POLICYKG_SHARED`` to point elsewhere). ``expected.json`` holds values checked by reading
each page; the conventions are those of tests/corpus/real/README.md.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ("doc_type", "title", "doc_number", "issuer", "date", "published", "region")


def pages_dir() -> Path:
    shared = os.environ.get("POLICYKG_SHARED")
    root = Path(shared) if shared else HERE.parents[3] / "shared"
    return root / "corpus" / "html-pages"


def _real_scorer():
    spec = importlib.util.spec_from_file_location("real_score", HERE.parent / "real" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score(show: bool = False) -> dict[str, dict[str, float]]:
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["documents"]
    return _real_scorer().score_files(expected, pages_dir(), FIELDS, show)


if __name__ == "__main__":
    _real_scorer().report(score(show="--show" in sys.argv))
