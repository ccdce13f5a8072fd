"""Resolution finished in the loaders: extract fills the graph identities, batch_for only maps.

The sample notices are real: 柳政办〔2022〕5号 (柳州, a city in 广西) and a 北碚区 notice (a
district of 重庆). The expected values are the knowledge tables' own (GB/T 2260 codes, the
agency alias table's parents), checked by hand.
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import EXAMPLES

import policykg
from policykg.graph.rows import batch_for
from policykg.records import Extraction, Place

LIUZHOU = EXAMPLES / "004_a334c3813ca2a563.txt"  # 柳政办〔2022〕5号
BEIBEI = EXAMPLES / "003_3eb0fbf1fa00c0cf.txt"  # 重庆市北碚区人民政府办公室


def _edges(ex: Extraction, edge_type: str) -> set[tuple[str, str]]:
    return {(e.src, e.dst) for e in batch_for(ex).edges if e.type == edge_type}


def test_extract_fills_document_id_issuer_and_region():
    ex = policykg.extract(LIUZHOU)
    assert ex.doc_id == "柳政办〔2022〕5号"
    assert ex.issuer_ref is not None and ex.issuer_ref.canonical == "柳州市人民政府办公室"
    assert ex.issuer_ref.parent == "柳州市人民政府"
    assert ex.region_code == "450200"  # 柳州市


def test_extract_fills_citation_targets_and_registry_issuers():
    ex = policykg.extract(BEIBEI)
    by_number = {c.doc_number: c for c in ex.cites if c.doc_number}
    # a cited 文号 is its own id; the 机关代字 registry names its issuer
    assert by_number["北碚府发〔2021〕9号"].target == "北碚府发〔2021〕9号"
    assert by_number["北碚府发〔2021〕9号"].target_issuer == "重庆市北碚区人民政府"
    assert by_number["渝府办发〔2020〕118号"].target_issuer == "重庆市人民政府办公厅"
    # a title alone gets a title-key id and no registry issuer
    liuzhou = policykg.extract(LIUZHOU)
    (by_title,) = [c for c in liuzhou.cites if c.doc_number is None]
    assert by_title.target is not None and by_title.target.startswith("t:")
    assert by_title.target_issuer is None


def test_extract_follows_parent_bodies_up_the_alias_table():
    ex = policykg.extract(BEIBEI)
    district = ex.parent_refs["重庆市北碚区人民政府"]
    assert district.parent == "重庆市人民政府"
    assert ex.parent_refs["重庆市人民政府"].parent is None  # the top: the chain stops
    assert ex.places["北碚区"] == Place("500109", "北碚区")
    # and the rows follow the chain: the district office → the district → the city
    part_of = _edges(ex, "PART_OF")
    assert ("重庆市北碚区人民政府办公室", "重庆市北碚区人民政府") in part_of
    assert ("重庆市北碚区人民政府", "重庆市人民政府") in part_of


def test_rows_map_the_resolved_fields_without_resolving_again():
    ex = policykg.extract(LIUZHOU)
    assert ("柳政办〔2022〕5号", "450200") in _edges(ex, "LOCATED_IN")
    assert ("柳州市发展和改革委员会", "450200") in _edges(ex, "LOCATED_IN")
    # change what resolution decided: the rows change with it (nothing is looked up again)
    city = ex.parent_refs["柳州市人民政府"]
    moved = dataclasses.replace(
        ex,
        region_code="500000",
        places={},
        parent_refs={"柳州市人民政府": dataclasses.replace(city, parent="某上级机关")},
    )
    located = _edges(moved, "LOCATED_IN")
    assert ("柳政办〔2022〕5号", "500000") in located
    assert ("柳政办〔2022〕5号", "450200") not in located
    assert ("柳州市发展和改革委员会", "450200") not in located
    assert ("柳州市人民政府", "某上级机关") in _edges(moved, "PART_OF")
    assert ("柳州市人民政府", "某上级机关") not in _edges(ex, "PART_OF")


def test_an_unresolved_extraction_is_refused_with_its_path():
    ex = dataclasses.replace(policykg.extract(LIUZHOU), doc_id="")
    with pytest.raises(ValueError, match="004_a334c3813ca2a563.txt.*not resolved"):
        batch_for(ex)
