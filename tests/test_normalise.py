"""The normalisation stage: each step, the offset map (Hypothesis), and extraction on text that
needs it, where every span must still index the original text as written."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.docnumber import find_docnumbers
from policykg.loaders.extract import extract_source
from policykg.loaders.normalise import STEPS, normalise
from policykg.loaders.read import Source, read_source

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "notices"
NO_BREAKS = tuple(s for s in STEPS if s != "breaks")
# steps whose result on a slice equals the slice of the result (spacing looks at the neighbours)
LOCAL = tuple(s for s in STEPS if s not in ("breaks", "spacing"))


@pytest.mark.parametrize(
    ("text", "want", "steps"),
    [
        (
            "國務院辦公廳關於印發的通知 國辦發〔2020〕1號",
            "国务院办公厅关于印发的通知 国办发〔2020〕1号",
            ("traditional",),
        ),
        ("國(guó)辦發〔2020〕1号", "国办发〔2020〕1号", ("traditional", "pinyin")),
        ("国（guó）务院 国(guo2)办", "国务院 国办", ("pinyin",)),
        ("渝府办发〔２０２０〕１１８号", "渝府办发〔2020〕118号", ("width",)),
        ("渝府\u200b办发〔2020〕\ufeff118号", "渝府办发〔2020〕118号", ("zero_width",)),
        ("乾安县人民政府", "乾安县人民政府", ()),  # a simplified place name is left alone
        ("生产总值(GDP)、办法(试行)、PPP(ppp)", "生产总值(GDP)、办法(试行)、PPP(ppp)", ()),
        ("渝府办发〔2020〕118号", "渝府办发〔2020〕118号", ()),
        ("文　　号：渝府办发〔2020〕118号", "文号：渝府办发〔2020〕118号", ("spacing",)),
        ("索 引 号：1 财政部 税务总局公告", "索引号：1 财政部 税务总局公告", ("spacing",)),
    ],
)
def test_steps(text, want, steps):
    n = normalise(text)
    assert n.text == want
    assert n.steps == steps


def test_run_on_text_gets_line_breaks():
    text = (
        "生态环境部文件环督察〔2022〕58号关于印发《某意见》的通知各省、自治区、直辖市人民政府，"
        "新疆生产建设兵团：《某意见》已经审议通过。现印发给你们，请认真贯彻落实。" * 3
    )
    n = normalise(text)
    assert "breaks" in n.steps
    lines = n.text.split("\n")
    assert lines[0] == "生态环境部文件环督察〔2022〕58号"
    assert lines[1] == "关于印发《某意见》的通知"
    assert lines[2].endswith("新疆生产建设兵团：")
    # an inserted break maps to no character of the original
    assert n.surface(0, len(n.text)) == text


def test_text_with_line_breaks_gets_none():
    text = "关于印发某方案的通知\n各单位：\n" + "正文。" * 200
    assert "breaks" not in normalise(text).steps


# Hypothesis: text made of pieces that every step acts on
PIECES = st.sampled_from(
    [
        "國",
        "辦",
        "發",
        "號",
        "关于",
        "(guó)",
        "（bàn）",
        "\u200b",
        "\ufeff",
        "２０",
        "Ａ",
        "〔",
        "〕",
        "2020",
        "号",
        "，",
        "。",
        "\n",
        " ",
        "(GDP)",
        "文",
        "\u3000",
        "号 ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_offset_map(text):
    full = normalise(text, NO_BREAKS)
    assert normalise(full.text, NO_BREAKS).text == full.text  # idempotent
    for i in range(len(full.text)):  # every character maps to one original character
        s, e = full.span(i, i + 1)
        assert e == s + 1
    n = normalise(text, LOCAL)
    # every normalised character comes from the original character it maps to
    for i, ch in enumerate(n.text):
        s, e = n.span(i, i + 1)
        assert e == s + 1
        assert normalise(text[s], ("traditional", "width")).text == ch
    # spans are monotone and every original slice normalises to the normalised slice
    for i in range(len(n.text) + 1):
        for j in range(i, min(len(n.text), i + 6) + 1):
            s, e = n.span(i, j)
            assert 0 <= s <= e <= len(text)
            if i < j:
                assert normalise(text[s:e], LOCAL).text == n.text[i:j]


@settings(max_examples=100, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_offset_map_with_inserted_breaks(text):
    text = "x" * 90 + text + "〔2020〕1号关于某事的通知各单位：正文。"
    n = normalise(text)
    assert n.text.replace("\n", "") == normalise(text, NO_BREAKS).text.replace("\n", "")
    for i in range(len(n.text)):
        s, e = n.span(i, i + 1)
        if n.text[i] == "\n" and (e == s):
            continue  # an inserted break
        assert e == s + 1


def _traditional_mirror(text: str) -> str:
    """A sample notice as a traditional-script mirror with pinyin debris and zero-width marks."""
    t = opencc.OpenCC("s2t").convert(text)
    return t.replace("辦發", "辦(bàn)發", 1).replace("關於", "關\u200b於", 3)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_traditional_mirror_extracts_like_the_original(path):
    plain = extract_source(read_source(path))
    src = read_source(path)
    mirror_text = _traditional_mirror(src.text)
    assert mirror_text != src.text
    mirror = extract_source(Source("mirror.txt", mirror_text, src.sha256, "text"))
    assert mirror.text == mirror_text
    assert mirror.doc_number == plain.doc_number
    assert mirror.date == plain.date
    assert [(c.doc_number, c.title) for c in mirror.cites] == [
        (c.doc_number, c.title) for c in plain.cites
    ]
    # every span indexes the original (traditional) text and holds the fact as written
    if mirror.doc_number:
        s, e = mirror.number_span
        assert mirror_text[s:e] == mirror.doc_number_as_written
        (again,) = find_docnumbers(normalise(mirror.doc_number_as_written).text)
        assert again.canonical == mirror.doc_number
    for c in mirror.cites:
        assert mirror_text[c.start : c.end] == c.surface
        assert c.sentence in mirror_text
        if c.title:
            assert c.title in normalise(c.surface).text
        if c.doc_number:
            found = find_docnumbers(normalise(c.surface).text)
            assert c.doc_number in {d.canonical for d in found}
    for f in mirror.figures:
        assert f.sentence in mirror_text
    for d in mirror.duties:
        assert d.sentence in mirror_text
        assert 0 <= d.start < d.end <= len(mirror_text)
    for p in mirror.projects:
        if p.start >= 0:
            assert p.end <= len(mirror_text)


def test_extract_json_keeps_surface_forms():
    text = "國務院辦公廳關於某事的通知\n國(guó)辦發〔2020〕1號\n各省：\n按照《某某管理辦法》（渝府辦發〔2020〕118號）執行。\n"
    ex = extract_source(Source("t.txt", text, "0" * 64, "text"))
    j = ex.to_json()
    assert j["doc_number"] == "国办发〔2020〕1号"
    assert j["doc_number_as_written"] == "國(guó)辦發〔2020〕1號"
    assert j["normalised"] == ["traditional", "pinyin"]
    (c,) = j["cites"]
    assert (c["doc_number"], c["title"]) == ("渝府办发〔2020〕118号", "某某管理办法")
    assert c["surface"] == "《某某管理辦法》（渝府辦發〔2020〕118號）"
    assert text[c["start"] : c["end"]] == c["surface"]
    assert c["sentence"] == "按照《某某管理辦法》（渝府辦發〔2020〕118號）執行。"


def test_traditional_gan_words_read_as_simplified():
    """OpenCC's s2t writes 干流 as 乾流 and traditional script writes 乾旱, 乾燥 (MEE 195 through
    s2t cited 《青海省湟水乾流区…规划》); in traditional text those words read with 干, while 乾
    alone stays (乾隆, 乾县) and simplified text is left as written."""
    t = "根據《青海省湟水乾流區水資源配置工程規劃》，乾旱地區的乾淨水源"
    assert normalise(t).text == "根据《青海省湟水干流区水资源配置工程规划》，干旱地区的干净水源"
    assert normalise("乾隆年間，陝西乾縣").text == "乾隆年间，陕西乾县"
    assert normalise("乾流").text == "乾流"  # no traditional character: not converted
