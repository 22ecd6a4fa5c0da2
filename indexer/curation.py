"""Curation logs in ``corpus/curation/<document key>.jsonl``, and their place in the build.

Files are the source of truth (under version control, like the rest of
``corpus/``): one JSON object a line, appended, never edited. Every write
replaces the whole file atomically (temporary file, fsync, rename), under
an exclusive lock, so a process killed mid-save leaves the old file or the
new one, and two saves never lose each other's entry.

At build time ``apply`` lays the logs over the KB: corrected fields over
the documents' rows (the value read from the source is kept aside, so a
revert or a re-read source restores it) and recorded events with their
evidence, through the same tables the status engine reads.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from indexer.locks import exclusive

from kb import curation
from kb.curation import CurationError
from kb.store import write_events

_log = logging.getLogger("cancu.curation")

DIR = "curation"
ORIGIN_PREFIX = "curation:"
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{0,200}$")


class StaleEdit(CurationError):
    """A save based on an older version of the log: someone saved in between."""

    def __init__(self, since: list[dict]):
        super().__init__("Văn bản đã được người khác sửa trong lúc bạn sửa.")
        self.since = since


def log_path(corpus: Path, key: str) -> Path:
    """The log of a document; the key is checked, never used as a path as it is."""
    if not _KEY_RE.match(key) or ".." in key:
        raise CurationError("Khóa văn bản không hợp lệ.")
    return corpus / DIR / f"{key}.jsonl"


def read_log(path: Path, problems: list[tuple[str, str]] | None = None) -> list[dict]:
    """The entries of a log. A damaged line (truncated, not JSON, not an
    entry) is skipped and reported as ("<file>:<line>", reason) in
    ``problems`` and in the server log; the other entries are kept."""
    if not path.exists():
        return []
    entries = []
    for n, line in enumerate(path.read_bytes().decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
            why = curation.problem(e)
        except ValueError as err:
            why = f"JSON hỏng ({err.msg}, cột {err.colno})"
        if why is None:
            entries.append(e)
            continue
        place = f"{path}:{n}"
        _log.warning("nhật ký biên tập: bỏ qua dòng hỏng %s: %s", place, why)
        if problems is not None:
            problems.append((place, f"dòng nhật ký hỏng, đã bỏ qua: {why}"))
    return entries


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader, or a crash, sees the old
    content or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def locked(corpus: Path):
    """One writer of curation files at a time, across threads and processes."""
    return exclusive(corpus / DIR / ".lock")


def append(corpus: Path, key: str, make_entry, base: str | None = None) -> dict:
    """Append the entry ``make_entry(entries)`` returns to a document's log.

    ``base`` is the version (last entry id) the user's form was based on:
    when the log has moved on since, the save is refused with the entries
    in between (optimistic locking). ``make_entry`` may raise CurationError.
    """
    path = log_path(corpus, key)
    with locked(corpus):
        for stale in path.parent.glob(f".{path.name}.*.tmp"):   # left by a writer killed mid-save
            stale.unlink()
        entries = read_log(path)
        if base is not None and curation.fold(entries).version != base:
            raise StaleEdit(curation.changes_since(entries, base))
        new = make_entry(entries)
        if new is None:
            return None
        # the file as it is (a damaged line stays, for whoever repairs it) plus the new line
        old = path.read_bytes() if path.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        atomic_write(path, old + (json.dumps(new, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
        return new


def all_logs(corpus: Path, problems: list[tuple[str, str]] | None = None) -> dict[str, list[dict]]:
    """Document key → its log entries, for every log of the corpus (damaged
    lines skipped, see ``read_log``)."""
    folder = corpus / DIR
    return {p.stem: read_log(p, problems) for p in sorted(folder.glob("*.jsonl"))} if folder.is_dir() else {}


# --- the build --------------------------------------------------------------------

_OVERLAY = """CREATE TABLE IF NOT EXISTS curated_fields (
    doc_key TEXT NOT NULL, field TEXT NOT NULL, original TEXT, value TEXT, PRIMARY KEY (doc_key, field))"""


def apply(db: sqlite3.Connection, corpus: Path, errors: list[tuple[str, str]] | None = None) -> set[str]:
    """Lay every curation log over the KB; the keys of the documents whose
    fields changed (for the search index). Damaged lines are skipped and
    added to ``errors`` as (file:line, reason)."""
    db.execute(_OVERLAY)
    before = _field_values(db)
    _undo_overlay(db)
    db.execute(f"DELETE FROM events WHERE origin LIKE '{ORIGIN_PREFIX}%'")
    _restore_retracted(db)
    for key, entries in all_logs(corpus, errors).items():
        st = curation.fold(entries)
        row = db.execute("SELECT * FROM documents WHERE key = ?", (key,)).fetchone()
        if row is None:
            continue    # its document is gone from the corpus: nothing to lay over
        _set_fields(db, row, st.fields)
        _write_events(db, key, st)
        _retract(db, key, st)
    after = _field_values(db)
    return {k for k in set(before) | set(after) if before.get(k) != after.get(k)}


def _field_values(db) -> dict[str, tuple]:
    cols = ", ".join(curation.FIELDS)
    keys = [k for (k,) in db.execute("SELECT DISTINCT doc_key FROM curated_fields")]
    return {k: tuple(db.execute(f"SELECT {cols} FROM documents WHERE key = ?", (k,)).fetchone() or ())
            for k in keys}


def _undo_overlay(db) -> None:
    """Put back the values read from the sources, where the overlay still
    stands (a source re-read since has written its own value)."""
    for key, name, original, value in db.execute("SELECT * FROM curated_fields").fetchall():
        db.execute(f"UPDATE documents SET {name} = ? WHERE key = ? AND {name} IS ?", (original, key, value))
    db.execute("DELETE FROM curated_fields")


def _set_fields(db, row, fields: dict) -> None:
    for name, value in fields.items():
        if name not in curation.FIELDS:
            continue
        db.execute("INSERT INTO curated_fields VALUES (?,?,?,?)", (row["key"], name, row[name], value))
        db.execute(f"UPDATE documents SET {name} = ? WHERE key = ?", (value, row["key"]))


_RETRACTED = "CREATE TABLE IF NOT EXISTS retracted_events AS SELECT * FROM events WHERE 0"


def _restore_retracted(db) -> None:
    """Put back the source events retracted by the previous build, so that the
    logs decide afresh. A row its source wrote again (the source was re-read)
    is already back: its old copy is dropped."""
    db.execute(_RETRACTED)
    present = {curation.fingerprint(r) for r in db.execute(
        "SELECT * FROM events WHERE target_key IN (SELECT DISTINCT target_key FROM retracted_events)")}
    rows = db.execute("SELECT * FROM retracted_events").fetchall()
    cols = [c for c in rows[0].keys() if c != "id"] if rows else []     # a fresh id: the old may be taken
    for r in rows:
        if curation.fingerprint(r) not in present:
            db.execute(f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                       tuple(r[c] for c in cols))
    db.execute("DELETE FROM retracted_events")


def _retract(db, key: str, st: curation.State) -> None:
    """Set aside the source events of ``key`` the log retracts (kept in
    retracted_events: a revert brings them back without re-reading the source)."""
    if not st.retracted:
        return
    for r in db.execute("SELECT * FROM events WHERE target_key = ?", (key,)).fetchall():
        if curation.fingerprint(r) in st.retracted and not r["origin"].startswith(ORIGIN_PREFIX):
            db.execute("INSERT INTO retracted_events SELECT * FROM events WHERE id = ?", (r["id"],))
            db.execute("DELETE FROM events WHERE id = ?", (r["id"],))


def _write_events(db, key: str, st: curation.State) -> None:
    row = db.execute("SELECT number, issued FROM documents WHERE key = ?", (key,)).fetchone()
    if not st.events or not row["number"]:
        return
    issued = _dt.date.fromisoformat(row["issued"]) if row["issued"] else None
    origin = f"{ORIGIN_PREFIX}{DIR}/{key}.jsonl"
    events = [curation.to_event(ev, row["number"], issued, f"{DIR}/{key}.jsonl") for ev in st.events.values()]
    write_events(db, events, origin)
    # The log names its document by key: link the events to it directly,
    # and their acting document when its number names exactly one.
    db.execute("UPDATE events SET target_key = ? WHERE origin = ?", (key, origin))
    for (number,) in db.execute("SELECT DISTINCT by_number FROM events WHERE origin = ? AND by_number IS NOT NULL",
                                (origin,)).fetchall():
        keys = db.execute("SELECT key FROM documents WHERE number = ?", (number,)).fetchall()
        if len(keys) == 1:
            db.execute("UPDATE events SET by_key = ? WHERE origin = ? AND by_number = ?", (keys[0][0], origin, number))
