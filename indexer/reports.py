"""Reports: sections from the report's own headings, and the report's date.

Headings as real reports print them: "I.", "II." (Roman), "1.", "2.1.",
"4.2." (Arabic, dotted), "a)", and "-" items; with real-world errors kept
as printed — a number repeated ("2.1." twice), a number skipped ("4."
then "4.2." … or "4.2." with no "4.1."), no space after the number
("2.1.Về …"). The tree is what the report shows; every inconsistency is
listed as a remark, never fixed silently.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from indexer.sources import SourceText
from kb import dates
from kb.citations import extract as extract_citations
from kb.trace import PROBLEM_LABELS, Traced, trace

_ROMAN = r"(?P<roman>[IVXLC]{1,6})\."
_DOTTED = r"(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3})\.?"
_ARABIC = r"(?P<arabic>\d{1,2})\."
_LETTER = r"(?P<letter>[a-zđ])\)"
_DASH = r"(?P<dash>[-–])"
# A Markdown heading mark ("## II. …") or bold mark ("**1. …**") may come first.
_HEADING_RE = re.compile(
    rf"^[ \t]*(?:\#{{1,6}}[ \t]+|\*\*)?(?P<number>{_ROMAN}|{_DOTTED}|{_ARABIC}|{_LETTER}|{_DASH})(?P<space>[ \t]*)(?P<title>\S[^\n]{{0,300}})$", re.M)
_KIND_LINE_RE = re.compile(r"^[ \t]*(BÁO CÁO|KẾ HOẠCH|TỜ TRÌNH|CHƯƠNG TRÌNH|ĐỀ ÁN|DỰ THẢO)[ \t]*$", re.M)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PLACE_DATE_RE = re.compile(rf"^[^\n,]{{2,40}},\s*(?i:ngày)\s+{dates.DATE}", re.M)


@dataclass
class Section:
    number: str                   # as printed: "2.1."
    title: str
    start: int
    end: int = 0
    parent: int | None = None     # index of the parent section
    level: int = 0
    remarks: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"number": self.number, "title": self.title, "start": self.start, "end": self.end,
                "parent": self.parent, "level": self.level, "remarks": self.remarks}


def sections(text: str, bold: list[tuple[int, int]] | None = None) -> list[Section]:
    """The report's sections in order, each to the start of the next one.

    ``bold`` lists the spans of whole-bold paragraphs (a .docx heading whose
    number Word draws itself is not in the text): each one that is not
    already a numbered heading becomes an unnumbered one.
    """
    out: list[Section] = []
    stack: list[int] = []
    for h in _headings(text, bold or []):
        while stack and out[stack[-1]].level >= h.level:
            stack.pop()
        h.parent = stack[-1] if stack else None
        out.append(h)
        stack.append(len(out) - 1)
    for i, s in enumerate(out):
        s.end = out[i + 1].start if i + 1 < len(out) else len(text)
    _remark_numbering(out)
    return out


def _headings(text: str, bold: list[tuple[int, int]]) -> list[Section]:
    """Numbered headings from the text, and bold lines the format marks,
    in text order, each with its level but no parent yet."""
    numbered: list[Section] = []
    for m in _HEADING_RE.finditer(text):
        level, number = _level(m)
        if level is None or not _looks_like_heading(m, level):
            continue
        s = Section(number, m.group("title").strip().rstrip("*").rstrip(), m.start(), level=level)
        if not m.group("space") and level < 5:
            s.remarks.append(f"không có khoảng trắng sau số mục “{number}”")
        numbered.append(s)
    return _with_bold_lines(text, numbered, bold)


def _with_bold_lines(text: str, numbered: list[Section], bold: list[tuple[int, int]]) -> list[Section]:
    """Add the unnumbered bold lines: after the first numbered heading (the
    bold lines before it are the letterhead and the title), or after the
    header's place and date when the report numbers nothing."""
    if not bold:
        return numbered
    begin = numbered[0].start if numbered else _header_end(text)
    taken = {s.start for s in numbered}
    out = list(numbered)
    for start, end in bold:
        line = text[start:end]
        title = line.strip().lstrip("#").strip().strip("*").strip()
        at = start + (len(line) - len(line.lstrip()))
        if start in taken or at in taken or start < begin or not title or len(title) > 160 or title.endswith((";", ",")):
            continue
        out.append(Section("", title, at, level=0))
    out.sort(key=lambda s: s.start)
    _level_bold_lines(out)
    return out


def _header_end(text: str) -> int:
    """Where the header ends: after the place and date, and after the kind
    line ("BÁO CÁO") with the title line under it."""
    end = 0
    m = _PLACE_DATE_RE.search(text[:3000])
    if m:
        end = m.end()
    k = _KIND_LINE_RE.search(text[:5000])
    if k:
        title_end = text.find("\n", text.find("\n", k.end()) + 1)
        end = max(end, title_end if title_end >= 0 else len(text))
    return end


def _level_bold_lines(secs: list[Section]) -> None:
    """An unnumbered bold line in capitals is a top heading; another one
    sits under the innermost numbered heading before it."""
    current = 0
    for s in secs:
        if s.number:
            current = s.level
        elif s.title.upper() == s.title:
            s.level = 1
        else:
            s.level = min(current + 1, 5)


def _level(m: re.Match) -> tuple[int | None, str]:
    """The heading's depth, and its number as printed ("2.5", "2.1.", "a)", "-")."""
    number = m.group("number")
    if m.group("roman"):
        return 1, number
    if m.group("dotted"):
        return 2 + m.group("dotted").count("."), number
    if m.group("arabic"):
        return 2, number
    if m.group("letter"):
        return 5, number
    return 6, number


def _looks_like_heading(m: re.Match, level: int) -> bool:
    """A heading is short; a numbered paragraph of running text is not one,
    nor an item of a list ("- Sở Nội vụ;")."""
    title = m.group("title").rstrip()
    if level == 1:
        return True
    if level == 6:
        return len(title) <= 80 and not title.endswith((";", ",", ".", ":")) and title[0].isupper()
    return len(title) <= 160 and not title.endswith((";", ","))


def _remark_numbering(secs: list[Section]) -> None:
    """Repeated and skipped numbers among siblings, as remarks."""
    children: dict[int | None, list[Section]] = {}
    for s in secs:
        children.setdefault(s.parent, []).append(s)
    for parent, sibs in children.items():
        seen: dict[str, int] = {}
        previous = None
        for s in sibs:
            if s.level == 6 or not s.number:
                continue          # "-" items and bold lines carry no number
            key = s.number.rstrip(".)")
            if key in seen:
                s.remarks.append(f"số mục “{s.number}” lặp lại")
            seen[key] = seen.get(key, 0) + 1
            value = _value(key)
            if previous is not None and value is not None and value not in (previous, previous + 1):
                s.remarks.append(f"số mục nhảy từ {previous} lên {value}")
            if value is not None and previous is None and value > 1 and s.level >= 2:
                s.remarks.append(f"mục đầu tiên mang số {value}, thiếu các số trước")
            previous = value if value is not None else previous


def _value(key: str) -> int | None:
    last = key.split(".")[-1]
    if last.isdigit():
        return int(last)
    if re.fullmatch(r"[IVXLC]+", last):
        total = 0
        for i, ch in enumerate(last):
            v = _ROMAN_VALUES[ch]
            total += -v if i + 1 < len(last) and _ROMAN_VALUES[last[i + 1]] > v else v
        return total
    if re.fullmatch(r"[a-zđ]", last):
        return "abcdđeghiklmnopqrstuvxy".index(last) + 1 if last in "abcdđeghiklmnopqrstuvxy" else None
    return None


def section_of(secs: list[Section], offset: int) -> int | None:
    """Index of the innermost section containing ``offset``."""
    best = None
    for i, s in enumerate(secs):
        if s.start <= offset < s.end:
            best = i
    return best


def report_date(text: str) -> _dt.date | None:
    """The date in the report's header ("Hà Tĩnh, ngày … tháng … năm …"), if it has one."""
    m = _PLACE_DATE_RE.search(text[:3000])
    return dates.parse(m.group()) if m else None


@dataclass
class ReportTrace:
    """A report traced to the KB: its date and where that came from, its
    sections, and each citation with its section, status and problems."""

    text: str
    report_date: _dt.date | None
    date_source: str | None          # "header", "given", or None when unknown
    lower_bound: _dt.date | None     # the latest date cited, when the date is unknown
    sections: list[Section]
    traced: list[Traced]
    section_of: list[int | None]     # the section of each traced citation

    def with_problems(self) -> list[tuple[int, Traced]]:
        """Citations with a problem, most urgent first, then in text order."""
        order = {p: i for i, p in enumerate(PROBLEM_LABELS)}
        hits = [(i, t) for i, t in enumerate(self.traced) if t.problems]
        return sorted(hits, key=lambda it: (min(order.get(p, 99) for p in it[1].problems), it[1].citation.start))

    def fix_first(self) -> list[list[int]]:
        """What to fix, each problem once: the citations of one document (or
        one printed number) that have the same problems, together; most urgent
        first, then in the order of their first mention. Nothing is left out."""
        groups: dict[tuple, list[int]] = {}
        for i, t in self.with_problems():
            target = t.document or t.citation.number or t.suggestion or " ".join(t.citation.text.split()).lower()
            groups.setdefault((target, tuple(sorted(t.problems))), []).append(i)
        return list(groups.values())

    def problem_counts(self) -> dict[str, int]:
        counts = {p: 0 for p in PROBLEM_LABELS}
        for t in self.traced:
            for p in set(t.problems):
                counts[p] = counts.get(p, 0) + 1
        return {p: n for p, n in counts.items() if n}

    def in_section(self, index: int) -> list[int]:
        """The citations of a section and of the sections under it."""
        inside = set(_descendants(self.sections, index))
        return [i for i, s in enumerate(self.section_of) if s in inside]

    def to_json(self) -> dict:
        return {
            "report_date": self.report_date.isoformat() if self.report_date else None,
            "report_date_source": self.date_source,
            "report_date_lower_bound": self.lower_bound.isoformat() if self.lower_bound else None,
            "sections": [s.to_json() for s in self.sections],
            "citations": [t.to_json(s) for t, s in zip(self.traced, self.section_of)],
        }


def _descendants(secs: list[Section], index: int) -> list[int]:
    out = [index]
    for i in range(index + 1, len(secs)):
        if secs[i].parent in out:
            out.append(i)
    return out


_MD_HEADING_RE = re.compile(r"^#{1,6}[ \t]+\S[^\n]*$", re.M)


def _markdown_headings(text: str) -> list[tuple[int, int]]:
    """"## Kết quả" lines: headings of a Markdown report, like bold lines."""
    return [(m.start(), m.end()) for m in _MD_HEADING_RE.finditer(text)]


# Traces by content digest: viewing a report again, or the same paste from
# another reader, costs a lookup, not a trace. Keyed by the KB file (its path,
# size and mtime: a new build, or a store being written, misses), the text and
# its bold paragraphs, the dates; at most _TRACES_MAX, least recently used out.
# A cached trace is shared: callers read it, never change it.
_TRACES: OrderedDict = OrderedDict()
_TRACES_MAX = 64
_TRACES_LOCK = threading.Lock()


def _trace_key(db, source: SourceText, as_of, today) -> tuple | None:
    try:
        path = db.execute("PRAGMA database_list").fetchone()[2]
        st = os.stat(path) if path else None
    except (sqlite3.Error, OSError, TypeError):
        return None
    if st is None:
        return None     # an in-memory store: nothing stable to key on
    h = hashlib.sha256(source.text.encode("utf-8", "surrogatepass"))
    for p in source.paragraphs:
        if p.bold:
            h.update(f"|{p.start}:{p.end}".encode())
    return (path, st.st_size, st.st_mtime_ns, h.hexdigest(), as_of, today or _dt.date.today())


def trace_report(db, source: SourceText, as_of: _dt.date | None = None,
                 today: _dt.date | None = None) -> ReportTrace:
    """Trace a report read by a source reader. ``as_of`` is the date the user
    gives; it wins over the header's date (the user knows better). Cached by
    content digest (see ``_TRACES``)."""
    key = _trace_key(db, source, as_of, today)
    if key is not None:
        with _TRACES_LOCK:
            hit = _TRACES.get(key)
            if hit is not None:
                _TRACES.move_to_end(key)
                return hit
    rt = _trace_report(db, source, as_of, today)
    if key is not None:
        with _TRACES_LOCK:
            _TRACES[key] = rt
            while len(_TRACES) > _TRACES_MAX:
                _TRACES.popitem(last=False)
    return rt


def _trace_report(db, source: SourceText, as_of: _dt.date | None, today: _dt.date | None) -> ReportTrace:
    text = source.text
    header_date = report_date(text)
    day = as_of or header_date
    citations = extract_citations(text)
    bold = [(p.start, p.end) for p in source.paragraphs if p.bold] + _markdown_headings(text)
    secs = sections(text, bold)
    traced = trace(db, citations, day, today)
    lower = None if day else max((c.issued for c in citations if c.issued), default=None)
    return ReportTrace(text, day, "given" if as_of else ("header" if header_date else None), lower,
                       secs, traced, [section_of(secs, t.citation.start) for t in traced])


def report_title(text: str, fallback: str) -> str:
    """"BÁO CÁO" and the line under it ("Kết quả công tác …"), as the header
    prints them; else the report's first line when it is short (a title);
    else ``fallback``."""
    m = _KIND_LINE_RE.search(text[:5000])
    if m:
        rest = text[m.end():].lstrip("\n")
        line = rest.split("\n", 1)[0].strip()
        kind = m.group(1).capitalize()
        return f"{kind} {line[0].lower() + line[1:]}" if line and len(line) <= 200 else kind
    first = next((line.strip() for line in text[:5000].split("\n") if line.strip()), "")
    if first and len(first) <= 120 and not _HEADING_RE.match(first):
        return first
    return fallback
