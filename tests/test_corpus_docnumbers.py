"""The 文号 grammar over all 32,024 rows of ../shared/corpus/docnumbers.csv: floors, and the
committed report (tests/corpus/docnumbers_report.md) is the one the script writes today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from realcorpus import corpus_file

HERE = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def report():
    spec = importlib.util.spec_from_file_location(
        "docnumbers_report", HERE / "docnumbers_report.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    result = mod.compute(corpus_file("docnumbers.csv"))
    return mod, result


def test_recognised_and_round_trip_floors(report):
    _, result = report
    c = result["counts"]
    assert c["rows"] == 32024
    assert c["recognised"] / c["non_empty"] >= 0.9995  # 99.67% before the grammar work
    assert c["round_trip"] == c["recognised"]
    # every remaining row has a named class (none is "other")
    assert {cls for _, cls in result["unrecognised"]} <= {
        "no year (代字 第N号)",
        "no issuer (公告YYYY年第N号 alone)",
        "prose between issuer and number",
    }


def test_year_against_written_date(report):
    _, result = report
    c = result["counts"]
    share = c["year_differs"] / c["with_year_and_date"]
    assert 0.01 <= share <= 0.06  # about 3%: a signal for validate, not a parsing error


def test_numbers_found_inside_prose(report):
    mod, result = report
    c = result["counts"]
    for name in mod.PROSE:
        floor = 0.995 if name == "fused after the title" else 1.0
        assert c[f"prose_ok:{name}"] / c["recognised"] >= floor, name


def test_committed_report_is_current(report):
    mod, result = report
    committed = (HERE / "docnumbers_report.md").read_text(encoding="utf-8")
    assert committed == mod.render(result), "run: python tests/corpus/docnumbers_report.py"
