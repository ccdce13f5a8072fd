"""Region and issuer from the 机关代字, the page's labels and the site: real page layouts.

The texts are short excerpts in the layouts of real pages (tests/corpus/devset d09 and d22,
../shared/corpus/html-pages): a city notice signed ``市政府办公厅`` under a 文号 whose code is
registered, a county's pipe-table page whose only clue is its ``公开责任部门``, and a page saved
from a city's government site."""

from __future__ import annotations

from policykg.loaders.extract import extract_source
from policykg.loaders.labels import find_labels
from policykg.loaders.metadata import split_lines
from policykg.loaders.read import Source
from policykg.loaders.resolve import region_of_labels, region_of_site


def _extract(text: str):
    return extract_source(Source(path="page.txt", text=text, sha256="0" * 64, format="text"))


NANJING = """市政府办公厅关于推进城镇燃气居民和
餐饮用户“安心用气工程”建设的实施意见
宁政办规字〔2023〕2号
各区人民政府,江北新区管委会,市府各委办局,市各直属单位:
为贯彻落实《省政府办公厅关于印发持续推进燃气泄漏安全保护装置安装使用工作措施的通知》(苏政办发〔2022〕82号),经市政府同意,现提出如下实施意见。
一、总体要求
"""

ZIYANG = """文件名称 | 2022年第八次县政府常务会议确定事项落实情况的通报 | ||
索引号 | zyxzfzyxzfbgs/2022-4992 | 公开目录: | 政务督查 |
公开责任部门 | 紫阳县政府办公室 | 公开形式: | 主动公开 |
文号 | 督察通报第十七期 | 成文日期: | 2022年09月14日 |
有效性 | 有效 | 公开日期: | 2022年09月15日 |
近期,县政府督查室对2022年第八次县政府常务会议确定事项落实情况开展了专项督查,现通报如下。
"""

CHANGSHA = """长沙市政府门户网站-关于优化住房公积金业务政策和流程的通知
首页 > 政府信息公开 > 市级行政规范性文件 > 各单位系统文件
公开责任部门：市司法局
文 号：长金管委〔2022〕3号
关于优化住房公积金业务政策和流程的通知
各有关单位：
为进一步优化住房公积金业务政策和流程，现就有关事项通知如下。
"""


def test_relative_office_written_in_full_from_the_code():
    ex = _extract(NANJING)
    assert ex.doc_number == "宁政办规字〔2023〕2号"
    assert ex.region == "南京市"
    assert ex.issuer == "南京市人民政府办公厅"


def test_ambiguous_code_gives_no_region():
    ex = _extract(NANJING.replace("宁政办规字〔2023〕2号", "宁政办发〔2023〕2号"))
    assert ex.region is None
    assert ex.issuer == "市政府办公厅"  # left as written: the city is not known


def test_region_from_the_responsible_office_label():
    lines = split_lines(ZIYANG)
    region = region_of_labels(find_labels(ZIYANG, lines))
    assert region is not None and region.name == "紫阳县"
    ex = _extract(ZIYANG)
    assert ex.region == "紫阳县"
    assert ex.issuer is None  # the label names who publishes the page, not who issued it


def test_a_relative_label_gives_no_region_and_the_site_does():
    ex = _extract(CHANGSHA)
    assert region_of_labels(find_labels(CHANGSHA, split_lines(CHANGSHA))) is None  # 市司法局
    assert region_of_site(CHANGSHA).name == "长沙市"
    assert ex.region == "长沙市"


def test_a_list_page_gets_no_region_from_its_site():
    page = "人工智能产业政策文件汇编_首都之窗_北京市人民政府门户网站\n文件名称\n文号\n发布日期\n"
    assert _extract(page).region is None


def test_a_newspaper_as_source_is_not_an_organ():
    text = "来源：北京日报\n关于做好春节期间安全生产工作的通知\n各区：\n现就有关事项通知如下。\n"
    assert region_of_labels(find_labels(text, split_lines(text))) is None
