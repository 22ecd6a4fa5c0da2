"""The reviewers' list: documents by status on a date, filtered, sorted, counted.

Pure queries over the store and the status engine; the web page and the
CSV export only present what this returns.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from dataclasses import dataclass, field

from kb import numbers, store
from kb import status as kb_status

# The issuer filter's value for the documents whose issuer is neither printed
# nor sure from the number: counted, and listed on their own.
UNKNOWN_ISSUER = "không rõ"

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
    include_stubs: bool = False     # documents known only by mention: counted, shown on request


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
    issuer_inferred: bool = False    # ``issuer`` read from the number's symbol, not printed
    acting_key: str | None = None
    acting_by_mention: bool = False  # the acting document is known only by mention


@dataclass
class Listing:
    on: _dt.date
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)   # per status, after the other filters
    total: int = 0
    hidden_stubs: int = 0        # documents known only by mention left out (the other filters met)
    issuer_unknown: int = 0      # with an issuer filter: documents it cannot tell (issuer unknown)


def listing(db: sqlite3.Connection, statuses: dict[str, kb_status.Status], on: _dt.date,
            filters: Filters, sort: str = "number", descending: bool = False) -> Listing:
    """``statuses`` is ``kb.status.all_statuses(db, on)`` (cached by the caller)."""
    rows, hidden, unknown = [], 0, 0
    for d in db.execute("SELECT key, number, doc_type, title, issuer, issued, stub, fields FROM documents"):
        st = statuses.get(d["key"])
        if st is None or not _matches(d, filters):
            continue
        shown = (filters.include_stubs or not d["stub"]) and (not filters.status or st.value == filters.status)
        issuer, inferred = issuer_of(d)
        if filters.issuer and not _issuer_matches(issuer, filters.issuer):
            unknown += shown and issuer is None
            continue
        if d["stub"] and not filters.include_stubs:
            hidden += not filters.status or st.value == filters.status
            continue
        acting, acting_key, since = _acting(st)
        rows.append(Row(d["key"], d["number"], d["doc_type"], d["title"], issuer, d["issued"],
                        bool(d["stub"]), st.value, st.amended, st.reason, acting, since, inferred, acting_key))
    mentioned = store.known_by_mention(db, [r.acting_key for r in rows])
    for r in rows:
        r.acting_by_mention = r.acting_key in mentioned
    counts = {s: 0 for s in kb_status.STATUSES}
    for r in rows:
        counts[r.status] += 1
    if filters.status:
        rows = [r for r in rows if r.status == filters.status]
    rows.sort(key=SORTS.get(sort, SORTS["number"]), reverse=descending)
    return Listing(on, rows, counts, len(rows), hidden, unknown)


def issuer_of(d) -> tuple[str | None, bool]:
    """A document's issuer as printed, else as its number's symbol surely
    names it (kb.numbers.issuer_from_number), with whether it was inferred."""
    if d["issuer"]:
        return d["issuer"], False
    inferred = numbers.issuer_from_number(d["number"])
    return inferred, inferred is not None


def _issuer_matches(issuer: str | None, wanted: str) -> bool:
    if wanted.strip().lower() == UNKNOWN_ISSUER:
        return issuer is None
    return issuer is not None and wanted.lower() in issuer.lower()


def _matches(d: sqlite3.Row, f: Filters) -> bool:
    if f.doc_type and d["doc_type"] != f.doc_type:
        return False
    if f.year and not (d["issued"] or "").startswith(str(f.year)):
        return False
    if f.field and f.field.lower() not in (d["fields"] or "").lower():
        return False
    return True


def _acting(st: kb_status.Status) -> tuple[str | None, str | None, str | None]:
    """The acting document (number, key) and date of an ending or amendment that decides the status."""
    for e in st.deciding:
        if e.kind != kb_status.TAKES_EFFECT and e.by_number:
            return e.by_number, e.by_key, e.date.isoformat() if e.date else None
    return None, None, None


def facets(db: sqlite3.Connection) -> dict[str, list[str]]:
    types = [r[0] for r in db.execute("SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL ORDER BY 1")]
    years = [r[0] for r in db.execute("SELECT DISTINCT substr(issued, 1, 4) FROM documents WHERE issued IS NOT NULL ORDER BY 1 DESC")]
    return {"doc_type": types, "year": years}
