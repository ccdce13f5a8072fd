"""A text's non-empty lines with their offsets: what the header and label readers walk."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Line:
    """A line of the text, stripped, with its offsets."""

    text: str  # stripped
    start: int  # offset of the stripped text in the original
    end: int


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of ``text``, stripped, with their offsets."""
    out: list[Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(raw)
    return out
