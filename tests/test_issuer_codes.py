"""The 机关代字 registry: canonical file, sound entries, every example parses back to its entry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policykg.loaders.docnumber import find_docnumbers, issuer_for, parse_docnumber
from policykg.loaders.issuer_codes import (
    LEVELS,
    IssuerCode,
    all_codes,
    known_codes,
    lookup_code,
)
from policykg.loaders.resolve import region_from_name

DATA = Path(__file__).resolve().parent.parent / "policykg" / "data" / "issuer_codes.json"
ENTRIES = all_codes()


def test_file_is_canonically_formatted() -> None:
    text = DATA.read_text(encoding="utf-8")
    raw = json.loads(text)
    assert text == json.dumps(raw, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    codes = [e["code"] for e in raw]
    assert codes == sorted(codes)
    assert all(
        set(e) == {"code", "issuer", "region", "region_code", "level", "examples"} for e in raw
    )


def test_codes_are_unique_and_many() -> None:
    codes = [e.code for e in ENTRIES]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 40
    assert known_codes() == frozenset(codes)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.code)
def test_entry_is_sound(entry: IssuerCode) -> None:
    assert entry.level in LEVELS
    assert entry.issuer and entry.code and len(entry.examples) >= 1
    rc = entry.region_code
    assert rc is None or (isinstance(rc, str) and re.fullmatch(r"[1-9]\d{5}", rc))
    assert rc != "100000"  # not a GB/T 2260 code: central organs have none
    assert (entry.region is None) == (rc is None) == (entry.level == "central")
    if entry.level == "province":
        assert rc is not None and rc.endswith("0000")
    elif entry.level == "prefecture":
        assert rc is not None and rc.endswith("00") and not rc.endswith("0000")
    elif entry.level == "county":
        assert rc is not None and not rc.endswith("00")


@pytest.mark.parametrize(
    ("entry", "example"),
    [(e, x) for e in ENTRIES for x in e.examples],
    ids=lambda v: v if isinstance(v, str) else v.code,
)
def test_every_example_parses_to_its_entry(entry: IssuerCode, example: str) -> None:
    d = parse_docnumber(example)
    assert d is not None, example
    assert d.code == entry.code
    assert issuer_for(example) == entry
    assert issuer_for(d) == entry
    # and it is found the same way inside a sentence
    (found,) = find_docnumbers(f"根据《关于某事的通知》（{example}）要求")
    assert found.code == entry.code and found.raw == example


@pytest.mark.parametrize(
    ("code", "issuer", "region", "region_code"),
    [
        ("渝府办发", "重庆市人民政府办公厅", "重庆市", "500000"),
        ("渝府发", "重庆市人民政府", "重庆市", "500000"),
        ("渝府令", "重庆市人民政府", "重庆市", "500000"),
        ("北碚府办发", "重庆市北碚区人民政府办公室", "北碚区", "500109"),
        ("北碚府发", "重庆市北碚区人民政府", "北碚区", "500109"),
        ("柳政办", "柳州市人民政府办公室", "柳州市", "450200"),
        ("柳政发", "柳州市人民政府", "柳州市", "450200"),
        ("桂政发", "广西壮族自治区人民政府", "广西壮族自治区", "450000"),
        ("桂政办发", "广西壮族自治区人民政府办公厅", "广西壮族自治区", "450000"),
        ("渝发改投", "重庆市发展和改革委员会", "重庆市", "500000"),
        ("川府发", "四川省人民政府", "四川省", "510000"),
        ("粤府", "广东省人民政府", "广东省", "440000"),
        ("国发", "国务院", None, None),
        ("国办发", "国务院办公厅", None, None),
        ("国函", "国务院", None, None),
        ("国办函", "国务院办公厅", None, None),
        ("发改投资", "国家发展和改革委员会", None, None),
        ("财建", "财政部", None, None),
    ],
)
def test_required_codes(
    code: str, issuer: str, region: str | None, region_code: str | None
) -> None:
    entry = lookup_code(code)
    assert entry is not None
    assert (entry.issuer, entry.region, entry.region_code) == (issuer, region, region_code)


def test_lookup_and_issuer_for() -> None:
    assert lookup_code(" 国发 ") == lookup_code("国发")
    assert lookup_code("不存在") is None
    assert issuer_for("渝府办发[2020]118号") == lookup_code("渝府办发")
    assert issuer_for("柳政办〔20225号") == lookup_code("柳政办")
    assert issuer_for("渝府令第345号") == lookup_code("渝府令")
    assert issuer_for("国家税务总局公告2018年第31号") == lookup_code("国家税务总局公告")
    assert issuer_for("not a number") is None


def test_unknown_code_parses_without_issuer() -> None:
    d = parse_docnumber("泸府办发〔2021〕15号")
    assert d is not None and d.code == "泸府办发"
    assert issuer_for(d) is None
    assert issuer_for("泸府办发〔2021〕15号") is None


def test_all_codes_is_sorted_and_cached() -> None:
    assert [e.code for e in all_codes()] == sorted(e.code for e in all_codes())
    assert lookup_code("国发") is lookup_code("国发")


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.level != "central"], ids=lambda e: e.code
)
def test_region_follows_from_the_issuers_name(entry: IssuerCode) -> None:
    """The stored region is the one the issuer's own name gives (regions data, no registry)."""
    region = region_from_name(entry.issuer)
    assert region is not None, entry.issuer
    assert (region.name, region.code) == (entry.region, entry.region_code)


@pytest.mark.parametrize(
    ("code", "issuer", "region"),
    [
        ("穗府", "广州市人民政府", "广州市"),
        ("穗府办规", "广州市人民政府办公厅", "广州市"),
        ("深府", "深圳市人民政府", "深圳市"),
        ("宁政办规字", "南京市人民政府办公厅", "南京市"),
        ("沈政令", "沈阳市人民政府", "沈阳市"),
        ("成府发", "成都市人民政府", "成都市"),
        ("筑府发", "贵阳市人民政府", "贵阳市"),  # 贵阳 numbers 筑府, not 贵府
        ("榕政办", "福州市人民政府办公厅", "福州市"),
        ("大政办发", "大连市人民政府办公室", "大连市"),
        ("京政办发", "北京市人民政府办公厅", "北京市"),
        ("黑政办发", "黑龙江省人民政府办公厅", "黑龙江省"),
    ],
)
def test_city_government_codes(code: str, issuer: str, region: str) -> None:
    entry = lookup_code(code)
    assert entry is not None and (entry.issuer, entry.region) == (issuer, region)


@pytest.mark.parametrize(
    "number",
    [
        "宁政发〔2000〕128号",  # 宁夏回族自治区人民政府 (cited in 国函〔2001〕80号) …
        "宁政发〔2019〕3号",  # … and 南京市人民政府 number their documents alike
        "宁政办发〔2018〕47号",  # 南京市人民政府办公厅; 宁夏's 办公厅 uses 宁政办发 too
    ],
)
def test_a_code_two_governments_share_stays_unresolved(number: str) -> None:
    d = parse_docnumber(number)
    assert d is not None and d.code in ("宁政发", "宁政办发")
    assert issuer_for(d) is None
