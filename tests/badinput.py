"""Builds the bad-input corpus in a temporary folder at test time (nothing binary is committed).

``build_corpus(root)`` writes good files (the samples, re-encoded copies, tolerated oddities) and
bad files (each with the words its failure report must contain) and returns a ``Corpus``.
``synthetic_notice(i)`` renders a small, valid notice from a template (for crash and scale tests).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "notices"
SAMPLE = EXAMPLES / "001_4d24b685d0f94245.txt"

# (file name, encoding, write a BOM) — each must read exactly like the UTF-8 original
ENCODINGS = [
    ("gbk.txt", "gbk", False),
    ("gb18030.txt", "gb18030", False),
    ("utf16_bom.txt", "utf-16", True),  # Python's utf-16 codec writes the BOM itself
    ("utf16be_bom.txt", "utf-16-be", True),
    ("utf8_bom.txt", "utf-8-sig", True),
]

# regex-backtracking bait: name → text (each is valid text and must extract quickly)
BAIT: dict[str, str] = {
    "brackets_100k": "〔" * 100_000,
    "title_marks_100k": "《" * 100_000,
    "guanyu_50k": "关于" * 50_000,
    "digits_100k": "2" * 100_000,
    "year_brackets_50k": "〔2020〕" * 50_000,
    "xiangmu_50k": "项目" * 50_000,
    "cjk_200k_no_punct": "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(200_000)),
    "open_number_50k": "渝府办发〔2020" * 20_000,
    "mixed_marks": "关于印发《〔2020〕（第" * 20_000,
    "guanyu_lines": "关于\n" * 50_000,
    "brackets_lines": "〔\n" * 50_000,
    "paren_100k": "（" * 100_000,
    "hao_100k": "号〔" * 50_000,
    "money_runs": "总投资1" + "0" * 50_000 + "亿元" * 20_000,
}


@dataclass
class Corpus:
    root: Path
    good: list[Path] = field(default_factory=list)
    bad: dict[Path, str] = field(default_factory=dict)  # path → words its problem must contain
    ignored: list[Path] = field(
        default_factory=list
    )  # unsupported suffix inside a folder: not read
    missing: Path | None = None  # a path that does not exist (pass it on the command line)
    unreadable: Path | None = None  # a file whose open raises PermissionError


def tiny_png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def small_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "这不是通知")
    return buf.getvalue()


def corrupt_xlsx() -> bytes:
    """The first half of a real XLSX: a zip whose central directory is missing."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "项目名称", "建设内容"])
    ws.append([1, "九龙坡博世氢材料发动机", "厂房"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    return data[: len(data) // 2]


def zip_bomb_docx(megabytes: int = 40) -> bytes:
    """A DOCX whose document.xml expands to ``megabytes`` MB of blanks (~40 KB on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b" " * 2**20
            for _ in range(megabytes):
                fh.write(block)
    return buf.getvalue()


def far_cell_xlsx() -> bytes:
    """A 5 KB workbook with one cell at A1 and one at XFD1048576 (the last cell of a sheet)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "序号"
    ws["XFD1048576"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def empty_docx() -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def empty_xlsx() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    return buf.getvalue()


def cjk_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` as its text layer, built by hand: the standard CJK font
    STSong-Light (not embedded) with the UniGB-UCS2-H encoding, so each character is its
    UTF-16 code. No lines: a page without text, like a scan."""
    content = ["BT", "/F1 12 Tf", "14 TL", "40 800 Td"]
    for line in lines:
        content.append("<" + line.encode("utf-16-be").hex().upper() + "> Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def truncated_html() -> str:
    body = SAMPLE.read_text(encoding="utf-8")[:1200].replace("\n", "</p><p>")
    return (
        "<html><head><meta charset='utf-8'><title>关于做好2021年市级重大项目实施有关工作的通知</title></head>"
        f"<body><div class='content'><p>{body}</p><table><tr><td>序号</td><td>项目名称</td></tr><tr><td"
    )


def build_corpus(root: Path, with_bait: bool = True) -> Corpus:
    """Good and bad files in ``root`` (created)."""
    root.mkdir(parents=True, exist_ok=True)
    c = Corpus(root)
    for f in sorted(EXAMPLES.glob("*.txt")):
        dst = root / f.name
        dst.write_bytes(f.read_bytes())
        c.good.append(dst)
    text = SAMPLE.read_text(encoding="utf-8")
    enc_dir = root / "encodings"
    enc_dir.mkdir()
    for name, enc, _ in ENCODINGS:
        data = text.encode(enc)
        if enc == "utf-16-be":
            data = b"\xfe\xff" + data
        (enc_dir / name).write_bytes(data)
        c.good.append(enc_dir / name)
    (root / "truncated.html").write_text(truncated_html(), encoding="utf-8")
    c.good.append(root / "truncated.html")
    if with_bait:
        bait_dir = root / "bait"
        bait_dir.mkdir()
        for name, s in BAIT.items():
            (bait_dir / f"{name}.txt").write_text(s, encoding="utf-8")
            c.good.append(bait_dir / f"{name}.txt")

    def bad(name: str, data: bytes, why: str) -> None:
        p = root / "bad" / name
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data)
        c.bad[p] = why

    bad("empty.txt", b"", "empty")
    bad("blank.txt", b"  \r\n\t\n ", "empty")
    bad("png_renamed.txt", tiny_png(), "binary")
    bad("zip_renamed.txt", small_zip(), "binary")
    rnd = random.Random(7)
    bad("random_bytes.txt", bytes(rnd.getrandbits(8) for _ in range(8192)), "binary")
    bad("nul_bytes.txt", ("关于\x00\x00\x00\x01" * 500).encode("utf-8"), "binary")
    bad("corrupt.xlsx", corrupt_xlsx(), "zip")
    bad("empty.xlsx", b"", "empty")
    bad("not_a_sheet.xls", b"\xd0\xcf\x11\xe0" + bytes(600), "XLS")
    bad("not_a_docx.docx", "这只是一段文字".encode(), "unrecognised")
    bad("zip_bomb.docx", zip_bomb_docx(), "decompression bomb")
    bad("far_cell.xlsx", far_cell_xlsx(), "1,048,576 rows × 16,384 columns")
    bad("no_text.docx", empty_docx(), "no text")
    bad("no_text.xlsx", empty_xlsx(), "no text")
    bad("scan.pdf", cjk_pdf([]), "no text")
    bad("broken.pdf", cjk_pdf(["关于"])[:300], "PDF")
    unreadable = root / "bad" / "unreadable.txt"
    unreadable.write_bytes(SAMPLE.read_bytes().replace("25号".encode(), "26号".encode()))
    unreadable.chmod(0)
    c.bad[unreadable] = "permission denied"
    c.unreadable = unreadable
    png = root / "figure.png"
    png.write_bytes(tiny_png())
    c.ignored.append(png)
    c.missing = root / "does-not-exist"
    return c


_UNREADABLE_HOOK = """
import os
from pathlib import Path
_target = os.environ.get("POLICYKG_TEST_UNREADABLE")
if _target:
    _real = Path.read_bytes
    def _read_bytes(self):
        if str(self) == _target:
            raise PermissionError(13, "Permission denied", _target)
        return _real(self)
    Path.read_bytes = _read_bytes
"""


def make_unreadable(monkeypatch, path: Path) -> None:
    """Make opening ``path`` raise PermissionError, also for root (who ignores chmod 000): in
    this process and in the extraction workers (a sitecustomize hook they load at start)."""
    import os

    if os.geteuid() != 0:
        return  # chmod 0 already does it
    real = Path.read_bytes
    target = str(path)

    def read_bytes(self: Path) -> bytes:
        if str(self) == target:
            raise PermissionError(13, "Permission denied", target)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    hook = path.parent / ".hook"  # hidden: not walked by an ingest
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(_UNREADABLE_HOOK, encoding="utf-8")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.setenv("POLICYKG_TEST_UNREADABLE", target)


# -- synthetic notices ------------------------------------------------------------------------

_ISSUERS = [
    ("重庆市人民政府办公厅", "渝府办发"),
    ("重庆市人民政府", "渝府发"),
    ("重庆市发展和改革委员会", "渝发改投"),
]
_TOPICS = [
    "市级重大项目实施",
    "稳增长促投资",
    "数字经济发展",
    "城市更新",
    "乡村振兴重点项目",
    "氢能产业发展",
    "营商环境优化",
    "生态环境保护",
]
_CITED = [
    ("国务院关于加强固定资产投资项目资本金管理的通知", "国发〔2019〕26号"),
    ("国务院办公厅关于加强投融资项目管理的通知", "国办发〔2018〕101号"),
    ("重庆市人民政府关于印发重庆市国民经济和社会发展第十四个五年规划的通知", "渝府发〔2021〕6号"),
]


_EARLY = 40
_EARLY_TOPICS = ["水利专项建设", "交通专项建设", "教育专项建设", "医疗专项建设"]


def synthetic_notice(i: int) -> str:
    """A valid notice; titles, 文号, years and citations vary with ``i`` (recurring series included)."""
    issuer, code = _ISSUERS[i % len(_ISSUERS)]
    topic = _TOPICS[(i // 3) % len(_TOPICS)]
    year = 2015 + (i // 24) % 10
    if i < _EARLY:  # yearly series whose members all sit among the first files of a corpus
        issuer, code = _ISSUERS[0]
        topic = _EARLY_TOPICS[i % len(_EARLY_TOPICS)]
        year = 2010 + i // len(_EARLY_TOPICS)
    serial = 1000 + i
    cited = [_CITED[i % len(_CITED)]]
    if i >= 24:  # cite an earlier synthetic notice by title and number
        cited.append(_title_and_number(i - 24))
    cites = "和".join(f"《{t}》（{n}）" for t, n in cited)
    return (
        f"{issuer}关于做好{year}年{topic}工作的通知\n\n"
        f"{code}〔{year}〕{serial}号\n\n"
        "各区县（自治县）人民政府，市政府有关部门，有关单位：\n\n"
        f"为贯彻落实{cites}精神，经市政府同意，现就有关事项通知如下：\n\n"
        f"一、{year}年安排{topic}项目{10 + i % 50}个，总投资{100 + i}亿元，年度计划投资{10 + i % 30}亿元。\n\n"
        "二、市发展改革委负责统筹协调，各区县人民政府负责组织实施。\n\n"
        f"{issuer}\n{year}年{1 + i % 12}月{1 + i % 28}日\n"
    )


def _title_and_number(i: int) -> tuple[str, str]:
    first = synthetic_notice(i).split("\n\n", 2)
    return first[0], first[1]


# -- comparing graphs --------------------------------------------------------------------------


def _clean(v):
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in sorted(v.items()) if not k.startswith("_")}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


def fingerprint(db: Path) -> tuple[dict, str]:
    """(stats, sha256 over all node properties and all edges with their properties)."""
    import hashlib
    import json

    import policykg
    from policykg.graph.schema import EDGES, NODES
    from policykg.queries.stats import stats as graph_stats

    h = hashlib.sha256()
    with policykg.open(db, read_only=True) as g:
        stats = graph_stats(g)
        for label in NODES:
            rows = [
                json.dumps(_clean(r["n"]), ensure_ascii=False, sort_keys=True, default=str)
                for r in g.run(f"MATCH (n:{label}) RETURN n")
            ]
            for line in sorted(rows):
                h.update(f"{label}\t{line}\n".encode("utf-8", "surrogateescape"))
        for et in EDGES:
            rows = [
                json.dumps(
                    [r["a"], r["b"], _clean(r["r"])],
                    ensure_ascii=False,
                    sort_keys=True,
                    default=str,
                )
                for r in g.run(f"MATCH (x)-[r:{et}]->(y) RETURN x.id AS a, y.id AS b, r")
            ]
            for line in sorted(rows):
                h.update(f"{et}\t{line}\n".encode("utf-8", "surrogateescape"))
    return stats, h.hexdigest()
