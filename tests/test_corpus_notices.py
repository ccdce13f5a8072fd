"""Titles and years of 1,260 real ministry notices (../shared/corpus/mee-notices.jsonl).

The source gives each notice's title and year; most texts lost their line breaks (the page's
text run together), which the normalisation stage restores where a title, a 文号 or the
addressees end. Floors: a title or year that is given must be right (precision), and most must
be found (recall). Before the normalisation stage: 1 title of 1,260 found.
"""

from __future__ import annotations

import pytest
from realcorpus import jsonl

from policykg.loaders.citations import title_key
from policykg.loaders.extract import extract_source
from policykg.loaders.read import Source


@pytest.fixture(scope="module")
def scored():
    docs = jsonl("mee-notices.jsonl")
    t_right = t_given = y_right = y_given = 0
    for i, d in enumerate(docs):
        ex = extract_source(Source(f"mee#{i}", d["text"], "0" * 64, "text"))
        if ex.title:
            t_given += 1
            got, want = title_key(ex.title), title_key(d["title"])
            t_right += got.endswith(want) or want.endswith(got)  # the issuer may stand in front
        if ex.date:
            y_given += 1
            y_right += int(ex.date[:4]) == int(d["year"])
    return len(docs), t_right, t_given, y_right, y_given


def test_titles(scored):
    n, right, given, _, _ = scored
    assert right / given >= 0.99
    assert right / n >= 0.65


def test_years(scored):
    n, _, _, right, given = scored
    assert right / given >= 0.99
    assert right / n >= 0.75
