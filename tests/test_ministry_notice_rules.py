"""Rules found on ministry notices and laws of ../shared/corpus (the second blind draw,
tests/corpus/national/sample2_expected.json, and the known misses of the first): each is
tested on the real strings it was written for, plus the shapes it must leave alone.

The floors at the end score the second draw (10 laws, 25 MEE notices, seed 20261130).
"""

from __future__ import annotations

import pytest
from rule_helpers import cited, extract, numbers

from policykg.loaders.metadata import find_metadata, split_glued_organs
from policykg.loaders.normalise import normalise

# --- 文号 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the code's last character printed after the year (national set n03, MEE 1200)
        (
            "你省《关于增设漳州市龙文区的请示》(闽政〔1996〕文39号)以及有关补充报告收悉",
            ["闽政文〔1996〕39号"],
        ),
        (
            "《关于核安全行政处罚事先告知书的回函》（锡峰［2019］字第007号）为证",
            ["锡峰字〔2019〕7号"],
        ),
        # a stop character (向) inside a local code after the region's name (MEE 446)
        (
            "《关于审查〈重庆市云阳县向阳水库工程环境影响报告书〉的申请函》（渝向水司文〔2020〕10号）收悉",
            ["渝向水司文〔2020〕10号"],
        ),
        ("（见国办发〔2020〕1号）", ["国办发〔2020〕1号"]),
    ],
)
def test_code_shapes(text, want):
    assert numbers(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # joint issuers' names glued in front of the code by a masthead (MEE 48, 45, 123)
        (
            "国家发展改革委生态环境部水利部发改振兴〔2022〕101号国家发展改革委 生态环境部 水利部关于",
            "发改振兴〔2022〕101号",
        ),
        (
            "自然资源部 生态环境部 国家林业和草原局自然资发〔2022〕142号自然资源部",
            "自然资发〔2022〕142号",
        ),
        (
            "工业和信息化部国家发展改革委生态环境部工信部联节〔2022〕88号工业和信息化部",
            "工信部联节〔2022〕88号",
        ),
        # a letter's red header (…办公厅函, …秘书局函) before the code (MEE 167, 1211)
        (
            "生态环境部办公厅自然资源部办公厅函环办环评函〔2023〕34号关于做好",
            "环办环评函〔2023〕34号",
        ),
        (
            "生态环境部办公厅中央文明办秘书局函环办宣教函〔2023〕57号关于开展",
            "环办宣教函〔2023〕57号",
        ),
        # left alone: a code that starts with 办函 or ends in 部函 (MEE 455)
        ("原国家林业局《关于…的复函》（办函护字〔2017〕144号）", "办函护字〔2017〕144号"),
        ("人社部函〔2020〕1号", "人社部函〔2020〕1号"),
    ],
)
def test_masthead_glued_to_code(text, want):
    assert numbers(text) == [want]


# --- mastheads, titles, issuers ------------------------------------------------------------------


def test_glued_organs_split_from_the_left():
    assert split_glued_organs("生态环境部国家发展和改革委员会工业和信息化部国家能源局") == [
        "生态环境部",
        "国家发展和改革委员会",
        "工业和信息化部",
        "国家能源局",
    ]
    assert split_glued_organs("生态环境部办公厅中央文明办秘书局") == [
        "生态环境部办公厅",
        "中央文明办秘书局",
    ]
    assert split_glued_organs("某某科技有限公司") is None


MEE_1220 = (
    "生态环境部办公厅中央文明办秘书局文件环办宣教函〔2021〕266号关于公布2021年度“‘美丽中国，我是行动者’ "
    "提升公民生态文明意识行动计划”先进典型名单的通知各省、自治区、直辖市和新疆生产建设兵团生态环境厅（局）、"
    "文明办，有关单位：为深入贯彻党的十九大和十九届二中、三中、四中、五中全会精神，落实《“美丽中国，我是行动者”"
    "提升公民生态文明意识行动计划（2021-2025年）》要求，广泛深入宣传习近平生态文明思想。"
    "附件：1.2021年百名最美生态环保志愿者名单生态环境部办公厅中央文明办秘书局2021年6月3日（此件社会公开）字号"
)


def test_title_with_a_quoted_slogan_under_a_masthead():
    """A comma inside “…” is part of the title; the red header gives the number."""
    ex = extract(MEE_1220)
    assert ex["title"].endswith(
        "关于公布2021年度“‘美丽中国，我是行动者’ 提升公民生态文明意识行动计划”先进典型名单的通知"
    )
    assert ex["doc_number"] == "环办宣教函〔2021〕266号"
    assert ex["issuer"] == "生态环境部办公厅"
    assert ex["date"] == "2021-06-03"


MEE_124 = (
    "生态环境部国家发展和改革委员会工业和信息化部住房和城乡建设部交通运输部农业农村部国家能源局文件"
    "环综合〔2022〕42号关于印发《减污降碳协同增效实施方案》的通知各省、自治区、直辖市生态环境厅（局）、"
    "发展改革委、能源局:《减污降碳协同增效实施方案》已经碳达峰碳中和工作领导小组同意，现印发给你们，"
    "请结合实际认真贯彻落实。生态环境部 国家发展和改革委员会工业和信息化部 住房和城乡建设部交通运输部 "
    "农业农村部国家能源局2022年6月10日（此件社会公开）抄送：教育部、科技部。"
    "生态环境部办公厅2022年6月13日印发"
)


def test_joint_masthead_names_the_lead_organ():
    """The run-on signature block is read from a window that starts at a co-signer; the
    joint red header's first organ is the issuer (MEE 124 gave 农业农村部)."""
    md = find_metadata(normalise(MEE_124).text)
    assert md.masthead is not None and md.masthead[0] == "生态环境部"
    ex = extract(MEE_124)
    assert ex["issuer"] == "生态环境部"
    assert ex["doc_number"] == "环综合〔2022〕42号"


# --- citations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "配合银保监会修改《绿色信贷统计制度》，配合人民银行提出绿色债券支持项目",
            "绿色信贷统计制度",
        ),
        (
            "实施《建设项目环境影响评价分类管理名录》动态修订，优化环评分类。",
            "建设项目环境影响评价分类管理名录",
        ),
        (
            "分类制定出台《生态环境项目技术标评标指南》，指导招投标机构完善评标流程",
            "生态环境项目技术标评标指南",
        ),
        (
            "按照《企业温室气体排放报告核查指南（试行）》要求，于2022年6月30日前完成核查",
            "企业温室气体排放报告核查指南（试行）",
        ),
        (
            "牵引变电所场界工频电场和工频磁感应强度应符合《电磁环境控制限值》规定",
            "电磁环境控制限值",
        ),
        # a standard cited with its code, whatever its name ends in (MEE 572)
        (
            "格式和内容符合《环境影响评价技术导则 核电厂环境影响报告书的格式和内容》（HJ808-2016）的要求",
            "环境影响评价技术导则 核电厂环境影响报告书的格式和内容",
        ),
    ],
)
def test_guides_catalogues_systems_and_standards_are_cited(text, want):
    assert cited(text) == [want]


@pytest.mark.parametrize(
    "text",
    [
        "请将《重点排污单位名录》报送我部",  # a list of firms
        "建立《企业内部安全管理制度》",  # an internal rule, not a system of record
    ],
)
def test_lists_and_internal_rules_stay_out(text):
    assert cited(text) == []


MEE_704 = (
    "我局组织制定了《核动力厂抗震设计与鉴定》（HAD102/02-2019）和《核动力厂内部危险（火灾和爆炸除外）的防护设计》"
    "（HAD102/04-2019）等两项核安全导则，现予公布，自公布之日起施行。1996年制定的《核电厂的抗震设计与鉴定》"
    "（HAD102/02-1996）和1986年制定的《核电厂内部飞射物及其二次效应的防护》（HAD102/04-1986）同时废止。"
)


def test_publishing_notice_cites_what_it_repeals_not_what_it_publishes():
    own = "关于发布《核动力厂抗震设计与鉴定》等两项核安全导则的通知"
    assert cited(MEE_704, own_title=own) == [
        "核电厂的抗震设计与鉴定",
        "核电厂内部飞射物及其二次效应的防护",
    ]


def test_short_name_in_brackets_is_the_same_citation():
    """（以下简称《2019年核查指南》）: the short name is not a second document (MEE 1196)."""
    text = (
        "2019年12月27日发布《排放监测计划审核和排放报告核查参考指南》（以下简称《2019年核查指南》），"
        "2021年3月26日发布《企业温室气体排放报告核查指南（试行）》（以下简称《2021年核查指南》）。"
        "核查机构未按照《2021年核查指南》开展核查。"
    )
    assert cited(text) == [
        "排放监测计划审核和排放报告核查参考指南",
        "企业温室气体排放报告核查指南（试行）",
    ]


def test_a_promulgated_text_never_cites_itself_further_down():
    """An order's text: 《X》已于…通过，现予公布 makes X the text itself, also in a later
    '解读：…就《X》等系列文件答记者问' (MEE 471)."""
    text = (
        "固定污染源排污许可分类管理名录（2019年版）《固定污染源排污许可分类管理名录（2019年版）》已于2019年7月11日"
        "经生态环境部部务会议审议通过，现予公布，自公布之日起施行。2017年7月28日原环境保护部发布的"
        "《固定污染源排污许可分类管理名录（2017年版）》同时废止。部长  李干杰2019年12月20日相关下载："
        "解读：生态环境部环评司有关负责人就《固定污染源排污许可分类管理名录（2019年版）》等系列文件答记者问"
    )
    assert cited(text) == ["固定污染源排污许可分类管理名录（2017年版）"]


# --- more titles -----------------------------------------------------------------------------


def test_title_with_a_comma_in_the_qualifier_after_its_quoted_document():
    text = (
        "关于批准《辽宁红沿河核电厂在役检查大纲》（1版，报批版）的通知辽宁红沿河核电有限公司：你公司《关于报批"
        "〈辽宁红沿河核电厂在役检查大纲〉的请示》收悉。根据《中华人民共和国核安全法》的有关要求，现予批准。"
        "国家核安全局2021年3月1日（此件社会公开）"
    )
    assert extract(text)["title"].endswith(
        "关于批准《辽宁红沿河核电厂在役检查大纲》（1版，报批版）的通知"
    )


def test_an_answer_to_a_deputy_has_no_title_from_its_body():
    """王银香代表：您提出的…。…我部先后印发关于…的通知: a sentence deep in an untitled answer
    (MEE 24, 806, 1226) is not a heading."""
    text = (
        "王银香代表：您提出的“关于菏泽尽快享受中原经济区相关支持政策的建议”由我部和发展改革委分别办理。"
        "经认真研究，现就涉及我部职能部分答复如下：一、近年来支持山东省及菏泽市环保专项资金情况。"
        "2016年以来，我部先后印发关于开展水污染防治行动计划项目储备库建设、关于开展2018年度大气、"
        "土壤污染防治和农村环境整治中央项目储备库建设的通知，指导地方积极谋划环保项目。"
        "生态环境部2018年8月1日"
    )
    assert extract(text)["title"] is None


def test_a_character_opencc_maps_out_of_the_bmp_is_kept():
    """大輋围 (a place name, MEE 403): t2s would write 𪨶, which no simplified text uses."""
    t = "关于黄泥湖矿点（含大輋围矿点）退役治理工程環境影響報告書的批复"
    assert normalise(t).text == "关于黄泥湖矿点（含大輋围矿点）退役治理工程环境影响报告书的批复"


def test_a_kind_of_document_named_without_its_subject_is_not_cited():
    """《最终安全分析报告》 of a licence (MEE 673), 《突发环境应急预案》 (MEE 926): the operator's
    own papers of that kind; the law beside them is cited."""
    text = (
        "二、严格履行在《最终安全分析报告》等运行许可证申请文件及其审评过程中的承诺。"
        "十一、定期对《最终安全分析报告》《应急预案》等进行修改。"
        "切实履行《国务院关于核事故损害赔偿责任问题的批复》（国函〔2007〕64号）要求。"
        "企业未按《突发环境应急预案》要求落实，违反《中华人民共和国环境保护法》。"
    )
    assert cited(text) == ["国函〔2007〕64号", "中华人民共和国环境保护法"]


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        # a ministry's order promulgates the rule (laws.jsonl 496, 499, 410)
        ("2022年6月6日 中华人民共和国国家安全部令第2号公布", "国家安全部"),
        (
            "2021年7月22日 国家市场监督管理总局令第43号公布\n\n2022年1月1日 施行",
            "国家市场监督管理总局",
        ),
        ("1997年6月10日 国务院批准　\n\n1997年8月1日 海关总署令第65号发布　", "海关总署"),
        # the State Council approved it, a ministry published it (laws.jsonl 488)
        ("1986年11月8日 国务院批准　\n\n1986年12月1日 铁道部发布　", "铁道部"),
        # a national body's own meeting of the year adopted it (laws.jsonl 405)
        (
            "2021年11月16日 国家互联网信息办公室2021年第20次室务会议审议通过\n\n2022年3月1日 施行",
            "国家互联网信息办公室",
        ),
    ],
)
def test_a_ministry_rule_is_issued_by_the_ministry(head, issuer):
    text = f"# 互联网信息服务管理规定\n\n{head}\n\n<!-- INFO END -->\n\n第一条 为了规范管理，制定本规定。\n"
    assert extract(text)["issuer"] == issuer


def test_a_markdown_files_heading_is_the_title_over_a_chapters_heading():
    """laws.jsonl 352: the title printed again over two lines, then a chapter heading whose
    second line ends in 报告; the file's # heading is the title."""
    text = (
        "# 中华人民共和国各级人民代表大会常务委员会监督法\n\n中华人民共和国各级人民代表大会\n\n"
        "常务委员会监督法\n\n2006年8月27日 第十届全国人民代表大会常务委员会第二十三次会议通过\n\n"
        "<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为保障全国人民代表大会常务委员会依法行使监督职权，"
        "根据宪法，制定本法。\n\n第五条 各级人民代表大会常务委员会对本级人民政府、人民法院和人民检察院的工作"
        "实施监督。\n\n## 第二章 听取和审议人民政府、人民法院和\n\n人民检察院的专项工作报告\n\n"
        "第八条 各级人民代表大会常务委员会每年选择若干关系改革发展稳定大局的问题。\n"
    )
    ex = extract(text)
    assert ex["title"] == "中华人民共和国各级人民代表大会常务委员会监督法"
    assert ex["issuer"] == "全国人民代表大会常务委员会"


def test_traditional_fu_words_read_as_simplified():
    """A traditional-script mirror writes 覆函 / 批覆 (MEE 813, 912 through s2t); t2s keeps 覆
    (a simplified character too), so the genre word was lost and the title with it."""
    t = "關於重點單位自動監控安裝聯網有關問題的覆函各省、自治區、直轄市生態環境廳（局）：你廳來函收悉。"
    assert normalise(t).text.startswith("关于重点单位自动监控安装联网有关问题的复函")
    assert (
        normalise("颠覆国家政权的批覆").text == "颠覆国家政权的批覆"
    )  # simplified text: left as written


def test_a_joint_order_of_six_ministries_keeps_every_name():
    """Six ministries' order (MEE 1253's layout with spaces): four names kept, two dropped, was a
    wrong number; all six are the order's issuers."""
    text = "生态环境部 工业和信息化部 农业农村部 商务部 海关总署 国家市场监督管理总局令\n第28号"
    assert numbers(text) == [
        "生态环境部 工业和信息化部 农业农村部 商务部 海关总署 国家市场监督管理总局令第28号"
    ]


def test_a_law_sites_promulgation_labels():
    """颁布单位 / 颁布日期 of a law site's table (a mirror of a city's opinion): the issuer and
    the date the organ promulgated it (its date, not a posting date: fourth round); 失效日期
    printed empty is no field."""
    text = (
        "颁布单位:甘肃省定西市人民政府 | 文号: |\n颁布日期:2012-05-21 | 失效日期: |\n"
        "效力级别:地方政府规范性文件 |\n定西市人民政府关于进一步加强环境保护工作的意见\n"
        "各县区人民政府,市政府有关部门:\n为了促进全市经济社会与环境保护协调发展，现提出以下意见：\n"
    )
    ex = extract(text)
    assert ex["issuer"] == "定西市人民政府"
    assert ex["date"] == "2012-05-21"
    assert ex["doc_number"] is None


def test_what_the_title_issues_is_never_cited_but_what_it_repeals_or_answers_is():
    """关于发布…《X》的公告: X named again with its code is what it publishes (MEE 314); the
    earlier X it repeals is cited (552); a reply about X cites X (813); a request answered
    by title only is cited (331)."""
    x = "核动力厂燃料装卸和贮存系统设计"
    text = (
        f"关于发布核安全导则《{x}》的通知\n我局组织制定了核安全导则《{x}》（HAD102/15-2021），现予公布，"
        f"自公布之日起实施。2007年制定的《{x}》（HAD102/15-2007）同时废止。"
    )
    assert cited(text, own_title=f"关于发布核安全导则《{x}》的通知", own_title_span=(0, 29)) == [x]
    s = "排污许可证申请与核发技术规范 工业固体废物（试行）"
    own = f"关于发布国家生态环境标准《{s}》的公告"
    text = (
        f"{own}\n为贯彻《排污许可管理条例》，现批准《{s}》为国家生态环境标准，并予发布。"
        f"标准名称、编号如下：《{s}》（HJ 1200-2021）该标准自2022年1月1日起实施。"
    )
    assert cited(text, own_title=own, own_title_span=(0, len(own))) == ["排污许可管理条例"]
    y = "土壤环境质量 建设用地土壤污染风险管控标准（试行）"
    own = f"关于《{y}》引用的污染物分析方法有关问题的复函"
    text = f"{own}\n浙江省生态环境厅：来函收悉。在执行《{y}》过程中，指定方法以外的标准分析方法也可采用。"
    assert cited(text, own_title=own, own_title_span=(0, len(own))) == [y]
    req = "关于审查〈天津市生态环境监测中心废物库（旧库）退役项目环境影响报告表〉的请示"
    assert cited(f"天津市生态环境监测中心：你单位《{req}》收悉。经研究，批复如下。") == [req]


def test_the_request_a_reply_answers_is_cited_however_alike_the_titles():
    """MEE 331: 关于X环境影响报告表的批复 answers 《关于审查〈X环境影响报告表〉的请示》; the titles
    are 90% alike, which once read the request as the reply itself."""
    own = "关于天津市生态环境监测中心（原天津市辐射环境管理所）废物库（旧库）退役项目环境影响报告表的批复"
    req = "关于审查〈天津市生态环境监测中心（原天津市辐射环境管理所）废物库（旧库）退役项目环境影响报告表〉的请示"
    text = f"{own}天津市生态环境监测中心：你单位《{req}》收悉。经研究，批复如下。"
    assert cited(text, own_title=own, own_title_span=(0, len(own))) == [req]


def test_the_heading_form_of_a_joint_title_is_kept():
    """laws.jsonl 278: the body prints 最高人民法院 最高人民检察院 关于… over its 法释 number;
    the file's # heading prints the same title with 、, the form it is cited by."""
    title = "最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释"
    text = (
        f"# {title}\n\n2024年1月8日 最高人民法院审判委员会第1911次会议、2024年2月22日最高人民检察院"
        "第十四届检察委员会第二十五次会议通过\n\n2024年3月20日 施行\n\n<!-- INFO END -->\n\n"
        "最高人民法院 最高人民检察院 关于办理危害税收征管刑事案件适用法律 若干问题的解释\n\n法释〔2024〕4号\n\n"
        "为依法惩治危害税收征管犯罪，根据《中华人民共和国刑法》的有关规定，现就办理此类刑事案件适用法律的"
        "若干问题解释如下：\n\n第一条 纳税人进行虚假纳税申报的，依法处理。\n"
    )
    ex = extract(text)
    assert ex["title"] == title
    assert ex["doc_number"] == "法释〔2024〕4号"
    assert ex["issuer"] == "最高人民法院"
