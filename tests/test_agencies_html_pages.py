"""Agency short forms on the 28 real web pages of ../shared/corpus/html-pages, against the
hand-read values of tests/corpus/html_pages/agencies.json.

Scored: every short form the expected file lists for a page's notice. Right: the extractor
reports the name with the expected full name. Wrong: it reports another full name, resolves a
name expected to stay unresolved (null), or resolves a short form the file does not list.
Navigation and related-news names (``outside_body``) are judged only when reported.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import policykg

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYKG_SHARED", ROOT.parent / "shared"))
PAGES = SHARED / "corpus" / "html-pages"
EXPECTED = json.loads((ROOT / "tests/corpus/html_pages/agencies.json").read_text(encoding="utf-8"))[
    "pages"
]

pytestmark = pytest.mark.skipif(
    not PAGES.is_dir(), reason=f"real pages not found at {PAGES} (set POLICYKG_SHARED)"
)

RESOLUTION_TARGET = 0.90  # of the short forms with a known full name
WRONG_LIMIT = 1 / 50  # of every name judged


@dataclass
class Score:
    known: int = 0  # expected short forms with a full name
    right: int = 0
    judged: int = 0  # every name judged (scored, null, outside the body, unlisted)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _reported(path: Path) -> dict[str, set[str | None]]:
    """Name as written → the full names the extractor gave it (None: left unresolved)."""
    ex = policykg.extract(path)
    out: dict[str, set[str | None]] = {}
    for m in ex.mentions:
        out.setdefault(m.ref.name, set()).add(m.ref.canonical)
    for a in ex.agencies:  # lead units of project tables
        out.setdefault(a.name, set()).add(a.canonical)
    return out


def score_page(name: str, expected: dict, score: Score) -> None:
    got = _reported(PAGES / name)
    listed = {**expected["outside_body"], **expected["agencies"]}
    for written, full in expected["agencies"].items():
        resolved = {c for c in got.get(written, set()) if c}
        score.judged += 1
        if full is None:
            if resolved:
                score.wrong.append(
                    f"{name[:8]} {written} → {sorted(resolved)} (expected unresolved)"
                )
            continue
        score.known += 1
        want = set(full) if isinstance(full, list) else {full}
        if resolved == want:
            score.right += 1
        elif resolved - want:
            score.wrong.append(f"{name[:8]} {written} → {sorted(resolved)} (expected {full})")
        else:
            score.missed.append(f"{name[:8]} {written} (expected {full})")
    for written, full in expected["outside_body"].items():
        resolved = {c for c in got.get(written, set()) if c}
        if written in expected["agencies"] or not resolved:
            continue
        score.judged += 1
        if resolved != {full}:
            score.wrong.append(f"{name[:8]} {written} → {sorted(resolved)} (expected {full})")
    for written, fulls in got.items():
        resolved = {c for c in fulls if c}
        if written in listed or not resolved or all(written.endswith(c) for c in resolved):
            continue  # listed, unresolved, or written in full
        score.judged += 1
        score.wrong.append(f"{name[:8]} {written} → {sorted(resolved)} (not listed)")


@pytest.fixture(scope="module")
def scores() -> Score:
    score = Score()
    for name in sorted(EXPECTED):
        score_page(name, EXPECTED[name], score)
    return score


def test_every_page_has_expected_values():
    assert sorted(p.name for p in PAGES.glob("*.html")) == sorted(EXPECTED)
    assert all(
        isinstance(v, (str, list)) or v is None
        for p in EXPECTED.values()
        for v in p["agencies"].values()
    )


def test_resolution_rate_and_wrong_names(scores, capsys):
    rate = scores.right / scores.known
    wrong = len(scores.wrong) / scores.judged
    with capsys.disabled():
        print(
            f"\nagencies on the real pages: {scores.right}/{scores.known} short forms resolved "
            f"right ({rate:.2f}), {len(scores.wrong)} wrong of {scores.judged} judged ({wrong:.3f})"
        )
        for line in scores.wrong:
            print("  wrong:", line)
        for line in scores.missed:
            print("  missed:", line)
    assert not scores.wrong or wrong <= WRONG_LIMIT, scores.wrong
    assert rate >= RESOLUTION_TARGET, scores.missed


def test_every_expected_name_is_written_on_its_page():
    """The hand-read values name what the page prints: each short form occurs in its text."""
    from policykg.loaders.read import read_source

    for name, expected in EXPECTED.items():
        text = read_source(PAGES / name).text
        for written in expected["agencies"]:
            assert written in text, (name[:8], written)
        # names in the page's chrome (link lists, navigation) may be left out of the text the
        # reader keeps; they must still be printed somewhere on the page
        page = text + (PAGES / name).read_bytes().decode("utf-8", errors="replace")
        for written in expected["outside_body"]:
            assert written in page, (name[:8], written)


def test_every_scored_name_is_judged(scores):
    assert scores.known == sum(
        1 for p in EXPECTED.values() for v in p["agencies"].values() if v is not None
    )
    assert scores.judged >= sum(len(p["agencies"]) for p in EXPECTED.values())
    assert (
        scores.right
        + len(scores.missed)
        + len([w for w in scores.wrong if "(expected " in w and "unresolved" not in w])
        >= scores.known
    )
