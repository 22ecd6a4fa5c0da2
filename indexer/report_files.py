"""Where reports given to Căn cứ are kept.

A report pasted or uploaded for checking is a *draft*: its bytes are kept
as given under ``instance/reports/`` (never committed), named by their
digest, so that the report page, its exports and its corrections can read
it again. Saving a draft copies it to ``corpus/reports/``, the source of
truth, where the next build traces it into the documents' "cited by".

Every write goes to a temporary file first and is renamed into place: a
crash leaves the old state or the new one, never half a file. Names come
from digests and slugs, never from the uploaded file name.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import ipaddress
import json
import math
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.curation import atomic_write
from indexer.document import read_source_bytes
from indexer.report_records import RECORD_BODY, record_for
from indexer.sources.corpus_md import write_corpus_md
from indexer.report_index import REPORT_SUFFIXES, REPORTS_DIR, meta_path, read_meta, report_files, report_key
from indexer.sources import SourceText, UnreadableInput
from kb.citations import extract
from kb.identity import is_key, slug

DRAFTS_DIR = "reports"
MAX_REPORT_BYTES = 20 * 1024 * 1024     # a .docx with pictures is large
MAX_REPORT_CHARS = 1_000_000             # its text: ~25 times the reference report
# Citations traced per report: the reference report has 87; 40,000 pasted
# made a 42 MB page in 28 s. Anyone may paste, so each check is bounded.
MAX_REPORT_CITATIONS = 3000
# Drafts are anyone's: kept DRAFT_DAYS, and the folder kept under
# DRAFTS_QUOTA_BYTES by forgetting the drafts looked at longest ago.
DRAFT_DAYS = 7
DRAFTS_QUOTA_BYTES = 200 * 1024 * 1024
MAX_DRAFTS = 5000                        # tiny pastes count too: the folder is listed on each save
# Per address, so that one sender cannot fill that quota and push everyone
# else's drafts out: within DRAFT_WINDOW seconds, at most DRAFTS_PER_ADDRESS
# drafts and DRAFT_BYTES_PER_ADDRESS bytes, counted in instance/LIMITS_DB in
# one transaction (several server processes) before anything is written.
DRAFT_WINDOW = 3600
DRAFTS_PER_ADDRESS = 30
DRAFT_BYTES_PER_ADDRESS = 50 * 1024 * 1024
LIMITS_DB = "report-drafts.sqlite"       # beside reports/, whose dot files are swept as temporary
_DRAFT_ID_RE = re.compile(r"[0-9a-f]{16}")


@dataclass
class StoredReport:
    ref: str              # draft id, or the corpus report's key
    name: str             # what the user called it (the file name, or their title)
    path: Path
    saved: bool           # in corpus/reports
    title: str | None = None   # the title its writer gave when saving

    def read(self) -> SourceText:
        return read_source_bytes(self.path.read_bytes(), self.name, self.path.suffix.lower())


def suffix_for(data: bytes, filename: str) -> str:
    """The kind of file, by its content first: a .docx is a zip, HTML starts
    with a tag; otherwise the name's suffix if it is one we read, else .txt."""
    head = data[:512].lstrip().lower()
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    if head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in (".md", ".txt") else ".txt"


def save_draft(instance: Path, data: bytes, filename: str) -> StoredReport:
    """Keep a report for checking; refuse what cannot be read, keeping nothing."""
    if not data.strip():
        raise UnreadableInput("báo cáo trống: hãy dán nội dung hoặc chọn một tệp")
    if len(data) > MAX_REPORT_BYTES:
        raise UnreadableInput(f"tệp quá lớn ({len(data)} byte; tối đa {MAX_REPORT_BYTES})")
    suffix = suffix_for(data, filename)
    name = _display_name(filename) or "Báo cáo dán vào"
    text = read_source_bytes(data, name, suffix).text    # refuse now, not on every view
    if len(text) > MAX_REPORT_CHARS:
        raise UnreadableInput(f"báo cáo quá dài ({len(text)} ký tự; tối đa {MAX_REPORT_CHARS}); hãy tách thành nhiều phần")
    cited = len(extract(text))
    if cited > MAX_REPORT_CITATIONS:
        raise UnreadableInput(f"báo cáo có quá nhiều trích dẫn ({cited}; tối đa {MAX_REPORT_CITATIONS}); "
                              "hãy tách thành nhiều phần")
    ref = hashlib.sha256(data).hexdigest()[:16]
    folder = instance / DRAFTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    drop_old_drafts(instance, room_for=len(data))
    path = folder / f"{ref}{suffix}"
    if not path.exists():
        atomic_write(path, data)
    meta = folder / f"{ref}.json"
    atomic_write(meta, json.dumps({"name": name, "suffix": suffix, "created": time.strftime("%Y-%m-%dT%H:%M:%S")},
                                   ensure_ascii=False).encode())
    return StoredReport(ref, name, path, saved=False)


class DraftLimit(Exception):
    """An address has sent too many drafts, or too many bytes, in the window;
    the message says so (Vietnamese), ``retry_after`` when to come back."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def address_group(address: str | None) -> str:
    """Who is counted: an IPv4 address, or an IPv6 address's /64 (a single
    host is commonly given a whole /64 and can pick any address in it)."""
    try:
        ip = ipaddress.ip_address((address or "").split("%", 1)[0])
    except ValueError:
        return address or "?"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _limits_db(instance: Path) -> sqlite3.Connection:
    path = instance / LIMITS_DB
    instance.mkdir(parents=True, exist_ok=True)
    if not path.exists():           # addresses: the owner's only
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS drafts (who TEXT NOT NULL, at REAL NOT NULL, bytes INTEGER NOT NULL)")
    db.execute("CREATE INDEX IF NOT EXISTS drafts_who ON drafts(who, at)")
    return db


@contextlib.contextmanager
def draft_allowance(instance: Path, address: str | None, size: int, now: float | None = None):
    """Count one draft of ``size`` bytes for ``address`` for the block, or
    raise DraftLimit with nothing counted. Decided and counted in one
    transaction, so concurrent requests cannot race past the limit; taken
    back when the block raises (a refused report does not count)."""
    now = time.time() if now is None else now
    who = address_group(address)
    db = _limits_db(instance)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM drafts WHERE at <= ?", (now - DRAFT_WINDOW,))
            rows = db.execute("SELECT at, bytes FROM drafts WHERE who = ? ORDER BY at", (who,)).fetchall()
            refusal = _over(rows, size, now)
            if refusal is None:
                rowid = db.execute("INSERT INTO drafts VALUES (?, ?, ?)", (who, now, size)).lastrowid
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    finally:
        db.close()
    if refusal is not None:
        raise refusal
    try:
        yield
    except BaseException:
        db = _limits_db(instance)
        try:
            db.execute("DELETE FROM drafts WHERE rowid = ?", (rowid,))
        finally:
            db.close()
        raise


def _over(rows: list[tuple[float, int]], size: int, now: float) -> DraftLimit | None:
    """Why one more draft of ``size`` bytes is refused, given the window's
    drafts (oldest first), or None."""
    total = sum(b for _, b in rows)
    if len(rows) + 1 <= DRAFTS_PER_ADDRESS and total + size <= DRAFT_BYTES_PER_ADDRESS:
        return None
    # back when enough of the oldest drafts have left the window
    freed, wait = 0, DRAFT_WINDOW
    for i, (at, b) in enumerate(rows):
        freed += b
        if len(rows) - i <= DRAFTS_PER_ADDRESS - 1 and total - freed + size <= DRAFT_BYTES_PER_ADDRESS:
            wait = at + DRAFT_WINDOW - now
            break
    wait = max(1, math.ceil(wait))
    hours = DRAFT_WINDOW / 3600
    span = f"{hours:g} giờ" if hours >= 1 else f"{DRAFT_WINDOW} giây"
    return DraftLimit(
        f"Địa chỉ của bạn đã gửi quá nhiều báo cáo để kiểm tra trong {span} (tối đa {DRAFTS_PER_ADDRESS} "
        f"báo cáo và {DRAFT_BYTES_PER_ADDRESS / (1024 * 1024):g} MB); hãy thử lại sau "
        f"{math.ceil(wait / 60)} phút. Không có gì được ghi.", wait)


def drop_old_drafts(instance: Path, room_for: int = 0, now: float | None = None) -> list[str]:
    """Forget drafts older than DRAFT_DAYS, then the least recently seen until
    the folder, with one more draft of ``room_for`` bytes, is under
    DRAFTS_QUOTA_BYTES and MAX_DRAFTS.
    A draft's age is its sidecar's mtime (touched when it is looked at).
    Returns the ids dropped."""
    folder = instance / DRAFTS_DIR
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    drafts: dict[str, list[Path]] = {}
    for p in folder.iterdir():
        ref = p.name.split(".", 1)[0]
        if _DRAFT_ID_RE.fullmatch(ref) and p.is_file():
            drafts.setdefault(ref, []).append(p)
        elif p.name.startswith(".") and p.is_file() and now - _mtime(p) > 3600:
            p.unlink(missing_ok=True)        # a temporary file left by a killed write
    seen = {ref: max(_mtime(p) for p in paths) for ref, paths in drafts.items()}
    size = {ref: sum(_size(p) for p in paths) for ref, paths in drafts.items()}
    dropped = [ref for ref in drafts if now - seen[ref] > DRAFT_DAYS * 86400]
    total = sum(size[ref] for ref in drafts if ref not in dropped) + room_for
    count = len(drafts) - len(dropped) + 1
    for ref in sorted((r for r in drafts if r not in dropped), key=seen.get):
        if total <= DRAFTS_QUOTA_BYTES and count <= MAX_DRAFTS:
            break
        dropped.append(ref)
        total -= size[ref]
        count -= 1
    for ref in dropped:
        for p in drafts[ref]:
            p.unlink(missing_ok=True)
    return dropped


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except FileNotFoundError:
        return 0


def find(instance: Path, corpus: Path, ref: str) -> StoredReport | None:
    """A draft by its id, or a corpus report by its key."""
    if _DRAFT_ID_RE.fullmatch(ref):
        meta = instance / DRAFTS_DIR / f"{ref}.json"
        if meta.exists():
            info = json.loads(meta.read_text(encoding="utf-8"))
            path = instance / DRAFTS_DIR / f"{ref}{info['suffix']}"
            if path.exists():
                if time.time() - _mtime(meta) > DRAFT_DAYS * 86400:
                    return None                 # expired, to be dropped
                try:
                    os.utime(meta)              # seen: the quota drops it last
                except OSError:
                    pass
                return StoredReport(ref, info["name"], path, saved=False)
    for path in report_files(corpus):
        if report_key(path) == ref:
            return _saved(path)
    return None


def _saved(path: Path) -> StoredReport:
    title = read_meta(path).get("title")
    return StoredReport(report_key(path), title or path.name, path, saved=True, title=title)


def publish(corpus: Path, draft: StoredReport, title: str, report_date: _dt.date | None = None) -> StoredReport:
    """Copy a draft into corpus/reports under a name made from ``title``,
    with a sidecar keeping the title and the date the writer gave; the same
    report saved twice is kept once."""
    data = draft.path.read_bytes()
    folder = corpus / REPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    existing = report_files(corpus)
    for path in existing:
        if path.read_bytes() == data:
            return _saved(path)
    keys = {report_key(p) for p in existing}
    base = (slug(title) or "bao-cao")[:80].strip("-")
    path, n = folder / f"{base}{draft.path.suffix}", 2
    while path.exists() or report_key(path) in keys:
        path, n = folder / f"{base}-{n}{draft.path.suffix}", n + 1
    meta = {"title": title, "report_date": report_date.isoformat() if report_date else None}
    atomic_write(meta_path(path), json.dumps(meta, ensure_ascii=False, indent=1).encode())
    atomic_write(path, data)
    return _saved(path)


RECORDS_DIR = "documents/tu-bao-cao"     # under corpus/


def can_record(t) -> bool:
    """A citation whose document the KB lacks, printed with its full number:
    a record can be made of what the report says of it."""
    c = t.citation
    return t.resolution == "unknown" and c.kind == "full" and bool(c.number) and not c.year_missing


class KeyTaken(ValueError):
    """A record would take the key of a document read from a source."""


def write_record(corpus: Path, text: str, citation, report_name: str, taken=None) -> Path:
    """The record, in the corpus format, kept once per document key. ``taken``
    (key → bool) says whether a document of the KB (not a stub) has the key:
    a record never stands in for it (KeyTaken)."""
    key, meta = record_for(text, citation, report_name)
    if not is_key(key) or (taken is not None and taken(key)):
        raise KeyTaken(key)
    path = corpus / RECORDS_DIR / f"{key}.md"
    if not path.exists():
        atomic_write(path, write_corpus_md(meta, RECORD_BODY).encode("utf-8"))
    return path


def _display_name(filename: str) -> str:
    """The uploaded file's own name, for display only (never a path)."""
    name = re.split(r"[\\/]", filename or "")[-1]
    return "".join(ch for ch in name if ch.isprintable())[:120]


__all__ = ["MAX_REPORT_BYTES", "REPORT_SUFFIXES", "DraftLimit", "StoredReport", "draft_allowance", "find",
           "publish", "save_draft"]
