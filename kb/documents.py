"""A document as its page shows it: metadata, status, provisions with what
changed them, citations, relations and who cites it — all from the store."""
from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import sqlite3
from dataclasses import dataclass, field

from kb import resolver, store
from kb import status as kb_status
from kb.citations import extract
from kb.citations.annotate import annotate

# Relation groups, as the page titles them.
INCOMING = {"amends": "Được sửa đổi, bổ sung bởi", "replaces": "Bị thay thế bởi", "repeals": "Bị bãi bỏ bởi",
            "repeals_part": "Bị bãi bỏ một phần bởi", "expires": "Hết hiệu lực theo", "suspends": "Bị ngưng hiệu lực bởi"}
OUTGOING = {"amends": "Sửa đổi, bổ sung", "replaces": "Thay thế", "repeals": "Bãi bỏ",
            "repeals_part": "Bãi bỏ một phần", "expires": "Làm hết hiệu lực", "suspends": "Ngưng hiệu lực"}


@dataclass
class Mark:
    """An event on a provision, shown in place."""

    kind: str
    by_number: str | None
    by_key: str | None
    date: str | None
    quote: str


@dataclass
class ProvisionView:
    anchor: str
    label: str
    kind: str
    heading: str
    text: str
    marks: list[Mark] = field(default_factory=list)


@dataclass
class DocumentView:
    doc: sqlite3.Row
    status: kb_status.Status
    provisions: list[ProvisionView]
    incoming: dict[str, list[dict]]
    outgoing: dict[str, list[dict]]
    other_relations: list[dict]
    cited_by: list[dict]
    cited_by_reports: list[dict] = field(default_factory=list)
    by_mention: set[str] = field(default_factory=set)   # keys of the documents shown known only by mention


def view(db: sqlite3.Connection, key: str, on: _dt.date) -> DocumentView | None:
    doc = store.document(db, key)
    if doc is None:
        return None
    st = kb_status.document_status(db, key, on)
    marks: dict[str, list[Mark]] = {}
    incoming: dict[str, list[dict]] = {}
    for e in st.timeline:
        if e.kind == kb_status.TAKES_EFFECT:
            continue
        m = Mark(e.kind, e.by_number, e.by_key, e.date.isoformat() if e.date else e.date_note, e.quote)
        if e.scope:
            marks.setdefault(kb_status.scope_anchor(e.scope), []).append(m)
        if e.by_number:
            incoming.setdefault(INCOMING.get(e.kind, e.kind), []).append(
                {"number": e.by_number, "key": e.by_key, "date": m.date, "scope": e.scope})
    provisions = [ProvisionView(p["anchor"], p["label"], p["kind"], p["heading"] or "", p["text"] or "",
                                marks.get(p["anchor"], []))
                  for p in store.provisions(db, key)]
    outgoing: dict[str, list[dict]] = {}
    for r in db.execute("SELECT kind, target_number, target_key, scope, date FROM events WHERE by_key = ? "
                        "AND kind != 'takes_effect' AND target_key IS NOT ? ORDER BY date", (key, key)):
        outgoing.setdefault(OUTGOING.get(r["kind"], r["kind"]), []).append(
            {"number": r["target_number"], "key": r["target_key"], "date": r["date"], "scope": r["scope"]})
    others = [dict(r) for r in db.execute(
        "SELECT kind, heading, direction, to_number, to_title, to_key, source FROM relations WHERE from_key = ?", (key,))]
    cited_by = [dict(r) for r in db.execute(
        "SELECT DISTINCT d.key, d.number, d.doc_type, d.title FROM citations c JOIN documents d ON d.key = c.from_key "
        "WHERE c.to_key = ? AND c.from_key != ? ORDER BY d.issued DESC LIMIT 200", (key, key))]
    incoming, outgoing = _dedupe(incoming), _dedupe(outgoing)
    shown = [e.by_key for e in st.timeline] + [r["to_key"] for r in others] + \
            [it["key"] for groups in (incoming, outgoing) for items in groups.values() for it in items]
    return DocumentView(doc, st, provisions, incoming, outgoing, others, cited_by,
                        _cited_by_reports(db, key), store.known_by_mention(db, shown))


def _cited_by_reports(db: sqlite3.Connection, key: str) -> list[dict]:
    """The corpus reports citing the document, each with the sections that do."""
    out: dict[str, dict] = {}
    if not store.has_table(db, "report_citations"):     # a KB built before reports were traced
        return []
    for r in db.execute(
            "SELECT r.key, r.title, r.report_date, c.section, c.text FROM report_citations c "
            "JOIN reports r ON r.key = c.report_key WHERE c.to_key = ? ORDER BY r.report_date DESC, c.start", (key,)):
        item = out.setdefault(r["key"], {"key": r["key"], "title": r["title"], "date": r["report_date"],
                                         "sections": []})
        if r["section"] and r["section"] not in item["sections"]:
            item["sections"].append(r["section"])
    return list(out.values())


def _dedupe(groups: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out = {}
    for name, items in groups.items():
        seen, kept = set(), []
        for it in items:
            k = (it["number"], it["date"], it["scope"])
            if k not in seen:
                seen.add(k)
                kept.append(it)
        out[name] = kept
    return out


@dataclass
class Segment:
    """A piece of provision text: plain, or a citation with what it means
    (kb.resolver: one document, several listed, or none)."""

    text: str
    number: str | None = None
    key: str | None = None
    status: kb_status.Status | None = None      # the cited document's, on the page's date
    match: resolver.Match | None = None


@functools.lru_cache(maxsize=8192)
def _citations_in(text: str) -> tuple:
    """The citations of a provision's text, found once per process: a big
    law's page has a thousand provisions, and the text of one never changes
    (a new build brings new texts, which miss). Read-only: shared by requests."""
    return tuple(extract(text))


def link_citations(db: sqlite3.Connection, text: str, on: _dt.date, cache: dict | None = None,
                   text_date: _dt.date | None = None) -> list[Segment]:
    """``text`` cut into plain and cited pieces (kb's one annotator); each
    citation read by kb.resolver as a report's is, ``text_date`` (the citing
    document's date) deciding a law cited by its name. A citation that names
    nothing to look up (a vague one) stays plain. ``cache`` keeps each cited
    document's status for the rest of the page."""
    cache = {} if cache is None else cache
    marks = []
    for c in _citations_in(text):
        m = resolver.citation(db, c, text_date)
        number = m.number or c.refers_to or c.number
        if number is None and not m.documents:
            continue
        if m.key and m.key not in cache:
            cache[m.key] = kb_status.document_status(db, m.key, on)
        marks.append((c.start, c.end, Segment("", number, m.key, cache.get(m.key), m)))
    return [dataclasses.replace(p.mark, text=p.text) if p.mark else Segment(p.text)
            for p in annotate(text, marks)]
