"""Genre (doc_type) from the title's last genre word, on 32,024 real titles.

``../shared/corpus/docnumbers.csv`` lists real titles from the State Council and ten
provincial governments. A title's genre is its last genre word, possibly followed by
bracketed qualifiers (（试行）, （2018年第26期）, （已废止）) or its own number (（沪府令6号）).
Titles that name no genre — news of spot checks (…抽检情况), policy explainers (…政策图解,
…政策问答) — must get none.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from policykg.loaders.metadata import doc_type_of

SHARED = Path(os.environ.get("POLICYKG_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SHEET = SHARED / "corpus" / "docnumbers.csv"

pytestmark = pytest.mark.skipif(
    not SHEET.is_file(),
    reason=f"{SHEET} not present (../shared/corpus; set POLICYKG_SHARED to the shared folder)",
)

NOT_DOCUMENTS = ("解读", "图解", "问答", "情况", "结果", "一览")


@pytest.fixture(scope="module")
def titles():
    with SHEET.open(encoding="utf-8", newline="") as f:
        return [row["title"].strip() for row in csv.DictReader(f) if row["title"].strip()]


def test_share_of_titles_with_a_genre(titles):
    """97.4% at the time of writing; the rest are mostly not documents (see the next test)."""
    share = sum(doc_type_of(t) is not None for t in titles) / len(titles)
    assert share >= 0.97, share


def test_titles_that_are_not_documents_get_no_genre(titles):
    wrong = [t for t in titles if t.endswith(NOT_DOCUMENTS) and doc_type_of(t) is not None]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("genre", ["答复", "通报", "批复", "函", "令", "公告", "公示", "决定"])
def test_every_genre_of_the_issue_occurs(titles, genre):
    assert any(doc_type_of(t) == genre for t in titles)
