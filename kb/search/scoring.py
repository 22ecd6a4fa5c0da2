"""How well an index entry answers a query.

The model is BM25 per field (whoosh's BM25F: each field scored with its
own length normalisation, the fields weighted and summed), over folded
syllables and over neighbouring pairs:

    score(e) = Σ_terms Σ_fields w_f · idf_f(t) · tf·(k1+1) / (tf + k1·(1 − b_f + b_f·len_f(e)/avglen_f))

with the Robertson–Spärck Jones idf, ln(1 + (N − df + 0.5)/(df + 0.5)).
``FieldBM25`` is that model as a whoosh weighting (the reference: tests
check the fast path below gives whoosh's own scores); ``accumulate``
computes it for all entries at once from posting arrays.

OR semantics: an entry matching any term is scored; more matched terms
score more, and ``coordination`` says what share of the query's telling
words an entry holds (the ranking uses it). A syllable found in more than
``COMMON`` of the entries tells little and costs much: it is scored only
inside its pairs (this is the stop list, derived from the corpus).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np
from whoosh import scoring

from kb.search import whoosh_adapter as wa

COMMON = 0.3          # share of entries above which a syllable is scored only in pairs


@dataclass(frozen=True)
class Field:
    weight: float
    b: float


K1 = 1.2
# the fields a syllable is scored in, and those a pair is scored in
SYLLABLE_FIELDS = {"body": Field(1.0, 0.75), "head": Field(1.2, 0.5)}
PAIR_FIELDS = {"pairs": Field(1.5, 0.75), "headpairs": Field(1.0, 0.5)}
# An article also scores a little for its document's title: the title's
# score, as the document's own entry has it in "head", is added to each of
# its articles (read once per document, not once per article).
TITLE = Field(0.2, 0.5)


def idf(n_entries: int, df: int) -> float:
    return math.log(1.0 + (n_entries - df + 0.5) / (df + 0.5))


def bm25(tf, length, avg_length: float, b: float, k1: float = K1):
    return tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * length / avg_length))


class FieldBM25(scoring.WeightingModel):
    """The model above as a whoosh weighting (field weights included), for
    scoring with whoosh's own matchers."""

    def __init__(self, fields: dict[str, Field] | None = None):
        self.fields = fields or dict(SYLLABLE_FIELDS, **PAIR_FIELDS)

    def scorer(self, searcher, fieldname, text, qf=1):
        f = self.fields.get(fieldname, Field(1.0, 0.75))
        weight = f.weight * idf(searcher.doc_count_all(), searcher.doc_frequency(fieldname, text))
        return _Scorer(searcher, fieldname, text, weight, searcher.avg_field_length(fieldname) or 1.0, f.b)


class _Scorer(scoring.WeightLengthScorer):
    def __init__(self, searcher, fieldname, text, weight, avg_length, b):
        self.weight, self.avg_length, self.b = weight, avg_length, b
        self.setup(searcher, fieldname, text)

    def _score(self, weight, length):
        return self.weight * bm25(weight, length, self.avg_length, self.b)


@dataclass
class Scored:
    """The scores of every entry (0 where nothing matched), how many of the
    query's telling syllables each holds, and how many there were; the
    title score of each document (already in its articles' scores)."""
    scores: np.ndarray
    matched: np.ndarray
    telling: int
    common: list[str]
    titles: np.ndarray


class PostingsCache:
    """Decoded posting lists of one index, the most recently used kept up to
    a byte budget. The long lists are the common words, which most queries
    share and whose decoding costs most; short lists are not kept."""

    MIN_POSTINGS = 2048
    MAX_FREQUENCIES = 100_000     # document frequencies kept (a few dozen bytes each)

    def __init__(self, budget_bytes: int = 256 << 20):
        self.budget = budget_bytes
        self.used = 0
        self._lists: dict = {}
        self._frequencies: dict = {}
        self._lock = threading.Lock()

    def frequencies(self, segs, fieldname: str, text: str) -> tuple[int, ...]:
        """A term's document frequency in each segment (looked up in each
        segment's term table once, then kept: the index never changes)."""
        key = (fieldname, text)
        dfs = self._frequencies.get(key)
        if dfs is None:
            dfs = tuple(wa.doc_frequency(r, fieldname, text) for r, _ in segs)
            with self._lock:
                if len(self._frequencies) >= self.MAX_FREQUENCIES:
                    self._frequencies.clear()
                self._frequencies[key] = dfs
        return dfs

    def get(self, reader, segment: int, offset: int, fieldname: str, text: str):
        """(docnums in the whole index, weights) of a term in one segment."""
        key = (segment, fieldname, text)
        with self._lock:
            hit = self._lists.pop(key, None)
            if hit is not None:
                self._lists[key] = hit          # most recently used last
                return hit
        ids, weights = wa.postings(reader, fieldname, text)
        if offset:
            ids = ids + offset
        size = ids.nbytes + weights.nbytes
        if len(ids) >= self.MIN_POSTINGS and size <= self.budget // 8:
            with self._lock:
                if key not in self._lists:
                    self._lists[key] = (ids, weights)
                    self.used += size
                while self.used > self.budget and self._lists:
                    old_ids, old_w = self._lists.pop(next(iter(self._lists)))
                    self.used -= old_ids.nbytes + old_w.nbytes
        return ids, weights


def accumulate(searcher, catalog, syllables: list[str], pairs: list[str], cache: PostingsCache | None = None) -> Scored:
    """Score every entry for the query's syllables and pairs."""
    n = catalog.n
    scores = np.zeros(n, dtype=np.float32)
    matched = np.zeros(n, dtype=np.int16)
    segs = wa.segments(searcher)
    total = searcher.doc_count_all()
    seg_df = {w: _frequencies(segs, cache, "body", w) for w in syllables}
    df = {w: sum(v) for w, v in seg_df.items()}
    telling = [w for w in syllables if df[w] and df[w] <= COMMON * total]
    if not telling:
        # nothing but common words ("quy định về"): the rarest of them tell
        telling = sorted((w for w in syllables if df[w]), key=df.get)[:3]
    common = [w for w in syllables if w not in telling]
    titles = np.zeros(catalog.ndocs, dtype=np.float32)
    for w in telling:
        for fieldname, f in SYLLABLE_FIELDS.items():
            _add(segs, catalog, scores, fieldname, w, f, total, cache,
                 matched if fieldname == "body" else None, titles if fieldname == "head" else None,
                 seg_df[w] if fieldname == "body" else None)
    for p in pairs:
        for fieldname, f in PAIR_FIELDS.items():
            _add(segs, catalog, scores, fieldname, p, f, total, cache)
    if titles.any():
        scores += np.where(catalog.is_article & catalog.live, titles[np.maximum(catalog.doc_of, 0)], 0.0)
    return Scored(scores, matched, len(telling), common, titles)


def _frequencies(segs, cache: PostingsCache | None, fieldname: str, text: str) -> tuple[int, ...]:
    if cache is not None:
        return cache.frequencies(segs, fieldname, text)
    return tuple(wa.doc_frequency(r, fieldname, text) for r, _ in segs)


def _add(segs, catalog, scores, fieldname, text, f: Field, total, cache, matched=None, titles=None,
         seg_df: tuple[int, ...] | None = None) -> None:
    if seg_df is None:
        seg_df = _frequencies(segs, cache, fieldname, text)
    df = sum(seg_df)
    if not df:
        return
    term_idf = idf(total, df)
    norm = catalog.norm(fieldname, f.b, K1)
    top = f.weight * term_idf * (K1 + 1.0)
    for i, (reader, offset) in enumerate(segs):
        if not seg_df[i]:
            continue
        if cache:
            ids, tf = cache.get(reader, i, offset, fieldname, text)
        else:
            ids, tf = wa.postings(reader, fieldname, text)
            ids = ids + offset
        if not len(ids):
            continue
        scores[ids] += top * tf / (tf + norm[ids])
        if matched is not None:
            matched[ids] += 1
        if titles is not None:
            # the document entries' "head" is their title
            is_doc = ~catalog.is_article[ids] & (catalog.doc_of[ids] >= 0)
            docs = ids[is_doc]
            title_tf = tf[is_doc]
            titles[catalog.doc_of[docs]] += TITLE.weight * term_idf * (K1 + 1.0) * title_tf / (
                title_tf + catalog.title_norm(TITLE.b, K1)[docs])
