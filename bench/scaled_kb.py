"""A synthetic KB k times larger than a built one, for timing search as the
corpus grows (issue 11: "p95 ≤ 200 ms on an index ten times larger").

The copy holds the live KB's documents k times: copy 0 is the original,
copy i (1 ≤ i < k) renames every indexed document ``<key>`` to ``<key>~i``
and its number to ``<number>~i``, with all its provisions (so hits show
their snippets and chapters read from the copy, as the originals do).

The search index is not rebuilt (a million entries through whoosh's writer
take over an hour): each segment of the live index is copied k times under
new segment ids, its compound file rewritten with the new names, and in
copy i the ``doc_key`` column and the stored fields (``id``, ``doc_key``)
renamed to ``<key>~i``; a new TOC lists all copies. The term files are the
originals' (postings are per segment, so they stay right); only the terms
of the ``id``, ``doc_key`` and ``origin`` fields still name the originals,
which nothing in a query's scoring reads (a pinpoint looks its article up
by the ``id`` term: for a renamed copy it finds the original's, or none).
The copy has k times the live index's segments, where an index written
from scratch would have as many as its writer made: the postings read are
the same, but each term is looked up in k times more segments (in the
profile at k = 10, ``doc_frequency`` and the term look-ups cost under a
tenth of a query). Numbers keep their prefix (``61/2018/NĐ-CP~3``), so a
number typed without its symbol ("61/2018") lists the k copies where the
live KB opens the one document.

The result is ``<target>/current/kb.sqlite`` and ``<target>/current/search/``,
the layout of an instance (``web.create_app({"KB_INSTANCE": target})`` serves
it), built once and rebuilt when the live KB or its index changes
(``<target>/stamp.json``).
"""
from __future__ import annotations

import copy
import io
import json
import shutil
import sqlite3
import time
from pathlib import Path

from whoosh import index
from whoosh.codec.whoosh3 import STORED_COLUMN, W3Codec
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import TOC

from kb.search.indexing import DIR_NAME

VERSION = 1            # of this builder: a new version rebuilds the copies
SEP = "~"
CHUNK = 16 << 20


def scaled_key(key: str, i: int) -> str:
    return key if i == 0 else f"{key}{SEP}{i}"


def original_key(key: str) -> str:
    return key.split(SEP, 1)[0]


def _stamp(kb_dir: Path, k: int) -> dict:
    """What the copy depends on: the live build's store and index files."""
    db = kb_dir / "kb.sqlite"
    ix = kb_dir / DIR_NAME
    st = db.stat()
    return {"version": VERSION, "k": k, "kb": str(kb_dir.resolve()), "db": [st.st_size, st.st_mtime_ns],
            "index": sorted([f.name, f.stat().st_size, f.stat().st_mtime_ns]
                            for f in ix.iterdir() if f.name.endswith((".toc", ".seg", ".trm", ".pst", ".col")))}


def ensure_scaled(kb_dir: Path, target: Path, k: int, log=print) -> Path:
    """``target`` holding the synthetic KB k times ``kb_dir`` (a build: the
    folder of ``kb.sqlite`` and ``search/``), built unless already there for
    this very build. Returns ``target`` (an instance folder)."""
    if k < 1:
        raise ValueError("k ≥ 1")
    kb_dir = kb_dir.resolve()
    stamp = _stamp(kb_dir, k)
    stamp_file = target / "stamp.json"
    current = target / "current"
    if stamp_file.exists() and (current / "kb.sqlite").exists() and index.exists_in(str(current / DIR_NAME)):
        try:
            if json.loads(stamp_file.read_text()) == stamp:
                return target
        except ValueError:
            pass
    target.mkdir(parents=True, exist_ok=True)
    stamp_file.unlink(missing_ok=True)
    new = target / "current.new"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir()
    t0 = time.perf_counter()
    ndocs, nprov = scale_db(kb_dir / "kb.sqlite", new / "kb.sqlite", k)
    log(f"  synthetic store ×{k}: {ndocs} documents, {nprov} provisions ({time.perf_counter() - t0:.0f} s)")
    t0 = time.perf_counter()
    nentries = scale_index(kb_dir / DIR_NAME, new / DIR_NAME, k)
    log(f"  synthetic index ×{k}: {nentries} entries ({time.perf_counter() - t0:.0f} s)")
    if _stamp(kb_dir, k) != stamp:
        shutil.rmtree(new, ignore_errors=True)
        raise RuntimeError(f"{kb_dir} changed while it was being copied (a build?): run again when it is done")
    shutil.rmtree(current, ignore_errors=True)
    new.rename(current)
    stamp_file.write_text(json.dumps(stamp))
    return target


# --- the store --------------------------------------------------------------------

def scale_db(src: Path, dst: Path, k: int) -> tuple[int, int]:
    """A copy of the store whose indexed documents (and their provisions)
    are there k times: (indexed documents, provisions) of the copy."""
    dst.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    out = sqlite3.connect(dst)
    source.backup(out)
    source.close()
    out.execute("PRAGMA journal_mode=OFF")
    out.execute("PRAGMA synchronous=OFF")
    out.execute("PRAGMA foreign_keys=OFF")
    doc_cols = [r[1] for r in out.execute("PRAGMA table_info(documents)")]
    prov_cols = [r[1] for r in out.execute("PRAGMA table_info(provisions)") if r[1] != "id"]
    out.execute("CREATE TEMP TABLE originals AS SELECT key FROM documents WHERE stub = 0")
    for i in range(1, k):
        suffix = f"{SEP}{i}"
        sel = ", ".join("key || :s" if c == "key" else "CASE WHEN number IS NULL THEN NULL ELSE number || :s END"
                        if c == "number" else c for c in doc_cols)
        out.execute(f"INSERT INTO documents ({', '.join(doc_cols)}) SELECT {sel} FROM documents "
                    "WHERE key IN (SELECT key FROM originals) ORDER BY key", {"s": suffix})
        sel = ", ".join("doc_key || :s" if c == "doc_key" else c for c in prov_cols)
        out.execute(f"INSERT INTO provisions ({', '.join(prov_cols)}) SELECT {sel} FROM provisions "
                    "WHERE doc_key IN (SELECT key FROM originals) ORDER BY doc_key, id", {"s": suffix})
        out.commit()
    ndocs = out.execute("SELECT count(*) FROM documents WHERE stub = 0").fetchone()[0]
    nprov = out.execute("SELECT count(*) FROM provisions").fetchone()[0]
    out.execute("DROP TABLE originals")
    out.commit()
    out.execute("PRAGMA journal_mode=WAL")     # as a built KB is
    out.close()
    return ndocs, nprov


# --- the index --------------------------------------------------------------------

def scale_index(src: Path, dst: Path, k: int) -> int:
    """The index at ``src`` copied k times into ``dst`` (see the module's
    docstring); returns the number of entries of the copy."""
    ix = index.open_dir(str(src))
    toc = ix._read_toc()
    schema = toc.schema
    storage = FileStorage(str(src))
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    out = FileStorage(str(dst))
    segments = []
    for i in range(k):
        for seg in toc.segments:
            new = copy.deepcopy(seg)
            new.segid = seg._random_id()
            _copy_segment(storage, seg, out, new, schema, i)
            new.compound = True
            segments.append(new)
    TOC(schema, segments, toc.generation).write(out, toc.segments[0].indexname if toc.segments else "MAIN")
    ix.close()
    return sum(s.doc_count_all() for s in segments)


class _Bytes(io.BytesIO):
    def close(self):      # whoosh closes what it writes; keep the bytes readable
        pass


def _copy_segment(storage, seg, out, new, schema, i: int) -> None:
    """Write ``new`` (a compound file) holding ``seg``'s files under the new
    segment id, the doc_key column and stored fields renamed for copy ``i``."""
    if seg.is_compound():
        files = seg.open_compound_file(storage)
        source_path = Path(storage.folder) / seg.make_filename(seg.COMPOUND_EXT)
        ranges = {name: files.range(name) for name in files.list()}
    else:
        files = storage
        ranges = None
    old_prefix, new_prefix = seg.segment_id() + ".", new.segment_id() + "."
    replaced = {}
    if i:
        n = seg.doc_count_all()
        key_col = W3Codec.column_filename(seg, "doc_key")
        field = schema["doc_key"]
        reader = field.column_type.reader(files.open_file(key_col), 0, files.file_length(key_col), n)
        values = [field.from_column_value(v) for v in reader]
        replaced[key_col] = _column_bytes(field.column_type, n,
                                          (field.to_column_value(scaled_key(v, i)) if v else None for v in values))
        stored_col = W3Codec.column_filename(seg, "_stored")
        reader = STORED_COLUMN.reader(files.open_file(stored_col), 0, files.file_length(stored_col), n)
        replaced[stored_col] = _column_bytes(STORED_COLUMN, n, (_renamed(d, i) for d in reader))
    f = out.create_file(new.make_filename(new.COMPOUND_EXT))
    basepos = f.tell()
    f.write_long(0)
    f.write_int(0)
    directory = {}
    now = time.time()
    names = sorted(ranges) if ranges is not None else seg.list_files(storage)
    with open(source_path, "rb") if ranges is not None else _nothing() as raw:
        for name in names:
            if not name.startswith(old_prefix):
                raise ValueError(f"unexpected file {name!r} in segment {seg.segment_id()}")
            offset = f.tell()
            if name in replaced:
                data = replaced[name]
                f.write(data)
                length = len(data)
            elif ranges is not None:
                start, length = ranges[name]
                raw.seek(start)
                left = length
                while left:
                    chunk = raw.read(min(CHUNK, left))
                    if not chunk:
                        raise IOError(f"{source_path} is shorter than its directory says")
                    f.write(chunk)
                    left -= len(chunk)
            else:
                length = storage.file_length(name)
                with open(Path(storage.folder) / name, "rb") as one:
                    shutil.copyfileobj(one, f.file, CHUNK)
            directory[new_prefix + name[len(old_prefix):]] = {"offset": offset, "length": length, "modified": now}
    CompoundStorage.write_dir(f, basepos, directory, {})
    if ranges is not None:
        files.close()


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _column_bytes(column, doccount: int, values) -> bytes:
    buf = _Bytes()
    writer = column.writer(StructFile(buf))
    for docnum, v in enumerate(values):
        if v is not None:
            writer.add(docnum, v)
    writer.finish(doccount)
    return buf.getvalue()


def _renamed(stored: dict | None, i: int) -> dict | None:
    if not stored:
        return stored
    out = dict(stored)
    if out.get("doc_key"):
        out["doc_key"] = scaled_key(out["doc_key"], i)
    if out.get("id"):
        key, hash_, anchor = out["id"].partition("#")
        out["id"] = scaled_key(key, i) + hash_ + anchor
    return out
