"""Title and year on 1,260 real notices of the Ministry of Ecology and Environment.

``../shared/corpus/mee-notices.jsonl`` gives each notice's title and year as the source
labels them; the texts lost their line breaks (one run-on line each). What is compared:

- title: the extracted title equals the source's (spaces out, （）→()), or is that title
  with the issuer in front (the extractor prefixes the issuer to a title starting with
  关于), or the source's title is ours plus a parenthesised place the site appends
  (``…的函（天津）``);
- year: the year of the extracted 成文日期 (the signature date) against the source's year.
  The plan year is not used: these are not annual plans.

Floors sit a little below the scores at the time of writing (README, "Extraction quality").
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("POLICYKG_SHARED") or Path(__file__).resolve().parents[2] / "shared")
MEE = SHARED / "corpus" / "mee-notices.jsonl"

pytestmark = pytest.mark.skipif(
    not MEE.is_file(),
    reason=f"{MEE} not present (../shared/corpus; set POLICYKG_SHARED to the shared folder)",
)

FLOORS = {
    "title_precision": 0.95,
    "title_recall": 0.85,
    "year_precision": 0.99,
    "year_recall": 0.90,
}


def _norm(s: str | None) -> str:
    return re.sub(r"\s", "", s or "").translate(str.maketrans("（）", "()"))


def title_matches(got: str | None, want: str) -> bool:
    g, w = _norm(got), _norm(want)
    if not g:
        return False
    if g == w or (g.endswith(w) and len(g) - len(w) <= 40):
        return True
    return w.startswith(g) and re.fullmatch(r"\([^()]{1,12}\)", w[len(g) :]) is not None


@pytest.fixture(scope="module")
def scores():
    from policykg.loaders.extract import extract_source
    from policykg.loaders.read import Source

    rows = [json.loads(line) for line in MEE.read_text(encoding="utf-8").splitlines() if line]
    t_ok = t_pred = y_ok = y_pred = 0
    for i, row in enumerate(rows):
        ex = extract_source(Source(f"mee-notices.jsonl:{i + 1}", row["text"], "", "text"))
        t_pred += ex.title is not None
        t_ok += title_matches(ex.title, row["title"])
        year = int(ex.date[:4]) if ex.date else None
        y_pred += year is not None
        y_ok += year == row["year"]
    n = len(rows)
    return {
        "title_precision": t_ok / t_pred,
        "title_recall": t_ok / n,
        "year_precision": y_ok / y_pred,
        "year_recall": y_ok / n,
    }


@pytest.mark.parametrize("measure", list(FLOORS))
def test_floor(scores, measure):
    assert scores[measure] >= FLOORS[measure], {k: round(v, 3) for k, v in scores.items()}


@pytest.mark.parametrize(
    ("got", "want", "ok"),
    [
        ("关于做好X工作的通知", "关于做好X工作的通知", True),
        ("生态环境部关于做好X工作的通知", "关于做好X工作的通知", True),
        ("关于对X进行督办的函", "关于对X进行督办的函（天津）", True),
        ("关于做好X工作的通知", "关于做好Y工作的通知", False),
        (None, "关于做好X工作的通知", False),
    ],
)
def test_title_comparison(got, want, ok):
    assert title_matches(got, want) is ok
