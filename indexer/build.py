"""Build: ``corpus/`` → the KB under the instance folder, atomically.

Each build writes a new directory ``instance/kb-<stamp>/`` and, once it is
complete, points ``instance/current`` at it with one atomic rename: a
reader never sees a half-built KB, and a build killed at any moment
leaves the previous KB answering. An incremental build starts from a copy
of the current KB and re-reads only the sources whose content changed.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from indexer import curation, link
from indexer.locks import die_with_parent, exclusive, workers_die_with_parent
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
    rel: str = ""       # path relative to corpus/, as the store records it


@dataclass
class BuildResult:
    directory: Path
    counts: dict[str, int]
    reread: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    full: bool = False
    why_full: str = ""
    unchanged: bool = False     # nothing read by a build changed: the live build stays

    def summary(self) -> str:
        c = self.counts
        kept = "không có gì thay đổi, giữ bản đang dùng: " if self.unchanged else ""
        return (f"{kept}{c['documents']} văn bản, {c['provisions']} điều khoản, {c['citations']} trích dẫn, "
                f"{c['events']} sự kiện, {c['stubs']} văn bản chưa có toàn văn, {len(self.errors)} lỗi "
                f"({self.seconds:.1f} s; đọc lại {len(self.reread)}, dùng lại {len(self.reused)} nguồn)")


class ShrinkRefused(Exception):
    """The new build would lose too many of the live KB's documents."""

    def __init__(self, live: int, built: int, lost: list[tuple[str, str]]):
        self.live, self.built, self.lost = live, built, lost
        super().__init__(
            f"bản dựng mới mất {len(lost)} trên {live} văn bản của bản đang dùng "
            f"(còn {built}); không chuyển sang bản mới — kiểm tra corpus/, hoặc dùng --force")


# A build that loses more than this share of the live KB's documents (and more
# than MIN_LOSS of them) is not switched in without ``force``.
MAX_LOSS = 0.05
MIN_LOSS = 1


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
    for s in sources:
        s.rel = s.path.relative_to(corpus).as_posix()
    return sources


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the code that reads sources: when the readers change, every
    source is read again, so an incremental build equals a full one. Taken
    once per process: the code that runs is the code loaded, whatever is on
    disk by now."""
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


BUILD_LOCK = ".build.lock"


def build_lock(instance: Path, wait: bool = True, on_wait=None):
    """One build at a time per instance, across threads and processes: every
    build (CLI, import, web save, search index) holds ``instance/.build.lock``."""
    return exclusive(instance / BUILD_LOCK, wait=wait, on_wait=on_wait)


class _Restart(Exception):
    """An incremental build found it cannot equal a full one: start over, full."""


def build(corpus: Path, instance: Path, full: bool = False,
          progress: Callable[..., None] | None = None, force: bool = False,
          wait: bool = True) -> BuildResult:
    """Build ``corpus`` into a new directory of ``instance`` and switch to it.

    Holds the instance's build lock throughout (waits for another build, or
    raises ``locks.Busy`` with ``wait=False``). Raises ``ShrinkRefused``
    (nothing switched) when the result loses more than ``MAX_LOSS`` of the
    live KB's documents, unless ``force``."""
    say = _Say(progress, instance)
    instance.mkdir(parents=True, exist_ok=True)
    workers_die_with_parent()
    with build_lock(instance, wait=wait, on_wait=lambda: say("đang chờ một bản dựng khác xong")):
        try:
            return _build(corpus, instance, full, say, force)
        except _Restart as e:
            return _build(corpus, instance, True, say, force, why=str(e))
        finally:
            say.save()


def _build(corpus: Path, instance: Path, full: bool, say, force: bool, why: str = "") -> BuildResult:
    t0 = time.perf_counter()
    _remove_unfinished(instance)
    say("kiểm tra nguồn")
    sources = discover(corpus)
    version = code_version()
    for i, s in enumerate(sources):
        s.digest = digest(s.path, version)
        say("kiểm tra nguồn", i + 1, len(sources))
    previous = None if full else current_db(instance)
    inputs = _inputs(corpus, sources, version)
    if previous is not None and not why:
        kept = _unchanged(previous.resolve().parent, inputs, sources)
        if kept is not None:
            say("không có gì thay đổi")
            kept.seconds = time.perf_counter() - t0
            return kept
    known: dict[str, tuple[str, str, str]] = {}
    if previous is not None:
        known = _known_sources(previous, corpus)
        why = why or _needs_full(previous, sources, known)
        if why:
            previous = None
    full = previous is None
    # the builder's pid is in the name from the start, for _remove_unfinished
    target = Path(tempfile.mkdtemp(prefix=f"kb-{time.strftime('%Y%m%d-%H%M%S')}-p{os.getpid()}-", dir=instance))
    try:
        result = _fill(corpus, instance, target, sources, previous, known, say)
        result.full, result.why_full = full, why
        _check_shrink(instance, target, force)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    (target / BUILD_INFO).write_text(json.dumps({"inputs": inputs, "counts": result.counts,
                                                 "errors": result.errors}, ensure_ascii=False), encoding="utf-8")
    (target / "BUILD_OK").write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
    _swap(instance, target)
    _remove_old(instance, keep=target)
    result.seconds = time.perf_counter() - t0
    return result


BUILD_INFO = "build.json"     # in a build's folder: what it read (a digest), its counts and errors


def _inputs(corpus: Path, sources: list[Source], version: str) -> str:
    """A digest of everything a build reads: the code, every source, the
    curation logs and the reports (the last two are read by every build)."""
    from indexer.report_index import REPORTS_DIR
    h = hashlib.sha256(version.encode())
    for s in sources:
        h.update(f"{s.rel}\0{s.digest}\n".encode())
    for folder in (curation.DIR, REPORTS_DIR):
        for p in sorted((corpus / folder).rglob("*")):
            if p.is_file():
                h.update(f"{p.relative_to(corpus).as_posix()}\0{p.stat().st_size}\0".encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def _unchanged(live: Path, inputs: str, sources: list[Source]) -> BuildResult | None:
    """The live build as this build's result when it read the same inputs:
    a build of them again would equal it. None when anything differs, or
    the live build does not say what it read (an older version's)."""
    try:
        info = json.loads((live / BUILD_INFO).read_text(encoding="utf-8"))
        if info.get("inputs") != inputs:
            return None
        return BuildResult(live, dict(info["counts"]), reused=[s.rel for s in sources],
                           errors=[tuple(e) for e in info["errors"]], unchanged=True)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _known_sources(db_path: Path, corpus: Path) -> dict[str, tuple[str, str, str]]:
    """The live KB's sources: relative path → (digest, kind, origin). Paths
    recorded absolute by older builds are made relative to ``corpus``."""
    db = store.connect(db_path, readonly=True)
    try:
        rows = db.execute("SELECT path, digest, kind, origin FROM sources").fetchall()
    finally:
        db.close()
    return {_relative(path, corpus): (dg, kind, origin) for path, dg, kind, origin in rows}


def _relative(path: str, corpus: Path) -> str:
    """A source path as stored: relative to corpus/ (older builds stored it absolute)."""
    p = Path(path)
    if p.is_absolute():
        for base in (corpus, corpus.resolve()):
            try:
                return p.relative_to(base).as_posix()
            except ValueError:
                pass
        parts = p.parts   # a copied or moved corpus: what follows its "corpus" folder
        if "corpus" in parts:
            i = len(parts) - 1 - parts[::-1].index("corpus")
            return Path(*parts[i + 1:]).as_posix()
    return path


def _needs_full(db_path: Path, sources: list[Source], known: dict) -> str:
    """Why an incremental build could not equal a full one, or "".

    Imported releases and registers overlay each other in order (a later
    release replaces an earlier one's documents; a scraped law stands in only
    where no release has it): any change among them, a release added,
    changed or removed, re-reads everything. A single document is re-read
    alone unless it holds a key another source's document was skipped for
    (that one may now take it), or took the key of another source's
    document, or had its own taken (the replaced one must come back, or
    stay replaced, as a full build decides)."""
    changed = [s for s in sources if known.get(s.rel, ("",))[0] != s.digest]
    gone = [v for k, v in known.items() if k not in {s.rel for s in sources}]
    imports = [s.rel for s in changed if s.kind != "document"] + [v[2] for v in gone if v[1] != "document"]
    if imports:
        return "nguồn nhập thay đổi (" + ", ".join(imports[:3]) + "): đọc lại toàn bộ"
    origins = {s.origin for s in changed} | {v[2] for v in gone}
    if origins:
        db = store.connect(db_path, readonly=True)
        marks = ",".join("?" * len(origins))
        try:
            if store.has_table(db, "key_conflicts"):
                hit = db.execute(f"SELECT holder, key FROM key_conflicts WHERE holder IN ({marks})",
                                 tuple(origins)).fetchone()
                if hit:
                    return f"{hit[0]} giữ khoá {hit[1]} mà nguồn khác cũng có: đọc lại toàn bộ"
            if store.has_table(db, "key_takeovers"):
                hit = db.execute(f"SELECT origin, key FROM key_takeovers WHERE origin IN ({marks})"
                                 f" OR holder IN ({marks})", (*origins, *origins)).fetchone()
                if hit:
                    return f"{hit[0]} đã nhận khoá {hit[1]} của văn bản nguồn khác: đọc lại toàn bộ"
        finally:
            db.close()
    return ""


def _fill(corpus: Path, instance: Path, target: Path, sources: list[Source], previous: Path | None,
          known: dict, say) -> BuildResult:
    db_path = target / DB_NAME
    if previous is not None:
        say("chép bản đang dùng")
        _copy_db(previous, db_path)
    db = store.connect(db_path, building=True)
    store.create(db)
    result = BuildResult(target, {})
    if previous is not None:
        # rows of older builds keyed by absolute path: the relative path from now on
        for (path,) in db.execute("SELECT path FROM sources").fetchall():
            if _relative(path, corpus) != path:
                db.execute("UPDATE OR REPLACE sources SET path = ? WHERE path = ?", (_relative(path, corpus), path))
    changed = [s for s in sources if known.get(s.rel, ("",))[0] != s.digest] if previous is not None else sources
    gone_origins = set()
    if previous is not None:
        present = {s.rel for s in sources}
        for path, origin in db.execute("SELECT path, origin FROM sources").fetchall():
            if path not in present:
                gone_origins.add(origin)
                store.delete_origin(db, origin)
                db.execute("DELETE FROM sources WHERE path = ?", (path,))
    parsed = _parse_snapshots([s for s in changed if s.kind == "phapdien"], target, say)
    todo = [s for s in sources if s in changed]
    order = {s.origin: i for i, s in enumerate(sources)}
    for s in sources:
        if s not in changed:
            result.reused.append(s.rel)
            continue
        say("đọc nguồn", len(result.reread) + 1, len(todo), s.path.name)
        store.delete_origin(db, s.origin)
        try:
            n = _import(db, s, parsed, order, incremental=previous is not None)
            db.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,NULL)",
                       (s.rel, s.digest, s.kind, s.origin, n))
        except _Restart:
            db.close()
            raise
        except Exception as e:   # one unreadable source never stops the build
            result.errors.append((str(s.path), f"{type(e).__name__}: {e}"))
            db.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,0,?)",
                       (s.rel, s.digest, s.kind, s.origin, f"{type(e).__name__}: {e}"))
        result.reread.append(s.rel)
    say("liên kết văn bản")
    link.link(db)
    # effect clauses rewritten by amendments, read again as they stand (needs the links)
    from indexer import amended_effects
    if amended_effects.apply(db):
        link.link(db)
    # editors' and reviewers' entries (corpus/curation), laid over every build
    say("nhật ký biên tập")
    curated = curation.apply(db, corpus, errors=result.errors)
    say("báo cáo")
    result.errors += index_reports(db, corpus)
    result.errors += key_conflicts(db)
    db.commit()
    # a re-read snapshot touches most documents: a fresh, compact index is
    # then faster to build and to query than the previous one patched
    patch = previous is not None and not any(s.kind == "phapdien" for s in changed)
    stage = "chỉ mục tìm kiếm" + (" (cập nhật)" if patch else "")
    say(stage)
    previous_index = (instance / CURRENT / search.DIR_NAME) if patch else None
    # what to index again: the sources re-read or gone, and the documents an
    # editor's entry changed (one document of a release, not the whole release)
    changed_origins = {s.origin for s in changed} | gone_origins
    search.build_index(target / search.DIR_NAME, db, previous_index,
                       None if previous_index is None else changed_origins, procs=_index_procs(db),
                       keys=curated,
                       progress=lambda done, total: say(stage, done, total))
    result.counts = store.counts(db)
    # a finished KB is never written again: its readers need the file alone
    # (no -wal, no -shm), and keep reading it even once its folder is removed
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    for tmp in target.glob("phapdien-*.sqlite"):
        tmp.unlink()
    return result


def _check_shrink(instance: Path, target: Path, force: bool) -> None:
    """Refuse (``ShrinkRefused``) a build losing too many live documents."""
    live = current_db(instance)
    if live is None or force:
        return
    db = sqlite3.connect(f"file:{target / DB_NAME}?mode=ro", uri=True)
    try:
        db.execute("ATTACH DATABASE ? AS live", (f"file:{live}?mode=ro",))
        (n_live,) = db.execute("SELECT count(*) FROM live.documents WHERE stub = 0").fetchone()
        (n_new,) = db.execute("SELECT count(*) FROM main.documents WHERE stub = 0").fetchone()
        lost = db.execute(
            "SELECT key, coalesce(number, title, key) FROM live.documents WHERE stub = 0 AND key NOT IN "
            "(SELECT key FROM main.documents WHERE stub = 0) ORDER BY 2").fetchall()
    except sqlite3.DatabaseError:
        return    # a live KB too old or damaged to compare with: nothing to protect
    finally:
        db.close()
    if len(lost) > MIN_LOSS and len(lost) > MAX_LOSS * n_live:
        raise ShrinkRefused(n_live, n_new, [tuple(r) for r in lost])


class _Say:
    """Progress reports, with the duration each stage took last time (kept in
    ``instance/.build-times.json``) so that a stage without counts has an ETA."""

    def __init__(self, progress, instance: Path):
        self.progress, self.path = progress, instance / ".build-times.json"
        try:
            self.before = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.before = {}
        self.now: dict[str, float] = {}
        self.stage, self.t = None, time.perf_counter()

    def __call__(self, stage: str, done: int | None = None, total: int | None = None, item: str = "") -> None:
        if stage != self.stage:
            t = time.perf_counter()
            if self.stage is not None:
                self.now[self.stage] = self.now.get(self.stage, 0) + t - self.t
            self.stage, self.t = stage, t
        if self.progress is not None:
            self.progress(stage, done=done, total=total, item=item, expected=self.before.get(stage))

    def save(self) -> None:
        self("xong")
        if self.now:
            with contextlib.suppress(OSError):
                self.path.write_text(json.dumps({**self.before, **self.now}, ensure_ascii=False))


def _index_procs(db: sqlite3.Connection) -> int:
    """Both cores for a large KB (indexing is most of a full build); one for
    a small one, where starting processes costs more than it saves. (More
    writers than cores would each sort in memory, but each writes a segment,
    and every query reads every segment.)"""
    if os.environ.get("CANCU_INDEX_PROCS", "").isdigit():     # tests: force worker processes
        return max(1, int(os.environ["CANCU_INDEX_PROCS"]))
    (articles,) = db.execute("SELECT count(*) FROM provisions WHERE kind = 'article'").fetchone()
    return min(2, os.cpu_count() or 1) if articles > 20000 else 1


def rebuild_search(instance: Path, progress=None) -> int:
    """A fresh search index for the live KB from its store, nothing else re-read;
    ``progress(done, total)``: documents indexed."""
    workers_die_with_parent()
    with build_lock(instance):
        db_path = current_db(instance)
        if db_path is None:
            raise FileNotFoundError(f"{instance}: no KB built")
        db = store.connect(db_path, readonly=True)
        try:
            return search.rebuild_index(db_path.parent, db, procs=_index_procs(db), progress=progress)
        finally:
            db.close()


def _parse_snapshots(sources: list[Source], workdir: Path, say) -> dict[str, Path | str]:
    """Parse the snapshots side by side, one process each (both cores).

    Each worker writes its snapshot to a private SQLite file, so that no
    process ever holds two snapshots in memory; the result is that file,
    or the error message.
    """
    global _PARSED
    if not sources:
        return {}
    stage = "đọc " + ", ".join(s.path.name for s in sources)
    say(stage)
    # the number of đề mục files, counted beside the parsers (for counts and an
    # ETA); the counting thread starts once no process is forked any more
    totals: dict[str, int] = {}
    counter = threading.Thread(target=lambda: totals.update(n=sum(_count_files(s.path) for s in sources)),
                               daemon=True)
    # Workers are spawned, never forked: a fork copies the locks other threads
    # hold at that instant (SQLite's among them: a web worker's threads read
    # the KB while a save rebuilds it), and a worker that then opens SQLite
    # waits on a lock nobody will release.
    ctx = multiprocessing.get_context("spawn")
    _PARSED = ctx.Value("i", 0)     # handed to each worker when it starts
    jobs = [(s, workdir / f"{s.origin}.sqlite") for s in sources]
    if len(jobs) == 1:
        counter.start()
        try:
            return {sources[0].origin: _parse_one(jobs[0], lambda: say(stage, _PARSED.value, totals.get("n")))}
        finally:
            counter.join()      # before the search index forks its writers
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1), mp_context=ctx,
                             initializer=_start_worker, initargs=(_PARSED,)) as pool:
        futures = [pool.submit(_parse_one, job) for job in jobs]
        counter.start()
        while futures_wait(futures, timeout=1.0).not_done:
            say(stage, _PARSED.value, totals.get("n"))
        counter.join()
        return {s.origin: f.result() for s, f in zip(sources, futures)}


_PARSED = None      # đề mục files parsed so far, shared with the parsing processes


def _start_worker(parsed) -> None:
    """In a parsing process, first: die with the build, count into ``parsed``."""
    global _PARSED
    die_with_parent()
    _PARSED = parsed


def _count_files(path: Path) -> int:
    import tarfile
    try:
        if path.is_dir():
            return sum(1 for p in path.rglob("*.html") if p.name != "index.html")
        with tarfile.open(path) as tar:
            return sum(1 for m in tar if m.isfile() and m.name.endswith(".html"))
    except (OSError, tarfile.TarError):
        return 0


def _tick() -> None:
    if _PARSED is not None:
        with _PARSED.get_lock():
            _PARSED.value += 1


def _parse_one(job: tuple[Source, Path], report=None) -> Path | str:
    s, path = job

    def tick():
        _tick()
        if report is not None:
            report()
    try:
        snap = import_snapshot(s.path, s.origin, tick=tick)
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


def _is_upload(s: Source) -> bool:
    from indexer.ingest import UPLOAD_DIR
    return s.rel.startswith(UPLOAD_DIR + "/")


def key_conflicts(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every document skipped because another source holds its key, as
    (file[: place], why) naming both sources. Said by every build until the
    corpus is fixed, like a damaged curation line."""
    out = []
    for key, number, origin, place, holder, holder_number, holder_place, file, holder_file in db.execute(
            "SELECT k.*, s.path, h.path FROM key_conflicts k LEFT JOIN sources s ON s.origin = k.origin"
            " LEFT JOIN sources h ON h.origin = k.holder ORDER BY s.path, k.place, k.key"):
        where = f"{file or origin}: {place}" if place else (file or origin)
        there = holder_file or holder
        if holder_place and holder_place != holder:
            there += f", {holder_place}"
        out.append((where, f"bỏ qua văn bản {number or key}: khoá {key} đã thuộc về văn bản "
                           f"{holder_number or key} của nguồn {holder} ({there}); văn bản của nguồn khác chỉ được thay "
                           "bằng một toàn văn không làm mất điều khoản nào, và không bao giờ bằng tệp tải lên "
                           "(sửa số ký hiệu hay ngày ban hành, hoặc bỏ bản trùng)"))
    return out


def _import(db: sqlite3.Connection, s: Source, parsed: dict[str, Path | str], order: dict[str, int],
            incremental: bool = False) -> int:
    """Read one source into the store; its documents. A document whose key
    another source's document holds is skipped and kept in key_conflicts
    (``store.KeyTaken``): the source first in ``discover()`` order keeps
    the key, whatever the order in which sources were added."""
    try:
        return _read_into(db, s, parsed, order if incremental else None)
    except store.KeyTaken as taken:     # a one-document source (a file, a vbpl page): nothing written
        if incremental and order.get(taken.holder, -1) > order[s.origin]:
            # a later source holds it: a full build gives it to this one
            raise _Restart(f"{s.rel} có khoá {taken.key} của nguồn sau {taken.holder}: đọc lại toàn bộ") from None
        store.record_key_conflict(db, taken, s.origin)
        return 0


def _read_into(db: sqlite3.Connection, s: Source, parsed: dict[str, Path | str],
               order: dict[str, int] | None = None) -> int:
    """``order``: in an incremental build, each source's place in discover()."""
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
        held = store.document(db, key)
        if order is not None and held is not None and order.get(held["origin"], -1) > order[s.origin]:
            # a later source holds it: a full build decides which one keeps it
            raise _Restart(f"{s.rel} có khoá {key} của nguồn sau {held['origin']}: đọc lại toàn bộ")
        # an upload never replaces another source's text (SECURITY.md); the maintainers' files overlay in order
        store.write_document(db, key, doc, s.origin, replaces_text=not _is_upload(s))     # KeyTaken: see _import
        return 1
    raise ValueError(f"unknown source kind {s.kind}")


def _merge_snapshot(db: sqlite3.Connection, path: Path, origin: str) -> int:
    """Overlay one snapshot on the KB: its documents replace the same
    numbers from earlier snapshots (text, provisions, citations and the
    events read from them); documents it lacks keep their earlier record.
    Releases are read first (``discover``) and any change among them reads
    everything again, so what a release replaces is of its own family."""
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
    """Directories of builds that died before they finished. Called under
    the build lock; a directory whose builder is alive (an older build
    that took no lock) is left alone, and so is the live one."""
    live = (instance / CURRENT).resolve() if (instance / CURRENT).exists() else None
    for d in instance.glob("kb-*"):
        if not d.is_dir() or (d / "BUILD_OK").exists() or d.resolve() == live:
            continue
        m = re.match(r"kb-\d{8}-\d{6}-p(\d+)-", d.name)
        if m is None:
            # written by an older version, which took no lock: left for a day
            # in case that build is still running
            if time.time() - d.stat().st_mtime < 86400:
                continue
        elif int(m.group(1)) != os.getpid() and _alive(int(m.group(1))):
            continue
        shutil.rmtree(d, ignore_errors=True)
    for tmp in instance.glob(".current-*"):
        with contextlib.suppress(ValueError, OSError):
            if not _alive(int(tmp.name.rsplit("-", 1)[1])):
                tmp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


KEEP_PREVIOUS = 2    # finished builds kept besides the live one


def _remove_old(instance: Path, keep: Path) -> None:
    """Finished builds other than the live one and the ``KEEP_PREVIOUS``
    before it: a server answers from the build it has warm while it warms a
    newer one (web/kbconn.py), and builds may follow each other faster than
    that. Unfinished ones are never touched here: only ``_remove_unfinished``
    removes them, when their builder is dead."""
    finished = sorted((d for d in instance.glob("kb-*") if (d / "BUILD_OK").exists() and d != keep),
                      key=lambda d: d.stat().st_mtime)
    for d in finished[:-KEEP_PREVIOUS]:
        shutil.rmtree(d, ignore_errors=True)
