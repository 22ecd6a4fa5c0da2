"""Structure: Phần, Chương, Mục, Tiểu mục, Điều, Khoản, Điểm.

``parse(text)`` returns provisions in text order, each with a stable
anchor ("dieu-3-khoan-2-diem-b") and its parent. Inserted units keep
their printed label ("Điều 10a", "điểm a1"). Clauses and points are
only recognised inside an article.
"""
from __future__ import annotations

import re

from kb.identity import anchor as make_anchor
from kb.model import Provision

_HEADS = [
    ("part", re.compile(r"^\s*(?:PHẦN|Phần)\s+(?P<n>[IVXLC]+|\d+|THỨ\s+\w+|thứ\s+\w+)\b\.?\s*(?P<rest>.*)$")),
    ("chapter", re.compile(r"^\s*(?:CHƯƠNG|Chương)\s+(?P<n>[IVXLC]+|\d+)\b\.?\s*(?P<rest>.*)$")),
    ("section", re.compile(r"^\s*(?:MỤC|Mục)\s+(?P<n>\d+|[IVXLC]+)\b\.?\s*(?P<rest>.*)$")),
    ("subsection", re.compile(r"^\s*(?:TIỂU MỤC|Tiểu mục)\s+(?P<n>\d+)\b\.?\s*(?P<rest>.*)$")),
    # "Điều 3. Heading", "Điều 3: Heading", or "Điều 3" alone, its heading on the next line
    ("article", re.compile(r"^\s*(?:Điều|ĐIỀU)\s+(?P<n>\d{1,4}[a-zđ]?)(?:\s*[.:]\s*(?P<rest>.*)|\s*(?P<alone>))$")),
]
_CLAUSE_RE = re.compile(r"^\s*(?P<n>\d{1,3}[a-zđ]?)\s*[.)-]\s*(?P<rest>\S.*)$")
_POINT_RE = re.compile(r"^\s*(?P<n>[a-zđ]\d?)\s*\)\s*(?P<rest>.*)$")
_LABELS = {"part": "Phần", "chapter": "Chương", "section": "Mục", "subsection": "Tiểu mục",
           "article": "Điều", "clause": "Khoản", "point": "Điểm"}
_ANCHOR_WORDS = {"part": "phan", "chapter": "chuong", "section": "muc", "subsection": "tieu-muc",
                 "article": "dieu", "clause": "khoan", "point": "diem"}
_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "article": 4, "clause": 5, "point": 6}


def parse(text: str, article_only: str | None = None) -> list[Provision]:
    """Provisions of ``text``. With ``article_only`` ("88"), the text is the
    body of that one article and only its clauses and points are returned,
    under the article's anchor."""
    out: list[Provision] = []
    stack: list[tuple[str, str, str]] = []     # (kind, number, anchor)
    if article_only is not None:
        stack.append(("article", article_only, make_anchor(("dieu", article_only))))
    current: Provision | None = None
    lines: list[str] = []       # current's text, joined once (adding to a str each line is quadratic)
    heading_next = False
    for line in text.split("\n"):
        kind, m = _match(line, stack)
        if kind is None:
            if current is not None and heading_next and line.strip():
                current.heading, heading_next = line.strip(), False
            elif current is not None:
                if lines or line:
                    lines.append(line)
            continue
        _close(current, lines)
        while stack and _LEVEL[stack[-1][0]] >= _LEVEL[kind]:
            stack.pop()
        if kind in ("clause", "point"):
            parts = [(_ANCHOR_WORDS[k], n) for k, n, _ in stack if k in ("article", "clause")]
            anchor = make_anchor(*parts, (_ANCHOR_WORDS[kind], m.group("n")))
        else:
            prefix = [(_ANCHOR_WORDS[k], n) for k, n, _ in stack if k != "article"] if kind != "article" else []
            anchor = make_anchor(*prefix, (_ANCHOR_WORDS[kind], m.group("n")))
        parent = stack[-1][2] if stack else None
        label = f"{_LABELS[kind]} {m.group('n')}"
        rest = (m.group("rest") or "").strip()
        heading = rest if kind not in ("clause", "point") else ""
        body = rest if kind in ("clause", "point") else ""
        heading_next = kind != "clause" and kind != "point" and not rest
        current = Provision(anchor, label, kind, heading, body, parent)
        lines = [body] if body else []
        out.append(current)
        stack.append((kind, m.group("n"), anchor))
    _close(current, lines)
    return out


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
    stack = [("article", article, "")]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        kind, _ = _match(line, stack)
        if kind in ("clause", "point"):
            return "\n".join(lines[:i])
    return text
