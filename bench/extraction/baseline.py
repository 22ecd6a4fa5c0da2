"""A plain reader of header fields and effect events: the baseline of bench/extraction.py.

What a competent developer would write in an hour with no knowledge of the
project's parser: a handful of regular expressions over the whole text, the
first match wins. It uses the project's table of type names (``kb.doctypes``)
and its number canonicaliser (``kb.identity.canonical_number``), nothing
from ``indexer/``. It was written from the task's description and the form
of the labels, before its scores were looked at; no rule was added after.

- number: the first "Số: X" / "số X" (so "Luật số: X" too);
- doc_type: the first line that is a type name in capitals ("NGHỊ ĐỊNH");
- title: the next non-empty line after that one;
- issued: the first "ngày D tháng M năm Y";
- issuer: the first non-empty line;
- effective_from: the first "có hiệu lực (thi hành) (kể) từ ngày D tháng M
  năm Y" or "… từ ngày dd/mm/yyyy";
- events: one expression per kind, target "<type> số X":
  "thay thế <type> số X" → replaces, "bãi bỏ <type> số X" → repeals,
  "bãi bỏ Điều/khoản/điểm … của <type> số X" → repeals_part,
  "sửa đổi, bổ sung (một số điều của) <type> số X" → amends,
  "số X" and "hết hiệu lực" in the same sentence, either order, close → expires.

Every expression is linear: no nested quantifiers; the gaps are bounded
character classes that stop at "." or ";".
"""
from __future__ import annotations

import datetime as _dt
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from kb.doctypes import DOC_TYPES  # noqa: E402
from kb.identity import BadNumber, canonical_number  # noqa: E402
from kb.numbers import normalise  # noqa: E402

# "NGHỊ ĐỊNH" → "Nghị định"
_TYPE_LINES = {name.upper(): name for name, _, _ in DOC_TYPES}
# type words in running text, longest first ("Thông tư liên tịch" before "Thông tư")
_TYPE = "(?:" + "|".join(re.escape(n) for n in sorted((n for n, _, _ in DOC_TYPES), key=len, reverse=True)) + ")"
_NUM = r"(\d[\w/\-]{0,40})"     # no dot: a sentence's final dot stays out
_TARGET = rf"{_TYPE}\s+số\s+{_NUM}"
_DATE = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_SLASH = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_I = re.IGNORECASE

NUMBER_RE = re.compile(r"(?<!\w)[Ss]ố\s*:?\s*" + _NUM)
ISSUED_RE = re.compile(r"ngày\s+" + _DATE)
EFFECTIVE_RE = re.compile(rf"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(?:{_DATE}|{_SLASH})", _I)
EVENT_RES = [
    ("replaces", re.compile(rf"thay\s+thế\s+{_TARGET}", _I)),
    ("repeals", re.compile(rf"bãi\s+bỏ\s+{_TARGET}", _I)),
    ("repeals_part", re.compile(rf"bãi\s+bỏ\s+(?:Điều|khoản|điểm)\s[^.;]{{0,200}}?của\s+{_TARGET}", _I)),
    ("amends", re.compile(rf"sửa\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+của\s+)?{_TARGET}", _I)),
    ("expires", re.compile(rf"số\s+{_NUM}[^.;]{{0,120}}?hết\s+hiệu\s+lực", _I)),
    ("expires", re.compile(rf"hết\s+hiệu\s+lực[^.;]{{0,120}}?số\s+{_NUM}", _I)),
]


def _number(raw: str) -> str:
    raw = raw.rstrip(".-/")
    try:
        return canonical_number(raw, normalise)
    except BadNumber:
        return re.sub(r"\s+", "", raw).upper()


def _date(d: str, m: str, y: str) -> str | None:
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def read(name: str, text: str) -> dict:
    """The same dict as bench/extraction.py's ``read``: header fields and (kind, target) events."""
    text = unicodedata.normalize("NFC", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    nonempty = [line for line in lines if line]

    m = NUMBER_RE.search(text)
    number = _number(m.group(1)) if m else None

    doc_type = title = None
    for i, line in enumerate(nonempty):
        if line in _TYPE_LINES:
            doc_type = _TYPE_LINES[line]
            title = nonempty[i + 1] if i + 1 < len(nonempty) else None
            break

    m = ISSUED_RE.search(text)
    issued = _date(*m.groups()) if m else None

    issuer = nonempty[0] if nonempty else None

    m = EFFECTIVE_RE.search(text)
    effective = None
    if m:
        g = m.groups()
        effective = _date(*g[:3]) if g[0] else _date(*g[3:])

    events = []
    for kind, rx in EVENT_RES:
        for m in rx.finditer(text):
            e = [kind, _number(m.group(1))]
            if e not in events:
                events.append(e)
    return {"number": number, "doc_type": doc_type, "title": title, "issuer": issuer,
            "issued": issued, "effective_from": effective, "events": events}
