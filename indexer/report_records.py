"""Corpus records of the documents a report cites that no import covers.

The pháp điển codifies central normative documents; the provincial
decisions, plans, dispatches and Party documents a report cites are found
nowhere else. For each of them this writes a corpus record holding only
what the report itself prints (number, type, date, issuer, and the words
that follow as the subject), marked ``record_only`` and quoting the line
it came from. Nothing is added from memory.

usage: python -m indexer.report_records REPORT OUTDIR
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from indexer.sources.corpus_md import write_corpus_md
from indexer.sources.text import read_text
from kb import numbers
from kb.citations import extract
from kb.identity import document_key
from kb.text import squash_spaces

# Issuer codes of bodies below the central level, whose documents no
# central source codifies.
_LOCAL_CODES = re.compile(r"^(?:UBND|HĐND|S[A-ZĐ]+|TU|HU|ĐUK|BCĐ)$")
# The subject printed after the citation: "về …", up to the end of the
# clause (a semicolon, a colon, a full stop, or a comma before a capital).
_SUBJECT_RE = re.compile(
    r"^\s*(?:,\s*)?(?:của\s+[^;,]{1,80}?\s+)?(?P<subject>(?:về|ban hành|quy định|phê duyệt)\s[^;:]{3,300}?)"
    r"(?=[;:.]\s|[;:]|$|\)|,\s*(?!Khoản|Điểm|Điều|Mục|Chương)[A-ZĐ]|,\s*(?:quyết|kế|công văn|thông báo))")


def uncovered(number: numbers.Number) -> bool:
    """A document no import covers: administrative or Party (no year), or local."""
    return number.year is None or any(_LOCAL_CODES.match(code) for code in number.issuer_codes)


def records(report: Path) -> dict[str, dict]:
    """A record for each uncovered document the report cites; a later
    mention fills in what the first one did not print."""
    text = read_text(report)
    out: dict[str, dict] = {}
    for c in extract(text):
        if c.kind != "full" or c.year_missing:
            continue    # a number missing its year is a mistake to fix, not a document
        n = numbers.parse(c.number)
        if n is None or not uncovered(n):
            continue
        key, found = record_for(text, c, report.name)
        old = out.get(key)
        if old is None:
            out[key] = found
        else:
            for field, value in found.items():
                old[field] = old.get(field) or value
    return out


def record_for(text: str, c, source_name: str) -> tuple[str, dict]:
    """The key and the record of the document a full citation names, from
    what the text prints around it, quoting the line as its source."""
    line = text.count("\n", 0, c.start) + 1
    subject = _SUBJECT_RE.match(text[c.end:c.end + 400].split("\n")[0])
    return document_key(c.number, c.issued), {
        "number": c.number,
        "doc_type": c.doc_type,
        "issuer": c.issuer,
        "issued": c.issued.isoformat() if c.issued else None,
        "title": squash_spaces(subject.group("subject")) if subject else None,
        "record_only": "true",
        "source": f"{source_name}, dòng {line}: “{squash_spaces(_context(text, c))}”",
    }


RECORD_BODY = ("Bản ghi này chỉ gồm những gì báo cáo nêu về văn bản; "
               "toàn văn chưa có trong cơ sở dữ liệu.\n")


def _context(text: str, c) -> str:
    lo = max(text.rfind("\n", 0, c.start), text.rfind(";", 0, c.start)) + 1
    hi = min(p for p in (text.find("\n", c.end), text.find(";", c.end), len(text)) if p >= 0)
    return text[lo:hi].strip()


def main(argv: list[str]) -> int:
    report, outdir = Path(argv[0]), Path(argv[1])
    outdir.mkdir(parents=True, exist_ok=True)
    for key, meta in sorted(records(report).items()):
        (outdir / f"{key}.md").write_text(write_corpus_md(meta, RECORD_BODY), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
