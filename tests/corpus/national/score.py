"""Per-field precision/recall on the national set (tests/corpus/national).

    python tests/corpus/national/score.py [--show] [--part laws|notices|pages] [--expected FILE]

Two parts, both with hand-checked values and the conventions of tests/corpus/real/README.md:

- ``corpus_expected.json``: 25 laws and 25 ministry notices of ``../shared/corpus``
  (``laws.jsonl``, ``mee-notices.jsonl``; ``doc`` is the 0-based line), read in place.
- ``expected.json``: gov.cn-style pages saved under ``texts/`` (not committed, see README.md).

The scorer is tests/corpus/real's ``score_docs`` (through tests/corpus/devset/score.py for the
pages). A title that starts with 关于 also counts right with the issuer in front (the
extractor writes it so when the page prints no issuer in the title; MEE titles are scored the
same way by tests/test_corpus_mee_notices.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FIELDS = ("doc_type", "title", "doc_number", "issuer", "date", "region")

_spec = importlib.util.spec_from_file_location("devset_score", HERE.parent / "devset" / "score.py")
devset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(devset)
real = devset.real


def corpus_dir() -> Path:
    env = os.environ.get("POLICYKG_SHARED")
    return (Path(env) if env else ROOT.parent / "shared") / "corpus"


def _with_issuer_titles(docs: list[dict]) -> list[dict]:
    out = []
    for d in docs:
        d = dict(d)
        t, i = d.get("title"), d.get("issuer")
        if t and i and t.startswith("关于") and "title_with_issuer" not in d:
            also = d.get("title_also")
            d["title_with_issuer"] = [i + x for x in (t, *([also] if also else []))]
        out.append(d)
    return out


def corpus_expected(path: Path = HERE / "corpus_expected.json") -> list[dict]:
    """The hand-checked rows of one expected file (``corpus_expected.json`` by default)."""
    return _with_issuer_titles(json.loads(path.read_text(encoding="utf-8"))["documents"])


def pages_expected() -> list[dict]:
    return _with_issuer_titles(devset.expected(HERE / "expected.json"))


def corpus_rows() -> dict[str, list[str]]:
    """The texts of the shared corpus files the expected values name (empty when absent)."""
    rows = {}
    for name in ("laws.jsonl", "mee-notices.jsonl"):
        path = corpus_dir() / name
        if path.exists():
            with path.open(encoding="utf-8") as f:
                rows[name] = [json.loads(line)["text"] for line in f if line.strip()]
    return rows


def extract_row(exp: dict, rows: dict[str, list[str]]) -> dict | None:
    from policykg.loaders.extract import extract_source
    from policykg.loaders.read import Source

    texts = rows.get(exp["corpus"])
    if texts is None:
        return None
    src = Source(f"{exp['corpus']}#{exp['doc']}", texts[exp["doc"]], "0" * 64, "text")
    return extract_source(src).to_json()


def score_corpus(
    show: bool = False, kind: str | None = None, expected: Path = HERE / "corpus_expected.json"
) -> dict[str, dict[str, float]]:
    """Score the corpus part; ``kind`` = ``laws.jsonl`` or ``mee-notices.jsonl`` for one file,
    ``expected`` = another file of hand-checked rows (``sample2_expected.json``)."""
    rows = corpus_rows()
    docs = [d for d in corpus_expected(expected) if kind in (None, d["corpus"])]
    return real.score_docs(docs, lambda e: extract_row(e, rows), FIELDS, show)


def score_pages(show: bool = False) -> dict[str, dict[str, float]]:
    folder = HERE / "texts"
    import policykg

    def run(exp: dict) -> dict | None:
        path = folder / exp["file"]
        return policykg.extract(path).to_json() if path.exists() else None

    return real.score_docs(pages_expected(), run, FIELDS, show)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--part", choices=("laws", "notices", "pages"), action="append")
    ap.add_argument(
        "--expected",
        type=Path,
        default=HERE / "corpus_expected.json",
        help="expected values of the laws/notices parts (e.g. sample2_expected.json)",
    )
    a = ap.parse_args()
    for part in a.part or ("laws", "notices", "pages"):
        print(f"== {part}")
        if part == "pages":
            real.report(score_pages(a.show))
        else:
            kind = "laws.jsonl" if part == "laws" else "mee-notices.jsonl"
            real.report(score_corpus(a.show, kind, a.expected))
        sys.stdout.flush()
