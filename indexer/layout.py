"""Layout pass: the text of a document without the noise of its pages,
with hard-wrapped lines joined again, and a map back to the original.

Runs before the header, structure and effects are read. What it removes,
line by line (never part of a line):

- running heads of the official gazette: "CÔNG BÁO/Số 45 + 46/Ngày
  15-02-2019", with or without the page number beside them;
- bare page numbers ("12", "- 12 -", "Trang 12/40") standing next to a
  running head or a form feed, and "- 12 -" / "Trang 12" anywhere on a
  line of their own;
- the block of a digital signature ("Người ký: …", "Ký bởi: …", "Email:
  …", "Cơ quan: …", "Thời gian ký: …", a bare timestamp): two or more
  such lines together, one of them naming the signature itself;
- the blank lines around what it removed, so that a sentence cut by a
  page break reads on.

What it joins: a text saved hard-wrapped (no line over 100 characters,
many near one width) has its lines joined where the break was forced —
the next line's first word would not have fitted on the line — unless
the next line starts a unit of its own (Điều, Chương, "1.", "a)", "-"),
is indented deeper than the text's margin (a new paragraph), or either
line is laid out in columns (three or more spaces inside it). A text
written one paragraph a line is left as it is.

Offsets: ``Layout.original(i)`` is the offset in the original text of
character ``i`` of the cleaned one; every character of the cleaned text
is a character of the original, except the single space that replaces
a line break (and what was removed with it) where two lines were
joined, which maps to that line break.

Linear: one pass over the lines, each tested by anchored patterns with
bounded quantifiers.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

__all__ = ["Layout", "clean"]

_RUNNING_HEAD_RE = re.compile(
    r"(?:\d{1,4}[ \t]{1,80})?(?i:công[ \t]{0,3}báo)[ \t]{0,3}/[ \t]{0,3}(?i:số)[^\n]{0,60}?/[ \t]{0,3}"
    r"(?i:ngày)[ \t]{0,3}\d{1,2}[ \t]{0,2}[-/.][ \t]{0,2}\d{1,2}[ \t]{0,2}[-/.][ \t]{0,2}\d{4}"
    r"(?:[ \t]{1,80}\d{1,4})?")
_PAGE_NUMBER_RE = re.compile(r"-?[ \t]{0,3}\d{1,4}[ \t]{0,3}-?|(?i:trang)[ \t]{1,3}\d{1,4}(?:[ \t]{0,2}/[ \t]{0,2}\d{1,4})?")
_PAGE_MARK_RE = re.compile(r"-[ \t]{0,3}\d{1,4}[ \t]{0,3}-|(?i:trang)[ \t]{1,3}\d{1,4}(?:[ \t]{0,2}/[ \t]{0,2}\d{1,4})?")
_SIGNATURE_RE = re.compile(
    r"(?i:người[ \t]{1,3}ký|ký[ \t]{1,3}bởi|thời[ \t]{1,3}gian[ \t]{1,3}ký|ngày[ \t]{1,3}ký|signed[ \t]{1,3}by|"
    r"signature[ \t]{1,3}(?:not[ \t]{1,3})?(?:valid|verified)|e-?mail|cơ[ \t]{1,3}quan|chức[ \t]{1,3}vụ|"
    r"đơn[ \t]{1,3}vị|date)[ \t]{0,3}:[^\n]{0,200}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}[ \t]{1,3}\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]{0,2}[+-]\d{2}:?\d{2})?")
_SIGNATURE_ANCHOR_RE = re.compile(r"(?i:người[ \t]{1,3}ký|ký[ \t]{1,3}bởi|thời[ \t]{1,3}gian[ \t]{1,3}ký|signed|signature)")
# A line that starts a unit of its own: never the tail of the line before.
_UNIT_START_RE = re.compile(
    r"(?:(?:Điều|ĐIỀU)[ \t]{1,3}\d{1,4}[a-zđ]?[ \t]{0,2}(?:[.:]|$)"
    r"|(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Tiểu[ \t]mục)[ \t]{1,3}(?:[IVXLC]{1,7}|\d{1,3}|thứ|THỨ)\b"
    r"(?=[ \t]*$|[ \t]*[.:–-]|[ \t]{1,3}[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])"
    r"|(?:PHỤ[ \t]{1,3}LỤC|Phụ[ \t]{1,3}lục|Nơi[ \t]{1,3}nhận|NƠI[ \t]{1,3}NHẬN)\b"
    r"|\d{1,3}[ \t]{0,2}[.)][ \t]|\d{1,3}\.\d{1,3}\.?[ \t]|[a-zđ][ \t]{0,2}\)[ \t]|[IVXLC]{1,7}[ \t]{0,2}[.)-][ \t]|[-–+•*][ \t])")
_HEADING_RE = re.compile(r"(?:Điều|ĐIỀU)[ \t]{1,3}\d{1,4}[a-zđ]?[ \t]{0,2}(?:[.:]|$)|(?:CHƯƠNG|PHẦN|MỤC)[ \t]")
_GAP_RE = re.compile(r"\S(?: {3,}|\t)\S")
_WIDE = 100                   # a line longer than this is a paragraph, not a wrapped line


@dataclass
class Layout:
    """The cleaned text and the map of its pieces to the original."""

    text: str
    _clean: list[int] = field(default_factory=list)     # start of each piece in ``text``
    _orig: list[int] = field(default_factory=list)      # …and in the original
    removed: list[tuple[int, int]] = field(default_factory=list)   # spans of the original left out
    joined: int = 0                                      # line breaks read as spaces

    def original(self, i: int) -> int:
        """Offset in the original text of offset ``i`` of the cleaned text."""
        k = bisect.bisect_right(self._clean, i) - 1
        if k < 0:
            return i
        return self._orig[k] + (i - self._clean[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.original(start), (self.original(end - 1) + 1 if end > start else self.original(start))


def _fullmatch(rx: re.Pattern, s: str) -> bool:
    return rx.fullmatch(s) is not None


def clean(text: str) -> Layout:
    """The text without page noise, hard-wrapped lines joined."""
    raw = text.replace("\f", "\n") if "\f" in text else text
    lines = raw.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    stripped = [line.strip() for line in lines]
    # lines that start a page (after a form feed)
    page_start = [bool(i) and text[starts[i] - 1] == "\f" for i in range(len(lines))] if "\f" in text else None
    noise = _noise(stripped, page_start)
    wrap = _wrap_width(lines, noise)
    margin = _margin(lines, noise) if wrap else 0
    # paragraphs marked by indentation (a layout text): a line at the margin
    # then continues the one before, even when it opens with "-" or "Mục 5"
    indented = bool(wrap) and _indented_paragraphs(lines, noise, margin)

    out: list[str] = []
    clean_starts: list[int] = []
    orig_starts: list[int] = []
    removed: list[tuple[int, int]] = []
    n = 0
    joined = 0
    prev: int | None = None       # index of the last non-blank line kept, when no blank line followed it
    first = True

    def piece(s: str, orig: int) -> None:
        """Append ``s``, read from ``orig`` in the original; a new map entry
        only where the two texts stop running side by side."""
        nonlocal n
        if not clean_starts or orig - n != orig_starts[-1] - clean_starts[-1]:
            clean_starts.append(n)
            orig_starts.append(orig)
        out.append(s)
        n += len(s)

    for i, line in enumerate(lines):
        if noise[i]:
            removed.append((starts[i], starts[i] + len(line)))
            continue
        body = line.rstrip()
        if prev is not None and body and wrap and _joins(lines[prev].rstrip(), body, wrap, margin, indented):
            lead = len(body) - len(body.lstrip())
            piece(" ", starts[i] - 1)
            piece(body[lead:], starts[i] + lead)
            joined += 1
        else:
            if not first:
                piece("\n", starts[i] - 1)
            if body:
                piece(body, starts[i])
        first = False
        prev = i if body else None
    result = "".join(out)
    return Layout(result, clean_starts, orig_starts, removed, joined)


def _noise(stripped: list[str], form_feed: list[bool] | None) -> list[bool]:
    """Which lines are page noise (blank lines around noise included)."""
    n = len(stripped)
    noise = [False] * n
    heads = [bool(s) and len(s) < 200 and ("BÁO" in s or "báo" in s or "Báo" in s) and _fullmatch(_RUNNING_HEAD_RE, s)
             for s in stripped]
    for i in range(n):
        s = stripped[i]
        if not s or len(s) > 240:
            continue
        if heads[i]:
            noise[i] = True
        elif len(s) > 16:
            continue
        elif _fullmatch(_PAGE_MARK_RE, s):
            noise[i] = True
        elif _fullmatch(_PAGE_NUMBER_RE, s) and (_near(heads, stripped, i) or (form_feed and _near(form_feed, stripped, i))):
            noise[i] = True
    # digital-signature blocks: a run of two or more signature lines, one naming the signature
    i = 0
    while i < n:
        if stripped[i] and len(stripped[i]) < 240 and ":" in stripped[i] and _fullmatch(_SIGNATURE_RE, stripped[i]):
            j = i
            run = []
            while j < n and (not stripped[j] or (len(stripped[j]) < 240 and _fullmatch(_SIGNATURE_RE, stripped[j]))):
                if stripped[j]:
                    run.append(j)
                j += 1
            if len(run) >= 2 and any(_SIGNATURE_ANCHOR_RE.match(stripped[k]) for k in run):
                for k in run:
                    noise[k] = True
            i = max(j, i + 1)
        else:
            i += 1
    # blank lines touching noise go with it
    for i in range(n):
        if noise[i]:
            for step in (-1, 1):
                k = i + step
                while 0 <= k < n and not stripped[k] and not noise[k]:
                    noise[k] = True
                    k += step
    return noise


def _near(flags, stripped: list[str], i: int) -> bool:
    """Is a flagged line within two non-blank lines of line ``i``?"""
    for step in (-1, 1):
        k, seen = i + step, 0
        while 0 <= k < len(stripped) and seen < 2:
            if flags[k]:
                return True
            if stripped[k]:
                seen += 1
            k += step
    return False


def _wrap_width(lines: list[str], noise: list[bool]) -> int:
    """The width a hard-wrapped text was wrapped at; 0 when it was not."""
    lengths = [len(line.rstrip()) for line, x in zip(lines, noise) if not x and line.strip()
               and not _GAP_RE.search(line.strip())]
    medium = [x for x in lengths if x >= 50]
    if len(medium) < 5:
        return 0
    wide = sum(1 for x in lengths if x > _WIDE)
    if wide > max(2, len(medium) // 50):
        return 0
    # the 95th percentile: a few lines longer than the width (a word too long
    # to break, a row of a table) do not make the width
    medium.sort()
    return medium[(len(medium) - 1) * 95 // 100]


def _margin(lines: list[str], noise: list[bool]) -> int:
    """The most common indentation of the text's lines (its left margin)."""
    counts: dict[int, int] = {}
    for line, x in zip(lines, noise):
        if not x and line.strip():
            k = len(line) - len(line.lstrip(" "))
            counts[k] = counts.get(k, 0) + 1
    return max(counts, key=counts.get) if counts else 0


def _indented_paragraphs(lines: list[str], noise: list[bool], margin: int) -> bool:
    kept = [line for line, x in zip(lines, noise) if not x and line.strip()]
    deeper = sum(1 for line in kept if len(line) - len(line.lstrip(" ")) > margin + 1)
    return deeper >= max(3, len(kept) // 20)


def _joins(prev: str, line: str, width: int, margin: int, indented: bool = False) -> bool:
    """Was the break between ``prev`` and ``line`` forced by the width?"""
    if _GAP_RE.search(prev.strip()) or _GAP_RE.search(line.strip()):
        return False
    lead = len(line) - len(line.lstrip(" "))
    if lead > margin + 1:
        return False
    head = line.lstrip()
    first = head.split(" ", 1)[0]
    if len(prev) + 1 + len(first) <= width - 2:
        return False
    if indented and lead <= margin:
        if _HEADING_RE.match(head):
            return False
    elif _UNIT_START_RE.match(head):
        return False
    if prev.endswith((".", ";", ":", "!", "?")) and head[:1].isupper():
        return False
    return True
