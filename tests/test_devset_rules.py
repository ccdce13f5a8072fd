"""Layouts the held-out-like dev set (tests/corpus/devset) showed, each on a short text
written here (not copied): bullet label cells, the issuer line of law-site reposts, excerpts
that start at the addressee line, a title repeated with its number, 生成日期 labels."""

from __future__ import annotations

import pytest

from policykg.loaders.extract import extract_source
from policykg.loaders.labels import find_labels
from policykg.loaders.metadata import find_metadata, split_lines
from policykg.loaders.read import Source


def _ex(text: str):
    return extract_source(Source(path="t.txt", format="text", text=text, sha256="0"))


BULLET_LABELS = [
    # label cell and value cell each a list item, no colon
    (
        "  • 发文字号\n  • 示例府发〔2022〕16号\n  • 成文日期\n  • 2022-04-18\n",
        "number",
        "示例府发〔2022〕16号",
    ),
    ("  • 成文日期\n  • 2022-04-18\n", "written", "2022-04-18"),
    ("1. [发文字号] 京示发〔1999〕3号\n2. [发布日期] 1999-07-30\n", "number", "京示发〔1999〕3号"),
    # printed empty: the next label is not the value
    ("  • 发文字号\n  • 有效性\n  • 现行有效\n", "number", None),
]


@pytest.mark.parametrize(("text", "field", "want"), BULLET_LABELS)
def test_bullet_label_cells(text, field, want):
    got = [f.value for f in find_labels(text, split_lines(text)) if f.field == field]
    assert (got[0] if got and got[0] else None) == want


ISSUER_BESIDE_TITLE = [
    # law site: title, issuer line, title again, number
    (
        "温州市促进示范投资的规定\n\n浙江省温州市人民政府\n\n温州市促进示范投资的规定\n"
        "温政令〔1999〕3号\n第一条 为了示范，制定本规定。\n",
        "温州市人民政府",
    ),
    # site header repeats the title; the organ line follows the second copy
    (
        "首页 > 法律法规\n中华人民共和国示范法\n时间:2024-01-01 来源:资料网\n中华人民共和国示范法\n"
        "全国人民代表大会常务委员会\n第一条 为了示范，制定本法。\n",
        "全国人民代表大会常务委员会",
    ),
    # a list heading next to the title is not an organ
    ("示范市投资项目表\n示范市重点项目清单\n第一条 示范。\n", None),
]


@pytest.mark.parametrize(("text", "want"), ISSUER_BESIDE_TITLE)
def test_issuer_line_beside_the_title(text, want):
    assert _ex(text).issuer == want


UNTITLED = [
    (
        "各区人民政府，市有关单位：\n现将《示范市 2022 年重点项目计划》印发给你们，请认真贯彻执行。\n"
        "示范市发展和改革委员会\n2022年3月1日\n",
        "通知",
        2022,
    ),
    (
        "各县（市、区）人民政府：\n经市政府同意，现将2019年市重大项目调整名单印发给你们。\n"
        "示范市发展和改革局\n2019年7月1日\n",
        "通知",
        2019,
    ),
    # a news paragraph: no addressee line, no genre invented
    ("记者从示范市获悉，2022年全市安排重点项目120个。\n示范日报\n2022年3月1日\n", None, None),
]


@pytest.mark.parametrize(("text", "doc_type", "year"), UNTITLED)
def test_excerpt_starting_at_the_addressees(text, doc_type, year):
    md = find_metadata(text)
    assert (md.doc_type, md.plan_year) == (doc_type, year)


def test_number_after_the_title_repeated_on_a_header_line():
    text = (
        "国务院关于同意示范省设立示范市的批复\n"
        "国务院关于同意示范省设立示范市的批复 国函〔2001〕99号 中华人民共和国国务院 2001年7月7日 |\n"
        "示范省人民政府：\n你省《关于设立示范市的请示》（示政发〔2000〕12号）收悉。\n"
    )
    ex = _ex(text)
    assert ex.doc_number == "国函〔2001〕99号"
    assert "国函〔2001〕99号" not in {c.doc_number for c in ex.cites}


@pytest.mark.parametrize(
    ("label", "want"),
    [
        ("生成日期", "2017-02-28"),  # a page date later than the signature: the signature wins
        ("成文日期", "2017-03-21"),  # a 成文日期 label is the document's own
    ],
)
def test_generated_date_label_against_the_signature(label, want):
    text = (
        f"名  称: 示范区人民政府关于印发示范工作规则的通知\n{label}: 2017-03-21\n"
        "示范区人民政府关于印发示范工作规则的通知\n各镇人民政府，区政府各部门：\n"
        "现将《示范工作规则》印发给你们，请遵照执行。\n示范区人民政府\n2017年2月28日\n"
    )
    assert _ex(text).date == want


def test_plan_named_then_sent_out_by_back_reference_is_not_cited():
    text = (
        "省有关单位，各地级以上市发展改革局：\n《示范省 2021 年重点建设项目计划》业经省人大审议通过。"
        "现将计划下达给你们，请认真贯彻执行。根据《示范省重点项目管理办法》执行。\n示范省发展改革委\n2021年2月1日\n"
    )
    ex = _ex(text)
    assert [c.title for c in ex.cites] == ["示范省重点项目管理办法"]
    assert ex.transmits == "示范省 2021 年重点建设项目计划"


def test_pipe_row_starting_with_a_label_cell():
    text = (
        "文件名称 | 示范县第八次常务会议确定事项落实情况的通报 | ||\n"
        "文号 | 督查通报第九期 | 成文日期: | 2022年09月14日 |\n"
        "近期，县政府督查室开展了专项督查，现通报如下。\n"
    )
    md = find_metadata(text)
    assert md.title == "示范县第八次常务会议确定事项落实情况的通报"
    assert (md.doc_type, str(md.date), md.number) == ("通报", "2022-09-14", None)


TITLE_CASES = [
    # a line ending in a closed 《…报告》 does not end the title
    (
        "示范旗人民政府办公室\n关于印发2022年《政府工作报告》\n重点任务分工的通知\n"
        "各苏木乡镇人民政府，旗政府各部门：\n现将分工印发给你们。\n",
        "title",
        "示范旗人民政府办公室关于印发2022年《政府工作报告》重点任务分工的通知",
    ),
    # a government's own 指挥部 office is one organ, not two glued together
    (
        "示范市人民政府防汛抗旱指挥部办公室关于征求《示范市防汛预案》修改意见的函\n"
        "市直有关部门：\n请反馈意见。\n",
        "issuer",
        "示范市人民政府防汛抗旱指挥部办公室",
    ),
    # the 代章 line between the signing office and the date
    (
        "关于示范事项的通知\n示县域组办函〔2022〕1号\n各市州领导小组：\n特此通知。\n"
        "中共示范省委县域经济工作领导小组办公室\n（示范省农业农村厅代章）\n2022年6月24日\n",
        "issuer",
        "中共示范省委县域经济工作领导小组办公室",
    ),
    # 市人民政府办公厅 in the title, the full name in the red header
    (
        "文 号: 示府办函〔2020〕78号\n\n温州市人民政府办公厅\n——————\n示府办函〔2020〕78号\n"
        "市人民政府办公厅关于印发\n温州市示范预案的通知\n各区、县人民政府：\n现印发给你们。\n2020年9月15日\n",
        "issuer",
        "温州市人民政府办公厅",
    ),
    # ...and left alone when no full name is printed
    (
        "市政府办公厅关于推进示范工程的实施意见\n示政办规字〔2023〕2号\n各区人民政府：\n正文。\n",
        "issuer",
        "市政府办公厅",
    ),
    # a bulletin: the organ printed beside the issue date in the masthead
    (
        "示范县政务督查\n\n20期\n\n示范县人民政府督查室           2022年8月19\n\n"
        "关于示范任务落实情况的通报\n\n各乡镇人民政府：\n正文。\n",
        "issuer",
        "示范县人民政府督查室",
    ),
]


@pytest.mark.parametrize(("text", "field", "want"), TITLE_CASES)
def test_title_and_issuer_layouts(text, field, want):
    assert getattr(_ex(text), field) == want


def test_runon_body_under_a_pipe_title():
    text = (
        "法定主动公开内容\n| 示范市人民政府办公室关于印发示范市气象灾害应急预案的通知 | ||||\n"
        "| 2016-12-23 | ||||\n|\n||||\n|\n"
        "示政办〔2016〕179号 各乡、镇人民政府,市政府各部门: 《示范市气象灾害应急预案》已经市政府同意,"
        "现印发给你们,请认真贯彻执行。 示范市人民政府办公室 2016年12月7日 示范市气象灾害应急预案 "
        "第一章 总则 根据《中华人民共和国气象法》制定本预案。\n"
    )
    ex = _ex(text)
    assert ex.title == "示范市人民政府办公室关于印发示范市气象灾害应急预案的通知"
    assert (ex.doc_number, ex.date) == ("示政办〔2016〕179号", "2016-12-07")


ORDERS = [
    # gov.cn order page: labels, then the order's head over two lines
    (
        "发文机关：国务院\n成文日期：2020年11月29日\n标　　题：示范管理条例\n"
        "发文字号：中华人民共和国国务院令第999号\n示范管理条例\n中华人民共和国国务院令\n第999号\n"
        "《示范管理条例》已经2020年11月11日国务院第99次常务会议通过，现予公布，自2021年3月1日起施行。\n"
        "总理　李某某\n2020年11月29日\n",
        ("令", "国务院令第999号", "国务院"),
    ),
    # the order's text alone: number over two lines, signed by the premier
    (
        "中华人民共和国国务院令\n第998号\n《示范条例》已经国务院常务会议通过，现予公布，自公布之日起施行。\n"
        "总理　李某某\n2020年1月1日\n",
        ("令", "国务院令第998号", "国务院"),
    ),
    # a local government order
    (
        "示范市人民政府令\n第5号\n《示范市示范办法》已经市人民政府常务会议通过，现予公布，自2021年1月1日起施行。\n"
        "市长　王某\n2020年12月1日\n",
        ("令", "示范市人民政府令第5号", "示范市人民政府"),
    ),
    # a 决定 (one of the official 公文 genres) published by an order keeps its own genre
    (
        "示范市人民政府令\n第6号\n示范市人民政府关于修改《示范市示范办法》的决定\n"
        "《示范市人民政府关于修改〈示范市示范办法〉的决定》已经市人民政府常务会议通过，现予公布，"
        "自公布之日起施行。\n市长　王某\n2021年12月1日\n",
        ("决定", "示范市人民政府令第6号", "示范市人民政府"),
    ),
    # a regulation citing an order in its promulgation note is not an order; the note names
    # the body that adopted it (国务院第46次常务会议通过), its issuer
    (
        "示范物品进出口管理条例\n（2001年10月31日国务院第46次常务会议通过 2001年12月10日中华人民共和国国务院令第332号公布）\n"
        "第一条　为了示范，制定本条例。\n",
        ("条例", None, "国务院"),
    ),
]


@pytest.mark.parametrize(("text", "want"), ORDERS)
def test_orders(text, want):
    ex = _ex(text)
    assert (ex.doc_type, ex.doc_number if want[1] else None, ex.issuer) == want


FIGURE_CATEGORIES = [
    ("2023年共安排我市省重点建设项目62个,总投资3965亿元。", "省重点建设项目", 62),
    (
        "安排开展前期工作的省重点建设前期预备项目 868 个,估算总投资 3.4 万亿元。",
        "省重点建设前期预备项目",
        868,
    ),
    (
        "2023年洛阳市重点建设项目名单已经市政府同意,现予印发。名单共列项目680个,总投资1.08万亿元。",
        "重点建设项目",
        680,
    ),
    ("全省共有产业发展项目138个。", "产业发展项目", 138),
]


@pytest.mark.parametrize(("text", "category", "count"), FIGURE_CATEGORIES)
def test_figure_categories(text, category, count):
    from policykg.loaders.figures import find_figures

    got = [(f.category, f.count) for f in find_figures(text)]
    assert got == [(category, count)]


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("镇远县人民政府工作规则", "镇远县人民政府"),
        ("国务院工作规则", "国务院"),
        (
            "关于印发《镇远县人民政府工作规则》的通知",
            None,
        ),  # the rules it sends out are not its name
    ],
)
def test_a_governments_own_rules_name_their_issuer(title, want):
    assert find_metadata(f"{title}\n各乡镇人民政府：\n正文。\n").issuer_in_title == want


def test_label_block_glued_to_values():
    text = (
        "发文机关国务院办公厅\n发文日期1990年07月07日\n时效性现行有效\n发文字号国办发〔1990〕99号\n"
        "施行日期1990年07月07日\n效力级别国务院规范性文件\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "根据国务院关于设立示范办公室的通知(国发〔1990〕1号文)，现将有关问题通知如下：\n"
        "一、示范办公室设在示范部。\n国务院办公厅\n一九九〇年七月七日\n"
    )
    ex = _ex(text)
    assert (ex.doc_number, ex.issuer, ex.date, ex.title) == (
        "国办发〔1990〕99号",
        "国务院办公厅",
        "1990-07-07",
        None,
    )
    assert ex.doc_type == "通知"
    assert [c.doc_number for c in ex.cites] == ["国发〔1990〕1号"]


def test_one_glued_line_is_prose_not_a_label():
    text = "发文机关应当在十日内答复。\n正文。\n"
    assert find_labels(text, split_lines(text)) == []
