"""Answering a query: the engine of a built index, filters, facets, ranking.

A query is scored for every index entry at once (``scoring``), with OR
semantics. The entries that hold enough of its telling words are the
matches: they are counted, by facet, and sorted by date when asked. The
best of them by score are re-ranked by what the index cannot see: how many
of the telling words they hold, whether the words typed with diacritics
are there as typed, and the status of their document on the chosen date
(in force before expired, unless the user filters by status). A document
or provision the query names (``understand``) comes first.
"""
from __future__ import annotations

import math
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, fields as dc_fields
from pathlib import Path

import numpy as np
from whoosh import index
from whoosh.filedb.filestore import FileStorage

from kb.search import whoosh_adapter as wa
from kb.search.catalog import FACETS, UNKNOWN, Catalog
from kb.search.indexing import current_schema
from kb.search.present import Hit, Matcher, chapter, snippet, text_of
from kb.search.query import Parsed, parse
from kb.search.scoring import FieldBM25, PostingsCache, Scored, accumulate
from kb.search.understand import Intent, understand

PAGE = 20
RERANK = 100          # best entries re-ranked on the features the index cannot see
TEXT_CHECKS = 40      # of those, the best whose text is read for exact diacritics
IN_FORCE = ("Còn hiệu lực", "Hết hiệu lực một phần", "Ngưng hiệu lực một phần")
ENDED = ("Hết hiệu lực toàn bộ", "Ngưng hiệu lực")
ENDED_FACTOR = 0.8    # the score of an entry whose document has ended, on the chosen date
NAMED_FACTOR = 3.0    # a name query: the articles of the law it names before others
DEFINES_FACTOR = 3.0  # a definition question: an entry saying "X là …"
EXACT_BONUS = 0.15    # at most, for holding every word typed with diacritics as typed


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


@dataclass
class Results:
    query: str
    kind: str                       # "text", "empty"
    hits: list[Hit] = field(default_factory=list)     # the page asked for
    total: int = 0                  # the matches, after the filters
    facets: dict[str, dict[str, int]] = field(default_factory=dict)   # documents per value
    message: str | None = None
    page: int = 1
    pages: int = 1
    loose: bool = False             # no entry holds enough of the words: any that holds one
    intent: Intent | None = None
    truncated: bool = False


class Engine:
    """A finished index ready to answer: searchers kept open for reuse
    (opening one reads the index files, which costs more than a query)
    and the catalogue of its documents."""

    def __init__(self, path: Path, db: sqlite3.Connection):
        self.path = path
        # Files read as files, not mapped: whoosh copies a mapped segment's
        # files into memory for every searcher it opens (about 300 MB each on
        # the shipped KB, 0.15 s), and a server opens several per build;
        # queries are as fast either way (measured ×1 and ×10).
        self.ix = FileStorage(str(path), supports_mmap=False).open_index()
        self._free: list = []
        self._lock = threading.Lock()
        self._status_codes: dict[int, tuple[dict, np.ndarray, list[str]]] = {}
        self.postings = PostingsCache()
        with self.searcher() as s:
            self.catalog = Catalog(s, db)
        cat = self.catalog
        self.issued = np.asarray([_day(v) for v in cat.issued], dtype=np.int64)
        self.effective = np.asarray([_day(v) for v in cat.effective_from], dtype=np.int64)

    @contextmanager
    def searcher(self):
        with self._lock:
            s = self._free.pop() if self._free else None
        if s is None:
            s = self.ix.searcher(weighting=FieldBM25())
        try:
            yield s
        finally:
            with self._lock:
                self._free.append(s)

    def status_codes(self, statuses: dict | None) -> tuple[np.ndarray, list[str]]:
        """Each document's status on the date of ``statuses`` as a code, and
        the names of the codes (computed once per statuses table)."""
        key = id(statuses)
        with self._lock:
            known = self._status_codes.get(key)
            if known is not None and known[0] is statuses:
                return known[1], known[2]
        names: dict[str, int] = {}
        codes = np.empty(self.catalog.ndocs, dtype=np.int64)
        for o, k in enumerate(self.catalog.keys):
            st = statuses.get(k) if statuses else None
            codes[o] = names.setdefault(st.value if st is not None else UNKNOWN, len(names))
        with self._lock:
            # the statuses object is kept with its codes, so its id cannot be reused meanwhile
            self._status_codes[key] = (statuses, codes, list(names))
            while len(self._status_codes) > 8:
                self._status_codes.pop(next(iter(self._status_codes)))
        return codes, list(names)

    def close(self) -> None:
        with self._lock:
            for s in self._free:
                s.close()
            self._free = []


def _day(iso: str) -> int:
    digits = (iso or "").replace("-", "")[:8]
    return int(digits) if digits.isdigit() and len(digits) == 8 else 0


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(path: Path, db: sqlite3.Connection) -> Engine | None:
    """The engine of the index at ``path`` (one per build, kept), or None
    when there is no index or it was written by an older version."""
    try:
        # a rebuilt index (cancu build --search-only) is a new folder: a new engine
        key = f"{path}@{path.stat().st_ino}"
    except OSError:
        return None
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            if not _readable(path):
                return None
            engine = _ENGINES[key] = Engine(path, db)
            # the build before stays for requests still using it; older ones go
            while len(_ENGINES) > 2:
                _ENGINES.pop(next(iter(_ENGINES))).close()
        return engine


def _readable(path: Path) -> bool:
    """Whether an index is there and its schema can be read (an index
    written by another version of the code may name classes that are gone)."""
    try:
        return index.exists_in(str(path)) and current_schema(path)
    except Exception:     # whoosh raises many kinds on a foreign or damaged index
        return False


# --- the query ------------------------------------------------------------------

_UNSET = object()


def search(engine: Engine, db: sqlite3.Connection, q: str, filters: Filters | None = None,
           statuses: dict | None = None, sort: str = "relevance", page: int = 1, per_page: int = PAGE,
           intent=_UNSET) -> Results:
    """A page of hits for a query with the filters, best first (or by date);
    the number of matches and, per facet, the documents per value (each
    facet counted with the other filters applied). ``statuses`` maps a
    document key to its status on the chosen date (kb.status.all_statuses).
    ``intent``: what the query names, when the caller already asked
    ``understand``."""
    filters = filters or Filters()
    parsed = parse(q)
    if parsed.empty():
        return Results(q, "empty", message="Hãy nhập từ cần tìm hoặc số ký hiệu văn bản.")
    if intent is _UNSET:
        intent = understand(db, engine.catalog, q, statuses)
    with engine.searcher() as s:
        return _search(engine, s, db, q, parsed, filters, statuses, sort, page, per_page, intent)


def _search(engine, s, db, q, parsed, filters, statuses, sort, page, per_page, intent) -> Results:
    cat = engine.catalog
    if intent is not None and intent.kind == "name":
        # the year of "luật đất đai 2024" chose the law; it is not a word to look for
        parsed = _without_year(parsed)
    scored = accumulate(s, cat, parsed.syllables(), parsed.pairs(), engine.postings)
    if parsed.defined:
        # a definition question: the entries that say "X là …" first among equals
        scored.scores *= np.where(_holding(s, cat, parsed.defined + ["la"]), DEFINES_FACTOR, 1.0).astype(np.float32)
    required = _phrases(s, cat, parsed)
    codes, code_names = engine.status_codes(statuses)
    level = _level_mask(cat, filters.level)
    checks = _doc_checks(cat, filters, codes, code_names)
    allowed_docs = np.ones(cat.ndocs, dtype=bool)
    for _, ok in checks:
        allowed_docs &= ok
    candidates = scored.scores > 0
    if required is not None:
        candidates &= required
    matches = candidates & _enough(scored)
    loose = not (matches & level & cat.entry_mask(allowed_docs)).any()
    if loose:
        matches = candidates
    facets = _facets(engine, matches & level, checks, codes, code_names)
    allowed = level & cat.entry_mask(allowed_docs)
    matches &= allowed
    total = int(matches.sum())
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    pinned = _pinned(s, cat, intent, allowed)
    texts: dict[str, str] = {}        # entry texts read once per query (re-ranking, then snippets)
    if sort in ("issued", "effective_from"):
        order = _by_date(engine, matches, sort)
        docnums = [int(d) for d in order[(page - 1) * per_page: page * per_page]]
        hits = [_hit(s, cat, d, float(scored.scores[d])) for d in docnums]
    else:
        hits = _ranked(engine, s, db, scored, parsed, matches, pinned, intent, statuses,
                       filters, page * per_page, texts)
        hits = hits[(page - 1) * per_page: page * per_page]
    matcher = Matcher(parsed.typed)
    for h in hits:
        h.snippet = snippet(texts[h.id] if h.id in texts else text_of(db, h), matcher)
        if h.level == "article":
            h.chapter = chapter(db, h)
    return Results(q, "text", hits, total, facets, page=page, pages=pages, loose=loose and total > 0,
                   intent=intent, truncated=parsed.truncated)


def _without_year(parsed: Parsed) -> Parsed:
    words = list(parsed.words)
    if words and len(words[-1]) == 4 and words[-1].isdigit():
        words.pop()
        if words and words[-1] == "nam":
            words.pop()
    return Parsed(parsed.phrases, words or parsed.words, parsed.typed, parsed.truncated)


def _enough(scored: Scored) -> np.ndarray:
    """Entries holding enough of the telling syllables to count as matches:
    all of one or two, half of more (a question's words are not all in
    its answer)."""
    t = scored.telling
    need = t if t <= 2 else math.ceil(t / 2)
    return scored.matched >= max(need, 1)


def _phrases(s, cat: Catalog, parsed: Parsed) -> np.ndarray | None:
    """Entries holding every quoted phrase (its pairs; a lone word itself), or
    None when the query quotes nothing."""
    if not parsed.phrases:
        return None
    mask = cat.live.copy()
    for words in parsed.phrases:
        mask &= _holding(s, cat, words)
    return mask


def _holding(s, cat: Catalog, words: list[str]) -> np.ndarray:
    """Entries holding the words side by side (all their pairs; a lone word itself)."""
    terms = [("body", words[0])] if len(words) == 1 else \
        [("pairs", f"{a} {b}") for a, b in zip(words, words[1:])]
    mask = cat.live.copy()
    for fieldname, text in terms:
        has = np.zeros(cat.n, dtype=bool)
        for reader, offset in wa.segments(s):
            ids, _ = wa.postings(reader, fieldname, text)
            has[ids + offset] = True
        mask &= has
    return mask


def _level_mask(cat: Catalog, level: str | None) -> np.ndarray:
    if level == "article":
        return cat.is_article & cat.live
    if level == "document":
        return ~cat.is_article & cat.live
    return cat.live


def _doc_checks(cat: Catalog, f: Filters, codes: np.ndarray, code_names: list[str]) -> list:
    """(facet, mask of the documents passing it) for each filter given."""
    checks = []
    for name, value in (("doc_type", f.doc_type), ("issuer", f.issuer), ("year", f.year)):
        if value:
            facet = cat.facets[name]
            want = {i for i, v in enumerate(facet.names) if v.casefold() == value.strip().casefold()}
            checks.append((name, facet.docs_with(want, cat.ndocs)))
    if f.field:
        facet = cat.facets["field"]
        code = f.field if f.field == UNKNOWN else f.field.split(" ", 1)[0].strip(".")
        want = {i for i, v in enumerate(facet.names) if _in_field(v, code)}
        checks.append(("field", facet.docs_with(want, cat.ndocs)))
    if f.status:
        want = [i for i, v in enumerate(code_names) if v == f.status]
        checks.append(("status", np.isin(codes, want)))
    return checks


def _in_field(value: str, code: str) -> bool:
    """"22.4 Ngân hàng …" is in đề mục "22.4" and in chủ đề "22"."""
    own = value.split(" ", 1)[0]
    return own == code or own.startswith(code + ".") or value == code


def _facets(engine: Engine, matches: np.ndarray, checks: list, codes: np.ndarray,
            code_names: list[str]) -> dict[str, dict[str, int]]:
    """Documents per value of each facet among the matched documents, each
    facet with the other filters applied."""
    cat = engine.catalog
    docs = np.zeros(cat.ndocs, dtype=bool)
    docs[cat.doc_of[matches]] = True
    out = {}
    for name in FACETS:
        passing = docs.copy()
        for other, ok in checks:
            if other != name:
                passing &= ok
        if name == "status":
            n = np.bincount(codes[passing], minlength=len(code_names))
            out[name] = {code_names[i]: int(n[i]) for i in np.argsort(-n, kind="stable") if n[i]}
        else:
            out[name] = cat.facets[name].counts(passing)
    return out


def _by_date(engine: Engine, matches: np.ndarray, sort: str) -> np.ndarray:
    cat = engine.catalog
    docnums = np.flatnonzero(matches)
    dates = (engine.issued if sort == "issued" else engine.effective)[cat.doc_of[docnums]]
    # newest first, ties by index order
    return docnums[np.lexsort((docnums, -dates))]


def _pinned(s, cat: Catalog, intent: Intent | None, allowed: np.ndarray) -> list[tuple[int, str]]:
    """(entry, why) of what the query names, in order: a provision's article
    in each document named, then the documents."""
    if intent is None:
        return []
    out = []
    if intent.kind == "pinpoint":
        for row, anchor in zip(intent.docs, intent.anchors or [intent.anchor] * len(intent.docs)):
            entry = s.document_number(id=f"{row['key']}#{anchor.split('-khoan-', 1)[0]}")
            if entry is not None and allowed[entry]:
                out.append((entry, "pinpoint"))
    for row in intent.docs[:5]:
        o = cat.ordinal.get(row["key"])
        entry = int(cat.doc_entry[o]) if o is not None else -1
        if entry >= 0 and allowed[entry]:
            out.append((entry, intent.kind if intent.kind != "pinpoint" else "number"))
    return out


def _ranked(engine: Engine, s, db, scored: Scored, parsed: Parsed, candidates: np.ndarray,
            pinned: list[tuple[int, str]], intent: Intent | None, statuses: dict | None,
            filters: Filters, limit: int, texts: dict[str, str]) -> list[Hit]:
    """The best ``limit`` candidates: the named first, then the best by
    score re-ranked on coverage, status and exact diacritics."""
    cat = engine.catalog
    scores = np.where(candidates, scored.scores, 0.0).astype(np.float32)
    named_docs = [cat.ordinal[r["key"]] for r in (intent.docs if intent is not None and intent.by_name else [])
                  if r["key"] in cat.ordinal]
    if named_docs:
        # a name query: the law's own articles before others
        scores *= np.where(np.isin(cat.doc_of, named_docs), NAMED_FACTOR, 1.0).astype(np.float32)
    top = _top(scores, max(RERANK, limit))
    final = scores[top] * (0.6 + 0.4 * np.minimum(scored.matched[top] / max(scored.telling, 1), 1.0))
    hits: dict[int, Hit] = {}
    accented = parsed.accented()
    if accented:
        order = np.argsort(-final, kind="stable")[:TEXT_CHECKS]
        for i in order:
            h = hits[int(top[i])] = _hit(s, cat, int(top[i]), 0.0)
            texts[h.id] = text_of(db, h)
            low = texts[h.id].lower()
            found = sum(1 for w in accented if _has_word(low, w))
            h.exact = found == len(accented)
            final[i] *= 1.0 + EXACT_BONUS * found / len(accented)
    if statuses and not filters.status:
        codes, names = engine.status_codes(statuses)
        ended = [i for i, v in enumerate(names) if v in ENDED]
        final *= np.where(np.isin(codes[cat.doc_of[top]], ended), ENDED_FACTOR, 1.0)
    order = np.argsort(-final, kind="stable")
    out = []
    pinned_entries: set[int] = set()
    for entry, why in pinned:
        if entry not in pinned_entries:
            pinned_entries.add(entry)
            h = _hit(s, cat, entry, float(scores[entry]))
            h.pinned = why
            out.append(h)
    for i in order:
        if len(out) >= limit:
            break
        d = int(top[i])
        if d in pinned_entries:
            continue
        h = hits.get(d) or _hit(s, cat, d, 0.0)
        h.score = float(final[i])
        out.append(h)
    return out


def _has_word(low_text: str, word: str) -> bool:
    i = low_text.find(word)
    while i >= 0:
        before = low_text[i - 1] if i else " "
        j = i + len(word)
        after = low_text[j] if j < len(low_text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        i = low_text.find(word, i + 1)
    return False


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """The indices of the ``k`` best scores (positive only), best first, ties by index."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        part = np.argpartition(-scores[positive], k - 1)[:k]
        positive = positive[part]
    return positive[np.lexsort((positive, -scores[positive]))]


def _hit(s, cat: Catalog, docnum: int, score: float) -> Hit:
    o = int(cat.doc_of[docnum])
    stored = s.stored_fields(docnum)
    return Hit(stored["id"], cat.keys[o], "article" if cat.is_article[docnum] else "document",
               stored.get("heading", ""),
               score, number=cat.numbers[o], title=cat.titles[o], doc_type=cat.doc_type[o],
               issuer=cat.issuer[o], issued=cat.issued[o])
