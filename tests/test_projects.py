"""Project lists → ProjectRow (policykg.loaders.projects), over every table format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policykg.errors import LoadError
from policykg.loaders.projects import (
    FLAG_MARKS,
    category_level,
    projects_from_file,
    projects_from_table,
    projects_from_tables,
    projects_from_text,
    split_flags,
)
from policykg.loaders.tables import Table, tables_from_file
from policykg.records import ProjectRow

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "examples" / "notices"
FIX = Path(__file__).resolve().parent / "fixtures" / "projects"
GOLD = json.loads((Path(__file__).parent / "gold" / "seeds.json").read_text(encoding="utf-8"))
GOLD_DOCS = {d["file"]: d for d in GOLD["documents"]}
SEED_001 = "001_4d24b685d0f94245.txt"

GOLD_FIELDS = (
    "seq",
    "name",
    "flagged",
    "start_year",
    "end_year",
    "stage",
    "content",
    "annual_goal",
    "lead_unit",
    "category_path",
)
FIELDS = (*GOLD_FIELDS, "total_investment_yuan", "annual_plan_yuan")

HEADER = (
    "序号\t项目名称\t开工年份\t拟建成年份\t当年建设阶段\t主要建设内容及规模\t年度建设目标\t牵头单位"
)

YI = 100_000_000.0
INDUSTRY = ("三、重大产业项目", "(一) 工业支柱产业", "汽车产业")
EMERGING = ("三、重大产业项目", "(二) 战略性新兴产业", "其他战略性新兴产业")
TRANSPORT = ("四、重大基础设施项目", "(一) 综合交通")

# The fixture list (tests/fixtures/projects/make_fixtures.py): every format yields these.
EXPECTED = [
    (431, "九龙坡博世氢材料发动机", "★", 2021, 2025, "新开工",
     "建设辐射全国的氢燃料电池发动机研发、生产基地。", "开工建设", "九龙坡区政府", INDUSTRY, None, None),
    (432, "两江新区智能网联汽车零部件产业园", "▲", 2020, 2023, "续建",
     "建设智能网联汽车零部件生产线及配套研发中心。", "完成主体工程", "两江新区管委会", INDUSTRY,
     25.6 * YI, 8.2 * YI),
    (544, "中国汽研国家氢能动力质检中心", None, 2021, 2022, "新开工",
     "建设新能源领域的检测能力，包括燃料电池、氢能产品、三电产品等。", "开工建设", "两江新区管委会",
     EMERGING, None, None),
    (545, "璧山区高端装备检测认证中心", "●", 2021, 2023, "新开工", "建设检测实验室及认证服务平台。",
     "开工建设", "璧山区政府", EMERGING, 3.5 * YI, 1.2 * YI),
    (601, "渝西地区城际铁路配套工程", None, 2021, 2026, "前期", "建设城际铁路站房及配套道路约12公里。",
     "完成可研批复", "市交通局", TRANSPORT, 48 * YI, 0.5 * YI),
]  # fmt: skip


def _fields(p: ProjectRow, names=FIELDS) -> tuple:
    return tuple(getattr(p, f) for f in names)


def _approx(rows: list[tuple]) -> list[tuple]:
    return [tuple(pytest.approx(v) if isinstance(v, float) else v for v in r) for r in rows]


# ----------------------------------------------------------------------------- gold


def test_seed_001_matches_gold() -> None:
    text = (NOTICES / SEED_001).read_text(encoding="utf-8")
    got = projects_from_text(text, 2021)
    gold = GOLD_DOCS[SEED_001]["projects"]
    assert len(got) == len(gold) == 2
    for p, g in zip(got, gold, strict=True):
        for f in GOLD_FIELDS:
            want = g.get(f)
            want = tuple(want) if f == "category_path" else want
            assert getattr(p, f) == want, f
        assert p.where == "text"
        line = text[p.start : p.end]
        assert line.startswith(f"{p.seq}\t") and "\n" not in line
        assert p.total_investment_yuan is None and p.annual_plan_yuan is None


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_seeds_without_projects(seed: str) -> None:
    (path,) = NOTICES.glob(f"{seed}_*.txt")
    text = path.read_text(encoding="utf-8")
    assert projects_from_text(text) == []
    assert GOLD_DOCS[path.name]["projects"] == []


# ----------------------------------------------------------------------------- every format

FORMATS = [
    ("projects.xlsx", "projects.xlsx#项目表!row ", [6, 7, 10, 11, 14]),
    ("projects.xls", "projects.xls#项目表!row ", [6, 7, 10, 11, 14]),
    ("projects.et", "projects.et#项目表!row ", [6, 7, 10, 11, 14]),
    ("projects.docx", "projects.docx#table 1!row ", [5, 6, 9, 10, 13]),
    ("projects.html", "projects.html#table 1!row ", [6, 7, 10, 11, 14]),
    ("projects_html.xls", "projects_html.xls#table 1!row ", [6, 7, 10, 11, 14]),
    ("variant_order.xlsx", "variant_order.xlsx#Sheet1!row ", [7, 8, 11, 12, 15]),
    ("variant_zeren.xls", "variant_zeren.xls#附件!row ", [5, 6, 9, 10, 13]),
]


@pytest.mark.parametrize(("name", "where", "rows"), FORMATS, ids=[f[0] for f in FORMATS])
def test_every_format_yields_the_same_records(name: str, where: str, rows: list[int]) -> None:
    got = projects_from_file(FIX / name, 2021)
    assert [_fields(p) for p in got] == _approx(EXPECTED)
    assert [p.where for p in got] == [f"{where}{r}" for r in rows]
    assert all(p.start == p.end == -1 for p in got)


def test_list_split_over_two_word_tables() -> None:
    got = projects_from_file(FIX / "projects_split.docx")
    assert [_fields(p) for p in got] == _approx(EXPECTED)
    assert got[2].where == "projects_split.docx#table 2!row 2"


def test_text_version_of_the_list() -> None:
    """The same list pasted as tab-separated text, money columns included."""
    header = HEADER.replace(
        "年度建设目标\t", "年度建设目标\t总投资（亿元）\t年度计划投资（亿元）\t"
    )
    lines = ["附件1", "", "2021 年市级重大建设项目", "", header]
    for seq, name, flag, start, end, stage, content, goal, lead, path, total, annual in EXPECTED:
        del path
        marked = f"{flag}{name}" if flag in ("★", "●") else f"{name}{flag or ''}"
        money = ["" if v is None else f"{v / YI:g}" for v in (total, annual)]
        cells = [str(seq), marked, str(start), str(end), stage, content, goal, *money, lead]
        if seq == 431:
            lines += ["三、重大产业项目", "(一) 工业支柱产业", "汽车产业"]
        if seq == 544:
            lines += ["(二) 战略性新兴产业", "其他战略性新兴产业"]
        if seq == 601:
            lines += ["四、重大基础设施项目", "(一) 综合交通"]
        lines.append("\t".join(cells))
    lines += ["\t合计\t\t\t\t\t\t77.1\t9.9\t", "", "原文地址：http://example.org"]
    text = "\n".join(lines)
    got = projects_from_text(text, 2021)
    assert [_fields(p) for p in got] == _approx(EXPECTED)
    for p in got:
        assert text[p.start : p.end].startswith(f"{p.seq}\t")


def test_corrupt_xlsx_raises_load_error_naming_the_file() -> None:
    path = FIX / "corrupt.xlsx"
    with pytest.raises(LoadError) as err:
        projects_from_file(path)
    assert err.value.path == str(path)
    assert "corrupt.xlsx" in str(err.value)


# ----------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("name", "clean", "flags"),
    [
        ("★九龙坡博世氢材料发动机", "九龙坡博世氢材料发动机", "★"),
        ("两江新区产业园▲", "两江新区产业园", "▲"),
        ("☆ 某项目 ●", "某项目", "☆●"),
        ("中国汽研国家氢能动力质检中心", "中国汽研国家氢能动力质检中心", None),
        ("某★项目", "某★项目", None),
    ],
)
def test_split_flags(name: str, clean: str, flags: str | None) -> None:
    assert split_flags(name) == (clean, flags)


@given(st.text(alphabet=FLAG_MARKS + " 项目甲乙\n", max_size=20))
def test_split_flags_idempotent(s: str) -> None:
    clean, _ = split_flags(s)
    assert split_flags(clean) == (clean, None)


@pytest.mark.parametrize(
    ("label", "level"),
    [
        ("三、重大产业项目", 1),
        ("十二、其他", 1),
        ("(一) 工业支柱产业", 2),
        ("（二）战略性新兴产业", 2),
        ("1.汽车", 3),
        ("2、电子", 3),
        ("(1)整车", 4),
        ("①零部件", 4),
        ("汽车产业", 5),
    ],
)
def test_category_level(label: str, level: int) -> None:
    assert category_level(label) == level


# ----------------------------------------------------------------------------- table shapes


def _table(rows: list[list[str]], where: str = "t.xlsx#S") -> Table:
    return Table(rows, where, None)


def _one(rows: list[list[str]], year: int | None = None) -> ProjectRow:
    (p,) = projects_from_table(_table(rows), year)
    return p


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2021-2025", 2021, 2025),
        ("2021—2025", 2021, 2025),
        ("2021年-2025年", 2021, 2025),
        ("2021.03-2025.12", 2021, 2025),
        ("2021～2025", 2021, 2025),
        ("2021至2025年", 2021, 2025),
        ("2021-25", 2021, 2025),
        ("２０２１－２０２３", 2021, 2023),
        ("2021", 2021, 2021),
        ("—", None, None),
    ],
)
def test_period_column(period: str, start: int | None, end: int | None) -> None:
    p = _one([["序号", "项目名称", "建设起止年限"], ["1", "甲项目", period]])
    assert (p.start_year, p.end_year) == (start, end)


def test_start_and_end_columns_win_over_period() -> None:
    p = _one([["项目名称", "开工时间", "建设年限"], ["甲", "2022.06", "2021-2025"]])
    assert (p.start_year, p.end_year) == (2022, 2025)


def test_units_from_header_and_unit_line() -> None:
    rows = [
        ["附件", "", "", ""],
        ["单位：万元", "", "", ""],
        ["序号", "项目名称", "总投资", "年度计划投资(亿元)"],
        ["1", "甲项目", "12,500", "0.8"],
    ]
    p = _one(rows)
    assert p.total_investment_yuan == pytest.approx(1.25e8)
    assert p.annual_plan_yuan == pytest.approx(8e7)


def test_bare_number_without_unit_is_not_guessed() -> None:
    p = _one([["序号", "项目名称", "总投资", "年度计划投资"], ["1", "甲", "12.5", "3亿元"]])
    assert p.total_investment_yuan is None
    assert p.annual_plan_yuan == pytest.approx(3e8)


def test_year_picks_the_plan_years_column() -> None:
    rows = [
        ["序号", "项目名称", "2022年计划投资（亿元）", "2021年计划投资（亿元）"],
        ["1", "甲", "5", "3"],
    ]
    assert _one(rows, 2021).annual_plan_yuan == pytest.approx(3e8)
    assert _one(rows, 2022).annual_plan_yuan == pytest.approx(5e8)


def test_stage_prefers_annual_stage_over_nature() -> None:
    p = _one([["项目名称", "建设性质", "当年建设阶段"], ["甲", "新建", "续建"]])
    assert p.stage == "续建"


def test_lead_unit_priority_and_synonyms() -> None:
    p = _one([["项目名称", "业主单位", "牵头单位"], ["甲", "某公司", "市发展改革委"]])
    assert p.lead_unit == "市发展改革委"
    for header in ("责任单位", "业主单位", "项目业主"):
        assert _one([["项目名称", "序号", header], ["乙", "1", "某单位"]]).lead_unit == "某单位"


def test_two_row_header_with_group() -> None:
    rows = [
        ["序号", "项目名称", "建设年限", "", "2021年", "", "责任单位"],
        ["序号", "项目名称", "开工", "竣工", "计划投资(万元)", "建设目标", "责任单位"],
        ["1", "甲项目", "2021", "2023", "5000", "开工建设", "市交通局"],
    ]
    p = _one(rows)
    assert (p.start_year, p.end_year) == (2021, 2023)
    assert p.annual_plan_yuan == pytest.approx(5e7)
    assert p.annual_goal == "开工建设" and p.lead_unit == "市交通局"


def test_category_rows_in_many_shapes() -> None:
    rows = [
        ["序号", "项目名称", "开工年份", "总投资(亿元)", "牵头单位"],
        ["一", "重大产业项目", "", "", ""],  # marker in the 序号 column
        ["(一)", "工业", "", "10", ""],  # marker + subtotal money
        ["", "汽车产业", "", "", ""],  # plain label in the name column
        ["1", "甲", "2021", "4", "甲单位"],
        ["电子产业", "", "", "6", ""],  # plain label with a subtotal, in a list with 序号
        ["2", "乙", "2021", "6", "乙单位"],
        ["小计", "", "", "10", ""],
        ["二、基础设施项目（3个）", "", "", "30", ""],
        ["3", "丙", "2021", "30", "丙单位"],
        ["合 计", "", "", "40", ""],
        ["注：★为市领导联系项目。", "", "", "", ""],
    ]
    got = projects_from_table(_table(rows))
    assert [(p.name, p.category_path) for p in got] == [
        ("甲", ("重大产业项目", "工业", "汽车产业")),
        ("乙", ("重大产业项目", "工业", "电子产业")),
        ("丙", ("二、基础设施项目（3个）",)),
    ]


def test_repeated_header_and_column_numbers_are_skipped() -> None:
    rows = [
        ["序号", "项目名称", "开工年份", "牵头单位"],
        ["1", "2", "3", "4"],
        ["1", "甲", "2021", "甲单位"],
        ["序号", "项目名称", "开工年份", "牵头单位"],
        ["2", "乙", "2022", "乙单位"],
    ]
    assert [p.name for p in projects_from_table(_table(rows))] == ["甲", "乙"]


def test_vertically_merged_project_is_one_record() -> None:
    rows = [
        ["序号", "项目名称", "主要建设内容", "牵头单位"],
        ["1", "甲", "一期", "甲单位"],
        ["1", "甲", "二期", "甲单位"],
        ["2", "乙", "建设", "甲单位"],
    ]
    got = projects_from_table(_table(rows))
    assert [(p.seq, p.name, p.content) for p in got] == [(1, "甲", "一期"), (2, "乙", "建设")]


def test_table_without_header_or_name_column() -> None:
    assert projects_from_table(_table([["1", "甲", "2021"], ["2", "乙", "2022"]])) == []
    assert (
        projects_from_table(_table([["序号", "开工年份", "牵头单位"], ["1", "2021", "甲"]])) == []
    )
    assert projects_from_table(_table([])) == []


def test_flags_in_the_seq_cell_and_wrapped_names() -> None:
    p = _one([["序号", "项目名称", "牵头单位"], ["★12", "两江新区\n智能网联产业园", "甲"]])
    assert (p.seq, p.flagged, p.name) == (12, "★", "两江新区智能网联产业园")
    p = _one([["序号", "项目名称", "牵头单位"], ["3", "Phase\nII 工程", "甲"]])
    assert p.name == "Phase II 工程"


def test_headerless_continuation_needs_same_width() -> None:
    first = _table(
        [["序号", "项目名称", "牵头单位"], ["汽车产业", "", ""], ["1", "甲", "甲单位"]], "a#t1"
    )
    cont = _table([["2", "乙", "乙单位"]], "a#t2")
    other = _table([["x", "y"], ["3", "丙"]], "a#t3")
    got = projects_from_tables([first, cont, other])
    assert [(p.name, p.category_path, p.where) for p in got] == [
        ("甲", ("汽车产业",), "a#t1!row 3"),
        ("乙", ("汽车产业",), "a#t2!row 1"),
    ]


def test_prose_about_projects_is_not_a_table() -> None:
    text = (NOTICES / "002_7493e2b4e65cafb3.txt").read_text(encoding="utf-8")
    assert "项目" in text
    assert projects_from_text(text) == []


def test_file_and_table_paths_agree() -> None:
    tables = tables_from_file(FIX / "projects.xlsx")
    assert projects_from_tables(tables) == projects_from_file(FIX / "projects.xlsx")
