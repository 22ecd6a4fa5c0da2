"""One document file (.txt, .md, .docx, .html) → a Document of the KB.

read → header → structure → effects (and amending operations), each stage in its own module; this
module only chains them and says where every fact was read.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from indexer import amendments, effects, layout, structure
from indexer.header import parse_header
from indexer.sources import SourceText
from indexer.sources.corpus_md import read_corpus_md
from indexer.sources.docx import read_docx
from indexer.sources.html import read_html
from indexer.sources.text import decode, read_bytes
from kb import dates, numbers
from kb.cite import pinpoint
from kb.citations import extract
from kb.model import FROM_REPORT, FROM_TEXT, TAKES_EFFECT, Document, Event, Evidence

SUFFIXES = {".txt", ".md", ".docx", ".html", ".htm"}
# An article starts a line, after blanks of that line only ("^\\s*" let each
# line start run over every blank line after it: 200 KB of them took 61 s);
# the runs after "Điều" are possessive, a digit or [.:] never being blank.
_ARTICLE_START_RE = re.compile(r"(?m)^[^\S\n]*+(?:Điều|ĐIỀU)\s++(\d{1,4}[a-zđ]?)(?:\s*+[.:]|[ \t]*+$)")


def read_source(path: Path) -> SourceText:
    """The text of a document file, by its content more than its name."""
    return read_source_bytes(read_bytes(path), str(path), path.suffix.lower())


def read_source_bytes(data: bytes, label: str, suffix: str = "") -> SourceText:
    """The text of a document given as bytes (an upload); ``label`` names it
    in error messages, ``suffix`` is only a hint."""
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return read_docx(data, label)
    if suffix in (".html", ".htm") or data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return read_html(data, label)
    if suffix == ".md" and data.lstrip().startswith(b"---"):
        return read_corpus_md(data, label)
    return SourceText(decode(data, label), format="txt")


def document_from(source: SourceText, place: str) -> Document:
    """A Document with what the file says of itself; the front matter of a
    corpus record, written by a person, wins over what is parsed."""
    meta = source.meta if source.format == "corpus_md" else {}
    # gazette running heads, page numbers and signature blocks out, hard-wrapped lines joined
    text = layout.clean(source.text).text
    header = parse_header(text)
    body = text[header.body_start or 0:]
    number = _number(meta.get("number")) or header.number
    doc = Document(
        number=number,
        doc_type=meta.get("doc_type") or header.doc_type,
        title=meta.get("title") or header.title,
        issuer=meta.get("issuer") or header.issuer,
        issued=_date(meta.get("issued")) or header.issued,
        signer=meta.get("signer") or header.signer,
        place=meta.get("place") or header.place,
        source=meta.get("source") or place,
        # A record written from what another text says of the document,
        # not from the document itself, is a stub, and says so.
        stub=str(meta.get("record_only", "")).lower() in ("true", "yes", "1"),
    )
    stated = _date(meta.get("effective_from"))
    if stated:
        doc.effective_from = stated
        origin = FROM_REPORT if meta.get("record_only") else FROM_TEXT
        doc.events.append(Event(TAKES_EFFECT, doc.number or "", Evidence(origin, meta.get("source") or "", place),
                                stated))
    read_body(doc, body, place, effective_known=stated is not None)
    # what the title says the document does ("Sửa đổi, bổ sung một số điều của Thông tư số …")
    said = {(e.kind, e.target) for e in doc.events}
    doc.events.extend(e for e in effects.title_events(doc.title, doc.number, doc.effective_from, f"{place}#trich-yeu")
                      if (e.kind, e.target) not in said)
    return doc


def read_body(doc: Document, body: str, place: str, effective_known: bool = False) -> None:
    """Structure, effective date, effects and citations of a document's
    body, into ``doc`` (whose number and issue date are already known)."""
    doc.provisions = structure.parse(body)
    for p in doc.provisions:
        p.source = f"{place}#{p.anchor}"
    if not effective_known:
        _effective(doc, body, place)
    for label, text in articles(body):
        doc.events.extend(effects.events(text, doc.number, label, doc.effective_from, f"{place}#{label}"))
        if doc.number:
            doc.events.extend(part_effects(text, doc.number, doc.issued, f"{place}#{label}", label))
        anchor = f"dieu-{label.split()[-1].lower()}"
        doc.citations.extend((anchor, c) for c in extract(text))
    if not doc.provisions and body.strip():
        doc.citations.extend((None, c) for c in extract(body))
    # what its provisions change in other documents' text (ARCHITECTURE.md, "Amendments and versions")
    doc.operations = amendments.operations(doc, place)


def _effective(doc: Document, body: str, place: str) -> None:
    eff = effects.effective_date(body, doc.issued)
    if eff is None:
        return
    doc.effective_from, doc.effective_note = eff.date, eff.note
    if doc.number:
        doc.events.append(Event(TAKES_EFFECT, doc.number, Evidence(FROM_TEXT, eff.quote, place, doc.number),
                                eff.date, eff.note))


def part_effects(text: str, number: str, issued: _dt.date | None, source: str,
                 by_provision: str | None = None) -> list[Event]:
    """Partial commencement: the parts the text gives a date of their own
    ("2. Điều 190 và Điều 248 của Luật này có hiệu lực thi hành từ ngày 01
    tháng 4 năm 2024"), one takes-effect event per part, scoped to it."""
    out = []
    for printed, eff in effects.part_dates(text, issued):
        for path in amendments.complete(amendments.paths(printed), None):
            anchor = path.anchor()
            scope = pinpoint(anchor) if anchor and path.has("article") else None
            if scope:
                out.append(Event(TAKES_EFFECT, number, Evidence(FROM_TEXT, eff.quote, source, number, by_provision),
                                 eff.date, eff.note, scope))
    return out


def articles(body: str):
    """(label, full text) of each article, clauses and points included."""
    starts, prev_end = [], 0
    for m in _ARTICLE_START_RE.finditer(body):
        starts.append((_blank_lines_before(body, m.start(), prev_end), m.group(1)))
        prev_end = m.end()
    for i, (start, label) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(body)
        yield f"Điều {label}", body[start:end]


def _blank_lines_before(body: str, start: int, floor: int) -> int:
    """An article's text begins with the blank lines before it (after ``floor``,
    the end of the previous heading): the first line start of the blank run."""
    j = start
    while j > floor and body[j - 1].isspace():
        j -= 1
    if j > 0 and body[j - 1] != "\n":
        nl = body.find("\n", j, start)
        j = nl + 1 if nl >= 0 else start
    return j


def _number(raw: str | None) -> str | None:
    return numbers.normalise(raw) or raw if raw else None


def _date(raw) -> _dt.date | None:
    if not raw:
        return None
    if isinstance(raw, _dt.date):
        return raw
    try:
        return _dt.date.fromisoformat(str(raw))
    except ValueError:
        return dates.parse(str(raw))


def inspect(path: Path) -> dict:
    """What the indexer reads from one file, as ``cancu inspect --json`` prints it."""
    source = read_source(path)
    doc = document_from(source, str(path))
    kinds = [p.kind for p in doc.provisions]
    return {
        "number": doc.number,
        "doc_type": doc.doc_type,
        "issuer": doc.issuer,
        "issued": doc.issued.isoformat() if doc.issued else None,
        "place": doc.place,
        "title": doc.title,
        "signer": doc.signer,
        # a date or null, never a phrase; a relative date not resolved is the note
        "effective_from": doc.effective_from.isoformat() if doc.effective_from else None,
        "effective_note": None if doc.effective_from else doc.effective_note,
        "events": [
            {"kind": e.kind, "target": e.target, "scope": e.scope,
             "date": e.date.isoformat() if e.date else e.date_note,
             "evidence": e.evidence.quote, "provision": e.evidence.by_provision}
            for e in doc.events],
        "structure": {k: kinds.count(k) for k in
                      ("part", "chapter", "section", "subsection", "article", "clause", "point")},
        "citations": len(doc.citations),
        "format": source.format,
    }
