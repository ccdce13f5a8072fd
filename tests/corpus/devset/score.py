"""Per-field precision/recall on the held-out-like dev set (tests/corpus/devset).

    python tests/corpus/devset/score.py [--show] [--expected FILE] [--texts FOLDER]

Same scorer and conventions as tests/corpus/real (``score_files``); the texts are not
committed (see README.md): put them in ``texts/``. ``self_numbers`` lists the document's own
promulgation numbers (a law's 主席令): none of them may come back as a citation.
``--expected``/``--texts`` score another set kept the same way (tests/corpus/national).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALARS = ("doc_type", "title", "doc_number", "issuer", "date", "region", "plan_year")

_spec = importlib.util.spec_from_file_location("real_score", HERE.parent / "real" / "score.py")
real = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(real)


def expected(path: Path = HERE / "expected.json") -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["documents"]


def score(
    show: bool = False,
    expected_file: Path = HERE / "expected.json",
    texts: Path | None = None,
    fields: tuple[str, ...] = SCALARS,
) -> dict[str, dict[str, float]]:
    """Score the files of ``texts`` (default: ``texts/`` beside ``expected_file``)."""
    folder = Path(texts) if texts else Path(expected_file).parent / "texts"
    return real.score_files(expected(expected_file), folder, fields, show)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--expected", type=Path, default=HERE / "expected.json")
    ap.add_argument("--texts", type=Path, default=None, help="default: texts/ beside --expected")
    a = ap.parse_args()
    real.report(score(a.show, a.expected, a.texts))
