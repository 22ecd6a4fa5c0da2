"""Effects: what a document's own provisions say it does.

"Nghị định này có hiệu lực thi hành từ ngày 15 tháng 8 năm 2019." →
takes effect; "… thay thế Quyết định số 31/2017/QĐ-TTg …" → replaces;
"Các văn bản … sau hết hiệu lực kể từ ngày Nghị định này có hiệu lực: a)
Nghị định số 158/2007/NĐ-CP …" → each listed document expires; "3. Bãi bỏ
điểm c khoản 1 Điều 49 của Luật Quản lý thuế số 78/2006/QH11." → repeals
that part. Each event quotes the sentence that says so (and the list item)
and names the provision it is in.

Whose act a sentence states — the rules, one per drafting form:

- a sentence about the acting document itself ("<type> này …", the type
  word of any document type, "Luật này", "Thông báo này");
- a provision that opens with the verb (after its label: "Điều 1.", "3.",
  "a)"): "Sửa đổi, bổ sung một số điều của Luật … số …", "Bãi bỏ khoản 2
  Điều 20 của Thông tư số …", "Thay cụm từ “…” bằng cụm từ “…” tại Điều 5
  của Nghị định số …" — the drafting of an amending, repealing or
  consolidating provision, which is always the acting document's own;
- a list introduced by either, ending with ":" ("Bãi bỏ toàn bộ các văn
  bản sau đây:", "… hết hiệu lực kể từ ngày Nghị định này có hiệu lực:"):
  each item names one document acted on; a list introduced by "như sau:"
  is new wording, not documents.

What is never the acting document's act: a sentence reporting another
document's history ("… đã được sửa đổi, bổ sung bởi …"); the verb inside a
document's name ("Luật sửa đổi, bổ sung một số điều của Luật …") or inside
a cited document's description; anything quoted (“…”), which in an
amending provision is the amended document's new wording; a document named
"theo quy định tại …" (a reference).

Dates: "từ ngày D" in the sentence, else the acting document's effective
date. The effective date (``effective_date``): "<type> (này) có hiệu lực
(thi hành) (kể) từ ngày D", also after the council formula ("… thông qua
ngày … và có hiệu lực từ ngày D"); "kể từ ngày ký (ban hành)" is the issue
date; "sau N ngày kể từ ngày ký" is the issue date plus N days; a date
relative to an unknown day (publication in the Công báo) stays a note and
``date`` is None. A clause giving a part its own date ("Khoản 4 Điều 80 của
Luật này có hiệu lực …") is not the document's; ``part_dates`` reads
those, by the same date rules.

Every pattern is linear: bounded quantifiers, no two adjacent runs of one
class; sentences are split with a single pass.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass

from indexer.acts import VERBS, WORDING_VERBS
from kb import dates, doctypes
from kb.citations import extract
from kb.citations.patterns import ISSUER
from kb.model import (
    EXPIRES, FROM_TEXT, REPEALS, REPEALS_PART, Event, Evidence,
)
from kb.text import nfc

_TYPE_WORDS = sorted({printed for _, printed in doctypes.TYPE_WORDS}, key=len, reverse=True)
_TYPES = "(?:" + "|".join(r"\s".join(re.escape(w) for w in t.split()) for t in _TYPE_WORDS) + ")"
THIS = rf"(?<!\w)(?i:{_TYPES})\s+này"
# The document's own type word opening a sentence, without "này" ("Nghị quyết có hiệu lực …").
_OWN = rf"(?:^|(?<=[.;:]\s)|(?<=\n))(?:[\d]{{1,2}}\s*[.)]\s*)?(?i:{_TYPES})(?=\s+(?:có|được|đã))"
_DATE = dates.DATE
# the same without its groups, for a second date in one pattern
_PLAIN_DATE = (r"(?:\d{1,2}\s{1,4}(?i:tháng)\s{1,4}\d{1,2}\s{1,4}(?i:năm)\s{1,4}\d{4}"
               r"|\d{1,2}\s{0,2}[/.-]\s{0,2}\d{1,2}\s{0,2}[/.-]\s{0,2}\d{4})")
_WHEN = (rf"(?:(?:kể\s+)?từ\s+)?ngày\s+(?P<date>{_DATE})"
         rf"|(?P<signed>(?:(?:kể\s+)?từ\s+)?(?:ngày|thời\s+điểm)\s+(?:ký|ban\s+hành)(?:\s+ban\s+hành)?)"
         rf"|sau\s+(?P<days>\d{{1,3}})\s+ngày\s*,?\s*(?:kể\s+)?từ\s+ngày\s+(?P<after>ký|ban\s+hành|[^.;\n]{{1,60}})"
         rf"|(?P<adopted>(?:kể\s+)?từ\s+ngày\s+(?:được\s+)?(?:[^.;\n]{{0,80}}?\s)?thông\s+qua)"
         rf"|(?:kể\s+)?từ\s+ngày\s+(?:đăng|công\s+bố)[^.;\n]{{0,80}}")
_TAKES = rf"có\s+hiệu\s+lực(?:\s+thi\s+hành|\s+pháp\s+luật)?\s*,?\s*(?P<when>{_WHEN})"
# "… này có hiệu lực …"; "… này đã được Hội đồng nhân dân … thông qua ngày … và có hiệu lực …"
_EFFECTIVE_RE = re.compile(
    rf"(?:{THIS}|{_OWN})(?:\s+|[^.;\n]{{0,200}}?thông\s+qua[^.;\n]{{0,80}}?\s(?:và|,)\s+){_TAKES}", re.M)
# A part given its own date: "Khoản 4 Điều 80 của Luật này có hiệu lực …"
_PART_BEFORE_RE = re.compile(r"(?i:của|tại|trong)\s*$")
# "… này có hiệu lực đến hết ngày D": the document's own end, the day after D.
_UNTIL_RE = re.compile(rf"{THIS}\s+(?:có\s+hiệu\s+lực|được\s+(?:thực\s+hiện|áp\s+dụng))(?:\s+thi\s+hành)?"
                       rf"(?:\s+(?:kể\s+)?từ\s+ngày\s+{_PLAIN_DATE})?\s+(?:đến|tới)\s+hết\s+ngày\s+(?P<date>{_DATE})")
_OWN_END_RE = re.compile(rf"{THIS}\s+(?:hết|chấm\s+dứt)\s+hiệu\s+lực(?:\s+thi\s+hành)?\s*(?:,\s*)?"
                         rf"(?:kể\s+)?từ\s+ngày\s+(?P<date>{_DATE})")
# A date expressed as this document's own effective date.
_WHEN_THIS_TAKES_EFFECT = re.compile(rf"(?:kể\s+)?từ\s+ngày\s+{THIS}\s+có\s+hiệu\s+lực", re.I)
_FROM_DATE = re.compile(rf"(?:kể\s+)?từ\s+ngày\s+(?P<date>{_DATE})")
# "Quyết định số … hết hiệu lực kể từ ngày 01/02/2024": an end with its own
# date, stated by the acting document without naming itself.
# "… Quyết định này có hiệu lực từ ngày D. Các Quyết định số A, B hết hiệu lực thi hành.":
# an end said in the paragraph of the document's own clause.
_PLAIN_END_RE = re.compile(r"(?<!đã )(?<!bị )hết\s+hiệu\s+lực", re.I)
_DATED_END_RE = re.compile(rf"(?<!đã )(?<!bị )hết\s+hiệu\s+lực(?:\s+thi\s+hành)?\s*,?\s*(?:kể\s+)?từ\s+ngày\s+{_DATE}",
                           re.I)

_VERB_RES = [(kind, re.compile(p, re.I)) for kind, p in WORDING_VERBS + VERBS]
# A provision's label, then the verb: the provision is the act.
_LABEL = r"(?:(?:Điều|ĐIỀU)\s+\d{1,4}[a-zđ]?\s*[.:]\s*|\d{1,3}\s*[.)]\s*|[a-zđ]\d?\s*\)\s*|[-–+•]\s*)?"
_IMPERATIVE_RE = re.compile(
    rf"^\s{{0,40}}{_LABEL}(?:" + "|".join(p for _, p in WORDING_VERBS + VERBS[1:]) + r")(?!\w)", re.I)
# A sentence inside a paragraph that opens with the verb: "… có hiệu lực từ ngày … . Bãi bỏ các văn bản sau:"
_SENTENCE_VERB_RE = re.compile(
    r"\.\s{1,3}(?:" + "|".join(p for _, p in WORDING_VERBS + VERBS[1:]) + r")(?!\w)", re.I)
_ITEM_RE = re.compile(r"^\s{0,40}(?:[a-zđ]\d?\)|\d{1,3}[.)]|[-–+•])\s+")
# "đã được sửa đổi, bổ sung bởi …": another document's history, reported.
_REPORTED_RE = re.compile(r"(?:đã|được|bị)\s+(?:được\s+)?(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)",
                          re.I)
# The verb inside a document's name: "Luật sửa đổi, bổ sung …", "Nghị định số 10/2020/NĐ-CP sửa đổi …".
_NAME_BEFORE_RE = re.compile(rf"(?<!\w)(?i:{_TYPES})(?:\s+số\s+\S{{1,40}})?\s*$")
# Items of a list of new wording, not of documents.
# Nor of a list of exceptions ("… hết hiệu lực …, trừ trường hợp sau đây:").
_NEW_WORDING_RE = re.compile(r"(?i:như\s+sau|sau\s+đây\s+vào|bằng)\s*:?\s*$|(?i:trừ)\s[^:]{0,80}:\s*$")
# A cited document's history inside the sentence: "… số 23/2004/QH11 đã được
# sửa đổi, bổ sung một số điều theo Luật số 48/2014/QH13 và Luật số …".
_DESCRIBED_BEFORE_RE = re.compile(
    r"(?:đã|được|bị)\s+(?:được\s+)?(?:sửa\s+đổi|bổ\s+sung|hợp\s+nhất|thay\s+thế|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)"
    r"[^.;:]{0,60}?\s(?:theo|bởi|tại)\s*$", re.I)
_CHAIN_RE = re.compile(r"^\s*(?:,|và|;)?\s*(?:(?:các\s+)?(?:Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|"
                       r"Quyết\s+định)\s+)?(?:số\s+)?$", re.I)
_DESCRIPTION_RE = re.compile(
    r"\s*(?:đã\s+)?(?:được\s+)?(?:sửa\s+đổi|bổ\s+sung|hợp\s+nhất)[^.;:]{0,60}?\s(?:theo|bởi)\s*(?:(?:,|và)\s*)*", re.I)


@dataclass
class Effective:
    date: _dt.date | None
    note: str | None          # the printed phrase when the date is relative and unresolved
    quote: str


def effective_date(text: str, issued: _dt.date | None = None) -> Effective | None:
    """When the document says it takes effect (the document as a whole)."""
    text = nfc(text)
    view = mask_quotes(text)
    found = [m for m in _effective_matches(view)
             if not _PART_BEFORE_RE.search(view[max(0, m.start() - 12):m.start()])]   # a part's own date
    # "<type> này …" first; a sentence opening with a bare type word ("Nghị quyết có
    # hiệu lực …") only when no sentence names the document itself
    found.sort(key=lambda m: "này" not in view[m.start():m.start() + 40])
    for m in found[:1]:
        return _effective_of(m, text, view, issued, m.start())
    return None


def _effective_of(m: re.Match, text: str, view: str, issued: _dt.date | None, start: int) -> Effective:
    """The date a match of ``_TAKES`` (or of a pattern ending with it) states."""
    quote = _sentence(text, start, m.end())
    if m.group("date"):
        return Effective(dates.parse(m.group("date")), None, quote)
    when = " ".join(m.group("when").split())
    if m.group("signed"):
        return Effective(issued, None if issued else when, quote)
    if m.group("days") and re.match(r"ký|ban\s+hành", m.group("after")):
        if issued:
            return Effective(issued + _dt.timedelta(days=int(m.group("days"))), None, quote)
    # "… kể từ ngày (Hội đồng nhân dân tỉnh) thông qua", "sau 10 ngày kể từ ngày … thông qua":
    # the adoption date the council formula prints, else the issue date (a resolution's)
    if m.group("adopted") or (m.group("days") and "thông qua" in m.group("after")):
        base = _adopted(view) or issued
        if base:
            return Effective(base + _dt.timedelta(days=int(m.group("days") or 0)), None, quote)
    return Effective(None, when, quote)


_TAKES_RE = re.compile(_TAKES)
# What may stand between a part named and its verb: "của Luật này", "Thông tư này".
_PART_TO_VERB_RE = re.compile(rf"\s{{0,3}}(?:(?:của|tại|trong)\s{{1,3}})?(?:{THIS}\s{{1,3}})?(?:thì\s{{1,3}})?$")
# Before the first part: the sentence's list label, "Quy định tại".
_PART_LEAD_RE = re.compile(r"\s{0,40}(?:\d{1,3}\s{0,2}[.)]\s{0,3})?(?i:(?:các\s{1,3})?quy\s{1,3}định\s{1,3}tại\s{1,3})?$")
_PART_REACH = 600       # characters a list of parts may run before its verb (a long line stays linear)
# More numbers after the last part named: "các điều 109, 110 và 116".
_MORE_NUMBERS_RE = re.compile(r"(?:[\s,]{1,4}(?:và\s{1,3})?\d{1,4}[a-zđ]?(?!\w)){0,40}")
_PART_JOIN_WORD_RE = re.compile(r"(?i:và|các)|\d{1,4}[a-zđ]?|[a-zđ]\d?")


def _joins(between: str) -> bool:
    """Only commas, "và", "các" and more numbers between two parts named: one list."""
    return all(_PART_JOIN_WORD_RE.fullmatch(w) for w in re.split(r"[\s,]+", between) if w)


def part_dates(text: str, issued: _dt.date | None = None) -> list[tuple[str, Effective]]:
    """Parts of the document given a date of their own, as printed, each with
    that date read by the rules of ``effective_date``: "2. Điều 2 Thông tư này
    có hiệu lực thi hành kể từ ngày 26 tháng 8 năm 2019" → ("Điều 2", 2019-08-26);
    "Khoản 3 Điều 1 có hiệu lực từ ngày …". A sentence that names anything
    else before its verb ("Hợp đồng … quy định tại khoản 1 Điều 31 … có hiệu
    lực …") gives none."""
    text = nfc(text)
    view = mask_quotes(text)
    out = []
    pos = 0
    while True:
        k = view.find("có hiệu lực", pos)
        if k < 0:
            return out
        pos = k + 1
        m = _TAKES_RE.match(view, k)
        if m is None:
            continue
        lo = max(view.rfind("\n", 0, k), view.rfind(". ", 0, k), k - _PART_REACH - 1) + 1
        named = list(_DESIGNATOR_RE.finditer(view, lo, k))
        end = _MORE_NUMBERS_RE.match(view, named[-1].end(), k).end() if named else k
        if not named or not _PART_TO_VERB_RE.match(view[end:k]) \
                or not _PART_LEAD_RE.fullmatch(view, lo, named[0].start()):
            continue
        if any(not _joins(view[a.end():b.start()]) for a, b in zip(named, named[1:])):
            continue
        out.append((" ".join(view[named[0].start():end].split()),
                    _effective_of(m, text, view, issued, lo)))


_ADOPTED_RE = re.compile(rf"thông\s+qua\s+ngày\s+(?P<date>{_DATE})")


def _adopted(view: str) -> _dt.date | None:
    m = _ADOPTED_RE.search(view)
    return dates.parse(m.group("date")) if m else None


def _effective_matches(view: str):
    """Matches of _EFFECTIVE_RE, tried only on the lines that say "hiệu lực"
    (a case-insensitive alternation tried at every position of a whole
    document is slow)."""
    pos = 0
    while True:
        k = view.find("hiệu lực", pos)
        if k < 0:
            return
        lo = view.rfind("\n", 0, k) + 1
        hi = view.find("\n", k)
        hi = len(view) if hi < 0 else hi
        yield from _EFFECTIVE_RE.finditer(view, lo, hi)
        pos = hi + 1


def mask_quotes(text: str) -> str:
    """``text`` with what is quoted blanked (same length, line breaks kept).

    Curly quotes pair across lines (“ … ”, an amending provision's new
    wording runs over paragraphs); straight ones within a line. An
    opening quote never closed is left as it is."""
    if "“" not in text and '"' not in text:
        return text
    out = list(text)
    i = 0
    n = len(text)
    last_close = text.rfind("”")          # no opening quote after it is ever closed
    while i < n:
        ch = text[i]
        if ch == "“":
            j = text.find("”", i + 1) if i < last_close else -1
            if j < 0:
                i += 1
                continue
        elif ch == '"':
            eol = text.find("\n", i + 1)
            eol = n if eol < 0 else eol
            j = text.find('"', i + 1, eol)
            if j < 0:
                i = eol
                continue
        else:
            i += 1
            continue
        for k in range(i + 1, j):
            if out[k] != "\n":
                out[k] = " "
        i = j + 1
    return "".join(out)


def events(text: str, acting: str, provision: str | None, effective: _dt.date | None,
           source: str) -> list[Event]:
    """Events that ``text`` (a provision of document ``acting``) states."""
    text = nfc(text)
    view = mask_quotes(text)
    out: list[Event] = []
    lines = view.split("\n")
    printed = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        own = ("này" in line and re.search(THIS, line) is not None) or (
            "hiệu lực" in line and _DATED_END_RE.search(line) is not None)
        imperative = _IMPERATIVE_RE.match(line) is not None or (
            ". " in line and _SENTENCE_VERB_RE.search(line) is not None)
        if not own and not imperative:
            out.extend(_own_end(line, printed[i], acting, provision, source))
            i += 1
            continue
        items: list[tuple[str, str]] = []
        stripped = line.rstrip()
        if stripped.endswith(":") and not _NEW_WORDING_RE.search(stripped):
            # the items of a list are of one kind (1. 2. …, a) b) …, - …), below
            # the level of the line that opens it: "2." after "1. …:" and its
            # "a) b)" is the next clause, not an item
            own_level = _marker(line)
            kind = None
            j = i + 1
            while j < len(lines) and _ITEM_RE.match(lines[j]) and not _IMPERATIVE_RE.match(lines[j]):
                k = _marker(lines[j])
                if kind is None:
                    if own_level is not None and _LEVELS.index(k) <= _LEVELS.index(own_level):
                        break
                    kind = k
                elif k != kind:
                    break
                items.append((lines[j], printed[j]))
                j += 1
        out.extend(_line_events(line, printed[i], items, acting, provision, effective, source, imperative))
        out.extend(_own_end(line, printed[i], acting, provision, source))
        i += 1 + len(items)
    return out


_LEVELS = ("number", "letter", "dash")
_MARKER_RE = re.compile(r"\s{0,40}(?:(?P<number>\d{1,3}\s{0,2}[.)])|(?P<letter>[a-zđ]\d?\s{0,2}\))|(?P<dash>[-–+•]))")


def _marker(line: str) -> str | None:
    """The kind of list marker a line opens with: "number", "letter", "dash", or None."""
    m = _MARKER_RE.match(line)
    return m.lastgroup if m else None


_TITLE_LEAD_RE = re.compile(rf"^\s*(?:(?i:{_TYPES})\s+)?(?:(?i:về\s+việc|v/v|về)\s+)?")


def title_events(title: str | None, acting: str, effective: _dt.date | None, source: str) -> list[Event]:
    """Events a title states: "Sửa đổi, bổ sung một số điều của Thông tư số …",
    "Luật sửa đổi, bổ sung một số điều của Luật … số … và Luật … số …", "Về việc
    bãi bỏ Quyết định số …": a title that opens with the verb (after the type
    word or "Về việc") names what the document does."""
    if not title:
        return []
    text = " ".join(nfc(title).split())
    lead = _TITLE_LEAD_RE.match(text)
    body = text[lead.end():] if lead else text
    if not _IMPERATIVE_RE.match(body):
        return []
    return events(body, acting, None, effective, source)


def _own_end(line, printed, acting, provision, source) -> list[Event]:
    """"Quyết định này có hiệu lực đến hết ngày 30/6/2026": the acting document expires the day after."""
    if "này" not in line or not acting:
        return []
    m = _UNTIL_RE.search(line)
    if m:
        d = dates.parse(m.group("date"))
        when = d + _dt.timedelta(days=1) if d else None
    else:
        m = _OWN_END_RE.search(line)
        if not m:
            return []
        when = dates.parse(m.group("date"))
    if when is None or _PART_BEFORE_RE.search(line[max(0, m.start() - 12):m.start()]):
        return []
    quote = _sentence(printed, m.start(), m.end())
    return [Event(EXPIRES, acting, Evidence(FROM_TEXT, quote, source, acting, provision), when, None, None, None)]


def _verbs(sentence: str) -> list[tuple[int, int, str]]:
    found = []
    for kind, rx in _VERB_RES:
        for v in rx.finditer(sentence):
            before = sentence[max(0, v.start() - 60):v.start()]
            if kind != EXPIRES and _REPORTED_RE.search(sentence[max(0, v.start() - 12):v.end()]):
                # "… bị bãi bỏ kể từ ngày …": a passive act with its date, its subjects before it
                if _PASSIVE_DATED_RE.match(sentence, v.end()) and re.search(r"(?:bị|được)\s+$", before):
                    found.append((v.start(), v.end(), kind + _PASSIVE))
                continue
            if kind != EXPIRES and _NAME_BEFORE_RE.search(before):
                continue          # "Luật sửa đổi, bổ sung …": a name, not an act
            found.append((v.start(), v.end(), kind))
    found.sort(key=lambda v: (v[0], -v[1]))      # at one place, the longer verb ("thay cụm từ")
    return _drop_overlaps(found)


_PASSIVE = ":passive"
_CONDITIONAL_RE = re.compile(rf"\s{{0,40}}{_LABEL}(?:(?:Trong\s+)?[Tt]rường\s+hợp|Nếu|Khi|Sau\s+khi)\s", re.I)
_PASSIVE_DATED_RE = re.compile(r"\s*(?:thi\s+hành\s*)?,?\s*(?:kể\s+)?từ\s+ngày\s", re.I)


def _line_events(line, printed, items, acting, provision, effective, source, imperative) -> list[Event]:
    out = []
    own_line = "này" in line and re.search(THIS, line) is not None
    for s_start, s_end in _sentences(line):
        sentence = line[s_start:s_end]
        quote = printed[s_start:s_end].strip()
        if _CONDITIONAL_RE.match(sentence):
            continue          # "Trường hợp Thông tư này hết hiệu lực mà …": a condition, not an act
        opening = imperative and _IMPERATIVE_RE.match(sentence) is not None
        if not opening and ("này" not in sentence or not re.search(THIS, sentence)) \
                and not _DATED_END_RE.search(sentence) and not (own_line and _PLAIN_END_RE.search(sentence)):
            continue
        cites = [c for c in extract(sentence) if c.kind in ("full", "short")]
        described = _described(sentence, cites)
        sentence = _blank(sentence, [cites[k] for k in described])
        cites = [c for k, c in enumerate(cites) if k not in described]
        this = [m.end() for m in re.finditer(THIS, sentence)]
        starts = [c.start for c in cites]
        ends = [c.end for c in cites]
        verbs = _verbs(sentence)
        date, note = _date_for(sentence, effective)
        accepted: list[tuple[int, int, str]] = []
        for vstart, vend, kind in verbs:
            if opening and not accepted and vstart <= _label_end(sentence):
                accepted.append((vstart, vend, kind))
                continue
            if kind.endswith(_PASSIVE) and not (this or own_line):
                continue          # "X bị bãi bỏ kể từ ngày …" only in the document's own clause
            if kind != EXPIRES and not kind.endswith(_PASSIVE) and \
                    not _acts(sentence, vstart, this, starts, ends, bool(accepted)):
                continue          # a verb inside a document's description, not the acting one's
            if kind == EXPIRES and _a_time(sentence, vstart, starts):
                continue          # "… có hiệu lực từ ngày Nghị quyết số 61/2022/QH15 hết hiệu lực": a date, not an act
            accepted.append((vstart, vend, kind))
        for i, (vstart, vend, kind) in enumerate(accepted):
            # A verb governs the text up to the next verb ("thay thế A và bãi bỏ B");
            # "hết hiệu lực" governs what comes before it, back to the previous verb.
            lo = accepted[i - 1][1] if i else 0
            hi = accepted[i + 1][0] if i + 1 < len(accepted) else len(sentence)
            before = kind == EXPIRES or kind.endswith(_PASSIVE)
            kind = kind.removesuffix(_PASSIVE)
            window = (lo, vstart) if before else (vend, hi)
            last = i + 1 == len(accepted)
            lenient = opening and i == 0
            for k, number, scope, issued, q in _targets(sentence, quote, cites, window, kind,
                                                         items if last else [], acting, lenient, starts,
                                                         before):
                out.append(Event(k, number, Evidence(FROM_TEXT, q, source, acting, provision),
                                 date, note, scope, issued))
    return out


_DAY_OF_RE = re.compile(r"(?:từ|đến|trước|sau|tới|cho\s+đến)\s+(?:khi|ngày|thời\s+điểm)\s{0,3}$", re.I)


def _a_time(sentence: str, vstart: int, starts: list[int]) -> bool:
    """Whether "hết hiệu lực" at ``vstart`` ends a time expression about the
    document cited just before it ("từ ngày <số hiệu> hết hiệu lực"): the
    date some other provision hangs on, not a statement that it ends."""
    before = [c for c in starts if c < vstart]
    return bool(before) and _DAY_OF_RE.search(sentence, max(0, before[-1] - 40), before[-1]) is not None


def _first_sentence_start(line: str) -> int:
    return len(line) - len(line.lstrip())


def _label_end(sentence: str) -> int:
    m = re.match(rf"\s{{0,40}}{_LABEL}", sentence)
    return m.end() if m else 0


def _blank(text: str, cites) -> str:
    """``text`` with the spans of ``cites`` blanked (same length)."""
    if not cites:
        return text
    parts, prev = [], 0
    for c in cites:
        parts += [text[prev:c.start], " " * (c.end - c.start)]
        prev = c.end
    parts.append(text[prev:])
    return "".join(parts)


def _described(sentence: str, cites) -> set[int]:
    """Indexes of the citations that only tell a cited document's history
    ("… đã được sửa đổi, bổ sung theo Luật số 48/2014/QH13 và Luật số 97/2015/QH13")."""
    out: set[int] = set()
    prev_end = 0
    for k, c in enumerate(cites):
        before = sentence[max(prev_end, c.start - 80):c.start]
        if _DESCRIBED_BEFORE_RE.search(before) or (k - 1 in out and _CHAIN_RE.match(sentence[prev_end:c.start])):
            out.add(k)
        prev_end = c.end
    return out


# Between "<type> này" and its own verb: nothing, or its effective clause and "và" / ",".
_THIS_TO_VERB_RE = re.compile(r"\s*(?:(?:có\s+hiệu\s+lực|được\s+áp\s+dụng)[^;]{0,120}?(?:\s+và|,)\s*"
                              r"|(?:cũng|đồng\s+thời|chính\s+thức)\s+)?$", re.I)
_CONNECTORS_RE = re.compile(r"^[\s,;]*(?:(?:và|đồng\s+thời|đồng\s+thời\s+cũng)\s*)?[\s,;]*$")


def _acts(sentence: str, vstart: int, this: list[int], starts: list[int], ends: list[int],
          after_another: bool) -> bool:
    """Is the verb at ``vstart`` said of the acting document ("Thông tư này
    thay thế …"), rather than inside the description of a cited one?

    ``this`` (ends of "<type> này") and ``cites`` are in text order: each
    question is a bisection, so that a sentence of thousands of verbs stays linear."""
    k = bisect.bisect_right(this, vstart)
    if k and bisect.bisect_left(starts, this[k - 1]) == bisect.bisect_left(starts, vstart) \
            and vstart - this[k - 1] < 160 and _THIS_TO_VERB_RE.match(sentence, this[k - 1], vstart):
        return True           # "<type> này (có hiệu lực … và) <verb>", no document named in between
    if not (k or after_another):
        return False
    # "… thay thế A … và thay thế B", "… bãi bỏ A …; thay thế B": the acting document's verb, once more
    if after_another and re.search(r"(?:\svà|,\s*đồng\s+thời|;(?:\s*đồng\s+thời)?)\s*$",
                                   sentence[max(0, vstart - 40):vstart]):
        return True
    # "… thay thế A, B và bãi bỏ C": coordinated with the previous verb's objects
    j = bisect.bisect_right(ends, vstart)
    if not j:
        return False
    gap = sentence[ends[j - 1]:vstart]
    return len(gap) < 40 and bool(_CONNECTORS_RE.match(gap))


def _drop_overlaps(verbs):
    """"sửa đổi, bổ sung" is one verb, not two; "thay cụm từ" is not "thay thế"."""
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
_PART_WORD_RE = re.compile(r"(?i)(?<!\w)(?:chương|mục|phần|điều|khoản|điểm|phụ\s+lục|cụm\s+từ|từ\s+ngữ|nội\s+dung|"
                           r"quy\s+định|mẫu|biểu|danh\s+mục|một\s+số\s+điều)(?!\w)")
_CONNECTOR = r"[\s,;]*(?:(?i:và|hoặc)\s+)?"
# What may stand between the verb and the first document it acts on.
_LEAD_RE = re.compile(
    rf"^[\s:,]*(?:cho\s+)?(?:toàn\s+bộ\s+)?(?:(?P<part>{_PART})?\s*(?:(?:của|tại)\s+)?"
    rf"|(?P<rules>(?:(?:các|những)\s+)?(?:quy\s+định|nội\s+dung|(?i:điểm|khoản|điều|chương|mục|phần)\s+\S)"
    rf"(?:[^.]|\.(?!\s)){{0,300}}?)\s+(?:tại|của|trong|(?:ban\s+hành\s+)?kèm\s+theo)\s+)$")
# Before the subject of "… hết hiệu lực": anything (a list number, "Các văn bản sau:").
_SUBJECT_LEAD_RE = re.compile(rf"^(?:.*?(?P<part>{_PART}))?.*?$", re.S)
# A document named "theo quy định tại …" is a reference, not the subject.
_REFERENCE_END_RE = re.compile(r"(?:quy\s+định\s+tại|theo\s+quy\s+định\s+của|căn\s+cứ)\s*$", re.I)
# Between two subjects of "… hết hiệu lực": anything, ending with "và" or a comma
# (the first one's description), then maybe the part of the next one, or the
# name of an amending document ("Luật sửa đổi, bổ sung một số điều của").
_NEXT_SUBJECT_RE = re.compile(
    rf"^.*(?:\s(?i:và)|,|;)\s+(?:(?i:{_TYPES})\s+sửa\s+đổi[^.;]{{0,40}}?\s+của\s+)?(?P<part>{_PART})?\s*"
    rf"(?:(?:của|tại)\s+)?(?:(?i:{_TYPES})\s[^.;:]{{0,240}}?\s*)?$", re.S)
# What may stand between two documents the same verb acts on: connectors, the
# first one's issuer, and the part of the next one. A citation after any other
# words ("… quy định chi tiết Nghị định số …") describes, it is not acted on.
_BETWEEN_RE = re.compile(
    rf"^(?:\s*,?\s*(?:của|do)\s+{ISSUER})?{_CONNECTOR}(?:(?i:{_TYPES})\s+sửa\s+đổi[^.;]{{0,40}}?\s+của\s+)?"
    rf"(?P<part>{_PART})?\s*(?:(?:của|tại)\s+)?$")


def _targets(sentence, quote, cites, window, kind, items, acting, lenient=False, starts=None, before=None):
    """(kind, number, scope, issued, quote) of the documents a verb acts on.

    Only the documents the verb governs count: the first one after it (or
    before it, for "… hết hiệu lực"), and those joined to it by "," "và"
    ";"; a document named inside another one's description is not acted
    on. A part named before a document ("Chương 2, Chương 3 Thông tư …")
    makes the effect partial. In a provision that opens with its verb
    (``lenient``) the first document named after the verb is its object,
    whatever part is described before it. The quote is the sentence, and
    for a listed document the list item too.
    """
    lo, hi = window
    first = bisect.bisect_left(starts if starts is not None else [c.start for c in cites], lo)
    cites = [c for c in cites[first:first + 200] if c.end <= hi]
    if kind == EXPIRES if before is None else before:
        chosen = _subjects(sentence, cites, lo)
    else:
        chosen = _governed(sentence, cites, lo, lenient=lenient)
    found = [(c, scope, quote) for c, scope in chosen]
    for item, item_printed in items:
        item_cites = [c for c in extract(item) if c.kind in ("full", "short")]
        described = _described(item, item_cites)
        item = _blank(item, [item_cites[k] for k in described])
        item_cites = [c for k, c in enumerate(item_cites) if k not in described]
        found.extend((c, scope, f"{quote}\n{item_printed.strip()}")
                     for c, scope in _governed(item, item_cites, _item_start(item), lenient=True, item=True))
    out = []
    for c, scope, q in found:
        number = c.refers_to or c.number
        if not number or number == acting:
            continue
        scope = c.pinpoint or scope
        k = REPEALS_PART if kind == REPEALS and scope else kind
        out.append((k, number, scope, c.issued, q))
    return out


def _governed(text: str, cites, start: int, lead=None, lenient: bool = False, item: bool = False):
    """The citations a verb governs, each with the part named before it.
    ``lenient``: the first document named is the verb's object whatever part
    is described before it (a provision that opens with its verb, a list
    item), unless the words before it make it a reference (not in a list
    item, which is nothing but the description of its document)."""
    out = []
    prev = start
    for i, c in enumerate(cites):
        gap = text[prev:c.start]
        if i == 0 and lenient:
            if re.search(r"\.\s", gap) or (_FORM_RE.search(gap) if item else
                                             _NOT_OBJECT_RE.search(_ANNEXED_RE.sub("", gap))):
                break
            out.append((c, _part_of(gap)))
            prev = c.end
            continue
        if i and len(gap) > 400:
            break
        m = ((lead or _LEAD_RE) if i == 0 else _BETWEEN_RE).match(_without_descriptions(gap) if i else gap)
        if not m and i == 0 and lead is None:
            m = _LEAD_RE.match(_strip_pinpoint(gap) + " ")     # "… tại Khoản 5, Điều 3 <document>"
        if not m:
            break
        part = m.group("part") or (m.groupdict().get("rules") if i == 0 else None)
        out.append((c, " ".join(part.split()).strip(" ,") if part else None))
        prev = c.end
    return out


# Before the first document named after an opening verb: words that make it a
# reference ("Sửa đổi, bổ sung văn bản theo quy định của Luật số …"), not the object.
_NOT_OBJECT_RE = re.compile(r"(?i)(?<!\w)(?:theo|căn\s+cứ|phù\s+hợp|để|nhằm|nếu|trường\s+hợp|thẩm\s+quyền)(?!\w)"
                            r"|(?i:mẫu|biểu)(?:\s+số)?\s*$")
_FORM_RE = re.compile(r"(?i:mẫu|biểu)(?:\s+số)?\s*$")       # "mẫu số 05/…": a form, not a document
_ANNEXED_RE = re.compile(r"(?i)(?:ban\s+hành\s+)?kèm\s+theo\s*$")


def _without_descriptions(gap: str) -> str:
    """A gap between two documents without the history of the first one."""
    return _DESCRIPTION_RE.sub(" ", gap) if "sửa" in gap or "bổ sung" in gap or "hợp nhất" in gap else gap


def _part_of(gap: str) -> str | None:
    """The part of a document named between an opening verb and the document:
    "khoản 2 Điều 20 của" → "khoản 2 Điều 20"; None when it names none."""
    g = " ".join(re.sub(r"[\"“]\s*[\"”]", " ", gap).split()).strip(" ,:")
    g = re.sub(r"(?i)\s*(?:của|tại|trong)$", "", g)
    g = re.sub(r"(?i)^(?:toàn\s+bộ|một\s+số\s+điều\s+của|một\s+số\s+điều)$", "", g).strip()
    if not g or not _PART_WORD_RE.search(g):
        return None
    if re.fullmatch(r"(?i)(?:một\s+số\s+điều|các\s+điều)(?:\s+của)?", g):
        return None
    named = list(_DESIGNATOR_RE.finditer(g))
    if named:                 # "Chương IV-A về thuế môn bài quy định" → "Chương IV-A"
        g = g[named[0].start():named[-1].end()]
    return g[:160]


_DESIGNATOR_RE = re.compile(r"(?i)(?<!\w)(?:điểm|khoản|điều|chương|mục|phần|phụ\s+lục)\s+[\w.–-]{1,10}(?!\w)")


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
            clean = _without_descriptions(gap)
            m = _NEXT_SUBJECT_RE.match(clean)
            if not m or _REFERENCE_END_RE.search(_strip_pinpoint(clean)):
                continue      # named inside the previous one's description
            if any(prev <= o.start and o.end <= c.start for o in cites) and not c.issued and not m.group("part"):
                continue      # after another document's description: a subject is cited in full, with its date
        part = m.group("part") if m else None
        if part and not out:
            # the whole list of parts before the first subject ("khoản 1.1, khoản 1.2 Mục 1 …; Mục 3")
            named = list(_DESIGNATOR_RE.finditer(gap))
            part = gap[named[0].start():named[-1].end()] if named else part
        out.append((c, " ".join(part.split()).strip(" ,") if part else None))
        prev = c.end
    return out


_PINPOINT_WORDS = {"điểm", "khoản", "điều", "chương", "mục", "phần"}


def _strip_pinpoint(gap: str) -> str:
    """``gap`` without the pinpoint that ends it ("… quy định tại điểm a
    khoản 2 Điều 3 của" → "… quy định tại"). One pass from the end over its
    words: linear (the regex it replaces backtracked exponentially)."""
    words = gap.rstrip().split(" ")
    k = len(words)
    if k and words[k - 1] == "của":
        k -= 1
    while k >= 2 and words[k - 2].lower() in _PINPOINT_WORDS and words[k - 1].strip(",") and \
            re.fullmatch(r"\w{1,8},?", words[k - 1]):
        k -= 2
        while k and not words[k - 1]:
            k -= 1
    return " ".join(words[:k])


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


# Only a full stop: a semicolon separates the members of one sentence's list
# ("Nghị định số A …; khoản 1 Điều 8 Nghị định số B …; Quyết định số C … hết hiệu lực").
_SENTENCE_END_RE = re.compile(r"\.(?=\s+[A-ZĐ0-9“\"])")
_BARE_LABEL_RE = re.compile(r"\s{0,40}(?:(?:Điều|ĐIỀU)\s+\d{1,4}[a-zđ]?|\d{1,3}|[IVXLC]{1,7})\.")


def _sentences(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line. A full stop or semicolon
    followed by a space and a capital or digit ends a sentence; the dots
    inside numbers and abbreviations do not."""
    out = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(line):
        if _BARE_LABEL_RE.fullmatch(line, start, m.end()):
            continue          # "Điều 1." / "2." opens the sentence that follows
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(line)))
    return [(a, b) for a, b in out if line[a:b].strip()]


def _sentence(text: str, start: int, end: int) -> str:
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start))
    hi = min([p for p in (text.find("\n", end), text.find(". ", end)) if p >= 0] or [len(text)])
    return text[lo + 1:hi + 1].strip()
