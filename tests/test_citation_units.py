"""Citation units and own-vs-cited, on short notices restating layouts seen in real documents."""

from __future__ import annotations

from policykg.loaders.extract import extract_source
from policykg.loaders.read import Source

HEAD = "某市人民政府办公室关于做好某项工作的通知\n渝府办发〔2023〕7号\n各区县人民政府，市政府各部门：\n"


def _cites(body: str, head: str = HEAD):
    ex = extract_source(Source("t.txt", head + body, "0" * 64, "text"))
    return ex, [(c.doc_number, c.title) for c in ex.cites]


def test_title_then_number_and_number_then_title():
    _, got = _cites(
        "按照《某省重大项目管理办法》（渝府发〔2020〕3号）和国办发〔2021〕9号《国务院办公厅关于某事的意见》执行。\n"
    )
    assert got == [
        ("渝府发〔2020〕3号", "某省重大项目管理办法"),
        ("国办发〔2021〕9号", "国务院办公厅关于某事的意见"),
    ]


def test_order_numbers_pair_with_their_title():
    _, got = _cites(
        "依据《政府投资条例》（国务院令第712号）和《某办法》(国令第588号)，现通知如下。\n"
    )
    assert got == [("国务院令第712号", "政府投资条例"), ("国务院令第588号", "某办法")]


def test_title_printed_without_brackets_before_its_number():
    _, got = _cites("根据国务院关于加快推进某项工作的通知（国发〔2019〕1号）要求，现通知如下。\n")
    assert got == [("国发〔2019〕1号", "国务院关于加快推进某项工作的通知")]


def test_issuer_in_front_of_the_title_is_kept_apart():
    ex, got = _cites(
        "按照国务院办公厅《关于某事的意见》和中共中央办公厅、国务院办公厅印发的《某项改革方案》要求。\n"
    )
    assert got == [(None, "关于某事的意见"), (None, "某项改革方案")]
    assert [c.issuer for c in ex.cites] == ["国务院办公厅", "中共中央办公厅、国务院办公厅"]
    ex, got = _cites(
        "落实国家发展改革委、财政部《某项政策的通知》和商务部等7部门《另一项政策的通知》要求。\n"
    )
    assert [c.issuer for c in ex.cites] == ["国家发展改革委、财政部", "商务部等7部门"]


def test_nested_brackets_belong_to_the_title():
    _, got = _cites(
        "按照《关于印发〈某市项目管理办法〉的通知》（渝府发〔2019〕2号）和《关于修改<某条例>的决定》执行。\n"
    )
    assert got == [
        ("渝府发〔2019〕2号", "关于印发〈某市项目管理办法〉的通知"),
        (None, "关于修改<某条例>的决定"),
    ]


def test_short_name_and_repeated_number_are_one_citation():
    _, got = _cites(
        "根据《某省重大项目管理办法》（渝府发〔2020〕3号，以下简称《办法》）规定。"
        "各地要按照《办法》和渝府发〔2020〕3号文件要求执行，落实渝府发〔2020〕3号文精神。\n"
    )
    assert got == [("渝府发〔2020〕3号", "某省重大项目管理办法")]


def test_forms_lists_and_own_attachments_are_not_documents():
    body = (
        "请填写《项目申请表》《重点项目汇总表》，通过《某省投资项目在线审批监管平台》报送，"
        "名单见《2023年重点项目名单》。\n附件：2023年重点项目名单\n"
    )
    _, got = _cites(body)
    assert got == []


def test_own_number_title_and_transmitted_document_are_never_cited():
    head = (
        "某市人民政府关于印发《某市重大项目管理办法》的通知\n渝府发〔2023〕8号\n各区县人民政府：\n"
    )
    body = (
        "现将《某市重大项目管理办法》印发给你们，请认真贯彻执行。"
        "《某市人民政府关于印发〈某市重大项目管理办法〉的通知》（渝府发〔2023〕8号）自印发之日起施行。\n"
    )
    ex, got = _cites(body, head)
    assert ex.doc_number == "渝府发〔2023〕8号"
    assert got == []


def test_law_promulgation_line_is_the_laws_own_number():
    text = (
        "# 某某管理条例\n\n2014年4月25日 中华人民共和国国务院令第652号公布\n\n"
        "1990年3月12日 国家教育委员会令第8号、国家体育运动委员会令第11号发布\n\n"
        "<!-- INFO END -->\n\n第一条 根据《中华人民共和国某法》和2019年3月2日国务院令第709号公布的《某某管理条例》，制定本条例。\n"
    )
    ex = extract_source(Source("law.md", text, "0" * 64, "text"))
    assert ex.doc_number == "国务院令第652号"
    assert [(c.doc_number, c.title) for c in ex.cites] == [
        (None, "中华人民共和国某法"),
        ("国务院令第709号", "某某管理条例"),
    ]


def test_interpretation_links_on_the_page_are_not_citations():
    _, got = _cites(
        "正文。\n某市人民政府办公室\n2023年5月1日\n"
        "解读：1.一图读懂《关于做好某项工作的通知》2.市发展改革委负责人就《关于做好某项工作的通知》答记者问\n"
    )
    assert got == []


def test_what_the_title_forwards_is_not_cited():
    head = "某市人民政府办公室转发市发展改革委关于做好重点项目工作意见的通知\n渝府办发〔2023〕9号\n各区县人民政府：\n"
    body = "《市发展改革委关于做好重点项目工作意见》已经市政府同意，请认真贯彻执行。按照《某省重大项目管理办法》执行。\n"
    _, got = _cites(body, head)
    assert got == [(None, "某省重大项目管理办法")]
    head = "某市发展和改革委员会关于转下达《2023年重点项目计划》的通知\n各区县：\n"
    body = "现将《2023年重点项目计划》转下达给你们。按照《2022年重点项目计划》执行。\n"
    _, got = _cites(body, head)
    assert got == [(None, "2022年重点项目计划")]


def test_own_number_in_every_layout_is_never_cited():
    layouts = [
        # [文号] fused to the title, then repeated as …号文件
        "重庆市人民政府关于加强某项工作的通知[渝府发〔2020〕3号]\n各区县人民政府：\n"
        "按照《某某管理办法》执行。渝府发〔2020〕3号文件自印发之日起施行。\n",
        # the line before the title, then the number again in the body
        "渝府发〔2020〕3号\n重庆市人民政府关于加强某项工作的通知\n各区县人民政府：\n"
        "本通知（渝府发〔2020〕3号）自印发之日起施行。按照《某某管理办法》执行。\n",
        # red header
        "重庆市人民政府文件\n渝府发〔2020〕3号\n重庆市人民政府\n关于加强某项工作的通知\n"
        "各区县人民政府：\n按照《某某管理办法》执行。\n",
        # a page's metadata block with letter-spaced labels
        "索 引 号：123\n标　　题：重庆市人民政府关于加强某项工作的通知\n文　　号：渝府发〔2020〕3号\n"
        "重庆市人民政府关于加强某项工作的通知\n各区县人民政府：\n按照《某某管理办法》执行。\n",
    ]
    for text in layouts:
        ex = extract_source(Source("t.txt", text, "0" * 64, "text"))
        assert ex.doc_number == "渝府发〔2020〕3号", text
        assert [(c.doc_number, c.title) for c in ex.cites] == [(None, "某某管理办法")], text


def test_related_links_and_page_files_are_not_citations():
    head = "索 引 号：123\n信息名称：《关于做好某项工作的通知》\n文件下载：《关于做好某项工作的通知》.docx\n"
    body = (
        "《关于做好某项工作的通知》\n各区县人民政府：\n按照《某某管理办法》执行。\n相关文件\n"
        "1.某区人民政府办公室关于印发《某区项目管理办法》的通知\n"
        "2.某市经济和信息化局印发《某市产业发展行动方案（2025年）》的通知\n"
    )
    _, got = _cites(body, head)
    assert got == [(None, "某某管理办法")]


def test_wrapped_and_quoted_titles_and_short_names():
    _, got = _cites(
        "按照《重庆市人民政府关于加快\n推进某项工作的通知》（渝府发〔2020〕3号）、"
        "“重庆市人民政府办公厅关于做好某事的通知”（渝府办发〔2021〕5号）和《森林法》执行，"
        "制定《应急预案》。\n"
    )
    assert got == [
        ("渝府发〔2020〕3号", "重庆市人民政府关于加快推进某项工作的通知"),
        ("渝府办发〔2021〕5号", "重庆市人民政府办公厅关于做好某事的通知"),
        (None, "森林法"),
    ]
