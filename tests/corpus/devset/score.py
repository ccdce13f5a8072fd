"""Per-field precision/recall on a held-out-like set (tests/corpus/devset, tests/corpus/heldout2).

    python tests/corpus/devset/score.py [--show] [FOLDER] [--expected FILE] [--texts FOLDER]

FOLDER (default: this folder) holds ``expected.json`` and a ``texts/`` folder
(tests/corpus/heldout2); ``--expected``/``--texts`` score a set kept another way
(tests/corpus/national). Same scorer and conventions as tests/corpus/real (``score_files``);
the texts are not committed (see README.md): put them in ``texts/``. ``self_numbers`` lists the
document's own promulgation numbers (a law's 主席令): none of them may come back as a citation.
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


def expected(where: Path = HERE) -> list[dict]:
    """The expected documents of ``where``: an ``expected.json`` file or a folder holding one."""
    path = Path(where)
    if path.is_dir():
        path = path / "expected.json"
    return json.loads(path.read_text(encoding="utf-8"))["documents"]


def score(
    show: bool = False,
    expected_file: Path | None = None,
    texts: Path | None = None,
    fields: tuple[str, ...] = SCALARS,
    folder: Path = HERE,
) -> dict[str, dict[str, float]]:
    """Score the files of ``texts`` (default: ``texts/`` beside the expected file, which is
    ``folder/expected.json`` unless ``expected_file`` is given)."""
    exp_file = Path(expected_file) if expected_file else Path(folder) / "expected.json"
    texts_dir = Path(texts) if texts else exp_file.parent / "texts"
    return real.score_files(expected(exp_file), texts_dir, fields, show)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=HERE)
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--expected", type=Path, default=None, help="default: FOLDER/expected.json")
    ap.add_argument("--texts", type=Path, default=None, help="default: texts/ beside --expected")
    a = ap.parse_args()
    real.report(score(a.show, a.expected, a.texts, folder=a.folder.resolve()))
