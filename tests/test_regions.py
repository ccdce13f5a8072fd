"""Regions: the GB/T 2260 table, special zones, name lookup scoped by jurisdiction."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.regions import (
    LEVELS,
    Region,
    ancestors,
    chain_name,
    dumps_regions,
    find_region,
    is_current,
    region_by_code,
    regions_in_text,
    short_name,
)

GOLD = json.loads((Path(__file__).parent / "gold" / "seeds.json").read_text(encoding="utf-8"))
DATA = resources.files("policykg").joinpath("data/regions.json")
MUNICIPALITIES = ("110000", "120000", "310000", "500000")


def _rows() -> list[list]:
    return json.loads(DATA.read_text(encoding="utf-8"))["regions"]


@pytest.mark.parametrize("gold", GOLD["regions"], ids=lambda g: g["name"])
def test_gold_regions(gold):
    r = region_by_code(gold["code"])
    assert r is not None and r.name == gold["name"]
    assert find_region(gold["name"]) == r
    parent = region_by_code(r.parent_code) if r.parent_code else None
    assert (parent.name if parent else None) == gold["parent"]


@pytest.mark.parametrize(
    ("name", "within", "code"),
    [
        ("北碚区", None, "500109"),
        ("北碚", None, "500109"),
        ("重庆市北碚区", None, "500109"),
        ("九龙坡区", "500000", "500107"),
        ("九龙坡", "500000", "500107"),
        ("柳州", None, "450200"),
        ("柳州市", None, "450200"),
        ("广西柳州市", None, "450200"),
        ("广西壮族自治区柳州市", None, "450200"),
        ("广西", None, "450000"),
        ("重庆", None, "500000"),
        ("柳江区", "450200", "450206"),
        ("城中区", "450200", "450202"),
        ("北京市朝阳区", None, "110105"),
        ("朝阳区", "110000", "110105"),
        ("江北区", "500000", "500105"),  # abolished 2025-11, still named by older documents
        ("石柱", None, "500240"),
        ("石柱土家族自治县", None, "500240"),
        ("仙桃市", None, "429004"),
        ("吉林市", None, "220200"),
        ("两江新区", None, "500000-Z-两江新区"),
        ("重庆两江新区", None, "500000-Z-两江新区"),
        ("重庆市两江新区", None, "500000-Z-两江新区"),
        ("柳东新区", "450200", "450200-Z-柳东新区"),
        ("阳和工业新区", None, "450200-Z-阳和工业新区"),
        ("浦东新区", None, "310115"),
        (" 北碚区 ", None, "500109"),
    ],
)
def test_find_region(name, within, code):
    r = find_region(name, within)
    assert r is not None and r.code == code


@pytest.mark.parametrize(
    ("name", "within"),
    [
        ("吉林", None),  # 吉林省 or 吉林市
        ("朝阳区", None),  # 北京 and 长春
        ("江北区", None),  # 重庆 (abolished) and 宁波
        ("城中区", None),  # 柳州 and 西宁
        ("北碚区", "450000"),  # outside the scope
        ("XX区", None),
        ("XX县", "500000"),
        ("某市", None),
        ("", None),
        (None, None),
        ("市辖区", None),  # a pseudo-level, not a region
        ("重庆市柳州市", None),
    ],
)
def test_find_region_none(name, within):
    assert find_region(name, within) is None


def test_municipality_counties_skip_pseudo_level():
    assert region_by_code("500109").parent_code == "500000"
    for code in MUNICIPALITIES:
        assert region_by_code(code[:2] + "0100") is None
        assert region_by_code(code[:2] + "0200") is None
    for code, _name, _level, parent, _type in _rows():
        if code[:2] + "0000" in MUNICIPALITIES and code not in MUNICIPALITIES:
            assert parent == code[:2] + "0000", code
    assert region_by_code("429004").parent_code == "420000"  # 省直辖县级行政区划


def test_ancestors_nearest_first():
    assert [r.code for r in ancestors("500109")] == ["500000"]
    assert [r.code for r in ancestors("450206")] == ["450200", "450000"]
    assert [r.code for r in ancestors("500000-Z-两江新区")] == ["500000"]
    assert ancestors("500000") == []
    assert ancestors("999999") == []


@pytest.mark.parametrize(
    ("name", "parent", "code"),
    [
        ("两江新区", "500000", "500000-Z-两江新区"),
        ("柳东新区", "450200", "450200-Z-柳东新区"),
        ("阳和工业新区", "450200", "450200-Z-阳和工业新区"),
        ("雄安新区", "130000", "130000-Z-雄安新区"),
    ],
)
def test_synthetic_zones(name, parent, code):
    r = region_by_code(code)
    assert r == Region(code, name, "zone", parent, True)
    assert find_region(name) == r


def test_real_code_zones_are_flagged_counties():
    for code in ("310115", "120116"):
        r = region_by_code(code)
        assert r is not None and r.special_zone and r.level == "county"
    assert not region_by_code("500109").special_zone


def test_liangjiang_district_code_points_at_the_zone():
    assert region_by_code("500157") == region_by_code("500000-Z-两江新区")
    assert not is_current("500105") and not is_current("500112") and is_current("500109")


def test_zone_examples_resolve():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(data["special_zones"]) >= 20
    for zone in data["special_zones"]:
        assert zone["examples"], zone["name"]
        for example in zone["examples"]:
            r = find_region(example)
            assert r is not None and r.code == zone["id"], example


def test_table_shape():
    rows = _rows()
    codes = [r[0] for r in rows]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    levels = Counter(r[2] for r in rows)
    assert levels["province"] == 34
    assert levels["prefecture"] >= 330
    assert levels["county"] >= 2800
    known = set(codes)
    for code, name, level, parent, _type in rows:
        assert len(code) == 6 and code.isdigit(), code
        assert level in LEVELS and name
        assert (parent is None) == (level == "province"), code
        assert parent is None or parent in known, code


def test_file_is_canonical_and_small():
    text = DATA.read_text(encoding="utf-8")
    assert text == dumps_regions(json.loads(text))
    assert len(text.encode("utf-8")) < 2_000_000


def test_every_region_found_by_name_within_parent():
    misses = []
    for code, name, *_ in _rows():
        r = region_by_code(code)
        assert r is not None
        found = find_region(name, r.parent_code)
        if found != r:
            misses.append(name)
    # the same name twice under one parent does not occur in GB/T 2260
    assert misses == []


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("北碚区", "北碚"),
        ("柳州市", "柳州"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("新疆维吾尔自治区", "新疆"),
        ("石柱土家族自治县", "石柱"),
        ("黔南布依族苗族自治州", "黔南"),
        ("忠县", None),
        ("两江新区", "两江"),
    ],
)
def test_short_name(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("code", "chain"),
    [
        ("500000", "重庆市"),
        ("500109", "重庆市北碚区"),
        ("450200", "柳州市"),
        ("450206", "柳州市柳江区"),
        ("450000", "广西壮族自治区"),
        ("429004", "仙桃市"),
        ("340422", "寿县"),
        ("450225", "融水苗族自治县"),
        ("500229", "重庆市城口县"),
        ("500000-Z-两江新区", "重庆市两江新区"),
    ],
)
def test_chain_name(code, chain):
    assert chain_name(region_by_code(code)) == chain


def test_regions_in_text():
    text = "重庆市北碚区和广西柳州市城中区，以及江北区的两江新区、东区"
    found = [(r.code, text[s:e]) for r, s, e in regions_in_text(text)]
    assert found == [
        ("500000", "重庆市"),
        ("500109", "北碚区"),
        ("450000", "广西"),
        ("450200", "柳州市"),
        ("450202", "城中区"),
        ("500000-Z-两江新区", "两江新区"),
    ]
    scoped = [r.code for r, _, _ in regions_in_text("江北区", within="500000")]
    assert scoped == ["500105"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("重庆市北碚区柳州广西XX某县新两江 ")), max_size=12))
def test_find_region_total_and_placeholder_free(name):
    r = find_region(name)
    assert r is None or isinstance(r, Region)
    if "XX" in name or "某" in name:
        assert r is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_regions_in_text_spans(text):
    for r, s, e in regions_in_text(text):
        assert 0 <= s < e <= len(text)
        assert text[s:e] in (r.name, short_name(r.name)) or text[s:e].endswith(r.name[-1])
