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
from kb.citations.patterns import ISSUER
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
    out = []
    for sentence in _sentences(line):
        if "này" not in sentence or not re.search(THIS, sentence):
            continue
        cites = [c for c in extract(sentence) if c.kind in ("full", "short")]
        this = [m.end() for m in re.finditer(THIS, sentence)]
        verbs = sorted((v.start(), v.end(), kind) for kind, rx in _VERBS for v in rx.finditer(sentence)
                       if not (kind != EXPIRES and _REPORTED_RE.search(sentence[max(0, v.start() - 12):v.end()])))
        verbs = _drop_overlaps(verbs)
        date, note = _date_for(sentence, effective)
        accepted: list[tuple[int, int, str]] = []
        for vstart, vend, kind in verbs:
            if kind != EXPIRES and not _acts(sentence, vstart, this, cites, bool(accepted)):
                continue          # a verb inside a document's description, not the acting one's
            accepted.append((vstart, vend, kind))
        for i, (vstart, vend, kind) in enumerate(accepted):
            # A verb governs the text up to the next verb ("thay thế A và bãi bỏ B");
            # "hết hiệu lực" governs what comes before it, back to the previous verb.
            lo = accepted[i - 1][1] if i else 0
            hi = accepted[i + 1][0] if i + 1 < len(accepted) else len(sentence)
            window = (lo, vstart) if kind == EXPIRES else (vend, hi)
            last = i + 1 == len(accepted)
            for k, number, scope, issued, quote in _targets(sentence, cites, window, kind, items if last else [], acting):
                out.append(Event(k, number, Evidence(FROM_TEXT, quote, source, acting, provision),
                                 date, note, scope, issued))
        if out:
            return out
    return out


_CONNECTORS_RE = re.compile(r"^[\s,;]*(?:(?:và|đồng\s+thời|đồng\s+thời\s+cũng)\s*)?[\s,;]*$")


def _acts(sentence: str, vstart: int, this: list[int], cites, after_another: bool) -> bool:
    """Is the verb at ``vstart`` said of the acting document ("Thông tư này
    thay thế …"), rather than inside the description of a cited one?"""
    before = [t for t in this if t <= vstart]
    if before and not any(before[-1] <= c.start < vstart for c in cites):
        return True
    # "… thay thế A … và thay thế B": the acting document's verb, once more
    if before and after_another and re.search(r"(?:\svà|,\s*đồng\s+thời)\s*$", sentence[:vstart]):
        return True
    # "… thay thế A, B và bãi bỏ C": coordinated with the previous verb's objects
    last_cite_end = max((c.end for c in cites if c.end <= vstart), default=None)
    return bool(before) and last_cite_end is not None and bool(_CONNECTORS_RE.match(sentence[last_cite_end:vstart]))


def _drop_overlaps(verbs):
    """"sửa đổi, bổ sung" is one verb, not two."""
    out = []
    for v in verbs:
        if out and v[0] < out[-1][1] + 3:
            continue
        out.append(v)
    return out


# Words that name a part of a document: "Chương 2, Chương 3", "khoản 2 Điều 3",
# "một số điều của", "các quy định tại".
_PART = (r"(?:(?:(?:các|một\s+số)\s+)?(?:[Cc]hương|[Mm]ục|[Pp]hần|[Đđ]iều|[Kk]hoản|[Đđ]iểm|[Pp]hụ\s+lục)"
         r"\s+(?:[IVXLC]+|\d+[a-zđ]?|[a-zđ]\d?)\b"
         r"|(?:các|một\s+số)\s+(?:quy\s+định|nội\s+dung|điều))[\w\s,.–-]{0,120}?")
_CONNECTOR = r"[\s,;]*(?:(?:và|hoặc)\s+)?"
# What may stand between the verb and the first document it acts on.
_LEAD_RE = re.compile(rf"^[\s:,]*(?:toàn\s+bộ\s+)?(?P<part>{_PART})?\s*(?:(?:của|tại)\s+)?$")
# Before the subject of "… hết hiệu lực": anything (a list number, "Các văn bản sau:").
_SUBJECT_LEAD_RE = re.compile(rf"^(?:.*?(?P<part>{_PART}))?.*?$", re.S)
# A document named "theo quy định tại …" is a reference, not the subject.
_REFERENCE_END_RE = re.compile(r"(?:quy\s+định\s+tại|theo\s+quy\s+định\s+của|căn\s+cứ)\s*$", re.I)
# Between two subjects of "… hết hiệu lực": anything, ending with "và" or a comma
# (the first one's description), then maybe the part of the next one.
_NEXT_SUBJECT_RE = re.compile(rf"^.*(?:\svà|,|;)\s+(?P<part>{_PART})?\s*(?:(?:của|tại)\s+)?$", re.S)
# What may stand between two documents the same verb acts on: connectors, the
# first one's issuer, and the part of the next one. A citation after any other
# words ("… quy định chi tiết Nghị định số …") describes, it is not acted on.
_BETWEEN_RE = re.compile(
    rf"^(?:\s*,?\s*(?:của|do)\s+{ISSUER})?{_CONNECTOR}(?P<part>{_PART})?\s*(?:(?:của|tại)\s+)?$")


def _targets(sentence, cites, window, kind, items, acting):
    """(kind, number, scope, issued, quote) of the documents a verb acts on.

    Only the documents the verb governs count: the first one after it (or
    before it, for "… hết hiệu lực"), and those joined to it by "," "và"
    ";"; a document named inside another one's description is not acted
    on. A part named before a document ("Chương 2, Chương 3 Thông tư …")
    makes the effect partial. The quote is the sentence, and for a listed
    document the list item too.
    """
    lo, hi = window
    cites = [c for c in cites if lo <= c.start and c.end <= hi]
    if kind == EXPIRES:
        chosen = _subjects(sentence, cites, lo)
    else:
        chosen = _governed(sentence, cites, lo)
    found = [(c, scope, sentence) for c, scope in chosen]
    for item in items:
        item_cites = [c for c in extract(item) if c.kind in ("full", "short")]
        found.extend((c, scope, f"{sentence}\n{item}") for c, scope in _governed(item, item_cites[:1], _item_start(item)))
    out = []
    for c, scope, quote in found:
        number = c.refers_to or c.number
        if not number or number == acting:
            continue
        scope = c.pinpoint or scope
        k = REPEALS_PART if kind == REPEALS and scope else kind
        out.append((k, number, scope, c.issued, quote))
    return out


def _governed(text: str, cites, start: int, lead=None):
    """The citations a verb governs, each with the part named before it."""
    out = []
    prev = start
    for i, c in enumerate(cites):
        gap = text[prev:c.start]
        m = ((lead or _LEAD_RE) if i == 0 else _BETWEEN_RE).match(gap)
        if not m:
            break
        part = m.group("part")
        out.append((c, " ".join(part.split()).strip(" ,") if part else None))
        prev = c.end
    return out


def _subjects(text: str, cites, start: int):
    """The documents "… hết hiệu lực" is said of: the first one named (unless
    it is named as a reference), and those joined to it by "và" or a comma
    after its description; each with the part named before it."""
    out = []
    prev = start
    for c in cites:
        gap = text[prev:c.start]
        if not out:
            if _REFERENCE_END_RE.search(_strip_pinpoint(gap)):
                return []
            m = _SUBJECT_LEAD_RE.match(gap)
        else:
            m = _NEXT_SUBJECT_RE.match(gap)
            if not m or _REFERENCE_END_RE.search(_strip_pinpoint(gap)):
                continue      # named inside the previous one's description
            if any(prev <= o.start and o.end <= c.start for o in cites) and not c.issued and not m.group("part"):
                continue      # after another document's description: a subject is cited in full, with its date
        part = m.group("part") if m else None
        out.append((c, " ".join(part.split()).strip(" ,") if part else None))
        prev = c.end
    return out


def _strip_pinpoint(gap: str) -> str:
    return re.sub(r"(?:(?:điểm|khoản|Điều|điều)\s+\w+\s*,?\s*)+(?:của\s+)?$", "", gap.rstrip())


def _item_start(item: str) -> int:
    m = _ITEM_RE.match(item)
    return m.end() if m else 0


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
