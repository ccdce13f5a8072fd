"""Rules found on the national set (tests/corpus/national): laws, ministry notices and
gov.cn-style pages. Each case is a short string in the layout seen in the real documents
(the texts themselves stay in ../shared/corpus or the gitignored texts/ folder)."""

from __future__ import annotations

import pytest

from policykg.loaders.extract import extract_source
from policykg.loaders.read import Source


def _ex(text: str):
    return extract_source(Source("mem.txt", text, "0" * 64, "text"))


LAW_HISTORY = [
    # a Markdown copy (# heading), history lines under it: the standing committee adopted it
    (
        "# 示范市少数民族权益保障条例\n\n2003年9月5日 北京市第十二届人民代表大会常务委员会第六次会议通过\n\n"
        "<!-- INFO END -->\n\n第一条 为了示范，制定本条例。\n",
        ("条例", "示范市少数民族权益保障条例", "北京市人民代表大会常务委员会", "2003-09-05"),
    ),
    # a State Council regulation: adopted at a 常务会议, promulgated by an order (its date)
    (
        "# 博物馆条例\n\n2015年1月14日 国务院第78次常务会议通过\n\n"
        "2015年2月9日 中华人民共和国国务院令第659号公布\n\n2015年3月20日 施行\n\n第一条 为了示范。\n",
        ("条例", "博物馆条例", "国务院", "2015-02-09"),
    ),
    # a judicial interpretation adopted by two bodies: the first is the issuer
    (
        "# 最高人民法院、最高人民检察院关于办理示范刑事案件适用法律若干问题的解释\n\n"
        "2019年6月3日 最高人民法院审判委员会第1771次会议、2019年9月4日最高人民检察院第十三届检察委员会"
        "第二十三次会议通过\n\n2019年11月1日 施行\n\n第一条 示范。\n",
        ("解释", None, "最高人民法院", "2019-06-03"),
    ),
    # a law-site copy: the history in brackets, the national standing committee
    (
        "中华人民共和国示范保护法\n\n（2009年12月26日第十一届全国人民代表大会常务委员会第十二次会议通过）\n\n"
        "第一章 总则\n第一条 为了示范，制定本法。\n",
        ("法", "中华人民共和国示范保护法", "全国人民代表大会常务委员会", "2009-12-26"),
    ),
    # a repealed earlier regulation named in the last article is not a signature
    (
        "# 济南市示范资源开发管理条例\n\n1998年9月16日 济南市第十二届人民代表大会常务委员会第四次会议通过\n\n"
        "1998年11月21日 山东省第九届人民代表大会常务委员会第五次会议批准\n\n第一条 示范。\n"
        "第三十六条 本条例自公布之日起施行。济南市人民政府1995年10月24日发布的《济南市示范暂行办法》同时废止。\n",
        ("条例", "济南市示范资源开发管理条例", "济南市人民代表大会常务委员会", "1998-09-16"),
    ),
    # a body's own short name without its place (市十四届…) is not written as an issuer
    (
        "# 示范条例\n\n2019年1月1日 市十四届人民代表大会常务委员会第二次会议通过\n\n第一条 示范。\n",
        ("条例", "示范条例", None, "2019-01-01"),
    ),
]


@pytest.mark.parametrize(("text", "want"), LAW_HISTORY)
def test_law_history(text, want):
    ex = _ex(text)
    got = (ex.doc_type, ex.title if want[1] else None, ex.issuer, ex.date)
    assert got == want


def test_repealed_predecessor_is_cited():
    """《X监察条例》同时废止 in X条例: the earlier text, not the document itself."""
    ex = _ex(
        "# 山东省示范设备安全条例\n\n2015年12月3日 山东省第十二届人民代表大会常务委员会第十七次会议通过\n\n"
        "第六十三条 本条例自2016年3月1日起施行。2008年5月29日山东省第十一届人民代表大会常务委员会"
        "第四次会议通过的《山东省示范设备安全监察条例》同时废止。\n"
    )
    assert [c.title for c in ex.cites] == ["山东省示范设备安全监察条例"]


TAIL = "序号项目名称承担单位完成时限" * 40  # an attached table run on after the signature

RUNON_SIGNATURES = [
    # the office's signature runs into the attachment's name before it (…名单生态环境部办公厅)
    (
        "关于确定示范项目承担单位的通知各有关单位：现将工作任务下达给你们。附件：示范项目承担单位名单"
        "生态环境部办公厅2018年8月22日附件示范项目承担单位名单" + TAIL,
        ("生态环境部办公厅", "2018-08-22"),
    ),
    # the signature, then the printing line (…办公厅2018年8月31日印发): the first is 成文日期
    (
        "关于示范的指导意见各省、自治区、直辖市环境保护厅（局）：现提出如下指导意见。"
        "生态环境部2018年8月30日生态环境部办公厅2018年8月31日印发字号",
        ("生态环境部", "2018-08-30"),
    ),
    # a seal between the signing office and the date
    (
        "关于表扬示范人员的通报各省、自治区、直辖市环境保护厅（局）：现予以通报表扬。附件：示范人员名单"
        "生态环境部办公厅（环境保护部办公厅代章）2018年3月25日抄送：呼和浩特市人民政府。" + TAIL,
        ("生态环境部办公厅", "2018-03-25"),
    ),
    # a ministry's department signs
    (
        "关于示范交流会征文的通知各有关单位：现向你单位征集论文。附件：1.主送单位名单2.论文样章"
        "生态环境部核电安全监管司2019年9月2日（此件社会公开）附件1主送单位名单" + TAIL,
        ("生态环境部核电安全监管司", "2019-09-02"),
    ),
    # joint signers letter-spaced with em spaces; the title names them, the first is the issuer
    # (written in full: 国家发展改革委 → 国家发展和改革委员会)
    (
        "国家发展改革委 生态环境部 水利部关于推动建立示范补偿机制的指导意见上海市、江苏省、浙江省发展改革委、"
        "生态环境厅（局）、水利（水务）厅（局）：现提出以下意见。"
        "推广可复制经验。国家发展改革委生 态 环 境 部水\u2003\u2003利\u2003\u2003部2022年1月17日字号",
        ("国家发展和改革委员会", "2022-01-17"),
    ),
]


@pytest.mark.parametrize(("text", "want"), RUNON_SIGNATURES)
def test_runon_signatures(text, want):
    ex = _ex(text)
    assert (ex.issuer, ex.date) == want


def test_national_issuer_without_the_state_prefix():
    ex = _ex(
        "示范批复 国函〔1998〕60号 中华人民共和国国务院 1998年7月31日 |\n四川省人民政府:\n现批复如下:\n"
        "一、同意。\n中华人民共和国国务院\n一九九八年七月三十一日\n"
    )
    assert ex.issuer == "国务院"


PAGES = [
    # a wiki mirror: the site's name after the title line, then 'title 文号 issuer date |'
    (
        "国务院关于同意示范省撤销示范地区设立地级示范市的批复 中华文库\n"
        "国务院关于同意示范省撤销示范地区设立地级示范市的批复 国函〔1998〕60号 中华人民共和国国务院 1998年7月31日 |\n"
        "|\n示范省人民政府:\n你省《关于撤销示范地区的请示》(川府发〔1995〕181号)收悉。现批复如下:\n"
        "一、同意。\n中华人民共和国国务院\n一九九八年七月三十一日\n",
        (
            "批复",
            "国务院关于同意示范省撤销示范地区设立地级示范市的批复",
            "国函〔1998〕60号",
            "国务院",
        ),
    ),
    # a collection's heading with a placeholder is not the title; the run-on text holds it
    (
        "购物车\n\n关于同意设立xx新区的批复(三)\n\n加入Vip免费下载 立即下载\n"
        "关于同意设立示范新区的批复 国函〔2015〕141号 云南省人民政府: 你省《关于设立示范新区的请示》"
        "(云政报〔 2014〕48号)收悉。现批复如下: 一、同意设立示范新区。"
        + "示范新区区位条件优越。"
        * 12,
        ("批复", "国务院关于同意设立示范新区的批复", "国函〔2015〕141号", "国务院"),
    ),
    # a standing committee's announcement over two lines promulgates a regulation
    (
        "四川省示范公开条例\n\n四川省人大常委会\n\n四川省示范公开条例\n\n"
        "(2009年7月22日四川省第十一届人民代表大会常务委员会第十次会议通过)\n\n"
        "四川省第十一届人民代表大会常务委员会公告\n\n  第28号\n\n"
        "  《四川省示范公开条例》已由四川省第十一届人民代表大会常务委员会第十次会议于2009年7月22日通过,"
        "现予公布,自2009年11月1日起施行。\n\n四川省人民代表大会常务委员会\n2009年7月22日\n\n第一章 总 则\n",
        (
            "条例",
            "四川省示范公开条例",
            "四川省第十一届人民代表大会常务委员会公告第28号",
            "四川省人民代表大会常务委员会",
        ),
    ),
]


@pytest.mark.parametrize(("text", "want"), PAGES)
def test_pages(text, want):
    ex = _ex(text)
    assert (ex.doc_type, ex.title, ex.doc_number, ex.issuer) == want
    assert ex.doc_number not in {c.doc_number for c in ex.cites}


def test_ministry_order_over_two_lines_signed_inline():
    """gov.cn prints a ministry's order with its year-numbered serial on its own line and the
    minister's signature and date run into the promulgation sentence."""
    ex = _ex(
        "中华人民共和国交通部令\n2006 年第 8 号\n《示范船舶管理规定》已于2006年6月7日经第7次部务会议通过,"
        "现予公布,自2006年8月1日起施行。 部 长 李某某 二○○六年七月五日\n附件:示范船舶管理规定\n"
    )
    assert (ex.doc_type, ex.doc_number, ex.issuer, ex.date) == (
        "令",
        "交通部令〔2006〕8号",
        "交通部",
        "2006-07-05",
    )


def test_order_number_after_the_title():
    """办法（…交通运输部令2024年第13号）: the number in brackets is the page's own."""
    ex = _ex(
        "示范网\n中华人民共和国示范员管理办法\n2024-12-31 下载收藏\n交通运输部\n\n"
        "中华人民共和国示范员管理办法(中华人民共和国交通运输部令2024年第13号)\n\n"
        "《中华人民共和国示范员管理办法》已于2024年12月27日经第27次部务会议通过,现予公布,"
        "自2025年3月1日起施行。\n\n部长 刘某\n\n2024年12月31日\n\n第一条 根据《中华人民共和国船员条例》,制定本办法。\n"
    )
    assert ex.title == "中华人民共和国示范员管理办法"
    assert ex.date == "2024-12-31"
    assert ex.doc_number == "交通运输部令〔2024〕13号"
    assert [c.title or c.doc_number for c in ex.cites] == ["中华人民共和国船员条例"]


def test_title_with_a_comma_over_the_addressees():
    ex = _ex(
        "关于示范领域进一步深化“放管服”改革，推动经济高质量发展的指导意见各省、自治区、直辖市环境保护厅（局），"
        "新疆生产建设兵团环境保护局：为进一步深化改革，现提出如下指导意见：一、总体要求。生态环境部2018年8月30日"
    )
    assert ex.title == "生态环境部关于示范领域进一步深化“放管服”改革，推动经济高质量发展的指导意见"
    assert ex.doc_type == "意见"


def test_copy_of_the_letter_with_its_red_header_is_not_cited():
    """A page holding the same letter to several cities: each copy's header number is the
    letter's own."""
    body = (
        "关于对示范问题进行督办的函(西安)西安市人民政府：我部决定督办（见附件）。附件：西安市督办问题清单"
        "生态环境部办公厅2020年2月20日（此件社会公开）抄送：陕西省人民政府办公厅。"
        "中华人民共和国生态环境部办公厅环督函〔2020〕10号关于对示范问题进行督办的函西安市人民政府，"
        "阎良区人民政府：我部决定督办（见附件）。生态环境部办公厅2020年2月20日（此件社会公开）"
    )
    ex = _ex(body)
    assert ex.cites == []
    assert ex.issuer == "生态环境部办公厅"


def test_standards_a_notice_publishes_are_not_cited():
    ex = _ex(
        "关于发布《示范臭氧监测一级校准技术规范》等3项国家环境保护标准的公告为贯彻《中华人民共和国环境保护法》，"
        "现批准《示范臭氧监测一级校准技术规范》等3项标准为国家环境保护标准，并予发布。标准名称、编号如下。"
        "一、《示范水华遥感与地面监测评价技术规范》（HJ 1098-2020）二、《示范臭氧监测一级校准技术规范》（HJ 1099-2020）"
        "三、《示范颗粒物自动监测技术指南 》（HJ 1100-2020）以上标准自2020年4月12日起实施。特此公告。生态环境部2020年2月12日"
    )
    assert [c.title for c in ex.cites] == ["中华人民共和国环境保护法"]


def test_documents_a_notice_approves_are_not_cited():
    ex = _ex(
        "关于批准示范核电厂运行技术规范升版的通知示范核电有限公司：你公司《关于示范核电厂运行技术规范修改升版的请示》"
        "（广阳江〔2019〕102号）收悉。根据《中华人民共和国核安全法》的有关要求，我局对你公司提交的申请文件进行了"
        "技术审评，认为你公司提交的《示范核电厂1、2号机组运行技术规范》（12版）、《示范核电厂3、4号机组运行技术规范》"
        "（12版）是可以接受的，现予批准。国家核安全局2021年1月17日"
    )
    assert {c.doc_number or c.title for c in ex.cites} == {
        "广阳江〔2019〕102号",
        "中华人民共和国核安全法",
    }
    assert (ex.issuer, ex.date) == ("国家核安全局", "2021-01-17")


def test_law_short_name_and_full_name_are_one_citation():
    ex = _ex(
        "# 河南省实施《示范资源法》办法\n\n1998年5月22日 河南省第九届人民代表大会常务委员会第三次会议通过\n\n"
        "第一条 为了示范，根据《中华人民共和国示范资源法》，制定本办法。\n"
        "第二十条 （一）《示范资源法》第十六条规定以外的。\n"
    )
    assert [c.title for c in ex.cites] == ["中华人民共和国示范资源法"]


def test_excerpt_starting_at_the_addressees_keeps_the_forwarding_notice():
    """The repost starts at the addressees; the title below the signature is the attached
    document's, not the notice's."""
    ex = _ex(
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "财政部、发展改革委《关于在示范领域推广示范模式的指导意见》已经国务院同意，现转发给你们，请认真贯彻执行。\n"
        "各地区、各部门要高度重视，共同抓好落实。\n国务院办公厅\n2015年5月19日\n（此件公开发布）\n"
        "关于在示范领域推广示范模式的指导意见\n财政部 发展改革委\n为示范，现提出以下意见。\n"
    )
    assert (ex.title, ex.doc_type, ex.issuer, ex.date) == (
        None,
        "通知",
        "国务院办公厅",
        "2015-05-19",
    )


def test_law_site_date_and_number_line_under_the_title():
    ex = _ex(
        "示范关税税率的通知(2000年)\n\n时间:2024-05-22 来源: 法律资料网\n\n"
        "国务院关税税则委员会关于调整示范关税税率的通知(2000年)\n\n国务院关税税则委员会\n\n\n"
        "国务院关税税则委员会关于调整示范关税税率的通知\n\n2000年12月28日 税委会[2000]17号\n\n海关总署:\n"
        "  经审议通过，现将有关问题通知如下:\n  一、税委会〔2000〕12号文已通知自2000年10月25日起执行。\n"
    )
    assert (ex.title, ex.doc_number, ex.issuer, ex.date) == (
        "国务院关税税则委员会关于调整示范关税税率的通知",
        "税委会〔2000〕17号",
        "国务院关税税则委员会",
        "2000-12-28",
    )
    assert [c.doc_number for c in ex.cites] == ["税委会〔2000〕12号"]


def test_untitled_run_on_excerpt_number_then_addressees():
    ex = _ex(
        "论文部分内容阅读\n国办发[2015]48号各省、自治区、直辖市人民政府,国务院各部委、各直属机构:为推进示范战略,"
        "国务院决定成立示范领导小组。现将有关事项通知如下:一、主要职责统筹协调示范工作。\n"
    )
    assert (ex.doc_type, ex.doc_number, ex.issuer) == ("通知", "国办发〔2015〕48号", "国务院办公厅")


def test_title_line_led_by_its_own_number():
    ex = _ex(
        "财科教【2017】6号 财政部 科技部 教育部 发展改革委关于进一步做好示范资金管理工作的通知\n"
    )
    assert ex.title == "财政部 科技部 教育部 发展改革委关于进一步做好示范资金管理工作的通知"
    assert (ex.doc_number, ex.issuer, ex.cites) == ("财科教〔2017〕6号", "财政部", [])


def test_standards_cited_by_name():
    ex = _ex(
        "关于加强示范执法队伍建设的实施意见各省、自治区、直辖市生态环境厅（局）：现提出以下实施意见。"
        "地方各级生态环境部门要按照《生态环境保护综合行政执法装备配备标准化建设指导标准（2020年版）》的要求，"
        "制定配备方案。废气经处理后满足《火电厂大气污染物排放标准》（GB 13223-2011）。生态环境部2021年6月29日"
    )
    assert [c.title for c in ex.cites] == [
        "生态环境保护综合行政执法装备配备标准化建设指导标准（2020年版）",
        "火电厂大气污染物排放标准",
    ]


LAW_HISTORY_MORE = [
    # a chapter's heading (第二章　一般规定) is never the title, even ending in a genre word
    (
        "# 北京市示范污染环境防治条例\n\n2020年6月5日 北京市第十五届人民代表大会常务委员会第二十二次会议通过\n\n"
        "<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了示范。\n\n## 第二章\u3000一般规定\n\n第十二条 示范。\n",
        ("条例", "北京市示范污染环境防治条例", "北京市人民代表大会常务委员会", "2020-06-05"),
    ),
    # adopted by the body's short name (市十四届人大常委会); the promulgation line names it in full
    (
        "# 宁波市示范调解条例\n\n2014年12月26日 市十四届人大常委会第二十次会议通过\n\n"
        "2015年3月27日 省十二届人大常委会第十八次会议批准\n\n"
        "2015年4月13日 宁波市人民代表大会常务委员会公告第13号公布\n\n2015年6月1日 施行\n\n第一条 示范。\n",
        ("条例", "宁波市示范调解条例", "宁波市人民代表大会常务委员会", "2015-04-13"),
    ),
    # an amendment to a law is a genre of its own
    (
        "# 中华人民共和国刑法修正案（七）\n\n2009年2月28日 第十一届全国人民代表大会常务委员会第七次会议通过\n\n"
        "一、将刑法第二百零一条修改为：示范。\n",
        ("修正案", "中华人民共和国刑法修正案（七）", "全国人民代表大会常务委员会", "2009-02-28"),
    ),
    # published jointly by the Party centre and the State Council: the first signs
    (
        "# 示范工作条例\n\n2022年1月24日 中共中央政治局会议审议批准\n\n2022年2月25日 中共中央、国务院发布\n\n"
        "第一条 为了示范，制定本条例。\n",
        ("条例", "示范工作条例", "中共中央", "2022-02-25"),
    ),
]


@pytest.mark.parametrize(("text", "want"), LAW_HISTORY_MORE)
def test_law_history_more(text, want):
    ex = _ex(text)
    assert (ex.doc_type, ex.title, ex.issuer, ex.date) == want


@pytest.mark.parametrize(
    ("tail", "issuer"),
    [
        (
            "附件：示范技术要点（试行）生态环境部办公厅自然资源部办公厅2023年1月20日（此件社会公开）",
            "生态环境部办公厅",
        ),
        (
            "特此公告。附件：示范名录生态环境部中科院2018年5月16日生态环境部办公厅2018年5月17日印发",
            "生态环境部",
        ),
        (
            "附件：主送单位名单国家核安全局国家原子能机构2020年12月3日（此件社会公开）",
            "国家核安全局",
        ),
        (
            "附件：国务院部门权责清单生态环境部办公厅2020年2月20日（此件社会公开）",
            "生态环境部办公厅",
        ),
    ],
)
def test_joint_signers_run_together(tail, issuer):
    """Joint signers printed without separators: the first signs (an attachment's name in
    front, even one naming 国务院, is not a signer)."""
    ex = _ex(
        "关于示范工作的通知各省、自治区、直辖市生态环境厅（局）：现将有关事项通知如下。" + tail
    )
    assert ex.issuer == issuer


def test_leading_group_office_is_not_the_state_council():
    ex = _ex(
        "关于召开示范普查会议的通知各省（区、市）第二次全国污染源普查领导小组办公室：现将有关事项通知如下。"
        "附件：1.会议回执国务院第二次全国污染源普查领导小组办公室2018年8月21日抄送：各省（区、市）环境保护厅（局）。"
    )
    assert ex.issuer != "国务院"


def test_region_of_a_local_law_without_its_history():
    ex = _ex(
        "# 上海市示范权益保障条例\n\n<!-- INFO END -->\n\n## 第一章　总则\n\n第一条 为了示范，制定本条例。\n"
    )
    assert (ex.issuer, ex.region) == (None, "上海市")
