"""Effect follows the consolidated text (issue 13; ARCHITECTURE.md, "Amendments and versions").

When an amendment rewrites a provision of another document that says when
things take or lose effect ("khoản 1 Điều 252 … như sau: “1. Luật này có
hiệu lực thi hành từ ngày 01 tháng 8 năm 2024 …”"), the events read from
the original wording stop standing on the day the amendment applies, and
the article is read again as it stands from that day, with the
effective date it now gives: a moved effective date moves everything in
the article that hangs on it ("… hết hiệu lực kể từ ngày Luật này có hiệu
lực thi hành").

Each event read again carries its operation (``operation_id``: the
amending document, provision and quoted instruction) and the day its
wording stands from (``applies_from``); each event it replaces keeps its
own quote and says from when and by what it no longer stands
(``superseded_on``, ``superseded_by``). ``kb.status`` decides on a date
with the wording that stood on that date. Nothing here is stored as a
status: these are events, read from text, with their provenance.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3

from indexer import effects
from indexer.document import part_effects
from kb import versions
from kb.model import FROM_TEXT, TAKES_EFFECT, Event, Evidence

ORIGIN = "amended-effect"          # the rows this stage writes (re-derived by every build)
_EFFECT_WORDS = ("hiệu lực",)


def apply(db: sqlite3.Connection) -> int:
    """Re-read every effect article an amendment rewrote; the number of
    operations that did. Run after ``indexer.link`` (operations need their
    target's key); the caller links the events written here."""
    db.execute("DELETE FROM events WHERE origin = ?", (ORIGIN,))
    db.execute("UPDATE events SET superseded_by = NULL, superseded_on = NULL WHERE superseded_by IS NOT NULL")
    done = 0
    for op in _candidates(db):
        if _reread(db, op):
            done += 1
    return done


def _candidates(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Dated replacements and insertions of a known document's provision
    whose new wording speaks of effect, oldest first."""
    rows = db.execute(
        "SELECT o.*, d.number AS target_doc_number, d.issued AS target_doc_issued, d.origin AS target_origin"
        " FROM operations o JOIN documents d ON d.key = o.target_key"
        " WHERE o.action IN ('replace', 'insert') AND o.date IS NOT NULL AND o.anchor IS NOT NULL"
        " AND o.text IS NOT NULL AND d.stub = 0 ORDER BY o.date, o.id").fetchall()
    return [r for r in rows if any(w in r["text"].lower() for w in _EFFECT_WORDS)]


def _reread(db: sqlite3.Connection, op: sqlite3.Row) -> bool:
    key, number = op["target_key"], op["target_doc_number"]
    article = versions.article_of(op["anchor"])
    if not article.startswith("dieu-"):
        return False
    day = _dt.date.fromisoformat(op["date"])
    text = _article_text(db, key, article, day)
    if not text:
        return False
    label = _label(db, key, article)
    issued = _dt.date.fromisoformat(op["target_doc_issued"]) if op["target_doc_issued"] else None
    effective = effects.effective_date(text, issued)
    current = _current_effective(db, key, day)
    read = effects.events(text, number, label, effective.date if effective else current, op["source"])
    read += part_effects(text, number, issued, op["source"], label)
    if effective is not None and effective.date is not None:
        read.insert(0, Event(TAKES_EFFECT, number, Evidence(FROM_TEXT, effective.quote, op["source"], number, label),
                             effective.date, effective.note))
    # what stood before, from this article (and the document-wide effective date when the article now gives one)
    replaced = db.execute(
        "SELECT id FROM events WHERE by_key = ? AND evidence_origin = ? AND superseded_by IS NULL"
        " AND (applies_from IS NULL OR applies_from <= ?)"
        " AND (by_provision = ? OR (? AND kind = ? AND scope IS NULL AND (by_provision IS NULL OR by_provision = '')"
        "      AND target_key = ?))",
        (key, FROM_TEXT, op["date"], label, effective is not None, TAKES_EFFECT, key)).fetchall()
    db.executemany("UPDATE events SET superseded_by = ?, superseded_on = ? WHERE id = ?",
                   [(op["id"], op["date"], r[0]) for r in replaced])
    db.executemany(
        "INSERT INTO events (kind, target_number, target_issued, scope, date, date_note, by_number, by_key,"
        " by_provision, evidence_origin, quote, source, origin, operation_id, applies_from)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        # by_key now: a later amendment of the same article must find these to replace them
        [(e.kind, e.target, e.target_issued.isoformat() if e.target_issued else None, e.scope,
          e.date.isoformat() if e.date else None, e.date_note, number, key, label, FROM_TEXT, e.evidence.quote,
          op["source"], ORIGIN, op["id"], op["date"]) for e in read])
    return True


def _article_text(db, key: str, article: str, day: _dt.date) -> str | None:
    """The article's whole text (its clauses and points) as it stands on ``day``."""
    t = versions.timeline(db, key, article)
    v = t.on(day) if t is not None else None
    return v.text if v is not None else None


def _label(db, key: str, article: str) -> str:
    row = db.execute("SELECT label FROM provisions WHERE doc_key = ? AND anchor = ?", (key, article)).fetchone()
    return row[0] if row and row[0] else "Điều " + article[len("dieu-"):]


def _current_effective(db, key: str, day: _dt.date) -> _dt.date | None:
    """The effective date the document's text gives before ``day`` (what an
    article that does not restate it hangs on)."""
    row = db.execute("SELECT date FROM events WHERE target_key = ? AND kind = ? AND scope IS NULL AND date IS NOT NULL"
                     " AND evidence_origin = ? AND superseded_by IS NULL AND (applies_from IS NULL OR applies_from <= ?)"
                     " ORDER BY applies_from DESC, id LIMIT 1", (key, TAKES_EFFECT, FROM_TEXT, day.isoformat())).fetchone()
    return _dt.date.fromisoformat(row[0]) if row else None
