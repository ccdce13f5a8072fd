"""Rules found on the fourth blind draw (tests/corpus/national/sample4_expected.json: MEE notices
and laws of ../shared/corpus drawn with seed 20261202; tests/corpus/national4: new pages).
Each rule is tested on the real string it was written for (a short excerpt) and on the shapes
it must leave alone. The draw's floors are in tests/test_national_corpus.py.
"""

from __future__ import annotations

import pytest
from rule_helpers import cited, extract, numbers

from policykg.loaders.citations import find_citations

# --- 文号 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the Supreme People's Court's one-character code (MEE 1202)
        (
            "印发的《关于审理行政案件适用法律规范问题的座谈会纪要》（法［2004］96号，以下简称《纪要》）",
            ["法〔2004〕96号"],
        ),
        # 若 starts 若羌县's codes (national4 p04, after the traditional script is converted)
        ("若政办发〔2022〕31号\n关于印发《若羌县…实施方案》的通知", ["若政办发〔2022〕31号"]),
        # 若 as "if" in front of a known code still cut off
        ("若国发〔2020〕1号另有规定的，从其规定", ["国发〔2020〕1号"]),
        # a stop word before 法 still ends the run: the code is 法 alone
        ("关于印发…的通知法〔2004〕96号", ["法〔2004〕96号"]),
    ],
)
def test_code_shapes(text, want):
    assert numbers(text) == want


def test_traditional_county_number_keeps_its_first_character():
    page = (
        "若政辦發(fā)〔2022〕31號(hào)\n"
        "關(guān)于印發(fā)《若羌縣關(guān)于加快發(fā)展保障性租賃住房的實(shí)施方案》的通知\n"
        "各鄉(xiāng)鎮(zhèn)人民政府,縣人民政府各部門:\n"
    )
    assert extract(page)["doc_number"] == "若政办发〔2022〕31号"


# --- citations --------------------------------------------------------------------------------


def test_national_text_of_a_regional_namesake_is_cited():
    """德州市优化营商环境条例 (laws 95) names the State Council's 《优化营商环境条例》: not itself."""
    law = (
        "# 德州市优化营商环境条例\n\n"
        "2021年7月27日 德州市第十八届人民代表大会常务委员会第四十二次会议通过\n\n"
        "<!-- INFO END -->\n\n"
        "第一条 为了持续优化营商环境，根据国务院《优化营商环境条例》《山东省优化营商环境条例》"
        "等法律、法规，结合本市实际，制定本条例。\n"
    )
    cites = [c["title"] for c in extract(law)["cites"]]
    assert cites == ["优化营商环境条例", "山东省优化营商环境条例"]


@pytest.mark.parametrize(
    ("own", "body", "want"),
    [
        # the document's own title without its issuer's name is still itself
        (
            "重庆市人民政府关于加强城市管理工作的通知",
            "现将《关于加强城市管理工作的通知》印发给你们。",
            [],
        ),
        # a place's name that is no region (德州 short form, no 市) keeps the old reading
        ("德州优化营商环境条例", "根据《优化营商环境条例》，制定本条例。", []),
    ],
)
def test_namesake_rule_leaves_alone(own, body, want):
    assert cited(body, own_title=own) == want


def test_amended_regulation_named_under_the_title_printed_again():
    """A 修改 decision on a law site (national4 p07): its title printed again over the body
    holds 《X》, and the body names X as what it amends: X is cited, once."""
    page = (
        "广州市人民政府关于修改《广州市行政规范性文件管理规定》的决定\n\n"
        "广州市人民政府令第5号\n\n"
        "  《广州市人民政府关于修改〈广州市行政规范性文件管理规定〉的决定》已经第12届89次市政府"
        "常务会议讨论通过，现予公布，自2006年1月1日起施行。\n\n"
        "二○○五年十一月二十九日\n\n"
        "广州市人民政府关于修改《广州市行政规范性文件管理规定》的决定\n\n"
        "  广州市人民政府决定对《广州市行政规范性文件管理规定》作如下修改：\n\n"
        "  一、第二条修改为：本规定所称行政规范性文件，是指政府及其职能部门制定的文件。\n"
    )
    got = extract(page)
    assert got["doc_number"] == "广州市人民政府令第5号"
    assert [c["title"] for c in got["cites"]] == ["广州市行政规范性文件管理规定"]


def test_title_printed_again_still_hides_what_it_publishes():
    """关于印发《X》的通知 printed twice: X stays what it transmits, never a citation."""
    page = (
        "某市人民政府关于印发《某市城市管理办法》的通知\n\n"
        "各区人民政府：\n  现将《某市城市管理办法》印发给你们，请认真贯彻执行。\n\n"
        "某市人民政府\n2020年3月1日\n\n"
        "某市人民政府关于印发《某市城市管理办法》的通知\n\n"
        "  《某市城市管理办法》自2020年4月1日起施行。\n"
    )
    assert extract(page)["cites"] == []


def test_functional_zoning_plan_is_a_document():
    """《广东省海洋功能区划(2011-2020年)》 (national4 p06), 《全国生态功能区划（修编版）》 (MEE 83)."""
    body = (
        "在国务院批准的《广东省海洋功能区划(2011-2020年)》基础上，编制本区划。"
        "依据《全国生态功能区划（修编版）》，划定生态保护红线。"
    )
    assert cited(body) == ["广东省海洋功能区划(2011-2020年)", "全国生态功能区划（修编版）"]


# --- dates and issuers ------------------------------------------------------------------------


def test_site_block_under_the_title_is_not_the_signature():
    """A 开发区 page (national4 p05): the publishing department and an ISO posting date as bare
    lines under the title; the notice signs and dates itself under its body."""
    page = (
        "11330700MB10327095/2024-00144\n"
        "关于印发《金华经济技术开发区重污染天气应急预案(2024年修订)》的通知\n"
        "金华市生态环境局金华经济技术开发区分局\n"
        "2024-03-01\n"
        "主动公开\n\n"
        "朗读\n"
        "各乡镇人民政府、街道办事处,管委会各有关单位:\n"
        "《金华经济技术开发区重污染天气应急预案(2024年修订)》已经管委会同意,现印发给你们,"
        "请结合实际,认真贯彻执行。\n"
        "金华经济技术开发区管理委员会党政综合办公室\n"
        "2024年2月29日\n"
        "金华经济技术开发区重污染天气应急预案(2024年修订)\n"
    )
    got = extract(page)
    assert got["date"] == "2024-02-29"
    assert got["issuer"] == "金华经济技术开发区管理委员会党政综合办公室"


def test_iso_date_under_the_title_kept_when_nothing_signs_below():
    """A cut page whose only date is the one under the title keeps it (nothing better)."""
    page = (
        "关于印发《某区重污染天气应急预案》的通知\n"
        "某区生态环境分局\n"
        "2024-03-01\n"
        "各乡镇人民政府：\n《某区重污染天气应急预案》已经同意，现印发给你们，请认真贯彻执行。\n"
    )
    assert extract(page)["date"] == "2024-03-01"


def test_title_whose_first_line_is_the_issuers_and_their_verb():
    """鹤政发〔2025〕4号 (national4 p10): the joint issuers and 印发 on the title's first line."""
    page = (
        "鹤政发〔2025〕4号\n"
        "鹤岗市人民政府 鹤岗市中级人民法院印发\n"
        "关于完善“府院联动”机制的意见的通知\n"
        "各县(区)人民政府、法院,市政府各部门:\n"
        "《鹤岗市人民政府 鹤岗市中级人民法院关于完善“府院联动”机制的意见》已经市政府十七届61次"
        "常务会议审议通过,现印发给你们,请认真贯彻执行。\n"
        "鹤岗市人民政府 鹤岗市中级人民法院\n"
        "2025年4月30日\n"
    )
    got = extract(page)
    assert got["title"] == "鹤岗市人民政府 鹤岗市中级人民法院印发关于完善“府院联动”机制的意见的通知"
    assert got["issuer"] == "鹤岗市人民政府"
    assert got["cites"] == []


def test_issuing_verb_line_without_organ_is_no_title_start():
    """A body line ending in 印发 (a sentence's end) is not read as a title's first line."""
    page = (
        "关于做好2024年春耕工作的通知\n"
        "各乡镇人民政府：\n"
        "  现将有关事项通知如下，方案另行印发\n"
        "关于资金的安排\n"
    )
    assert extract(page)["title"].endswith("关于做好2024年春耕工作的通知")


@pytest.mark.parametrize(
    ("title_line", "issuer"),
    [
        # national4 p03: a county bureau's yearly evaluation report, its name first, no 关于
        ("南县住房和城乡建设局2018年度整体支出 绩效评价报告", "南县住房和城乡建设局"),
        ("重庆市北碚区生态环境局2022年度部门决算报告", "重庆市北碚区生态环境局"),
        # no place in front: a bare organ word is not a name
        ("住房和城乡建设局2018年度整体支出绩效评价报告", None),
        # a 关于 title keeps its own rules (the 关于 part is what the report is about)
        ("南县人民政府关于2018年度财政预算执行情况的报告", "南县人民政府"),
    ],
)
def test_organ_named_first_in_a_yearly_report(title_line, issuer):
    page = f"{title_line}\n\n为检验预算编制的科学性，我局已经对2018年度预算绩效进行自我评价。\n"
    assert extract(page)["issuer"] == issuer


def test_number_after_a_title_closed_too_early_pairs_with_it():
    """《自治州关于…的实施方案》的通知》（巴政办发﹝2022﹞22号） (national4 p04): one citation."""
    body = (
        "根据《自治区关于加快发展保障性租赁住房的实施意见》(新政办发﹝2021﹞89号)和《自治州关于加快"
        "发展保障性租赁住房的实施方案》的通知》(巴政办发﹝2022﹞22号)精神,制定本实施方案。"
    )
    got = [(c.doc_number, c.title) for c in find_citations(body)]
    assert got == [
        ("新政办发〔2021〕89号", "自治区关于加快发展保障性租赁住房的实施意见"),
        ("巴政办发〔2022〕22号", "自治州关于加快发展保障性租赁住房的实施方案"),
    ]


def test_label_row_ending_in_a_date_is_no_signature_date():
    """蔡政办〔2023〕1号 (national4 q01): a label row 索引号 … 发文日期 2023-01-03 under the title
    was read as the signature's date line, so the signature below (蔡甸区人民政府办公室) was lost
    and the relative 区人民政府办公室 of the title stayed the issuer."""
    title = "区人民政府办公室关于印发2023年区《政府工作报告》确定的主要目标任务责任分解方案的通知"
    page = (
        f"{title}\n\n{title}\n\n"
        "2023-01-05 10:00 区人民政府办公室\n"
        "索 引 号 MB1534522/2023-05475 发文日期 2023-01-03\n"
        "发布机构 区人民政府办公室 文    号 蔡政办〔2023〕1号\n"
        "分   类 政务公开 有 效 性 有效\n\n"
        "各街道办事处、乡人民政府,区人民政府各部门、各直属机构:\n\n"
        "2023年《区〈政府工作报告〉确定的主要目标任务责任分解方案》已报经区人民政府同意,"
        "现印发给你们,并就有关事项通知如下:\n\n"
        "一、各责任单位要对照目标任务制订工作方案,并于2023年1月15日前将工作方案报区人民政府办公室。\n\n"
        "二、区人民政府办公室将对各项工作目标任务的落实情况进行全程跟踪督办。\n\n"
        "蔡甸区人民政府办公室\n\n2023年1月3日    \n\n\n"
        "2023年区《政府工作报告》确定的主要目标任务责任分解方案\n\n"
        "一、2023年全区经济社会发展的主要预期目标\n\n(一)地区生产总值增长7%以上\n\n"
        "责任单位:区发展和改革局\n"
    )
    got = extract(page)
    assert got["issuer"] == "武汉市蔡甸区人民政府办公室"
    assert (got["date"], got["region"]) == ("2023-01-03", "蔡甸区")


def test_runon_signature_after_the_attachment_line():
    """鹿山政〔2020〕72号 (national4 q08): label rows, then the body, the attachment's name, the
    signature and the attached plan run together on one line."""
    page = (
        "索引号 | 001008003001086/2020-42401 | ||\n"
        "组配分类 | 部门文件 | 发布机构 | 山福镇 |\n"
        "生成日期 | 2020-10-22 | 公开方式 | 主动公开 |\n"
        "文号 | 鹿山政〔2020〕72号 |\n"
        "各科室,各站所,各村: 为提高政府保障公共安全和处置突发公共事件的能力,维护社会稳定。经研究,"
        "制定《山福镇突发公共事件总体应急预案(修订)》,现印发给你们,请根据本预案的要求制定切实可行的"
        "专项应急预案。 附件:山福镇突发公共事件总体应急预案(修订) 温州市鹿城区山福镇人民政府 "
        "2020年10月22日 山福镇突发公共事件总体应急预案(修订) 1.总则 1.1目的依据 根据有关法律、"
        "法规、规章以及《温州市突发公共事件总体应急预案》,结合山福实际,制定本预案。\n"
    )
    got = extract(page)
    assert (got["issuer"], got["date"]) == ("温州市鹿城区山福镇人民政府", "2020-10-22")
    assert got["region"] == "鹿城区"


def test_title_then_its_number_on_one_line():
    """常政发〔2023〕1号 (national4 q02, traditional, in a pipe table): the title, a space and its
    文号 on one cell line."""
    page = (
        "|\n|||||||||\n"
        "關于印發(fā)2023年《政府工作報告》重點任務分解落實方案的通知 常政發(fā)〔2023〕1號 |\n"
        "|||||||||\n"
        "各轄市、區(qū)人民政府,常州經開區(qū)管委會,市各委辦局,市各直屬單位: 現(xiàn)將2023年"
        "《政府工作報告》重點任務分解落實方案印發(fā)給你們,有關要求如下: 一要凝聚共識抓落實。\n"
    )
    got = extract(page)
    assert got["title"] == "关于印发2023年《政府工作报告》重点任务分解落实方案的通知"
    assert got["doc_number"] == "常政发〔2023〕1号"


def test_rows_of_titles_and_numbers_are_a_list_not_a_title():
    """A list of related documents, one 'title 文号' a row: no title, every number cited."""
    page = "相关文件\n" + "".join(
        f"关于印发{x}方案的通知 常政发〔2023〕{k}号\n" for k, x in enumerate("甲乙丙丁", 1)
    )
    got = extract(page)
    assert got["title"] is None and got["doc_number"] is None
    assert len(got["cites"]) == 4


JIXI = (  # national4 q06: a county's notice on a township's page, traditional script
    "績溪縣上莊鎮(zhèn)人民政府\n"
    "索引號: 11341731003262671Y/202006-00018 組配分類: 應急預案\n"
    "發(fā)布機構: 績溪縣上莊鎮(zhèn)人民政府 主題分類: 其他\n"
    "名稱: 關于印發(fā)績溪縣防汛抗旱應急預案的通知 文號:\n"
    "生成日期: 2020-06-19 發(fā)布日期: 2020-06-19\n"
    "索引號: 11341731003262671Y/202006-00018\n組配分類: 應急預案\n"
    "發(fā)布機構: 績溪縣上莊鎮(zhèn)人民政府\n主題分類: 其他\n"
    "名稱: 關于印發(fā)績溪縣防汛抗旱應急預案的通知\n文號:\n"
    "生成日期: 2020-06-19\n發(fā)布日期: 2020-06-19\n"
    "關于印發(fā)績溪縣防汛抗旱應急預案的通知\n"
    "發(fā)布時間:2020-06-19 14:45 來源:績溪縣應急管理局 瀏覽次數(shù): 字體:[ ]\n\n"
    "關于印發(fā)績溪縣防汛抗旱應急預案的通知\n\n \n\n"
    "各鄉(xiāng)鎮(zhèn)人民政府,縣防指成員單位:\n\n"
    "《績溪縣防汛抗旱應急預案》已修訂,經(jīng)縣政府同意,現(xiàn)印發(fā)給你們,請結合實際,認真貫徹實施。\n\n"
    "                               2020年6月17日\n\n \n\n"
    "績溪縣防汛抗旱應急預案\n\n目    錄\n\n1   總則\n\n1.1編制目的\n"
)


def test_generated_date_label_row_yields_to_the_signed_date():
    """生成日期: 2020-06-19 (a label and its date, one a line, or two a row) is no signature
    date line: the date signed under the body is."""
    assert extract(JIXI)["date"] == "2020-06-17"


def test_township_publisher_is_not_the_issuer_of_a_notice_to_townships():
    """The page's 发布机构 (上庄镇人民政府) posts the county's notice to 各乡镇人民政府: no issuer
    is better than the township (and the title is not prefixed with it)."""
    got = extract(JIXI)
    assert got["issuer"] is None
    assert got["title"] == "关于印发绩溪县防汛抗旱应急预案的通知"
    town = JIXI.replace("各鄉(xiāng)鎮(zhèn)人民政府,縣防指成員單位", "各村,各站所")
    assert extract(town)["issuer"] == "绩溪县上庄镇人民政府"  # its own notice to its villages


def test_a_ministrys_department_signs():
    """国家发展改革委环资司 signing a 公示 (national4 r01): a ministry's department is an organ
    line (MEE's own 司 already signed run-on); a company (…有限公司) is not."""
    page = (
        "关于2023年生态文明督查\n激励地市备选名单的公示\n"
        "按照《国务院办公厅关于新形势下进一步加强督查激励的通知》(国办发〔2021〕49号)有关要求,"
        "研究提出激励地市备选名单,现予以公示如下:\n"
        "北京市延庆区、浙江省丽水市(以行政区划为序,共2个)。\n"
        "传真:010-68505857\n"
        "国家发展改革委环资司\n2023年2月8日\n来源 国家发改委\n"
    )
    got = extract(page)
    assert (got["issuer"], got["date"]) == ("国家发展改革委环资司", "2023-02-08")
    company = page.replace("国家发展改革委环资司\n", "北京中矿博能生态环境技术研究院有限公司\n")
    assert extract(company)["issuer"] is None


def test_application_under_review_is_not_cited():
    """MEE 535 (and 9 more site reviews): 你公司提交的《…选址安全分析报告》及相关文件进行了核安全
    技术审查 is the operator's application the notice reviews; the request it answers (with its
    文号) and the law it applies are cited."""
    body = (
        "国核湛江核电有限公司：你公司《关于报送〈广东廉江核电项目一期工程场址选择审查申请书〉的请示》"
        "（国家电投湛核〔2021〕29号）及相关附件收悉。根据《中华人民共和国核安全法》及相关核安全法规，"
        "我局对你公司提交的《广东廉江核电项目一期工程选址安全分析报告》及相关文件进行了核安全技术审查，"
        "未发现场址存在影响安全的颠覆性因素。"
    )
    assert cited(body) == ["国家电投湛核〔2021〕29号", "中华人民共和国核安全法"]
    # a document the notice follows, submitted by someone else, stays cited
    other = "根据国家发展改革委提交的《长江经济带发展规划纲要》进行了审查。"
    assert cited(other) == ["长江经济带发展规划纲要"]


@pytest.mark.parametrize(
    ("own", "body", "want"),
    [
        # laws 335 (held-back draw): the general rules a narrower interpretation follows
        (
            "最高人民法院关于知识产权民事诉讼证据的若干规定",
            "人民法院可以依照《最高人民法院关于民事诉讼证据的若干规定》第三十二条规定的程序确定。",
            ["最高人民法院关于民事诉讼证据的若干规定"],
        ),
        # laws 497: 互联网[药品]信息服务管理办法 follows 《互联网信息服务管理办法》
        (
            "互联网药品信息服务管理办法",
            "根据《中华人民共和国药品管理法》《互联网信息服务管理办法》，制定本办法。",
            ["中华人民共和国药品管理法", "互联网信息服务管理办法"],
        ),
        # a year inserted is the same text's edition: still itself
        (
            "北京市2016年政务公开工作要点",
            "现将《北京市政务公开工作要点》印发给你们。",
            [],
        ),
    ],
)
def test_narrower_namesake_cites_the_general_text(own, body, want):
    assert cited(body, own_title=own) == want


@pytest.mark.parametrize(
    ("title_line", "issuer"),
    [
        # national4 p11 (held back): a 人大常委会's rules for its own 机关 name their organ
        (
            "阿坝藏族羌族自治州人民代表大会常务委员会机关公文处理办法",
            "阿坝藏族羌族自治州人民代表大会常务委员会",
        ),
        ("镇巴县人民政府工作规则", "镇巴县人民政府"),
    ],
)
def test_an_organs_own_rules_name_their_issuer(title_line, issuer):
    page = f"{title_line}\n\n第一条 为规范公文处理工作，制定本办法。\n"
    assert extract(page)["issuer"] == issuer
