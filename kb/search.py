"""Full-text search over documents and articles (whoosh).

Vietnamese is indexed syllable by syllable, after NFC, with accents folded
(whoosh's accent map: đ → d, tones dropped), so "mot cua lien thong"
finds "một cửa, liên thông". Exact diacritics rank first: the best hits
are re-ranked by whether the query, with its accents, occurs in the text
(read back from the store). No stop words and no stemming: "an" in
"an ninh" is a word, "quy" is not "qui". Numbers never go through the
text index: a query that is a số ký hiệu is looked up exactly.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index, scoring
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map
from whoosh.query import And, NumericRange, Phrase, Term

from kb import numbers
from kb.text import fold, nfc

FOLDED = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)

SCHEMA = Schema(
    id=ID(stored=True, unique=True),          # "<key>" or "<key>#<anchor>"
    doc_key=ID(stored=True),
    origin=ID,                                 # the source, for incremental updates
    level=ID(stored=True),                     # "document" or "article"
    doc_type=ID(stored=True),
    issuer=KEYWORD(lowercase=True, commas=True),
    year=NUMERIC(stored=True),
    fields=KEYWORD(commas=True, lowercase=True),
    heading=STORED,
    body=TEXT(analyzer=FOLDED, phrase=True),
)

DIR_NAME = "search"
WEIGHTING = scoring.TF_IDF()
RERANK = 30          # hits re-ranked by exact diacritics and given a snippet


# --- indexing ---------------------------------------------------------------

def create(path: Path) -> index.Index:
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), SCHEMA)


def open_index(path: Path) -> index.Index | None:
    return index.open_dir(str(path)) if index.exists_in(str(path)) else None


def article_texts(db: sqlite3.Connection, key: str):
    """(anchor, heading, full text) of each article: its own text, clauses and points."""
    current = None
    for p in db.execute("SELECT anchor, label, kind, heading, text FROM provisions WHERE doc_key = ? "
                        "ORDER BY ord, id", (key,)):
        if p["kind"] == "article":
            if current:
                yield current[0], current[1], "\n".join(current[2])
            current = (p["anchor"], f"{p['label']}. {p['heading'] or ''}".strip(), [p["heading"] or "", p["text"] or ""])
        elif current and p["kind"] in ("clause", "point") and p["anchor"].startswith(current[0] + "-"):
            current[2].append(p["text"] or "")
    if current:
        yield current[0], current[1], "\n".join(current[2])


def index_documents(ix: index.Index, db: sqlite3.Connection, origins: set[str] | None = None) -> int:
    """(Re)index the documents of ``origins`` (all when None); stubs are not indexed."""
    writer = ix.writer(limitmb=512, timeout=60)
    n = 0
    try:
        if origins is not None:
            for o in origins:
                writer.delete_by_term("origin", o)
        sql = "SELECT key, number, doc_type, title, issuer, issued, fields, origin FROM documents WHERE stub = 0"
        for d in db.execute(sql):
            if origins is not None and d["origin"] not in origins:
                continue
            common = dict(doc_key=d["key"], origin=d["origin"], doc_type=d["doc_type"] or "",
                          issuer=(d["issuer"] or "").replace(",", " "),
                          year=int(d["issued"][:4]) if d["issued"] else None,
                          fields=",".join(f.split(" ", 1)[0] for f in (d["fields"] or "").split("\n") if f))
            writer.add_document(id=d["key"], level="document", heading=d["title"] or "",
                                body=nfc(f"{d['number'] or ''} {d['title'] or ''}"), **common)
            for anchor, heading, text in article_texts(db, d["key"]):
                writer.add_document(id=f"{d['key']}#{anchor}", level="article", heading=heading,
                                    body=nfc(text), **common)
                n += 1
        writer.commit(optimize=origins is None)
    except BaseException:
        writer.cancel()
        raise
    return n


def build_index(target: Path, db: sqlite3.Connection, previous: Path | None, origins: set[str] | None) -> int:
    """Index into ``target``: from scratch, or a copy of ``previous`` updated
    for the re-read ``origins``."""
    if previous is not None and origins is not None and open_index(previous) is not None:
        shutil.copytree(previous, target)
        return index_documents(open_index(target), db, origins)
    return index_documents(create(target), db)


# --- queries ------------------------------------------------------------------

_NUMBERISH = re.compile(r"^\s*(?:(?P<abbr>[A-Za-zĐđ]{1,6})\s+)?(?P<num>\d{1,5}[a-zđ]?(?:\s*/\s*\d{4})?(?:\s*[/-]\s*[A-Za-zĐđ][\w/-]*)?)\s*$")
_TYPE_ABBR = {"nd": "Nghị định", "nđ": "Nghị định", "qd": "Quyết định", "qđ": "Quyết định", "tt": "Thông tư",
              "nq": "Nghị quyết", "ct": "Chỉ thị", "kh": "Kế hoạch", "l": "Luật", "luat": "Luật", "luật": "Luật"}


@dataclass
class Hit:
    id: str
    doc_key: str
    level: str
    heading: str
    score: float
    exact: bool = False
    snippet: str = ""


@dataclass
class Results:
    query: str
    kind: str                       # "number", "text", "empty", "error"
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    message: str | None = None


def number_lookup(db: sqlite3.Connection, q: str) -> list[sqlite3.Row] | None:
    """Documents a query names by number ("61/2018", "nd 61/2018", "QĐ 36/2019"),
    or None when the query is not a number."""
    m = _NUMBERISH.match(nfc(q))
    if not m or "/" not in m.group("num") and "-" not in m.group("num"):
        return None
    raw = re.sub(r"\s+", "", m.group("num"))
    doc_type = _TYPE_ABBR.get((m.group("abbr") or "").lower())
    exact = numbers.normalise(raw)
    rows = store_docs(db, exact) if exact else []
    if not rows:
        # "61/2018" (no symbol), or a symbol typed without "Đ" ("61/2018/ND-CP"):
        # the documents of that number and year whose symbol reads the same unaccented
        m2 = re.match(r"(\d{1,5}[a-zđ]?)/(\d{4})(?:/(.+))?$", raw, re.I)
        if m2:
            rows = db.execute("SELECT * FROM documents WHERE number LIKE ? ORDER BY stub, issued DESC LIMIT 50",
                              (f"{m2.group(1)}/{m2.group(2)}/%",)).fetchall()
            if m2.group(3):
                want = fold(m2.group(3))
                rows = [r for r in rows if fold(r["number"].split("/", 2)[2]) == want]
    if doc_type:
        rows = [r for r in rows if r["doc_type"] == doc_type] or rows
    return rows


def store_docs(db, number: str):
    return db.execute("SELECT * FROM documents WHERE number = ? ORDER BY stub, issued DESC", (number,)).fetchall()


def text_query(q: str, phrase: bool = True):
    """Quoted phrases and words, accents folded, all required; None when empty."""
    q = nfc(q)[:500]
    parts = []
    for phrase in re.findall(r'"([^"]+)"', q):
        words = [t.text for t in FOLDED(phrase)]
        if len(words) == 1:
            parts.append(Term("body", words[0]))
        elif words:
            parts.append(Phrase("body", words))
    rest = re.sub(r'"[^"]*"?', " ", q)
    words = [t.text for t in FOLDED(rest)][:20]
    if len(words) > 1:
        # the words side by side, as typed ("mot cua" is also "một của": the
        # phrase tells them apart); search() falls back to all the words anywhere
        parts.append(Phrase("body", words) if phrase else And([Term("body", w) for w in words]))
    elif words:
        parts.append(Term("body", words[0]))
    if not parts:
        return None
    return And(parts) if len(parts) > 1 else parts[0]


def search(ix: index.Index, db: sqlite3.Connection, q: str, doc_type: str | None = None, year: int | None = None,
           issuer: str | None = None, field_code: str | None = None, limit: int = 100, searcher=None) -> Results:
    """Hits for a text query with the filters, best first; exact-diacritic
    matches of the query's words rank above folded ones."""
    query = text_query(q)
    if query is None:
        return Results(q, "empty", message="Hãy nhập từ cần tìm hoặc số ký hiệu văn bản.")
    filters = []
    if doc_type:
        filters.append(Term("doc_type", doc_type))
    if year:
        filters.append(NumericRange("year", year, year))
    if issuer:
        words = [w for w in issuer.lower().split() if w]
        if words:
            filters.append(And([Term("issuer", w) for w in words]))
    if field_code:
        filters.append(Term("fields", field_code.lower()))
    filt = And(filters) if filters else None
    # Opening a searcher reads the index files: callers that search often
    # pass one they keep open (see web/search.py).
    s = searcher or ix.searcher(weighting=WEIGHTING)
    try:
        found = s.search(query, limit=limit, filter=filt)
        if found.scored_length() < 10 and len(re.findall(r"\w+", re.sub(r'"[^"]*"?', " ", q))) > 1:
            # few hits with the words side by side: the words anywhere
            found = s.search(text_query(q, phrase=False), limit=limit, filter=filt)
        hits = [Hit(r["id"], r["doc_key"], r["level"], r.get("heading", ""), r.score) for r in found]
        # counting every match is as slow as the search itself: the count is
        # exact up to the limit, and "at least" beyond it
        total = len(hits)
    finally:
        if searcher is None:
            s.close()
    _rank_exact(db, hits[:RERANK], q)
    hits.sort(key=lambda h: (not h.exact, -h.score))
    return Results(q, "text", hits, total)


def _rank_exact(db, hits: list[Hit], q: str) -> None:
    """Mark hits whose text holds the query's words with their accents, and cut a snippet."""
    words = [w for w in re.findall(r"\w+", nfc(q).lower())]
    folded_words = [fold(w) for w in words]
    for h in hits:
        text = _text_of(db, h)
        low = text.lower()
        h.exact = bool(words) and all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in words)
        h.snippet = _snippet(text, words, folded_words)


def _text_of(db, h: Hit) -> str:
    if h.level == "document":
        row = db.execute("SELECT title FROM documents WHERE key = ?", (h.doc_key,)).fetchone()
        return (row["title"] if row else "") or ""
    anchor = h.id.split("#", 1)[1]
    # the article and its clauses and points: anchors "dieu-3", "dieu-3-…" (a range on the index)
    rows = db.execute("SELECT label, heading, text, anchor FROM provisions WHERE doc_key = ? AND "
                      "(anchor = ? OR (anchor > ? AND anchor < ?)) ORDER BY ord, id",
                      (h.doc_key, anchor, anchor + "-", anchor + "-\uffff")).fetchall()
    if not rows:
        return ""
    return f"{rows[0]['label']}. {rows[0]['heading'] or ''}\n" + "\n".join(r["text"] or "" for r in rows)


def _snippet(text: str, words: list[str], folded_words: list[str], width: int = 110) -> str:
    """A piece of text around the first word of the query (accents or not)."""
    folded = fold_keep_length(text)
    pos = -1
    for w in folded_words:
        m = re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded)
        if m:
            pos = m.start()
            break
    if pos < 0:
        return text[:2 * width]
    lo = max(0, pos - width)
    return ("…" if lo else "") + text[lo:pos + width] + ("…" if pos + width < len(text) else "")


def _fold_table() -> dict[int, str]:
    table = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        f = fold(ch)
        if len(f) == 1 and f != ch:
            table[code] = f
    return table


_FOLD_TABLE = _fold_table()


def fold_keep_length(s: str) -> str:
    """Lower-case, accent-free, one character for one (for locating matches)."""
    return s.lower().translate(_FOLD_TABLE)
