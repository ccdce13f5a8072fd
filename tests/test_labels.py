"""Labelled metadata in the layouts real pages use (strings written for the test)."""

from __future__ import annotations

import pytest

from policykg.loaders.labels import find_labels
from policykg.loaders.metadata import find_metadata, issuer_of_title, split_lines


def _fields(text):
    return {(f.field, f.value) for f in find_labels(text, split_lines(text)) if f.value}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("文　　号：某政发〔2023〕5号\n", ("number", "某政发〔2023〕5号")),
        ("发文字号 : 某政发〔2023〕5号\n", ("number", "某政发〔2023〕5号")),
        ("[发文字号] 某政发〔2023〕5号\n[成文日期] 2023-01-02\n", ("written", "2023-01-02")),
        ("成文日期：\n2023-01-02\n", ("written", "2023-01-02")),
        ("发文字号\n某政发〔2023〕5号\n发布机构\n某市人民政府\n", ("number", "某政发〔2023〕5号")),
        ("索 引 号：  \t  1234/2021-5\t 发布机构：  \t  某市住房局\n", ("publisher", "某市住房局")),
        ("文 号：某发〔2026〕10号发布日期：\n2026-07-02\n", ("number", "某发〔2026〕10号")),
    ],
)
def test_layouts(text, want):
    assert want in _fields(text)


def test_an_empty_field_is_not_filled_from_the_next_label():
    text = "文　　号：  \t  \t 关 键 词：  \t  住房\n成文日期：\n2021-05-28\n"
    got = _fields(text)
    assert not any(f == "number" for f, _ in got)
    assert ("written", "2021-05-28") in got


def test_empty_number_field_keeps_numbers_from_the_body_out():
    text = (
        "文  号：\n成文日期：\n2024-05-23\n"
        "关于印发某市住房若干措施的通知\n各县人民政府：\n现印发给你们。\n"
        "某市房地产工作联席会议\n2024年5月23日\n"
        "某建〔2023〕9号文件同时废止。\n"
    )
    md = find_metadata(text)
    assert md.number is None
    assert str(md.date) == "2024-05-23"


@pytest.mark.parametrize(
    ("title", "issuer"),
    [
        ("国务院办公厅转发民政部关于进一步做好某工作意见的通知", "国务院办公厅"),
        ("某市商务局等9部门印发《关于某事的若干措施》的通知", "某市商务局"),
        ("某市疾病预防控制局等单位关于印发某工作方案的通知", "某市疾病预防控制局"),
        ("自然资源部 中国银行保险监督管理委员会关于协同做好某服务的通知", "自然资源部"),
        ("北京市人民政府贯彻落实国务院关于某文件的通知", "北京市人民政府"),
        ("关于优化某政策的通知", None),
    ],
)
def test_issuer_of_title(title, issuer):
    got = issuer_of_title(title)
    assert (got[0] if got else None) == issuer


def test_signature_block_first_signer_is_the_issuer():
    text = (
        "关于优化某提取政策的通知\n各缴存人：\n现将有关事项通知如下。\n"
        "某市住房公积金管理中心\n某市住房和城乡建设局\n某市市场监督管理局\n2025年9月28日\n"
    )
    md = find_metadata(text)
    assert md.signature == "某市住房公积金管理中心"
    assert md.co_issuers == ["某市住房和城乡建设局", "某市市场监督管理局"]


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("对某届人大某次会议第12号建议的答复", "答复"),
        ("关于某事故的通报", "通报"),
        ("某省人民政府关于同意设立某区的批复", "批复"),
        ("关于某问题的复函", "函"),
        ("关于某项目拟入选名单的公示", "公示"),
        ("关于某标准的公告", "公告"),
    ],
)
def test_genre_from_the_title(title, genre):
    from policykg.loaders.metadata import doc_type_of

    assert doc_type_of(title) == genre


def test_pipe_table_pairs_in_a_row():
    text = (
        "| 标题 | 宜宾市人民政府关于加强安全生产的通知 |\n"
        "| 文号 | 宜府发〔2023〕5号 | 成文日期 | 2023-03-01 |\n"
        "| 文　号 | | 发布日期 | 2023-03-05 |\n"
    )
    md = find_metadata(text)
    assert md.title == "宜宾市人民政府关于加强安全生产的通知"
    assert md.number.canonical == "宜府发〔2023〕5号"
    assert (str(md.date), str(md.published)) == ("2023-03-01", "2023-03-05")


def test_pipe_table_labels_over_values():
    text = (
        "| 标题 | 文号 | 成文日期 |\n| --- | --- | --- |\n"
        "| 宜宾市人民政府关于加强安全生产的通知 | 宜府发〔2023〕5号 | 2023-03-01 |\n"
    )
    md = find_metadata(text)
    assert (md.title, md.number.canonical, str(md.date)) == (
        "宜宾市人民政府关于加强安全生产的通知",
        "宜府发〔2023〕5号",
        "2023-03-01",
    )


def test_red_header_masthead_names_the_issuer():
    from policykg.loaders.extract import extract_source
    from policykg.loaders.read import Source

    text = (
        "宜宾市人民政府办公室文件\n宜府办发〔2023〕12号\n关于加强安全生产工作的通知\n"
        "各区县人民政府，市政府各部门：\n现就有关事项通知如下。\n2023年3月1日\n"
    )
    ex = extract_source(Source("masthead.txt", text, "", "text"))
    assert (ex.issuer, ex.region, ex.doc_number) == (
        "宜宾市人民政府办公室",
        "宜宾市",
        "宜府办发〔2023〕12号",
    )


def test_a_page_without_a_document_reports_no_date_or_issuer():
    text = (
        "索引号：1234/2025-01\n发布单位：宜宾市住房和城乡建设局\n公开日期：2025-10-24\n"
        "我市开展购房补贴活动\n为促进住房消费，现推出补贴活动。\n宜宾市住房和城乡建设局\n2025年10月24日\n"
    )
    md = find_metadata(text)
    assert (md.title, md.doc_type, md.date, str(md.published)) == (None, None, None, "2025-10-24")
    assert (md.signature, md.issuer_label) == (None, None)


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("宜宾市某某管理办法（试行）", "办法"),
        ("关于下达2023年重点项目计划的通知（第二批）", "通知"),
        ("中华人民共和国国务院令", "令"),
    ],
)
def test_genre_after_a_bracketed_qualifier(title, genre):
    from policykg.loaders.metadata import doc_type_of

    assert doc_type_of(title) == genre


def test_html_chrome_is_left_out_of_the_text():
    from policykg.loaders.html import html_to_text

    html = (
        "<html><body><div class='breadcrumb'>首页 &gt; 政策文件</div>"
        "<ul><li><a href='/a'>关于印发某某办法的通知</a></li><li><a href='/b'>政务公开</a></li></ul>"
        "<table><tr><td>发文字号：</td><td>宜府发〔2023〕5号</td></tr></table>"
        "<p>宜宾市人民政府关于加强安全生产的通知</p><p>各区县人民政府：</p>"
        "<p>现就有关事项通知如下，请认真贯彻执行。</p>"
        "<div class='share-bar'>分享到：微信 微博</div>"
        "<div id='xgwj'>相关文件：关于印发某某规定的通知</div>"
        "<div class='footer'>主办单位：宜宾市人民政府办公室</div></body></html>"
    )
    text, _ = html_to_text(html)
    assert "宜府发〔2023〕5号" in text and "现就有关事项通知如下" in text
    for chrome in ("首页", "某某办法", "分享到", "相关文件", "主办单位"):
        assert chrome not in text


@pytest.mark.parametrize(
    "head",
    [
        "关于加强安全生产工作的通知[宜府发〔2023〕5号]",
        "关于加强安全生产工作的通知【宜府发〔2023〕5号】",
        "关于加强安全生产工作的通知（宜府发〔2023〕5号）",
    ],
)
def test_number_fused_to_the_title_is_the_documents_own(head):
    md = find_metadata(head + "\n各区县人民政府：\n现就有关事项通知如下。\n")
    assert (md.title, md.number.canonical) == ("关于加强安全生产工作的通知", "宜府发〔2023〕5号")


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (
            "关于加强某工作的通知各区县人民政府：现就有关事项通知如下。特此通知宜宾市人民政府办公室2023年3月1日",
            "宜宾市人民政府办公室",
        ),
        (
            "关于某建议的答复某代表：您的建议收悉。感谢您的关心和支持。生态环境部2020年10月29日",
            "生态环境部",
        ),
        (
            # the attachment's name runs into the signature: the ministry's office still signs
            # (the MEE 督办 letters of tests/corpus/national, checked by hand)
            "关于某事的函某市人民政府：现将问题转去。附件：辛集市督办问题清单生态环境部办公厅2019年5月27日",
            "生态环境部办公厅",
        ),
        (
            "关于加强某工作的通知\n各区县人民政府：\n现就有关事项通知如下。\n宜宾市人民政府办公室 2023年3月1日\n",
            "宜宾市人民政府办公室",
        ),
    ],
)
def test_signature_of_run_on_and_one_line_layouts(text, issuer):
    assert find_metadata(text).signature == issuer


@pytest.mark.parametrize(
    ("title", "issuer"),
    [
        (
            "市场监管总局生态环境部关于某事的通知",
            None,
        ),  # names run together: not split by guesswork
        ("国务院国有资产监督管理委员会关于某事的通知", "国务院国有资产监督管理委员会"),
        ("中共北京市委宣传部关于某事的通知", "中共北京市委宣传部"),
    ],
)
def test_glued_issuers_in_a_title(title, issuer):
    got = issuer_of_title(title)
    assert (got[0] if got else None) == issuer


def test_posting_time_under_a_source_line_is_the_published_date():
    head = "宜宾市人民政府关于加强安全生产的通知\n来源：宜宾市人民政府\n时间：2022-11-29 08:34\n"
    assert str(find_metadata(head + "各区县人民政府：\n现通知如下。\n").published) == "2022-11-29"


def test_a_meeting_time_is_not_a_published_date():
    text = (
        "宜宾市人民政府关于召开安全生产会议的通知\n各区县人民政府：\n时间：2022年12月1日上午9时\n"
    )
    assert find_metadata(text).published is None
