"""Amending operations: what each provision of an amending document does to
another document's text (ARCHITECTURE.md, "Amendments and versions").

``operations(doc, source)`` reads every provision of ``doc`` (its structure
already parsed: the new wording an instruction introduces is text of the
amending provision, see ``indexer.structure``) and returns one
``kb.model.Operation`` per unit acted on:

- replace: "Điều 5 được sửa đổi, bổ sung như sau: “…”", "Sửa đổi, bổ sung
  khoản 2 Điều 3 như sau:", "Sửa đổi điểm b khoản 1 Điều 4 như sau";
- insert: "Bổ sung Điều 5a vào sau Điều 5 như sau:", "Bổ sung khoản 4 vào
  Điều 7 như sau:", "bổ sung điểm đ vào khoản 2 Điều 3", "Điều 56 được bổ
  sung khoản 5 như sau:";
- repeal: "Bãi bỏ khoản 3 Điều 7", "Bãi bỏ điểm c khoản 2 Điều 5, Điều 9
  và Điều 10" (one operation per unit);
- substitute: "Thay cụm từ “A” bằng cụm từ “B” tại khoản 1 Điều 2", "Thay
  thế cụm từ “A” bằng cụm từ “B” tại các Điều 3, 5 và 7", "Bỏ cụm từ “A”
  tại …" (new words ""), "Bổ sung từ “X” vào sau cụm từ “Y” tại …" (Y by
  "Y X"); with no place named, the whole text (provision None), or the unit
  the enclosing provision names ("Điều 4. Thay thế một số cụm từ của khoản 2
  Điều 12"); the items of "Bãi bỏ các cụm từ sau đây:" each on its own.

Only a provision that opens with its verb (after its label), or with the
units it acts on followed by "được/bị <verb>", is an instruction: "Trường
hợp sửa đổi khoản 2 …" and "b) Bổ sung chứng cứ mới" are not.

Units: a list ("khoản 2 và khoản 3 Điều 57", "các khoản 13, 14 và 15 vào
Điều 61", "điểm a khoản 2 và điểm b khoản 3 Điều 73") is read from fine to
coarse — a unit printed without its article takes it from the next coarser
unit printed after it, else from the unit the enclosing provision names
("3. Sửa đổi, bổ sung một số khoản của Điều 15 như sau: a) Sửa đổi khoản 1
…"). Anchors follow ``indexer.structure`` ("dieu-5a", "dieu-7-khoan-4",
"dieu-3-khoan-2-diem-dd"). A target that is not a whole unit — a heading
("tên Điều 9"), an opening sentence, the end of a point, a sub-point "(iii)",
anything inside an annex or a form — is recorded with its printed name and
anchor None (an annex itself: "phu-luc-ii"); a substitute keeps the anchor
of the unit whose words change. A unit of the amending document itself
("… bằng Phụ lục 02 ban hành kèm theo Thông tư này") is never a target. The
new wording of several units ("Khoản 2 và khoản 3 … như sau: “2. … 3. …”")
is split at each unit's label; a unit whose label the wording lacks keeps
no text; where no label is found, one operation keeps the whole wording,
anchor None.

The amended document: the one the instruction names (its own sentence, with
a short "Nghị định 88/CP" read against the enclosing headings and a
"(sau đây viết tắt là …)" alias), else the one its enclosing provision
names ("Điều 1. Sửa đổi, bổ sung một số điều của Luật Xây dựng số
16/2003/QH11"), else the one the document's title names when it names one.
A document's history ("… đã được sửa đổi, bổ sung theo Luật số …") is not
a target. A law named without its number is the one law of that name in
the table of known names (``kb/data/law_names.tsv``) issued in an earlier
year than the amending document; with none or several, nothing names the
target surely: no operation, and the instruction is counted as unresolved
(``read``).

Date: the amending document's effective date, unless its effect clause
gives the provision its own ("Điều 2 Thông tư này có hiệu lực thi hành kể
từ ngày …", ``effects.part_dates``).

Every pattern is linear: bounded quantifiers, no two adjacent runs of one class.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field

from indexer import effects, structure
from kb import numbers
from kb.citations import extract
from kb.identity import anchor as make_anchor
from kb.model import FROM_TEXT, INSERT, REPEAL, REPLACE, SUBSTITUTE, Document, Evidence, Operation, Provision
from kb.text import nfc

QUOTE_MAX = 300           # characters of an instruction kept as the operation's quote
_CONTEXT_MAX = 1500       # characters of the enclosing headings a short citation is read against

# --- units as printed -----------------------------------------------------------

_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "article": 4, "clause": 5, "point": 6}
_PRINTED = {"part": "Phần", "chapter": "Chương", "section": "Mục", "subsection": "Tiểu mục", "article": "Điều",
            "clause": "khoản", "point": "điểm", "annex": "Phụ lục", "form": "Mẫu số"}
_ANCHOR_WORD = {"part": "phan", "chapter": "chuong", "section": "muc", "subsection": "tieu-muc", "article": "dieu",
                "clause": "khoan", "point": "diem", "annex": "phu-luc"}
_ROMAN = r"[IVXLC]{1,7}(?:-?[A-Za-z])?"
_NUMS = {
    "article": r"\d{1,4}[a-zđ]?",
    "clause": r"\d{1,3}[a-zđ]?",
    # "điểm c", "điểm a1", "điểm c (iii)" (a sub-point), "điểm 4a" and "điểm 4.1" (of an annex)
    "point": r"[a-zđ]\d?(?:\s?\((?:[ivx]{1,5}|\d{1,2})\))?|\d{1,3}[a-z]?(?:\.\d{1,3}){0,2}",
    "high": rf"{_ROMAN}|\d{{1,3}}[a-z]?",
    "annex": rf"(?:số\s)?(?:{_ROMAN}|\d{{1,3}}[a-z]?)",
    "form": r"[0-9A-Z][\w./-]{0,15}",
}
_KINDS = [("subsection", r"tiểu\s{1,3}mục", "high"), ("part", r"phần", "high"), ("chapter", r"chương", "high"),
          ("section", r"mục", "high"), ("article", r"điều", "article"), ("clause", r"khoản", "clause"),
          ("point", r"điểm", "point"), ("annex", r"phụ\s{1,3}lục", "annex"), ("form", r"mẫu(?:\s{1,3}số)?", "form")]
# A part of a unit, not the whole of it ("tên Điều 9", "đoạn mở đầu khoản 2", "vào cuối điểm a").
_PARTIAL_WORDS = ["tên", "tiêu đề", "khổ đầu", "khổ cuối", r"khổ thứ \w{1,5}", "đoạn mở đầu", "đoạn đầu",
                  r"đoạn \d{1,2}", r"đoạn thứ \w{1,5}", "đoạn cuối", "câu dẫn", "câu mũ", "câu đầu", "câu cuối",
                  r"câu thứ \w{1,5}", r"gạch đầu dòng thứ \w{1,5}", "cuối"]
# … and 'phần “Ghi chú” tại' (a part named by its quoted title)
_PARTIAL = (r"phần\s{1,3}[“\"][^”\"\n]{0,80}[”\"]\s{1,3}(?:tại|của)|"
            + "|".join(w.replace(" ", r"\s{1,3}") for w in _PARTIAL_WORDS))
# Between two numbers of one list: "3, 4", "3 và 4", "15, và 16".
_NUM_JOIN = r"\s{0,2}(?:,\s{0,2}(?i:và|hoặc)|,|(?i:và|hoặc))\s{1,3}"
_GROUP_RE = re.compile(
    r"(?<!\w)(?:(?P<partial>(?i:" + _PARTIAL + r"))\s{1,3}(?:(?i:của)\s{1,3})?)?"
    r"(?:(?i:nội\s{1,3}dung)\s{1,3}(?:(?i:của)\s{1,3})?)?(?:(?i:các|một\s{1,3}số)\s{1,3})?"
    r"(?:" + "|".join(rf"(?P<k_{k}>(?i:{w}))\s{{0,2}}:?\s{{1,3}}(?P<n_{k}>(?:{_NUMS[n]})(?:{_NUM_JOIN}(?:{_NUMS[n]})){{0,60}})"
                      for k, w, n in _KINDS) + r")(?!\w)")
_LONE_PARTIAL_RE = re.compile(r"(?<!\w)(?i:" + _PARTIAL + r")(?:\s{1,3}(?i:điều|khoản|điểm))?"
                              r"(?=\s{0,3}(?:(?i:như\s{1,3}sau|và)(?!\w)|[,;:.]|$))")
# Words named among the units of one verb: "… và cụm từ “…” tại …".
_WORDS_AMONG_UNITS_RE = re.compile(
    r"(?i)(?<!\w)(?:và\s{1,3})?(?:các\s{1,3})?(?:cụm\s{1,3}từ|từ\s{1,3}ngữ|nội\s{1,3}dung|từ)\s{1,3}(?=[“\"])")
_LONE_ANNEX_RE = re.compile(
    r"(?<!\w)(?i:(?:các\s{1,3})?phụ\s{1,3}lục)(?!\s{1,3}(?:số\s{1,3})?(?:[IVXLC]{1,7}|\d))(?!\w)")
_SPLIT_NUMS_RE = re.compile(_NUM_JOIN)
# The word before a unit tells its role: "vào sau Điều 5" (the unit it follows),
# "vào Điều 7", "của Điều 15", "thuộc Phụ lục IV" (where the target sits).
_AFTER_RE = re.compile(r"(?i:(?:vào\s{1,3})?(?:ngay\s{1,3})?sau)\s{1,3}$")
_BEFORE_RE = re.compile(r"(?i:(?:vào\s{1,3})?(?:ngay\s{1,3})?trước)\s{1,3}$")
_CONTAINER_RE = re.compile(r"(?i:vào|của|thuộc|trong)\s{1,3}$")
# A unit of the amending document itself: "Phụ lục 02 ban hành kèm theo Thông tư này".
_OWN_AFTER_RE = re.compile(rf"\s{{0,3}},?\s{{0,3}}(?i:ban\s{{1,3}}hành\s{{1,3}})?(?i:(?:đính\s{{1,3}})?kèm\s{{1,3}}theo)"
                           rf"\s{{1,3}}{effects.THIS}")


@dataclass
class Path:
    """One unit as printed: its levels from fine to coarse, e.g. [("point", "b"), ("clause", "1")]."""

    levels: list[tuple[str, str]]
    start: int
    end: int
    role: str = "target"              # target, container, after, before, own (the amending document's)
    partial: str | None = None        # "tên", "đoạn mở đầu", …

    def coarsest(self) -> int:
        return min((_LEVEL.get(k, 9) for k, _ in self.levels), default=9)

    def has(self, kind: str) -> bool:
        return any(k == kind for k, _ in self.levels)

    def complete(self) -> bool:
        return self.has("article") or self.has("annex") or self.has("form") or self.coarsest() < _LEVEL["article"]

    def extend(self, other: "Path") -> None:
        """Take from ``other`` the levels coarser than this path's coarsest."""
        if self.has("annex") or self.has("form"):
            return
        if not self.levels:          # a lone part ("câu dẫn"): of the article around it, never finer
            self.levels = [(k, n) for k, n in other.levels if _LEVEL.get(k, 9) <= _LEVEL["article"]]
            return
        mine = self.coarsest()
        self.levels += [(k, n) for k, n in other.levels if _LEVEL.get(k, -1) < mine and not self.has(k)
                        and not (k in ("chapter", "section", "part", "subsection") and mine >= _LEVEL["article"])]
        self.levels += [(k, n) for k, n in other.levels if k in ("annex", "form") and not self.has(k)]

    def printed(self) -> str:
        words = [f"{_PRINTED[k]} {n}".strip() for k, n in self.levels]
        return " ".join(([self.partial] if self.partial else []) + words)

    def anchor(self) -> str | None:
        """The anchor of the unit in the amended text, None when it is not a whole unit."""
        kinds = [k for k, _ in self.levels]
        if "form" in kinds or self.partial:
            return None
        if "annex" in kinds:
            whole = kinds == ["annex"] and self._num("annex")
            return make_anchor(("phu-luc", self._num("annex"))) if whole else None
        if any(k == "point" and not re.fullmatch(r"[a-zđ]\d?", n) for k, n in self.levels):
            return None           # a sub-point "(iii)", a numbered point of an annex
        if "article" in kinds:
            order = ("article", "clause", "point")
        elif all(k in ("part", "chapter", "section", "subsection") for k in kinds):
            order = ("part", "chapter", "section", "subsection")
        else:
            return None
        parts = [(_ANCHOR_WORD[k], self._num(k).lower() if k == "point" else self._num(k))
                 for k in order if self.has(k)]
        return make_anchor(*parts)

    def label_re(self) -> re.Pattern:
        """How the new wording of this unit begins: "Điều 5a.", "3.", "b)"."""
        kind, n = self.levels[0]
        n = re.escape(n)
        if kind == "article":
            return re.compile(rf"(?i:điều)\s{{1,3}}{n}(?!\w)")
        if kind == "clause":
            return re.compile(rf"{n}\s{{0,2}}[.)]")
        if kind == "point":
            return re.compile(rf"{n}\s{{0,2}}\)")
        return re.compile(rf"(?i:{_PRINTED[kind]})\s{{1,3}}{n}(?!\w)")

    def _num(self, kind: str) -> str:
        n = next(n for k, n in self.levels if k == kind)
        return re.sub(r"^số\s", "", n)


def paths(view: str, lo: int = 0, hi: int | None = None, printed: str | None = None) -> list[Path]:
    """The units printed in ``view[lo:hi]``, one Path per unit (a list "khoản 2, 3
    và 4" gives three), units printed side by side ("điểm a khoản 2 Điều 3") in one path.
    ``printed``: the text ``view`` masks (its quotes blanked), for a part's name."""
    hi = len(view) if hi is None else hi
    printed = view if printed is None or len(printed) != len(view) else printed
    groups = []                  # (kind, [numbers], start, end, partial)
    for m in _GROUP_RE.finditer(view, lo, hi):
        kind = next(k for k, _, _ in _KINDS if m.group(f"k_{k}"))
        nums = [n for n in _SPLIT_NUMS_RE.split(m.group(f"n_{kind}")) if n]
        partial = " ".join(printed[m.start("partial"):m.end("partial")].split()) if m.group("partial") else None
        groups.append((kind, nums, m.start(), m.end(), partial))
    for m in _LONE_ANNEX_RE.finditer(view, lo, hi):
        # "Thay thế các phụ lục ban hành kèm theo …": an annex, its number not printed
        groups.append(("annex", [""], m.start(), m.end(), None))
    for m in _LONE_PARTIAL_RE.finditer(view, lo, hi):
        # "a) Sửa đổi câu dẫn như sau:", "tên điều và khoản 1 Điều 66": a part of the unit around it
        groups.append((None, [], m.start(), m.end(), " ".join(printed[m.start():m.end()].split())))
    groups.sort(key=lambda g: g[2])
    out: list[Path] = []
    chain: list = []
    for g in groups:
        # side by side and coarser: one unit ("điểm a khoản 2 Điều 3")
        if chain and g[0] and chain[-1][0] and view[chain[-1][3]:g[2]].strip(" ,") == "" \
                and _rank(g[0]) < _rank(chain[-1][0]):
            chain.append(g)
            continue
        out.extend(_expand(view, chain))
        chain = [g]
    out.extend(_expand(view, chain))
    return out


def _rank(kind: str) -> int:
    return {"annex": -2, "form": -1}[kind] if kind in ("annex", "form") else _LEVEL[kind]


def _expand(view: str, chain) -> list[Path]:
    """One Path per number of the finest group: "điểm b và d khoản 9" → two."""
    if not chain:
        return []
    kind, nums, start, _, partial = chain[0]
    if kind is None:
        return [Path([], start, chain[0][3], "target", partial)]
    coarser = [(k, ns[0]) for k, ns, _, _, _ in chain[1:]]
    end = chain[-1][3]
    before = view[max(0, start - 24):start]
    role = ("after" if _AFTER_RE.search(before) else "before" if _BEFORE_RE.search(before)
            else "container" if _CONTAINER_RE.search(before) and not partial else "target")
    if _OWN_AFTER_RE.match(view, end):
        role = "own"          # "… tại Phụ lục ban hành kèm theo Thông tư này": where the new text is, not a target
    return [Path([(kind, n)] + list(coarser), start, end, role, partial) for n in nums]


def complete(found: list[Path], base: Path | None) -> list[Path]:
    """Give each unit printed without its article (or chapter) the coarser
    levels of the next unit printed that has them; what is still missing
    comes from the unit printed before them that holds them ("Điều 3 … được
    sửa đổi khoản 10"), else from ``base``, the unit the enclosing provision names."""
    waiting: dict[int, list[Path]] = {}       # by coarsest level: each path moves up a few levels at most
    holder: Path | None = None
    left: list[tuple[Path, Path | None]] = []
    for p in found:
        top = p.coarsest()
        for level in sorted(k for k in waiting if k > top):
            for q in waiting.pop(level):
                q.extend(p)
                if not q.complete():
                    waiting.setdefault(q.coarsest(), []).append(q)
        if not p.complete():
            waiting.setdefault(top, []).append(p)
            left.append((p, holder))
        elif p.role == "container":
            holder = p
    for q, earlier in left:
        if not q.complete() and earlier is not None:
            q.extend(earlier)
        if not q.complete() and base is not None:
            q.extend(base)
    return found


# --- instructions ---------------------------------------------------------------------

_LABEL = (r"(?:(?:Điều|ĐIỀU)\s{1,3}\d{1,4}[a-zđ]?\s{0,2}[.:]\s{0,3}|\d{1,3}[a-zđ]?\s{0,2}[.)]\s{0,3}"
          r"|[a-zđ]\d?\s{0,2}\)\s{0,3})?")
# Verbs on units; the longest first at one place ("sửa đổi, bổ sung" is one verb).
_VERB_RE = re.compile(
    r"(?i)(?<!\w)(?P<passive>(?:đã\s{1,3})?(?:được|bị)\s{1,3})?"
    r"(?:(?P<replace>sửa\s{1,3}đổi(?:\s{0,2},?\s{0,2}bổ\s{1,3}sung)?|thay\s{1,3}thế)"
    r"|(?P<insert>bổ\s{1,3}sung)|(?P<repeal>bãi\s{1,3}bỏ|hủy\s{1,3}bỏ|huỷ\s{1,3}bỏ|bỏ))(?!\w)")
# A provision that is an instruction: its label, then the verb …
_OPENS_WITH_VERB_RE = re.compile(
    rf"\s{{0,40}}{_LABEL}(?i:sửa\s{{1,3}}đổi|bổ\s{{1,3}}sung|bãi\s{{1,3}}bỏ|hủy\s{{1,3}}bỏ|huỷ\s{{1,3}}bỏ|thay|bỏ)(?!\w)")
# … or the units it acts on, then "được/bị <verb>".
_OPENS_WITH_UNIT_RE = re.compile(
    rf"\s{{0,40}}{_LABEL}(?i:(?:các|một\s{{1,3}}số)\s{{1,3}})?"
    rf"(?i:{_PARTIAL}|điều|khoản|điểm|chương|mục|phần|phụ\s{{1,3}}lục|mẫu|danh\s{{1,3}}mục)(?!\w)")
_PASSIVE_VERB_RE = re.compile(
    r"(?i)(?<!\w)(?:được|bị)\s{1,3}(?:sửa\s{1,3}đổi|bổ\s{1,3}sung|thay\s{1,3}thế|bãi\s{1,3}bỏ)")
# Changing words: "Thay cụm từ", "Thay thế các cụm từ", "Bỏ từ", "Bổ sung cụm từ", "Sửa đổi cụm từ".
_WORDS_VERB_RE = re.compile(
    r"(?i)(?<!\w)(?P<verb>thay(?:\s{1,3}thế)?|sửa\s{1,3}đổi|bãi\s{1,3}bỏ|bỏ|bổ\s{1,3}sung)\s{1,3}"
    r"(?:các\s{1,3}|một\s{1,3}số\s{1,3})?(?:cụm\s{1,3}từ|từ\s{1,3}ngữ|từ)(?!\w)")
_PIECE_VERB_RE = re.compile(r"\s{0,3}(?i:thay|bỏ|bãi\s{1,3}bỏ|bổ\s{1,3}sung|sửa\s{1,3}đổi)(?!\w)")
# Between a verb and the unit it acts on ("Bãi bỏ quy định tại điểm a", "Bổ sung vào cuối điểm a").
_GOVERNED_RE = re.compile(
    r"[\s,:]{0,6}(?:(?i:các|toàn\s{1,3}bộ|một\s{1,3}số|nội\s{1,3}dung|quy\s{1,3}định|tại|vào|lại|thêm)[\s,:]{1,4}){0,5}")
_BY_RE = re.compile(r"(?i)(?<!\w)(?:bằng|thành)(?!\w)")
_INTO_RE = re.compile(r"(?i)(?<!\w)vào\s{1,3}(?P<where>sau|trước)(?!\w)")
# A document's history, never its target: "… đã được sửa đổi, bổ sung một số điều theo Luật số …",
# "… được sửa đổi tại khoản 1 Điều 17 Nghị định số …".
_HISTORY_RE = re.compile(
    r"(?i)(?<!\w)(?:đã\s{1,3})?(?:được|bị)\s{1,3}(?:sửa\s{1,3}đổi|bổ\s{1,3}sung|thay\s{1,3}thế|hợp\s{1,3}nhất)"
    r"(?:\s{0,2},?\s{0,2}bổ\s{1,3}sung)?(?:\s{1,3}một\s{1,3}số\s{1,3}điều)?\s{1,3}(?:theo|bởi|tại)(?!\w)")
_ALIAS_RE = re.compile(r"(?i)sau\s{1,3}đây\s{1,3}(?:viết|gọi)\s{1,3}(?:tắt|chung)\s{1,3}là(?!\w)")
_AS_FOLLOWS_RE = re.compile(r"(?i:như\s{1,3}sau)")
# Between two documents one verb acts on: connectors and the next one's type word.
_JOINED_RE = re.compile(
    r"[\s,;]{0,6}(?:(?i:và|hoặc)\s{1,3})?(?:(?i:các\s{1,3})?[^\W\d]{1,10}(?:\s[^\W\d]{1,10}){0,2}\s{1,3})?")


@dataclass
class Target:
    number: str
    issued: _dt.date | None = None


@dataclass
class Context:
    """What an enclosing provision says of its children: the document they
    amend (None: not named, or named ambiguously) and the unit they sit in."""

    target: Target | None = None
    base: Path | None = None
    ambiguous: bool = False
    text: str = ""             # the enclosing headings, to read short citations against


@dataclass
class Unresolved:
    """An instruction whose amended document nothing names surely."""

    by_anchor: str | None
    quote: str
    reason: str


@dataclass
class Reading:
    operations: list[Operation] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)


def operations(doc: Document, source: str) -> list[Operation]:
    """The amending operations the provisions of ``doc`` state; ``source``
    is where the document was read (each operation's place is its provision's)."""
    return read(doc, source).operations


def read(doc: Document, source: str) -> Reading:
    """Operations, and the instructions left without an amended document."""
    reader = _Reader(doc, source)
    reader.run()
    return reader.reading


class _Reader:
    def __init__(self, doc: Document, source: str):
        self.doc = doc
        self.source = source
        self.reading = Reading()
        self.year = doc.issued.year if doc.issued else (_year(doc.number) if doc.number else None)
        self.aliases: dict[str, str] = {}           # "88/CP" → "88/1999/NĐ-CP" (sau đây viết tắt là …)
        self.by_anchor = {p.anchor: p for p in doc.provisions}
        self.dates = self._part_dates()
        self.parents = {p.parent for p in doc.provisions}
        title = nfc(doc.title or "")
        named = self._objects(title, 0, len(title), self._cites(title, 0), 0) if title else []
        self.top = _context(Context(text=title), named)

    def run(self) -> None:
        contexts: dict[str, Context] = {}
        for p in self.doc.provisions:
            ctx = contexts.get(p.parent) if p.parent else None
            contexts[p.anchor] = self._provision(p, ctx or self.top)

    # one provision ------------------------------------------------------------------

    def _provision(self, p: Provision, ctx: Context) -> Context:
        heading = nfc(p.heading or "")
        instructions, wording = _split(heading, nfc(p.text or ""))
        children = p.anchor in self.parents
        items = _word_items(instructions[-1], wording) if instructions and wording else None
        if items:
            # "Bãi bỏ các cụm từ sau đây:" over "Cụm từ “…” tại khoản 1 Điều 28;": one instruction an item
            instructions, wording = instructions[:-1] + items, None
        for i, instruction in enumerate(instructions):
            last = i + 1 == len(instructions)
            # "Điều 2. Sửa đổi, bổ sung khoản 1 Điều 197 của Luật …" over "Khoản 1 Điều 197 được
            # sửa đổi, bổ sung như sau: …": a heading that the text says again is its title
            title = i == 0 and instruction is heading and not last
            ctx = self._instruction(p, instruction, wording if last else None, ctx, children or title)
        return ctx

    def _instruction(self, p: Provision, line: str, wording: str | None, ctx: Context, children: bool) -> Context:
        """Read one instruction line; the context its children inherit."""
        view = effects.mask_quotes(line)
        if not (_OPENS_WITH_VERB_RE.match(view) or
                (_OPENS_WITH_UNIT_RE.match(view) and _PASSIVE_VERB_RE.search(view))):
            return ctx
        # the headings above, bounded: a long run of instructions is not read again at each line
        context_text = ctx.text[-_CONTEXT_MAX:] + "\n" + line
        offset = len(context_text) - len(line)
        self._learn_aliases(context_text)
        cites = self._cites(context_text, offset)
        history = _history_spans(view, cites, offset)
        view = _blank_spans(view, history)
        cites = _Cites(c for c in cites if not _inside(c.start - offset, history))
        here = _context(Context(ctx.target, ctx.base, ctx.ambiguous, context_text),
                        self._objects(view, 0, len(view), cites, offset))
        made = self._word_ops(p, line, view, cites, offset, here) if _WORDS_VERB_RE.search(view) else None
        if made is None:
            made = self._unit_ops(p, line, view, wording, cites, offset, here, children)
        return made

    # units -------------------------------------------------------------------------

    def _unit_ops(self, p, line, view, wording, cites, offset, ctx, children) -> Context:
        view = self._words_among_units(p, line, view, cites, offset, ctx)
        cut = _AS_FOLLOWS_RE.search(view)
        end = cut.start() if cut else len(view)
        if re.search(r"(?i)thay\s{1,3}thế", view[:end]):
            by = _BY_RE.search(view, 0, end)    # "Thay thế Phụ lục 02 … bằng Phụ lục 02 …": the first is the target
            end = by.start() if by else end
        verbs = [(m.start(), m.end(), _verb_kind(m), bool(m.group("passive")))
                 for m in _VERB_RE.finditer(view, 0, end)]
        found = paths(view, 0, end, line)
        _passive_holders(verbs, found)
        found = complete(found, ctx.base)
        if not verbs or not found:
            return ctx
        assigned = _assign(view, verbs, found)
        targets = [(path, kind) for path, kind in assigned if path.role == "target"]
        if not targets:
            # "Sửa đổi, bổ sung một số khoản của Điều 15 như sau:": the unit its children sit in
            holders = [q for q in found if q.role == "container" and q.complete()]
            return Context(ctx.target, holders[-1] if holders else ctx.base, ctx.ambiguous, ctx.text)
        needs_wording = [t for t in targets if t[1] in (REPLACE, INSERT)]
        if needs_wording and not wording and children:
            # "3. Sửa đổi điểm a khoản 2 và khoản 3 Điều 7 như sau:" with "a) Sửa đổi điểm a khoản 2 …"
            # below it: its children say it again, each with its wording
            articles = {q.levels[-1] for q, _ in targets if q.has("article")}
            base = Path([next(iter(articles))], 0, 0) if len(articles) == 1 else ctx.base
            return Context(ctx.target, base, ctx.ambiguous, ctx.text)
        texts = _split_wording(wording, [t[0] for t in needs_wording]) if needs_wording else {}
        follows = [q for q in found if q.role == "after"]
        follow_starts = [q.start for q in follows]
        for path, kind in targets:
            target = self._target_of(path, cites, offset, ctx)
            if target is None:
                self._unresolved(p, line, ctx)
                continue
            after = None
            if kind == INSERT:
                k = bisect.bisect_left(follow_starts, path.end)
                after = follows[k].anchor() if k < len(follows) else None
            if texts is None and kind in (REPLACE, INSERT):
                continue              # the whole wording went to one operation below
            text = texts.get(id(path)) if kind in (REPLACE, INSERT) else None    # None: its label is missing
            self._emit(p, line, kind, target, path.printed(), path.anchor(), text=text, after=after)
        if texts is None:
            # the wording of several units, not split at their labels: kept whole
            first = needs_wording[0][0]
            target = self._target_of(first, cites, offset, ctx)
            if target is not None:
                printed = " và ".join(q.printed() for q, _ in needs_wording)
                kinds = {k for _, k in needs_wording}
                self._emit(p, line, REPLACE if REPLACE in kinds else INSERT, target, printed, None,
                           text=_unquote(wording or ""))
        return ctx

    def _words_among_units(self, p, line, view, cites, offset, ctx) -> str:
        """"Bãi bỏ khoản 5 Điều 15 và cụm từ “…” tại điểm b khoản 1 Điều 20": the words are
        deleted where the line says, and that place is not a unit repealed. ``view`` without them."""
        found = list(_WORDS_AMONG_UNITS_RE.finditer(view))
        if not found:
            return view
        verb = _VERB_RE.search(view, 0, found[0].start())
        quoted = {q[0]: q for q in _quoted(line)}
        spans = []
        for k, m in enumerate(found):
            q = quoted.get(m.end())
            if q is None:
                continue
            # its place: up to the next member (";") or the next words named
            nxt = found[k + 1].start() if k + 1 < len(found) else len(view)
            stop = view.find(";", q[1], nxt)
            stop = nxt if stop < 0 else stop
            places = [x for x in complete(paths(view, q[1], stop, line), ctx.base)
                      if x.role in ("target", "container")]
            spans.append((m.start(), places[-1].end if places else q[1]))
            target = self._target_of(places[0], cites, offset, ctx) if places else \
                (None if ctx.ambiguous else ctx.target)
            if verb is None or _verb_kind(verb) != REPEAL:
                continue          # other verbs on words: the words reader's
            if target is None:
                self._unresolved(p, line, ctx)
                continue
            for place in places or [ctx.base]:
                self._emit(p, line, SUBSTITUTE, target, place.printed() if place else None,
                           _unit_anchor(place) if place else None, old_words=q[2], new_words="")
        return _blank_spans(view, spans)

    # words -------------------------------------------------------------------------

    def _word_ops(self, p, line, view, cites, offset, ctx) -> Context | None:
        """Substitutions; None when the line changes no words (the units reader takes it)."""
        made = False
        line_objects = self._objects(view, 0, len(view), cites, offset)
        quoted = _quoted(line)
        starts = [q[0] for q in quoted]
        for lo, hi in _pieces(view):
            if not _WORDS_VERB_RE.search(view, lo, hi):
                # a member on units ("…; bãi bỏ điểm b khoản 1 Điều 41") of a line on words
                piece = " " * lo + view[lo:hi] + " " * (len(view) - hi)
                local = _context(Context(ctx.target, ctx.base, ctx.ambiguous, ctx.text), line_objects)
                self._unit_ops(p, line, piece, None, cites, offset, local, False)
                continue
            pairs = _word_pairs(view, lo, hi, quoted[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)])
            if not pairs:
                continue
            made = True
            places = [q for q in complete(paths(view, lo, hi, line), ctx.base) if q.role in ("target", "container")]
            piece_objects = self._objects(view, lo, hi, cites, offset)
            target = (piece_objects[0] if len(piece_objects) == 1 else None if piece_objects
                      else line_objects[0] if len(line_objects) == 1 else None if line_objects
                      else None if ctx.ambiguous else ctx.target)
            if target is None or not target.number:
                self._unresolved(p, line, ctx)
                continue
            for old, new in pairs:
                for place in places or [ctx.base]:
                    anchor = _unit_anchor(place) if place is not None else None
                    printed = place.printed() if place is not None else None
                    self._emit(p, line, SUBSTITUTE, target, printed, anchor, old_words=old, new_words=new)
        return ctx if made else None

    # documents --------------------------------------------------------------------

    def _cites(self, text: str, offset: int) -> _Cites:
        """Citations of the instruction (``text[offset:]``), read against the headings before it."""
        return _Cites(c for c in extract(text) if c.start >= offset and c.kind in ("full", "short", "named"))

    def _learn_aliases(self, text: str) -> None:
        """"… Nghị định số 88/1999/NĐ-CP … (sau đây viết tắt là Nghị định 88/CP)": an alias,
        the earlier document of the same ordinal."""
        if "sau đây" not in text:
            return
        last_by_seq: dict[str, str] = {}
        for c in extract(text):
            n = numbers.parse(c.number) if c.kind == "full" and c.number else None
            if n is None:
                continue
            opening = text.rfind("(", max(0, c.start - 160), c.start)
            if opening >= 0 and _ALIAS_RE.search(text, opening, c.start):
                earlier = last_by_seq.get(n.seq)
                if earlier and earlier != c.number:
                    self.aliases[c.number] = earlier
            elif opening < 0 or c.start - opening > 160:
                last_by_seq[n.seq] = c.number

    def _number(self, c) -> Target | None:
        """The document a citation names surely; Target("") when it is named
        but not surely (a law's name shared by several laws, or by none known)."""
        if c.kind == "named":
            fits = [k for k in c.candidates if self.year and (_year(k.number) or 9999) < self.year]
            return Target(fits[0].number) if len(fits) == 1 else Target("")
        number = c.refers_to or c.number
        if not number:
            return Target("")
        return Target(self.aliases.get(number, number), c.issued)

    def _objects(self, view, lo, hi, cites, offset) -> list[Target]:
        """The documents an instruction acts on: the first one named in
        ``view[lo:hi]`` and those joined to it ("… Nghị định số A … và Nghị định
        số B", or with units between), never the acting document itself nor
        one named in another's description."""
        out: list[Target] = []
        prev_end = None
        first = bisect.bisect_left(_starts(cites), lo + offset)
        for c in cites[first:]:
            start = c.start - offset
            if start >= hi:
                break
            if start < lo:
                continue
            if prev_end is not None and not (_JOINED_RE.fullmatch(view[prev_end:start][:80])
                                             or paths(view, prev_end, start)):
                break
            target = self._number(c)
            if target.number != self.doc.number and all(t.number != target.number or not t.number for t in out):
                out.append(target)
            prev_end = c.end - offset
        return out

    def _target_of(self, path: Path, cites, offset, ctx: Context) -> Target | None:
        """The document a unit belongs to: the one named after it (after the last
        one named: that one), else the enclosing provision's."""
        if cites:
            k = bisect.bisect_left(_starts(cites), path.end + offset)
            target = self._number(cites[k] if k < len(cites) else cites[-1])
            if target.number == self.doc.number:
                target = None if ctx.ambiguous else ctx.target
        else:
            target = None if ctx.ambiguous else ctx.target
        return target if target is not None and target.number else None

    # output ------------------------------------------------------------------------

    def _emit(self, p: Provision, line: str, action: str, target: Target, printed, anchor, text=None,
              old_words=None, new_words=None, after=None) -> None:
        date, note = self._date_of(p.anchor)
        quote = _quote(line)
        evidence = Evidence(FROM_TEXT, quote, p.source or f"{self.source}#{p.anchor}", self.doc.number,
                            _printed(p, self.by_anchor))
        self.reading.operations.append(Operation(
            action, target.number, evidence, printed, anchor, text, old_words, new_words, after, date, note,
            target.issued, p.anchor))

    def _unresolved(self, p: Provision, line: str, ctx: Context) -> None:
        reason = ("văn bản được sửa đổi được nêu không rõ (nhiều văn bản, hoặc luật chỉ nêu tên)" if ctx.ambiguous
                  else "không xác định được văn bản được sửa đổi")
        quote = _quote(line)
        if not any(u.by_anchor == p.anchor and u.quote == quote for u in self.reading.unresolved[-3:]):
            self.reading.unresolved.append(Unresolved(p.anchor, quote, reason))

    def _part_dates(self) -> list[tuple[str, effects.Effective]]:
        body = "\n".join(f"{p.label}. {p.heading}\n{p.text}" for p in self.doc.provisions)
        out = []
        for printed, eff in effects.part_dates(body, self.doc.issued):
            for q in complete(paths(printed), None):
                a = q.anchor()
                if a and q.has("article"):
                    out.append((a, eff))
        return out

    def _date_of(self, by_anchor: str):
        for a, eff in self.dates:
            if by_anchor == a or by_anchor.startswith(a + "-"):
                return eff.date, eff.note
        if self.doc.effective_from:
            return self.doc.effective_from, None
        return None, self.doc.effective_note or "ngày văn bản sửa đổi có hiệu lực (chưa rõ)"


class _Cites(list):
    """Citations in text order, with their starts (looked up by bisection: linear overall)."""

    def __init__(self, items=()):
        super().__init__(items)
        self.starts = [c.start for c in self]


def _starts(cites) -> list[int]:
    return cites.starts if isinstance(cites, _Cites) else [c.start for c in cites]


def _context(ctx: Context, named: list[Target]) -> Context:
    """``ctx`` with the documents a line names: one named surely is the target of what
    follows; several, or one named unsurely, leave it unknown (never the outer one)."""
    if len(named) == 1 and named[0].number:
        ctx.target, ctx.ambiguous = named[0], False
    elif named:
        ctx.target, ctx.ambiguous = None, True
    return ctx


def _quote(line: str) -> str:
    """The instruction as printed, spaces squashed, at most QUOTE_MAX characters."""
    quote = " ".join(line[:QUOTE_MAX * 2].split())
    return quote if len(quote) <= QUOTE_MAX else quote[:QUOTE_MAX - 1].rstrip() + "…"


# --- helpers --------------------------------------------------------------------------

def _year(number: str) -> int | None:
    n = numbers.parse(number)
    return n.year if n else None


def _verb_kind(m: re.Match) -> str:
    if m.group("replace"):
        return REPLACE
    if m.group("repeal"):
        return REPEAL
    return INSERT


def _assign(view: str, verbs, found: list[Path]) -> list[tuple[Path, str]]:
    """The verb each unit is governed by. An active verb governs the units right
    after it ("Bãi bỏ khoản 3", never "Sửa đổi … theo quy định tại khoản 3");
    "X được sửa đổi" the units before it, unless units follow it ("Điều 3
    được sửa đổi khoản 10 và bổ sung khoản 35": Điều 3 holds them)."""
    out = []
    starts = [q.start for q in found]
    for i, (vs, ve, kind, passive) in enumerate(verbs):
        nxt = verbs[i + 1][0] if i + 1 < len(verbs) else 10 ** 9
        prev = verbs[i - 1][1] if i else -1
        after = found[bisect.bisect_left(starts, ve):bisect.bisect_left(starts, nxt)]
        if after and not passive and not _GOVERNED_RE.fullmatch(view, ve, after[0].start):
            after = []
        if passive:
            if after and any(q.role == "target" for q in after):
                out.extend((q, kind) for q in after)
            else:
                # "Khoản 2 được bổ sung như sau": supplemented is amended
                before = [q for q in found[bisect.bisect_left(starts, prev):bisect.bisect_left(starts, vs)]
                          if q.end <= vs]
                out.extend((q, REPLACE if kind == INSERT else kind) for q in before)
        else:
            out.extend((q, kind) for q in after)
    return out


def _passive_holders(verbs, found: list[Path]) -> None:
    """"Điều 3 … được sửa đổi khoản 10 …": the units before a passive verb
    followed by units of its own hold them, they are not acted on."""
    starts = [q.start for q in found]
    for i, (vs, ve, _, passive) in enumerate(verbs):
        if not passive:
            continue
        nxt = verbs[i + 1][0] if i + 1 < len(verbs) else 10 ** 9
        prev = verbs[i - 1][1] if i else -1
        if any(q.role == "target" for q in found[bisect.bisect_left(starts, ve):bisect.bisect_left(starts, nxt)]):
            for q in found[bisect.bisect_left(starts, prev):bisect.bisect_left(starts, vs)]:
                if q.end <= vs and q.role == "target":
                    q.role = "container"


def _unit_anchor(place: Path) -> str | None:
    """Where words change: the unit, even when the words are in its heading."""
    partial, place.partial = place.partial, None
    try:
        return place.anchor()
    finally:
        place.partial = partial


def _split(heading: str, text: str) -> tuple[list[str], str | None]:
    """(instruction lines, new wording) of a provision: the lines up to the one
    that introduces new wording, then the rest (from its quote on, when the
    quote opens on that line). An article headed by its instruction ("Điều 1.
    Sửa đổi, bổ sung khoản 2 Điều 7") whose text opens with a quote: the text is the wording."""
    lines = [heading] if heading else []
    body = text.split("\n") if text else []
    candidates = lines + body
    for i, line in enumerate(candidates):
        m = _INTRO_RE.search(line)
        if m is None:
            continue
        head = line[:m.end()].rstrip(" “\"‘'")
        rest = line[m.end():]
        after = candidates[i + 1:]
        wording = "\n".join(([rest.strip()] if rest.strip() else []) + after).strip()
        return [x for x in candidates[:i] if x.strip()] + [head], wording or None
    if heading and body and body[0].lstrip().startswith(("“", '"', "‘‘", "''")):
        return [heading], text.strip()
    return [x for x in candidates if x.strip()], None


# The end of an instruction that introduces new wording: "… như sau:", "… như sau: “",
# "… vào sau Điều 5:" (a colon at the end of the line, or before the quote that opens the wording).
_INTRO_RE = re.compile(r"(?:(?i:như\s{1,3}sau)\s{0,2}:?|:)(?=[ \t]{0,3}(?:[“\"]|‘‘|''|$))")


def _history_spans(view: str, cites, offset: int) -> list[tuple[int, int]]:
    """Spans that tell a cited document's history: from "đã được sửa đổi … theo"
    to the end of the documents it names one after another ("Luật số A, Luật số B và Luật số C")."""
    spans = []
    starts = _starts(cites)
    for m in _HISTORY_RE.finditer(view):
        end = m.end()
        k = bisect.bisect_left(starts, m.end() + offset)
        while k < len(cites):
            s, e = cites[k].start - offset, cites[k].end - offset
            gap = view[end:s]
            if len(gap) > 80 or (end != m.end() and _ACT_WORD_RE.search(gap)):
                break
            end = e
            k += 1
        spans.append((m.start(), end))
    return spans


def _inside(pos: int, spans) -> bool:
    k = bisect.bisect_right(spans, (pos, 10 ** 9)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


_ACT_WORD_RE = re.compile(r"(?i)(?<!\w)(?:như\s{1,3}sau|sửa\s{1,3}đổi|bổ\s{1,3}sung|bãi\s{1,3}bỏ|thay)(?!\w)")


def _blank_spans(view: str, spans) -> str:
    if not spans:
        return view
    out, prev = [], 0
    for a, b in spans:
        a = max(a, prev)
        out += [view[prev:a], " " * max(0, b - a)]
        prev = max(prev, b)
    out.append(view[prev:])
    return "".join(out)


def _pieces(view: str) -> list[tuple[int, int]]:
    """The members of a line, split at each ";" followed by a verb ("…; thay cụm từ …")."""
    out, start = [], 0
    for m in re.finditer(";", view):
        if _PIECE_VERB_RE.match(view, m.end()):
            out.append((start, m.start()))
            start = m.end()
    out.append((start, len(view)))
    return out


def _word_pairs(view: str, lo: int, hi: int, quoted) -> list[tuple[str, str]]:
    """(old words, new words) of one piece on words; ``quoted``: its pairs of quotes."""
    verb = _WORDS_VERB_RE.search(view, lo, hi)
    if verb is None:
        return []
    if not quoted:
        return []
    kind = " ".join(verb.group("verb").lower().split())
    into = _INTO_RE.search(view, verb.end(), hi)
    if kind == "bổ sung":
        if into is None:
            return []
        added = [q for q in quoted if q[1] <= into.start()]
        anchors = [q for q in quoted if q[0] >= into.end()]
        if len(added) != 1 or not anchors:
            return []
        a, old = added[0][2], anchors[0][2]
        if into.group("where").lower() == "sau":
            return [(old, _join(old, a))]
        return [(old, _join(a, old))]
    if kind in ("bỏ", "bãi bỏ"):
        return [(q[2], "") for q in quoted]
    by = _BY_RE.search(view, verb.end(), hi)
    if by is None:
        return []
    olds = [q[2] for q in quoted if q[1] <= by.start()]
    news = [q[2] for q in quoted if q[0] >= by.end()]
    if len(news) == 1:
        return [(o, news[0]) for o in olds]
    if len(news) == len(olds):
        return list(zip(olds, news))
    return []


_WORD_ITEM_RE = re.compile(r"\s{0,40}(?:[-–+•]\s{0,3}|[a-zđ]\)\s{0,3})?(?i:(?:các\s{1,3})?(?:cụm\s{1,3}từ|từ\s{1,3}ngữ|từ))"
                           r"\s{1,3}[“\"]")


def _word_items(instruction: str, wording: str) -> list[str] | None:
    """The items of a list of words under a verb on words that quotes none
    ("Bãi bỏ các cụm từ sau đây:"), each as an instruction of its own, both
    lines as printed ("Bãi bỏ các cụm từ sau đây: Cụm từ “…” tại …"); None
    when ``wording`` is not such a list. An item on words inside other words
    ("… trong cụm từ “…”") is left: it is not a change of those words
    wherever they stand."""
    verb = _WORDS_VERB_RE.search(instruction)
    if verb is None or "“" in instruction or '"' in instruction:
        return None
    lines = [ln for ln in wording.split("\n") if ln.strip()]
    if not lines or not all(_WORD_ITEM_RE.match(ln) for ln in lines):
        return None
    return [f"{instruction.strip()} {ln.strip()}" for ln in lines
            if not re.search(r"(?i)trong\s{1,3}(?:cụm\s{1,3})?từ\s{1,3}[“\"]", ln)]


def _join(a: str, b: str) -> str:
    """Words put side by side: no space before a comma or after an opening bracket."""
    if not a or not b:
        return a + b
    if b[0] in ",.;:)" or a[-1] in "(":
        return a + b
    return f"{a} {b}"


def _quoted(line: str) -> list[tuple[int, int, str]]:
    """(start, end, words) of each pair of quotes of ``line``, the outer ones only."""
    pairs = sorted(structure._Quotes([line]).inline.get(0, []))
    out: list[tuple[int, int, str]] = []
    for col, width, close in pairs:
        if out and col < out[-1][1]:
            continue              # inside the pair before
        out.append((col, close + 1, line[col + width:close].strip()))
    return out


def _unquote(wording: str) -> str:
    """New wording without the quote marks around each of its blocks (“…”, "…", ‘‘…’’)."""
    lines = wording.split("\n")
    quotes = structure._Quotes(lines)
    out = list(lines)
    i = 0
    while i < len(lines):
        opens, closes = quotes.opening(i, lines[i])
        if not opens or closes is None:
            i += 1
            continue
        first = lines[i].lstrip()
        width = 2 if first.startswith(("‘‘", "''")) else 1
        out[i] = first[width:]
        last = out[closes]
        m = re.search(r"(?:”|\"|’’|'')[\s.;,]{0,6}$", last)
        if m:
            out[closes] = last[:m.start()]
        i = closes + 1
    return "\n".join(out).strip()


def _split_wording(wording: str | None, targets: list[Path]) -> dict[int, str | None] | None:
    """The new wording of each unit, cut at each unit's label ("2. …", "3. …",
    "-Điều 15."), in order; a unit whose label the wording lacks gets none (its
    operation is kept without text). None when no label is found: the wording
    stays whole."""
    if not wording:
        return {}
    text = _unquote(wording)
    if len(targets) == 1:
        return {id(targets[0]): text}
    lines = text.split("\n")
    where: dict[tuple[str, str], list[int]] = {}        # label → the lines opening with it, in order
    for i, line in enumerate(lines):
        m = _LINE_LABEL_RE.match(line)
        if m:
            kind = "article" if m.group("article") else "clause" if m.group("clause") else "point"
            where.setdefault((kind, (m.group("article") or m.group("clause") or m.group("point")).lower()), []).append(i)
    starts: list[tuple[int, int]] = []              # (line, target index)
    k = 0
    for t, path in enumerate(targets):
        kind, n = path.levels[0] if path.levels else ("", "")
        found = where.get((kind, n.lower()), [])
        j = bisect.bisect_left(found, k)
        if j < len(found):
            starts.append((found[j], t))
            k = found[j] + 1
    if not starts:
        return None
    out: dict[int, str | None] = {id(t): None for t in targets}
    for i, (line, t) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(lines)
        out[id(targets[t])] = _unquote("\n".join(lines[line:end]))
    return out


# A line of new wording opening with a unit's label: "Điều 15.", "-Điều 15.", "“3.", "b)".
_LINE_LABEL_RE = re.compile(r"[\s\-–•+“\"‘']{0,6}(?:(?:Điều|ĐIỀU)\s{1,3}(?P<article>\d{1,4}[a-zđ]?)(?!\w)"
                            r"|(?P<clause>\d{1,3}[a-zđ]?)\s{0,2}[.)]|(?P<point>[a-zđ]\d?)\s{0,2}\))")


def _printed(p: Provision, by_anchor: dict[str, Provision]) -> str:
    """"khoản 5 Điều 1" for the provision whose anchor is dieu-1-khoan-5."""
    words = []
    q = p
    while q is not None and q.kind in ("point", "clause", "article"):
        n = q.label.split(" ", 1)[-1]
        words.append(f"Điều {n}" if q.kind == "article" else f"{_PRINTED[q.kind]} {n}")
        q = by_anchor.get(q.parent) if q.parent else None
    return " ".join(words) or p.label
