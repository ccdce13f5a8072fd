"""Layouts seen in real published notices, restated in short strings of our own:
titles over several lines, run-on text without line breaks, a 文号 label, damaged dates,
a plan issued in the body (not a citation), 预案 titles, „‟ brackets."""

from __future__ import annotations

import pytest

from policykg.loaders import dates
from policykg.loaders.citations import find_citations
from policykg.loaders.extract import extract_source
from policykg.loaders.metadata import find_metadata
from policykg.loaders.read import Source


def _ex(text: str):
    return extract_source(Source("mem.txt", text, "0" * 64, "text"))


CASES = [
    # (text, field, expected)
    (
        "(资料图)\n郑州市人民政府\n关于印发2023年郑州市重点建设\n项目名单的通知\n郑政〔2023〕9号\n各区县(市)人民政府,各有关单位:\n正文。\n",
        "title",
        "郑州市人民政府关于印发2023年郑州市重点建设项目名单的通知",
    ),
    (
        "(资料图)\n郑州市人民政府\n关于印发2023年郑州市重点建设\n项目名单的通知\n郑政〔2023〕9号\n各区县(市)人民政府,各有关单位:\n正文。\n",
        "issuer",
        "郑州市人民政府",
    ),
    (
        "文档介绍:龙府发〔2009〕23号成都市龙泉驿区人民政府关于2009年重点推进重大项目有关事项的通知各街道办事处:为加快重大项目建设,现通知如下。成都市龙泉驿区人民政府2009年5月14日",
        "title",
        "成都市龙泉驿区人民政府关于2009年重点推进重大项目有关事项的通知",
    ),
    (
        "文档介绍:龙府发〔2009〕23号成都市龙泉驿区人民政府关于2009年重点推进重大项目有关事项的通知各街道办事处:为加快重大项目建设,现通知如下。成都市龙泉驿区人民政府2009年5月14日",
        "doc_number",
        "龙府发〔2009〕23号",
    ),
    (
        "文档介绍:龙府发〔2009〕23号成都市龙泉驿区人民政府关于2009年重点推进重大项目有关事项的通知各街道办事处:为加快重大项目建设,现通知如下。成都市龙泉驿区人民政府2009年5月14日",
        "date",
        "2009-05-14",
    ),
    (
        "某市发展和改革局关于转下达2023年重点建设项目计划的通知\n文号:中发改重点函〔2023〕271号 信息来源:发展和改革局\n各镇政府:\n正文。\n某市发展和改革局\n20233月13\n",
        "doc_number",
        "中发改重点函〔2023〕271号",
    ),
    (
        "某市发展和改革局关于转下达2023年重点建设项目计划的通知\n文号:中发改重点函〔2023〕271号 信息来源:发展和改革局\n各镇政府:\n正文。\n某市发展和改革局\n20233月13\n",
        "date",
        "2023-03-13",
    ),
    (
        "国务院关于在某地暂时调整实施《中华人民共和国\n药品管理法实施条例》有关规定的决定\n国发〔2018〕43号\n各省、自治区、直辖市人民政府:\n正文。\n",
        "title",
        "国务院关于在某地暂时调整实施《中华人民共和国药品管理法实施条例》有关规定的决定",
    ),
]


@pytest.mark.parametrize(("text", "field", "want"), CASES)
def test_real_layouts(text, field, want):
    assert getattr(_ex(text), field) == want


def test_plan_issued_in_the_body_is_not_a_citation():
    text = "关于印发计划的通知\n各单位:\n现将《某省2020年重点建设项目计划》印发给你们,请认真贯彻执行。按照《某省重大项目管理办法》执行。\n"
    md = find_metadata(text)
    cites = find_citations(text, md.body_start, md.title)
    assert [c.title for c in cites] == ["某省重大项目管理办法"]


def test_contingency_plans_and_double_low_quotes():
    text = "关于印发应急预案的通知\n各单位:\n依据《国家气象灾害应急预案》和《国务院办公厅关于做好毕业生就业工作的通知》(国办发„2009‟3号)执行。\n"
    md = find_metadata(text)
    got = [(c.doc_number, c.title) for c in find_citations(text, md.body_start, md.title)]
    assert got == [
        (None, "国家气象灾害应急预案"),
        ("国办发〔2009〕3号", "国务院办公厅关于做好毕业生就业工作的通知"),
    ]


@pytest.mark.parametrize(
    ("s", "want"),
    [
        ("2022年4月7日", ["2022-04-07"]),
        ("二〇二二年一月十七日", ["2022-01-17"]),
        ("2022-01-27", ["2022-01-27"]),
        ("2022117", ["2022-01-17", "2022-11-07"]),
        ("202110月20日", ["2021-10-20"]),
        ("2022年8月19", ["2022-08-19"]),
    ],
)
def test_date_readings(s, want):
    assert [d.isoformat() for d in dates.candidates(s)] == want


def test_no_plan_year_is_guessed_from_the_date():
    text = "某市人民政府关于加强管理的通知\n各单位:\n正文。\n某市人民政府\n2021年3月2日\n"
    assert _ex(text).plan_year is None


def test_run_on_repost_title_after_a_news_sentence_keeps_its_number():
    """A repost flattened to one line: a news sentence (ending in 。) stands before the notice's
    title, which its 文号 follows after spaces. The sentence rule for answers to deputies
    (…。我部先后印发关于…的通知) must not drop this title, nor a citation's bracketed number
    make a sentence's 关于…的通知 a title."""
    text = (
        "重庆市公布2021年市级重大项目实施工作通知  近日，重庆市人民政府办公厅发布《关于做好"
        "2021年市级重大项目实施有关工作的通知》，其中涉及2个氢能项目。  以下为原文  "
        "重庆市人民政府办公厅关于做好2021年市级重大项目实施有关工作的通知  渝府办发〔2021〕25号"
        "  各区县(自治县)人民政府，市政府有关部门，有关单位：  为加快推进2021年市级重大项目实施，"
        "经市政府同意，现就有关事项通知如下："
    )
    md = find_metadata(text)
    assert md.number is not None and md.number.canonical == "渝府办发〔2021〕25号"
    assert md.title and md.title.endswith(
        "重庆市人民政府办公厅关于做好2021年市级重大项目实施有关工作的通知"
    )
    answer = (
        "王银香代表：您提出的关于加强农村生活污水治理的建议收悉。我部先后印发关于推进农村生活污水"
        "治理的指导意见（环办土壤〔2019〕12号），现答复如下：一、关于治理"
    )
    assert find_metadata(answer).title != "关于推进农村生活污水治理的指导意见"
