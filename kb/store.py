"""The KB store: SQLite (stdlib sqlite3, WAL), written by the build, read by all.

Facts are stored with their provenance: every event row says who states
it (origin, quoted sentence, source place, acting document and
provision). Status is never stored: ``kb.status`` computes it from events.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from kb.model import Document, Event, Provision

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY, digest TEXT NOT NULL, kind TEXT NOT NULL, origin TEXT NOT NULL,
    documents INTEGER DEFAULT 0, error TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY,
    number TEXT, doc_type TEXT, title TEXT, issuer TEXT, issued TEXT, signer TEXT, place TEXT,
    effective_from TEXT, effective_note TEXT, vbpl_item_id INTEGER,
    stub INTEGER NOT NULL DEFAULT 0,
    source TEXT, origin TEXT NOT NULL, fields TEXT
);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number);
CREATE TABLE IF NOT EXISTS provisions (
    id INTEGER PRIMARY KEY,
    doc_key TEXT NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    anchor TEXT NOT NULL, label TEXT, kind TEXT, heading TEXT, text TEXT, parent TEXT,
    ord INTEGER, source TEXT, codified_as TEXT, origin TEXT NOT NULL,
    UNIQUE (doc_key, anchor)
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    target_number TEXT NOT NULL, target_issued TEXT, target_key TEXT,
    scope TEXT, date TEXT, date_note TEXT,
    by_number TEXT, by_key TEXT, by_provision TEXT,
    evidence_origin TEXT NOT NULL, quote TEXT NOT NULL, source TEXT NOT NULL,
    origin TEXT NOT NULL,
    -- read from a provision as an amendment rewrote it (indexer/amended_effects.py):
    -- the operation, and the date from which that wording is in force
    operation_id INTEGER, applies_from TEXT,
    -- read from wording an amendment replaced: from when it no longer stands, and by what
    superseded_by INTEGER, superseded_on TEXT
);
CREATE INDEX IF NOT EXISTS events_target ON events(target_key);
CREATE INDEX IF NOT EXISTS events_target_number ON events(target_number);
CREATE INDEX IF NOT EXISTS events_by_number ON events(by_number);
CREATE INDEX IF NOT EXISTS events_by ON events(by_key);
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY,
    from_key TEXT NOT NULL, from_anchor TEXT,
    number TEXT, to_key TEXT, kind TEXT, text TEXT, issued TEXT, pinpoint TEXT,
    origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS citations_from ON citations(from_key);
-- Relations that are not events: "căn cứ" (basis), "hướng dẫn" (guides),
-- "quy định chi tiết" (details), as a source lists them.
CREATE TABLE IF NOT EXISTS relations (
    id INTEGER PRIMARY KEY,
    from_key TEXT NOT NULL, kind TEXT, heading TEXT NOT NULL, direction TEXT,
    to_number TEXT, to_key TEXT, to_title TEXT,
    quote TEXT NOT NULL, source TEXT NOT NULL, origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_from ON relations(from_key);
-- A status label as a source published it ("Văn bản đang có hiệu lực"):
-- an imported record, weighed against events by the status engine.
CREATE TABLE IF NOT EXISTS status_records (
    id INTEGER PRIMARY KEY,
    doc_key TEXT NOT NULL, number TEXT, status TEXT NOT NULL, as_of TEXT,
    quote TEXT NOT NULL, source TEXT NOT NULL, origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS status_records_doc ON status_records(doc_key);
CREATE INDEX IF NOT EXISTS citations_to ON citations(to_key);
-- Reports of corpus/reports, traced at build time: what each one cites,
-- for the documents' "cited by". Problems depend on today, so they are
-- computed when shown, not stored.
CREATE TABLE IF NOT EXISTS reports (
    key TEXT PRIMARY KEY, title TEXT, report_date TEXT, path TEXT NOT NULL, error TEXT
);
CREATE TABLE IF NOT EXISTS report_citations (
    id INTEGER PRIMARY KEY,
    report_key TEXT NOT NULL, section TEXT, text TEXT, start INTEGER, to_key TEXT, resolution TEXT
);
CREATE INDEX IF NOT EXISTS report_citations_to ON report_citations(to_key);
CREATE INDEX IF NOT EXISTS citations_number ON citations(number);
-- Amending operations (kb.model.Operation): what an amending provision does to
-- another document's text, applied by kb.versions. Keys filled by indexer.link.
CREATE TABLE IF NOT EXISTS operations (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    target_number TEXT NOT NULL, target_issued TEXT, target_key TEXT,
    provision TEXT, anchor TEXT, after_anchor TEXT,
    text TEXT, old_words TEXT, new_words TEXT,
    date TEXT, date_note TEXT,
    by_number TEXT, by_key TEXT, by_provision TEXT, by_anchor TEXT,
    evidence_origin TEXT NOT NULL, quote TEXT NOT NULL, source TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS operations_target ON operations(target_key);
CREATE INDEX IF NOT EXISTS operations_target_number ON operations(target_number);
CREATE INDEX IF NOT EXISTS operations_by ON operations(by_key);
-- A document a later source gave under a key another source's document holds:
-- skipped, never written over it (see write_document); reported by every build.
CREATE TABLE IF NOT EXISTS key_conflicts (
    key TEXT NOT NULL, number TEXT, origin TEXT NOT NULL, place TEXT,
    holder TEXT NOT NULL, holder_number TEXT, holder_place TEXT
);
-- A record without text (holder) whose key a later source's text took: when
-- that source changes or goes, the record must come back (a full build).
CREATE TABLE IF NOT EXISTS key_takeovers (origin TEXT NOT NULL, key TEXT NOT NULL, holder TEXT NOT NULL);
"""


def has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def connect(path: str | Path, readonly: bool = False, building: bool = False,
            immutable: bool = False) -> sqlite3.Connection:
    """A connection; ``building`` is for a private file no reader sees yet,
    where a crash just discards the file, so durability is switched off.
    ``immutable`` (with ``readonly``) is for a finished build's KB, which
    nothing writes: no locks, no journal looked for."""
    if readonly:
        db = sqlite3.connect(f"file:{path}?mode=ro{'&immutable=1' if immutable else ''}", uri=True,
                             check_same_thread=False)
    elif building:
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA foreign_keys=ON")
    else:
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
    db.row_factory = sqlite3.Row
    return db


# Columns added to a table after it first shipped: a store copied from an
# older build (an incremental build starts from the live one) gains them.
_ADDED_COLUMNS = {"events": ("operation_id INTEGER", "applies_from TEXT", "superseded_by INTEGER",
                             "superseded_on TEXT")}


def create(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)
    for table, columns in _ADDED_COLUMNS.items():
        have = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


def _iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


class KeyTaken(ValueError):
    """A document of another source holds the key: it is never replaced
    (ARCHITECTURE.md, Identity: a key collision is an error, never an overwrite)."""

    def __init__(self, key: str, number: str | None, holder: str, holder_number: str | None,
                 holder_place: str | None):
        super().__init__(f"khoá {key} đã thuộc về văn bản {holder_number or key} của nguồn {holder}")
        self.key, self.number = key, number
        self.holder, self.holder_number, self.holder_place = holder, holder_number, holder_place


def write_document(db: sqlite3.Connection, key: str, doc: Document, origin: str,
                   replaces_text: bool = True) -> None:
    """Insert one document with its provisions and events under ``key``.

    Another source's document under the key is replaced when it is a stub,
    a record without text (a register or catalogue line) and this one
    brings the text, or, with ``replaces_text`` (the maintainers' corpus: a
    later source overlays an earlier one, in ``discover()`` order), when
    this one's text loses none of its provisions. Otherwise KeyTaken,
    nothing written: an upload never replaces another source's document,
    and no source makes a document lose provisions. A replacement is
    remembered (key_takeovers: the build then re-reads all when either
    changes); the replaced document's status records and events stay, as
    rows of their own source."""
    holder = db.execute("SELECT origin, number, source FROM documents WHERE key = ? AND stub = 0 AND origin != ?",
                        (key, origin)).fetchone()
    if holder is not None:
        held = {r[0] for r in db.execute("SELECT anchor FROM provisions WHERE doc_key = ?", (key,))}
        mine = {p.anchor for p in doc.provisions}
        if not mine or (held and not (replaces_text and held <= mine)):
            raise KeyTaken(key, doc.number, holder[0], holder[1], place_of(db, key, holder[2]))
    if holder is not None:
        db.execute("INSERT INTO key_takeovers VALUES (?,?,?)", (origin, key, holder[0]))
    db.execute("DELETE FROM documents WHERE key = ?", (key,))
    db.execute(
        "INSERT INTO documents (key, number, doc_type, title, issuer, issued, signer, place,"
        " effective_from, effective_note, vbpl_item_id, stub, source, origin, fields)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (key, doc.number, doc.doc_type, doc.title, doc.issuer, _iso(doc.issued), doc.signer,
         doc.place, _iso(doc.effective_from), doc.effective_note, doc.vbpl_item_id,
         int(doc.stub), doc.source, origin, "\n".join(doc.fields) or None))
    write_provisions(db, key, doc.provisions, origin)
    write_events(db, doc.events, origin)
    write_citations(db, key, doc.citations, origin)
    write_operations(db, doc.operations, origin)


def write_provisions(db, key: str, provisions: Iterable[Provision], origin: str) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO provisions (doc_key, anchor, label, kind, heading, text, parent, ord,"
        " source, codified_as, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(key, p.anchor, p.label, p.kind, p.heading, p.text, p.parent, i, p.source, p.codified_as, origin)
         for i, p in enumerate(provisions)])


def write_events(db, events: Iterable[Event], origin: str) -> None:
    db.executemany(
        "INSERT INTO events (kind, target_number, target_issued, scope, date, date_note, by_number,"
        " by_provision, evidence_origin, quote, source, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(e.kind, e.target, _iso(e.target_issued), e.scope, _iso(e.date), e.date_note,
          e.evidence.by_number, e.evidence.by_provision, e.evidence.origin, e.evidence.quote,
          e.evidence.source, origin) for e in events])


def write_citations(db, key: str, citations, origin: str) -> None:
    db.executemany(
        "INSERT INTO citations (from_key, from_anchor, number, kind, text, issued, pinpoint, origin)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(key, anchor, c.refers_to or c.number, c.kind, c.text, _iso(c.issued), c.pinpoint, origin)
         for anchor, c in citations])


def write_operations(db, operations, origin: str) -> None:
    db.executemany(
        "INSERT INTO operations (action, target_number, target_issued, provision, anchor, after_anchor,"
        " text, old_words, new_words, date, date_note, by_number, by_provision, by_anchor,"
        " evidence_origin, quote, source, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(o.action, o.target, _iso(o.target_issued), o.provision, o.anchor, o.after, o.text,
          o.old_words, o.new_words, _iso(o.date), o.date_note, o.evidence.by_number,
          o.evidence.by_provision, o.by_anchor, o.evidence.origin, o.evidence.quote,
          o.evidence.source, origin) for o in operations])


def place_of(db, key: str, source: str | None) -> str | None:
    """Where a document was read: its first provision's place (a release's
    đề mục file, a page), else the document's own source line, shortened."""
    row = db.execute("SELECT source FROM provisions WHERE doc_key = ? AND source IS NOT NULL ORDER BY ord, id LIMIT 1",
                     (key,)).fetchone()
    place = row[0].split("#", 1)[0] if row else source
    return place[:160] if place else None


def record_key_conflict(db, taken: KeyTaken, origin: str, place: str | None = None) -> None:
    """Keep the document ``origin`` gave under a taken key as a finding
    (``place``: where in the source, when it holds several documents)."""
    db.execute("INSERT INTO key_conflicts VALUES (?,?,?,?,?,?,?)",
               (taken.key, taken.number, origin, place, taken.holder, taken.holder_number, taken.holder_place))


def delete_origin(db: sqlite3.Connection, origin: str) -> None:
    """Forget everything one source contributed (before re-reading it)."""
    for table in ("operations", "events", "citations", "status_records", "relations", "provisions", "documents",
                  "key_conflicts", "key_takeovers"):
        db.execute(f"DELETE FROM {table} WHERE origin = ?", (origin,))


# --- reading ---------------------------------------------------------------

def document(db: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM documents WHERE key = ?", (key,)).fetchone()


def documents_by_number(db: sqlite3.Connection, number: str) -> list[sqlite3.Row]:
    return db.execute("SELECT * FROM documents WHERE number = ? ORDER BY stub, issued", (number,)).fetchall()


def known_by_mention(db: sqlite3.Connection, keys) -> set[str]:
    """Of ``keys``, the documents the KB knows only by mention: a stub
    (``documents.stub``), with no text, only what other texts say of it.
    Pages say "chưa có toàn văn" beside such a document wherever it acts."""
    keys = list({k for k in keys if k})
    out: set[str] = set()
    for i in range(0, len(keys), 500):          # bounded by SQLite's variable limit
        part = keys[i:i + 500]
        out.update(r[0] for r in db.execute(
            f"SELECT key FROM documents WHERE stub = 1 AND key IN ({','.join('?' * len(part))})", part))
    return out


def operations_on(db: sqlite3.Connection, key: str) -> list[sqlite3.Row]:
    """Operations acting on document ``key``, oldest first."""
    return db.execute("SELECT * FROM operations WHERE target_key = ? ORDER BY date, id", (key,)).fetchall()


def events_on(db: sqlite3.Connection, key: str) -> list[sqlite3.Row]:
    return db.execute("SELECT * FROM events WHERE target_key = ? ORDER BY date, id", (key,)).fetchall()


def provisions(db: sqlite3.Connection, key: str) -> Iterator[sqlite3.Row]:
    return db.execute("SELECT * FROM provisions WHERE doc_key = ? ORDER BY ord, id", (key,))


def counts(db: sqlite3.Connection) -> dict[str, int]:
    return {
        "documents": db.execute("SELECT count(*) FROM documents WHERE stub = 0").fetchone()[0],
        "stubs": db.execute("SELECT count(*) FROM documents WHERE stub = 1").fetchone()[0],
        "provisions": db.execute("SELECT count(*) FROM provisions").fetchone()[0],
        "events": db.execute("SELECT count(*) FROM events").fetchone()[0],
        "citations": db.execute("SELECT count(*) FROM citations").fetchone()[0],
        "errors": db.execute("SELECT count(*) FROM sources WHERE error IS NOT NULL").fetchone()[0],
    }
