"""What the search index holds, and how it is written.

One index entry per document (its number and title) and one per article
(its heading, text, clauses and points). Fields, each scored on its own
(see ``scoring``):

- ``body``: the folded syllables of the whole entry;
- ``pairs``: each two neighbouring syllables of the body ("mot cua");
- ``head``: the article's heading, or the document's title;
- ``headpairs``: the pairs of the heading.

An article's document title is not indexed with it: the title's score is
computed once, on the document's own entry, and shared by its articles
(``scoring``).

No positions are kept: pairs stand in for phrases, and a phrase of three
words or more is checked on the text of the best hits.
"""
from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.formats import Existence

from kb.search import whoosh_adapter as wa
from kb.search.analysis import FOLDED, name_words, syllable_pairs, syllables

DIR_NAME = "search"


class Syllables(TEXT):
    """Folded syllables of a text, or the pairs of neighbouring syllables.
    A posting holds the term's frequency as its weight and nothing else
    (whoosh's Existence format stores no value per posting; a value would
    only repeat the frequency, and cost reading)."""

    def __init__(self, pairs: bool = False):
        super().__init__(analyzer=FOLDED, phrase=False)
        self.format = Existence()
        self.pairs = pairs

    def index(self, value, **kwargs):
        words = value if isinstance(value, list) else syllables(value)
        if self.pairs:
            words = syllable_pairs(words)
        for word, n in Counter(words).items():
            yield word.encode("utf-8"), n, float(n), b""


class Codec(W3Codec):
    """whoosh's codec with posting blocks of 2048 (lists are read whole, so
    a block is never skipped; each block costs a fixed Python overhead), no
    per-block length statistics (nothing reads them), and block data as
    arrays (``whoosh_adapter.RawPostingsWriter``: decoding pickled tuples
    was most of a query's time).

    The codec is pickled with each segment: a segment written before
    ``raw_blocks`` existed unpickles with the class default (False) and is
    read as whoosh wrote it."""
    length_stats = False
    raw_blocks = False

    def __init__(self):
        super().__init__(blocklimit=2048)
        self.raw_blocks = True

    def postings_writer(self, dbfile, byteids=False):
        if not self.raw_blocks or byteids:
            return super().postings_writer(dbfile, byteids)
        return wa.RawPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=False,
                                    compression=self._compression, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if not self.raw_blocks or terminfo.is_inlined() or format_.fixed_value_size() != 0:
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return wa.RawLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


SCHEMA = Schema(
    id=ID(stored=True, unique=True),          # "<key>" or "<key>#<anchor>"
    doc_key=ID(stored=True, sortable=True),   # a column: the catalogue reads it at once
    origin=ID,                                 # the source, for incremental updates
    level=ID(stored=True, sortable=True),     # "document" or "article"
    heading=STORED,
    body=Syllables(),
    pairs=Syllables(pairs=True),
    head=Syllables(),
    headpairs=Syllables(pairs=True),
)


def create(path: Path) -> index.Index:
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), SCHEMA)


def open_index(path: Path) -> index.Index | None:
    return index.open_dir(str(path)) if index.exists_in(str(path)) else None


def current_schema(path: Path) -> bool:
    """Whether the index at ``path`` was written with these fields (an index
    written by another version may name classes that are gone: not current)."""
    try:
        schema = index.open_dir(str(path)).schema
        return set(schema.names()) == set(SCHEMA.names()) and schema["doc_key"].column_type is not None \
            and isinstance(schema["body"].format, Existence)
    except Exception:     # whoosh raises many kinds on a foreign or damaged index
        return False


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


def _heading_words(heading: str) -> str:
    """An article heading without its label: "Điều 5. Nguyên tắc" → "Nguyên tắc"."""
    label, dot, rest = heading.partition(". ")
    return rest if dot and label.lower().startswith("điều") else heading


def index_documents(ix: index.Index, db: sqlite3.Connection, origins: set[str] | None = None,
                    procs: int = 1, progress=None, keys: set[str] = frozenset()) -> int:
    """(Re)index the documents of ``origins`` and those of ``keys`` (all when
    ``origins`` is None); stubs are not indexed.

    With ``procs`` > 1 the documents go to that many indexing processes,
    each writing its own segment; the segments are not merged (merging
    costs as much as indexing again; a query reads two segments at little
    extra cost). ``progress(done, total)`` is told the documents indexed,
    every 100 (then whoosh writes the segments, which it does not count)."""
    if procs > 1:
        # each process sorts its postings in memory up to this estimate (about
        # 0.6 GB), then in runs on disk (whoosh_adapter writes them in chunks)
        writer = ix.writer(procs=procs, limitmb=512, batchsize=200, multisegment=True, codec=Codec())
    else:
        writer = ix.writer(limitmb=512, timeout=60, codec=Codec())
    n = 0
    try:
        if origins is not None:
            for o in origins:
                writer.delete_by_term("origin", o)
            for k in keys:
                writer.delete_by_term("doc_key", k)
        sql = "SELECT key, number, title, source, origin FROM documents WHERE stub = 0"
        todo = [d for d in db.execute(sql).fetchall()
                if origins is None or d["origin"] in origins or d["key"] in keys]
        for done, d in enumerate(todo):
            if progress is not None and done % 100 == 0:
                progress(done, len(todo))
            common = dict(doc_key=d["key"], origin=d["origin"])
            title = d["title"] or ""
            title_words = name_words(title, d["source"], d["number"])
            body = syllables(d["number"] or "") + title_words
            writer.add_document(id=d["key"], level="document", heading=title,
                                body=body, pairs=body, head=title_words, headpairs=title_words, **common)
            for anchor, heading, text in article_texts(db, d["key"]):
                words = syllables(text)
                head = syllables(_heading_words(heading))
                writer.add_document(id=f"{d['key']}#{anchor}", level="article", heading=heading,
                                    body=words, pairs=words, head=head, headpairs=head, **common)
                n += 1
        if progress is not None:
            progress(len(todo), len(todo))
        writer.commit(optimize=origins is None and procs == 1)
    except BaseException:
        writer.cancel()
        raise
    return n


def build_index(target: Path, db: sqlite3.Connection, previous: Path | None, origins: set[str] | None,
                procs: int = 1, progress=None, keys: set[str] = frozenset()) -> int:
    """Index into ``target``: from scratch (in ``procs`` processes), or a copy
    of ``previous`` updated for the re-read ``origins`` and the documents of ``keys``."""
    if previous is not None and origins is not None and open_index(previous) is not None \
            and current_schema(previous):
        shutil.copytree(previous, target)
        return index_documents(open_index(target), db, origins, progress=progress, keys=keys)
    return index_documents(create(target), db, procs=procs, progress=progress)


def rebuild_index(kb_dir: Path, db: sqlite3.Connection, procs: int = 1, progress=None) -> int:
    """A fresh search index for a built KB, from its store, swapped in place
    of the old one (``cancu build --search-only``)."""
    target = kb_dir / (DIR_NAME + ".new")
    shutil.rmtree(target, ignore_errors=True)
    n = build_index(target, db, None, None, procs=procs, progress=progress)
    old = kb_dir / (DIR_NAME + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if (kb_dir / DIR_NAME).exists():
        (kb_dir / DIR_NAME).rename(old)
    target.rename(kb_dir / DIR_NAME)
    shutil.rmtree(old, ignore_errors=True)
    return n
