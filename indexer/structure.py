"""Structure: Phần, Chương, Mục, Tiểu mục, Điều, Khoản, Điểm.

``parse(text)`` returns provisions in text order, each with a stable
anchor ("dieu-3-khoan-2-diem-b") and its parent. Inserted units keep
their printed label ("Điều 10a", "điểm a1"). Clauses and points are
only recognised inside an article.

New wording is not structure (ARCHITECTURE.md, "Amendments and versions"):
once a line ends an instruction that introduces it ("Điều 54 được sửa đổi,
bổ sung như sau:", "… như sau: “Điều 54. …"), the quoted block that follows
— from its opening quote to the matching closing one, and the quoted blocks
right after it — is text of the amending provision, never units of the
amending document. Where the quotes are missing (or never closed), an
instruction naming one unit ("Khoản 2 Điều 10 được sửa đổi như sau:")
followed by that unit's label takes the lines up to the next unit of the
amending document with the expected next number. A quote left open pairs
with a later one: the block ends before the amending document's next
instruction; a clause or point right after a closed block that is neither
an instruction nor the next unit is wording whose quotes are missing.
Each line is looked at a bounded number of times: linear.
"""
from __future__ import annotations

import re

from kb.identity import anchor as make_anchor
from kb.model import Provision
from kb.text import ARTICLE_LINE_RE, CLAUSE_LINE_RE, POINT_LINE_RE

_HEADS = [
    ("part", re.compile(r"^\s*(?:PHẦN|Phần)\s+(?P<n>[IVXLC]+|\d+|THỨ\s+\w+|thứ\s+\w+)\b\.?\s*(?P<rest>.*)$")),
    ("chapter", re.compile(r"^\s*(?:CHƯƠNG|Chương)\s+(?P<n>[IVXLC]+|\d+)\b\.?\s*(?P<rest>.*)$")),
    ("section", re.compile(r"^\s*(?:MỤC|Mục)\s+(?P<n>\d+|[IVXLC]+)\b\.?\s*(?P<rest>.*)$")),
    ("subsection", re.compile(r"^\s*(?:TIỂU MỤC|Tiểu mục)\s+(?P<n>\d+)\b\.?\s*(?P<rest>.*)$")),
    ("article", ARTICLE_LINE_RE),
]
_CLAUSE_RE = CLAUSE_LINE_RE
_POINT_RE = POINT_LINE_RE
_LABELS = {"part": "Phần", "chapter": "Chương", "section": "Mục", "subsection": "Tiểu mục",
           "article": "Điều", "clause": "Khoản", "point": "Điểm"}
_ANCHOR_WORDS = {"part": "phan", "chapter": "chuong", "section": "muc", "subsection": "tieu-muc",
                 "article": "dieu", "clause": "khoan", "point": "diem"}
_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "article": 4, "clause": 5, "point": 6}


def parse(text: str, article_only: str | None = None) -> list[Provision]:
    """Provisions of ``text``. With ``article_only`` ("88"), the text is the
    body of that one article and only its clauses and points are returned,
    under the article's anchor."""
    return _parse(text.split("\n"), article_only)[0]


def _parse(all_lines: list[str], article_only: str | None) -> tuple[list[Provision], int | None]:
    """(provisions, index of the line opening the first clause or point)."""
    out: list[Provision] = []
    stack: list[tuple[str, str, str]] = []     # (kind, number, anchor)
    if article_only is not None:
        stack.append(("article", article_only, make_anchor(("dieu", article_only))))
    current: Provision | None = None
    lines: list[str] = []       # current's text, joined once (adding to a str each line is quadratic)
    heading_next = False
    first_child = None
    quotes = _Quotes(all_lines)
    wording_until = -1          # lines up to this one are new wording, not units
    for i, line in enumerate(all_lines):
        kind, m = _match(line, stack) if i > wording_until else (None, None)
        if kind is None:
            if current is not None and heading_next and line.strip():
                current.heading, heading_next = line.strip(), False
            elif current is not None:
                if lines or line:
                    lines.append(line)
            if i > wording_until:
                wording_until = _new_wording_end(all_lines, i, stack, quotes)
            continue
        _close(current, lines)
        while stack and _LEVEL[stack[-1][0]] >= _LEVEL[kind]:
            stack.pop()
        if kind in ("clause", "point"):
            parts = [(_ANCHOR_WORDS[k], n) for k, n, _ in stack if k in ("article", "clause")]
            anchor = make_anchor(*parts, (_ANCHOR_WORDS[kind], m.group("n")))
            if first_child is None:
                first_child = i
        else:
            prefix = [(_ANCHOR_WORDS[k], n) for k, n, _ in stack if k != "article"] if kind != "article" else []
            anchor = make_anchor(*prefix, (_ANCHOR_WORDS[kind], m.group("n")))
        parent = stack[-1][2] if stack else None
        label = f"{_LABELS[kind]} {m.group('n')}"
        rest = (m.group("rest") or "").strip()
        heading = rest if kind not in ("clause", "point") else ""
        body = rest if kind in ("clause", "point") else ""
        heading_next = kind != "clause" and kind != "point" and not rest
        first = _CLAUSE_RE.match(rest) if kind == "article" else None
        if first is not None and first.group("n") == "1":
            # "Điều 2. 1. Luật này …": an article printed without a heading, its first clause on its line
            heading, heading_next = "", False
        current = Provision(anchor, label, kind, heading, body, parent)
        lines = [body] if body else []
        out.append(current)
        stack.append((kind, m.group("n"), anchor))
        if not heading and first is not None and first.group("n") == "1":
            _close(current, lines)
            clause_anchor = make_anchor(("dieu", m.group("n")), ("khoan", "1"))
            body = first.group("rest").strip()
            current = Provision(clause_anchor, "Khoản 1", "clause", "", body, anchor)
            lines = [body]
            out.append(current)
            stack.append(("clause", "1", clause_anchor))
            if first_child is None:
                first_child = i
        wording_until = _new_wording_end(all_lines, i, stack, quotes)
    _close(current, lines)
    return out, first_child


# --- new wording ---------------------------------------------------------------

# Quote marks: curly “ ” (also printed ‘‘ ’’), straight " (also '').
_QUOTE_RE = re.compile(r"[“”\"]|‘‘|’’|''")
_OPENS_AFTER = set(" \t\u00a0([:“‘-–")
# A line that ends an instruction introducing new wording: "… như sau:", "… như sau: “",
# "… vào sau Điều 5:", and "… như sau" printed without its colon.
_INTRODUCES_RE = re.compile(r"(?::|(?i:như\s{1,3}sau))[ \t]{0,3}(?:[“\"]|‘‘|'')?[ \t]{0,3}$")
# An amending instruction naming the unit whose new wording follows, unquoted.
_AMENDING_RE = re.compile(r"(?i:sửa\s{1,3}đổi|bổ\s{1,3}sung|thay\s{1,3}thế)")
_UNIT_NAMED_RE = re.compile(r"(?i:(?P<kind>điều|khoản|điểm))\s{1,3}(?P<n>\d{1,4}[a-zđ]?|[a-zđ]\d?)(?!\w)")
# A line that is itself an instruction: its label, then the verb.
_INSTRUCTION_RE = re.compile(
    r"\s{0,40}(?:(?:Điều|ĐIỀU)\s{1,3}\d{1,4}[a-zđ]?\s{0,2}[.:]|\d{1,3}[a-zđ]?\s{0,2}[.)]|[a-zđ]\d?\s{0,2}\))"
    r"\s{0,3}(?i:sửa\s{1,3}đổi|bổ\s{1,3}sung|bãi\s{1,3}bỏ|thay|bỏ)(?!\w)")
# An instruction that opens with its verb or with the unit it amends ("Khoản 2 Điều 10 được sửa đổi …").
_NAMES_ITS_UNIT_RE = re.compile(
    r"\s{0,40}(?:(?:Điều|ĐIỀU)\s{1,3}\d{1,4}[a-zđ]?\s{0,2}[.:]|\d{1,3}[a-zđ]?\s{0,2}[.)-]|[a-zđ]\d?\s{0,2}\))?\s{0,3}"
    r"(?i:sửa\s{1,3}đổi|bổ\s{1,3}sung|thay\s{1,3}thế|bãi\s{1,3}bỏ|bỏ"
    r"|(?:(?:các|một\s{1,3}số)\s{1,3})?(?:điều|khoản|điểm|tên)\s[^:\n]{0,200}?"
    r"(?:được|bị)\s{1,3}(?:sửa\s{1,3}đổi|bổ\s{1,3}sung|thay\s{1,3}thế))")
_UNQUOTED_SPAN = 400            # lines an unquoted block may run before the expected next unit
_LETTERS = "abcdđeghiklmnopqrstuvxy"


class _Quotes:
    """Every quote mark of a text, paired once (a stack per style): linear."""

    def __init__(self, lines: list[str]):
        self.on_line: dict[int, list[tuple[int, bool, int | None]]] = {}   # line → (col, opens, closing line)
        self.inline: dict[int, list[tuple[int, int, int]]] = {}    # line → (opening col, its width, closing col)
        stacks: dict[str, list[tuple[int, int]]] = {"curly": [], "straight": []}
        marks: list[list] = []
        for i, line in enumerate(lines):
            if '"' not in line and "“" not in line and "”" not in line and "‘" not in line \
                    and "’" not in line and "''" not in line:
                continue
            for q in _QUOTE_RE.finditer(line):
                ch = q.group()
                if ch in ("“", "‘‘"):
                    style, opens = "curly", True
                elif ch in ("”", "’’"):
                    style, opens = "curly", False
                else:
                    style = "straight"
                    opens = q.start() == 0 or line[q.start() - 1] in _OPENS_AFTER
                mark = [q.start(), opens, None, ch]
                self.on_line.setdefault(i, []).append(mark)
                marks.append(mark)
                if opens:
                    stacks[style].append((len(marks) - 1, i))
                elif stacks[style]:
                    k, opened_on = stacks[style].pop()
                    marks[k][2] = i
                    if opened_on == i:
                        self.inline.setdefault(i, []).append((marks[k][0], len(marks[k][3]), q.start()))
        for i, found in self.on_line.items():
            self.on_line[i] = [tuple(m[:3]) for m in found]

    def dangling(self, i: int) -> tuple[int, int | None] | None:
        """(column, closing line) of the first quote opened on line ``i`` and
        not closed on it (closing line None: never closed)."""
        for col, opens, closes in self.on_line.get(i, ()):
            if opens and closes != i:
                return col, closes
        return None

    def opening(self, i: int, line: str) -> tuple[bool, int | None]:
        """Does line ``i`` open with a quote, and on which line does it close?"""
        found = self.on_line.get(i)
        if not found or found[0][0] != len(line) - len(line.lstrip()) or not found[0][1]:
            return False, None
        return True, found[0][2]


def _new_wording_end(lines: list[str], i: int, stack, quotes: _Quotes) -> int:
    """The last line of the new wording that line ``i`` introduces; ``i`` when none."""
    line = lines[i]
    dangling = quotes.dangling(i)
    introduces = _INTRODUCES_RE.search(line) is not None
    if dangling is not None and not introduces:
        # "… như sau: “Điều 54. …": the quote opens on the instruction's own line
        before = line[:dangling[0]].rstrip()
        introduces = before.endswith(":") or re.search(r"(?i:như\s{1,3}sau)$", before) is not None
        end = dangling[1] if introduces else None
    elif dangling is not None:
        end = dangling[1]
    else:
        end = None
        if introduces and i + 1 < len(lines):
            opens, end = quotes.opening(i + 1, lines[i + 1])
            if not opens:
                return _unquoted_end(lines, i, stack)
    if not introduces:
        return i
    if end is None:             # opened, never closed: up to the next unit, as if unquoted
        return _expected_next(lines, i, stack) if _AMENDING_RE.search(line) else i
    while end + 1 < len(lines):                    # “4. …” then “5. …”: one run of new wording
        opens, closes = quotes.opening(end + 1, lines[end + 1])
        if not opens or closes is None:
            break
        end = closes
    end = _cut_at_next_unit(lines, i, end, stack)
    if end + 1 < len(lines) and _stray_wording(lines[end + 1], stack):
        # "“b) … c) …”" then "d) …" with its quote missing: wording up to the next unit
        further = _expected_next(lines, i, stack, start=end + 2)
        end = further if further > end else end
    return end


def _stray_wording(line: str, stack) -> bool:
    """A clause or point right after a closed block that is neither an instruction
    nor the amending document's next unit: new wording whose quotes are missing."""
    if not (_CLAUSE_RE.match(line) or _POINT_RE.match(line)) or _is_instruction(line):
        return False
    return not _next_unit(line, _expectation(stack), heads=True, instruction=False)


def _cut_at_next_unit(lines: list[str], i: int, end: int, stack) -> int:
    """A quote left open pairs with a later one: the block then runs over the
    next instructions of the amending document. It ends before the first
    unquoted line that is one: the next article, or the next sibling of the
    instruction's unit opening with its verb ("11. Sửa đổi …")."""
    expect = _expectation(stack)
    first = i + 1       # the first line of wording is the amended unit's own label ("Điều 58." after "“")
    while first <= end and lines[first].strip() in ("", "“", '"', "‘‘", "''"):
        first += 1
    for j in range(first + 1, end + 1):
        if _next_unit(lines[j], expect, heads=False, instruction=True):
            return j - 1
    return end


def _expectation(stack) -> tuple[str | None, str | None, str | None]:
    """The numbers the amending document's next units would print: (next
    article, next clause, next point) after the units line ``i`` sits in."""
    def after(kind):
        n = next((n for k, n, _ in reversed(stack) if k == kind), None)
        return _next_number(n) if n else None
    return after("article"), after("clause"), after("point")


def _next_unit(line: str, expect, heads: bool, instruction: bool) -> bool:
    """Is ``line`` the amending document's next unit: its next article (or, with
    ``heads``, a part, chapter or section), its next clause or point (with
    ``instruction``, only when the line opens with a verb)?"""
    nxt_article, nxt_clause, nxt_point = expect
    for kind, rx in (_HEADS if heads else _HEADS[-1:]):
        m = rx.match(line)
        if m and (kind != "article" or m.group("n") == nxt_article):
            return True
    m = _CLAUSE_RE.match(line) if nxt_clause else None
    hit = m is not None and m.group("n") == nxt_clause
    if not hit and nxt_point:
        m = _POINT_RE.match(line)
        hit = m is not None and m.group("n") == nxt_point
    return hit and (not instruction or _is_instruction(line))


def _is_instruction(line: str) -> bool:
    """"11. Sửa đổi …", "b) Khoản 3 được sửa đổi như sau:": an amending instruction of its own
    (its verb first, or the unit it amends; "5. Hình thức xử phạt bổ sung:" is not one)."""
    return bool(_INSTRUCTION_RE.match(line) or _NAMES_ITS_UNIT_RE.match(line))


def _unquoted_end(lines: list[str], i: int, stack) -> int:
    """New wording printed without quotes: only after an amending instruction
    naming a unit ("Khoản 2 Điều 10 được sửa đổi như sau:"), when the next
    line opens with that unit's label ("2. …")."""
    line = lines[i]
    if not _NAMES_ITS_UNIT_RE.match(line) or _is_instruction(lines[i + 1]):
        return i            # "a) Sửa đổi điểm a khoản 2 như sau:": an instruction of its own, not wording
    nxt = lines[i + 1]
    # the wording opens with the label of a unit the instruction names ("Điều 56 được bổ sung khoản 5": "5.")
    for m in _UNIT_NAMED_RE.finditer(line, 0, 400):
        kind, n = m.group("kind").lower(), re.escape(m.group("n"))
        label = {"điều": rf"\s{{0,40}}(?:Điều|ĐIỀU)\s{{1,3}}{n}(?!\w)", "khoản": rf"\s{{0,40}}{n}\s{{0,2}}[.)]",
                 "điểm": rf"\s{{0,40}}{n}\s{{0,2}}\)"}[kind]
        if re.match(label, nxt):
            return _expected_next(lines, i, stack)
    return i


def _expected_next(lines: list[str], i: int, stack, start: int | None = None) -> int:
    """The line before the next unit of the amending document (its next
    article, the next sibling of the unit line ``i`` belongs to, or a part,
    chapter or section head), looked for from ``start`` (the line after the
    first one of the wording); ``i`` when none comes within reach."""
    expect = _expectation(stack)
    start = i + 2 if start is None else start
    for j in range(start, min(len(lines), start + _UNQUOTED_SPAN)):
        # new wording never holds an instruction of the amending document
        if _next_unit(lines[j], expect, heads=True, instruction=False) or _is_instruction(lines[j]):
            return j - 1
    return i


def _next_number(label: str) -> str | None:
    """"5" and "5a" → "6"; "b" and "b1" → "c" (the letters of point labels)."""
    digits = re.match(r"\d+", label)
    if digits:
        return str(int(digits.group()) + 1)
    k = _LETTERS.find(label[:1])
    return _LETTERS[k + 1] if 0 <= k < len(_LETTERS) - 1 else None


def _close(current: Provision | None, lines: list[str]) -> None:
    if current is not None:
        current.text = "\n".join(lines)


def _match(line: str, stack) -> tuple[str | None, re.Match | None]:
    for kind, rx in _HEADS:
        m = rx.match(line)
        if m:
            return kind, m
    in_article = any(k == "article" for k, _, _ in stack)
    if not in_article:
        return None, None
    m = _POINT_RE.match(line)
    if m and any(k == "clause" for k, _, _ in stack):
        return "point", m
    m = _CLAUSE_RE.match(line)
    if m:
        return "clause", m
    return None, None


def split_intro(text: str, article: str) -> str:
    """The lines of an article's text before its first clause: the article's
    own text, once its clauses and points are provisions of their own."""
    lines = text.split("\n")
    _, first = _parse(lines, article)
    return text if first is None else "\n".join(lines[:first])
