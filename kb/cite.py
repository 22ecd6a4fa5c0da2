"""Citations in the official style, for writers.

First mention: type, số ký hiệu, issue date, issuer, title — "Nghị định số
61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế
một cửa, …". Later mentions: type and số ký hiệu. Laws are named by their
title before the number ("Luật Quản lý, sử dụng tài sản công số
15/2017/QH14 …"). A part the KB does not know is left out, never made up.
"""
from __future__ import annotations

import datetime as _dt
import re
import sqlite3
from dataclasses import dataclass

from kb import dates
from kb.text import fold

_NAMED_TYPES = {"Luật", "Bộ luật", "Pháp lệnh"}


@dataclass
class Formatted:
    full: str
    short: str
    missing: list[str]      # parts the KB lacks ("issued", "issuer", "title")


def format_citation(doc: sqlite3.Row | dict, pinpoint: str | None = None, title: bool = True,
                    issuer: bool = True) -> Formatted:
    """``title=False`` leaves the title out of the full form of a document
    that is not a law (whose title is its name), for a text that prints it;
    ``issuer=False`` likewise the issuer."""
    doc_type = doc["doc_type"] or "Văn bản"
    number = doc["number"] or ""
    title_text = (doc["title"] or "").strip()
    issued = _dt.date.fromisoformat(doc["issued"]) if doc["issued"] else None
    by = doc["issuer"]
    missing = [name for name, value in (("issued", issued), ("issuer", by), ("title", title_text)) if not value]
    if doc_type in _NAMED_TYPES and title_text:
        head = f"{doc_type} {_name_of(title_text, doc_type)} số {number}"
        tail = ""
    else:
        head = f"{doc_type} số {number}"
        tail = f" {_lower_first(title_text)}" if title_text and title else ""
    full = head
    if issued:
        full += f" {dates.vietnamese(issued)}"
    if by and issuer and doc_type not in _NAMED_TYPES:
        full += f" của {by}"
    full += tail
    short = f"{doc_type} số {number}"
    if pinpoint:
        full, short = f"{pinpoint} {full}", f"{pinpoint} {short}"
    return Formatted(full, short, missing)


def _name_of(title: str, doc_type: str) -> str:
    """A law's name after its type word: a title that repeats the type
    ("Bộ Luật lao động") without it, so that "Bộ luật" is not printed twice.
    The letter case is the source's."""
    if fold(title).startswith(fold(doc_type) + " "):
        return title[len(doc_type) + 1:].lstrip()
    return title


def identify(doc: sqlite3.Row | dict) -> str:
    """What tells one document from another of the same number: "05-KL/TU
    của Ban Thường vụ Tỉnh ủy, ngày 29/06/2016" (a part the KB lacks is left out)."""
    out = doc["number"] or doc["key"]
    if doc["issuer"]:
        out += f" của {doc['issuer']}"
    if doc["issued"]:
        out += f", ngày {_dt.date.fromisoformat(doc['issued']):%d/%m/%Y}"
    return out


def _lower_first(title: str) -> str:
    """"Về thực hiện …" reads "về thực hiện …" after the issuer; an acronym stays."""
    first = title.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower():
        return title[0].lower() + title[1:]
    return title


def suggest(db: sqlite3.Connection, prefix: str, limit: int = 10) -> list[sqlite3.Row]:
    """Documents whose number starts with what the writer typed ("61/20")."""
    from kb.text import nfc
    q = nfc(prefix).strip().replace(" ", "")
    if not q:
        return []
    return db.execute(
        "SELECT key, number, doc_type, title, issuer, issued, stub FROM documents "
        "WHERE number LIKE ? ESCAPE '\\' ORDER BY stub, length(number), number LIMIT ?",
        (q.replace("%", "\\%").replace("_", "\\_") + "%", limit)).fetchall()


_ANCHOR_PART_RE = re.compile(r"(dieu|khoan|diem)-([0-9a-z]+)")
_PINPOINT_WORDS = {"dieu": "Điều", "khoan": "khoản", "diem": "điểm"}


def pinpoint(anchor: str) -> str | None:
    """A provision's anchor as a writer cites it: "dieu-3-khoan-2-diem-dd" →
    "điểm đ khoản 2 Điều 3"; None for what is not in an article."""
    parts = _ANCHOR_PART_RE.findall(anchor or "")
    if not parts or parts[0][0] != "dieu":
        return None
    words = [f"{_PINPOINT_WORDS[kind]} {label.replace('dd', 'đ')}" for kind, label in parts]
    return " ".join(reversed(words))
