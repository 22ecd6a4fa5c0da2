"""Build step: trace the reports of ``corpus/reports`` against the new KB,
so that a document's page lists the reports citing it ("cited by").

Every report is traced again at every build: a report's resolution depends
on the whole KB, and a trace takes milliseconds.
"""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from pathlib import Path

from indexer.document import read_source
from indexer.reports import report_title, trace_report
from indexer.sources import UnreadableInput
from kb.identity import slug

REPORTS_DIR = "reports"
REPORT_SUFFIXES = (".txt", ".md", ".docx", ".html", ".htm")


def report_files(corpus: Path) -> list[Path]:
    folder = corpus / REPORTS_DIR
    return sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                  and not p.name.startswith("."))


def report_key(path: Path) -> str:
    return slug(path.stem)


def meta_path(path: Path) -> Path:
    """A saved report's sidecar: its title and the date its writer gave."""
    return path.with_name(path.name + ".json")


def read_meta(path: Path) -> dict:
    try:
        meta = json.loads(meta_path(path).read_text(encoding="utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        return {}


def given_date(meta: dict) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(meta.get("report_date") or "")
    except (TypeError, ValueError):
        return None


def index_reports(db: sqlite3.Connection, corpus: Path) -> list[tuple[str, str]]:
    """Replace the store's reports with those of ``corpus``; the errors, by file."""
    db.execute("DELETE FROM report_citations")
    db.execute("DELETE FROM reports")
    errors = []
    for path in report_files(corpus):
        key = report_key(path)
        # relative to corpus/: an instance stores no absolute path (it may be copied)
        stored = path.relative_to(corpus).as_posix() if path.is_relative_to(corpus) else path.name
        try:
            source = read_source(path)
        except UnreadableInput as e:
            db.execute("INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?)", (key, path.stem, None, stored, str(e)))
            errors.append((str(path), str(e)))
            continue
        meta = read_meta(path)
        rt = trace_report(db, source, given_date(meta))
        db.execute("INSERT OR REPLACE INTO reports VALUES (?,?,?,?,NULL)",
                   (key, meta.get("title") or report_title(source.text, path.stem),
                    rt.report_date.isoformat() if rt.report_date else None, stored))
        db.executemany(
            "INSERT INTO report_citations (report_key, section, text, start, to_key, resolution) VALUES (?,?,?,?,?,?)",
            [(key, _section_label(rt, i), " ".join(t.citation.text.split()), t.citation.start, t.document, t.resolution)
             for i, t in enumerate(rt.traced)])
    return errors


def _section_label(rt, i: int) -> str | None:
    s = rt.section_of[i]
    if s is None:
        return None
    sec = rt.sections[s]
    return f"{sec.number} {sec.title}".strip()
