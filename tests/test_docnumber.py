"""文号 grammar: real strings → expected records, the sample notices, normaliser properties."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hang_guard import no_hang
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.loaders.docnumber import find_docnumbers, normalize_docnumber, parse_docnumber
from policykg.loaders.issuer_codes import all_codes
from policykg.records import DocNumber

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "examples" / "notices"
GOLD = ROOT / "tests" / "gold" / "seeds.json"


def found(text: str) -> list[tuple[str, str, str, bool]]:
    return [(d.canonical, d.raw, d.kind, d.repaired) for d in find_docnumbers(text)]


# (text, [(canonical, raw, kind, repaired), …]) — strings as they appear in real notices
FIND_CASES: list[tuple[str, list[tuple[str, str, str, bool]]]] = [
    (
        "渝府办发〔2020〕118号",
        [("渝府办发〔2020〕118号", "渝府办发〔2020〕118号", "standard", False)],
    ),
    ("按照国办发〔2019〕5号", [("国办发〔2019〕5号", "国办发〔2019〕5号", "standard", False)]),
    ("根据国发〔2004〕20号文件", [("国发〔2004〕20号", "国发〔2004〕20号", "standard", False)]),
    ("依据渝府发〔2021〕6号", [("渝府发〔2021〕6号", "渝府发〔2021〕6号", "standard", False)]),
    ("参照财建〔2017〕26号执行", [("财建〔2017〕26号", "财建〔2017〕26号", "standard", False)]),
    ("执行国办发〔2007〕64号", [("国办发〔2007〕64号", "国办发〔2007〕64号", "standard", False)]),
    (
        "印发国办函〔2016〕108号",
        [("国办函〔2016〕108号", "国办函〔2016〕108号", "standard", False)],
    ),
    ("转发国函〔2019〕38号", [("国函〔2019〕38号", "国函〔2019〕38号", "standard", False)]),
    (
        "关于印发投资体制改革方案的通知国发〔2009〕12号",
        [("国发〔2009〕12号", "国发〔2009〕12号", "standard", False)],
    ),
    (
        "《重庆市人民政府办公厅关于加快市级政府投资项目前期工作的通知》渝府办发〔2020〕118号",
        [("渝府办发〔2020〕118号", "渝府办发〔2020〕118号", "standard", False)],
    ),
    (
        "（北碚府办发〔2022〕9号）",
        [("北碚府办发〔2022〕9号", "北碚府办发〔2022〕9号", "standard", False)],
    ),
    ("渝府办发[2020]118号", [("渝府办发〔2020〕118号", "渝府办发[2020]118号", "standard", False)]),
    (
        "渝府办发（2020）118号",
        [("渝府办发〔2020〕118号", "渝府办发（2020）118号", "standard", False)],
    ),
    ("渝府办发(2020)118号", [("渝府办发〔2020〕118号", "渝府办发(2020)118号", "standard", False)]),
    (
        "渝府办发【2020】118号",
        [("渝府办发〔2020〕118号", "渝府办发【2020】118号", "standard", False)],
    ),
    (
        "渝府办发〈2020〉118号",
        [("渝府办发〔2020〕118号", "渝府办发〈2020〉118号", "standard", False)],
    ),
    (
        "渝府办发［2020］118号",
        [("渝府办发〔2020〕118号", "渝府办发［2020］118号", "standard", False)],
    ),
    (
        "桂发改投资﹝2013﹞833号",
        [("桂发改投资〔2013〕833号", "桂发改投资﹝2013﹞833号", "standard", False)],
    ),
    (
        "渝府办发〔 2020 〕118号",
        [("渝府办发〔2020〕118号", "渝府办发〔 2020 〕118号", "standard", False)],
    ),
    (
        "渝北府发 〔2017〕 7号",
        [("渝北府发〔2017〕7号", "渝北府发 〔2017〕 7号", "standard", False)],
    ),
    ("桂政发〔2006〕17 号", [("桂政发〔2006〕17号", "桂政发〔2006〕17 号", "standard", False)]),
    (
        "渝府办发〔２０２０〕１１８号",
        [("渝府办发〔2020〕118号", "渝府办发〔２０２０〕１１８号", "standard", False)],
    ),
    (
        "渝府办发〔2020〕008号",
        [("渝府办发〔2020〕8号", "渝府办发〔2020〕008号", "standard", False)],
    ),
    ("国发〔2009〕第12号", [("国发〔2009〕12号", "国发〔2009〕第12号", "standard", False)]),
    (
        "重庆市人民政府办公厅渝府办发〔2020〕118号",
        [("渝府办发〔2020〕118号", "渝府办发〔2020〕118号", "standard", False)],
    ),
    ("国务院国发〔2014〕60号", [("国发〔2014〕60号", "国发〔2014〕60号", "standard", False)]),
    ("加快推进工作国发〔2020〕5号", [("国发〔2020〕5号", "国发〔2020〕5号", "standard", False)]),
    ("经国办发〔2020〕1号", [("国办发〔2020〕1号", "国办发〔2020〕1号", "standard", False)]),
    # a province's own code built on a central one is not cut down to it
    ("渝财建〔2020〕5号", [("渝财建〔2020〕5号", "渝财建〔2020〕5号", "standard", False)]),
    ("北碚财建〔2020〕5号", [("北碚财建〔2020〕5号", "北碚财建〔2020〕5号", "standard", False)]),
    (
        "（国发〔2009〕12号、国办发〔2010〕3号和渝府发〔2011〕4号）",
        [
            ("国发〔2009〕12号", "国发〔2009〕12号", "standard", False),
            ("国办发〔2010〕3号", "国办发〔2010〕3号", "standard", False),
            ("渝府发〔2011〕4号", "渝府发〔2011〕4号", "standard", False),
        ],
    ),
    # orders
    ("渝府令第345号", [("渝府令第345号", "渝府令第345号", "order", False)]),
    ("渝府令〔2020〕3号", [("渝府令〔2020〕3号", "渝府令〔2020〕3号", "order", False)]),
    ("根据国务院令第712号", [("国务院令第712号", "国务院令第712号", "order", False)]),
    (
        "中华人民共和国国务院令第712号",
        [("国务院令第712号", "中华人民共和国国务院令第712号", "order", False)],
    ),
    ("主席令第三十一号", [("主席令第31号", "主席令第三十一号", "order", False)]),
    (
        "国家发展改革委令2014年第7号",
        [("国家发展改革委令〔2014〕7号", "国家发展改革委令2014年第7号", "order", False)],
    ),
    (
        "（2016年11月27日国家发展和改革委员会令第44号）",
        [("国家发展和改革委员会令第44号", "国家发展和改革委员会令第44号", "order", False)],
    ),
    ("2019年9月19日市政府令第1号公布", [("市政府令第1号", "市政府令第1号", "order", False)]),
    # announcements
    (
        "国家税务总局公告2018年第31号",
        [("国家税务总局公告2018年第31号", "国家税务总局公告2018年第31号", "announcement", False)],
    ),
    (
        "根据财政部 税务总局 海关总署公告2019年第39号",
        [
            (
                "财政部 税务总局 海关总署公告2019年第39号",
                "财政部 税务总局 海关总署公告2019年第39号",
                "announcement",
                False,
            )
        ],
    ),
    (
        "国家税务总局公告〔2018〕31号",
        [("国家税务总局公告2018年第31号", "国家税务总局公告〔2018〕31号", "announcement", False)],
    ),
    # a date fused in front; local codes that begin with a common character
    (
        "2020年5月6日渝府办发〔2020〕1号",
        [("渝府办发〔2020〕1号", "渝府办发〔2020〕1号", "standard", False)],
    ),
    ("同政发〔2020〕1号", [("同政发〔2020〕1号", "同政发〔2020〕1号", "standard", False)]),
    ("日政发〔2019〕3号", [("日政发〔2019〕3号", "日政发〔2019〕3号", "standard", False)]),
    # damage repaired
    ("柳政办〔20225号附表1.et", [("柳政办〔2022〕5号", "柳政办〔20225号", "standard", True)]),
    ("柳政办〔2022 5号", [("柳政办〔2022〕5号", "柳政办〔2022 5号", "standard", True)]),
    ("柳政办2022〕5号", [("柳政办〔2022〕5号", "柳政办2022〕5号", "standard", True)]),
    ("泸府办发〔202115号", [("泸府办发〔2021〕15号", "泸府办发〔202115号", "standard", True)]),
]

# text that holds no 文号
NOT_NUMBERS = [
    "2022年4月7日",
    "2022117",
    "2022118日印发",
    "联系电话：0772-2825136，传真(0772)2825136",
    "项目总投资5228.27亿元，年度计划投资776.92亿元",
    "第十四个五年规划和二〇三五年远景目标纲要",
    "XX〔2020〕X号",
    "XX〔2020〕5号",
    "（啊啊啊啊〔0000〕000号）",  # a template's zeroed number
    "××〔2020〕×号",
    "〔2020〕5号",
    "（2020）5号",
    "渝府办发〔2020〕号",
    "渝府办发〔20〕5号",
    "渝府办发〔1900〕5号",
    "渝府办发〔2020〕0号",
    "柳政办〔18005号",  # a fused year outside 1949..2100 is not repaired
    "项目地块（2021）3号楼",
    "（2021-2022）5号线",
    "（截至2022）5号",
    "证书编号（201905号）",
    "微信号:chuneng365",
    "http://172.17.39.17:8080/epointlzzdxm/login/login",
    "命令第3号",
    "本公告〔2018〕3号",
    "二期（2021）3号车间",
    "项目（2020）12号地块",
    "本公告2020年第3号",
    "公告2018年第31号",
    "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某公告2018年第3号",
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find(text: str, expected: list[tuple[str, str, str, bool]]) -> None:
    got = find_docnumbers(text)
    assert [(d.canonical, d.raw, d.kind, d.repaired) for d in got] == expected
    for d in got:
        assert text[d.start : d.end] == d.raw


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_a_number(text: str) -> None:
    assert find_docnumbers(text) == []


def test_record_fields() -> None:
    text = "要严格执行《通知》（渝府办发〔2020〕8号）有关要求"
    (d,) = find_docnumbers(text)
    assert d == DocNumber("渝府办发", 2020, 8, "standard", "渝府办发〔2020〕8号", 10, 22, False)
    (o,) = find_docnumbers("渝府令第345号")
    assert (o.code, o.year, o.serial, o.kind) == ("渝府令", None, 345, "order")
    (a,) = find_docnumbers("国家税务总局公告2018年第31号")
    assert (a.code, a.year, a.serial, a.kind) == ("国家税务总局公告", 2018, 31, "announcement")
    (r,) = find_docnumbers("柳政办〔20225号")
    assert (r.code, r.year, r.serial, r.repaired) == ("柳政办", 2022, 5, True)


# ---- the sample notices: every 文号, exact spans, nothing else --------------------------------

SAMPLE_NUMBERS = {
    "000_32a3df4cf58a4136.txt": [
        "渝府办发〔2024〕33号",
        "渝府办发〔2022〕96号",
        "渝府办发〔2020〕118号",
    ],
    "001_4d24b685d0f94245.txt": [
        "渝府办发〔2021〕25号",
        "渝府办发〔2020〕8号",
        "渝府办发〔2020〕118号",
    ],
    "002_7493e2b4e65cafb3.txt": [],
    "003_3eb0fbf1fa00c0cf.txt": [
        "北碚府办发〔2022〕9号",
        "北碚府发〔2021〕9号",
        "渝府办发〔2020〕118号",
    ],
    "004_a334c3813ca2a563.txt": ["柳政办〔20225号", "柳政办〔20225号"],
}


def _spans(text: str, raws: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for raw in raws:
        i = text.index(raw, pos)
        out.append((i, i + len(raw)))
        pos = i + len(raw)
    return out


@pytest.mark.parametrize("name", sorted(SAMPLE_NUMBERS))
def test_sample_notices(name: str) -> None:
    text = (NOTICES / name).read_text(encoding="utf-8")
    got = find_docnumbers(text)
    assert [d.raw for d in got] == SAMPLE_NUMBERS[name]
    assert [(d.start, d.end) for d in got] == _spans(text, SAMPLE_NUMBERS[name])
    for d in got:
        assert text[d.start : d.end] == d.raw


def test_sample_notices_agree_with_gold() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for doc in gold["documents"]:
        text = (NOTICES / doc["file"]).read_text(encoding="utf-8")
        found_set = {d.canonical for d in find_docnumbers(text)}
        wanted = {c["doc_number"] for c in doc.get("cites", []) if c.get("doc_number")}
        if doc.get("doc_number"):
            wanted.add(doc["doc_number"])
        assert found_set == wanted, doc["file"]


def test_damaged_number_in_004_twice() -> None:
    text = (NOTICES / "004_a334c3813ca2a563.txt").read_text(encoding="utf-8")
    got = find_docnumbers(text)
    assert [d.canonical for d in got] == ["柳政办〔2022〕5号"] * 2
    assert all(d.repaired for d in got)


# ---- parse / normalize ------------------------------------------------------------------------

PARSE_CASES = [
    ("渝府办发〔2020〕118号", "渝府办发〔2020〕118号"),
    ("  渝府办发[2020]118号 ", "渝府办发〔2020〕118号"),
    ("（渝府办发〔2020〕118号）", "渝府办发〔2020〕118号"),
    ("(渝府办发(2020)118号)", "渝府办发〔2020〕118号"),
    ("【国办发【2018】101号】", "国办发〔2018〕101号"),
    ("渝府办发〔２０２０〕第００８号", "渝府办发〔2020〕8号"),
    ("渝府令第345号", "渝府令第345号"),
    ("渝府令〔2020〕3号", "渝府令〔2020〕3号"),
    ("国家税务总局公告2018年第31号", "国家税务总局公告2018年第31号"),
    ("柳政办〔20225号", "柳政办〔2022〕5号"),
    ("国发明电〔2015〕1号", "国发明电〔2015〕1号"),
]


@pytest.mark.parametrize(("text", "canonical"), PARSE_CASES)
def test_parse_and_normalize(text: str, canonical: str) -> None:
    d = parse_docnumber(text)
    assert d is not None
    assert d.canonical == canonical
    assert text[d.start : d.end] == d.raw
    assert normalize_docnumber(text) == canonical
    assert normalize_docnumber(canonical) == canonical


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "按照国办发〔2019〕5号",  # a lead-in is more than a number
        "渝府办发〔2020〕118号文",
        "国发〔2009〕12号、国办发〔2010〕3号",
        "XX〔2020〕X号",
        "2022年4月7日",
        "（）",
    ],
)
def test_parse_rejects(text: str) -> None:
    assert parse_docnumber(text) is None
    assert normalize_docnumber(text) is None


def test_unknown_code_still_parses() -> None:
    d = parse_docnumber("泸府办发〔2021〕15号")
    assert d is not None and d.code == "泸府办发" and d.canonical == "泸府办发〔2021〕15号"


# ---- properties -------------------------------------------------------------------------------

OPENS = "〔[(（【〈［﹝〖"
CLOSES = "〕])）】〉］﹞〗"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
STANDARD_CODES = sorted(e.code for e in all_codes() if not e.code.endswith(("令", "公告"))) + [
    "泸府办发",
    "渝财建",
    "苏人社函",
]
ORDER_CODES = sorted(e.code for e in all_codes() if e.code.endswith("令"))
SPACES = st.sampled_from(["", "", " ", "\u3000"])


@st.composite
def digits(draw: st.DrawFn, n: int, pad: bool = True) -> str:
    s = str(n)
    if pad:
        s = "0" * draw(st.integers(0, 2)) + s
    return "".join(c.translate(FULL) if draw(st.booleans()) else c for c in s)


@st.composite
def standard_numbers(draw: st.DrawFn) -> tuple[str, str]:
    code = draw(st.sampled_from(STANDARD_CODES + ORDER_CODES))
    year = draw(st.integers(1949, 2100))
    serial = draw(st.integers(1, 9999))
    i = draw(st.integers(0, len(OPENS) - 1))
    j = i if draw(st.booleans()) else draw(st.integers(0, len(CLOSES) - 1))
    di = "第" if draw(st.booleans()) else ""
    sp = [draw(SPACES) for _ in range(5)]
    text = (
        f"{code}{sp[0]}{OPENS[i]}{sp[1]}{draw(digits(year, pad=False))}{sp[2]}{CLOSES[j]}"
        f"{sp[3]}{di}{draw(digits(serial))}{sp[4]}号"
    )
    return text, f"{code}〔{year}〕{serial}号"


@st.composite
def other_numbers(draw: st.DrawFn) -> tuple[str, str]:
    serial = draw(st.integers(1, 9999))
    if draw(st.booleans()):
        code = draw(st.sampled_from(ORDER_CODES))
        return f"{code}第{draw(digits(serial))}号", f"{code}第{serial}号"
    year = draw(st.integers(1949, 2100))
    y = draw(digits(year, pad=False))
    if draw(st.booleans()):
        code = draw(st.sampled_from(ORDER_CODES))
        return f"{code}{y}年第{draw(digits(serial))}号", f"{code}〔{year}〕{serial}号"
    code = draw(st.sampled_from(["国家税务总局公告", "海关总署公告", "财政部 税务总局公告"]))
    canonical = f"{code}{year}年第{serial}号"
    if draw(st.booleans()):
        return f"{code}〔{y}〕{draw(digits(serial))}号", canonical
    return f"{code}{y}年第{draw(digits(serial))}号", canonical


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(standard_numbers(), other_numbers()))
def test_normalize_is_idempotent(case: tuple[str, str]) -> None:
    text, canonical = case
    n = normalize_docnumber(text)
    assert n == canonical
    assert normalize_docnumber(n) == n
    d = parse_docnumber(canonical)
    assert d is not None and d.canonical == canonical and d.raw == canonical


@settings(max_examples=200)
@given(standard_numbers(), st.sampled_from(["按照", "根据", "的通知", "》（", "、", "\n"]))
def test_found_in_context(case: tuple[str, str], lead: str) -> None:
    text, canonical = case
    got = find_docnumbers(f"要严格{lead}{text}有关要求。")
    assert [d.canonical for d in got] == [canonical]


GRAMMAR_CHARS = (
    "〔〕[]()（）【】〈〉0123456789０１２号第令公告年月日渝府办发国政柳 \u3000\n的通知按照"
)


@settings(max_examples=300, deadline=500)
@given(st.text(alphabet=GRAMMAR_CHARS, max_size=400) | st.text(max_size=400))
def test_find_never_raises(text: str) -> None:
    got = find_docnumbers(text)
    last = 0
    for d in got:
        assert last <= d.start < d.end <= len(text)
        assert text[d.start : d.end] == d.raw
        assert normalize_docnumber(d.raw) == d.canonical
        last = d.end


# ---- linear time ------------------------------------------------------------------------------


def _finishes(text: str) -> list:
    with no_hang():
        return find_docnumbers(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "〔" * 100_000 + "号",
        "〔2020" * 100_000 + "号",
        "〔2020〕" * 100_000 + "号",
        "2020〕" * 100_000 + "号",
        "令第" * 100_000 + "号",
        "公告2020年第" * 50_000 + "号",
        "渝府办发" * 100_000 + "〔2020〕1号",
        "１" * 300_000 + "号",
        " " * 300_000 + "〔2020〕1号",
        "号" * 300_000,
        "〔2020〕1号" * 50_000,
    ],
    ids=[
        "open",
        "open-year",
        "no-serial",
        "close",
        "order",
        "announce",
        "long-run",
        "digits",
        "spaces",
        "hao",
        "no-code",
    ],
)
def test_adversarial_input_is_fast(text: str) -> None:
    _finishes(text)


@pytest.mark.slow
def test_random_cjk_megabyte_is_fast() -> None:
    rng = random.Random(7)
    text = "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(350_000))  # ~1 MB UTF-8
    _finishes(text)
    noisy = "".join(rng.choice(GRAMMAR_CHARS) for _ in range(1_000_000))
    _finishes(noisy)


@pytest.mark.slow
def test_throughput_on_notices() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(NOTICES.glob("*.txt"))) * 30
    # speed: benchmarks/real_text.py; here, the 文号 of every sample are found in the long text
    found = {n.canonical for n in _finishes(text)}
    assert {"渝府办发〔2021〕25号", "渝府办发〔2020〕118号"} <= found
