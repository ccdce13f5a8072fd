"""Files → ``Source``: format and encoding, nothing else.

Text files are decoded as UTF-8 (a BOM is fine) and otherwise detected with
charset-normalizer (GBK, GB18030, UTF-16 …). HTML pages become their visible text, with
their tables kept as ``Table`` rows. Spreadsheet and DOCX attachments become tables plus a
text rendering. Anything unreadable raises ``LoadError`` naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import LoadError

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | SHEET_SUFFIXES | DOCX_SUFFIXES

MAX_BYTES = 64 * 1024 * 1024  # a notice is kilobytes; anything over 64 MiB is not one

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
    path: str
    text: str
    sha256: str
    format: str  # "text" | "html" | "xlsx" | "xls" | "docx"
    encoding: str | None = None
    tables: list = field(default_factory=list)  # list[policykg.loaders.tables.Table]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: str | os.PathLike) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise LoadError(str(path), "no such file") from None
    except PermissionError:
        raise LoadError(str(path), "permission denied (cannot stat the file)") from None
    if p.is_dir():
        raise LoadError(str(path), "is a folder, not a file")
    if size > MAX_BYTES:
        raise LoadError(
            str(path), f"file is {size} bytes; larger than {MAX_BYTES} bytes is not a notice"
        )
    try:
        return p.read_bytes()
    except PermissionError:
        raise LoadError(str(path), "permission denied: the file is not readable") from None
    except OSError as e:
        raise LoadError(str(path), f"cannot read the file: {e.strerror or e}") from None


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
        tables = tables_from_file(spath)
        text = "\n".join("\t".join(row) for t in tables for row in t.rows)
        fmt = (
            "docx"
            if suffix in DOCX_SUFFIXES
            else ("xls" if data.startswith(b"\xd0\xcf") else "xlsx")
        )
        return Source(spath, text, digest, fmt, None, tables)
    text, enc = decode_text(data, spath)
    return Source(spath, text, digest, "text", enc, [])
