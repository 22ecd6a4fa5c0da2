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
import re
from dataclasses import dataclass, field

from kb import dates

_ROMAN = r"(?P<roman>[IVXLC]{1,6})\."
_DOTTED = r"(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3})\.?"
_ARABIC = r"(?P<arabic>\d{1,2})\."
_LETTER = r"(?P<letter>[a-zđ])\)"
_DASH = r"(?P<dash>[-–])"
_HEADING_RE = re.compile(
    rf"^[ \t]*(?P<number>{_ROMAN}|{_DOTTED}|{_ARABIC}|{_LETTER}|{_DASH})(?P<space>[ \t]*)(?P<title>\S[^\n]{{0,300}})$", re.M)
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


def sections(text: str) -> list[Section]:
    """The report's sections in order, each to the start of the next one."""
    out: list[Section] = []
    stack: list[int] = []
    for m in _HEADING_RE.finditer(text):
        level, number = _level(m)
        if level is None or not _looks_like_heading(m, level):
            continue
        while stack and out[stack[-1]].level >= level:
            stack.pop()
        s = Section(number, m.group("title").strip(), m.start(), level=level,
                    parent=stack[-1] if stack else None)
        if not m.group("space") and level < 5:
            s.remarks.append(f"không có khoảng trắng sau số mục “{number}”")
        out.append(s)
        stack.append(len(out) - 1)
    for i, s in enumerate(out):
        s.end = out[i + 1].start if i + 1 < len(out) else len(text)
    _remark_numbering(out)
    return out


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
            if s.level == 6:
                continue          # "-" items carry no number
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
