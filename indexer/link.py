"""Link: resolve every event and citation to a document of the KB.

What a number and date mean is kb.resolver's answer, the same the pages
give. A number that names exactly one document links to it (an issue date
printed with the number must agree). A number that names none gets a
stub document recording only what the citing texts say of it, with where
they say it. A number that names several documents stays unlinked:
choosing would be a guess.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from collections import defaultdict

from kb import numbers, resolver
from kb.identity import document_key

STUB_ORIGIN = "link"


def link(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM documents WHERE origin = ?", (STUB_ORIGIN,))
    by_number: dict[str, list[dict]] = defaultdict(list)
    for key, number, issued in db.execute("SELECT key, number, issued FROM documents WHERE number IS NOT NULL"):
        by_number[number].append({"key": key, "issued": issued})
    mentioned = _mentions(db)
    stubs = []
    for (number, issued), says in mentioned.items():
        m = _match(by_number, number, issued)
        if m.documents and m.problem != resolver.DATE_MISMATCH:    # named, if only ambiguously
            continue
        key = document_key(number, _date_or_none(issued))
        stubs.append((number, issued, key, says))
        by_number[number].append({"key": key, "issued": issued})
    for number, issued, key, says in stubs:
        parsed = numbers.parse(number)
        db.execute(
            "INSERT OR IGNORE INTO documents (key, number, doc_type, issued, stub, source, origin)"
            " VALUES (?,?,?,?,1,?,?)",
            (key, number, parsed.doc_type if parsed else None, issued, says, STUB_ORIGIN))
    _set_keys(db, "events", "target_number", "target_issued", "target_key", by_number)
    _set_keys(db, "events", "by_number", None, "by_key", by_number)
    _set_keys(db, "citations", "number", "issued", "to_key", by_number)
    _set_keys(db, "operations", "target_number", "target_issued", "target_key", by_number)
    _set_keys(db, "operations", "by_number", None, "by_key", by_number)


def _mentions(db) -> dict[tuple[str, str | None], str]:
    """(number, issue date) of every document named, with one place that names it."""
    out: dict[tuple[str, str | None], str] = {}
    for number, issued, source in db.execute(
            "SELECT target_number, target_issued, source FROM events"):
        out.setdefault((number, issued), f"được nhắc tới tại {source}")
    # The acting document too ("được sửa đổi bởi Nghị định 80/2016/NĐ-CP" in a
    # pháp điển note): known only by that mention, it gets a stub like any other,
    # so pages can say it has no text yet ("chưa có toàn văn").
    for table in ("events", "operations"):
        for number, source in db.execute(f"SELECT by_number, source FROM {table} WHERE by_number IS NOT NULL"):
            out.setdefault((number, None), f"được nhắc tới tại {source}")
    for number, issued, key, text in db.execute(
            "SELECT number, issued, from_key, text FROM citations WHERE number IS NOT NULL"):
        out.setdefault((number, issued), f"được trích dẫn trong {key}: “{text}”")
    # A mention with no date is covered by a dated one of the same number.
    dated = {n for n, d in out if d}
    return {(n, d): s for (n, d), s in out.items() if d or n not in dated}


def _match(by_number, number, issued) -> resolver.Match:
    return resolver.match(lambda n: by_number.get(n, ()), number, issued)


def _pick(by_number, number, issued) -> str | None:
    """The one document a (number, date) means; a document of another date is
    never taken (the mention has its own stub)."""
    return _match(by_number, number, issued).sure_key


def _date_or_none(iso: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(iso) if iso else None


def _set_keys(db, table, number_col, issued_col, key_col, by_number) -> None:
    cols = f"{number_col}, {issued_col}" if issued_col else f"{number_col}, NULL"
    pairs = db.execute(f"SELECT DISTINCT {cols} FROM {table} WHERE {number_col} IS NOT NULL").fetchall()
    updates = []
    for number, issued in pairs:
        key = _pick(by_number, number, issued)
        if key:
            updates.append((key, number, issued))
    if issued_col:
        db.executemany(f"UPDATE {table} SET {key_col} = ? WHERE {number_col} = ? AND {issued_col} IS ?", updates)
    else:
        db.executemany(f"UPDATE {table} SET {key_col} = ? WHERE {number_col} = ? AND ? IS NULL", updates)
