"""Effects: what a document's own final provisions say it does.

"Nghị định này có hiệu lực thi hành từ ngày 15 tháng 8 năm 2019." →
takes effect; "… thay thế Quyết định số 31/2017/QĐ-TTg …" → replaces;
"Các văn bản … sau hết hiệu lực kể từ ngày Nghị định này có hiệu lực: a)
Nghị định số 158/2007/NĐ-CP …" → each listed document expires. Each event
quotes the sentence that says so and names the provision it is in.

Only sentences about the acting document itself ("… này …") or lists
introduced by one are read: a sentence reporting another document's
history is not this document's effect.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from kb import dates
from kb.citations import extract
from kb.model import (
    AMENDS, EXPIRES, FROM_TEXT, REPEALS, REPEALS_PART, REPLACES, SUSPENDS, Event, Evidence,
)
from kb.text import nfc

_TYPES = (r"(?:Hiến\s+pháp|Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|"
          r"Thông\s+tư(?:\s+liên\s+tịch)?|Chỉ\s+thị|Kế\s+hoạch|Văn\s+bản|Lệnh|Quy\s+định|Quy\s+chế)")
THIS = rf"(?i:{_TYPES})\s+này"
# "… này có hiệu lực (thi hành) (kể) từ ngày 15 tháng 8 năm 2019"
_EFFECTIVE_RE = re.compile(
    rf"{THIS}\s+có\s+hiệu\s+lực(?:\s+thi\s+hành|\s+pháp\s+luật)?\s*(?:,\s*)?"
    rf"(?P<when>(?:(?:kể\s+)?từ\s+)?ngày\s+(?P<date>{dates.DATE})"
    rf"|(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)(?:\s+ban\s+hành)?"
    rf"|sau\s+\d{{1,3}}\s+ngày[^.;\n]{{0,80}}"
    rf"|kể\s+từ\s+ngày\s+(?:đăng|công\s+bố)[^.;\n]{{0,80}})"
)
# A date expressed as this document's own effective date.
_WHEN_THIS_TAKES_EFFECT = re.compile(rf"(?:kể\s+)?từ\s+ngày\s+{THIS}\s+có\s+hiệu\s+lực", re.I)
_FROM_DATE = re.compile(rf"(?:kể\s+)?từ\s+ngày\s+(?P<date>{dates.DATE})")

_VERBS = [
    # (kind, pattern that precedes the documents it acts on)
    (EXPIRES, re.compile(r"hết\s+hiệu\s+lực", re.I)),
    (REPLACES, re.compile(r"thay\s+thế", re.I)),
    (REPEALS, re.compile(r"bãi\s+bỏ|huỷ\s+bỏ|hủy\s+bỏ", re.I)),
    (AMENDS, re.compile(r"sửa\s+đổi(?:,\s*bổ\s+sung)?|bổ\s+sung", re.I)),
    (SUSPENDS, re.compile(r"(?:đình\s+chỉ|ngưng)\s+(?:hiệu\s+lực|thi\s+hành|việc\s+thi\s+hành)", re.I)),
]
_ITEM_RE = re.compile(r"^\s*(?:[a-zđ]\d?\)|\d{1,2}[.)]|[-–+•])\s+")
# "đã được sửa đổi, bổ sung bởi …": another document's history, reported.
_REPORTED_RE = re.compile(r"(?:đã|được|bị)\s+(?:được\s+)?(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ)", re.I)


@dataclass
class Effective:
    date: _dt.date | None
    note: str | None          # the printed phrase when the date is relative and unresolved
    quote: str


def effective_date(text: str, issued: _dt.date | None = None) -> Effective | None:
    """When the document says it takes effect."""
    text = nfc(text)
    m = _EFFECTIVE_RE.search(text)
    if not m:
        return None
    quote = _sentence(text, m.start(), m.end())
    if m.group("date"):
        return Effective(dates.parse(m.group("date")), None, quote)
    when = " ".join(m.group("when").split())
    if re.match(r"(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)", when) and issued:
        return Effective(issued, None, quote)
    return Effective(None, when, quote)


def events(text: str, acting: str, provision: str | None, effective: _dt.date | None,
           source: str) -> list[Event]:
    """Events that ``text`` (a provision of document ``acting``) states."""
    text = nfc(text)
    out: list[Event] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        items: list[str] = []
        if "này" not in line:
            i += 1
            continue
        if line.rstrip().endswith(":") and re.search(THIS, line):
            j = i + 1
            while j < len(lines) and _ITEM_RE.match(lines[j]):
                items.append(lines[j])
                j += 1
        out.extend(_line_events(line, items, acting, provision, effective, source))
        i += 1 + len(items)
    return out


def _line_events(line, items, acting, provision, effective, source) -> list[Event]:
    for sentence in _sentences(line):
        if "này" not in sentence or not re.search(THIS, sentence):
            continue
        found = []
        for kind, verb in _VERBS:
            v = verb.search(sentence)
            if not v or _REPORTED_RE.search(sentence[max(0, v.start() - 12):v.end()]) and kind != EXPIRES:
                continue
            found.append((v.start(), kind, v))
        if not found:
            continue
        found.sort()
        _, kind, v = found[0]
        date, note = _date_for(sentence, effective)
        return [Event(k, number, Evidence(FROM_TEXT, quote, source, acting, provision),
                      date, note, scope, issued)
                for k, number, scope, issued, quote in _targets(sentence, v, kind, items, acting)]
    return []


def _targets(sentence, verb, kind, items, acting):
    """(kind, number, scope, issued, quote) of the documents a verb acts on.

    The quote is the sentence, and for a listed document the list item too.
    """
    if kind == EXPIRES:
        cited = [(c, sentence) for c in extract(sentence) if c.start < verb.start()]
    else:
        cited = [(c, sentence) for c in extract(sentence) if c.start > verb.start()]
    for item in items:
        cited.extend((c, f"{sentence}\n{item}") for c in extract(item)[:1])
    out = []
    for c, quote in cited:
        number = c.refers_to or c.number
        if not number or number == acting or c.kind not in ("full", "short"):
            continue
        scope = c.pinpoint
        k = kind
        if kind == REPEALS and scope:
            k = REPEALS_PART
        out.append((k, number, scope, c.issued, quote))
    return out


def _date_for(sentence: str, effective: _dt.date | None):
    if _WHEN_THIS_TAKES_EFFECT.search(sentence):
        return effective, None if effective else "kể từ ngày văn bản có hiệu lực (chưa rõ ngày)"
    m = _FROM_DATE.search(sentence)
    if m:
        return dates.parse(m.group("date")), None
    return effective, None if effective else "ngày văn bản có hiệu lực (chưa rõ)"


def _sentences(line: str) -> list[str]:
    # A full stop followed by a space and a capital ends a sentence; the
    # dots inside numbers and abbreviations do not.
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐ0-9])", line) if s.strip()]


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start))
    hi = min([p for p in (text.find("\n", end), text.find(". ", end)) if p >= 0] or [len(text)])
    return text[lo + 1:hi + 1].strip()
