"""Build: ``corpus/`` → the KB under the instance folder, atomically.

Each build writes a new directory ``instance/kb-<stamp>/`` and, once it is
complete, points ``instance/current`` at it with one atomic rename: a
reader never sees a half-built KB, and a build killed at any moment
leaves the previous KB answering. An incremental build starts from a copy
of the current KB and re-reads only the sources whose content changed.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from indexer import curation, link
from indexer.phapdien_import import import_snapshot, label_for
from indexer.report_index import index_reports
from kb import search, store
from kb.identity import document_key

CURRENT = "current"
DB_NAME = "kb.sqlite"
PHAPDIEN_DIR = "phapdien"
DOCUMENTS_DIR = "documents"
DOCUMENT_SUFFIXES = {".txt", ".md", ".docx", ".html", ".htm"}
REGISTERS_DIR = "registers"
VBPL_DIR = "vbpl"
VBPL_REVIEW_DIR = "vbpl-review"


@dataclass
class Source:
    path: Path
    kind: str           # "phapdien" or "document"
    origin: str         # label stored with every row it contributes
    digest: str = ""


@dataclass
class BuildResult:
    directory: Path
    counts: dict[str, int]
    reread: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        c = self.counts
        return (f"{c['documents']} văn bản, {c['provisions']} điều khoản, {c['citations']} trích dẫn, "
                f"{c['events']} sự kiện, {c['stubs']} văn bản chưa có toàn văn, {len(self.errors)} lỗi "
                f"({self.seconds:.1f} s; đọc lại {len(self.reread)}, dùng lại {len(self.reused)} nguồn)")


def discover(corpus: Path) -> list[Source]:
    """The sources of the corpus, in the order they are applied."""
    sources = []
    for archive in sorted((corpus / PHAPDIEN_DIR).glob("*.tar.xz")):
        sources.append(Source(archive, "phapdien", label_for(archive)))
    for path in sorted((corpus / REGISTERS_DIR).glob("*")):
        if path.suffix.lower() in (".csv", ".sql"):
            sources.append(Source(path, "register", f"register:{path.name}"))
    for folder in sorted((corpus / VBPL_DIR).glob("*")):
        if folder.is_dir():
            sources.append(Source(folder, "vbpl", f"vbpl:{folder.name}"))
    for path in sorted((corpus / VBPL_REVIEW_DIR).glob("*.tar.xz")):
        sources.append(Source(path, "vbpl_review", f"vbpl-review:{path.name}"))
    for path in sorted((corpus / DOCUMENTS_DIR).rglob("*")):
        if path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES and not path.name.startswith("."):
            rel = path.relative_to(corpus).as_posix()
            sources.append(Source(path, "document", f"corpus:{rel}"))
    return sources


def code_version() -> str:
    """A digest of the code that reads sources: when the readers change, every
    source is read again, so an incremental build equals a full one."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for folder in ("indexer", "kb"):
        for p in sorted((root / folder).rglob("*")):
            if p.suffix in (".py", ".tsv"):
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def digest(path: Path, version: str = "") -> str:
    """Content digest of a file, or of every file of a folder, with the code version."""
    h = hashlib.sha256(version.encode())
    for p in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if p.is_file():
            h.update(p.name.encode())
            with open(p, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
    return h.hexdigest()


def current_db(instance: Path) -> Path | None:
    path = instance / CURRENT / DB_NAME
    return path if path.exists() else None


def build(corpus: Path, instance: Path, full: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    t0 = time.perf_counter()
    say = progress or (lambda msg: None)
    instance.mkdir(parents=True, exist_ok=True)
    _remove_unfinished(instance)
    sources = discover(corpus)
    version = code_version()
    for s in sources:
        s.digest = digest(s.path, version)
    target = Path(tempfile.mkdtemp(prefix=f"kb-{time.strftime('%Y%m%d-%H%M%S')}-", dir=instance))
    db_path = target / DB_NAME
    previous = None if full else current_db(instance)
    if previous is not None:
        _copy_db(previous, db_path)
    db = store.connect(db_path, building=True)
    store.create(db)
    result = BuildResult(target, {})
    known = {row["path"]: row["digest"] for row in db.execute("SELECT path, digest FROM sources")}
    changed = [s for s in sources if known.get(str(s.path)) != s.digest]
    # Snapshots overlay each other in order: when one changes, all are re-read.
    if any(s.kind == "phapdien" for s in changed):
        changed = [s for s in sources if s.kind == "phapdien"] + [s for s in changed if s.kind != "phapdien"]
    gone = set(known) - {str(s.path) for s in sources}
    gone_origins = set()
    for path in gone:
        (origin,) = db.execute("SELECT origin FROM sources WHERE path = ?", (path,)).fetchone()
        gone_origins.add(origin)
        store.delete_origin(db, origin)
        db.execute("DELETE FROM sources WHERE path = ?", (path,))
    parsed = _parse_snapshots([s for s in changed if s.kind == "phapdien"], target, say)
    for s in sources:
        if s not in changed:
            result.reused.append(str(s.path))
            continue
        say(f"ghi {s.path.name}")
        store.delete_origin(db, s.origin)
        try:
            n = _import(db, s, parsed)
            db.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,NULL)",
                       (str(s.path), s.digest, s.kind, s.origin, n))
        except Exception as e:   # one unreadable source never stops the build
            result.errors.append((str(s.path), f"{type(e).__name__}: {e}"))
            db.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,0,?)",
                       (str(s.path), s.digest, s.kind, s.origin, f"{type(e).__name__}: {e}"))
        result.reread.append(str(s.path))
    say("liên kết văn bản")
    link.link(db)
    # editors' and reviewers' entries (corpus/curation), laid over every build
    curated = curation.apply(db, corpus)
    say("báo cáo")
    result.errors += index_reports(db, corpus)
    db.commit()
    say("chỉ mục tìm kiếm")
    # a re-read snapshot touches most documents: a fresh, compact index is
    # then faster to build and to query than the previous one patched
    patch = previous is not None and not any(s.kind == "phapdien" for s in changed)
    previous_index = (instance / CURRENT / search.DIR_NAME) if patch else None
    changed_origins = {s.origin for s in sources if str(s.path) in result.reread} | gone_origins | curated
    search.build_index(target / search.DIR_NAME, db, previous_index,
                       None if previous_index is None else changed_origins, procs=_index_procs(db))
    result.counts = store.counts(db)
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    for tmp in target.glob("phapdien-*.sqlite"):
        tmp.unlink()
    (target / "BUILD_OK").write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
    _swap(instance, target)
    _remove_old(instance, keep=target)
    result.seconds = time.perf_counter() - t0
    return result


def _index_procs(db: sqlite3.Connection) -> int:
    """Both cores for a large KB (indexing is most of a full build); one for
    a small one, where starting processes costs more than it saves."""
    (articles,) = db.execute("SELECT count(*) FROM provisions WHERE kind = 'article'").fetchone()
    return min(2, os.cpu_count() or 1) if articles > 20000 else 1


def rebuild_search(instance: Path) -> int:
    """A fresh search index for the live KB from its store, nothing else re-read."""
    db_path = current_db(instance)
    if db_path is None:
        raise FileNotFoundError(f"{instance}: no KB built")
    db = store.connect(db_path, readonly=True)
    try:
        return search.rebuild_index(db_path.parent, db, procs=_index_procs(db))
    finally:
        db.close()


def _parse_snapshots(sources: list[Source], workdir: Path, say) -> dict[str, Path | str]:
    """Parse the snapshots side by side, one process each (both cores).

    Each worker writes its snapshot to a private SQLite file, so that no
    process ever holds two snapshots in memory; the result is that file,
    or the error message.
    """
    if not sources:
        return {}
    say("đọc " + ", ".join(s.path.name for s in sources))
    jobs = [(s, workdir / f"{s.origin}.sqlite") for s in sources]
    if len(jobs) == 1:
        return {sources[0].origin: _parse_one(jobs[0])}
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        return dict(zip((s.origin for s in sources), pool.map(_parse_one, jobs)))


def _parse_one(job: tuple[Source, Path]) -> Path | str:
    s, path = job
    try:
        snap = import_snapshot(s.path, s.origin)
        db = store.connect(path, building=True)
        store.create(db)
        for doc in snap.documents.values():
            store.write_document(db, document_key(doc.number, doc.issued), doc, s.origin)
        _record_numbers(db, s.origin, set(snap.documents))
        db.commit()
        db.close()
        return path
    except Exception as e:   # reported with its source by _import
        return f"{type(e).__name__}: {e}"


def _import(db: sqlite3.Connection, s: Source, parsed: dict[str, Path | str]) -> int:
    if s.kind == "phapdien":
        result = parsed[s.origin]
        if isinstance(result, str):
            raise ValueError(result)
        return _merge_snapshot(db, result, s.origin)
    if s.kind == "vbpl":
        from indexer.vbpl_import import import_vbpl
        return import_vbpl(db, s.path, s.origin)
    if s.kind == "vbpl_review":
        from indexer.vbpl_review_import import import_review
        return import_review(db, s.path, s.origin)
    if s.kind == "register":
        from indexer.registers_import import import_register
        return import_register(db, s.path, s.origin)
    if s.kind == "document":
        from indexer.document import document_from, read_source
        doc = document_from(read_source(s.path), s.origin)
        if not doc.number and not doc.title:
            raise ValueError("không tìm thấy số ký hiệu hay trích yếu (no number or title found)")
        key = document_key(doc.number, doc.issued, fallback=doc.title)
        store.write_document(db, key, doc, s.origin)
        return 1
    raise ValueError(f"unknown source kind {s.kind}")


def _merge_snapshot(db: sqlite3.Connection, path: Path, origin: str) -> int:
    """Overlay one snapshot on the KB: its documents replace the same
    numbers from earlier snapshots (text, provisions, citations and the
    events read from them); documents it lacks keep their earlier record."""
    db.execute("ATTACH DATABASE ? AS snap", (str(path),))
    try:
        replaced = "(SELECT number FROM snap.documents)"
        # Earlier snapshots, and the scraped texts that stood in for a document
        # the codification now holds, give way to this snapshot.
        older = "(origin LIKE 'phapdien-%' OR origin LIKE 'vbpl-review:%')"
        db.execute(f"DELETE FROM citations WHERE {older} AND from_key IN "
                   f"(SELECT key FROM documents WHERE number IN {replaced})")
        db.execute(f"DELETE FROM events WHERE {older} AND (by_number IN {replaced}"
                   f" OR (evidence_origin = 'phapdien' AND target_number IN {replaced}))")
        db.execute(f"DELETE FROM documents WHERE {older} AND number IN {replaced}")
        cols = _columns(db, "documents")
        db.execute(f"INSERT OR REPLACE INTO documents ({cols}) SELECT {cols} FROM snap.documents")
        for table in ("provisions", "events", "citations"):
            cols = _columns(db, table, skip="id")
            db.execute(f"INSERT OR REPLACE INTO {table} ({cols}) SELECT {cols} FROM snap.{table}")
        db.execute("CREATE TABLE IF NOT EXISTS snapshot_numbers (origin TEXT, number TEXT)")
        db.execute("DELETE FROM snapshot_numbers WHERE origin = ?", (origin,))
        db.execute("INSERT INTO snapshot_numbers SELECT origin, number FROM snap.snapshot_numbers")
        (n,) = db.execute("SELECT count(*) FROM snap.documents").fetchone()
        db.commit()
    finally:
        db.execute("DETACH DATABASE snap")
    return n


def _columns(db: sqlite3.Connection, table: str, skip: str | None = None) -> str:
    return ", ".join(r[1] for r in db.execute(f"PRAGMA main.table_info({table})") if r[1] != skip)


def _record_numbers(db: sqlite3.Connection, origin: str, numbers: set[str]) -> None:
    """The numbers a snapshot codifies; comparing two snapshots shows what
    was dropped (a hint that a document expired, never proof)."""
    db.execute("CREATE TABLE IF NOT EXISTS snapshot_numbers (origin TEXT, number TEXT)")
    db.execute("DELETE FROM snapshot_numbers WHERE origin = ?", (origin,))
    db.executemany("INSERT INTO snapshot_numbers VALUES (?, ?)", [(origin, n) for n in numbers])


def dropped_in(kb_dir: Path, older: Path, newer: Path) -> list[str]:
    """Numbers the older snapshot codified and the newer one does not."""
    db = store.connect(kb_dir / DB_NAME, readonly=True)
    rows = db.execute(
        "SELECT number FROM snapshot_numbers WHERE origin = ? EXCEPT "
        "SELECT number FROM snapshot_numbers WHERE origin = ? ORDER BY 1",
        (label_for(older), label_for(newer))).fetchall()
    db.close()
    return [r[0] for r in rows]


def _copy_db(src: Path, dst: Path) -> None:
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    with target:
        source.backup(target)
    source.close()
    target.close()


def _swap(instance: Path, target: Path) -> None:
    """Point instance/current at ``target`` with one atomic rename."""
    tmp = instance / f".current-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target.name)
    os.replace(tmp, instance / CURRENT)


def _remove_unfinished(instance: Path) -> None:
    """Directories of builds that were killed before they finished."""
    live = (instance / CURRENT).resolve() if (instance / CURRENT).exists() else None
    for d in instance.glob("kb-*"):
        if d.is_dir() and not (d / "BUILD_OK").exists() and d.resolve() != live:
            shutil.rmtree(d, ignore_errors=True)


def _remove_old(instance: Path, keep: Path) -> None:
    """Finished builds other than the live one; the previous one is kept
    for readers that opened it before the swap."""
    finished = sorted((d for d in instance.glob("kb-*") if (d / "BUILD_OK").exists() and d != keep),
                      key=lambda d: d.stat().st_mtime)
    for d in finished[:-1]:
        shutil.rmtree(d, ignore_errors=True)
