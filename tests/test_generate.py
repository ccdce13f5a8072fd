"""The benchmark corpus generator: deterministic, parseable, with the promised features."""

from __future__ import annotations

import sys

from conftest import ROOT

from policykg.loaders.extract import extract_file

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def test_deterministic_by_seed(tmp_path):
    a = [p.read_bytes() for p in generate(40, 3, tmp_path / "a")]
    b = [p.read_bytes() for p in generate(40, 3, tmp_path / "b")]
    c = [p.read_bytes() for p in generate(40, 4, tmp_path / "c")]
    assert a == b and a != c


def test_notices_extract(tmp_path):
    paths = list(generate(60, 1, tmp_path))
    exs = [extract_file(p) for p in paths]
    assert all(ex.doc_number and ex.title and ex.issuer for ex in exs)
    assert len({ex.doc_number for ex in exs}) == len(exs)
    assert all(1 <= len(ex.cites) <= 8 for ex in exs)
    forms = {c.form for ex in exs for c in ex.cites}
    assert {"title+number", "number", "title"} <= forms
    assert (
        any(ex.projects for ex in exs)
        and any(ex.duties for ex in exs)
        and any(ex.figures for ex in exs)
    )
    text = "".join(p.read_text(encoding="utf-8") for p in paths)
    assert "牵头单位" in text and "关于" in text


def test_zipf_targets(tmp_path):
    from collections import Counter

    cited = Counter(
        c.doc_number
        for p in generate(200, 1, tmp_path)
        for c in extract_file(p).cites
        if c.doc_number
    )
    top = cited.most_common(1)[0][1]
    assert top >= 10 * sorted(cited.values())[len(cited) // 2]  # heavy head, long tail
