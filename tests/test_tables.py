"""Tables from text, HTML, XLSX, XLS/ET and DOCX (policykg.loaders.tables)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hang_guard import no_hang
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.errors import LoadError
from policykg.loaders.tables import (
    Table,
    header_field,
    is_header_row,
    normalise_header,
    tables_from_docx,
    tables_from_file,
    tables_from_html,
    tables_from_text,
    tables_from_xls,
    tables_from_xlsx,
)

ROOT = Path(__file__).resolve().parent.parent
NOTICES = ROOT / "examples" / "notices"
FIX = Path(__file__).resolve().parent / "fixtures" / "projects"
SEED_001 = NOTICES / "001_4d24b685d0f94245.txt"

HEADER = (
    "序号\t项目名称\t开工年份\t拟建成年份\t当年建设阶段\t主要建设内容及规模\t年度建设目标\t牵头单位"
)
ROW_431 = "431\t★九龙坡博世氢材料发动机\t2021\t2025\t新开工\t建设辐射全国的氢燃料电池发动机研发、生产基地。\t开工建设\t九龙坡区政府"


def _spans_ok(text: str, table: Table) -> None:
    assert table.row_spans is not None
    assert len(table.row_spans) == len(table.rows)
    last = -1
    for start, end in table.row_spans:
        assert 0 <= start <= end <= len(text)
        assert start > last
        last = end
        assert "\r" not in text[end - 1 : end]


# ----------------------------------------------------------------------------- header vocabulary


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("序号", "seq"),
        ("项目名称", "name"),
        ("项 目 名 称", "name"),
        ("项目\n名称", "name"),
        ("当年建设阶段", "stage"),
        ("建设性质", "stage"),
        ("开工年份", "start_year"),
        ("拟建成年份", "end_year"),
        ("竣工年份", "end_year"),
        ("建设起止年限", "period"),
        ("主要建设内容及规模", "content"),
        ("建设内容", "content"),
        ("年度建设目标", "annual_goal"),
        ("2021年主要建设内容", "annual_goal"),
        ("总投资（亿元）", "total_investment"),
        ("估算总投资\n(万元)", "total_investment"),
        ("年度计划投资（亿元）", "annual_plan"),
        ("年度计划", "annual_plan"),
        ("2021年计划投资", "annual_plan"),
        ("截至上年底累计完成投资", "completed"),
        ("牵头单位", "lead_unit"),
        ("责任单位", "lead_unit"),
        ("业主单位", "lead_unit"),
        ("项目业主", "lead_unit"),
        ("项目单位名称", "lead_unit"),
        ("建设地点", "location"),
        ("备注", "remarks"),
    ],
)
def test_header_field(header: str, field: str) -> None:
    hf = header_field(header)
    assert hf is not None and hf[0] == field


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2021年市级重大建设项目",
        "建设辐射全国的氢燃料电池发动机研发、生产基地。",
        "431",
        "单位：亿元",
        "三、重大产业项目",
    ],
)
def test_not_a_header(text: str) -> None:
    assert header_field(text) is None


def test_lead_unit_ranks() -> None:
    assert header_field("牵头单位")[1] < header_field("责任单位")[1] < header_field("业主单位")[1]


@given(st.text(alphabet="项目名称（）()【】[] \n：:*总投资亿元", max_size=30))
def test_normalise_header_idempotent(s: str) -> None:
    once = normalise_header(s)
    assert normalise_header(once) == once


def test_is_header_row() -> None:
    assert is_header_row(HEADER.split("\t"), 3)
    assert not is_header_row(["序号", "开工年份", "牵头单位"])  # no name column
    assert not is_header_row(ROW_431.split("\t"))


# ----------------------------------------------------------------------------- text


def test_seed_001_table() -> None:
    text = SEED_001.read_text(encoding="utf-8")
    (table,) = tables_from_text(text)
    assert table.where == "text"
    assert table.rows[0] == HEADER.split("\t")
    assert [r[0] for r in table.rows[1:]] == [
        "三、重大产业项目",
        "(一) 工业支柱产业",
        "汽车产业",
        "431",
        "(二) 战略性新兴产业",
        "其他战略性新兴产业",
        "544",
    ]
    _spans_ok(text, table)
    for row, (start, end) in zip(table.rows, table.row_spans, strict=True):
        assert text[start:end].split("\t")[0] == row[0]
    assert text[table.row_spans[4][0] : table.row_spans[4][1]] == ROW_431


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_seeds_without_tables(seed: str) -> None:
    (path,) = NOTICES.glob(f"{seed}_*.txt")
    assert tables_from_text(path.read_text(encoding="utf-8")) == []


def test_crlf_spans_exclude_carriage_return() -> None:
    text = f"附件\r\n{HEADER}\r\n汽车产业\t\t\r\n{ROW_431}\r\n\r\n以上。\r\n"
    (table,) = tables_from_text(text)
    assert len(table.rows) == 3
    _spans_ok(text, table)
    assert text[slice(*table.row_spans[2])] == ROW_431


def test_category_lines_without_trailing_tabs() -> None:
    text = f"{HEADER}\n三、重大产业项目\n(一) 工业支柱产业\n汽车产业\n{ROW_431}\n\n原文地址：http://example.org\n"
    (table,) = tables_from_text(text)
    assert [r[0] for r in table.rows] == [
        "序号",
        "三、重大产业项目",
        "(一) 工业支柱产业",
        "汽车产业",
        "431",
    ]


def test_blank_lines_between_rows() -> None:
    text = f"{HEADER}\n\n{ROW_431}\n\n544\t中国汽研国家氢能动力质检中心\t2021\t2022\n\n说明：以上为示例。\n"
    (table,) = tables_from_text(text)
    assert [r[0] for r in table.rows] == ["序号", "431", "544"]


def test_table_ends_at_prose() -> None:
    text = f"{HEADER}\n{ROW_431}\n各区县要加快推进项目建设，确保完成年度目标。\n另\t一\t行\n"
    (table,) = tables_from_text(text)
    assert len(table.rows) == 2


def test_excel_quoted_multiline_cells() -> None:
    header = '序号\t项目名称\t"总投资\n（亿元）"\t"主要建设内容\n及规模"\t牵头单位'
    row = '1\t"两江新区智能网联\n汽车零部件产业园"\t25.6\t"建设""智能网联""零部件生产线。"\t两江新区管委会'
    text = f"附件\n{header}\n{row}\n"
    (table,) = tables_from_text(text)
    assert table.rows[0] == [
        "序号",
        "项目名称",
        "总投资\n（亿元）",
        "主要建设内容\n及规模",
        "牵头单位",
    ]
    assert table.rows[1][1] == "两江新区智能网联\n汽车零部件产业园"
    assert table.rows[1][3] == '建设"智能网联"零部件生产线。'
    _spans_ok(text, table)
    assert text[slice(*table.row_spans[1])] == row


def test_unclosed_quote_is_literal() -> None:
    text = f'{HEADER}\n1\t"九龙坡\t2021\t2025\n'
    (table,) = tables_from_text(text)
    assert table.rows[1][:3] == ["1", '"九龙坡', "2021"]


def test_two_tables_in_text() -> None:
    other = "序号\t项目名称\t建设内容\t责任单位\t总投资"
    text = f"{HEADER}\n{ROW_431}\n{other}\n1\t某项目\t建设厂房。\t某单位\t3亿元\n"
    first, second = tables_from_text(text)
    assert len(first.rows) == 2 and second.rows[0] == other.split("\t")
    assert len(second.rows) == 2


def test_tab_block_without_header_is_not_a_table() -> None:
    text = "名称\t数量\n项目\t3\n"
    assert tables_from_text(text) == []


def test_pipe_table() -> None:
    text = (
        "附件\n| 序号 | 项目名称 | 开工年份 | 牵头单位 |\n|---|---|---|---|\n"
        "| 汽车产业 | | | |\n| 431 | ★九龙坡博世氢材料发动机 | 2021 | 九龙坡区政府 |\n\n完\n"
    )
    (table,) = tables_from_text(text)
    assert table.rows == [
        ["序号", "项目名称", "开工年份", "牵头单位"],
        ["汽车产业", "", "", ""],
        ["431", "★九龙坡博世氢材料发动机", "2021", "九龙坡区政府"],
    ]
    _spans_ok(text, table)


def test_space_separated_table() -> None:
    text = (
        "序号  项目名称  开工年份  拟建成年份  牵头单位\n"
        "汽车产业\n"
        "431  ★九龙坡博世氢材料发动机  2021  2025  九龙坡区政府\n"
        "544　中国汽研国家氢能动力质检中心　2021　2022　两江新区管委会\n"
        "各有关单位要认真贯彻落实。\n"
    )
    (table,) = tables_from_text(text)
    assert [r[0] for r in table.rows] == ["序号", "汽车产业", "431", "544"]
    assert table.rows[3][4] == "两江新区管委会"
    _spans_ok(text, table)


@pytest.mark.parametrize(
    "text",
    [
        # prose with double spaces that names columns
        "项目名称  由各区县填报，建设内容  和牵头单位  另行通知。\n下一段。\n",
        # header-like line, but rows do not have its cell count
        "序号  项目名称  开工年份  牵头单位\n1  某项目  2021\n2  另一项目\n",
        # seed 003's indented date line and the like
        "                       2022年4月7日\n重大项目  推进情况\n",
    ],
)
def test_space_separated_is_conservative(text: str) -> None:
    assert tables_from_text(text) == []


def test_empty_text() -> None:
    assert tables_from_text("") == []


def test_five_megabytes_of_tables_in_prose() -> None:
    """Every table of a 5 MB text is found (its speed is measured by ``make bench``)."""
    prose = "（一）开展项目集中攻坚行动。今年我市共实施省、市重点项目130个，总投资795亿元。\n\n"
    table = "\n".join([HEADER, "三、重大产业项目\t\t\t\t\t\t\t", *([ROW_431] * 40)]) + "\n\n"
    unit = prose * 30 + table
    text = unit * (5_000_000 // len(unit.encode("utf-8")) + 1)
    size_mb = len(text.encode("utf-8")) / 1e6
    assert size_mb >= 5
    with no_hang():
        tables = tables_from_text(text)
    assert len(tables) == text.count(HEADER)


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "\n" + '"' * 200_000,
        HEADER + "\n" + ('"' + "x" * 3999 + "\t") * 300,
        HEADER + "\n" + "\t" * 500_000,
        "项目名称" + "  " * 200_000 + "x",
        "项目名称\t" + "(" * 300_000 + "\t开工年份\t牵头单位",
        ("项目名称\t序号\t开工\n" * 50_000),
    ],
)
def test_no_catastrophic_inputs(text: str) -> None:
    with no_hang():
        tables_from_text(text)


_FRAGMENTS = st.sampled_from(
    [
        HEADER,
        ROW_431,
        "\t",
        "\n",
        "\r\n",
        '"',
        '""',
        "  ",
        "\u3000",
        "汽车产业",
        "|",
        "---",
        "项目名称",
        "合计",
        "x",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=40))
def test_text_spans_are_valid(parts: list[str]) -> None:
    text = "".join(parts)
    for table in tables_from_text(text):
        _spans_ok(text, table)
        assert all(isinstance(c, str) and c == c.strip() for r in table.rows for c in r)


# ----------------------------------------------------------------------------- HTML


def test_html_rowspan_colspan() -> None:
    html = """<table>
    <tr><th rowspan=2>序号</th><th rowspan="2">项目名称</th><th colspan=2>投资（亿元）</th></tr>
    <tr><th>总投资</th><th>年度计划</th></tr>
    <tr><td colspan="4">汽车产业</td></tr>
    <tr><td>1</td><td>甲<span>项目</span></td><td rowspan="2">3.5</td><td>1</td></tr>
    <tr><td>2</td><td>乙项目<br>二期</td><td>2</td></tr>
    </table>"""
    (t,) = tables_from_html(html, "a.html")
    assert t.where == "a.html#table 1" and t.row_spans is None
    assert t.rows == [
        ["序号", "项目名称", "投资（亿元）", ""],
        ["序号", "项目名称", "总投资", "年度计划"],
        ["汽车产业", "", "", ""],
        ["1", "甲项目", "3.5", "1"],
        ["2", "乙项目\n二期", "3.5", "2"],
    ]


def test_html_nested_and_odd_spans() -> None:
    html = """<table><tr><td>外层<table><tr><td>内</td></tr></table></td>
    <td rowspan="0">R</td><td colspan="x">c</td></tr><tr><td>a</td></tr>
    <tr><td><!-- note -->b&nbsp;c</td></tr></table>"""
    outer, inner = tables_from_html(html)
    assert outer.rows == [["外层", "R", "c"], ["a", "R", ""], ["b c", "R", ""]]
    assert inner.rows == [["内"]] and inner.where == "html#table 2"


def test_html_without_tables() -> None:
    assert tables_from_html("<p>项目名称</p>") == []
    assert tables_from_html("") == []


def test_html_deeply_nested_cell() -> None:
    html = "<table><tr><td>" + "<span>" * 3000 + "深" + "</span>" * 3000 + "</td></tr></table>"
    tables = tables_from_html(html)
    assert tables == [] or tables[0].rows[0][0] in ("深", "")


# ----------------------------------------------------------------------------- spreadsheets


def test_xlsx_merged_title_and_category() -> None:
    (t,) = tables_from_xlsx(FIX / "projects.xlsx")
    assert t.where == "projects.xlsx#项目表" and t.row_spans is None
    assert t.rows[0] == ["2021年市级重大建设项目"] + [""] * 9
    assert t.rows[2] == ["三、重大产业项目"] + [""] * 9
    assert t.rows[5][:4] == ["431", "★九龙坡博世氢材料发动机", "2021", "2025"]
    assert t.rows[6][7:9] == ["25.6", "8.2"]


def test_xlsx_vertical_merges_repeat_down() -> None:
    (t,) = tables_from_xlsx(FIX / "variant_order.xlsx")
    assert t.rows[1][:2] == ["项目名称", "序号"] and t.rows[2][:2] == ["项目名称", "序号"]
    assert t.rows[1][6:8] == ["投资（亿元）", ""]
    assert t.rows[2][6:8] == ["估算总投资", "年度计划"]


@pytest.mark.parametrize("name", ["projects.xls", "projects.et"])
def test_xls_and_et_match_xlsx(name: str) -> None:
    (x,) = tables_from_xlsx(FIX / "projects.xlsx")
    (t,) = tables_from_xls(FIX / name)
    assert t.where == f"{name}#项目表"
    assert t.rows == x.rows


def test_docx_merged_category_cells() -> None:
    (t,) = tables_from_docx(FIX / "projects.docx")
    (x,) = tables_from_xlsx(FIX / "projects.xlsx")
    assert t.where == "projects.docx#table 1"
    assert t.rows == x.rows[1:]


def test_docx_vertical_merge(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "牵头单位"
    table.cell(0, 1).text = "项目名称"
    a = table.cell(1, 0).merge(table.cell(2, 0))
    a.text = "璧山区政府"
    table.cell(1, 1).text = "甲"
    table.cell(2, 1).text = "乙"
    path = tmp_path / "v.docx"
    d.save(str(path))
    (t,) = tables_from_docx(path)
    assert t.rows == [["牵头单位", "项目名称"], ["璧山区政府", "甲"], ["璧山区政府", "乙"]]


# ----------------------------------------------------------------------------- dispatch & errors


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("projects.xlsx", "projects.xlsx#项目表"),
        ("projects.xls", "projects.xls#项目表"),
        ("projects.et", "projects.et#项目表"),
        ("projects.docx", "projects.docx#table 1"),
        ("projects.html", "projects.html#table 1"),
        ("projects_html.xls", "projects_html.xls#table 1"),
    ],
)
def test_tables_from_file_sniffs(name: str, where: str) -> None:
    tables = tables_from_file(FIX / name)
    assert tables[0].where == where


def test_et_that_is_an_xlsx_zip(tmp_path: Path) -> None:
    et = tmp_path / "清单.et"
    et.write_bytes((FIX / "projects.xlsx").read_bytes())
    (t,) = tables_from_file(et)
    assert t.where == "清单.et#项目表"
    (t2,) = tables_from_xls(et)
    assert t2.rows == t.rows


def test_html_export_decoded_from_gb18030() -> None:
    (t,) = tables_from_file(FIX / "projects_html.xls")
    assert "★九龙坡博世氢材料发动机" in [r[1] for r in t.rows]


@pytest.mark.parametrize(
    ("name", "reader", "words"),
    [
        ("corrupt.xlsx", tables_from_file, "unrecognised content"),
        ("corrupt.xlsx", tables_from_xlsx, "not a zip archive"),
        ("truncated.xlsx", tables_from_file, "corrupt zip"),
        ("truncated.xlsx", tables_from_xlsx, "XLSX"),
        ("corrupt.xlsx", tables_from_xls, "OLE2"),
        ("corrupt.xlsx", tables_from_docx, "DOCX"),
    ],
)
def test_corrupt_files_raise_load_error(name: str, reader, words: str) -> None:
    path = FIX / name
    with pytest.raises(LoadError) as err:
        reader(path)
    assert err.value.path == str(path)
    assert name in str(err.value) and words in str(err.value)


def test_load_errors_for_odd_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(LoadError, match="empty"):
        tables_from_file(empty)
    with pytest.raises(LoadError, match="no such file"):
        tables_from_file(tmp_path / "missing.xls")
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(LoadError, match="old Word"):
        tables_from_file(doc)
    fake_xls = tmp_path / "fake.xls"
    fake_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(LoadError, match="fake.xls"):
        tables_from_file(fake_xls)
    other_zip = tmp_path / "x.xlsx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(LoadError, match="neither an XLSX"):
        tables_from_file(other_zip)
    xlsb = tmp_path / "b.xlsx"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("xl/workbook.bin", "x")
    with pytest.raises(LoadError, match="xlsb"):
        tables_from_file(xlsb)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("xl/workbook.xml", "<not xml")
    with pytest.raises(LoadError, match="broken.xlsx"):
        tables_from_file(broken)


def test_text_file_attachment(tmp_path: Path) -> None:
    p = tmp_path / "list.txt"
    p.write_bytes(f"{HEADER}\n{ROW_431}\n".encode("gb18030"))
    (t,) = tables_from_file(p)
    assert t.rows[1][1] == "★九龙坡博世氢材料发动机"


def test_tsv_and_csv_exports(tmp_path: Path) -> None:
    tsv = tmp_path / "导出.xls"
    tsv.write_bytes(f"{HEADER}\n{ROW_431}\n".encode("gb18030"))
    (t,) = tables_from_file(tsv)
    assert t.where == "导出.xls#text" and t.rows[1][1] == "★九龙坡博世氢材料发动机"
    csv_path = tmp_path / "list.csv"
    csv_path.write_text('序号,项目名称,牵头单位\n1,"甲,乙项目",某单位\n', encoding="utf-8")
    (t,) = tables_from_file(csv_path)
    assert t.rows == [["序号", "项目名称", "牵头单位"], ["1", "甲,乙项目", "某单位"]]


def test_excel_2003_xml_spreadsheet(tmp_path: Path) -> None:
    xml = """<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="项目表"><Table>
  <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">2021年市级重大建设项目</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">序号</Data></Cell><Cell><Data ss:Type="String">项目名称</Data></Cell>
   <Cell><Data ss:Type="String">牵头单位</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="String">甲</Data></Cell>
   <Cell ss:MergeDown="1"><Data ss:Type="String">璧山区政府</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">2</Data></Cell><Cell><Data ss:Type="String">乙</Data></Cell></Row>
  <Row ss:Index="6"><Cell ss:Index="2"><Data ss:Type="String">注</Data></Cell></Row>
 </Table></Worksheet></Workbook>"""
    path = tmp_path / "export.xls"
    path.write_text(xml, encoding="utf-8")
    (t,) = tables_from_file(path)
    assert t.where == "export.xls#项目表"
    assert t.rows == [
        ["2021年市级重大建设项目", "", ""],
        ["序号", "项目名称", "牵头单位"],
        ["1", "甲", "璧山区政府"],
        ["2", "乙", "璧山区政府"],
        ["", "", ""],
        ["", "注", ""],
    ]
