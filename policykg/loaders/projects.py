"""Project lists → ``ProjectRow`` records, from any ``Table`` (text, XLSX, XLS/ET, DOCX, HTML).

Columns are found by their headers (``tables.header_field``) in any order: 序号, 项目名称,
当年建设阶段/建设性质, 开工年份, 拟建成年份/竣工年份, 建设起止年限 (2021-2025 → both years),
主要建设内容及规模, 年度建设目标, 总投资/估算总投资, 年度计划投资, 牵头单位/责任单位/业主单位.
A header may span two rows (a merged group such as 投资（亿元） over 总投资 | 年度计划投资).
Money columns take their unit from the header (总投资（亿元）) or from a 单位：万元 line above
the table; a bare number under a header without any unit is left None (never guessed).

Rows between projects that carry only a label are categories, kept as a path by level:
``一、`` (1) › ``(一)`` (2) › ``1.`` (3) › ``(1)`` / ``①`` (4) › a plain label (5); a new
header pops every entry of its level or deeper. 合计/小计/总计 rows are subtotals, not
projects. Marks ★ ☆ ▲ △ ● ◆ ※ at either end of a name go to ``flagged``.

``where`` is ``"text"`` for a table pasted in text (``start``/``end`` = the row's span), else
``"<file>#<sheet>!row N"`` with N the 1-based row of the sheet/table (``start = end = -1``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from policykg.loaders.money import parse_money, to_halfwidth, unit_from_header
from policykg.loaders.tables import (
    Table,
    header_field,
    header_fields,
    normalise_header,
    tables_from_file,
    tables_from_text,
)
from policykg.records import ProjectRow

__all__ = [
    "category_level",
    "projects_from_file",
    "projects_from_table",
    "projects_from_tables",
    "projects_from_text",
    "split_flags",
]

FLAG_MARKS = "★☆▲△●◆※"

_CN_NUM = "一二三四五六七八九十百零〇"
_LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{_CN_NUM}]+\s*[、.．,，]")),
    (2, re.compile(rf"^[(（]\s*[{_CN_NUM}]+\s*[)）]")),
    (3, re.compile(r"^\d+\s*[、．,，]|^\d+\.(?!\d)")),
    (4, re.compile(r"^[(（]\s*\d+\s*[)）]|^\d+\s*[)）]|^[①-⑳]")),
]
_PLAIN_LEVEL = 5
# A seq cell that holds only a heading marker: 一 / (一) / 一、
_MARKER_LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^[{_CN_NUM}]+[、.．]?$")),
    (2, re.compile(rf"^[(（][{_CN_NUM}]+[)）]$")),
    (4, re.compile(r"^[(（]\d+[)）]$|^[①-⑳]$")),
]
_SUBTOTAL = re.compile(r"^(?:合计|小计|总计|共计|全市合计|总合计)")
_NOTE = re.compile(r"^(?:注|说明|备注|填表|制表|资料来源|数据来源|单位[:：])")
_EMPTY_VALUE = re.compile(r"^[-—–/／\\、.·…]*$|^(?:无|暂无|/)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SHORT_END = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*[-—–~～至到]+\s*(\d{2})(?![\d年.．])")
_INT = re.compile(r"^\d{1,7}$")
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(万亿|亿|万)?元")
_MONEY_FIELDS = ("total_investment", "annual_plan")
# Fields only a project fills; a label row with none of them is a category (with subtotals).
_PROJECT_TEXT_FIELDS = (
    "stage",
    "content",
    "annual_goal",
    "lead_unit",
    "start_year",
    "end_year",
    "period",
)


def split_flags(name: str) -> tuple[str, str | None]:
    """``"★九龙坡博世氢材料发动机"`` → ``("九龙坡博世氢材料发动机", "★")``."""
    s = name.strip()
    marks = []
    i, j = 0, len(s)
    while i < j and (s[i] in FLAG_MARKS or s[i].isspace()):
        if s[i] in FLAG_MARKS:
            marks.append(s[i])
        i += 1
    tail = []
    while j > i and (s[j - 1] in FLAG_MARKS or s[j - 1].isspace()):
        if s[j - 1] in FLAG_MARKS:
            tail.append(s[j - 1])
        j -= 1
    marks.extend(reversed(tail))
    return s[i:j], ("".join(marks) or None)


def category_level(label: str) -> int:
    """Level of a category heading: 一、→1, (一)→2, 1.→3, (1)/①→4, a plain label→5."""
    s = label.strip()
    for level, pattern in _LEVELS:
        if pattern.match(s):
            return level
    return _PLAIN_LEVEL


def _marker_level(cell: str) -> int | None:
    s = re.sub(r"\s+", "", cell)
    for level, pattern in _MARKER_LEVELS:
        if pattern.match(s):
            return level
    return None


# --------------------------------------------------------------------------- layout


@dataclass
class _Layout:
    """Where each field sits in a table, found from its header row(s)."""

    columns: dict[str, int]
    units: dict[str, str | None]
    width: int
    first_data_row: int
    header: list[str] = field(default_factory=list)


def _year_bias(label: str, year: int | None) -> float:
    """Prefer a 2021年… column in a 2021 plan; push other years' columns back."""
    if year is None:
        return 0.0
    years = {int(y) for y in _YEAR.findall(label)}
    if not years:
        return 0.0
    return -0.5 if year in years else 10.0


def _units_above(rows: list[list[str]], upto: int) -> str | None:
    for row in rows[max(0, upto - 5) : upto + 1]:
        for cell in row:
            m = _UNIT_LINE.search(cell)
            if m:
                return m.group(1) or ""
    return None


def _money_unit(label: str) -> str | None:
    unit = unit_from_header(label)
    if unit or re.search(r"[(（]\s*元\s*[)）]", label):
        return unit
    m = re.search(r"(万亿|亿|万)?元", label)
    return (m.group(1) or "") if m else None


def _is_subheader(top: list[str], sub: list[str]) -> bool:
    """``sub`` is the second row of a two-row header under ``top``."""
    if any(_INT.match(c) for c in sub if c):
        return False
    new = [i for i, c in enumerate(sub) if c and (i >= len(top) or c != top[i])]
    if not new:
        return False
    under_group = [i for i in new if i >= len(top) or not top[i] or header_field(top[i]) is None]
    named = [i for i in new if header_field(sub[i]) is not None]
    if not all(header_field(sub[i]) is not None or len(normalise_header(sub[i])) <= 8 for i in new):
        return False
    return bool(under_group and named) or len(named) >= 2


def _layout(rows: list[list[str]], year: int | None, scan: int = 40) -> _Layout | None:
    for h in range(min(scan, len(rows))):
        fields = header_fields(rows[h])
        if "name" not in fields or len(fields) < 2:
            continue
        width = max(len(r) for r in rows)
        top = rows[h] + [""] * (width - len(rows[h]))
        labels = list(top)
        first = h + 1
        if first < len(rows):
            sub = rows[first] + [""] * (width - len(rows[first]))
            if _is_subheader(top, sub):
                group = ""
                for i in range(width):
                    if top[i]:
                        group = top[i]
                    elif not sub[i]:
                        group = ""
                    if sub[i] and sub[i] != top[i]:
                        combined = f"{top[i] or group}{sub[i]}"
                        labels[i] = combined if header_field(combined) else sub[i]
                first += 1
        return _columns(labels, width, first, year, _units_above(rows, h))
    return None


def _columns(
    labels: list[str], width: int, first: int, year: int | None, table_unit: str | None
) -> _Layout:
    best: dict[str, tuple[float, int]] = {}
    for i, label in enumerate(labels):
        hf = header_field(label) if label else None
        if hf is None:
            continue
        fname, rank = hf
        score = rank + _year_bias(label, year)
        if fname not in best or score < best[fname][0]:
            best[fname] = (score, i)
    columns = {f: i for f, (_, i) in best.items()}
    units: dict[str, str | None] = {}
    for f in _MONEY_FIELDS:
        if f in columns:
            u = _money_unit(labels[columns[f]])
            units[f] = u if u is not None else table_unit
    return _Layout(columns, units, width, first, labels)


# --------------------------------------------------------------------------- rows → records


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    i = columns.get(name)
    if i is None or i >= len(row):
        return ""
    v = row[i].strip()
    return "" if _EMPTY_VALUE.match(v) else v


def _year(cell: str) -> int | None:
    m = _YEAR.search(to_halfwidth(cell))
    return int(m.group(1)) if m else None


def _period(cell: str) -> tuple[int | None, int | None]:
    s = to_halfwidth(cell)
    years = [int(y) for y in _YEAR.findall(s)]
    if len(years) >= 2:
        return years[0], years[-1]
    m = _SHORT_END.search(s)
    if m:
        start = int(m.group(1))
        end = start // 100 * 100 + int(m.group(2))
        return start, end if end >= start else end + 100
    if years:
        return years[0], years[0]
    return None, None


def _money(cell: str, unit: str | None) -> float | None:
    if not cell:
        return None
    s = to_halfwidth(cell)
    if unit is None and not re.search(r"[万亿元]", s):
        return None  # a bare number under a header without a unit: ambiguous
    m = parse_money(s, default_unit=unit or "")
    return m.yuan if m else None


def _seq(cell: str) -> tuple[int | None, str | None]:
    s, flags = split_flags(to_halfwidth(cell).replace(" ", ""))
    return (int(s) if _INT.match(s) else None), flags


def _one_line(s: str) -> str:
    """A wrapped name on one line: CJK joins directly, other text with a space."""
    if "\n" not in s:
        return s
    parts = s.split("\n")
    out = parts[0]
    for p in parts[1:]:
        if (
            out
            and p
            and (out[-1].isascii() and out[-1].isalnum())
            and (p[0].isascii() and p[0].isalnum())
        ):
            out += " " + p
        else:
            out += p
    return out


def _is_header_repeat(row: list[str]) -> bool:
    fields = header_fields(row)
    return "name" in fields and len(fields) >= 2


def _column_numbers(row: list[str]) -> bool:
    """A row that numbers the columns (1 2 3 … under the header), not a project."""
    filled = [c for c in row if c]
    return len(filled) >= 3 and all(c.isdigit() and int(c) <= len(row) + 1 for c in filled)


def _subtotal(cells: list[str]) -> bool:
    firsts = [c for c in cells if c][:2]
    return any(_SUBTOTAL.match(re.sub(r"\s+", "", c)) for c in firsts)


def _category(row: list[str], layout: _Layout, seq: int | None) -> tuple[str, int] | None:
    """(label, level) when the row is a category heading, else None."""
    if seq is not None:
        return None
    cols = layout.columns
    name_col = cols.get("name", 1)
    seq_col = cols.get("seq")
    label_zone = max(name_col, seq_col if seq_col is not None else 0, 1)
    filled = [i for i, c in enumerate(row) if c]
    if not filled or filled[0] > label_zone:
        return None
    seq_raw = row[seq_col] if seq_col is not None and seq_col < len(row) else ""
    name_raw = row[name_col] if name_col < len(row) else ""
    level: int | None = None
    if seq_raw and name_raw and seq_col != name_col:
        level = _marker_level(seq_raw)  # 一 | 重大产业项目
        label = name_raw if level is not None else f"{seq_raw}{name_raw}"
    else:
        label = " ".join(row[i] for i in filled if i <= label_zone)
    if level is None:
        level = category_level(label)
    # Data beyond the label columns (a category's subtotals): still a category when numbered
    # like 一、/(一), or when only numbers follow the label in a list with 序号.
    beyond = any(i > label_zone for i in filled)
    project_data = seq_col is None or any(_cell(row, cols, f) for f in _PROJECT_TEXT_FIELDS)
    if beyond and level >= 3 and project_data:
        return None
    return label, level


def _push(stack: list[tuple[int, str]], label: str, level: int) -> None:
    while stack and stack[-1][0] >= level:
        stack.pop()
    stack.append((level, label))


def _rows_to_projects(
    table: Table, layout: _Layout, start_row: int, stack: list[tuple[int, str]]
) -> list[ProjectRow]:
    cols = layout.columns
    out: list[ProjectRow] = []
    prev: tuple[int | None, str] | None = None
    for r in range(start_row, len(table.rows)):
        row = [c.strip() for c in table.rows[r]]
        if not any(row):
            continue
        if _is_header_repeat(row) or _subtotal(row):
            continue
        first = next(c for c in row if c)
        if _NOTE.match(first) and sum(1 for c in row if c) <= 2:
            continue
        if _column_numbers(row):
            continue
        seq, seq_flags = _seq(_cell(row, cols, "seq"))
        cat = _category(row, layout, seq)
        if cat is not None:
            _push(stack, *cat)
            prev = None
            continue
        name_raw = _cell(row, cols, "name")
        if not name_raw:
            continue
        name, flags = split_flags(_one_line(name_raw))
        if not name:
            continue
        if seq_flags:
            flags = (seq_flags + (flags or "")) or None
        key = (seq, name)
        if key == prev:
            continue  # a vertically merged project spread over several rows
        prev = key
        start_year = _year(_cell(row, cols, "start_year"))
        end_year = _year(_cell(row, cols, "end_year"))
        if (start_year is None or end_year is None) and "period" in cols:
            p_start, p_end = _period(_cell(row, cols, "period"))
            start_year = start_year if start_year is not None else p_start
            end_year = end_year if end_year is not None else p_end
        if table.row_spans is not None:  # a table found in text: rows carry their spans
            span = table.row_spans[r] if r < len(table.row_spans) else (-1, -1)
            where = table.where
        else:
            span = (-1, -1)
            where = f"{table.where}!row {r + 1}"
        out.append(
            ProjectRow(
                name=name,
                seq=seq,
                flagged=flags,
                start_year=start_year,
                end_year=end_year,
                stage=_cell(row, cols, "stage") or None,
                content=_cell(row, cols, "content") or None,
                annual_goal=_cell(row, cols, "annual_goal") or None,
                total_investment_yuan=_money(
                    _cell(row, cols, "total_investment"), layout.units.get("total_investment")
                ),
                annual_plan_yuan=_money(
                    _cell(row, cols, "annual_plan"), layout.units.get("annual_plan")
                ),
                lead_unit=_cell(row, cols, "lead_unit") or None,
                category_path=tuple(label for _, label in stack),
                start=span[0],
                end=span[1],
                where=where,
            )
        )
    return out


# --------------------------------------------------------------------------- API


def projects_from_table(table: Table, year: int | None = None) -> list[ProjectRow]:
    """The projects of one table (none when it has no recognisable header row).

    ``year`` (the plan year) picks the column of that year when several are given
    (2021年计划投资 beside 2022年计划投资).
    """
    layout = _layout(table.rows, year)
    if layout is None:
        return []
    return _rows_to_projects(table, layout, layout.first_data_row, [])


def projects_from_tables(tables: Iterable[Table], year: int | None = None) -> list[ProjectRow]:
    """Projects of several tables in order. A table without a header that has the previous
    list's width continues it (a Word list split across pages), categories included."""
    out: list[ProjectRow] = []
    layout: _Layout | None = None
    stack: list[tuple[int, str]] = []
    for table in tables:
        found = _layout(table.rows, year)
        if found is not None:
            if layout is None or found.header != layout.header:
                stack = []  # a new list; a header repeated on the next page continues the old
            layout = found
            out.extend(_rows_to_projects(table, layout, layout.first_data_row, stack))
        elif layout is not None and table.row_spans is None and table.width == layout.width:
            out.extend(_rows_to_projects(table, layout, 0, stack))
        else:
            layout = None
    return out


def projects_from_text(text: str, year: int | None = None) -> list[ProjectRow]:
    """Projects of the tables pasted into a notice's text (spans into ``text``)."""
    return projects_from_tables(tables_from_text(text), year)


def projects_from_file(path: str | Path, year: int | None = None) -> list[ProjectRow]:
    """Projects of an attachment (XLSX, XLS/ET, DOCX, HTML). Raises ``LoadError``."""
    return projects_from_tables(tables_from_file(path), year)
