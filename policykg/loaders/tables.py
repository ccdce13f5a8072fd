"""Tables from every format a project list arrives in → ``Table`` (rows of cell strings).

``tables_from_text`` finds tables pasted into a notice's text: tab-separated blocks (cells
copied from Excel, quoted multi-line cells included), Markdown pipe rows, and — only when
clearly tabular — rows whose cells are separated by two or more spaces. A text table starts
at a header row that names project-list columns (项目名称 plus at least two of 序号, 开工年份,
建设内容, 牵头单位 …); every row keeps its ``(start, end)`` span in the original text.

Attachments (``tables_from_xlsx``, ``tables_from_xls`` — WPS ``.et`` too —, ``tables_from_docx``,
``tables_from_html``) give one ``Table`` per sheet or ``<table>``, all rows kept, so row *i*
of a sheet's table is sheet row *i + 1*. Merged cells: the value stays in the merge's first
column and is repeated down the rows it spans (a horizontally merged category row keeps one
non-empty cell; a vertically merged lead unit reaches every project it covers).

``tables_from_file`` sniffs the bytes, not the suffix: ``PK\\x03\\x04`` → XLSX or DOCX (by the
archive's content), ``\\xD0\\xCF\\x11\\xE0`` → XLS, Excel 2003 XML or HTML markup (a "xls"
that is really a web page, as many sites export), CSV/TSV text under .xls/.et/.csv/.tsv.
A corrupt or unsupported file raises ``LoadError`` naming it and the problem.

The header vocabulary (``header_field``) lives here because both table detection and the
column mapping in ``policykg.loaders.projects`` use it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policykg.errors import LoadError

if TYPE_CHECKING:  # bs4 is imported on first use
    from bs4 import Tag

__all__ = [
    "Table",
    "header_field",
    "header_fields",
    "is_header_row",
    "normalise_header",
    "tables_from_docx",
    "tables_from_file",
    "tables_from_html",
    "tables_from_text",
    "tables_from_xls",
    "tables_from_xlsx",
]


@dataclass(frozen=True)
class Table:
    """Rows of stripped cell strings.

    ``where`` names the origin: ``"text"``, ``"<file>#<sheet>"`` or ``"<file>#table N"``.
    ``row_spans`` holds, for a table found in text, the ``(start, end)`` offsets of each row in
    the original text (``end`` excludes the line break); None for attachments.
    """

    rows: list[list[str]]
    where: str
    row_spans: list[tuple[int, int]] | None = None

    @property
    def width(self) -> int:
        """The number of columns of the widest row."""
        return max((len(r) for r in self.rows), default=0)


# --------------------------------------------------------------------------- header vocabulary

# (field, pattern, rank) tried in order on the normalised header; the first match wins. Rank
# orders several columns for one field (牵头单位 beats 业主单位); lower is better.
_HEADER_RULES: list[tuple[str, re.Pattern[str], int]] = [
    (f, re.compile(p), r)
    for f, p, r in [
        ("seq", r"^(?:序号|编号|序|项目序号|排序)$", 0),
        ("lead_unit", r"牵头.*(?:单位|部门|主体)", 0),
        ("lead_unit", r"责任(?:单位|主体|部门)", 1),
        ("lead_unit", r"业主", 2),
        ("lead_unit", r"(?:建设|项目|实施|承建|承办)单位|项目法人|实施主体|建设主体", 3),
        ("annual_goal", r"目标|形象进度|(?:年度|当年|\d{4}年)(?:主要)?建设内容", 0),
        ("start_year", r"开工|开始年|起始年", 0),
        ("end_year", r"竣工|建成|完工|投产年", 0),
        ("period", r"起止|起讫|建设年限|建设期限|建设周期|实施期限|实施年限|建设期$", 0),
        ("content", r"建设内容|建设规模|项目内容|主要内容|项目概况|建设任务", 0),
        ("completed", r"累计|截至|截止|已完成|实际完成|完成投资", 0),
        ("total_investment", r"总投资|投资总额|总投入|投资规模", 0),
        ("annual_plan", r"计划(?:完成)?投资|年度计划|年度投资|年计划|当年投资|\d{4}年投资", 0),
        ("stage", r"(?:当年|年度|\d{4}年)(?:建设)?阶段", 0),
        ("stage", r"建设阶段|项目阶段|建设状态|项目状态", 1),
        ("stage", r"建设性质|项目性质|建设类型", 2),
        ("name", r"^(?!.*单位).*名称|^(?:项目|工程|项目工程|建设项目)$", 0),
        ("location", r"建设地[点址]|所在地|项目地点|实施地点|所在区县|所属区|^区县|^地区$", 0),
        ("remarks", r"^备注|^说明$", 0),
        ("code", r"项目代码|项目编码|统一代码", 0),
        ("industry", r"行业|领域|产业类别|项目类别|^类别$|^类型$", 0),
    ]
]

_PARENS = re.compile(r"[（(【\[][^（()）【】\[\]]*[)）】\]]")
_SPACES = re.compile(r"\s+")


def normalise_header(text: str) -> str:
    """``"总投资\\n（亿元）"`` → ``"总投资"``: no whitespace, no parenthesised parts, no colon."""
    s = _SPACES.sub("", text or "")
    while True:  # innermost parentheses first: 投资(其中(亿元)) → 投资
        t = _PARENS.sub("", s)
        if t == s:
            break
        s = t
    return s.strip("：:*＊")


@lru_cache(maxsize=4096)
def header_field(text: str) -> tuple[str, int] | None:
    """The project-list field a column header names, with its rank, or None.

    ``header_field("牵头单位")`` → ``("lead_unit", 0)``; a long cell is never a header.
    """
    if len(text) > 80:
        return None
    h = normalise_header(text)
    if not h or len(h) > 20 or h.isdigit():
        return None
    for field, pattern, rank in _HEADER_RULES:
        if pattern.search(h):
            return field, rank
    return None


def header_fields(cells: Sequence[str]) -> set[str]:
    """The distinct fields a row's cells name as headers."""
    out = set()
    for c in cells:
        if c:
            hf = header_field(c)
            if hf:
                out.add(hf[0])
    return out


def is_header_row(cells: Sequence[str], minimum: int = 2) -> bool:
    """A header row names the project name column and at least ``minimum`` fields in all."""
    fields = header_fields(cells)
    return "name" in fields and len(fields) >= minimum


# --------------------------------------------------------------------------- cell values


def _clean(s: str) -> str:
    """Strip a cell; line breaks become ``\\n`` with each line stripped; NBSP → space."""
    if not s:
        return ""
    s = s.replace("_x000D_", "").replace("\xa0", " ")
    if "\n" in s or "\r" in s:
        lines = [ln.strip() for ln in s.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return "\n".join(ln for ln in lines if ln)
    return s.strip()


def _value_str(v: object) -> str:
    """A spreadsheet value as text: 431.0 → "431", a date → ISO, None → ""."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return format(v, ".15g")
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0):
            return v.date().isoformat()
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    return _clean(str(v))


def _trim(grid: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty rows and columns; pad every row to one width."""
    while grid and not any(grid[-1]):
        grid.pop()
    width = 0
    for row in grid:
        for i in range(len(row) - 1, -1, -1):
            if row[i]:
                width = max(width, i + 1)
                break
    return [(row + [""] * (width - len(row)))[:width] for row in grid]


def _apply_merges(grid: list[list[str]], merges: Iterable[tuple[int, int, int, int]]) -> None:
    """Merges as 0-based half-open ``(row_lo, row_hi, col_lo, col_hi)``: the anchor's value is
    repeated down the merge's first column; the other columns stay empty."""
    nrows = len(grid)
    for rlo, rhi, clo, chi in merges:
        if rlo >= nrows or clo >= len(grid[rlo]):
            continue
        value = grid[rlo][clo]
        for r in range(rlo, min(rhi, nrows)):
            row = grid[r]
            for c in range(clo, min(chi, len(row))):
                if r == rlo and c == clo:
                    continue
                row[c] = value if c == clo else ""


# --------------------------------------------------------------------------- text

_SPACE_SPLIT = re.compile(r"(?:[ \xa0]{2,}|\u3000)+")
_MAX_QUOTED = 4000  # a quoted TSV cell longer than this is taken literally
_LABEL_BAD = re.compile(r"[。；;:：]|^(?:注|说明|备注|附件|原文|来源)")


def _line_end(text: str, pos: int) -> int:
    eol = text.find("\n", pos)
    return len(text) if eol == -1 else eol


def _span_end(text: str, start: int, eol: int) -> int:
    """End of a row's span: the line end, without a trailing ``\\r``."""
    return eol - 1 if eol > start and text[eol - 1] == "\r" else eol


def _tsv_row(text: str, pos: int) -> tuple[list[str], int]:
    """Cells of a tab-separated row starting at ``pos`` → (cells, index of its line end).

    A cell that starts with ``"`` and closes with ``"`` before a tab or line end is an
    Excel-quoted cell: it may span lines and ``""`` stands for ``"``.
    """
    n = len(text)
    cells: list[str] = []
    i = pos
    while True:
        if i < n and text[i] == '"':
            parsed = _quoted(text, i)
            if parsed is not None:
                cell, i = parsed
                cells.append(_clean(cell))
                if i >= n or text[i] == "\n":
                    return cells, i
                if text[i] == "\r":
                    i += 1
                    if i >= n or text[i] == "\n":
                        return cells, i
                i += 1  # the tab
                continue
        eol = _line_end(text, i)
        tab = text.find("\t", i, eol)
        if tab == -1:
            cells.append(_clean(text[i:eol]))
            return cells, eol
        cells.append(_clean(text[i:tab]))
        i = tab + 1


def _quoted(text: str, i: int) -> tuple[str, int] | None:
    """A quoted cell at ``text[i] == '"'`` → (value, index after the closing quote), or None."""
    limit = min(len(text), i + _MAX_QUOTED)
    parts = []
    j = i + 1
    while True:
        k = text.find('"', j, limit)
        if k == -1:
            return None
        if text.startswith('"', k + 1):
            parts.append(text[j : k + 1])
            j = k + 2
            continue
        if k + 1 < len(text) and text[k + 1] not in "\t\r\n":
            return None
        parts.append(text[j:k])
        return "".join(parts), k + 1


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    s = s.removeprefix("|").removesuffix("|")
    return [_clean(c) for c in s.split("|")]


_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _next_nonblank(text: str, pos: int, max_lines: int = 3) -> tuple[int, str] | None:
    """The next non-blank line at or after ``pos`` (within a few lines): (start, line)."""
    n = len(text)
    for _ in range(max_lines):
        if pos >= n:
            return None
        eol = _line_end(text, pos)
        line = text[pos:eol]
        if line.strip():
            return pos, line
        pos = eol + 1
    return None


def _row_follows(text: str, pos: int, is_row: Callable[[str], bool], max_labels: int = 6) -> bool:
    """After category label lines, does a table row follow (past further labels)?"""
    for _ in range(max_labels):
        nb = _next_nonblank(text, pos)
        if nb is None:
            return False
        start, line = nb
        if is_row(line):
            return True
        if not _label_line(line):
            return False
        pos = _line_end(text, start) + 1
    return False


def _label_line(line: str) -> bool:
    """A short line inside a text table that can be a category row (汽车产业, 三、…)."""
    s = line.strip()
    return 0 < len(s) <= 40 and not _LABEL_BAD.search(s)


def tables_from_text(text: str) -> list[Table]:
    """Tables pasted into text, each starting at a recognisable header row."""
    if not text or ("名称" not in text and "项目" not in text):
        return []
    tables: list[Table] = []
    n = len(text)
    pos = 0
    while pos < n:
        eol = _line_end(text, pos)
        line = text[pos:eol]
        table = None
        if "名称" in line or "项目" in line:
            if "\t" in line:
                table, nxt = _tab_table(text, pos)
            elif line.lstrip().startswith("|"):
                table, nxt = _pipe_table(text, pos)
            elif "  " in line or "\u3000" in line:
                table, nxt = _space_table(text, pos)
            elif " " in line.strip():
                table, nxt = _space_table(text, pos, single=True)
        elif _SEQ_HEADER.match(line):
            table, nxt = _cell_per_line_table(text, pos)
        glued = _GLUED_START.search(line) if table is None else None
        if glued is not None:
            table, nxt = _glued_table(text, pos + glued.start())
        if table is not None:
            tables.append(table)
            pos = nxt
        else:
            pos = eol + 1
    return tables


def _tab_table(text: str, pos: int) -> tuple[Table | None, int]:
    header, eol = _tsv_row(text, pos)
    if not is_header_row(header, 3):
        return None, pos
    rows, spans = [header], [(pos, _span_end(text, pos, eol))]
    pos = eol + 1
    n = len(text)
    while pos < n:
        nb = _next_nonblank(text, pos)
        if nb is None:
            break
        start, line = nb
        if "\t" in line:
            cells, eol = _tsv_row(text, start)
            if is_header_row(cells, 3) and cells != header:
                break  # a new table starts here
            rows.append(cells)
        elif _label_line(line):
            eol = _line_end(text, start)
            if not _row_follows(text, eol + 1, lambda ln: "\t" in ln):
                break
            rows.append([_clean(line)])
        else:
            break
        spans.append((start, _span_end(text, start, eol)))
        pos = eol + 1
    return Table(rows, "text", spans), pos


def _pipe_table(text: str, pos: int) -> tuple[Table | None, int]:
    eol = _line_end(text, pos)
    header = _pipe_cells(text[pos:eol])
    if not is_header_row(header, 3):
        return None, pos
    rows, spans = [header], [(pos, _span_end(text, pos, eol))]
    pos = eol + 1
    while pos < len(text):
        eol = _line_end(text, pos)
        line = text[pos:eol]
        if not line.lstrip().startswith("|"):
            break
        if not _PIPE_RULE.match(line):
            rows.append(_pipe_cells(line))
            spans.append((pos, _span_end(text, pos, eol)))
        pos = eol + 1
    return Table(rows, "text", spans), pos


def _space_cells(line: str, single: bool = False) -> list[str]:
    return [_clean(c) for c in (_ONE_SPACE if single else _SPACE_SPLIT).split(line.strip())]


_NUMERIC_FIELDS = {"total_investment", "annual_plan", "completed", "start_year", "end_year"}
_ONE_SPACE = re.compile(r"[ \xa0\u3000]+")
_SEQ_HEADER = re.compile(r"^\s*(?:序号|编号|序)\s*$")
_SEQ_CELL = re.compile(r"^\s*(\d{1,4})\s*$")


def _cell_per_line_table(text: str, pos: int) -> tuple[Table | None, int]:
    """One cell a line (a table copied out of a web page or PDF): 序号 / 项目名称 / … header
    lines, then rows of the same number of lines, each starting with its sequence number.
    A row is kept only when the line after it is the next number, a category label or the
    end of the table: a table with an empty cell (a line lost) stops there, never shifts."""
    lines: list[tuple[int, str]] = []  # (start, stripped line), blank lines skipped
    p = pos
    while p < len(text) and len(lines) < 20000:
        eol = _line_end(text, p)
        if text[p:eol].strip():
            lines.append((p, text[p:eol].strip()))
        p = eol + 1
    header: list[str] = []
    kinds: list[str] = []  # the field each header line names
    for _, ln in lines:
        hf = header_field(ln)
        if hf is None or hf[0] in kinds or len(header) >= 16:
            break
        header.append(ln)
        kinds.append(hf[0])
    width = len(header)
    if width < 3 or "name" not in kinds or "seq" not in kinds or kinds[0] != "seq":
        return None, pos
    rows = [header]
    spans = [(lines[0][0], lines[width - 1][0] + len(lines[width - 1][1]))]
    i, expect = width, None
    while i < len(lines):
        start, ln = lines[i]
        m = _SEQ_CELL.match(ln)
        if m and (expect is None or int(m.group(1)) == expect) and i + width <= len(lines):
            cells = [c for _, c in lines[i : i + width]]
            nxt = lines[i + width][1] if i + width < len(lines) else None
            following = int(m.group(1)) + 1
            if any(_SEQ_CELL.match(c) and int(c) == following for c in cells[1:]) or any(
                kind in _NUMERIC_FIELDS and not re.search(r"\d", c)
                for kind, c in zip(kinds[1:], cells[1:], strict=False)
            ):
                break  # a cell was lost: the row would take the next row's number
            after = lines[i + width + 1][1] if i + width + 1 < len(lines) else None
            ok_next = (
                nxt is None
                or (_SEQ_CELL.match(nxt) is not None and int(nxt) == following)
                or (
                    _label_line(nxt)
                    and not header_field(nxt)
                    and (after is None or _SEQ_CELL.match(after) is not None)
                )
            )
            if not ok_next:
                break
            rows.append(cells)
            last_start, last = lines[i + width - 1]
            spans.append((start, last_start + len(last)))
            expect = int(m.group(1)) + 1
            i += width
        elif not m and _label_line(ln) and i + 1 < len(lines) and _SEQ_CELL.match(lines[i + 1][1]):
            rows.append([ln])  # a category label between rows
            spans.append((start, start + len(ln)))
            i += 1
        else:
            break
    if len(rows) < 2:
        return None, pos
    end = spans[-1][1]
    return Table(rows, "text", spans), _line_end(text, end) + 1


# header cells as printed, for splitting a header whose cells run together
_GLUED_WORDS = sorted(
    [
        "序号",
        "编号",
        "项目名称",
        "工程名称",
        "建设内容",
        "建设内容及规模",
        "主要建设内容",
        "主要建设内容及规模",
        "建设规模",
        "建设地点",
        "所在地",
        "建设性质",
        "建设年限",
        "建设起止年限",
        "起止年限",
        "开工年份",
        "开工时间",
        "竣工时间",
        "建成年份",
        "拟建成年份",
        "总投资",
        "计划总投资",
        "项目总投资",
        "年度计划投资",
        "年度投资计划",
        "当年计划投资",
        "累计完成投资",
        "牵头单位",
        "责任单位",
        "建设单位",
        "业主单位",
        "项目业主",
        "实施单位",
        "当年建设阶段",
        "年度建设目标",
    ],
    key=len,
    reverse=True,
)
_GLUED_START = re.compile(r"(?:序号|编号)(?:项目名称|工程名称)")
_UNIT = re.compile(r"[（(][^（）()]{1,6}[）)]")
_COL_RE = {  # the pattern of each kind of column after the first (the sequence number)
    "money": r"(\d+(?:\.\d+)?)",
    "year": r"((?:19|20)\d\d)年?",
    "period": r"((?:19|20)\d\d\s*[-—～~至]\s*(?:19|20)?\d\d)年?",
    "text": r"([^。；;\n]+?)",
}
_KIND = {"total_investment": "money", "annual_plan": "money", "completed": "money",
         "start_year": "year", "end_year": "year", "period": "period"}  # fmt: skip


def _split_glued_header(s: str) -> tuple[list[str], int]:
    """序号项目名称总投资（亿元）牵头单位1… → (its cells, where the header ends): known column
    names read from the start, each with its bracketed unit, until something else begins."""
    out: list[str] = []
    i = 0
    while i < len(s) and len(out) < 16:
        word = next((w for w in _GLUED_WORDS if s.startswith(w, i)), None)
        if word is None:
            break
        i += len(word)
        unit = _UNIT.match(s, i)
        if unit:
            word += unit.group(0)
            i = unit.end()
        out.append(word)
    return out, i


def _glued_table(text: str, pos: int) -> tuple[Table | None, int]:
    """A table whose cells run together (whitespace lost): the header is split on known
    column names, and each row is read by one pattern built from the column kinds, its
    sequence number checked (1, 2, 3 …). Two free-text columns side by side cannot be told
    apart without a separator: such a table is refused rather than guessed."""
    eol = _line_end(text, pos)
    line = text[pos:eol]
    header, hend = _split_glued_header(line)
    if len(header) < 3:
        return None, pos
    kinds = []
    for c in header:
        hf = header_field(c)
        f = hf[0] if hf else "text"
        kinds.append("seq" if f == "seq" else _KIND.get(f, "text"))
    if kinds[0] != "seq" or "name" not in header_fields(header):
        return None, pos
    if any(a == b == "text" for a, b in zip(kinds[1:], kinds[2:], strict=False)):
        return None, pos
    if "seq" in kinds[1:]:
        return None, pos  # a second sequence-number column: not a table read by one pattern
    body = "".join(_COL_RE[k] for k in kinds[1:])
    rows, spans = [header], [(pos, pos + hend)]
    at = pos + hend
    seq = 1
    n = len(text)
    while at < n and seq < 10000:
        while at < n and text[at] in " \t\r\n\u3000":
            at += 1
        row_re = re.compile(rf"{seq}(?!\d){body}(?=\s*(?:{seq + 1}(?!\d)|[。；;\n]|$))", re.DOTALL)
        m = row_re.match(text, at)
        if m is None or "\n" in m.group(0):
            break
        rows.append([str(seq), *(g.strip() for g in m.groups())])
        spans.append((m.start(), m.end()))
        at = m.end()
        seq += 1
    if len(rows) < 2:
        return None, pos
    return Table(rows, "text", spans), _line_end(text, spans[-1][1]) + 1


def _space_table(text: str, pos: int, single: bool = False) -> tuple[Table | None, int]:
    """Columns separated by 2+ spaces (or, ``single``, by one space, only when every header
    cell is a known column name): every data row must have the header's cell count (a short
    label line between rows is a category); anything else ends the table."""
    eol = _line_end(text, pos)
    header = _space_cells(text[pos:eol], single)
    if single and not all(header_field(c) for c in header):
        return None, pos
    if len(header) < 3 or not is_header_row(header, 3):
        return None, pos
    width = len(header)
    if len(header_fields(header)) < min(width, 4) - 1:
        return None, pos  # most header cells must be recognised
    rows, spans = [header], [(pos, _span_end(text, pos, eol))]
    pos = eol + 1
    while pos < len(text):
        nb = _next_nonblank(text, pos)
        if nb is None:
            break
        start, line = nb
        eol = _line_end(text, start)
        cells = _space_cells(line, single)
        if len(cells) == width:
            rows.append(cells)
        elif len(cells) == 1 and _label_line(line):
            if not _row_follows(text, eol + 1, lambda ln: len(_space_cells(ln, single)) == width):
                break
            rows.append(cells)
        else:
            break
        spans.append((start, _span_end(text, start, eol)))
        pos = eol + 1
    if len(rows) < 2:
        return None, pos
    return Table(rows, "text", spans), pos


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_MAX_SPAN = 1000


def _span_attr(tag: Tag, name: str) -> int:
    m = re.match(r"\s*(\d+)", str(tag.get(name) or ""))
    return max(1, min(int(m.group(1)), _MAX_SPAN)) if m else 1


def _html_cell_text(cell: Tag) -> str:
    """Text of a ``<td>``: line breaks for ``<br>``/``<p>``/``<div>``, nested tables skipped."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    parts: list[str] = []
    stack: list = [iter(cell.children)]
    closers: list[bool] = [False]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if closers.pop():
                parts.append("\n")
            continue
        if isinstance(child, PreformattedString):  # comments, CDATA, doctype
            continue
        if isinstance(child, NavigableString):
            parts.append(re.sub(r"[ \t\r\n\f]+", " ", str(child)))
        elif isinstance(child, Tag) and child.name not in ("table", "script", "style"):
            block = child.name in _BLOCK_TAGS
            if block:
                parts.append("\n")
            stack.append(iter(child.children))
            closers.append(block)
    return _clean("".join(parts))


def tables_from_html(html: str, source: str = "html") -> list[Table]:
    """Every ``<table>`` with a non-empty cell; rowspan/colspan laid out on a grid.

    ``where`` is ``"<source>#table N"`` (N counts every ``<table>`` from 1, nested ones too).
    """
    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(html or "", "lxml")
    out = []
    for n, table in enumerate(soup.find_all("table"), 1):
        trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        grid = _html_grid(trs)
        grid = _trim(grid)
        if any(any(r) for r in grid):
            out.append(Table(grid, f"{source}#table {n}", None))
    return out


def _html_grid(trs: list) -> list[list[str]]:
    """Lay ``<tr>`` rows on a grid: a rowspan repeats the text down, a colspan pads with ""."""
    pending: dict[int, tuple[int, str]] = {}  # column → (rows still to fill, text)
    grid: list[list[str]] = []
    total = len(trs)
    for r, tr in enumerate(trs):
        row: dict[int, str] = {c: text for c, (_, text) in pending.items()}
        pending = {c: (left - 1, text) for c, (left, text) in pending.items() if left > 1}
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while col in row:
                col += 1
            text = _html_cell_text(cell)
            colspan = _span_attr(cell, "colspan")
            if str(cell.get("rowspan") or "").strip() == "0":
                rowspan = total - r
            else:
                rowspan = min(_span_attr(cell, "rowspan"), total - r)
            for k in range(colspan):
                value = text if k == 0 else ""
                row[col + k] = value
                if rowspan > 1:
                    pending[col + k] = (rowspan - 1, value)
            col += colspan
        grid.append([row.get(c, "") for c in range(max(row, default=-1) + 1)])
    return grid


# --------------------------------------------------------------------------- spreadsheets

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"


def _read(path: str | Path) -> bytes:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise LoadError(str(path), "no such file") from None
    except IsADirectoryError:
        raise LoadError(str(path), "is a folder, not a file") from None
    except PermissionError:
        raise LoadError(str(path), "permission denied: the file is not readable") from None
    except OSError as e:
        raise LoadError(str(path), f"cannot read the file: {e.strerror or e}") from None
    if not data:
        raise LoadError(str(path), "the file is empty")
    return data


def _xlsx_merges(ws: Any) -> list[tuple[int, int, int, int]]:  # openpyxl: no types
    """Merged ranges of a read-only worksheet, read from its XML (openpyxl's read-only mode
    does not keep them)."""
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries

    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return []
    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
    out = []
    with get_source() as src:
        for _, el in etree.iterparse(
            src, events=("end",), tag=tag, resolve_entities=False, no_network=True
        ):
            ref = el.get("ref")
            el.clear()
            if not ref:
                continue
            try:
                c1, r1, c2, r2 = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if None in (c1, r1, c2, r2):
                continue
            out.append((r1 - 1, r2, c1 - 1, c2))
    return out


def tables_from_xlsx(path: str | Path) -> list[Table]:
    """One Table per non-empty worksheet (openpyxl read-only, cached values of formulas)."""
    import openpyxl

    spath = str(path)
    data = _read(path)
    name = Path(spath).name
    out = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for ws in wb.worksheets:
                    ws.reset_dimensions()
                    grid = []
                    for values in ws.iter_rows(min_row=1, min_col=1, values_only=True):
                        row = [_value_str(v) for v in values]
                        while row and not row[-1]:
                            row.pop()
                        grid.append(row)
                    grid = _trim(grid)
                    _apply_merges(grid, _xlsx_merges(ws))
                    if grid:
                        out.append(Table(grid, f"{name}#{ws.title}", None))
            finally:
                wb.close()
    except LoadError:
        raise
    except zipfile.BadZipFile:
        raise LoadError(
            spath, "not a valid XLSX file: it is not a zip archive (corrupt or another format)"
        ) from None
    except KeyError as e:
        raise LoadError(spath, f"not a valid XLSX file: a part is missing ({e})") from None
    except Exception as e:  # openpyxl raises many kinds on damaged workbooks
        raise LoadError(spath, f"cannot read the XLSX workbook ({type(e).__name__}: {e})") from None
    return out


def tables_from_xls(path: str | Path) -> list[Table]:
    """One Table per non-empty sheet of an Excel 97–2003 workbook (also a WPS ``.et``)."""
    import xlrd

    spath = str(path)
    data = _read(path)
    if not data.startswith(_OLE_MAGIC):
        if data.startswith(_ZIP_MAGIC):
            return tables_from_xlsx(path)  # an .et/.xls that is really an XLSX archive
        raise LoadError(
            spath,
            "not an XLS workbook: the file lacks the OLE2 signature (corrupt or another format)",
        )
    log = io.StringIO()
    book = None
    for formatting in (True, False):  # merged cells need formatting_info; retry without
        try:
            book = xlrd.open_workbook(
                file_contents=data, formatting_info=formatting, logfile=log, on_demand=False
            )
            break
        except xlrd.XLRDError as e:
            msg = str(e)
            if "Workbook" in msg and "OLE2" in msg:
                raise LoadError(
                    spath,
                    "no workbook inside the OLE2 file: an encrypted (password) workbook or a Word/other Office file",
                ) from None
            if not formatting:
                raise LoadError(spath, f"cannot read the XLS workbook ({msg})") from None
        except Exception as e:
            if not formatting:
                raise LoadError(
                    spath, f"cannot read the XLS workbook ({type(e).__name__}: {e})"
                ) from None
    assert book is not None
    name = Path(spath).name
    out = []
    for sheet in book.sheets():
        grid = []
        for r in range(sheet.nrows):
            row = []
            for cell in sheet.row(r):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(_value_str(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        row.append(_value_str(cell.value))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(_value_str(bool(cell.value)))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append("")
                else:
                    row.append(_value_str(cell.value))
            grid.append(row)
        grid = _trim(grid)
        _apply_merges(grid, getattr(sheet, "merged_cells", []) or [])
        if grid:
            out.append(Table(grid, f"{name}#{sheet.name}", None))
    book.release_resources()
    return out


# --------------------------------------------------------------------------- DOCX


def tables_from_docx(path: str | Path) -> list[Table]:
    """One Table per top-level Word table; gridSpan and vMerge laid out on a grid."""
    import docx
    from docx.table import _Cell

    spath = str(path)
    data = _read(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LoadError(
            spath, "not a valid DOCX file: it is not a zip archive (corrupt or an old .doc)"
        ) from None
    except Exception as e:
        raise LoadError(spath, f"cannot read the DOCX document ({type(e).__name__}: {e})") from None
    name = Path(spath).name
    out = []
    for n, table in enumerate(document.tables, 1):
        grid: list[list[str]] = []
        for tr in table._tbl.tr_lst:
            row: list[str] = [""] * tr.grid_before
            for tc in tr.tc_lst:
                col = len(row)
                span = max(1, min(tc.grid_span, _MAX_SPAN))
                if tc.vMerge == "continue":
                    above = grid[-1] if grid else []
                    text = above[col] if col < len(above) else ""
                else:
                    text = _clean(_Cell(tc, table).text)
                row.append(text)
                row.extend([""] * (span - 1))
            grid.append(row)
        grid = _trim(grid)
        if grid:
            out.append(Table(grid, f"{name}#table {n}", None))
    return out


# --------------------------------------------------------------------------- dispatch


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _looks_html(head: bytes) -> bool:
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return h.startswith(b"<") and any(
        t in h for t in (b"<html", b"<table", b"<!doctype", b"<meta", b"<body", b"<?xml")
    )


def _tables_from_delimited(text: str, name: str) -> list[Table]:
    """A CSV/TSV export (often named .xls): tab-separated when the first line has a tab."""
    import csv

    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    grid = [[_clean(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    grid = _trim(grid)
    return [Table(grid, f"{name}#text", None)] if grid else []


def _int_attr(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() else 0


def _tables_from_spreadsheetml(data: bytes, path: str) -> list[Table]:
    """Excel 2003 XML (SpreadsheetML), which sites often serve as .xls: one Table per sheet,
    ss:Index / ss:MergeAcross / ss:MergeDown laid out like other merges."""
    from lxml import etree

    ns = "{urn:schemas-microsoft-com:office:spreadsheet}"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise LoadError(path, f"broken Excel 2003 XML spreadsheet ({e})") from None
    name = Path(path).name
    out = []
    for sheet_no, ws in enumerate(root.iter(f"{ns}Worksheet"), 1):
        title = ws.get(f"{ns}Name") or f"Sheet{sheet_no}"
        grid: list[list[str]] = []
        merges: list[tuple[int, int, int, int]] = []
        for table in ws.iter(f"{ns}Table"):
            r = -1
            for row in table.iter(f"{ns}Row"):
                idx = row.get(f"{ns}Index")
                r = int(idx) - 1 if idx and idx.isdigit() else r + 1
                while len(grid) <= r:
                    grid.append([])
                c = -1
                for cell in row.iter(f"{ns}Cell"):
                    idx = cell.get(f"{ns}Index")
                    c = int(idx) - 1 if idx and idx.isdigit() else c + 1
                    if c > 16384:
                        break
                    text = "".join(cell.itertext())
                    line = grid[r]
                    line.extend([""] * (c + 1 - len(line)))
                    line[c] = _clean(text)
                    across = _int_attr(cell.get(f"{ns}MergeAcross"))
                    down = _int_attr(cell.get(f"{ns}MergeDown"))
                    if across or down:
                        merges.append(
                            (r, r + 1 + min(down, _MAX_SPAN), c, c + 1 + min(across, _MAX_SPAN))
                        )
                    c += min(across, _MAX_SPAN)
        grid = _trim(grid)
        _apply_merges(grid, merges)
        if grid:
            out.append(Table(grid, f"{name}#{title}", None))
    return out


def tables_from_file(path: str | Path) -> list[Table]:
    """Tables of an attachment, dispatched on its bytes (then its suffix)."""
    spath = str(path)
    data = _read(path)
    suffix = Path(spath).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            raise LoadError(
                spath, "corrupt zip archive: not a readable XLSX or DOCX file"
            ) from None
        if "word/document.xml" in names:
            return tables_from_docx(path)
        if "xl/workbook.xml" in names:
            return tables_from_xlsx(path)
        if "xl/workbook.bin" in names:
            raise LoadError(spath, "binary workbook (.xlsb) is not supported; save it as .xlsx")
        if "content.xml" in names:
            raise LoadError(
                spath, "OpenDocument file (.ods/.odt) is not supported; save it as .xlsx or .docx"
            )
        raise LoadError(spath, "zip archive but neither an XLSX workbook nor a DOCX document")
    if data.startswith(_OLE_MAGIC):
        if suffix in (".doc", ".docx", ".wps", ".dot"):
            raise LoadError(spath, "old Word (.doc/.wps) file: not supported; save it as .docx")
        return tables_from_xls(path)
    head = data[:4096]
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head and b"<Workbook" in data[:65536]:
        return _tables_from_spreadsheetml(data, spath)
    if _looks_html(head):
        return tables_from_html(_decode(data), Path(spath).name)
    if suffix in (".txt", ".text", ".md"):
        return tables_from_text(_decode(data))
    if suffix in (".csv", ".tsv", ".xls", ".et") and b"\0" not in head:
        return _tables_from_delimited(_decode(data), Path(spath).name)
    raise LoadError(
        spath,
        f"not a spreadsheet, Word or HTML file: unrecognised content (first bytes {data[:8].hex(' ')}); "
        "expected XLSX, XLS/ET, DOCX or HTML",
    )
