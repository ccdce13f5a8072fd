"""Typed records that loaders produce and the graph layer consumes.

Every mention carries ``start``/``end`` offsets into the *original* text of its source
(``Source.text``), so any fact can be shown in context. Records are plain dataclasses;
``to_json()`` gives the field names of ``tests/gold/seeds.json`` (missing values are None).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocNumber:
    """A parsed 文号 (document number).

    ``code`` is the 机关代字 (渝府办发), ``year`` the bracketed year, ``serial`` the number.
    ``kind`` is ``"standard"`` (代字〔年〕号), ``"order"`` (…令第N号 / …令〔年〕N号) or
    ``"announcement"`` (…公告2018年第N号) or ``"numbered"`` (农业农村部2019年第4号, where
    the number does not say whether it is a 公告 or a 令). ``repaired`` is True when damage was mended
    (柳政办〔20225号 → 柳政办〔2022〕5号). ``start``/``end`` locate ``raw`` in the text.
    """

    code: str
    year: int | None
    serial: int
    kind: str = "standard"
    raw: str = ""
    start: int = -1
    end: int = -1
    repaired: bool = False

    @property
    def canonical(self) -> str:
        """The 文号 in its canonical printed form (柳政办〔2022〕5号)."""
        if self.kind == "announcement":
            if self.year is None:  # 农业农村部公告第2号
                return f"{self.code}第{self.serial}号"
            return f"{self.code}{self.year}年第{self.serial}号"
        if self.kind == "order" and self.year is None:
            return f"{self.code}第{self.serial}号"
        if self.kind == "numbered":  # 农业农村部2019年第4号: 公告 or 令 not printed
            return f"{self.code}{self.year}年第{self.serial}号"
        return f"{self.code}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True)
class Citation:
    """One cited document: 《title》（文号）, a number alone, or a title alone."""

    doc_number: str | None  # canonical 文号
    title: str | None  # title as cited, without 《》
    start: int
    end: int
    sentence: str
    form: str  # "title+number" | "number" | "title"
    surface: str = ""  # the original text at start:end, as written (traditional script, 號 …)
    issuer: str | None = None  # 国务院办公厅《关于…》: the issuer named in front of the title
    repaired: bool = False  # the cited 文号 was damaged and mended (柳政办〔20225号)
    # filled by resolution (loaders/references.py): the cited document's graph id, and the
    # issuer the 机关代字 registry gives for its 文号
    target: str | None = None
    target_issuer: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The citation as JSON (the gold file's fields)."""
        return {
            "doc_number": self.doc_number,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "form": self.form,
            "sentence": self.sentence,
            "surface": self.surface,
            "issuer": self.issuer,
            "repaired": self.repaired,
        }


@dataclass(frozen=True)
class Figure:
    """Counts and money for one category of projects, money in yuan."""

    category: str
    count: int | None
    total_investment_yuan: float | None
    annual_plan_yuan: float | None
    completed_yuan: float | None
    approximate: bool
    start: int
    end: int
    sentence: str = ""
    unit: str = "个"

    def to_json(self) -> dict[str, Any]:
        """The figure as JSON, without its sentence."""
        d = asdict(self)
        d.pop("sentence")
        return d


@dataclass(frozen=True)
class AgencyRef:
    """An agency name as written, resolved (or not) relative to a jurisdiction.

    ``canonical`` is the full official name (重庆市发展和改革委员会) or None when unresolved;
    ``method`` says how: ``"alias"``, ``"registry"``, ``"rule"``, ``"fuzzy"`` or ``"unresolved"``.
    ``parent`` is the canonical name of the body it belongs to (for PART_OF), ``region`` the
    name of the region it sits in. An unresolved name keeps ``jurisdiction_guess``: the region
    its prefix points at (市重点办 in a 柳州 notice → 柳州市), never a guessed full name.
    """

    name: str
    canonical: str | None
    method: str
    score: float = 1.0
    level: str | None = None
    parent: str | None = None
    region: str | None = None
    jurisdiction_guess: str | None = None  # unresolved: the region a relative prefix points at


@dataclass(frozen=True)
class AgencyMention:
    """An agency name as written at ``start``/``end`` of the text, with its resolution."""

    ref: AgencyRef
    start: int
    end: int


@dataclass(frozen=True)
class Duty:
    """A relation a sentence of a document gives an agency.

    ``relation``: ``"duty"`` (市发展改革委要…, 由市政府督查办跟踪督办), ``"lead"`` (牵头单位：…,
    …牵头), ``"approval"`` (经市政府同意) or ``"forward"`` (…转发, the body whose document is
    forwarded).
    """

    agency: AgencyRef
    sentence: str
    start: int
    end: int
    relation: str = "duty"


@dataclass(frozen=True)
class Place:
    """A region as resolution found it: its GB/T 2260 code and its name."""

    code: str
    name: str


@dataclass(frozen=True)
class ProjectRow:
    """One row of a project list (an attachment table or a table pasted in the text)."""

    name: str
    seq: int | None = None
    flagged: str | None = None  # ★ / ☆ marks stripped from the name
    start_year: int | None = None
    end_year: int | None = None
    stage: str | None = None  # 新开工 / 续建 / 竣工 / 前期
    content: str | None = None
    annual_goal: str | None = None
    total_investment_yuan: float | None = None
    annual_plan_yuan: float | None = None
    lead_unit: str | None = None
    category_path: tuple[str, ...] = ()
    lead_unit_canonical: str | None = None  # filled by resolution (agencies)
    region: str | None = None  # region name the project sits in (from lead unit or name)
    start: int = -1  # span of the row in Source.text (or -1 for attachment cells)
    end: int = -1
    where: str = ""  # "text" or "<file>#<sheet>!row N"


@dataclass
class Extraction:
    """Everything extracted from one file. Field names follow tests/gold/seeds.json."""

    path: str
    sha256: str
    doc_type: str | None = None
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issuer_is_inferred: bool = False
    date: str | None = None  # 成文日期 YYYY-MM-DD
    published: str | None = None  # a repost's publishing date
    region: str | None = None
    plan_year: int | None = None
    addressees: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    transmits: str | None = None
    cites: list[Citation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    agencies: list[AgencyRef] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    mentions: list[AgencyMention] = field(default_factory=list)  # every agency name written
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)
    text: str = field(default="", repr=False)
    title_span: tuple[int, int] = (-1, -1)
    number_span: tuple[int, int] = (-1, -1)
    # surface forms: the original text where the canonical (simplified) value was found
    doc_number_as_written: str | None = None
    doc_number_repaired: bool = False
    title_as_written: str | None = None
    issuer_as_written: str | None = None
    normalised: list[str] = field(default_factory=list)  # normalisation steps that applied
    # filled by resolution (loaders/references.py), what the graph's rows are made of:
    doc_id: str = ""  # the document's graph id (its 文号, else its title key, else its hash)
    issuer_ref: AgencyRef | None = None  # the issuer as an agency (itself when not in the tables)
    region_code: str | None = None  # the region the document was issued in
    places: dict[str, Place] = field(default_factory=dict)  # a region name written → the region
    parent_refs: dict[str, AgencyRef] = field(default_factory=dict)  # a parent body → its entry

    def to_json(self) -> dict[str, Any]:
        """The extraction as JSON (the gold file's fields; see tests/gold/seeds.json)."""
        return {
            "path": self.path,
            "sha256": self.sha256,
            "doc_type": self.doc_type,
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "issuer_is_inferred": self.issuer_is_inferred,
            "date": self.date,
            "published": self.published,
            "region": self.region,
            "plan_year": self.plan_year,
            "addressees": list(self.addressees),
            "attachments": list(self.attachments),
            "transmits": self.transmits,
            "cites": [c.to_json() for c in self.cites],
            "figures": [f.to_json() for f in self.figures],
            "projects": [project_json(p) for p in self.projects],
            "agencies": sorted({a.canonical for a in self.agencies if a.canonical}),
            "aliases": {
                a.name: a.canonical
                for a in [
                    *self.agencies,
                    *(m.ref for m in self.mentions if m.start >= self.body_start),
                ]
                if a.canonical and not a.name.endswith(a.canonical)  # 广西柳州市人民政府: not short
            },
            "unresolved_agencies": sorted({a.name for a in self.agencies if not a.canonical}),
            "duties": [
                {
                    "agency": d.agency.canonical or d.agency.name,
                    "sentence": d.sentence,
                    "start": d.start,
                    "end": d.end,
                    "relation": d.relation,
                }
                for d in self.duties
            ],
            "warnings": list(self.warnings),
            "doc_number_as_written": self.doc_number_as_written,
            "doc_number_repaired": self.doc_number_repaired,
            "title_as_written": self.title_as_written,
            "issuer_as_written": self.issuer_as_written,
            "normalised": list(self.normalised),
        }


def project_json(p: ProjectRow) -> dict[str, Any]:
    """A project row as JSON (category path as a list)."""
    d = asdict(p)
    d["category_path"] = list(p.category_path)
    return d
