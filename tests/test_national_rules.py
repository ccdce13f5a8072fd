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
