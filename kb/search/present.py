"""What a hit shows: its text read back from the store, the best passage
of it, the words that truly match, and the Chương it stands in."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.search.analysis import fold_keep_length, folded_pattern, has_accents
from kb.text import nfc

_WORD = re.compile(r"\w+")


@dataclass
class Hit:
    id: str
    doc_key: str
    level: str
    heading: str
    score: float
    exact: bool = False
    snippet: str = ""
    chapter: str = ""                # "Chương II. Thể dục thể thao …" of an article, when the text has chapters
    adjacent: bool = True            # the query's words side by side
    number: str = ""
    title: str = ""
    doc_type: str = ""
    issuer: str = ""
    issued: str = ""
    pinned: str = ""                 # why it is first: "number", "pinpoint", "name"

    @property
    def anchor(self) -> str | None:
        return self.id.split("#", 1)[1] if "#" in self.id else None


def text_of(db, h: Hit) -> str:
    if h.level == "document":
        row = db.execute("SELECT number, title FROM documents WHERE key = ?", (h.doc_key,)).fetchone()
        return (row["title"] if row else "") or ""
    anchor = h.anchor
    # the article and its clauses and points: anchors "dieu-3", "dieu-3-…" (a range on the index)
    rows = db.execute("SELECT label, heading, text, anchor FROM provisions WHERE doc_key = ? AND "
                      "(anchor = ? OR (anchor > ? AND anchor < ?)) ORDER BY ord, id",
                      (h.doc_key, anchor, anchor + "-", anchor + "-\uffff")).fetchall()
    if not rows:
        return ""
    return f"{rows[0]['label']}. {rows[0]['heading'] or ''}\n" + "\n".join(r["text"] or "" for r in rows)


def chapter(db, h: Hit) -> str:
    """"Chương II. …" (and "Mục 1. …") an article stands in, when its text has chapters."""
    row = db.execute("SELECT parent FROM provisions WHERE doc_key = ? AND anchor = ?", (h.doc_key, h.anchor)).fetchone()
    parts = []
    parent = row["parent"] if row else None
    for _ in range(4):          # Phần › Chương › Mục › Tiểu mục at most
        if not parent:
            break
        p = db.execute("SELECT label, kind, heading, parent FROM provisions WHERE doc_key = ? AND anchor = ?",
                       (h.doc_key, parent)).fetchone()
        if p is None:
            break
        if p["kind"] in ("chapter", "section"):
            parts.append(f"{p['label']}. {p['heading'] or ''}".strip(" ."))
        parent = p["parent"]
    return " › ".join(reversed(parts))


class Matcher:
    """Which words of a text match the query: a word typed with diacritics
    matches only itself (any case); a word typed without matches any
    accented form ("nghi" finds "nghị" and "nghỉ", "nghị" finds only "nghị").
    One regular expression per query, run over the text as it is."""

    def __init__(self, typed: list[str]):
        words = list(dict.fromkeys(typed))
        self.exact = {w for w in words if has_accents(w)}
        self.folded = {w for w in words if not has_accents(w)}
        parts = [re.escape(w) for w in sorted(self.exact, key=len, reverse=True)]
        parts += [folded_pattern([w]).pattern[len(r"(?<!\w)"):-len(r"(?!\w)")]
                  for w in sorted(self.folded, key=len, reverse=True)]
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE) if parts else None

    def __bool__(self) -> bool:
        return self.pattern is not None

    def matches(self, word: str) -> bool:
        return bool(self.pattern and self.pattern.fullmatch(nfc(word)))

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.pattern.finditer(text)] if self.pattern else []


def snippet(text: str, matcher: Matcher, width: int = 240) -> str:
    """The passage of about ``width`` characters holding the most distinct
    query words (the first such passage), cut at word boundaries."""
    if not text:
        return ""
    spans = matcher.spans(text) if matcher else []
    if not spans:
        return _cut(text, 0, width)
    words = [fold_keep_length(text[a:b].lower()) for a, b in spans]
    best, best_start, lo = -1, 0, 0
    seen: dict[str, int] = {}
    # a window over the matches: at most ``width`` characters from its first to its last
    for hi, (a, b) in enumerate(spans):
        seen[words[hi]] = seen.get(words[hi], 0) + 1
        while spans[lo][0] < b - width:
            seen[words[lo]] -= 1
            if not seen[words[lo]]:
                del seen[words[lo]]
            lo += 1
        if len(seen) > best:
            best, best_start = len(seen), spans[lo][0]
    start = max(0, best_start - width // 6)
    return _cut(text, start, width)


def _cut(text: str, start: int, width: int) -> str:
    end = min(len(text), start + width)
    if start > 0:
        m = re.search(r"\s", text[start:start + 30])
        start = start + m.end() if m else start
    if end < len(text):
        m = re.search(r"\s\S*$", text[max(start, end - 30):end])
        end = max(start, end - 30) + m.start() if m else end
    piece = re.sub(r"\s+", " ", text[start:end]).strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def highlighted(text: str, matcher: Matcher) -> list[tuple[str, bool]]:
    """The text as (piece, matches) runs, for a page to mark."""
    out, pos = [], 0
    for a, b in matcher.spans(text) if matcher else []:
        if a > pos:
            out.append((text[pos:a], False))
        out.append((text[a:b], True))
        pos = b
    if pos < len(text):
        out.append((text[pos:], False))
    return out
