"""Agencies: resolution relative to the issuer's jurisdiction, mentions, duties, gold seeds."""

from __future__ import annotations

import json
import re
import time
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.agencies import (
    dumps_aliases,
    find_agency_mentions,
    find_duties,
    resolve_agency,
    unresolved_mentions,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = {
    d["file"][:3]: d
    for d in json.loads((ROOT / "tests/gold/seeds.json").read_text("utf-8"))["documents"]
}
NOTICES = {
    p.name[:3]: p.read_text("utf-8") for p in sorted((ROOT / "examples/notices").glob("*.txt"))
}
JURISDICTION = {"000": "500000", "001": "500000", "002": None, "003": "500109", "004": "450200"}
ALIASES = resources.files("policykg").joinpath("data/agency_aliases.json")


# ---------------------------------------------------------------------------- gold


@pytest.mark.parametrize("seed", sorted(JURISDICTION))
def test_gold_agencies(seed):
    gold, text, jurisdiction = GOLD[seed], NOTICES[seed], JURISDICTION[seed]
    refs = [ref for ref, _, _ in find_agency_mentions(text, jurisdiction)]
    refs += [resolve_agency(p["lead_unit"], jurisdiction) for p in gold["projects"]]
    assert {r.canonical for r in refs if r.canonical} == set(gold.get("agencies", []))
    # every short form written (the own government and names of functions included)
    written = [ref for ref, _, _ in find_agency_mentions(text, jurisdiction, include_own=True)]
    written += [resolve_agency(p["lead_unit"], jurisdiction) for p in gold["projects"]]
    aliases = {
        r.name: r.canonical for r in written if r.canonical and not r.name.endswith(r.canonical)
    }
    assert aliases == gold["aliases"]


@pytest.mark.parametrize("seed", ["001"])
def test_gold_lead_units(seed):
    for p in GOLD[seed]["projects"]:
        ref = resolve_agency(p["lead_unit"], JURISDICTION[seed])
        assert ref.canonical == p["lead_unit_canonical"]
        assert ref.region == p["region"]


def test_seed_002_has_no_agencies_and_no_placeholders():
    text = NOTICES["002"]
    assert find_agency_mentions(text, None) == []
    assert find_duties(text, None) == []
    for bad in GOLD["002"]["must_not_extract"]:
        assert resolve_agency(bad, None).canonical is None
        assert resolve_agency(bad, "500000").canonical is None


def test_seed_004_unresolved_are_reported_not_resolved():
    names = {n for n, _, _ in unresolved_mentions(NOTICES["004"], "450200")}
    assert {"市委督查绩效办", "市重点办", "市委市政府重点工作督查办公室"} <= names
    for n in names:
        assert resolve_agency(n, "450200").canonical is None


def test_mention_spans_are_the_names_as_written():
    for seed, text in NOTICES.items():
        for ref, s, e in find_agency_mentions(text, JURISDICTION[seed]):
            assert text[s:e] == ref.name


def test_own_government_and_citations_are_not_mentions():
    text = "经市政府同意，重庆市人民政府办公厅印发《重庆市发展和改革委员会关于X的通知》，报市人民政府。"
    assert find_agency_mentions(text, "500000") == []
    own = find_agency_mentions(text, "500000", include_own=True)
    assert [r.canonical for r, _, _ in own] == [
        "重庆市人民政府",
        "重庆市人民政府办公厅",
        "重庆市人民政府",
    ]


# ---------------------------------------------------------------------------- resolution

RESOLVE = [
    # Chongqing (municipality, 500000)
    ("市发展改革委", "500000", "重庆市发展和改革委员会", "重庆市人民政府", "重庆市", "province"),
    ("市政府督查办", "500000", "重庆市人民政府督查办公室", "重庆市人民政府", "重庆市", "province"),
    ("市招商投资局", "500000", "重庆市招商投资促进局", "重庆市人民政府", "重庆市", "province"),
    ("九龙坡区政府", "500000", "重庆市九龙坡区人民政府", "重庆市人民政府", "九龙坡区", "county"),
    ("两江新区管委会", "500000", "重庆两江新区管理委员会", "重庆市人民政府", "两江新区", "zone"),
    (
        "市住房城乡建委",
        "500000",
        "重庆市住房和城乡建设委员会",
        "重庆市人民政府",
        "重庆市",
        "province",
    ),
    ("市交通局", "500000", "重庆市交通局", "重庆市人民政府", "重庆市", "province"),
    (
        "市规划自然资源局",
        "500000",
        "重庆市规划和自然资源局",
        "重庆市人民政府",
        "重庆市",
        "province",
    ),
    ("市生态环境局", "500000", "重庆市生态环境局", "重庆市人民政府", "重庆市", "province"),
    ("市财政局", "500000", "重庆市财政局", "重庆市人民政府", "重庆市", "province"),
    ("市经济信息委", "500000", "重庆市经济和信息化委员会", "重庆市人民政府", "重庆市", "province"),
    ("市政府办公厅", "500000", "重庆市人民政府办公厅", "重庆市人民政府", "重庆市", "province"),
    ("重庆市人民政府办公厅", None, "重庆市人民政府办公厅", "重庆市人民政府", "重庆市", "province"),
    ("重庆市人民政府", None, "重庆市人民政府", None, "重庆市", "province"),
    ("市重大项目工作领导小组", "500000", "重庆市重大项目工作领导小组", None, "重庆市", "province"),
    # 北碚区 (500109): 区 is the district, 市 is Chongqing
    (
        "区发展改革委",
        "500109",
        "重庆市北碚区发展和改革委员会",
        "重庆市北碚区人民政府",
        "北碚区",
        "county",
    ),
    (
        "区政府办公室",
        "500109",
        "重庆市北碚区人民政府办公室",
        "重庆市北碚区人民政府",
        "北碚区",
        "county",
    ),
    ("区重大项目工作领导小组", "500109", "北碚区重大项目工作领导小组", None, "北碚区", "county"),
    ("全区重大项目工作领导小组", "500109", "北碚区重大项目工作领导小组", None, "北碚区", "county"),
    ("市发展改革委", "500109", "重庆市发展和改革委员会", "重庆市人民政府", "重庆市", "province"),
    ("重庆市北碚区人民政府", None, "重庆市北碚区人民政府", "重庆市人民政府", "北碚区", "county"),
    ("县人民政府", "500229", "重庆市城口县人民政府", "重庆市人民政府", "城口县", "county"),
    # 柳州市 (450200)
    ("市发展改革委", "450200", "柳州市发展和改革委员会", "柳州市人民政府", "柳州市", "prefecture"),
    ("市住建局", "450200", "柳州市住房和城乡建设局", "柳州市人民政府", "柳州市", "prefecture"),
    ("市财政局", "450200", "柳州市财政局", "柳州市人民政府", "柳州市", "prefecture"),
    ("市工信局", "450200", "柳州市工业和信息化局", "柳州市人民政府", "柳州市", "prefecture"),
    ("市政府办", "450200", "柳州市人民政府办公室", "柳州市人民政府", "柳州市", "prefecture"),
    ("柳州市人民政府", None, "柳州市人民政府", "广西壮族自治区人民政府", "柳州市", "prefecture"),
    ("柳江区政府", "450200", "柳州市柳江区人民政府", "柳州市人民政府", "柳江区", "county"),
    ("区发改局", "450206", "柳州市柳江区发展和改革局", "柳州市柳江区人民政府", "柳江区", "county"),
    (
        "自治区发展改革委",
        "450200",
        "广西壮族自治区发展和改革委员会",
        "广西壮族自治区人民政府",
        "广西壮族自治区",
        "province",
    ),
    # a county's organs carry the county's name alone (寿县), a 市辖区's its city's too
    ("县政府督查室", "340422", "寿县人民政府督查室", "寿县人民政府", "寿县", "county"),
    (
        "县发展改革局",
        "450225",
        "融水苗族自治县发展和改革局",
        "融水苗族自治县人民政府",
        "融水苗族自治县",
        "county",
    ),
    ("寿县人民政府", None, "寿县人民政府", "淮南市人民政府", "寿县", "county"),
    # 成都市 (510100)
    ("市住建局", "510100", "成都市住房和城乡建设局", "成都市人民政府", "成都市", "prefecture"),
    ("市经信局", "510100", "成都市经济和信息化局", "成都市人民政府", "成都市", "prefecture"),
    ("市生态环境局", "510100", "成都市生态环境局", "成都市人民政府", "成都市", "prefecture"),
    ("市卫健委", "510100", "成都市卫生健康委员会", "成都市人民政府", "成都市", "prefecture"),
    # a place name qualifies the body whatever the jurisdiction
    (
        "成都市住房和城乡建设局",
        None,
        "成都市住房和城乡建设局",
        "成都市人民政府",
        "成都市",
        "prefecture",
    ),
    ("省发展改革委", "420100", "湖北省发展和改革委员会", "湖北省人民政府", "湖北省", "province"),
]


@pytest.mark.parametrize(
    ("name", "jurisdiction", "canonical", "parent", "region", "level"), RESOLVE
)
def test_resolve(name, jurisdiction, canonical, parent, region, level):
    ref = resolve_agency(name, jurisdiction)
    assert ref.name == name
    assert (ref.canonical, ref.parent, ref.region, ref.level) == (canonical, parent, region, level)
    assert ref.method in ("alias", "rule")


@pytest.mark.parametrize(
    ("name", "jurisdiction"),
    [
        ("市委督查绩效办", "450200"),
        ("市重点办", "450200"),
        ("市委市政府重点工作督查办公室", "450200"),
        ("市招商投资局", "450200"),  # Chongqing's name, not Liuzhou's
        ("区发展改革委", "500000"),  # every district's, not one body
        ("市发展改革委", None),  # relative name without a jurisdiction
        ("各区县政府", "500000"),
        ("市政府有关部门", "500000"),
        ("有关单位", "500000"),
        ("各责任单位", "500000"),
        ("项目法人", "500000"),
        ("XX区", "500000"),
        ("XX县人民政府", None),
        ("某市发展改革委", None),
        ("某市", None),
        ("柳东新区管委会", "450200"),  # official name not in the alias table
        ("区委办公室", "500109"),  # a party body
        ("", "500000"),
    ],
)
def test_unresolved_stays_as_written(name, jurisdiction):
    ref = resolve_agency(name, jurisdiction)
    assert (ref.name, ref.canonical, ref.method, ref.score) == (name, None, "unresolved", 0.0)
    assert (ref.parent, ref.region) == (None, None)


def test_unresolved_names_keep_their_jurisdiction_guess():
    assert resolve_agency("市重点办", "450200").jurisdiction_guess == "柳州市"
    assert resolve_agency("区委办公室", "500109").jurisdiction_guess == "北碚区"
    assert resolve_agency("市发展改革委", None).jurisdiction_guess is None


def test_fuzzy_only_within_the_same_region_and_kind():
    ref = resolve_agency("市住房和城乡建设委", "500000")
    assert (ref.canonical, ref.method) == ("重庆市住房和城乡建设委员会", "fuzzy")
    assert 0.9 <= ref.score < 1.0
    assert resolve_agency("市住房和城乡建设委", "450200").canonical == "柳州市住房和城乡建设委员会"
    assert resolve_agency("市发展改革中心", "500000").canonical is None
    assert resolve_agency("市委住房和城乡建设委", "500000").canonical is None


def test_resolving_a_canonical_name_gives_it_back():
    for seed, text in NOTICES.items():
        for ref, _, _ in find_agency_mentions(text, JURISDICTION[seed]):
            if ref.canonical:
                again = resolve_agency(ref.canonical, JURISDICTION[seed])
                assert again.canonical == ref.canonical
                assert (again.parent, again.region) == (ref.parent, ref.region)


# ---------------------------------------------------------------------------- data file


def _aliases_data() -> dict:
    return json.loads(ALIASES.read_text(encoding="utf-8"))


def test_alias_file_is_canonical():
    text = ALIASES.read_text(encoding="utf-8")
    assert text == dumps_aliases(json.loads(text))


def _examples():
    data = _aliases_data()
    for section in ("abbreviations", "government_offices", "aliases"):
        for entry in data[section]:
            label = entry.get("full") or entry.get("canonical")
            assert entry["examples"], f"{section}: {label} has no examples"
            for ex in entry["examples"]:
                yield pytest.param(ex, id=f"{section}:{ex['name']}@{ex['jurisdiction']}")


@pytest.mark.parametrize("example", list(_examples()))
def test_every_entry_example_resolves(example):
    ref = resolve_agency(example["name"], example["jurisdiction"], example.get("date"))
    assert ref.canonical == example["canonical"]
    assert ref.method in ("alias", "rule", "rename")


def test_alias_entries_are_fully_qualified_and_examples_match_their_entry():
    data = _aliases_data()
    seen: set[str] = set()
    for entry in data["aliases"]:
        for name in entry["names"]:
            assert not re.match(r"^(?:省|市|区|县|全市|全区)", name), name  # relative: write it out
            assert name not in seen, name
            seen.add(name)
        for ex in entry["examples"]:
            assert ex["canonical"] == entry["canonical"]
    for entry in data["abbreviations"]:
        for ex in entry["examples"]:  # the name, or what it was renamed to by the example's date
            assert ex["canonical"].endswith(entry["full"]) or (
                entry.get("successor") and ex["canonical"].endswith(entry["successor"])
            )
    assert len(data["abbreviations"]) >= 50


# ---------------------------------------------------------------------------- duties

DUTIES = [
    (
        "一、加强统筹。市发展改革委要牵头编制市级重点项目清单，强化统筹调度。",
        "500000",
        [("重庆市发展和改革委员会", "市发展改革委要牵头编制市级重点项目清单，强化统筹调度。")],
    ),
    (
        "其中百项重点关注项目由市政府督查办跟踪督办。",
        "500000",
        [("重庆市人民政府督查办公室", "其中百项重点关注项目由市政府督查办跟踪督办。")],
    ),
    (
        "市招商投资局会同市级有关部门，加强统筹协调；项目法人要指定专人负责。",
        "500000",
        [("重庆市招商投资促进局", "市招商投资局会同市级有关部门，加强统筹协调；")],
    ),
    (
        "区发展改革委要牵头研究提出政策措施。每月25日前向区发展改革委报送进度。",
        "500109",
        [("重庆市北碚区发展和改革委员会", "区发展改革委要牵头研究提出政策措施。")],
    ),
    (
        "一是建立制度，市委督查绩效办会同市发展改革委、市重点办研究考核办法。",
        "450200",
        [
            (
                "市委督查绩效办",
                "一是建立制度，市委督查绩效办会同市发展改革委、市重点办研究考核办法。",
            ),
            (
                "柳州市发展和改革委员会",
                "一是建立制度，市委督查绩效办会同市发展改革委、市重点办研究考核办法。",
            ),
            ("市重点办", "一是建立制度，市委督查绩效办会同市发展改革委、市重点办研究考核办法。"),
        ],
    ),
    (
        "区政府办公室要加强督查。",
        "500109",
        [("重庆市北碚区人民政府办公室", "区政府办公室要加强督查。")],
    ),
    # not duties: the agency is an object, a meeting, a generic addressee, a function
    ("充分发挥市重大项目工作领导小组统筹协调作用。", "500000", []),
    ("市重大项目工作领导小组会议协调督办事项要快推进。", "500000", []),
    ("各区县政府和市政府有关部门、有关单位要强化项目安全管理。", "500000", []),
    # an approval is a relation too (经市政府同意), but not a duty
    ("经市政府同意，现就有关事项通知如下：", "500000", []),
    ("XX县发展改革委要加快推进项目。", "500000", []),
]


@pytest.mark.parametrize(("text", "jurisdiction", "expected"), DUTIES)
def test_duties(text, jurisdiction, expected):
    duties = [d for d in find_duties(text, jurisdiction) if d.relation in ("duty", "lead")]
    assert [(d.agency.canonical or d.agency.name, d.sentence) for d in duties] == expected
    for d in duties:
        assert text[d.start : d.end] == d.sentence


def test_duties_in_the_seeds():
    got = {
        seed: {
            d.agency.canonical or d.agency.name
            for d in find_duties(text, JURISDICTION[seed])
            if d.relation in ("duty", "lead")
        }
        for seed, text in NOTICES.items()
    }
    assert got["000"] == {"重庆市发展和改革委员会", "重庆市人民政府督查办公室"}
    assert got["001"] == {
        "重庆市发展和改革委员会",
        "重庆市人民政府督查办公室",
        "重庆市招商投资促进局",
    }
    assert "重庆市北碚区发展和改革委员会" in got["003"]
    assert "柳州市发展和改革委员会" in got["004"]
    assert got["002"] == set()
    for seed, text in NOTICES.items():
        for d in find_duties(text, JURISDICTION[seed]):
            assert text[d.start : d.end] == d.sentence
            assert not re.search(r"[。；]", d.sentence[:-1])


# ---------------------------------------------------------------------------- robustness


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "市区县省政府人民发展改革委局办领导小组重大项目XX某各有关，。由要、会同九龙坡两江新管"
            )
        ),
        max_size=80,
    )
)
def test_mentions_never_fail_and_spans_hold(text):
    for ref, s, e in find_agency_mentions(text, "500000", include_own=True):
        assert text[s:e] == ref.name
        assert "XX" not in ref.name and "某" not in ref.name
        if ref.canonical:  # resolving is idempotent: the official name resolves to itself
            assert resolve_agency(ref.canonical, "500000").canonical == ref.canonical
    for d in find_duties(text, "500109"):
        assert text[d.start : d.end] == d.sentence


@pytest.mark.parametrize(
    "text",
    [
        "市" * 100_000,
        "区县" * 50_000,
        "市委" + "重" * 100_000,
        "市重大项目工作" * 15_000,
        "《" + "市发展改革委" * 15_000,
        "市发展改革委，" * 15_000,
        "九龙坡区" * 25_000,
    ],
    ids=["shi", "quxian", "long-tail", "group-no-end", "open-title", "dense", "places"],
)
def test_no_catastrophic_backtracking(text):
    t0 = time.perf_counter()
    find_duties(text, "500000")
    assert time.perf_counter() - t0 < 3.0
