"""The one place that reads whoosh's internals (whoosh-reloaded 2.7.5, pinned).

Scoring a query with OR semantics over hundreds of thousands of articles
means reading whole posting lists; whoosh hands them out one posting at a
time through Python method calls, which costs more than all the scoring.
Here a posting list is read block by block into numpy arrays, and a
field's per-document lengths are read as one array. Each function checks
the shape it relies on and otherwise falls back to whoosh's public API, so
a whoosh that changes costs speed, never correctness
(``tests/test_search_adapter.py`` compares both paths).
"""
from __future__ import annotations

import zlib
from array import array
from pickle import loads

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_W = np.zeros(0, dtype=np.float32)
# whoosh stores a field's length in one byte; this decodes all 256 at once
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


def segments(searcher) -> list[tuple[object, int]]:
    """(segment reader, first docnum) of each segment of a searcher."""
    return [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]


def doc_frequency(reader, fieldname: str, text: str) -> int:
    return reader.doc_frequency(fieldname, text)


def postings(reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of a term's postings in one segment, deleted
    documents left out; empty arrays when the term is absent."""
    if (fieldname, text) not in reader:
        return _EMPTY_IDS, _EMPTY_W
    m = reader.postings(fieldname, text)
    if type(m) is W3LeafMatcher:
        ids, weights = _blocks(m)
    else:
        ids, weights = _one_by_one(m)
    if reader.has_deletions() and len(ids):
        keep = ~_deleted_mask(reader)[ids]
        ids, weights = ids[keep], weights[keep]
    return ids, weights


def _blocks(m: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every block of a posting list decoded at once: the ids are stored as
    gaps (cumsum restores them), the weights as a tuple, one float when all
    are equal, or None for all 1.0."""
    id_parts, w_parts = [], []
    while m.is_active():
        raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        if m._compression:
            raw = zlib.decompress(raw)
        gaps, weights, _ = loads(raw)
        # array() converts a tuple of Python numbers in C, numpy then reads its buffer
        ids = np.cumsum(np.frombuffer(array("I", gaps), dtype=np.uint32), dtype=np.int64)
        if weights is None:
            w = np.ones(len(ids), dtype=np.float32)
        elif isinstance(weights, float):
            w = np.full(len(ids), weights, dtype=np.float32)
        else:
            w = np.frombuffer(array("f", weights), dtype=np.float32)
        id_parts.append(ids)
        w_parts.append(w)
        m._next_block()
    if not id_parts:
        return _EMPTY_IDS, _EMPTY_W
    return np.concatenate(id_parts), np.concatenate(w_parts)


def _one_by_one(m) -> tuple[np.ndarray, np.ndarray]:
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def _deleted_mask(reader) -> np.ndarray:
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    deleted = [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]
    if deleted:
        mask[np.asarray(deleted, dtype=np.int64)] = True
    return mask


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """The length (in terms) of ``fieldname`` for every docnum of a segment,
    as whoosh records it (one byte, so long fields are approximate)."""
    n = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return np.zeros(n, dtype=np.float32)
    if getattr(column, "_fixedlen", None) == 1 and hasattr(column, "_count"):
        # one byte per document; documents after the last written are 0
        count = min(column._count, n)
        raw = np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
        out = np.zeros(n, dtype=np.float32)
        out[:count] = _BYTE_LENGTHS[raw]
        return out
    return np.array([reader.doc_field_length(d, fieldname, 0) or 0 for d in range(n)], dtype=np.float32)


def column_values(reader, fieldname: str) -> list:
    """The values of a sortable (column) field for every docnum of a segment."""
    return list(reader.column_reader(fieldname))
