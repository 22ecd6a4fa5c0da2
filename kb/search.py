"""Full-text search over documents and articles (whoosh).

Vietnamese is indexed syllable by syllable, after NFC, with accents folded
(đ → d, tones dropped, as whoosh's accent map does), so "mot cua lien
thong" finds "một cửa, liên thông". Two fields: ``body`` holds the
syllables, ``pairs`` each two neighbouring syllables ("mot cua", "cua
lien", …). Words typed side by side are searched as all their pairs: a
Vietnamese word is mostly two syllables, a pair is far more selective than
either syllable, and an AND of a few terms costs a fraction of a positional
phrase query (which whoosh checks document by document in Python).

Exact diacritics rank first: the best hits are re-ranked by whether the
query, with its accents, occurs in the text (read back from the store). No
stop words and no stemming: "an" in "an ninh" is a word, "quy" is not
"qui". Numbers never go through the text index: a query that is a số ký
hiệu is looked up exactly.

Filters and counts are by document (type, issuer, year, field, status on a
date): a per-build catalogue maps each index entry to its document, so a
query's matches are filtered and counted from arrays, never by loading
stored fields hit by hit.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left
import re
import shutil
import sqlite3
import threading
from array import array
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, fields as dc_fields
from pathlib import Path

from whoosh import index, scoring
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.query import And, Term
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from kb import numbers
from kb.text import fold, nfc

# whoosh's own analysis, kept as the reference for the folding below
# (tests check both agree); indexing does not use it, it costs more than
# everything else indexing does.
FOLDED = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)
_WORD = re.compile(r"\w+")


class Syllables(TEXT):
    """Folded syllables of a text, or the pairs of neighbouring syllables,
    with their frequencies (no positions: pairs stand in for phrases)."""

    def __init__(self, pairs: bool = False):
        super().__init__(analyzer=FOLDED, phrase=False)
        self.pairs = pairs

    def index(self, value, **kwargs):
        words = value if isinstance(value, list) else syllables(value)
        if self.pairs:
            words = syllable_pairs(words)
        for word, n in Counter(words).items():
            yield word.encode("utf-8"), n, float(n), pack_uint(n)


class Codec(W3Codec):
    """whoosh's codec without per-block field-length statistics: they serve
    BM25 only (we score TF-IDF), and writing them looks up a length for
    every posting."""
    length_stats = False


SCHEMA = Schema(
    id=ID(stored=True, unique=True),          # "<key>" or "<key>#<anchor>"
    doc_key=ID(stored=True, sortable=True),   # a column: the catalogue reads it at once
    origin=ID,                                 # the source, for incremental updates
    level=ID(stored=True, sortable=True),     # "document" or "article"
    heading=STORED,
    body=Syllables(),
    pairs=Syllables(pairs=True),
)

DIR_NAME = "search"
WEIGHTING = scoring.TF_IDF()
RERANK = 30          # hits re-ranked by exact diacritics
FEW = 10             # fewer hits with the words side by side: the words anywhere
MAX_WORDS = 20
PAGE = 20


def syllables(text: str) -> list[str]:
    """Lower-case, accent-free syllables: "Một cửa, liên thông" → mot cua lien thong."""
    return _WORD.findall(fold_keep_length(nfc(text)))


def syllable_pairs(words: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


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


def index_documents(ix: index.Index, db: sqlite3.Connection, origins: set[str] | None = None,
                    procs: int = 1) -> int:
    """(Re)index the documents of ``origins`` (all when None); stubs are not indexed.

    With ``procs`` > 1 the documents go to that many indexing processes,
    each writing its own segment; the segments are not merged (merging
    costs as much as indexing again; a query reads two segments at little
    extra cost)."""
    if procs > 1:
        writer = ix.writer(procs=procs, limitmb=256, batchsize=200, multisegment=True, codec=Codec())
    else:
        writer = ix.writer(limitmb=512, timeout=60, codec=Codec())
    n = 0
    try:
        if origins is not None:
            for o in origins:
                writer.delete_by_term("origin", o)
        sql = "SELECT key, number, title, origin FROM documents WHERE stub = 0"
        for d in db.execute(sql).fetchall():
            if origins is not None and d["origin"] not in origins:
                continue
            common = dict(doc_key=d["key"], origin=d["origin"])
            text = f"{d['number'] or ''} {d['title'] or ''}"
            writer.add_document(id=d["key"], level="document", heading=d["title"] or "",
                                body=text, pairs=text, **common)
            for anchor, heading, text in article_texts(db, d["key"]):
                writer.add_document(id=f"{d['key']}#{anchor}", level="article", heading=heading,
                                    body=text, pairs=text, **common)
                n += 1
        writer.commit(optimize=origins is None and procs == 1)
    except BaseException:
        writer.cancel()
        raise
    return n


def build_index(target: Path, db: sqlite3.Connection, previous: Path | None, origins: set[str] | None,
                procs: int = 1) -> int:
    """Index into ``target``: from scratch (in ``procs`` processes), or a copy
    of ``previous`` updated for the re-read ``origins``."""
    if previous is not None and origins is not None and open_index(previous) is not None:
        shutil.copytree(previous, target)
        return index_documents(open_index(target), db, origins)
    return index_documents(create(target), db, procs=procs)


def rebuild_index(kb_dir: Path, db: sqlite3.Connection, procs: int = 1) -> int:
    """A fresh search index for a built KB, from its store, swapped in place
    of the old one (``cancu build --search-only``)."""
    target = kb_dir / (DIR_NAME + ".new")
    shutil.rmtree(target, ignore_errors=True)
    n = build_index(target, db, None, None, procs=procs)
    old = kb_dir / (DIR_NAME + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if (kb_dir / DIR_NAME).exists():
        (kb_dir / DIR_NAME).rename(old)
    target.rename(kb_dir / DIR_NAME)
    shutil.rmtree(old, ignore_errors=True)
    return n


# --- the catalogue: index entries → documents ----------------------------------

class Catalog:
    """For each index entry (docnum) its document and level; for each document
    what filters and counts need. Read once per build: a query then filters
    and counts its matches from these arrays."""

    def __init__(self, searcher, db: sqlite3.Connection):
        self.keys: list[str] = []
        self.doc_type: list[str] = []
        self.issuer: list[str] = []
        self.year: list[str] = []
        self.fields: list[tuple[str, ...]] = []     # đề mục: "22.4 Ngân hàng Nhà nước Việt Nam"
        self.issued: list[str] = []
        self.effective_from: list[str] = []
        ordinal = {}
        for d in db.execute("SELECT key, doc_type, issuer, issued, effective_from, fields FROM documents "
                            "WHERE stub = 0"):
            ordinal[d["key"]] = len(self.keys)
            self.keys.append(d["key"])
            self.doc_type.append(d["doc_type"] or "")
            self.issuer.append(d["issuer"] or "")
            self.year.append((d["issued"] or "")[:4])
            self.fields.append(tuple(f for f in (d["fields"] or "").split("\n") if f))
            self.issued.append(d["issued"] or "")
            self.effective_from.append(d["effective_from"] or "")
        # one issuer written two ways ("CHÍNH PHỦ", "Chính phủ") is one value,
        # shown as it is most often written
        forms = Counter(self.issuer)
        best: dict[str, str] = {}
        for form, _ in forms.most_common():
            best.setdefault(form.casefold(), form)
        self.issuer = [best[i.casefold()] for i in self.issuer]
        reader = searcher.reader()
        self.doc_of = array("i", (ordinal.get(k, -1) for k in reader.column_reader("doc_key")))
        self.is_article = bytearray(v == "article" for v in reader.column_reader("level"))


class Engine:
    """A finished index ready to answer: searchers kept open for reuse
    (opening one reads the index files, which costs more than a query)
    and the catalogue of its documents."""

    def __init__(self, path: Path, db: sqlite3.Connection):
        self.path = path
        self.ix = index.open_dir(str(path))
        self._free: list = []
        self._lock = threading.Lock()
        with self.searcher() as s:
            self.catalog = Catalog(s, db)

    @contextmanager
    def searcher(self):
        with self._lock:
            s = self._free.pop() if self._free else None
        if s is None:
            s = self.ix.searcher(weighting=WEIGHTING)
        try:
            yield s
        finally:
            with self._lock:
                self._free.append(s)

    def close(self) -> None:
        with self._lock:
            for s in self._free:
                s.close()
            self._free = []


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(path: Path, db: sqlite3.Connection) -> Engine | None:
    """The engine of the index at ``path`` (one per build, kept), or None
    when there is no index."""
    if not index.exists_in(str(path)):
        return None
    # a rebuilt index (cancu build --search-only) is a new folder: a new engine
    key = f"{path}@{path.stat().st_ino}"
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            if not _current_schema(path):
                return None       # written by an older version: `cancu build --search-only`
            engine = _ENGINES[key] = Engine(path, db)
            # the build before stays for requests still using it; older ones go
            while len(_ENGINES) > 2:
                _ENGINES.pop(next(iter(_ENGINES))).close()
        return engine


def _current_schema(path: Path) -> bool:
    schema = index.open_dir(str(path)).schema
    return set(schema.names()) == set(SCHEMA.names()) and schema["doc_key"].column_type is not None


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
    chapter: str = ""                # "Chương II. Thể dục thể thao …" of an article, when the text has chapters
    adjacent: bool = True            # the query's words side by side (a loose search ranks these first)


@dataclass
class Filters:
    doc_type: str | None = None
    issuer: str | None = None
    year: str | None = None
    field: str | None = None         # a đề mục code ("22.4") or a chủ đề ("22")
    status: str | None = None
    level: str | None = None         # "document" or "article"

    def active(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in dc_fields(self) if getattr(self, f.name)}


FACETS = ("status", "doc_type", "issuer", "year", "field")


@dataclass
class Results:
    query: str
    kind: str                       # "number", "text", "empty"
    hits: list[Hit] = field(default_factory=list)     # the page asked for
    total: int = 0                  # every match, after the filters
    facets: dict[str, dict[str, int]] = field(default_factory=dict)   # documents per value
    message: str | None = None
    page: int = 1
    pages: int = 1
    loose: bool = False             # the words anywhere, not side by side


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


@dataclass
class Parsed:
    """A query as typed: quoted phrases and the other words, folded."""
    phrases: list[list[str]]
    words: list[str]

    def empty(self) -> bool:
        return not self.phrases and not self.words

    def terms(self, side_by_side: bool = True) -> list[Term]:
        """The terms every hit holds: each phrase's, and the other words side
        by side (or, loose, anywhere)."""
        parts = [_adjacent(p) for p in self.phrases]
        if self.words:
            parts.append(_adjacent(self.words) if side_by_side else _anywhere(self.words))
        return list(dict.fromkeys(t for part in parts for t in part))

    def query(self, side_by_side: bool = True):
        terms = self.terms(side_by_side)
        return And(terms) if len(terms) > 1 else terms[0]


def parse(q: str) -> Parsed:
    q = nfc(q)[:500]
    phrases = [w for w in (syllables(p)[:MAX_WORDS] for p in re.findall(r'"([^"]+)"', q)) if w]
    words = syllables(re.sub(r'"[^"]*"?', " ", q))[:MAX_WORDS]
    return Parsed(phrases, words)


def _adjacent(words: list[str]) -> list[Term]:
    # "mot cua lien thong" → "mot cua", "cua lien", "lien thong": the pairs
    # pin the words side by side ("mot cua" is also "một của": the exact
    # re-rank tells them apart)
    if len(words) == 1:
        return [Term("body", words[0])]
    return [Term("pairs", p) for p in dict.fromkeys(syllable_pairs(words))]


def _anywhere(words: list[str]) -> list[Term]:
    return [Term("body", w) for w in dict.fromkeys(words)]


def search(engine: Engine, db: sqlite3.Connection, q: str, filters: Filters | None = None,
           statuses: dict | None = None, sort: str = "relevance", page: int = 1, per_page: int = PAGE) -> Results:
    """A page of hits for a text query with the filters, best first (or by
    date), exact-diacritic matches of the query's words above folded ones;
    the number of matches and, per facet, the documents per value (each
    facet counted with the other filters applied). ``statuses`` maps a
    document key to its status on the chosen date (kb.status.all_statuses)."""
    filters = filters or Filters()
    parsed = parse(q)
    if parsed.empty():
        return Results(q, "empty", message="Hãy nhập từ cần tìm hoặc số ký hiệu văn bản.")
    cat = engine.catalog
    with engine.searcher() as s:
        query = parsed.query()
        units, scores, facets = _match(s, query, cat, filters, statuses)
        side_by_side: tuple = ()
        if len(units) < FEW and len(parsed.words) > 1:
            # few hits with the words side by side: the words anywhere, after those
            more = _match(s, parsed.query(side_by_side=False), cat, filters, statuses)
            if len(more[0]) > len(units):
                side_by_side = (scores, units)
                units, scores, facets = more
        total = len(units)
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        if sort in ("issued", "effective_from"):
            dates = cat.issued if sort == "issued" else cat.effective_from
            doc_of = cat.doc_of
            units.sort(key=lambda d: (dates[doc_of[d]], -d), reverse=True)
            hits = [_hit(s, d, 0.0) for d in units[(page - 1) * per_page: page * per_page]]
            ranked = hits
        else:
            limit = max(RERANK, page * per_page)
            top = _top(scores, units, limit)
            adjacent = None
            if side_by_side:
                first = _top(*side_by_side, limit)
                adjacent = {d for d, _ in first}
                top = (first + [t for t in top if t[0] not in adjacent])[:limit]
            hits = [_hit(s, docnum, score, adjacent is None or docnum in adjacent) for docnum, score in top]
            texts = _rank_exact(db, hits[:RERANK], parsed, q)
            hits.sort(key=lambda h: (not h.adjacent, not h.exact, -h.score))
            ranked = hits[(page - 1) * per_page: page * per_page]
            for h in ranked:
                if h.id not in texts:
                    texts[h.id] = _text_of(db, h)
    if sort in ("issued", "effective_from"):
        texts = {h.id: _text_of(db, h) for h in ranked}
    for h in ranked:
        h.snippet = _snippet(texts[h.id], parsed)
        if h.level == "article":
            h.chapter = _chapter(db, h)
    return Results(q, "text", ranked, total, facets, page=page, pages=pages, loose=bool(side_by_side))


def _top(scores: dict[int, float], units: list[int], limit: int) -> list[tuple[int, float]]:
    """(docnum, score) of the best ``limit`` of ``units``, ties by docnum as whoosh does."""
    best = heapq.nlargest(limit, units, key=lambda d: (scores[d], -d))
    return [(d, scores[d]) for d in best]


def _hit(s, docnum: int, score: float, adjacent: bool = True) -> Hit:
    f = s.stored_fields(docnum)
    return Hit(f["id"], f["doc_key"], f["level"], f.get("heading", ""), score, adjacent=adjacent)


def _match(s, query, cat: Catalog, filters: Filters, statuses: dict | None):
    """The matching index entries that pass the filters (ascending), the
    scores of every match, and the facet counts (documents per value, each
    facet with the other filters applied)."""
    doc_of = cat.doc_of
    level = filters.level
    scores = _scored(s, query.subqueries if isinstance(query, And) else [query])
    units = list(scores)
    if level in ("document", "article"):
        want = level == "article"
        is_article = cat.is_article
        units = [d for d in units if is_article[d] == want]
    matched = {doc_of[d] for d in units}
    matched.discard(-1)
    checks = _checks(cat, filters, statuses)
    counts = {name: Counter() for name in FACETS}
    passing = set()
    for o in matched:
        failed = [name for name, ok in checks if not ok(o)]
        if len(failed) > 1:
            continue
        for name in failed or FACETS:
            counts[name].update(_values(cat, name, o, statuses))
        if not failed:
            passing.add(o)
    if checks:
        units = [d for d in units if doc_of[d] in passing]
    facets = {name: dict(c.most_common()) for name, c in counts.items()}
    return units, scores, facets


def _scored(s, terms: list[Term]) -> dict[int, float]:
    """The docnums holding every term (ascending), with their TF-IDF score
    (the sum over the terms of weight × idf, as whoosh scores an AND).

    whoosh intersects an AND by reading every term's postings whole, one id
    at a time, then scores the matches in a second pass; here the rarest
    term's postings are read whole, block by block, and the others are read
    whole only when they are not much longer, else probed at each candidate
    (skipping the blocks in between unread), weights taken on the way."""
    out: dict[int, float] = {}
    for sub, offset in s.leaf_searchers():
        reader = sub.reader()
        freq = {t: reader.doc_frequency(t.fieldname, t.text) for t in terms}
        found: dict[int, float] | None = None
        for t in sorted(terms, key=freq.get):
            idf = s.idf(t.fieldname, t.text)
            if not freq[t]:
                found = {}
            elif found is None:
                found = {d: w * idf for d, w in _postings(reader.postings(t.fieldname, t.text))}
            elif freq[t] <= 8 * len(found):
                other = dict(_postings(reader.postings(t.fieldname, t.text)))
                found = {d: sc + other[d] * idf for d, sc in found.items() if d in other}
            else:
                found = _probe(reader.postings(t.fieldname, t.text), found, idf)
            if not found:
                break
        for d, sc in (found or {}).items():
            out[d + offset] = sc
    return out


def _postings(m) -> list[tuple[int, float]]:
    """(id, weight) of every posting of a fresh matcher."""
    if isinstance(m, W3LeafMatcher):
        # a segment without deletions: whole blocks at a time (internals of
        # whoosh-reloaded 2.7.5, which is pinned)
        out: list[tuple[int, float]] = []
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if m._weights is None:
                m._read_weights()
            out.extend(zip(m._ids, m._weights))
            m._next_block()
        return out
    out = []
    while m.is_active():
        out.append((m.id(), m.weight()))
        m.next()
    return out


def _probe(m, found: dict[int, float], idf: float) -> dict[int, float]:
    """The candidates (ascending) the matcher's postings hold, their scores
    raised by this term's."""
    kept = {}
    leaf = isinstance(m, W3LeafMatcher)
    for d, sc in found.items():
        if leaf:
            # whoosh's skip_to steps through a block id by id; here blocks
            # below the candidate are passed on their maximum id, unread,
            # and a block's ids are bisected
            while m.is_active() and m._maxid < d:
                m._next_block()
            if not m.is_active():
                break
            if m._ids is None:
                m._read_ids()
            m._i = bisect_left(m._ids, d, m._i)
        else:
            if not m.is_active():
                break
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    break
        if m.id() == d:
            kept[d] = sc + m.weight() * idf
    return kept


def _values(cat: Catalog, name: str, o: int, statuses: dict | None):
    if name == "status":
        st = statuses.get(cat.keys[o]) if statuses else None
        return [st.value] if st is not None else []
    if name == "field":
        return cat.fields[o]
    value = getattr(cat, name)[o]
    return [value] if value else []


def _checks(cat: Catalog, f: Filters, statuses: dict | None) -> list:
    """(facet, test of a document ordinal) for each filter given."""
    checks = []
    if f.doc_type:
        checks.append(("doc_type", lambda o: cat.doc_type[o] == f.doc_type))
    if f.issuer:
        want = nfc(f.issuer).casefold()
        checks.append(("issuer", lambda o: cat.issuer[o].casefold() == want))
    if f.year:
        checks.append(("year", lambda o: cat.year[o] == f.year))
    if f.field:
        code = f.field.split(" ", 1)[0].strip(".")
        checks.append(("field", lambda o: any(_in_field(v, code) for v in cat.fields[o])))
    if f.status:
        def has_status(o):
            st = statuses.get(cat.keys[o]) if statuses else None
            return st is not None and st.value == f.status
        checks.append(("status", has_status))
    return checks


def _in_field(value: str, code: str) -> bool:
    """"22.4 Ngân hàng …" is in đề mục "22.4" and in chủ đề "22"."""
    own = value.split(" ", 1)[0]
    return own == code or own.startswith(code + ".")


def _rank_exact(db, hits: list[Hit], parsed: Parsed, q: str) -> dict[str, str]:
    """Mark hits whose text holds the query's words with their accents (a
    quoted phrase: its words side by side), and check that the words meant
    side by side are (their pairs all occurring does not prove it for three
    words or more); the texts read, by hit id."""
    words = [w for w in re.findall(r"\w+", re.sub(r'"[^"]*"?', " ", nfc(q).lower()))]
    phrases = [re.findall(r"\w+", p) for p in re.findall(r'"([^"]+)"', nfc(q).lower())]
    patterns = [rf"(?<!\w){re.escape(w)}(?!\w)" for w in words]
    patterns += [_run(p) for p in phrases if p]
    runs = [folded_pattern(p) for p in parsed.phrases + [parsed.words] if len(p) > 2]
    texts = {}
    for h in hits:
        text = texts[h.id] = _text_of(db, h)
        low = text.lower()
        h.exact = bool(patterns) and all(re.search(p, low) for p in patterns)
        if h.adjacent and runs:
            h.adjacent = all(r.search(text) for r in runs)
    return texts


def _run(words: list[str]) -> str:
    """The words side by side, whatever punctuation stands between them."""
    return r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)"


def _text_of(db, h: Hit) -> str:
    if h.level == "document":
        row = db.execute("SELECT number, title FROM documents WHERE key = ?", (h.doc_key,)).fetchone()
        return (row["title"] if row else "") or ""
    anchor = h.id.split("#", 1)[1]
    # the article and its clauses and points: anchors "dieu-3", "dieu-3-…" (a range on the index)
    rows = db.execute("SELECT label, heading, text, anchor FROM provisions WHERE doc_key = ? AND "
                      "(anchor = ? OR (anchor > ? AND anchor < ?)) ORDER BY ord, id",
                      (h.doc_key, anchor, anchor + "-", anchor + "-\uffff")).fetchall()
    if not rows:
        return ""
    return f"{rows[0]['label']}. {rows[0]['heading'] or ''}\n" + "\n".join(r["text"] or "" for r in rows)


def _chapter(db, h: Hit) -> str:
    """"Chương II. …" (and "Mục 1. …") an article stands in, when its text has chapters."""
    anchor = h.id.split("#", 1)[1]
    row = db.execute("SELECT parent FROM provisions WHERE doc_key = ? AND anchor = ?", (h.doc_key, anchor)).fetchone()
    parts = []
    parent = row["parent"] if row else None
    for _ in range(4):          # Phần › Chương › Mục › Tiểu mục at most
        if not parent:
            break
        p = db.execute("SELECT label, kind, heading, parent FROM provisions WHERE doc_key = ? AND anchor = ?",
                       (h.doc_key, parent)).fetchone()
        if p is None:
            break
        if p["kind"] in ("chapter", "section"):
            parts.append(f"{p['label']}. {p['heading'] or ''}".strip(" ."))
        parent = p["parent"]
    return " › ".join(reversed(parts))


def _snippet(text: str, parsed: Parsed, width: int = 110) -> str:
    """A piece of text around the first word of the query (accents or not)."""
    pos = -1
    for w in [w for p in parsed.phrases for w in p] + parsed.words:
        m = folded_pattern([w]).search(text)
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


_VARIANTS: dict[str, str] = {}
for _code, _base in _FOLD_TABLE.items():
    _VARIANTS[_base] = _VARIANTS.get(_base, _base) + chr(_code)


def folded_pattern(words: list[str]) -> re.Pattern:
    """The folded words side by side as they may be written, with any accents
    and case ("mot cua" finds "Một cửa", "một, cửa"): a regular expression
    on the text itself, which costs far less than folding a long article."""
    def letter(ch: str) -> str:
        variants = _VARIANTS.get(ch)
        return f"[{variants}]" if variants else re.escape(ch)
    body = r"\W+".join("".join(letter(c) for c in w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
