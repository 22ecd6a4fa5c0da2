"""A provincial register or gazette → documents (metadata only), dated
events and status labels, each row kept as the record it came from."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from indexer.sources.registers import RegisterRecord, read_binhduong_csv, read_sonla_sql
from kb import store
from kb.identity import document_key, number_key
from kb.model import EXPIRES, FROM_REGISTER, TAKES_EFFECT, Document, Event, Evidence


def read(path: Path) -> list[RegisterRecord]:
    data = path.read_bytes()
    if path.suffix.lower() == ".sql":
        return read_sonla_sql(data, path.name)
    return read_binhduong_csv(data, path.name)


def import_register(db: sqlite3.Connection, path: Path, origin: str) -> int:
    """Documents the KB lacks are added; every row's status label is kept.
    A row whose key a document of another number holds (another source's)
    is a different document: skipped and kept in key_conflicts, never
    written over it. Returns the number of records read."""
    records = read(path)
    status_rows = []
    for r in records:
        number = r.number or r.number_printed
        key = document_key(number, r.issued)
        held = store.document(db, key)
        if held is not None and held["origin"] != origin and number_key(held["number"]) != number_key(number):
            store.record_key_conflict(db, store.KeyTaken(key, number, held["origin"], held["number"],
                                                         store.place_of(db, key, held["source"])),
                                      origin, r.place)
            continue
        if held is None:
            doc = Document(number, r.doc_type, r.title, r.issuer, r.issued, r.signer,
                           effective_from=r.effective_from, source=f"{r.place}: {r.row}")
            evidence = Evidence(FROM_REGISTER, r.row, r.place)
            if r.effective_from:
                doc.events.append(Event(TAKES_EFFECT, number, evidence, r.effective_from, target_issued=r.issued))
            if r.effective_until:
                doc.events.append(Event(EXPIRES, number, evidence, r.effective_until, target_issued=r.issued))
            store.write_document(db, key, doc, origin)
        if r.status:
            status_rows.append((key, number, r.status, r.as_of.isoformat() if r.as_of else None,
                                r.row, r.place, origin))
    db.executemany("INSERT INTO status_records (doc_key, number, status, as_of, quote, source, origin)"
                   " VALUES (?,?,?,?,?,?,?)", status_rows)
    return len(records)
