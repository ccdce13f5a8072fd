"""Per-field precision/recall on the held-out-like dev set (tests/corpus/devset).

    python tests/corpus/devset/score.py [--show]

Same scorer and conventions as tests/corpus/real (``score_files``); the texts are not
committed (see README.md): put them in ``texts/``. ``self_numbers`` lists the document's own
promulgation numbers (a law's 主席令): none of them may come back as a citation.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALARS = ("doc_type", "title", "doc_number", "issuer", "date", "region", "plan_year")

_spec = importlib.util.spec_from_file_location("real_score", HERE.parent / "real" / "score.py")
real = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(real)


def expected() -> list[dict]:
    return json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["documents"]


def score(show: bool = False) -> dict[str, dict[str, float]]:
    return real.score_files(expected(), HERE / "texts", SCALARS, show)


if __name__ == "__main__":
    real.report(score(show="--show" in sys.argv))
