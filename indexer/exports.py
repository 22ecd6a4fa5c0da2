"""Files a writer takes away: a report's legal-basis table ("Danh mục văn
bản căn cứ") as CSV and as .docx, and a corrected text as .docx.

The .docx files are written with python-docx; the table's rows come from
``basis_rows`` (one a document), so the CSV and the .docx always say the same thing.
"""
from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass, field

from indexer.reports import ReportTrace
from kb import numbers, store
from kb.cite import format_citation, identify
from kb.text import fold
from kb.trace import PROBLEM_LABELS, candidate_documents

BASIS_TITLE = "Danh mục văn bản căn cứ"
BASIS_HEADER = ["STT", "Văn bản", "Trích dẫn trong báo cáo", "Mục", "Hiệu lực vào ngày báo cáo",
                "Hiệu lực hôm nay", "Vấn đề"]


@dataclass
class _Entry:
    """The citations of one document (or, unresolved, of one printed number)."""
    order: tuple
    name: str
    traced: list = field(default_factory=list)
    sections: list = field(default_factory=list)


def basis_rows(db: sqlite3.Connection, rt: ReportTrace) -> list[list[str]]:
    """One row per document the report cites, in its full official form,
    strongest legal force first (kb.numbers.legal_force), then oldest first.
    A citation the KB could not resolve has a row of its own for each printed
    number, placed by what its number says, and says why."""
    entries: dict[tuple, _Entry] = {}
    for t, s in zip(rt.traced, rt.section_of):
        key, make = _entry_of(db, t)
        entry = entries.get(key) or entries.setdefault(key, make())
        entry.traced.append(t)
        section = rt.sections[s] if s is not None else None
        label = f"{section.number} {section.title}".strip() if section else ""
        if label and label not in entry.sections:
            entry.sections.append(label)
    rows = []
    for n, e in enumerate(sorted(entries.values(), key=lambda e: e.order), 1):
        first = e.traced[0]
        printed = list(dict.fromkeys(" ".join(t.citation.text.split()) for t in e.traced))
        problems = {p for t in e.traced for p in t.problems}
        rows.append([
            str(n), e.name,
            "; ".join(printed) + (f" ({len(e.traced)} lần)" if len(e.traced) > 1 else ""),
            "; ".join(e.sections),
            first.status_on_report_date.value if first.status_on_report_date else "",
            first.status_today.value if first.status_today else "",
            "; ".join(label for p, label in PROBLEM_LABELS.items() if p in problems),
        ])
    return rows


def _entry_of(db, t) -> tuple[tuple, callable]:
    """The key that gathers a citation with the others of its document, and
    how to make its entry."""
    if t.document:
        doc = store.document(db, t.document)
        if doc is not None:
            order = (numbers.legal_force(doc["doc_type"], doc["number"]), doc["issued"] or "9999", doc["number"] or "")
            return ("doc", t.document), lambda: _Entry(order, format_citation(doc).full)
    # unresolved: ordered as its printed number and date say, among the others
    number = t.citation.number
    key = number or t.suggestion or fold(" ".join(t.citation.text.split()))
    parsed = numbers.parse(number) if number else None
    when = t.citation.issued.isoformat() if t.citation.issued else str(parsed.year if parsed and parsed.year else 9999)
    order = (numbers.legal_force(t.citation.doc_type, number), when, key)
    return ("text", key), lambda: _Entry(order, _unresolved_name(db, t))


def _unresolved_name(db, t) -> str:
    """The citation as printed, with what the KB can say: its candidates or
    the likely intended number."""
    printed = " ".join(t.citation.text.split())
    candidates = candidate_documents(db, t) if t.candidates or t.citation.candidates else []
    if candidates:
        return f"{printed} (không rõ là văn bản nào: {'; '.join(identify(d) for d in candidates)})"
    if t.suggestion:
        return f"{printed} (có lẽ là {t.suggestion})"
    return f"{printed} (chưa có trong cơ sở dữ liệu)"


def basis_csv(db: sqlite3.Connection, rt: ReportTrace) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads the Vietnamese right."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(BASIS_HEADER)
    w.writerows(basis_rows(db, rt))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def basis_docx(db: sqlite3.Connection, rt: ReportTrace, report_name: str) -> bytes:
    from docx import Document
    doc = Document()
    doc.add_heading(BASIS_TITLE, level=1)
    day = f"{rt.report_date:%d/%m/%Y}" if rt.report_date else "chưa rõ"
    doc.add_paragraph(f"Báo cáo: {report_name}. Ngày báo cáo: {day}.")
    rows = basis_rows(db, rt)
    table = doc.add_table(rows=1, cols=len(BASIS_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, BASIS_HEADER):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = _xml_safe(text)
    return _save(doc)


def text_docx(text: str, bold_starts: set[int] = frozenset()) -> bytes:
    """A plain text as a .docx, one paragraph a line; the lines starting at
    ``bold_starts`` (the report's headings) in bold."""
    from docx import Document
    doc = Document()
    at = 0
    for line in text.split("\n"):
        p = doc.add_paragraph()
        p.add_run(_xml_safe(line)).bold = at in bold_starts or None
        at += len(line) + 1
    return _save(doc)


def _xml_safe(text: str) -> str:
    """XML 1.0 refuses most control characters; a pasted text may hold them."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
