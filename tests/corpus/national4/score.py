"""Per-field precision/recall on the fourth round's pages (tests/corpus/national4).

    python tests/corpus/national4/score.py [--show] [--heldback | --all] [--batch 1|2|3]

Default: the pages the fixes were written against (``heldback`` absent); ``--heldback``: the
pages held back and scored once after the fixes; ``--all``: both. Same scorer and conventions
as tests/corpus/real (``score_files``; a title starting with 关于 also counts with the issuer
in front, as in tests/corpus/national); the texts are not committed (see README.md).
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("devset_score", HERE.parent / "devset" / "score.py")
devset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(devset)
real = devset.real
_spec = importlib.util.spec_from_file_location(
    "national_score", HERE.parent / "national" / "score.py"
)
national = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(national)


def expected(heldback: bool | None = False, batch: int | None = None) -> list[dict]:
    """The hand-checked pages: held back (True), the others (False) or all (None); ``batch``
    keeps one batch (1: p01–p10, 2: q01–q11, 3: r01–r02)."""
    docs = devset.expected(HERE / "expected.json")
    docs = [d for d in docs if heldback is None or bool(d.get("heldback")) == heldback]
    if batch is not None:
        docs = [d for d in docs if d.get("batch", 1) == batch]
    return national._with_issuer_titles(docs)


def score(
    show: bool = False, heldback: bool | None = False, batch: int | None = None
) -> dict[str, dict[str, float]]:
    """Score the pages of ``texts/``."""
    return real.score_files(expected(heldback, batch), HERE / "texts", devset.SCALARS, show)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every miss")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--heldback", action="store_true", help="the held-back pages only")
    g.add_argument("--all", action="store_true", help="every page")
    ap.add_argument("--batch", type=int, choices=(1, 2, 3), help="one batch of the pages")
    a = ap.parse_args()
    real.report(score(a.show, None if a.all else a.heldback, a.batch))
