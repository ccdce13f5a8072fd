"""文号 shapes beyond the standard form, as printed in real documents (restated in short strings),
found through the same path as a document: normalise, then find_docnumbers."""

from __future__ import annotations

import pytest

from policykg.loaders.docnumber import find_docnumbers, parse_docnumber
from policykg.loaders.normalise import normalise

CASES = [
    # (as printed, canonical, kind, repaired)
    ("国务院令第 588 号", "国务院令第588号", "order", False),
    ("国令第588号", "国务院令第588号", "order", False),
    ("依据国令第588号", "国务院令第588号", "order", False),
    ("渝府令〔2020〕3号", "渝府令〔2020〕3号", "order", False),
    ("中华人民共和国生态环境部令第13号", "生态环境部令第13号", "order", False),
    ("主席令第三十一号", "主席令第31号", "order", False),
    ("国家税务总局公告2018年第31号", "国家税务总局公告2018年第31号", "announcement", False),
    ("财政部 税务总局公告2019年第39号", "财政部 税务总局公告2019年第39号", "announcement", False),
    ("农业农村部公告第2号", "农业农村部公告第2号", "announcement", False),
    ("农业农村部通告〔2019〕3号", "农业农村部通告2019年第3号", "announcement", False),
    ("农业农村部2019年第4号公告", "农业农村部公告2019年第4号", "announcement", False),
    ("根据农业农村部2019年第4号", "农业农村部2019年第4号", "numbered", False),
    ("共和国交通运输部2019年第45号", "交通运输部2019年第45号", "numbered", False),
    ("渝府办发 〔 2020 〕 118 号", "渝府办发〔2020〕118号", "standard", False),
    ("渝府办发[2020]第008号", "渝府办发〔2020〕8号", "standard", False),
    ("國辦發〔2020〕1號", "国办发〔2020〕1号", "standard", False),
    ("國(guó)辦發〔２０２０〕1號", "国办发〔2020〕1号", "standard", False),
    ("国办\u200b发〔2020〕1号", "国办发〔2020〕1号", "standard", False),
    ("沪科指南〔2022〕39号", "沪科指南〔2022〕39号", "standard", False),
    ("沪崇就办〔2023〕2号", "沪崇就办〔2023〕2号", "standard", False),
    ("沪卫计中发〔2017〕9号", "沪卫计中发〔2017〕9号", "standard", False),
    ("发改办财金〔2018〕424号", "发改办财金〔2018〕424号", "standard", False),
    ("关于废止沪府办发〔1998〕8号", "沪府办发〔1998〕8号", "standard", False),
    ("的公告粤府〔2021〕8号", "粤府〔2021〕8号", "standard", False),
    ("答复的函粤府函〔2022〕155号", "粤府函〔2022〕155号", "standard", False),
    ("同意的复函粤办函〔2023〕53号", "粤办函〔2023〕53号", "standard", False),
    ("国家能源局以国能综函煤炭〔2019〕2号文件", "国能综函煤炭〔2019〕2号", "standard", False),
    ("的嘉奖令豫政〔2007〕79号", "豫政〔2007〕79号", "standard", False),
    # damaged: repaired only when unambiguous, the string as printed kept in raw
    ("柳政办〔201915", "柳政办〔2019〕15号", "standard", True),
    ("柳政办〔2019〕15，", "柳政办〔2019〕15号", "standard", True),
    ("柳政办〔20225号", "柳政办〔2022〕5号", "standard", True),
]


@pytest.mark.parametrize(("printed", "canonical", "kind", "repaired"), CASES)
def test_shapes(printed, canonical, kind, repaired):
    found = find_docnumbers(normalise(printed).text)
    assert [d.canonical for d in found] == [canonical]
    (d,) = found
    assert (d.kind, d.repaired) == (kind, repaired)
    # the canonical form parses back to itself
    assert parse_docnumber(canonical).canonical == canonical


@pytest.mark.parametrize(
    "text",
    [
        "某府发〔20xx〕1号",  # template placeholders
        "XX府发〔2020〕1号",
        "××府发〔2020〕1号",
        "某府发〔2020〕1号",
        "本公告第1号",
        "自2019年1月1日起施行",
        "截至2019年第3号",
        "（2020）15号",
        "粤府函〔2020〕",
        "柳政办〔2019〕15万元",  # a bracketed year then an amount: not a damaged number
        "5号楼、3号线",
    ],
)
def test_not_numbers(text):
    assert find_docnumbers(normalise(text).text) == []


def test_damaged_number_keeps_the_string_as_printed():
    text = "按照柳政办〔201915精神执行"
    (d,) = find_docnumbers(text)
    assert d.repaired and d.raw == "柳政办〔201915" and text[d.start : d.end] == d.raw


def test_a_code_left_out_in_a_list_is_the_one_before():
    text = "核算指南（发改办气候〔2013〕2526号、〔2014〕2920号和〔2015〕1722号）"
    got = [d.canonical for d in find_docnumbers(text)]
    assert got == [
        "发改办气候〔2013〕2526号",
        "发改办气候〔2014〕2920号",
        "发改办气候〔2015〕1722号",
    ]
    assert find_docnumbers("见附件（〔2014〕2920号）") == []  # no number before it: no code
