"""Files → ``Source``: format and encoding, nothing else.

Text files are decoded as UTF-8 (a BOM is fine) and otherwise detected with
charset-normalizer (GBK, GB18030, UTF-16 …). HTML pages become their visible text, with
their tables kept as ``Table`` rows. Spreadsheet and DOCX attachments become tables plus a
text rendering. Anything unreadable raises ``LoadError`` naming the file and the problem.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.errors import LoadError

if TYPE_CHECKING:  # zipfile is imported on first use
    import zipfile

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | SHEET_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES
# Document types that notices and attachments are published in but that policykg cannot read:
# reported as ``unsupported`` (with a hint), never passed over in silence.
UNSUPPORTED = {
    ".doc": "unsupported type: old Word (.doc); save it as .docx or PDF",
    ".dot": "unsupported type: old Word template (.dot); save it as .docx",
    ".wps": "unsupported type: WPS Writer (.wps); save it as .docx or PDF",
    ".wpt": "unsupported type: WPS template (.wpt); save it as .docx",
    ".ofd": "unsupported type: OFD (GB/T 33190 layout file); export it as PDF",
    ".rtf": "unsupported type: RTF; save it as .docx",
    ".odt": "unsupported type: OpenDocument text (.odt); save it as .docx",
    ".ods": "unsupported type: OpenDocument sheet (.ods); save it as .xlsx",
    ".xlsb": "unsupported type: binary workbook (.xlsb); save it as .xlsx",
    ".ppt": "unsupported type: PowerPoint (.ppt)",
    ".pptx": "unsupported type: PowerPoint (.pptx)",
    ".dps": "unsupported type: WPS Presentation (.dps)",
    ".caj": "unsupported type: CAJ (CNKI reader format); export it as PDF",
    ".ceb": "unsupported type: CEB (Apabi reader format); export it as PDF",
}

MAX_BYTES = int(os.environ.get("POLICYKG_MAX_FILE_MB", "64")) * 1024 * 1024
# a notice is kilobytes; anything over 64 MiB is not one
MAX_UNZIPPED = 256 * 1024 * 1024  # what the parts of a DOCX/XLSX may expand to, together
MAX_RATIO = 200  # compression ratio of one part above which (and over 1 MiB) it is a bomb
MAX_CELLS = 20_000_000  # rows × columns a worksheet may span

_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"%PDF",
    b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0",
    b"7z\xbc\xaf",
    b"Rar!",
)


@dataclass
class Source:
    """A file read: its path, text, SHA-256, format, encoding and the tables it holds."""

    path: str
    text: str
    sha256: str
    format: str  # "text" | "html" | "xlsx" | "xls" | "docx" | "pdf"
    encoding: str | None = None
    tables: list = field(default_factory=list)  # list[policykg.loaders.tables.Table]


def sha256_bytes(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file of at most ``MAX_BYTES`` (never more is read)."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        msg = "broken symbolic link" if p.is_symlink() else "no such file"
        raise LoadError(str(path), msg) from None
    except PermissionError:
        raise LoadError(str(path), "permission denied (cannot stat the file)") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise LoadError(str(path), "symbolic link loop") from None
        raise LoadError(str(path), f"cannot read the file: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(str(path), "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(
            str(path), "not a regular file (a device, pipe or socket): refused, it is not a notice"
        )
    if st.st_size > MAX_BYTES:
        raise LoadError(
            str(path),
            f"file is {st.st_size} bytes; larger than {MAX_BYTES} bytes is not a notice "
            "(POLICYKG_MAX_FILE_MB)",
        )
    try:
        data = p.read_bytes()
    except PermissionError:
        raise LoadError(str(path), "permission denied: the file is not readable") from None
    except OSError as e:
        raise LoadError(str(path), f"cannot read the file: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:  # grew while we read it
        raise LoadError(str(path), f"file is larger than {MAX_BYTES} bytes: not a notice")
    return data


def check_archive(data: bytes, path: str) -> None:
    """Refuse a DOCX/XLSX whose parts expand past ``MAX_UNZIPPED`` (a zip bomb) or a worksheet
    spanning more than ``MAX_CELLS`` cells (a cell at XFD1048576), before any parser sees it."""
    import io
    import zipfile

    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return  # the parser names the damage
    with z:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_UNZIPPED:
            raise LoadError(
                path,
                f"decompression bomb: the archive's parts expand to {total:,} bytes "
                f"(more than {MAX_UNZIPPED:,}); refused",
            )
        for i in infos:
            if i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise LoadError(
                    path,
                    f"decompression bomb: part {i.filename} expands {i.file_size // max(i.compress_size, 1):,} times "
                    f"(to {i.file_size:,} bytes); refused",
                )
        for i in infos:
            if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"):
                _check_sheet(z, i, path)


_CELL_REF = re.compile(rb'<(?:\w+:)?(?:c|row)\s[^>]*?\br="([A-Z]{0,3})([0-9]{1,8})"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _check_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> None:
    rows = cols = 0
    tail = b""
    with z.open(info) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            for m in _CELL_REF.finditer(data):
                rows = max(rows, int(m.group(2)))
                if m.group(1):
                    cols = max(cols, _column_number(m.group(1)))
            tail = data[-200:]
    if rows * max(cols, 1) > MAX_CELLS:
        raise LoadError(
            path,
            f"worksheet {info.filename} spans {rows:,} rows × {cols:,} columns (a cell far out, "
            f"like XFD1048576): more than {MAX_CELLS:,} cells is not an attachment; refused",
        )


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Bytes of a text file → (text, encoding). Raises LoadError for binary data."""
    if not data.strip():
        raise LoadError(path, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", path)
        if _looks_binary(text):
            raise LoadError(path, "binary content (control characters) in a UTF-16 text file")
        return text, "utf-16"
    if data.startswith(_BINARY_MAGIC):
        raise LoadError(
            path, "binary file (not text): its first bytes are a known binary signature"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_binary(text):
            return text, "utf-8"
        # valid UTF-8 full of control characters: BOM-less UTF-16 of ASCII-heavy text, or binary
        if b"\x00" not in data:
            raise LoadError(path, "binary content (control characters) in a text file")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise LoadError(path, "binary or undecodable content: no text encoding fits")
    encoding = best.encoding
    if encoding in {"gb2312", "gbk"}:
        encoding = "gb18030"  # superset: never fails where GBK would, same text
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise LoadError(path, f"cannot decode the text as {encoding}") from None
    if _looks_binary(text):
        raise LoadError(path, "binary content (control characters) in a text file")
    return text, encoding


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise LoadError(path, f"invalid {encoding} at byte {e.start}") from None


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    """More than 1% control characters (other than tab, newlines, form feed) in the first 20k."""
    sample = text[:20000]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) / len(sample) > 0.01


def read_source(path: str | os.PathLike) -> Source:
    """Read one file into a Source (text + tables). Raises LoadError on bad input."""
    spath = str(path)
    suffix = Path(spath).suffix.lower()
    if suffix not in SUPPORTED:
        raise LoadError(
            spath,
            f"unsupported file type {suffix!r}; supported: {', '.join(sorted(s for s in SUPPORTED if s))}",
        )
    data = read_bytes(spath)
    digest = sha256_bytes(data)
    if suffix in HTML_SUFFIXES:
        from policykg.loaders.html import html_to_text

        html, enc = decode_text(data, spath)
        text, tables = html_to_text(html, spath)
        return Source(spath, text, digest, "html", enc, tables)
    if suffix in SHEET_SUFFIXES or suffix in DOCX_SUFFIXES:
        from policykg.loaders.tables import tables_from_file

        if not data:
            raise LoadError(spath, "the file is empty")
        check_archive(data, spath)
        tables = tables_from_file(spath)
        text = "\n".join("\t".join(row) for t in tables for row in t.rows)
        if not text.strip():
            raise LoadError(spath, "no text: the document has no text in it (an empty file?)")
        fmt = (
            "docx"
            if suffix in DOCX_SUFFIXES
            else ("xls" if data.startswith(b"\xd0\xcf") else "xlsx")
        )
        return Source(spath, text, digest, fmt, None, tables)
    if suffix in PDF_SUFFIXES:
        from policykg.loaders.pdf import pdf_text

        return Source(spath, pdf_text(data, spath), digest, "pdf", None, [])
    text, enc = decode_text(data, spath)
    return Source(spath, text, digest, "text", enc, [])
