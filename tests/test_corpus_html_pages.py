"""Per-field floors on the 28 real government web pages (../shared/corpus/html-pages).

Expected values were checked by reading each page (tests/corpus/html_pages/expected.json);
the pages themselves are not in this repository. Scores at the time of writing are in the
README's "Extraction quality" section; the floors sit a little below them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "corpus" / "html_pages"
_spec = importlib.util.spec_from_file_location("html_pages_score", HERE / "score.py")
score_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_mod)
PAGES = score_mod.pages_dir()

pytestmark = pytest.mark.skipif(
    not PAGES.is_dir() or not any(PAGES.glob("*.html")),
    reason=f"real HTML pages not present at {PAGES} (../shared/corpus/html-pages; "
    "set POLICYKG_SHARED to the shared folder)",
)

# (precision, recall) floors per field
FLOORS = {
    "doc_type": (0.95, 0.95),
    "title": (0.95, 0.95),
    "doc_number": (0.95, 0.95),
    "issuer": (0.95, 0.95),
    "date": (0.95, 0.95),
    "published": (0.95, 0.95),
    "region": (0.95, 0.90),
    "cites": (0.85, 0.70),
}


@pytest.fixture(scope="module")
def result():
    return score_mod.score()


def test_every_page_has_expected_values():
    import json

    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))["documents"]
    assert {e["file"] for e in expected} == {p.name for p in PAGES.glob("*.html")}


@pytest.mark.parametrize("field", list(FLOORS))
def test_field_floor(result, field):
    p_floor, r_floor = FLOORS[field]
    got = result[field]
    assert got["gold"] > 0
    assert got["precision"] >= p_floor and got["recall"] >= r_floor, (field, got)


def test_pages_that_are_not_documents_get_no_invented_metadata():
    """A list page (政策文件汇编) and a news item: no title, genre, 文号, issuer or date."""
    import policykg

    for prefix in ("cc2b7158", "1c9e8e59"):
        (page,) = PAGES.glob(prefix + "*.html")
        ex = policykg.extract(page)
        got = (ex.doc_type, ex.title, ex.doc_number, ex.issuer, ex.date)
        assert got == (None, None, None, None, None), page.name
