"""The reviewers' list: documents by status on a date, filtered, sorted, counted.

Pure queries over the store and the status engine; the web page and the
CSV export only present what this returns.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from dataclasses import dataclass, field

from kb import status as kb_status

SORTS = {
    "number": lambda r: (r.number or "~", r.key),
    "issued": lambda r: (r.issued or "", r.key),
    "status": lambda r: (kb_status.STATUSES.index(r.status), r.number or ""),
    "since": lambda r: (r.since or "", r.number or ""),
}


@dataclass
class Filters:
    status: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    field: str | None = None
    include_stubs: bool = True


@dataclass
class Row:
    key: str
    number: str | None
    doc_type: str | None
    title: str | None
    issuer: str | None
    issued: str | None
    stub: bool
    status: str
    amended: bool
    reason: str
    acting: str | None = None        # the document that ended or amended it
    since: str | None = None         # from when


@dataclass
class Listing:
    on: _dt.date
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)   # per status, after the other filters
    total: int = 0


def listing(db: sqlite3.Connection, statuses: dict[str, kb_status.Status], on: _dt.date,
            filters: Filters, sort: str = "number", descending: bool = False) -> Listing:
    """``statuses`` is ``kb.status.all_statuses(db, on)`` (cached by the caller)."""
    rows = []
    for d in db.execute("SELECT key, number, doc_type, title, issuer, issued, stub, fields FROM documents"):
        if not _matches(d, filters):
            continue
        st = statuses.get(d["key"])
        if st is None:
            continue
        acting, since = _acting(st)
        rows.append(Row(d["key"], d["number"], d["doc_type"], d["title"], d["issuer"], d["issued"],
                        bool(d["stub"]), st.value, st.amended, st.reason, acting, since))
    counts = {s: 0 for s in kb_status.STATUSES}
    for r in rows:
        counts[r.status] += 1
    if filters.status:
        rows = [r for r in rows if r.status == filters.status]
    rows.sort(key=SORTS.get(sort, SORTS["number"]), reverse=descending)
    return Listing(on, rows, counts, len(rows))


def _matches(d: sqlite3.Row, f: Filters) -> bool:
    if not f.include_stubs and d["stub"]:
        return False
    if f.doc_type and d["doc_type"] != f.doc_type:
        return False
    if f.issuer and f.issuer.lower() not in (d["issuer"] or "").lower():
        return False
    if f.year and not (d["issued"] or "").startswith(str(f.year)):
        return False
    if f.field and f.field.lower() not in (d["fields"] or "").lower():
        return False
    return True


def _acting(st: kb_status.Status) -> tuple[str | None, str | None]:
    """The acting document and date of an ending or amendment that decides the status."""
    for e in st.deciding:
        if e.kind != kb_status.TAKES_EFFECT and e.by_number:
            return e.by_number, e.date.isoformat() if e.date else None
    return None, None


def facets(db: sqlite3.Connection) -> dict[str, list[str]]:
    types = [r[0] for r in db.execute("SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL ORDER BY 1")]
    years = [r[0] for r in db.execute("SELECT DISTINCT substr(issued, 1, 4) FROM documents WHERE issued IS NOT NULL ORDER BY 1 DESC")]
    return {"doc_type": types, "year": years}
