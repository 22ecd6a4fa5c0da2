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
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from indexer import link
from indexer.phapdien_import import import_snapshot, label_for
from kb import store
from kb.identity import document_key

CURRENT = "current"
DB_NAME = "kb.sqlite"
PHAPDIEN_DIR = "phapdien"


@dataclass
class Source:
    path: Path
    kind: str           # "phapdien"
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
    return sources


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
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
    for s in sources:
        s.digest = digest(s.path)
    target = instance / f"kb-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    target.mkdir()
    db_path = target / DB_NAME
    previous = None if full else current_db(instance)
    if previous is not None:
        _copy_db(previous, db_path)
    db = store.connect(db_path)
    store.create(db)
    result = BuildResult(target, {})
    known = {row["path"]: row["digest"] for row in db.execute("SELECT path, digest FROM sources")}
    changed = [s for s in sources if known.get(str(s.path)) != s.digest]
    # Snapshots overlay each other in order: when one changes, all are re-read.
    if any(s.kind == "phapdien" for s in changed):
        changed = [s for s in sources if s.kind == "phapdien"] + [s for s in changed if s.kind != "phapdien"]
    gone = set(known) - {str(s.path) for s in sources}
    for path in gone:
        (origin,) = db.execute("SELECT origin FROM sources WHERE path = ?", (path,)).fetchone()
        store.delete_origin(db, origin)
        db.execute("DELETE FROM sources WHERE path = ?", (path,))
    for s in sources:
        if s not in changed:
            result.reused.append(str(s.path))
            continue
        say(f"đọc {s.path.name}")
        store.delete_origin(db, s.origin)
        try:
            n = _import(db, s, say)
            db.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,NULL)",
                       (str(s.path), s.digest, s.kind, s.origin, n))
        except Exception as e:   # one unreadable source never stops the build
            result.errors.append((str(s.path), f"{type(e).__name__}: {e}"))
            db.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,0,?)",
                       (str(s.path), s.digest, s.kind, s.origin, f"{type(e).__name__}: {e}"))
        result.reread.append(str(s.path))
    say("liên kết văn bản")
    link.link(db)
    db.commit()
    result.counts = store.counts(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    (target / "BUILD_OK").write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
    _swap(instance, target)
    _remove_old(instance, keep=target)
    result.seconds = time.perf_counter() - t0
    return result


def _import(db: sqlite3.Connection, s: Source, say) -> int:
    if s.kind == "phapdien":
        snap = import_snapshot(s.path, s.origin)
        for doc in snap.documents.values():
            store.write_document(db, document_key(doc.number, doc.issued), doc, s.origin)
        _record_drops(db, s.origin, set(snap.documents))
        return len(snap.documents)
    raise ValueError(f"unknown source kind {s.kind}")


def _record_drops(db: sqlite3.Connection, origin: str, numbers: set[str]) -> None:
    """Documents an earlier snapshot had and this one lacks: a hint, not proof."""
    db.execute("CREATE TABLE IF NOT EXISTS snapshot_numbers (origin TEXT, number TEXT)")
    db.execute("DELETE FROM snapshot_numbers WHERE origin = ?", (origin,))
    db.executemany("INSERT INTO snapshot_numbers VALUES (?, ?)", [(origin, n) for n in numbers])


def dropped_between(db: sqlite3.Connection, older: str, newer: str) -> list[str]:
    rows = db.execute(
        "SELECT number FROM snapshot_numbers WHERE origin = ? EXCEPT "
        "SELECT number FROM snapshot_numbers WHERE origin = ? ORDER BY 1", (older, newer))
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
