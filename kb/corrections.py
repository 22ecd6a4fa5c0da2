""""Fix my citations": a proposed correction for each citation with a problem,
for the writer to accept or reject, and the text with the accepted ones.

A proposal only says what the KB knows: the right number, the printed date
of the document, its full official form at its first mention, or the
document that replaced it (from a dated "thay thế" event, with its quote).
Where the KB cannot tell (unknown, vague), nothing is proposed; where it
knows several documents (ambiguous), each one is offered and none chosen.

A proposal replaces the citation's span and nothing else: it adds no issuer
or title that the sentence already prints after the span, and it never names
a document issued after the report's date (the writer could not have cited
it). Each fix carries its sentence, so the page shows the change in place.
"""
from __future__ import annotations

import datetime as _dt
import re
import sqlite3
from dataclasses import dataclass, field

from kb import dates, resolver, store
from kb import status as kb_status
from kb import trace as kb_trace
from kb.cite import format_citation, identify
from kb.text import nfc

# Words that open a title (trích yếu) printed right after a citation: the
# full form proposed then leaves its own title out rather than repeat it.
_TITLE_OPENERS = re.compile(
    r"\s*(?:[\"“'‘(]|về\b|quy định\b|hướng dẫn\b|ban hành\b|sửa đổi\b|phê duyệt\b|triển khai\b|thực hiện\b)",
    re.I)
# An issuer printed right after a citation ("… của Chính phủ", ", do UBND tỉnh"):
# the full form then leaves out the issuer, and the title that follows it.
_ISSUER_OPENER = re.compile(r"\s*,?\s*(?:của|do)\s", re.I)
# How much of the sentence around a citation the fix page shows, either side.
CONTEXT_CHARS = 160


@dataclass
class Proposal:
    text: str          # what replaces the whole citation span
    note: str          # why, in the writer's words
    doc: dict | None = None   # the document it names, when the KB has it


@dataclass
class Fix:
    index: int         # the citation's place in the trace
    start: int
    end: int
    original: str
    problems: list[str]
    proposals: list[Proposal] = field(default_factory=list)
    before: str = ""   # the sentence before the span (at most CONTEXT_CHARS)
    after: str = ""    # and after it
    withheld: list[str] = field(default_factory=list)   # documents issued after the report's date


def propose(db: sqlite3.Connection, text: str, traced: list[kb_trace.Traced],
            report_date: _dt.date | None = None) -> list[Fix]:
    """One Fix per citation with a problem, in text order. With the report's
    date, no proposal names a document issued after it."""
    first_mention = _first_mentions(traced)
    fixes = []
    for i, t in enumerate(traced):
        if not t.problems:
            continue
        c = t.citation
        fix = Fix(i, c.start, c.end, text[c.start:c.end], list(t.problems))
        fix.before, fix.after = sentence_around(text, c.start, c.end)
        for p in _proposals(db, text, t, first=first_mention.get(_target(t)) == i):
            if p.doc is None or issued_by(p.doc, report_date):
                fix.proposals.append(p)
            else:
                fix.withheld.append(identify(p.doc))
        fixes.append(fix)
    return fixes


def sentence_around(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The text of the sentence before and after a span: back to the previous
    line break or full stop, on to the next, each side at most ``limit``
    characters (cut at a space, marked "…")."""
    lo = max(text.rfind("\n", 0, start), _last_stop(text, start)) + 1
    before = text[lo:start].lstrip()
    if len(before) > limit:
        cut = before[-limit:]
        before = "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut
    stop = _next_stop(text, end)
    after = text[end:stop]
    if len(after) > limit:
        cut = after[:limit]
        after = (cut[:cut.rfind(" ")] if " " in cut else cut) + "…"
    return before, after


def _last_stop(text: str, at: int) -> int:
    """The full stop that ends the previous sentence (". " or ".\n"), or -1."""
    i = text.rfind(". ", 0, at)
    return i + 1 if i >= 0 else -1


def _next_stop(text: str, at: int) -> int:
    """Where the sentence that goes on at ``at`` ends (its full stop included)."""
    ends = [i for i in (text.find("\n", at), text.find(". ", at)) if i >= 0]
    if not ends:
        return len(text)
    end = min(ends)
    return end + 1 if text[end] == "." else end


def apply(text: str, fixes: list[Fix], chosen: dict[int, int]) -> str:
    """``text`` with, for each fix index in ``chosen``, its chosen proposal
    put in place of the citation. Offsets are of the original text, so the
    replacements are made from the end; overlapping spans keep the first."""
    picked = sorted(((f, f.proposals[chosen[f.index]]) for f in fixes
                     if f.index in chosen and 0 <= chosen[f.index] < len(f.proposals)),
                    key=lambda fp: fp[0].start)
    kept, last_end = [], -1
    for f, p in picked:
        if f.start >= last_end:
            kept.append((f, p))
            last_end = f.end
    for f, p in reversed(kept):
        text = text[:f.start] + p.text + text[f.end:]
    return text


def _target(t: kb_trace.Traced) -> str | None:
    """The number a citation means: the resolved one, or the one suggested
    for a wrong number, so that both count as mentions of one document."""
    return t.number or t.suggestion


def _first_mentions(traced: list[kb_trace.Traced]) -> dict[str, int]:
    first: dict[str, int] = {}
    for i, t in enumerate(traced):
        key = _target(t)
        if key and key not in first:
            first[key] = i
    return first


def _proposals(db, text: str, t: kb_trace.Traced, first: bool) -> list[Proposal]:
    p = set(t.problems)
    if kb_trace.AMBIGUOUS_PROBLEM in p:
        return _each_candidate(db, text, t)
    if kb_trace.WRONG_NUMBER in p and t.suggestion:
        return _corrected(db, text, t, t.suggestion, first, f"không có văn bản số {t.citation.number}; "
                          f"cùng văn bản này dẫn {t.suggestion}")
    out = []
    if t.document and p & set(_MENDABLE):
        out += _corrected(db, text, t, t.number, first, _why(p))
    if p & {kb_trace.EXPIRED_AT_REPORT_DATE, kb_trace.EXPIRED_SINCE}:
        out += _replacements(db, text, t)
    return out


def issued_by(doc, day: _dt.date | None) -> bool:
    """Whether a document was issued on or before ``day`` (True when either
    date is unknown: nothing says it was not)."""
    return day is None or not doc["issued"] or doc["issued"] <= day.isoformat()


_MENDABLE = (kb_trace.MISSING_YEAR, kb_trace.DATE_MISMATCH, kb_trace.ISSUER_MISMATCH)


def _why(problems: set[str]) -> str:
    """The mendable problems, in words, in the order of PROBLEM_LABELS."""
    return "; ".join(label.lower() for p, label in kb_trace.PROBLEM_LABELS.items() if p in problems and p in _MENDABLE)


def _corrected(db, text: str, t: kb_trace.Traced, number: str | None, first: bool, why: str) -> list[Proposal]:
    """The citation with the right number and date: its full official form at
    the document's first mention, else as printed with the number mended."""
    doc = _one(db, number)
    c = t.citation
    printed = text[c.start:c.end]
    if doc is None:               # the right number known from the text alone
        mended = _replace_number(printed, c.number or c.refers_to, number) if number else printed
        return [Proposal(mended, why)] if mended != printed else []
    if first or kb_trace.ISSUER_MISMATCH in t.problems:
        full = _full_form(doc, text, c)
        return [Proposal(full, f"{why}; dạng đầy đủ ở lần dẫn đầu tiên" if first else why, doc)]
    mended = _replace_number(printed, c.number or c.refers_to, doc["number"])
    mended = _replace_date(mended, doc["issued"])
    return [Proposal(mended, why, doc)] if mended != printed else []


def _each_candidate(db, text: str, t: kb_trace.Traced) -> list[Proposal]:
    return [Proposal(_full_form(doc, text, t.citation), f"một trong các văn bản có thể là: {identify(doc)}", doc)
            for doc in kb_trace.candidate_documents(db, t)]


def _replacements(db, text: str, t: kb_trace.Traced) -> list[Proposal]:
    """The document that replaced the cited one, from a dated "thay thế" event,
    when it was issued by the report's date."""
    status = t.status_on_report_date if kb_trace.EXPIRED_AT_REPORT_DATE in t.problems else t.status_today
    out = []
    for e in status.deciding if status else []:
        if e.kind == kb_status.REPLACES and e.by_key:
            doc = store.document(db, e.by_key)
            if doc is not None:
                when = f" từ {e.date:%d/%m/%Y}" if e.date else ""
                note = f"{t.number} đã bị thay thế bởi {doc['number']}{when}: “{e.quote[:200]}”"
                if _ISSUER_OPENER.match(text[t.citation.end:]) or _TITLE_OPENERS.match(text[t.citation.end:]):
                    note += ". Phần sau trích dẫn (cơ quan, trích yếu) là của văn bản cũ: hãy xem lại"
                out.append(Proposal(_full_form(doc, text, t.citation), note, doc))
    return out


def _one(db, number: str | None):
    return resolver.by_number(db, number).document


def _full_form(doc, text: str, c) -> str:
    """The official first-mention form, keeping the printed pinpoint, and
    leaving the title out when the text prints one right after."""
    pinpoint = c.pinpoint if c.pinpoint and c.pinpoint in text[c.start:c.end] else None
    after = text[c.end:c.end + 40]
    issuer_follows = bool(_ISSUER_OPENER.match(after))
    titled = not issuer_follows and not _TITLE_OPENERS.match(after)
    f = format_citation(doc, pinpoint, title=titled, issuer=not issuer_follows)
    return f.full


def _number_pattern(number: str) -> re.Pattern:
    """The printed shapes of a normalised number: spaces around "/" and "-",
    "Ð" for "Đ", any case."""
    parts = []
    for ch in nfc(number):
        if ch == "/":
            parts.append(r"\s*/\s*")
        elif ch == "-":
            parts.append(r"\s*[-–]?\s*")
        elif ch in "ĐÐđ":
            parts.append("[ĐÐđ]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.I)


def _replace_number(printed: str, old: str | None, new: str) -> str:
    if not old:
        return printed
    m = _number_pattern(old).search(printed)
    return printed[:m.start()] + new + printed[m.end():] if m else printed


_DATE_RE = re.compile(rf"(?i:ngày)\s{{1,4}}{dates.DATE}")


def _replace_date(printed: str, issued: str | None) -> str:
    """The printed date replaced by the document's, in the printed style."""
    m = _DATE_RE.search(printed)
    if not m or not issued:
        return printed
    new = _dt.date.fromisoformat(issued)
    if dates.parse(m.group()) == new:
        return printed
    worded = "tháng" in m.group().lower()
    text = dates.vietnamese(new) if worded else f"ngày {new.day:02d}/{new.month:02d}/{new.year}"
    return printed[:m.start()] + text + printed[m.end():]
