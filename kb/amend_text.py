"""How one amending operation changes a text, whatever the date: the text
as units in order (``Unit``, ``_Text``); replacing, inserting or repealing
a unit or a part of one (heading, lead-in, a paragraph); substituting
words; cutting new wording into units. ``_apply`` sets the change's state
(applied, already in the base text, or not applied with its reason).

Separate from ``kb.versions`` because that is another question: which
changes apply on a date, from which base text, and the timelines and
consolidated texts that follow. This module imports nothing from it at run
time; ``kb.versions`` re-exports the names it had before (``Unit``,
``article_of``, the states, ``k_word``, ``_units_from_text``).

**Word substitutions** match the quoted words exactly (NFC, diacritics
kept, any run of blanks for a blank) and as whole words: "người thụ hưởng"
is not replaced inside "những người thụ hưởng" only because of a shared
tail — both ends must fall between words.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.cite import pinpoint
from kb.identity import anchor as make_anchor
from kb.model import EVENT_LABELS, INSERT, REPEAL, REPLACE, SUBSTITUTE
from kb.text import ARTICLE_LINE_RE, CLAUSE_LINE_RE, POINT_LINE_RE, nfc

if TYPE_CHECKING:
    from kb.versions import Base, Change

# Kinds of base text (``kb.versions.Base.kind``).
ORIGINAL = "original"
PHAPDIEN = "phapdien"

# What applying a change gives (``kb.versions`` adds LATER: dated after the date asked).
APPLIED = "applied"          # applied by Căn cứ to the base text
IN_BASE = "in_base"          # already in the base text
NOT_APPLIED = "not_applied"  # cannot be applied: see its reason

_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "article": 4, "clause": 5, "point": 6}
_KIND_OF = {"dieu": "article", "khoan": "clause", "diem": "point"}
_LABEL_OF = {"article": "Điều", "clause": "Khoản", "point": "Điểm"}
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"


# --- the text as units ------------------------------------------------------------------

@dataclass
class Unit:
    """A provision of the text on a date."""

    anchor: str
    label: str
    kind: str
    heading: str
    text: str | None                  # None: repealed, or not known on this date
    parent: str | None
    source: str | None = None
    changes: list[Change] = field(default_factory=list)    # applied to it so far
    problems: list[Change] = field(default_factory=list)   # not applied to it
    repealed: Change | None = None
    unknown: str | None = None        # why its text is not known on the date
    later: str | None = None          # the stored text, valid from ``known_from``
    known_from: _dt.date | None = None
    inserted: bool = False

    @property
    def level(self) -> int:
        return _LEVEL.get(self.kind, 4)

    @property
    def number(self) -> str:
        return self.label.split(" ", 1)[1] if " " in self.label else self.label

    @property
    def state(self) -> str:
        if self.unknown:
            return "unknown"
        if self.repealed:
            return "repealed"
        return "not_applied" if self.problems else "text"

    def to_json(self) -> dict:
        return {"anchor": self.anchor, "label": self.label, "kind": self.kind, "heading": self.heading,
                "text": self.text, "parent": self.parent, "state": self.state,
                "note": self.unknown or (f"Bị bãi bỏ từ ngày {self.repealed.date:%d/%m/%Y}" if self.repealed else None),
                "changes": [c.ref for c in self.changes], "problems": [c.ref for c in self.problems],
                "source": self.source, "inserted": self.inserted,
                "known_from": self.known_from.isoformat() if self.known_from else None}


def article_of(anchor: str) -> str:
    """"dieu-3-khoan-2-diem-b" → "dieu-3"; any other anchor as it is."""
    i = anchor.find("-khoan-")
    j = anchor.find("-diem-")
    cut = min(x for x in (i, j, len(anchor)) if x >= 0)
    return anchor[:cut]


class _Text:
    """The units of a text, in order, with a map of where each anchor is."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self._index: dict[str, int] | None = None

    def find(self, anchor: str) -> int | None:
        if self._index is None:
            # the first unit of an anchor wins (built from the end, so earlier ones overwrite)
            n = len(self.units)
            self._index = dict(zip([u.anchor for u in reversed(self.units)], range(n - 1, -1, -1)))
        return self._index.get(anchor)

    def end(self, i: int) -> int:
        """The index after unit ``i``'s last sub-unit."""
        level = self.units[i].level
        j = i + 1
        while j < len(self.units) and self.units[j].level > level:
            j += 1
        return j

    def splice(self, i: int, j: int, new: list[Unit]) -> None:
        self.units[i:j] = new
        self._index = None


# --- which part of a unit a target names ---------------------------------------------

_PART_RE = re.compile(r"^\s*(?P<what>tên|tiêu đề|câu mũ|phần mở đầu|khổ|đoạn)\s*(?P<which>đầu|thứ\s+\S+|cuối)?\b",
                      re.I)
_ORDINALS = {"nhất": 0, "hai": 1, "ba": 2, "tư": 3, "bốn": 3, "năm": 4, "sáu": 5, "bảy": 6}


def _part_anchor(provision: str | None) -> str | None:
    """The unit a part is of: "tên Điều 19" → "dieu-19", "khổ đầu khoản 4
    Điều 260" → "dieu-260-khoan-4" (the parser records such a target with
    no anchor: it is not a whole unit)."""
    m = _PART_RE.match(provision or "")
    if m is None or not isinstance(_part(provision), tuple):
        return None
    from kb.identity import provision_anchor
    return provision_anchor(provision[m.end():].strip(" ,:"))


def _part(provision: str | None) -> tuple[str, int] | None | str:
    """Which part of a unit the printed target names: ("heading", 0),
    ("own", 0) for the lead-in ("câu mũ"), ("line", n) for a paragraph
    ("khổ đầu", "khổ thứ hai"); None for the whole unit; a message when
    the part cannot be read."""
    if not provision:
        return None
    m = _PART_RE.match(provision)
    if not m:
        return None
    what, which = m.group("what").lower(), (m.group("which") or "").lower()
    if what in ("tên", "tiêu đề"):
        return ("heading", 0)
    if what in ("câu mũ", "phần mở đầu"):
        return ("own", 0)
    if which in ("đầu", ""):
        return ("line", 0)
    if which == "cuối":
        return ("line", -1)
    word = which.split()[-1]
    if word.isdigit():
        return ("line", int(word) - 1)
    if word in _ORDINALS:
        return ("line", _ORDINALS[word])
    return f"không đọc được phần “{provision}” cần sửa"


# --- one change to the text ------------------------------------------------------------

def _apply(text: _Text, c: Change, base: Base) -> None:
    """Apply one change to ``text``, or say why not (``c.state``, ``c.reason``)."""
    where = pinpoint(c.anchor) if c.anchor else None
    if c.ref.startswith("event-"):
        # known only as an event: nothing to apply, and the text is not current
        if base.kind == PHAPDIEN and c.anchor and c.date and base.stands.get(article_of(c.anchor)) \
                and c.date <= base.stands[article_of(c.anchor)]:
            c.state, c.reason = IN_BASE, "trước ngày của nội dung pháp điển của điều này"
            return
        scope = c.provision or "văn bản"
        _fail(text, c, f"{c.by_number} {EVENT_LABELS.get(c.action, c.action)} {scope} "
                       f"nhưng Căn cứ chưa đọc được nội dung thay đổi: nội dung hiển thị có thể chưa cập nhật")
        return
    if c.anchor is not None and not c.anchor.startswith("dieu-"):
        return _fail(text, c, f"“{c.provision or c.anchor}” không phải điều, khoản, điểm: Căn cứ chưa áp dụng được "
                              "thay đổi phụ lục, biểu mẫu, bảng")
    if c.anchor is None:
        if c.provision:
            what = ("phụ lục, biểu mẫu, bảng" if re.search(r"phụ lục|mẫu|biểu|bảng", c.provision, re.I) else
                    "một phần không phải cả điều, khoản, điểm")
            return _fail(text, c, f"“{c.provision}” không phải điều, khoản, điểm: Căn cứ chưa áp dụng được thay đổi {what}")
        if c.action != SUBSTITUTE:
            return _fail(text, c, "thao tác trên toàn văn bản: không áp dụng được như một thay đổi điều khoản")
    if base.kind == PHAPDIEN and c.anchor:
        since = base.stands.get(article_of(c.anchor))
        noted = [n for n in base.noted.get(article_of(c.anchor), []) if n.by_number and n.by_number == c.by_number]
        if noted:
            c.state, c.reason = IN_BASE, f"ghi chú pháp điển của {noted[0].provision} nêu văn bản này"
            return
        if since and c.date <= since:
            c.state, c.reason = IN_BASE, (f"trước ngày {since:%d/%m/%Y} mà nội dung pháp điển của điều này đứng: "
                                          "đã có trong văn bản hoặc đã bị thay đổi sau thay thế")
            return
    if base.kind == ORIGINAL and base.issued and c.date < base.issued:
        return _fail(text, c, f"ngày áp dụng {c.date:%d/%m/%Y} trước ngày ban hành văn bản {base.issued:%d/%m/%Y}")
    part = _part(c.provision)
    if isinstance(part, str):
        return _fail(text, c, part)
    if c.action == SUBSTITUTE:
        return _substitute(text, c, base, part, where)
    if c.action == INSERT:
        return _insert(text, c, base, where)
    i = text.find(c.anchor)
    if i is None:
        return _fail(text, c, f"không tìm thấy {where or c.provision} trong văn bản")
    u = text.units[i]
    if c.action == REPEAL:
        if part is not None:
            return _set_part(text, i, c, part, "")
        end = text.end(i)
        u.repealed, u.text, u.later = c, None, None
        u.changes.append(c)
        text.splice(i + 1, end, [])
        c.state = APPLIED
        return
    if c.action == REPLACE:
        if not (c.text or "").strip():
            return _fail(text, c, "thao tác sửa đổi không có nội dung mới")
        if part is not None:
            return _set_part(text, i, c, part, _strip_quotes(c.text))
        new = _units_from_text(c.text, u.kind, c.anchor)
        if base.kind == PHAPDIEN and _same(text.units[i:text.end(i)], new, u):
            c.state, c.reason = IN_BASE, "bản pháp điển đã có nội dung này"
            return
        head = new[0]
        head.heading = head.heading or u.heading
        head.parent, head.label = u.parent, u.label
        for n in new:
            n.changes.append(c)
            n.parent = n.parent or head.parent
        head.changes = u.changes + head.changes
        text.splice(i, text.end(i), new)
        c.state = APPLIED
        return
    _fail(text, c, f"thao tác “{c.action}” không rõ")


def _fail(text: _Text, c: Change, reason: str) -> None:
    c.state, c.reason = NOT_APPLIED, reason
    i = text.find(c.anchor) if c.anchor else None
    if i is None and c.anchor:
        # the nearest unit that is there: the article of a missing clause
        for a in (c.anchor.rsplit("-diem-", 1)[0], c.anchor.rsplit("-khoan-", 1)[0], article_of(c.anchor)):
            i = text.find(a)
            if i is not None:
                break
    if i is not None:
        text.units[i].problems.append(c)


def _set_part(text: _Text, i: int, c: Change, part: tuple[str, int], new: str) -> None:
    u = text.units[i]
    what, n = part
    if u.text is None:
        return _fail(text, c, f"{pinpoint(u.anchor) or u.label} không còn nội dung")
    if what == "heading":
        u.heading = new.strip()
    elif what == "own":
        u.text = _strip_number(new, u.kind)
    else:
        lines = u.text.split("\n")
        if not -len(lines) <= n < len(lines):
            return _fail(text, c, f"{pinpoint(u.anchor) or u.label} không có “{c.provision}”")
        if new:
            lines[n] = _strip_number(new, u.kind)
        else:
            del lines[n]
        u.text = "\n".join(lines)
    u.changes.append(c)
    c.state = APPLIED


def _substitute(text: _Text, c: Change, base: Base, part, where: str | None) -> None:
    old, new = nfc(c.old_words or "").strip(), nfc(c.new_words or "").strip()
    if not old:
        return _fail(text, c, "thiếu cụm từ bị thay")
    if c.anchor is None:
        span = range(len(text.units))
    else:
        i = text.find(c.anchor)
        if i is None:
            return _fail(text, c, f"không tìm thấy {where or c.provision} trong văn bản")
        span = range(i, i + 1) if part is not None else range(i, text.end(i))
    rx = _words_re(old)
    fields = "heading" if part and part[0] == "heading" else None
    hits = 0
    touched = []
    for k in span:
        u = text.units[k]
        if u.text is None:
            continue
        if fields == "heading":
            u.heading, n = rx.subn(lambda _m: new, u.heading)
        else:
            u.text, n = rx.subn(lambda _m: new, u.text)
            u.heading, m = rx.subn(lambda _m: new, u.heading)
            n += m
        if n:
            hits += n
            touched.append(u)
    if hits:
        for u in touched:
            u.changes.append(c)
        c.state = APPLIED
        return
    scope = where or "văn bản"
    present = new and any(u.text and _words_re(new).search(u.text) for u in (text.units[k] for k in span))
    if base.kind == PHAPDIEN and present:
        c.state, c.reason = IN_BASE, f"bản pháp điển đã dùng cụm từ “{new}” tại {scope}"
        return
    _fail(text, c, f"không thấy cụm từ “{old}” trong {scope}")


def _words_re(words: str) -> re.Pattern:
    """The words exactly (any run of blanks for a blank), between word boundaries."""
    body = r"\s+".join(re.escape(w) for w in words.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _insert(text: _Text, c: Change, base: Base, where: str | None) -> None:
    if not (c.text or "").strip():
        return _fail(text, c, "thao tác bổ sung không có nội dung")
    kind = _kind_of_anchor(c.anchor)
    if kind is None:
        return _fail(text, c, f"không bổ sung được “{c.provision or c.anchor}” (không phải điều, khoản, điểm)")
    parent = c.anchor.rsplit("-diem-", 1)[0] if kind == "point" else (
        c.anchor.rsplit("-khoan-", 1)[0] if kind == "clause" else None)
    new = _units_from_text(c.text, kind, c.anchor)
    present = text.find(c.anchor)
    if present is not None:
        if _same(text.units[present:text.end(present)], new, text.units[present]):
            c.state, c.reason = IN_BASE, f"văn bản đã có {where} với nội dung này"
            return
        return _fail(text, c, f"văn bản đã có {where} với nội dung khác: không bổ sung lần nữa")
    if parent is not None and text.find(parent) is None:
        return _fail(text, c, f"không tìm thấy {pinpoint(parent) or parent} để bổ sung {where}")
    pos = _position(text, c, kind, parent)
    for n in new:
        n.inserted = True
        n.changes.append(c)
    head = new[0]
    if kind == "article":
        # under what holds the article it follows (a chapter, a section), or the first one's holder
        k = next((k for k in range(pos - 1, -1, -1) if text.units[k].level <= _LEVEL["article"]), None)
        before = text.units[k] if k is not None else next((u for u in text.units if u.kind == "article"), None)
        head.parent = (before.parent if before is not None and before.kind == "article" else
                       before.anchor if before is not None else None)
    else:
        head.parent = parent
    for n in new[1:]:
        if n.parent is None:
            n.parent = head.parent
    text.splice(pos, pos, new)
    c.state = APPLIED


def _position(text: _Text, c: Change, kind: str, parent: str | None) -> int:
    """Where an inserted unit goes: after its ``after`` unit when that is in
    the text; else after the last sibling numbered before it; else first
    under its parent (an article: before the first article)."""
    if c.after:
        i = text.find(c.after)
        if i is not None:
            return text.end(i)
    mine = _order(c.anchor.rsplit("-", 1)[-1], kind)
    best = None
    for i, u in enumerate(text.units):
        if u.kind != kind or (parent is not None and u.parent != parent and not u.anchor.startswith(parent + "-")):
            continue
        if parent is not None and u.anchor.count("-") != c.anchor.count("-"):
            continue
        if _order(u.anchor.rsplit("-", 1)[-1], kind) <= mine:
            best = i
    if best is not None:
        return text.end(best)
    if parent is not None:
        return text.find(parent) + 1
    first = next((i for i, u in enumerate(text.units) if u.kind == "article"), len(text.units))
    return first


def _order(number: str, kind: str) -> tuple:
    """"5a" → (5, "a"); a point "dd" (đ) after "d": the Vietnamese alphabet."""
    number = number.replace("dd", "đ")
    if kind == "point":
        letter, rest = number[:1], number[1:]
        return (_POINT_LETTERS.find(letter), int(rest) if rest.isdigit() else 0)
    m = re.match(r"(\d+)(.*)", number)
    return (int(m.group(1)), m.group(2)) if m else (10 ** 6, number)


def _kind_of_anchor(anchor: str | None) -> str | None:
    if not anchor:
        return None
    m = re.search(r"(dieu|khoan|diem)-[0-9a-z]+$", anchor)
    return _KIND_OF[m.group(1)] if m and anchor.startswith("dieu-") else None


def _same(old: list[Unit], new: list[Unit], head: Unit) -> bool:
    squash = lambda s: " ".join((s or "").split())  # noqa: E731
    return [squash(u.text) for u in old] == [squash(u.text) for u in new] and (
        not new[0].heading or squash(new[0].heading) == squash(head.heading))


# --- new wording into units ----------------------------------------------------------
#
# An amendment's new wording ("Điều 17. …\n1. …\na) …") is cut into units as
# indexer/structure.py cuts a document, with the same line patterns (kb.text).

# a unit's first line: the structure parser's own patterns (kb.text)
_ARTICLE_HEAD_RE, _CLAUSE_RE, _POINT_RE = ARTICLE_LINE_RE, CLAUSE_LINE_RE, POINT_LINE_RE
_QUOTES_OPEN = "“\"'‘«"
_QUOTES_CLOSE = "”\"'’»"


def _strip_quotes(text: str) -> str:
    s = nfc(text).strip()
    if s[:1] in _QUOTES_OPEN:
        s = s[1:]
        s = re.sub(r"[" + re.escape(_QUOTES_CLOSE) + r"]\s*[.;]?\s*$", "", s)
    return s.strip()


def _strip_number(line: str, kind: str) -> str:
    rx = _CLAUSE_RE if kind == "clause" else _POINT_RE if kind == "point" else None
    m = rx.match(line) if rx else None
    return m.group("rest").strip() if m else line.strip()


def _units_from_text(text: str, kind: str, anchor: str) -> list[Unit]:
    """The units of a new wording for a unit of ``kind`` at ``anchor``: the
    unit itself first, then its sub-units, then any sibling printed with it
    ("2a. …\n2b. …" inserted together)."""
    lines = [ln for ln in _strip_quotes(text).split("\n") if ln.strip()]
    parent_prefix = anchor.rsplit("-", 2)[0] if kind != "article" else ""
    out: list[Unit] = []
    article = clause = None
    if kind == "article" and not (lines and _ARTICLE_HEAD_RE.match(lines[0])):
        # the wording of an article without its "Điều N." line: the heading stays
        out.append(Unit(anchor, f"Điều {_number_of(anchor)}", "article", "", "", None))
        article = out[0]

    def unit(k: str, number: str, a: str, heading: str, body: str) -> Unit:
        u = Unit(a, f"{_LABEL_OF[k]} {number}", k, heading, body, None)
        out.append(u)
        return u

    def anchor_for(k: str, number: str) -> str:
        if not out:
            return anchor
        if k == kind:
            return f"{parent_prefix}-{k_word(k)}-{_slug(number)}" if parent_prefix else make_anchor(("dieu", number))
        owner = clause if k == "point" else article
        return f"{owner.anchor}-{k_word(k)}-{_slug(number)}"

    for line in lines:
        m = _ARTICLE_HEAD_RE.match(line)
        if m and kind == "article" and (not out or m.group("n") != _number_of(anchor)):
            article = unit("article", m.group("n"), anchor_for("article", m.group("n")), (m.group("rest") or "").strip(), "")
            clause = None
            continue
        if m and kind == "article" and out:
            continue
        m = _CLAUSE_RE.match(line)
        if m and (kind == "clause" or kind == "article" and article is not None):
            clause = unit("clause", m.group("n"), anchor_for("clause", m.group("n")), "", m.group("rest").strip())
            clause.parent = article.anchor if kind == "article" else None
            continue
        m = _POINT_RE.match(line)
        if m and (kind == "point" or clause is not None):
            p = unit("point", m.group("n"), anchor_for("point", m.group("n")), "", m.group("rest").strip())
            p.parent = clause.anchor if clause is not None else None
            continue
        if not out:
            head = unit(kind, _number_of(anchor), anchor, "", line.strip())
            if kind == "article":
                article = head
            elif kind == "clause":
                clause = head
            continue
        last = out[-1]
        last.text = f"{last.text}\n{line.strip()}" if last.text else line.strip()
    if not out:
        out.append(Unit(anchor, f"{_LABEL_OF.get(kind, '')} {_number_of(anchor)}".strip(), kind, "", "", None))
    return out


def k_word(kind: str) -> str:
    return {"article": "dieu", "clause": "khoan", "point": "diem"}[kind]


def _slug(number: str) -> str:
    from kb.identity import slug
    return slug(number)


def _number_of(anchor: str) -> str:
    return anchor.rsplit("-", 1)[-1].replace("dd", "đ")
