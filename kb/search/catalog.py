"""The catalogue of a built index: for each index entry its document, level
and field lengths; for each document what filters, facets and name
look-ups need. Read once per build, as numpy arrays, so that a query
filters, counts and scores its matches with array operations, never by
loading stored fields hit by hit."""
from __future__ import annotations

import sqlite3
from collections import Counter

import numpy as np

from kb.numbers import issuer_from_number
from kb.search import whoosh_adapter as wa
from kb.search.analysis import name_words

FACETS = ("status", "doc_type", "issuer", "year", "field")
UNKNOWN = "không rõ"          # a facet value for documents that lack one
SCORED_FIELDS = ("body", "pairs", "head", "headpairs")


class Facet:
    """One facet: its values, and for each document the codes of its values
    (a document has one value, or several for đề mục)."""

    def __init__(self, values_per_doc: list[tuple[str, ...]]):
        names: dict[str, int] = {}
        flat_doc, flat_code = [], []
        for o, values in enumerate(values_per_doc):
            for v in values or (UNKNOWN,):
                flat_doc.append(o)
                flat_code.append(names.setdefault(v, len(names)))
        self.names = list(names)
        self.code = {v: i for i, v in enumerate(self.names)}
        self.flat_doc = np.asarray(flat_doc, dtype=np.int64)
        self.flat_code = np.asarray(flat_code, dtype=np.int64)

    def docs_with(self, codes: set[int], ndocs: int) -> np.ndarray:
        """A mask of the documents having one of ``codes``."""
        mask = np.zeros(ndocs, dtype=bool)
        if codes:
            hit = np.isin(self.flat_code, np.fromiter(codes, dtype=np.int64))
            mask[self.flat_doc[hit]] = True
        return mask

    def counts(self, docs: np.ndarray) -> dict[str, int]:
        """Documents per value among the documents of mask ``docs``, most first."""
        codes = self.flat_code[docs[self.flat_doc]]
        n = np.bincount(codes, minlength=len(self.names))
        order = np.argsort(-n, kind="stable")
        return {self.names[i]: int(n[i]) for i in order if n[i]}


class Catalog:
    def __init__(self, searcher, db: sqlite3.Connection):
        keys, titles, numbers, doc_types, issuers, years, fields, issued, effective, names = ([] for _ in range(10))
        ordinal = {}
        for d in db.execute("SELECT key, number, title, source, doc_type, issuer, issued, effective_from, fields "
                            "FROM documents WHERE stub = 0"):
            ordinal[d["key"]] = len(keys)
            keys.append(d["key"])
            numbers.append(d["number"] or "")
            titles.append(d["title"] or "")
            doc_types.append(d["doc_type"] or "")
            # an issuer the document does not print, read from its number where the symbol is sure
            issuers.append(d["issuer"] or issuer_from_number(d["number"]) or "")
            years.append((d["issued"] or "")[:4])
            fields.append(tuple(f for f in (d["fields"] or "").split("\n") if f))
            issued.append(d["issued"] or "")
            effective.append(d["effective_from"] or "")
            names.append(tuple(name_words(d["title"], d["source"], d["number"])))
        self.keys, self.numbers, self.titles = keys, numbers, titles
        self.ordinal = ordinal
        self.doc_type, self.year, self.issued, self.effective_from = doc_types, years, issued, effective
        # one issuer written two ways ("CHÍNH PHỦ", "Chính phủ") is one value,
        # shown as it is most often written
        best: dict[str, str] = {}
        for form, _ in Counter(issuers).most_common():
            best.setdefault(form.casefold(), form)
        self.issuer = [best[i.casefold()] for i in issuers]
        self.fields = fields
        self.ndocs = len(keys)
        self.facets = {
            "doc_type": Facet([(v,) if v else () for v in doc_types]),
            "issuer": Facet([(v,) if v else () for v in self.issuer]),
            "year": Facet([(v,) if v else () for v in years]),
            "field": Facet(fields),
        }
        self.title_words = names       # the folded words each document is known by
        self._entries(searcher, ordinal)

    def _entries(self, searcher, ordinal: dict[str, int]) -> None:
        doc_of, level, lengths = [], [], {f: [] for f in SCORED_FIELDS}
        for reader, _ in wa.segments(searcher):
            doc_of.extend(ordinal.get(k, -1) for k in wa.column_values(reader, "doc_key"))
            level.extend(v == "article" for v in wa.column_values(reader, "level"))
            for f in SCORED_FIELDS:
                lengths[f].append(wa.field_lengths(reader, f))
        self.n = len(doc_of)
        self.doc_of = np.asarray(doc_of, dtype=np.int64)
        self.is_article = np.asarray(level, dtype=bool)
        # entries of a deleted or unknown document never show
        self.live = self.doc_of >= 0
        for reader, offset in wa.segments(searcher):
            if reader.has_deletions():
                self.live[offset:offset + reader.doc_count_all()] &= ~wa.deleted_mask(reader)
        self.lengths = {f: np.concatenate(v) if v else np.zeros(0, dtype=np.float32) for f, v in lengths.items()}
        self.avg_length = {f: float(searcher.avg_field_length(f) or 1.0) or 1.0 for f in SCORED_FIELDS}
        self._norms: dict[tuple, np.ndarray] = {}
        doc_entries = ~self.is_article & self.live
        self.avg_title = float(self.lengths["head"][doc_entries].mean()) if doc_entries.any() else 1.0
        # the document entry of each document, for "a name query puts the law first"
        self.doc_entry = np.full(self.ndocs, -1, dtype=np.int64)
        docs = np.flatnonzero(~self.is_article & self.live)
        self.doc_entry[self.doc_of[docs]] = docs

    def norm(self, fieldname: str, b: float, k1: float) -> np.ndarray:
        """BM25's length part, k1·(1 − b + b·length/average), of every entry
        for a field (computed once per field and b)."""
        key = (fieldname, b, k1)
        cached = self._norms.get(key)
        if cached is None:
            cached = self._norms[key] = (k1 * (1.0 - b + b * self.lengths[fieldname] / self.avg_length[fieldname])
                                         ).astype(np.float32)
        return cached

    def title_norm(self, b: float, k1: float) -> np.ndarray:
        """The same for a document entry's title, against the average title."""
        key = ("title", b, k1)
        cached = self._norms.get(key)
        if cached is None:
            cached = self._norms[key] = (k1 * (1.0 - b + b * self.lengths["head"] / self.avg_title)).astype(np.float32)
        return cached

    def entry_mask(self, doc_mask: np.ndarray) -> np.ndarray:
        """The entries whose document is in ``doc_mask``."""
        return self.live & doc_mask[np.maximum(self.doc_of, 0)]
