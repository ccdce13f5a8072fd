"""Figures and project tables in the layouts real notices use (strings written for the test:
numbers with spaces, 完成投资, cells run together, one cell a line, single-space and pipe
columns found from their header names)."""

from __future__ import annotations

import pytest

from policykg.loaders.figures import find_figures
from policykg.loaders.projects import projects_from_text
from policykg.loaders.tables import tables_from_text

YI = 100_000_000


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "今年安排重点建设项目 120 个，总投资 3.2 万亿元，年度计划投资 4500 亿元。",
            ("重点建设项目", 120, 32000 * YI, 4500 * YI, None),
        ),
        (
            "安排重点建设项目120个，总投资为3.2万亿元，年度计划投资为4500亿元，"
            "1-6月累计完成投资2300亿元。",
            ("重点建设项目", 120, 32000 * YI, 4500 * YI, 2300 * YI),
        ),
        (
            "全市重大项目共120个，总投资3200亿元。截至6月底，累计完成投资1500亿元。",
            ("全市重大项目", 120, 3200 * YI, None, 1500 * YI),
        ),
        (
            "省重点建设项目120个，总投资3200亿元，年度投资计划800亿元。",
            ("省重点建设项目", 120, 3200 * YI, 800 * YI, None),
        ),
        (
            "省重点建设项目120个，总投资达3200亿元，2023年计划投资800亿元，完成投资300亿元。",
            ("省重点建设项目", 120, 3200 * YI, 800 * YI, 300 * YI),
        ),
    ],
)
def test_figures(text, want):
    (f,) = find_figures(text)
    got = (f.category, f.count, f.total_investment_yuan, f.annual_plan_yuan, f.completed_yuan)
    assert got == want


ROWS = [
    (1, "甲乙高速公路", 35.6 * YI, "省交通运输厅"),
    (2, "丙丁水库扩建工程", 12 * YI, "省水利厅"),
]

LAYOUTS = {
    "one cell a line": (
        "附件\n序号\n项目名称\n总投资（亿元）\n牵头单位\n"
        "1\n甲乙高速公路\n35.6\n省交通运输厅\n2\n丙丁水库扩建工程\n12\n省水利厅\n"
    ),
    "cells run together, one row a line": (
        "序号项目名称总投资（亿元）牵头单位\n1甲乙高速公路35.6省交通运输厅\n2丙丁水库扩建工程12省水利厅\n"
    ),
    "cells run together, whitespace lost": (
        "项目如下：序号项目名称总投资（亿元）牵头单位1甲乙高速公路35.6省交通运输厅"
        "2丙丁水库扩建工程12省水利厅。以上项目由牵头单位负责。"
    ),
    "single spaces": (
        "序号 项目名称 总投资(亿元) 牵头单位\n1 甲乙高速公路 35.6 省交通运输厅\n"
        "2 丙丁水库扩建工程 12 省水利厅\n"
    ),
    "pipe table": (
        "| 序号 | 项目名称 | 总投资（万元） | 牵头单位 |\n| --- | --- | --- | --- |\n"
        "| 1 | 甲乙高速公路 | 356000 | 省交通运输厅 |\n| 2 | 丙丁水库扩建工程 | 120000 | 省水利厅 |\n"
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_project_rows(layout):
    got = [
        (p.seq, p.name, round(p.total_investment_yuan), p.lead_unit)
        for p in projects_from_text(LAYOUTS[layout])
    ]
    assert got == [(s, n, round(m), u) for s, n, m, u in ROWS]


def test_one_cell_a_line_keeps_category_rows():
    text = (
        "序号\n项目名称\n总投资（亿元）\n牵头单位\n一、基础设施\n1\n甲乙高速公路\n35.6\n省交通运输厅\n"
        "二、产业项目\n2\n某新材料产业园\n8.5\n某市人民政府\n"
    )
    got = [(p.name, p.category_path) for p in projects_from_text(text)]
    assert got == [("甲乙高速公路", ("一、基础设施",)), ("某新材料产业园", ("二、产业项目",))]


def test_one_cell_a_line_stops_at_a_lost_cell_rather_than_shifting():
    text = (
        "序号\n项目名称\n总投资（亿元）\n牵头单位\n"
        "1\n甲乙高速公路\n35.6\n省交通运输厅\n2\n丙丁水库扩建工程\n省水利厅\n3\n某产业园\n8\n某局\n"
    )
    assert [p.name for p in projects_from_text(text)] == ["甲乙高速公路"]


def test_two_free_text_columns_run_together_are_refused():
    text = "序号项目名称建设内容总投资（亿元）\n1甲乙高速公路全长120公里35.6\n"
    assert tables_from_text(text) == []
