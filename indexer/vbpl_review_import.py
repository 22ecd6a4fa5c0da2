"""The scraped vbpl.vn laws and decrees (an archive of JSON files) → the KB.

A metadata source: a document already in the KB only gains the vbpl
ItemID it lacked; a document the KB lacks is added with its articles, the
effects of its final provisions and its citations."""
from __future__ import annotations

import sqlite3
import tarfile
from pathlib import Path

from indexer.document import read_body
from indexer.sources.vbpl_review import read_review_json
from kb import store
from kb.identity import document_key
from kb.model import Document


def iter_json(path: Path):
    if path.is_dir():
        for p in sorted(path.rglob("*.json")):
            yield p.name, p.read_bytes()
        return
    with tarfile.open(path) as tar:
        for m in tar:
            if m.isfile() and m.name.endswith(".json"):
                yield Path(m.name).name, tar.extractfile(m).read()


def import_review(db: sqlite3.Connection, path: Path, origin: str) -> int:
    n = 0
    for name, data in iter_json(path):
        r = read_review_json(data, name)
        if not r.number:
            continue
        n += 1
        place = f"{origin}/{name}"
        known = store.documents_by_number(db, r.number)
        if any(not d["stub"] for d in known):
            if r.item_id:
                db.execute("UPDATE documents SET vbpl_item_id = ? WHERE number = ? AND vbpl_item_id IS NULL",
                           (r.item_id, r.number))
            continue
        doc = Document(r.number, r.doc_type, vbpl_item_id=r.item_id, source=f"{place} ({r.url})")
        read_body(doc, r.text, place)
        try:
            store.write_document(db, document_key(r.number), doc, origin)
        except store.KeyTaken as taken:     # another number's document has the key: never replaced
            store.record_key_conflict(db, taken, origin, name)
    return n
