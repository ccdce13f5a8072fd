"""Per-field floors on the national set (tests/corpus/national).

Two parts: 25 laws and 25 ministry notices of ../shared/corpus (read in place; skipped when
the shared corpus is absent) and 21 gov.cn-style pages saved under tests/corpus/national/texts
(not redistributable; skipped when absent). Values were checked by hand before the extractor's
output was looked at; first and current scores are in tests/corpus/national/README.md, the
floors sit at or a little below the current ones.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "corpus" / "national"
_spec = importlib.util.spec_from_file_location("national_score", HERE / "score.py")
score_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_mod)

TEXTS = sorted((HERE / "texts").glob("n*.txt")) if (HERE / "texts").exists() else []
needs_texts = pytest.mark.skipif(
    not TEXTS,
    reason="national page texts not present (not redistributable); see tests/corpus/national/README.md",
)

# (precision, recall) floors per field and part
FLOORS = {
    "laws.jsonl": {
        "doc_type": (0.95, 0.95),
        "title": (0.95, 0.95),
        "doc_number": (0.95, 0.95),
        "issuer": (0.95, 0.95),
        "date": (0.95, 0.95),
        "region": (0.95, 0.9),
        "cites": (0.95, 0.95),
    },
    "mee-notices.jsonl": {
        "doc_type": (0.95, 0.95),
        "title": (0.95, 0.9),
        "issuer": (0.95, 0.95),
        "date": (0.95, 0.95),
        "cites": (0.93, 0.85),
    },
    "pages": {
        "doc_type": (0.95, 0.95),
        "title": (0.95, 0.95),
        "doc_number": (0.95, 0.95),
        "issuer": (0.95, 0.95),
        "date": (0.95, 0.95),
        "cites": (0.95, 0.85),
    },
}


def _below(result: dict, floors: dict) -> dict:
    return {
        f: (result[f]["precision"], result[f]["recall"])
        for f, (p, r) in floors.items()
        if result[f]["precision"] < p or result[f]["recall"] < r
    }


@pytest.fixture(scope="module")
def rows():
    found = score_mod.corpus_rows()
    if not found:
        pytest.skip(f"{score_mod.corpus_dir()} not present (the shared real corpus: ../shared)")
    return found


@pytest.mark.parametrize("kind", ["laws.jsonl", "mee-notices.jsonl"])
def test_corpus_floors(rows, kind):
    docs = [d for d in score_mod.corpus_expected() if d["corpus"] == kind]
    result = score_mod.real.score_docs(
        docs, lambda e: score_mod.extract_row(e, rows), score_mod.FIELDS
    )
    assert not _below(result, FLOORS[kind]), (
        f"{kind} below the floor: {_below(result, FLOORS[kind])}"
    )


@needs_texts
def test_page_floors():
    result = score_mod.score_pages()
    assert not _below(result, FLOORS["pages"]), (
        f"below the floor: {_below(result, FLOORS['pages'])}"
    )


def _cites_itself(exp: dict, got: dict) -> set:
    own = {exp.get("doc_number"), got.get("doc_number"), *exp.get("self_numbers", [])}
    own.discard(None)
    cited = {c["doc_number"] for c in got["cites"]}
    return own & cited


def test_corpus_documents_never_cite_themselves(rows):
    for exp in score_mod.corpus_expected():
        got = score_mod.extract_row(exp, rows)
        assert not _cites_itself(exp, got), (exp["corpus"], exp["doc"], _cites_itself(exp, got))


@needs_texts
def test_pages_never_cite_themselves():
    import policykg

    for exp in score_mod.pages_expected():
        path = HERE / "texts" / exp["file"]
        if path.exists():
            got = policykg.extract(path).to_json()
            assert not _cites_itself(exp, got), (exp["file"], _cites_itself(exp, got))
