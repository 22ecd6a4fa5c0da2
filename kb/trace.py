"""Trace a report's citations to the KB: what each one is, its status on
the report's date and today, and what there is to fix.

Resolution is conservative (eyecite's rule): a citation resolves to a
document only when the KB has exactly one that fits; otherwise it says
why not — unknown, ambiguous, wrong number (with the likely intended
one), or vague.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from dataclasses import dataclass, field

from kb import numbers, resolver, store
from kb import status as kb_status
from kb.model import AMBIGUOUS, FULL, NAMED, SHORT, VAGUE, Citation

# problems
EXPIRED_AT_REPORT_DATE = "expired_at_report_date"
PROVISION_EXPIRED = "provision_expired_at_report_date"   # the cited khoản/điều, not the document
NOT_YET_IN_FORCE = "not_yet_in_force"
AMENDED_SINCE = "amended_since"
EXPIRED_SINCE = "expired_since"
UNKNOWN = "unknown"
AMBIGUOUS_PROBLEM = "ambiguous"
WRONG_NUMBER = "wrong_number"
DATE_MISMATCH = "date_mismatch"
ISSUER_MISMATCH = "issuer_mismatch"
MISSING_YEAR = "missing_year"

# What each problem means to the writer, most urgent first: the order of the
# report page's "fix first" list.
PROBLEM_LABELS = {
    EXPIRED_AT_REPORT_DATE: "Đã hết hiệu lực vào ngày báo cáo",
    PROVISION_EXPIRED: "Điều, khoản được dẫn đã hết hiệu lực vào ngày báo cáo",
    NOT_YET_IN_FORCE: "Chưa có hiệu lực vào ngày báo cáo",
    WRONG_NUMBER: "Số hiệu sai",
    AMBIGUOUS_PROBLEM: "Không rõ văn bản nào",
    UNKNOWN: "Chưa có trong cơ sở dữ liệu",
    DATE_MISMATCH: "Ngày ban hành không khớp",
    ISSUER_MISMATCH: "Cơ quan ban hành không khớp",
    MISSING_YEAR: "Thiếu năm trong số hiệu",
    EXPIRED_SINCE: "Hết hiệu lực sau ngày báo cáo",
    AMENDED_SINCE: "Được sửa đổi, bổ sung sau ngày báo cáo",
}

# resolutions
RESOLVED = "resolved"
UNKNOWN_RES = "unknown"
AMBIGUOUS_RES = "ambiguous"
WRONG_RES = "wrong_number"
VAGUE_RES = "vague"


@dataclass
class Traced:
    citation: Citation
    resolution: str
    document: str | None = None            # KB key
    number: str | None = None              # the resolved document's number
    suggestion: str | None = None
    candidates: list[str] = field(default_factory=list)
    status_on_report_date: kb_status.Status | None = None
    status_today: kb_status.Status | None = None
    provision_status: kb_status.Status | None = None   # of the pinpoint, on the report's date
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> kb_status.Status | None:
        """The status that decides the problems: on the report's date, else today."""
        return self.status_on_report_date or self.status_today

    def to_json(self, section: int | None) -> dict:
        """The fields of ``cancu extract`` plus the trace (the ``cancu check --json`` contract)."""
        out = self.citation.to_json()
        out.update({
            "section": section,
            "resolution": self.resolution,
            "document": self.document,
            "resolved_number": self.number,
            "suggestion": self.suggestion,
            "candidates": out["candidates"] or [{"number": c} for c in self.candidates],
            "status_on_report_date": self.status_on_report_date.value if self.status_on_report_date else None,
            "status_today": self.status_today.value if self.status_today else None,
            "evidence": [e.to_json() for e in self.status.deciding] if self.status else [],
            "provision_status_on_report_date": self.provision_status.to_json() if self.provision_status else None,
            "problems": self.problems,
            "notes": self.notes,
        })
        return out


def trace(db: sqlite3.Connection, citations: list[Citation], report_date: _dt.date | None,
          today: _dt.date | None = None) -> list[Traced]:
    today = today or _dt.date.today()
    printed = [c for c in citations if c.kind == FULL]
    out = []
    for c in citations:
        t = _resolve(db, c, printed, report_date)
        if t.document:
            if report_date:
                t.status_on_report_date = kb_status.document_status(db, t.document, report_date)
            t.status_today = kb_status.document_status(db, t.document, today)
            t.problems += _status_problems(t.status_on_report_date, t.status_today)
            t.problems += _pinpoint_problems(db, t, report_date)
        out.append(t)
    return out


def candidate_documents(db: sqlite3.Connection, t: Traced) -> list[sqlite3.Row]:
    """The documents an ambiguous citation may mean, each once: those of the
    numbers the text offers (of the printed date, when there is one), else
    those the trace named (keys, or numbers of laws)."""
    docs = []
    if t.citation.candidates:
        for cand in t.citation.candidates:
            docs += resolver.by_number(db, cand.number, cand.issued).documents
    else:
        for cand in t.candidates:
            doc = store.document(db, cand)
            docs += [doc] if doc is not None else store.documents_by_number(db, cand)
    seen = set()
    return [d for d in docs if not (d["key"] in seen or seen.add(d["key"]))]


def _resolve(db, c: Citation, printed: list[Citation], report_date) -> Traced:
    """The citation as kb.resolver reads it (the one reading of every page),
    told as the report's problems and notes."""
    if c.kind == VAGUE:
        return Traced(c, VAGUE_RES, problems=[UNKNOWN], notes=["không có số hiệu: không xác định được văn bản"])
    m = resolver.citation(db, c, report_date)
    if c.kind == NAMED:
        return _named(c, m, report_date)
    if c.kind == SHORT and c.resolution == AMBIGUOUS:
        return Traced(c, AMBIGUOUS_RES, candidates=[x.number for x in c.candidates], problems=[AMBIGUOUS_PROBLEM])
    number = c.refers_to or c.number
    if not number:
        return Traced(c, UNKNOWN_RES, problems=[UNKNOWN], notes=[c.reason or "không suy ra được số hiệu"])
    if not m.documents:
        near = _near_number(db, number, c, printed)
        if near:
            return Traced(c, WRONG_RES, suggestion=near, problems=[WRONG_NUMBER],
                          notes=[f"không có văn bản số {number}; có lẽ là {near}"])
        return Traced(c, UNKNOWN_RES, problems=[UNKNOWN], notes=[f"{number} chưa có trong cơ sở dữ liệu"])
    problems = {resolver.MISSING_YEAR: [MISSING_YEAR], resolver.DATE_MISMATCH: [DATE_MISMATCH]}.get(m.problem, [])
    if m.ambiguous:
        return Traced(c, AMBIGUOUS_RES, candidates=[d["key"] for d in m.documents],
                      problems=[AMBIGUOUS_PROBLEM] + problems)
    if c.issuer:
        parsed = numbers.parse(m.number)
        if parsed is not None and not numbers.issuer_compatible(c.issuer, parsed):
            problems.append(ISSUER_MISMATCH)
    return Traced(c, RESOLVED, document=m.key, number=m.number, problems=problems)


def _near_number(db, number: str, c: Citation, printed: list[Citation]) -> str | None:
    """A number cited elsewhere in the same text that differs from ``number``
    in one digit of the year: the likely intended one, when the KB has it or
    the text confirms it with a printed date of its year. A printed date of
    the number's own year, here or at another mention, confirms the number
    instead."""
    n = numbers.parse(number)
    if n is None or n.year is None or _confirmed(number, n.year, [c] + printed):
        return None
    for cand in sorted({p.number for p in printed if p.number}):
        m = numbers.parse(cand)
        if not (m and m.seq == n.seq and m.symbol == n.symbol and m.year and m.year != n.year):
            continue
        if sum(a != b for a, b in zip(str(m.year), str(n.year))) != 1:
            continue
        if store.documents_by_number(db, cand) or _confirmed(cand, m.year, printed):
            return cand
    return None


def _confirmed(number: str, year: int, printed: list[Citation]) -> bool:
    return any(p.number == number and p.issued and p.issued.year == year for p in printed)


def _named(c: Citation, m: resolver.Match, report_date) -> Traced:
    """A law by name: the law of that name issued last on or before the report's date."""
    if not m.documents:
        return Traced(c, UNKNOWN_RES, problems=[UNKNOWN], notes=[f"không biết luật nào tên “{c.name}”"])
    if m.key is None:
        return Traced(c, AMBIGUOUS_RES, candidates=[d["number"] for d in m.documents], problems=[AMBIGUOUS_PROBLEM])
    notes = [f"“{c.name}” vào ngày báo cáo là luật {m.number}"] if report_date else []
    return Traced(c, RESOLVED, document=m.key, number=m.number, notes=notes)


def _pinpoint_problems(db, t: Traced, report_date: _dt.date | None) -> list[str]:
    """A pinpoint ("khoản 2 Điều 3 Nghị định …") whose provision had ended on
    the report's date, in a document still in force: a problem of its own
    (kb.status.provision_status, the one rule for a provision's status)."""
    from kb.identity import provision_anchor
    pin = t.citation.pinpoint
    anchor = provision_anchor(pin) if pin else None
    if anchor is None or report_date is None or t.status_on_report_date is None \
            or t.status_on_report_date.value == kb_status.EXPIRED:
        return []
    t.provision_status = kb_status.provision_status(db, t.document, anchor, report_date)
    if t.provision_status.value != kb_status.EXPIRED:
        return []
    t.notes.append(f"{pin} {t.number}: {t.provision_status.reason}")
    return [PROVISION_EXPIRED]


def _status_problems(then: kb_status.Status | None, now: kb_status.Status | None) -> list[str]:
    out = []
    if then is not None:
        if then.value == kb_status.EXPIRED:
            out.append(EXPIRED_AT_REPORT_DATE)
        elif then.value == kb_status.NOT_YET:
            out.append(NOT_YET_IN_FORCE)
        elif now is not None and now.value == kb_status.EXPIRED:
            out.append(EXPIRED_SINCE)
        if now is not None and now.amended and not then.amended and then.value != kb_status.EXPIRED:
            out.append(AMENDED_SINCE)
    return out
