"""Files a writer takes away: a report's legal-basis table ("Danh mục văn
bản căn cứ") as CSV and as .docx, and a corrected text as .docx.

The .docx files are written with python-docx; the table's rows come from
``basis_rows``, so the CSV and the .docx always say the same thing.
"""
from __future__ import annotations

import csv
import io

from indexer.reports import ReportTrace
from kb.trace import PROBLEM_LABELS

BASIS_TITLE = "Danh mục văn bản căn cứ"
BASIS_HEADER = ["Mục", "Trích dẫn (như trong báo cáo)", "Văn bản", "Hiệu lực vào ngày báo cáo",
                "Hiệu lực hôm nay", "Vấn đề"]


def basis_rows(rt: ReportTrace) -> list[list[str]]:
    """One row per citation, in text order."""
    rows = []
    for t, s in zip(rt.traced, rt.section_of):
        section = rt.sections[s] if s is not None else None
        rows.append([
            f"{section.number} {section.title}".strip() if section else "",
            " ".join(t.citation.text.split()),
            _document_cell(t),
            t.status_on_report_date.value if t.status_on_report_date else "",
            t.status_today.value if t.status_today else "",
            "; ".join(PROBLEM_LABELS.get(p, p) for p in t.problems),
        ])
    return rows


def _document_cell(t) -> str:
    """The resolved number, else the candidates, else the likely intended one."""
    if t.number:
        return t.number
    if t.candidates:
        return "không rõ: " + ", ".join([c.number for c in t.citation.candidates] or t.candidates)
    return f"có lẽ là {t.suggestion}" if t.suggestion else ""


def basis_csv(rt: ReportTrace) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads the Vietnamese right."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(BASIS_HEADER)
    w.writerows(basis_rows(rt))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def basis_docx(rt: ReportTrace, report_name: str) -> bytes:
    from docx import Document
    doc = Document()
    doc.add_heading(BASIS_TITLE, level=1)
    day = f"{rt.report_date:%d/%m/%Y}" if rt.report_date else "chưa rõ"
    doc.add_paragraph(f"Báo cáo: {report_name}. Ngày báo cáo: {day}.")
    rows = basis_rows(rt)
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
