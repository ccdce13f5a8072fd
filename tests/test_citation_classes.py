"""Citation classes found on held-out real text, each pinned on short strings written here.

1. a law's own order in its history bracket, Chinese numerals (…主席令第三十七号公布) is its own;
2. site chrome (a mirror's licence footer, copyright lines) cites nothing;
3. the draft a notice sends out for comment is what it transmits;
4. one document cited twice (numbered, then title only) is one citation;
5. 以《…》为引领: a citation, even in the sentence that 印发 the notice's own plan;
6. 《A》《B》及《C》: three citations;
7. 农业农村部2019年第4号 and 农业农村部公告2019年第4号: one canonical form.
"""

from __future__ import annotations

import pytest

from policykg.loaders.docnumber import find_docnumbers
from policykg.loaders.extract import extract_source
from policykg.loaders.read import Source

HEAD = "某市人民政府办公室关于做好某项工作的通知\n渝府办发〔2023〕7号\n各区县人民政府，市政府各部门：\n"


def _extract(text: str):
    return extract_source(Source("t.txt", text, "0" * 64, "text"))


def _cites(body: str, head: str = HEAD) -> list[tuple[str | None, str | None]]:
    return [(c.doc_number, c.title) for c in _extract(head + body).cites]


LAW_HEAD = "中华人民共和国某某促进法\n\n全国人民代表大会常务委员会\n\n中华人民共和国主席令（九届第12号）\n\n"


@pytest.mark.parametrize(
    ("history", "own"),
    [
        # the history bracket: never a citation, not read as the 文号 either
        (
            "（2001年5月8日第九届全国人民代表大会常务委员会第九次会议通过　"
            "2001年5月8日中华人民共和国主席令第十二号公布　自2002年1月1日起施行）",
            None,
        ),
        (
            "(2001年5月8日第九届全国人民代表大会常务委员会第九次会议通过 "
            "2001年5月8日中华人民共和国主席令第12号公布 自2002年1月1日起施行)",
            None,
        ),
        ("（二〇〇一年五月八日中华人民共和国主席令第十二号公布）", None),
        # the promulgation line itself: the law's number
        ("2001年5月8日 中华人民共和国主席令第十二号公布", "主席令第12号"),
    ],
)
def test_law_history_line_with_its_order_is_its_own_number(history, own):
    text = LAW_HEAD + history + "\n\n第一条 为了某项事业，根据《中华人民共和国宪法》，制定本法。\n"
    ex = _extract(text)
    assert ex.doc_number == own
    assert [(c.doc_number, c.title) for c in ex.cites] == [(None, "中华人民共和国宪法")]


def test_an_order_amending_the_law_is_still_cited():
    text = LAW_HEAD + (
        "（2001年5月8日中华人民共和国主席令第十二号公布　"
        "根据2009年8月27日中华人民共和国主席令第十八号修正）\n\n第一条 本法自公布之日起施行。\n"
    )
    ex = _extract(text)
    assert [c.doc_number for c in ex.cites] == ["主席令第18号"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("依照国务院令第三十七号和主席令第一百零八号", ["国务院令第37号", "主席令第108号"]),
        ("中华人民共和国主席令\n第三十七号\n", ["主席令第37号"]),  # the order's head, two lines
        ("某某法令\n第一章 总则", []),
    ],
)
def test_chinese_numeral_order_numbers_parse(text, want):
    assert [n.canonical for n in find_docnumbers(text)] == want


def test_an_order_head_is_the_laws_own_number():
    text = (
        "中华人民共和国主席令\n第三十七号\n\n《中华人民共和国某某促进法》已由常务委员会会议于"
        "2000年10月31日通过，现予公布，自2001年1月1日起施行。\n\n中华人民共和国主席　某某\n"
        "2000年10月31日\n\n中华人民共和国某某促进法\n第一条 根据《中华人民共和国宪法》，制定本法。\n"
    )
    ex = _extract(text)
    assert [(c.doc_number, c.title) for c in ex.cites] == [(None, "中华人民共和国宪法")]


@pytest.mark.parametrize(
    "footer",
    [
        "本作品是国家机关的文件。根据《中华人民共和国著作权法》第五条，本作品不适用于该法。",
        "本作品在全世界都属于公有领域，因为作者逝世已经超过100年，依据《某国版权条例》。",
        "版权所有：某市人民政府办公室 依照《某市政府网站管理办法》维护",
        "未经授权不得转载，违者依据《中华人民共和国著作权法》追究责任。",
        "本站所载内容依照《中华人民共和国网络安全法》进行管理。",
    ],
)
def test_sentences_about_the_page_itself_are_chrome(footer):
    body = "按照《某省重大项目管理办法》执行。\n某市人民政府办公室\n2023年5月1日\n" + footer + "\n"
    assert _cites(body) == [(None, "某省重大项目管理办法")]


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (
            "某市应急管理局关于征求《某市防汛应急预案（征求意见稿）》修改意见的函\n市直有关部门：\n",
            "我局修订形成了《某市防汛应急预案（征求意见稿）》。请于6月18日前反馈。"
            "依据《中华人民共和国防洪法》执行。\n",
        ),
        (
            "某区科技局关于公开征求意见的公告\n",
            "我局研究起草了《某区科技创新发展规划（征求意见稿）》，现公开征求意见。"
            "依据《中华人民共和国防洪法》执行。\n",
        ),
        (
            "某市司法局关于征求意见的通知\n各区县：\n",
            "现将《某市物业管理条例（草案送审稿）》送你们，请提出修改建议。"
            "依据《中华人民共和国防洪法》执行。\n",
        ),
        (
            "某市人大常委会办公厅关于征求意见的公告\n",
            "《某市养犬管理条例（草案）》已提请审议，现征求社会各界意见。"
            "依据《中华人民共和国防洪法》执行。\n",
        ),
    ],
)
def test_the_draft_sent_out_for_comment_is_not_cited(head, body):
    assert _cites(body, head) == [(None, "中华人民共和国防洪法")]


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (
            "某市司法局关于征求《某市养犬管理条例》修改意见的通知\n各区县：\n",
            "《某市养犬管理条例》已起草完成，请于5月1日前反馈。依据《中华人民共和国防洪法》执行。\n",
        ),
        (
            "某市人大常委会办公厅关于《某市养犬管理条例》公开征求意见的公告\n",
            "现将《某市养犬管理条例》全文公布。依据《中华人民共和国防洪法》执行。\n",
        ),
        (
            "某市司法局关于报送草案的函\n市人大常委会：\n",
            "现将《某市养犬管理条例（送审稿）》送上，请予审议。依据《中华人民共和国防洪法》执行。\n",
        ),
    ],
)
def test_what_the_title_consults_on_is_not_cited(head, body):
    assert _cites(body, head) == [(None, "中华人民共和国防洪法")]


@pytest.mark.parametrize(
    "body",
    [
        "根据《某市工业和信息化局关于开展某项试点的通知》（示工信函〔2021〕274 号）要求，现通知如下。\n"
        "一、按《某市工业和信息化局关于开展某项试点的通知》（附件1）填报。\n",
        "一、按《某市工业和信息化局关于开展某项试点的通知》（附件1）填报。\n"
        "二、根据《某市工业和信息化局关于开展某项试点的通知》（示工信函〔2021〕274　号）办理。\n",
        "根据《某市工业和信息化局关于开展某项试点的通知》（示工信函〔2021〕274 号）要求，"
        "落实示工信函〔2021〕274号文件。\n",
        # printed again with a character dropped, before or after the numbered citation
        "根据《某市工业和信息化局关于开展某项试点的通知》（示工信函〔2021〕274 号）要求，现通知如下。\n"
        "一、按《某市工业和信息化局关于开展某项试点通知》（附件1）填报。\n",
        "一、按《某市工业和信息化局关于开展某项试点通知》（附件1）填报。\n"
        "二、根据《某市工业和信息化局关于开展某项试点的通知》（示工信函〔2021〕274号）办理。\n",
    ],
)
def test_the_same_document_cited_twice_is_one_citation(body):
    assert _cites(body) == [("示工信函〔2021〕274号", "某市工业和信息化局关于开展某项试点的通知")]


@pytest.mark.parametrize(
    "body",
    [
        "按照《中华人民共和国大气污染防治法》和《中华人民共和国水污染防治法》执行。\n",
        "按照《某市2021年重点项目投资计划》（渝府发〔2021〕3号）和《某市2022年重点项目投资计划》执行。\n",
        "按照《某市关于加强某某领域监管工作的意见》（渝府发〔2021〕3号）和《某市关于加强某某领域监管工作的通知》执行。\n",
    ],
)
def test_near_titles_of_other_documents_stay_apart(body):
    assert len(_cites(body)) == 2


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            "以《珠江某地区改革发展规划纲要(2008—2020年)》为引领，结合我市实际制定本方案，"
            "现印发给你们，请认真贯彻执行。\n",
            [(None, "珠江某地区改革发展规划纲要(2008—2020年)")],
        ),
        (
            "以《某省国土空间总体规划》为指导，我局制定了《某市林地保护实施方案》，现印发给你们。\n",
            [(None, "某省国土空间总体规划")],
        ),
        (
            "为贯彻落实《某市国土空间总体规划》《某省乡村振兴纲要》及《某省林地管理条例》，"
            "现将《某市林地保护实施方案》印发给你们。\n",
            [
                (None, "某市国土空间总体规划"),
                (None, "某省乡村振兴纲要"),
                (None, "某省林地管理条例"),
            ],
        ),
        (
            "依据《中华人民共和国森林法》《中华人民共和国草原法》及《某省林地管理条例》，"
            "制定本方案，现印发给你们。\n",
            [
                (None, "中华人民共和国森林法"),
                (None, "中华人民共和国草原法"),
                (None, "某省林地管理条例"),
            ],
        ),
        (
            "以《某市制造2035》为引领，以《某某系统》为依托推进工作。\n",
            [(None, "某市制造2035")],
        ),
        (
            "根据《中华人民共和国民法典》《住房公积金管理条例》及《贷款通则》等有关规定，制定本办法。\n",
            [
                (None, "中华人民共和国民法典"),
                (None, "住房公积金管理条例"),
                (None, "贷款通则"),
            ],
        ),
        (
            "认定标准参照《某市某系统重大行政执法决定法制审核目录》相关规定执行，"
            "填写《某市某系统审核目录》并报送。\n",
            [(None, "某市某系统重大行政执法决定法制审核目录")],
        ),
        (
            "对标《某国制造2035》《某某产业发展规划》及《某省智能网联2030》，填写《某某申请表》。\n",
            [(None, "某国制造2035"), (None, "某某产业发展规划"), (None, "某省智能网联2030")],
        ),
        # what the sentence transmits stays out
        ("《某市林地保护实施方案》已经市政府同意，现印发给你们。\n", []),
        ("现将《某市林地保护实施方案》和《某市林地管理办法》印发给你们。\n", []),
        ("现将某项工作名单（见附件1），以及《某市林地管理办法》（见附件2）予以公布。\n", []),
    ],
)
def test_documents_a_sentence_is_based_on_are_cited(body, want):
    assert _cites(body) == want


@pytest.mark.parametrize(
    ("body", "want"),
    [
        (
            "根据《农业农村部关于某事项的公告》（农业农村部2019年第4号）和农业农村部公告2019年第4号的规定。\n",
            [("农业农村部公告2019年第4号", "农业农村部关于某事项的公告")],
        ),
        (
            "按照农业农村部2019年第4号公告要求，落实农业农村部公告2019年第4号。\n",
            [("农业农村部公告2019年第4号", None)],
        ),
        (
            "根据《某局关于某事项的通告》（某市市场监管局2020年第3号）执行。\n",
            [("某市市场监管局通告2020年第3号", "某局关于某事项的通告")],
        ),
        # a numbered 文号 of a document that is not a 公告 keeps its form
        (
            "根据《某部关于某事项的决定》（农业农村部2019年第4号）执行。\n",
            [("农业农村部2019年第4号", "某部关于某事项的决定")],
        ),
    ],
)
def test_numbered_and_announcement_forms_are_one_number(body, want):
    assert _cites(body) == want


def test_own_announcement_number_in_either_form_is_never_cited():
    ex = _extract(
        "农业农村部公告\n农业农村部2019年第4号\n\n现就某事项公告如下。\n"
        "一、本公告所称农业农村部公告2019年第4号事项，按照《某省重大项目管理办法》执行。\n"
    )
    assert ex.doc_number == "农业农村部公告2019年第4号"
    assert [(c.doc_number, c.title) for c in ex.cites] == [(None, "某省重大项目管理办法")]


def test_title_matched_on_the_attachment_line_does_not_hide_the_body():
    page = (
        "某省某局关于调整某项政策的通知_部门文件_某省某局\n首页 > 部门文件\n"
        "标题：\n某省某局关于调整某项政策的通知\n文号：琼房贷〔2026〕10号\n"
        "某省某局\n关于调整某项\n政策的通知\n各有关单位：\n"
        "一、继续实行《关于调整某项贷款政策的通知》（琼房贷〔2025〕1 号）的额度机制。\n"
        "附件：《某省某局关于调整某项政策的通知》政策解读\n某省某局\n2026年7月2日\n"
    )
    ex = _extract(page)
    assert ex.title == "某省某局关于调整某项政策的通知"
    assert [(c.doc_number, c.title) for c in ex.cites] == [
        ("琼房贷〔2025〕1号", "关于调整某项贷款政策的通知")
    ]
