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


def test_notices_have_the_length_of_real_ones(tmp_path):
    """Real notices are mostly prose (the samples: 5.8–9.1 KB); so are the generated ones."""
    sizes = sorted(p.stat().st_size for p in generate(200, 1, tmp_path))
    samples = sorted(p.stat().st_size for p in (ROOT / "examples" / "notices").glob("*.txt"))
    median = sizes[len(sizes) // 2]
    assert samples[0] <= median <= samples[-1]
    assert sizes[0] > 2000 and sizes[-1] < 4 * samples[-1]


def test_prose_adds_no_facts(tmp_path, monkeypatch):
    """The body prose makes notices real-sized without touching what is extracted from them."""
    import generate as gen

    def facts(path):
        ex = extract_file(path)
        return (
            ex.title,
            ex.doc_number,
            ex.issuer,
            ex.date,
            [(c.doc_number, c.title, c.form) for c in ex.cites],
            sorted(a.name for a in ex.agencies),
            [d.agency.name for d in ex.duties],
            [(p.name, p.lead_unit) for p in ex.projects],
            [(f.category, f.count, f.total_investment_yuan) for f in ex.figures],
        )

    with_prose = [facts(p) for p in generate(80, 5, tmp_path / "a")]
    monkeypatch.setattr(gen, "_prose", lambda rng: [])
    without = [facts(p) for p in generate(80, 5, tmp_path / "b")]
    assert with_prose == without
    assert sum(len(f[4]) for f in without) > 80  # the facts are there to compare
