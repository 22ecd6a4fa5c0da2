"""Domain dataclasses shared by every stage.

Only what the code uses today lives here; Document, Provision, Relation,
Event and Section join as the stages that produce them are written.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

# Kinds of citation, as in the gold file of the reference report.
FULL = "full"      # number with its symbol: 61/2018/NĐ-CP
SHORT = "short"    # a bare number resolved from context: "Quyết định 52 của UBND tỉnh"
NAMED = "named"    # a law cited by name: "Luật cán bộ, công chức"
VAGUE = "vague"    # a document described but not numbered

# How a short citation was (or was not) resolved from its own text.
RESOLVED = "resolved"
AMBIGUOUS = "ambiguous"
UNRESOLVED = "unresolved"


@dataclass(frozen=True)
class Candidate:
    """One document a short citation may mean, and where the text says so."""

    number: str
    issued: _dt.date | None = None
    at: int | None = None          # offset of the earlier citation naming it

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number,
                "issued": self.issued.isoformat() if self.issued else None,
                "at": self.at}


@dataclass
class Citation:
    """A reference to a document, with offsets into the original text."""

    start: int
    end: int
    text: str
    kind: str
    doc_type: str | None = None
    number: str | None = None          # normalised số ký hiệu (full citations)
    seq: str | None = None             # the printed ordinal, "52" in "Quyết định 52"
    year: int | None = None
    issued: _dt.date | None = None
    issuer: str | None = None          # printed issuer phrase, spaces squashed
    pinpoint: str | None = None        # "điểm b khoản 2 Điều 3"
    name: str | None = None            # named citations: the law's name as printed
    name_key: str | None = None        # …folded for lookup
    year_missing: bool = False         # "02/TT-VPCP": the type carries a year, this has none
    list_group: int | None = None      # citations printed as one list share a group
    # Filled by the resolve stage.
    resolution: str | None = None
    refers_to: str | None = None
    refers_to_issued: _dt.date | None = None    # the date of the earlier citation it follows
    candidates: list[Candidate] = field(default_factory=list)
    method: str | None = None          # how refers_to was found
    reason: str | None = None          # why it was not

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "number": self.number,
            "doc_type": self.doc_type,
            "issued": self.issued.isoformat() if self.issued else None,
            "issuer": self.issuer,
            "pinpoint": self.pinpoint,
            "refers_to": self.refers_to,
            "refers_to_issued": self.refers_to_issued.isoformat() if self.refers_to_issued else None,
            "candidates": [c.to_json() for c in self.candidates],
            "resolution": self.resolution,
            "method": self.method,
            "reason": self.reason,
            "seq": self.seq,
            "year": self.year,
            "year_missing": self.year_missing,
            "name": self.name,
            "name_key": self.name_key,
        }


# --- the linked corpus ---------------------------------------------------

# Event kinds (docs/ARCHITECTURE.md, Status and provenance). An event acts on ``target`` (a number)
# from ``date``; ``scope`` is None for the whole document, or a provision.
TAKES_EFFECT = "takes_effect"
AMENDS = "amends"
REPLACES = "replaces"
REPEALS = "repeals"
REPEALS_PART = "repeals_part"
EXPIRES = "expires"
SUSPENDS = "suspends"
EVENT_KINDS = (TAKES_EFFECT, AMENDS, REPLACES, REPEALS, REPEALS_PART, EXPIRES, SUSPENDS)
# What each kind says of the document acted on, for people (codes stay in JSON).
EVENT_LABELS = {TAKES_EFFECT: "có hiệu lực", AMENDS: "được sửa đổi, bổ sung", REPLACES: "bị thay thế",
                REPEALS: "bị bãi bỏ", REPEALS_PART: "bị bãi bỏ một phần", EXPIRES: "hết hiệu lực",
                SUSPENDS: "bị ngưng hiệu lực"}

# Where a fact was read.
FROM_TEXT = "text"            # the acting document's own words
FROM_PHAPDIEN = "phapdien"    # a note of the Bộ pháp điển
FROM_VBPL = "vbpl"            # vbpl.vn properties or history
FROM_REGISTER = "register"    # a provincial register or gazette
FROM_REPORT = "report"        # what a report says of a document it cites
FROM_REVIEWER = "reviewer"
# Each, named for people.
ORIGIN_LABELS = {FROM_TEXT: "văn bản gốc", FROM_PHAPDIEN: "Bộ pháp điển", FROM_VBPL: "vbpl.vn",
                 FROM_REGISTER: "danh mục văn bản của địa phương", FROM_REPORT: "báo cáo",
                 FROM_REVIEWER: "người rà soát"}


@dataclass
class Evidence:
    """Who says so: a quoted sentence of a document, or an imported record."""

    origin: str                       # FROM_*
    quote: str                        # the sentence, or the record as printed
    source: str                       # file and place: "phapdien-2025-02:s/<guid>.html#<anchor>"
    by_number: str | None = None      # the acting/stating document
    by_provision: str | None = None   # "Điều 88"


@dataclass
class Event:
    kind: str
    target: str                       # normalised number of the document acted on
    evidence: Evidence
    date: _dt.date | None = None
    date_note: str | None = None      # an unresolved date ("sau 45 ngày kể từ ngày đăng Công báo")
    scope: str | None = None          # "điểm b khoản 2 Điều 3"; None = whole document
    target_issued: _dt.date | None = None   # when the text prints it, to tell twins apart


# Amending operations (docs/ARCHITECTURE.md, "Amendments and versions"): what one amending
# provision does to the text of another document. An operation acts on ``target`` (a number)
# at ``anchor`` from ``date``; ``kb.versions`` applies them in date order to give the text on a date.
REPLACE = "replace"          # "Điều 5 được sửa đổi, bổ sung như sau: “…”"
INSERT = "insert"            # "Bổ sung Điều 5a vào sau Điều 5 như sau: …", "bổ sung khoản 4 vào Điều 7"
REPEAL = "repeal"            # "Bãi bỏ khoản 3 Điều 7"
SUBSTITUTE = "substitute"    # "Thay cụm từ “A” bằng cụm từ “B” tại khoản 1 Điều 2"
OPERATION_ACTIONS = (REPLACE, INSERT, REPEAL, SUBSTITUTE)
OPERATION_LABELS = {REPLACE: "sửa đổi", INSERT: "bổ sung", REPEAL: "bãi bỏ", SUBSTITUTE: "thay cụm từ"}


@dataclass
class Operation:
    """One change an amending provision makes to another document's text.

    Recorded even where it cannot be applied (an annex, a table, a target the
    KB lacks): ``kb.versions`` then marks the provision "chưa áp dụng được"
    with the reason, never drops it."""

    action: str                       # REPLACE, INSERT, REPEAL, SUBSTITUTE
    target: str                       # normalised number of the amended document
    evidence: Evidence                # quote: the instruction as printed; by_provision: "khoản 3 Điều 1"
    provision: str | None = None      # the target as printed: "khoản 4 Điều 7", "Phụ lục II"; None = whole text
    anchor: str | None = None         # its anchor in the target ("dieu-7-khoan-4"); None when not a provision
    text: str | None = None           # new wording (replace, insert), quote marks removed
    old_words: str | None = None      # substitute: the words replaced …
    new_words: str | None = None      # … and their replacement ("" deletes them)
    after: str | None = None          # insert: the anchor it follows, when printed
    date: _dt.date | None = None      # from when it applies
    date_note: str | None = None      # an unresolved date, as printed
    target_issued: _dt.date | None = None
    by_anchor: str | None = None      # anchor of the amending provision in the amending document


@dataclass
class Provision:
    """An article (Điều) or a finer unit of a document."""

    anchor: str                       # "dieu-3", "dieu-3-khoan-2-diem-b"
    label: str                        # "Điều 3", "Khoản 2", "Điểm b"
    kind: str                         # part, chapter, section, subsection, article, clause, point
    heading: str = ""
    text: str = ""
    parent: str | None = None
    source: str | None = None         # where this text was read
    codified_as: str | None = None    # its pháp điển label, "Điều 18.2.NĐ.1.88."


@dataclass
class Document:
    number: str | None
    doc_type: str | None = None
    title: str | None = None
    issuer: str | None = None
    issued: _dt.date | None = None
    signer: str | None = None
    place: str | None = None
    effective_from: _dt.date | None = None
    effective_note: str | None = None     # unresolved: "kể từ ngày ký" with no date known
    vbpl_item_id: int | None = None
    stub: bool = False                    # known only from what others say of it
    source: str | None = None
    provisions: list[Provision] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)   # pháp điển đề mục
    citations: list[tuple[str, "Citation"]] = field(default_factory=list)   # (anchor, citation)
    operations: list[Operation] = field(default_factory=list)             # what it amends in others
