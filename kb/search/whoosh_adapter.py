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

import marshal
import weakref
import zlib
from array import array
from pickle import loads

import numpy as np
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, W3PostingsWriter,
                                  _lenfield)
from whoosh.columns import TranslatingColumnReader, VarBytesColumn
from whoosh.compat import dumps
from whoosh.externalsort import SortingPool
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_W = np.zeros(0, dtype=np.float32)
# whoosh stores a field's length in one byte; this decodes all 256 at once
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


# --- posting blocks as arrays -------------------------------------------------------
#
# whoosh pickles each block's ids and weights as tuples of Python numbers;
# unpickling builds one Python object per posting, which is most of the time
# of an OR query over long lists. ``RawPostingsWriter`` writes the same blocks
# (same block info, so whoosh's skipping and statistics are unchanged) with
# the data as arrays: a small header, the id gaps in the narrowest unsigned
# type that holds them, the weights as bytes (all 1.0, one value, small
# integers, or floats), zlib-compressed. ``RawLeafMatcher`` reads them for
# whoosh's own matchers; ``postings`` reads them straight into numpy.

_WIDTHS = {1: np.uint8, 2: np.uint16, 4: np.uint32}
_W_ONES, _W_CONST, _W_BYTE, _W_FLOAT = 0, 1, 2, 3


_SMALL = 48     # postings: below this a block is encoded in plain Python (numpy's calls cost more)
_TYPECODES = {1: "B", 2: "H", 4: "I"}


def encode_block(ids, weights) -> bytes:
    """The data of one block: ``ids`` ascending docnums, ``weights`` floats."""
    if len(ids) < _SMALL:
        return _encode_small(ids, weights)
    id_arr = np.frombuffer(array("I", ids), dtype=np.uint32)
    gaps = np.diff(id_arr, prepend=np.uint32(0)).astype(np.uint32)
    top = int(gaps.max()) if len(gaps) else 0
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 4
    w = np.frombuffer(array("f", weights), dtype=np.float32)
    if not len(w) or (w == 1.0).all():
        wkind, wbytes = _W_ONES, b""
    elif (w == w[0]).all():
        wkind, wbytes = _W_CONST, w[:1].tobytes()
    elif ((w == np.round(w)) & (w >= 0) & (w < 256)).all():
        wkind, wbytes = _W_BYTE, w.astype(np.uint8).tobytes()
    else:
        wkind, wbytes = _W_FLOAT, w.tobytes()
    return bytes((width, wkind)) + gaps.astype(_WIDTHS[width]).tobytes() + wbytes


def _encode_small(ids, weights) -> bytes:
    """``encode_block`` for a short block, byte for byte (most blocks are
    short: most words are rare)."""
    gaps = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])] if ids else []
    top = max(gaps) if gaps else 0
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 4
    w = array("f", weights)         # as float32, as numpy compares them
    first = w[0] if w else 1.0
    if all(x == 1.0 for x in w):
        wkind, wbytes = _W_ONES, b""
    elif all(x == first for x in w):
        wkind, wbytes = _W_CONST, w[:1].tobytes()
    elif all(x.is_integer() and 0 <= x < 256 for x in w):
        wkind, wbytes = _W_BYTE, bytes(int(x) for x in w)
    else:
        wkind, wbytes = _W_FLOAT, w.tobytes()
    return bytes((width, wkind)) + array(_TYPECODES[width], gaps).tobytes() + wbytes


def decode_block(data: bytes, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(docnums as int64, weights as float32) of a block ``encode_block`` wrote."""
    width, wkind = data[0], data[1]
    end = 2 + width * count
    ids = np.cumsum(np.frombuffer(data, dtype=_WIDTHS[width], count=count, offset=2), dtype=np.int64)
    if wkind == _W_ONES:
        w = np.ones(count, dtype=np.float32)
    elif wkind == _W_CONST:
        w = np.full(count, np.frombuffer(data, dtype=np.float32, count=1, offset=end)[0], dtype=np.float32)
    elif wkind == _W_BYTE:
        w = np.frombuffer(data, dtype=np.uint8, count=count, offset=end).astype(np.float32)
    else:
        w = np.frombuffer(data, dtype=np.float32, count=count, offset=end).copy()
    return ids, w


class RawPostingsWriter(W3PostingsWriter):
    """whoosh's postings writer with block data as arrays (``encode_block``).
    Postings that carry values (not in this schema) are written as whoosh
    writes them; the codec's reader makes the same choice."""

    def _write_block(self, last=False):
        if self._format.fixed_value_size() != 0:
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = encode_block(self._ids, self._weights)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp,
                           length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class RawLeafMatcher(W3LeafMatcher):
    """whoosh's block matcher over blocks ``RawPostingsWriter`` wrote."""

    def _read_data(self):
        raw = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            raw = zlib.decompress(raw)
        self._data = decode_block(raw, self._blocklength)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = self._data[0].tolist()

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = self._data[1].tolist()

    def _read_values(self):
        self._values = (None,) * self._blocklength


def segments(searcher) -> list[tuple[object, int]]:
    """(segment reader, first docnum) of each segment of a searcher."""
    return [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]


def doc_frequency(reader, fieldname: str, text: str) -> int:
    return reader.doc_frequency(fieldname, text)


def postings(reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of a term's postings in one segment, deleted
    documents left out; empty arrays when the term is absent."""
    try:
        m = reader.postings(fieldname, text)
    except TermNotFound:
        return _EMPTY_IDS, _EMPTY_W
    if type(m) is FilterMatcher:
        m = m.child         # whoosh's filter of deleted documents: applied below, on arrays
    if type(m) is RawLeafMatcher:
        ids, weights = _raw_blocks(m)
    elif type(m) is W3LeafMatcher:
        ids, weights = _blocks(m)
    else:
        ids, weights = _one_by_one(m)
    if reader.has_deletions() and len(ids):
        keep = ~deleted_mask(reader)[ids]
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


def _raw_blocks(m: RawLeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    id_parts, w_parts = [], []
    while m.is_active():
        raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        if m._compression:
            raw = zlib.decompress(raw)
        ids, w = decode_block(raw, m._blocklength)
        id_parts.append(ids)
        w_parts.append(w)
        m._next_block()
    if not id_parts:
        return _EMPTY_IDS, _EMPTY_W
    if len(id_parts) == 1:
        return id_parts[0], w_parts[0]
    return np.concatenate(id_parts), np.concatenate(w_parts)


def _one_by_one(m) -> tuple[np.ndarray, np.ndarray]:
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


_DELETED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()     # segment reader → its mask


# --- sorting postings on disk ----------------------------------------------------
#
# A writer holds its postings in memory up to ``limitmb``, then sorts them and
# writes a run to disk; at the end the runs are merged. whoosh pickles each
# posting on its own, out and back (half of the time of a full index). Runs are
# written here in chunks of postings, one marshal call a chunk: the same runs,
# in the same order, at a fraction of the calls.

_RUN_CHUNK = 10_000


def _write_run(self, f, items) -> None:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= _RUN_CHUNK:
            marshal.dump(chunk, f)
            chunk = []
    if chunk:
        marshal.dump(chunk, f)
    f.close()


def _read_run(self, path):
    f = self._open_run(path)
    try:
        while True:
            try:
                chunk = marshal.load(f)
            except EOFError:
                return
            yield from chunk
    finally:
        f.close()
        self._remove_run(path)


SortingPool._write_run, SortingPool._read_run = _write_run, _read_run


def deleted_mask(reader) -> np.ndarray:
    """True for each deleted docnum of a segment: made once per reader from
    the segment's set of deleted documents (asking each docnum of a large
    segment, for every term of every query, took most of a search's time
    once an incremental build had deleted a few documents)."""
    mask = _DELETED.get(reader)
    if mask is None:
        mask = np.zeros(reader.doc_count_all(), dtype=bool)
        perdoc = getattr(reader, "_perdoc", None)
        deleted = (perdoc.deleted_docs() if perdoc is not None
                   else (d for d in range(reader.doc_count_all()) if reader.is_deleted(d)))
        ids = np.fromiter(deleted, dtype=np.int64)
        mask[ids[ids < len(mask)]] = True
        _DELETED[reader] = mask
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
    """The values of a sortable (column) field for every docnum of a segment.
    A variable-length column is read in one piece and cut by its lengths:
    whoosh reads it value by value, a seek and a read each (over a second
    for the catalogue of the shipped KB)."""
    col = reader.column_reader(fieldname)
    inner = col.raw_column() if isinstance(col, TranslatingColumnReader) else col
    translate = col._translate if inner is not col else (lambda v: v)
    if type(inner) is not VarBytesColumn.Reader or getattr(inner, "_lengths", None) is None:
        return list(col)
    lengths = inner._lengths
    data = inner._dbfile.get(inner._basepos, sum(lengths))
    values, pos = [], 0
    for n in lengths:
        values.append(translate(data[pos:pos + n]))
        pos += n
    return values
