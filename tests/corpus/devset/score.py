"""Per-field precision/recall on a held-out-like set (tests/corpus/devset, tests/corpus/heldout2).

    python tests/corpus/devset/score.py [--show] [FOLDER]

FOLDER (default: this folder) holds ``expected.json`` and a ``texts/`` folder. Same scorer
and conventions as tests/corpus/real (``score_files``); the texts are not committed (see
README.md): put them in ``texts/``. ``self_numbers`` lists the document's own promulgation
numbers (a law's 主席令): none of them may come back as a citation.
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


def expected(folder: Path = HERE) -> list[dict]:
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))["documents"]


def score(show: bool = False, folder: Path = HERE) -> dict[str, dict[str, float]]:
    return real.score_files(expected(folder), folder / "texts", SCALARS, show)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--show"]
    real.report(score(show="--show" in sys.argv, folder=Path(args[0]).resolve() if args else HERE))
