"""The vbpl.vn pages of one document (a corpus folder) → the KB.

A folder holds any of the four pages of one ItemID, recognised by their
content: properties (Thuộc tính), history (Lịch sử), related documents
(VB liên quan) and full text. The properties give the metadata and the
status label; history rows with a certain kind become dated events;
related documents become relations; the full text gives provisions,
effects and citations. Every fact names the page it was read from.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from indexer.document import document_from
from indexer.sources import vbpl
from kb import store
from kb.identity import document_key
from kb.model import EXPIRES, FROM_VBPL, TAKES_EFFECT, Document, Event, Evidence


def _pages(folder: Path) -> dict[str, Path]:
    """Role → page. A file name says it ("…_p_…", "…_h_…", "…_r_…", "…full…"),
    or the words "properties", "history", "related", "fulltext"."""
    roles = {}
    for p in sorted(folder.glob("*.htm*")):
        name = p.name.lower()
        for role, marks in (("properties", ("_p_", "properties", "thuoctinh")),
                            ("history", ("_h_", "history", "lichsu")),
                            ("related", ("_r_", "related", "lienquan")),
                            ("fulltext", ("_full_", "fulltext", "toanvan"))):
            if any(m in name for m in marks):
                roles.setdefault(role, p)
    return roles


def import_vbpl(db: sqlite3.Connection, folder: Path, origin: str) -> int:
    pages = _pages(folder)
    if "properties" not in pages and "fulltext" not in pages:
        raise ValueError(f"{folder}: không có trang thuộc tính hay toàn văn vbpl.vn")
    doc = Document(None)
    if "fulltext" in pages:
        doc = document_from(vbpl.read_fulltext(pages["fulltext"].read_bytes()), f"{origin}/{pages['fulltext'].name}")
    props = vbpl.read_properties(pages["properties"].read_bytes()) if "properties" in pages else None
    place = f"{origin}/{pages['properties'].name}" if props else origin
    if props:
        _overlay(doc, props, place)
    if not doc.number:
        raise ValueError(f"{folder}: không đọc được số ký hiệu")
    key = document_key(doc.number, doc.issued)
    store.write_document(db, key, doc, origin)
    if props and props.status:
        db.execute("INSERT INTO status_records (doc_key, number, status, as_of, quote, source, origin)"
                   " VALUES (?,?,?,?,?,?,?)",
                   (key, doc.number, props.status, None, f"Tình trạng hiệu lực: {props.status}", place, origin))
    if "history" in pages:
        _history(db, doc, vbpl.read_history(pages["history"].read_bytes()), f"{origin}/{pages['history'].name}", origin)
    if "related" in pages:
        _related(db, key, vbpl.read_related(pages["related"].read_bytes()), f"{origin}/{pages['related'].name}", origin)
    return 1


def _overlay(doc: Document, p: vbpl.VbplProperties, place: str) -> None:
    """The properties page is the portal's own record: it fills what the
    text did not give, and dates the document's taking effect and expiry."""
    doc.number = p.number or doc.number
    doc.doc_type = p.doc_type or doc.doc_type
    doc.title = p.title or doc.title
    doc.issuer = p.issuer or doc.issuer
    doc.signer = p.signer or doc.signer
    doc.issued = p.issued or doc.issued
    doc.vbpl_item_id = p.item_id or doc.vbpl_item_id
    doc.fields = list(p.fields) or doc.fields
    if p.effective_from:
        doc.effective_from = doc.effective_from or p.effective_from
        doc.events.append(Event(TAKES_EFFECT, doc.number, Evidence(FROM_VBPL, f"Ngày có hiệu lực: {p.effective_from:%d/%m/%Y}", place),
                                p.effective_from))
    if p.effective_until:
        quote = f"Ngày hết hiệu lực: {p.effective_until:%d/%m/%Y}" + (f"; {p.expiry_reason}" if p.expiry_reason else "")
        doc.events.append(Event(EXPIRES, doc.number, Evidence(FROM_VBPL, quote, place), p.effective_until))


def _history(db, doc: Document, entries, place: str, origin: str) -> None:
    events = [Event(e.event_kind, doc.number, Evidence(FROM_VBPL, e.evidence, place, e.number), e.date)
              for e in entries if e.event_kind and e.date]
    store.write_events(db, events, origin)


def _related(db, key: str, relations, place: str, origin: str) -> None:
    db.executemany(
        "INSERT INTO relations (from_key, kind, heading, direction, to_number, to_title, quote, source, origin)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(key, r.code, r.heading, r.direction, r.number or r.number_printed, r.title,
          f"{r.heading}: {r.link_text}", place, origin) for r in relations])
