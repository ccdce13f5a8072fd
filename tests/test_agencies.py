"""Agencies: resolution relative to the issuer's jurisdiction, mentions, duties, gold seeds."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hang_guard import no_hang
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.agencies import (
    dumps_aliases,
    find_agency_mentions,
    find_duties,
    guess_issuer,
    guess_jurisdiction,
    resolve_agency,
    unresolved_mentions,
)
from policykg.loaders.national_agencies import load_national_json, resolve_national
from policykg.loaders.regions import find_region

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
    for section in ("abbreviations", "government_offices", "aliases", "province_forms"):
        for entry in data[section]:
            label = entry.get("full") or entry.get("canonical") or entry.get("province")
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
    with no_hang():
        find_duties(text, "500000")


# ---------------------------------------------------------------------------- national, dated


NATIONAL = [
    # name, jurisdiction, date, canonical (None: stays as written)
    ("国家发展改革委", "110000", "2026-07-23", "国家发展和改革委员会"),
    ("税务总局", None, None, "国家税务总局"),
    ("住建部", "500000", None, "住房和城乡建设部"),
    ("国土资源部", None, "2016-01-01", "国土资源部"),
    ("国土资源部", None, "2019-06-01", "自然资源部"),  # renamed in the 2018 reform
    ("环保部", None, "2015-06-01", "环境保护部"),
    ("银监会", None, "2020-01-01", "中国银行保险监督管理委员会"),
    ("银监会", None, "2024-01-01", "国家金融监督管理总局"),  # renamed twice
    ("人民银行", None, None, "中国人民银行"),
    ("人民银行", "440100", None, None),  # in a local notice: maybe the local branch
    ("人行福州中心支行", "350100", None, "中国人民银行福州中心支行"),
    ("人民银行大连市中心支行", "210200", None, "中国人民银行大连市中心支行"),
    ("大连银保监局", "210200", "2021-08-13", "中国银行保险监督管理委员会大连监管局"),
    ("大连银保监局", "210200", "2024-08-13", None),  # the office was renamed in 2023
    ("重庆金融监管局", "500000", "2025-01-01", "国家金融监督管理总局重庆监管局"),
    ("银监会北京监管局", "110000", "2017-03-26", "中国银行业监督管理委员会北京监管局"),
    ("市税务局", "341100", None, "国家税务总局滁州市税务局"),
    ("北京市税务局", None, None, "国家税务总局北京市税务局"),
    # local renames: one successor everywhere, or none (differs by place)
    ("市环保局", "500000", "2021-01-01", "重庆市生态环境局"),
    ("市环保局", "500000", "2015-01-01", "重庆市环境保护局"),
    ("市国土局", "350100", "2016-09-26", "福州市国土资源局"),
    ("市国土局", "350100", "2021-01-01", None),
    ("省环保厅", "440000", "2021-01-01", "广东省生态环境厅"),
    # a department is a 厅 in a province, a 局 in a city and in a 直辖市
    ("省财政厅", "440000", None, "广东省财政厅"),
    ("省财政局", "440000", None, None),
    ("市财政厅", "450200", None, None),
    ("市财政局", "500000", None, "重庆市财政局"),
    ("自治区住建厅", "450200", None, "广西壮族自治区住房和城乡建设厅"),
    # names that differ by place are data, not rules
    ("市国资委", "110000", None, None),
    ("市住房公积金管理中心", "350100", None, "福州住房公积金管理中心"),
    ("市住房公积金管理中心", "220200", None, "吉林市住房公积金管理中心"),
    ("市法制办", "430100", "2018-06-25", "长沙市人民政府法制办公室"),
    ("市法制办", "430100", "2020-06-25", None),  # merged into the 司法局 in 2019
    # a city's development zone written with its name
    ("滁州经济技术开发区管委会", "341100", None, "滁州经济技术开发区管理委员会"),
    ("重庆经开区管委会", "500000", None, "重庆经济技术开发区管理委员会"),
    ("万盛经开区管委会", "500000", None, None),
    ("江北新区管委会", "320100", None, "南京江北新区管理委员会"),
]


@pytest.mark.parametrize(("name", "jurisdiction", "date", "canonical"), NATIONAL)
def test_national_branches_renames_and_levels(name, jurisdiction, date, canonical):
    assert resolve_agency(name, jurisdiction, date).canonical == canonical


def _mentions(text, jurisdiction, **kw):
    return [
        (text[s:e], ref.canonical)
        for ref, s, e in find_agency_mentions(text, jurisdiction, include_own=True, **kw)
    ]


def test_the_issuer_named_by_itself():
    text = "我委对基准进行了修订。本局负责解释。住房公积金管理中心负责审批，国内其他城市住房公积金管理中心"
    got = _mentions(text, "440100", issuer="广州住房公积金管理中心")
    assert ("住房公积金管理中心", "广州住房公积金管理中心") in got
    assert ("我委", "广州住房公积金管理中心") not in got  # a 中心 is not a 委
    assert ("本局", "广州住房公积金管理中心") not in got
    assert len([g for g in got if g[0] == "住房公积金管理中心"]) == 1  # not 其他城市…
    got = _mentions(
        "我委对《基准》进行了修订，委托第三方评估。", "110000", issuer="北京市发展和改革委员会"
    )
    assert got == [("我委", "北京市发展和改革委员会")]
    assert _mentions("我委对基准进行了修订。", "110000") == []  # no issuer: nobody


def test_definitions_in_the_text_win():
    text = "重庆两江新区管理委员会（以下简称“管委会”）负责统筹。管委会要加强调度。"
    got = _mentions(text, "500000")
    assert got.count(("管委会", "重庆两江新区管理委员会")) == 1  # not the definition itself
    text = "广州市住房和城乡建设局（下称市住建局）会同有关部门。市住建局负责解释。"
    assert ("市住建局", "广州市住房和城乡建设局") in _mentions(text, "440100")


def test_names_confirmed_by_the_text():
    text = "沈阳市房产局政府信息公开指南。提高市房产局工作透明度。"
    assert ("市房产局", "沈阳市房产局") in _mentions(text, "210100")
    assert ("市房产局", "沈阳市房产局") not in _mentions("提高市房产局工作透明度。", "210100")


def test_general_office_by_place():
    dalian = "市政府办公厅文件。大连市人民政府办公室关于…的通知"
    assert ("市政府办公厅", None) in _mentions(dalian, "210200")
    changsha = "长沙市人民政府办公厅。经市政府办公厅研究"
    assert ("市政府办公厅", "长沙市人民政府办公厅") in _mentions(changsha, "430100")
    assert ("市政府办公室", None) in _mentions(changsha + "。市政府办公室", "430100")


def test_docnumber_codes_are_not_mentions():
    assert _mentions("《国务院办公厅关于印发〈办法〉的通知》(国办函〔2020〕109号)", None) == []


RELATIONS = [
    (
        "（责任单位：市住建局、市财政局、市人社局）",
        "341100",
        [
            ("滁州市住房和城乡建设局", "duty"),
            ("滁州市财政局", "duty"),
            ("滁州市人力资源和社会保障局", "duty"),
        ],
    ),
    (
        "牵头单位：市发展改革委；配合单位：市财政局",
        "500000",
        [("重庆市发展和改革委员会", "lead"), ("重庆市财政局", "duty")],
    ),
    ("市发展改革委牵头编制清单。", "500000", [("重庆市发展和改革委员会", "lead")]),
    ("经市政府同意，现就有关事项通知如下：", "500000", [("重庆市人民政府", "approval")]),
    (
        "现转发市发展改革委《关于…的通知》，请遵照执行。",
        "500000",
        [("重庆市发展和改革委员会", "forward")],
    ),
]


@pytest.mark.parametrize(("text", "jurisdiction", "expected"), RELATIONS)
def test_relations(text, jurisdiction, expected):
    got = [(d.agency.canonical, d.relation) for d in find_duties(text, jurisdiction)]
    assert got == expected


def test_jurisdiction_and_issuer_from_a_page_s_labels():
    page = "首页\n发布机构：\n滁州市住房和城乡建设局\n各县、市、区人民政府：\n市住建局负责。"
    assert guess_jurisdiction(page) == "341100"
    assert guess_issuer(page) == "滁州市住房和城乡建设局"
    counted = "沈阳市房产局 沈阳市房产局办公室负责。沈阳市房产局门户网站。向沈阳市房产局提出申请"
    assert guess_jurisdiction(counted) == "210100"
    assert guess_issuer(counted) == "沈阳市房产局"
    assert guess_jurisdiction("各有关单位：现将有关事项通知如下。") is None


def test_national_data_file_examples_resolve():
    data = load_national_json()
    for section in ("departments", "branches", "place_offices"):
        for entry in data[section]:
            assert entry["examples"], entry
            for ex in entry["examples"]:
                ref = resolve_national(ex["name"], ex["date"])
                assert ref is not None and ref.canonical == ex["canonical"], ex


def test_bare_names_only_in_their_own_government_s_notice():
    text = "县财政局审核后报县政府审批，经住建局核实后方可解除备案。"
    got = _mentions(text, "350421", issuer="明溪县人民政府")
    assert ("住建局", "明溪县住房和城乡建设局") in got
    assert ("县财政局", "明溪县财政局") in got
    # a bureau's page quoting other places' notices: a bare name names nobody
    assert ("住建局", "杭州市住房和城乡建设局") not in _mentions(
        "由住建局委托公证机构", "330100", issuer="杭州市住房保障和房产管理局"
    )


def test_a_zone_s_committee_through_the_zone_the_text_names():
    text = "滁州经济技术开发区管委会负责统筹。管委会要加强调度，各区人民政府配合。"
    assert ("管委会", "滁州经济技术开发区管理委员会") in _mentions(text, "341100")
    two = text + "中新苏滁高新技术产业开发区管委会、琅琊经济开发区管委会"
    assert ("管委会", "滁州经济技术开发区管理委员会") not in _mentions(two, "341100")
    own = "管委会各部门：经研究，管委会决定……"
    got = _mentions(own, None, issuer="重庆两江新区管理委员会")
    assert ("管委会", "重庆两江新区管理委员会") in got


def _real_aliases():
    data = json.loads((ROOT / "tests/corpus/real/expected.json").read_text("utf-8"))
    docs = data["documents"] if isinstance(data, dict) and "documents" in data else data
    if isinstance(docs, dict):
        docs = [dict(v, file=k) for k, v in docs.items()]
    for doc in docs:
        for written, full in (doc.get("aliases") or {}).items():
            yield pytest.param(doc, written, full, id=f"{doc.get('file', '')[:12]}:{written}")


@pytest.mark.parametrize(("doc", "written", "full"), list(_real_aliases()))
def test_short_forms_of_the_real_notices_resolve(doc, written, full):
    """tests/corpus/real/expected.json (checked by hand, independently of this module): each
    short form printed resolves, from the notice's region and date, to the full name given."""
    region = find_region(doc["region"]) if doc.get("region") else None
    assert (
        resolve_agency(written, region.code if region else None, doc.get("date")).canonical == full
    )


def test_a_page_quoting_several_places_resolves_by_section():
    text = (
        "我市部分区县开展活动。\n富阳区\n由区住建局委托公证机构。\n"
        "临 安 区\n由区住建局公示。\n桐 庐 县\n由县住建局和县商务局公示。\n"
    )
    got = _mentions(text, "330100")
    assert got == [
        ("区住建局", "杭州市富阳区住房和城乡建设局"),
        ("区住建局", "杭州市临安区住房和城乡建设局"),
        ("县住建局", "桐庐县住房和城乡建设局"),
        ("县商务局", "桐庐县商务局"),
    ]
    assert _mentions("由区住建局委托公证机构。", "330100") == []  # no heading: each district's
