"""The 机关代字 registry: which body issues the documents numbered 渝府办发〔…〕…号.

Knowledge as data (``policykg/data/issuer_codes.json``), one entry per code::

    {"code": "渝府办发", "issuer": "重庆市人民政府办公厅", "region": "重庆市",
     "region_code": "500000", "level": "province", "examples": ["渝府办发〔2020〕118号"]}

``region`` is the jurisdiction's name as in GB/T 2260 and ``region_code`` its 6-digit code;
both are null for central organs. ``level`` is central / province / prefecture / county.
Every example is a number seen in real notices; tests parse each one and check that its code
maps back to its entry. Codes of orders and announcements include 令 / 公告 (渝府令,
国家税务总局公告). An unknown code is not an error: the number still parses, its issuer is
simply unknown (``None``). The issuer of a whole 文号 string is
``policykg.loaders.docnumber.issuer_for`` (the grammar imports this registry, not the reverse).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["IssuerCode", "all_codes", "known_codes", "lookup_code"]

LEVELS = ("central", "province", "prefecture", "county")
DATA_FILE = "issuer_codes.json"


@dataclass(frozen=True)
class IssuerCode:
    """One 机关代字 and the body that uses it."""

    code: str
    issuer: str
    region: str | None
    region_code: str | None
    level: str
    examples: tuple[str, ...]


def _data_text() -> str:
    return (files("policykg") / "data" / DATA_FILE).read_text(encoding="utf-8")


@cache
def _registry() -> dict[str, IssuerCode]:
    out: dict[str, IssuerCode] = {}
    for raw in json.loads(_data_text()):
        entry = IssuerCode(
            code=raw["code"],
            issuer=raw["issuer"],
            region=raw.get("region"),
            region_code=raw.get("region_code"),
            level=raw["level"],
            examples=tuple(raw.get("examples", ())),
        )
        out[entry.code] = entry
    return out


def all_codes() -> list[IssuerCode]:
    """Every registry entry, sorted by code."""
    return sorted(_registry().values(), key=lambda e: e.code)


@cache
def known_codes() -> frozenset[str]:
    """The set of registered codes (used by the 文号 grammar to trim fused text)."""
    return frozenset(_registry())


def lookup_code(code: str) -> IssuerCode | None:
    """The entry for a 机关代字 exactly as registered (渝府办发), or None."""
    return _registry().get(code.strip())
