"""Versions of a document's text: each provision's timeline and the whole
document as it stood on a date, from a base text and the amending
operations on it (docs/ARCHITECTURE.md, "Amendments and versions").

**The base text and the date it stands for.**

- An original text (vbpl pages, the scraped laws, uploads, single
  documents) is the wording as issued: it stands from the issue date (the
  effective date decides force, which ``kb.status`` computes, not wording).
  An operation is applied on and after its own date.
- A pháp điển text (origin ``phapdien-YYYY-MM``) is already consolidated.
  The store dates a release only by its month (the origin label, which the
  import takes from the release's name or from the latest issue date its
  notes print), and a release holds changes that take effect after it (a
  release of 01/2026 holds amendments in force from 04/2026), so the month
  cannot date a text. Each article's source note names the changes in its
  text (events of origin ``phapdien`` scoped to the article): the article's
  text stands from the latest of their dates, or from the issue date when
  the note names none. Before that date the text is unknown — "Nội dung
  trước ngày … chưa có trong kho" — and the later text is never shown as
  the earlier one. An operation dated on or before that date is in the text
  already (or superseded by what is) and is not applied again; a later one
  is applied, unless the text shows it already (a replacement gives the same
  words, an inserted unit is there, the quoted old words are gone and the
  new ones present): a release may hold a change its note does not name.

**What cannot be applied is kept.** An operation with no date, on an annex
or a table, whose target is not in the text, or whose quoted old words are
not in it, is listed with its reason and quote, and marks its provision
"Chưa áp dụng được". So is an amendment the KB knows only as an event (the
amending document's text names it, but no operation was read from it).
Nothing is dropped silently.

**Word substitutions** match the quoted words exactly (NFC, diacritics
kept, any run of blanks for a blank) and as whole words: "người thụ hưởng"
is not replaced inside "những người thụ hưởng" only because of a shared
tail — both ends must fall between words.
"""
from __future__ import annotations

import copy
import datetime as _dt
import difflib
import re
import sqlite3
from dataclasses import dataclass, field

from kb import status as kb_status
from kb import store
from kb.cite import pinpoint
from kb.identity import anchor as make_anchor
from kb.model import (
    AMENDS, EVENT_LABELS, FROM_PHAPDIEN, INSERT, OPERATION_LABELS, REPEAL, REPEALS_PART, REPLACE, SUBSTITUTE,
)
from kb.text import ARTICLE_LINE_RE, CLAUSE_LINE_RE, POINT_LINE_RE, nfc

ORIGINAL = "original"
PHAPDIEN = "phapdien"

# States of a change on the date asked.
APPLIED = "applied"          # applied by Căn cứ to the base text
IN_BASE = "in_base"          # already in the base text
LATER = "later"              # dated after the date asked
NOT_APPLIED = "not_applied"  # cannot be applied: see its reason
STATE_LABELS = {APPLIED: "Căn cứ đã áp dụng", IN_BASE: "đã có trong văn bản gốc/pháp điển",
                LATER: "chưa đến ngày áp dụng", NOT_APPLIED: "Chưa áp dụng được"}

NOT_APPLIED_STATUS = "Chưa áp dụng được"
BANNER = ("Văn bản hợp nhất do Căn cứ tự tổng hợp, không phải văn bản hợp nhất chính thức (VBHN)")

_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "article": 4, "clause": 5, "point": 6}
_KIND_OF = {"dieu": "article", "khoan": "clause", "diem": "point"}
_LABEL_OF = {"article": "Điều", "clause": "Khoản", "point": "Điểm"}
_POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"


# --- what the pages and commands read -------------------------------------------

@dataclass
class Change:
    """One change to the text: an amending operation, a change a pháp điển
    note names, or an amendment known only as an event."""

    ref: str                          # "op-12", "note-3", "event-5": stable within one answer
    action: str                       # replace, insert, repeal, substitute; amends, repeals_part (notes, events)
    provision: str | None             # the target as printed
    anchor: str | None
    date: _dt.date | None
    date_note: str | None
    by_number: str | None
    by_key: str | None
    by_provision: str | None
    by_anchor: str | None
    quote: str
    source: str
    origin: str                       # whose words: text, phapdien, vbpl, …
    text: str | None = None
    old_words: str | None = None
    new_words: str | None = None
    after: str | None = None
    state: str = LATER
    reason: str | None = None

    @property
    def label(self) -> str:
        return OPERATION_LABELS.get(self.action) or EVENT_LABELS.get(self.action, self.action)

    def to_json(self) -> dict:
        return {"ref": self.ref, "action": self.action, "label": self.label, "provision": self.provision,
                "anchor": self.anchor, "date": _iso(self.date), "date_note": self.date_note,
                "by": {"number": self.by_number, "key": self.by_key, "provision": self.by_provision,
                       "anchor": self.by_anchor},
                "text": self.text, "old_words": self.old_words, "new_words": self.new_words, "after": self.after,
                "state": self.state, "state_label": STATE_LABELS[self.state], "reason": self.reason,
                "evidence": {"origin": self.origin, "quote": self.quote, "source": self.source}}


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
                "known_from": _iso(self.known_from)}


@dataclass
class Base:
    """The stored text a document's versions start from, and the date it stands for."""

    kind: str                         # ORIGINAL or PHAPDIEN
    origin: str
    issued: _dt.date | None
    release: str | None = None        # "01/2026" for a pháp điển text
    stands: dict[str, _dt.date] = field(default_factory=dict)        # article → its text stands from
    undated: dict[str, list[Change]] = field(default_factory=dict)   # article → noted changes with no date
    noted: dict[str, list[Change]] = field(default_factory=dict)     # article → changes its note names

    @property
    def label(self) -> str:
        if self.kind == PHAPDIEN:
            return f"Bộ pháp điển, bản {self.release}" if self.release else "Bộ pháp điển"
        return "văn bản gốc"

    def stands_from(self, anchor: str) -> _dt.date | None:
        return self.stands.get(article_of(anchor), self.issued)

    def to_json(self) -> dict:
        return {"kind": self.kind, "origin": self.origin, "label": self.label, "issued": _iso(self.issued),
                "release": self.release,
                "rule": ("Văn bản pháp điển đã hợp nhất: mỗi điều đứng ở ngày muộn nhất mà ghi chú của nó nêu; "
                         "nội dung trước ngày đó chưa có trong kho" if self.kind == PHAPDIEN else
                         "Văn bản gốc: nội dung từ ngày ban hành, các thay đổi áp dụng từ ngày của chúng")}


@dataclass
class Consolidated:
    """A document's text on a date."""

    key: str
    number: str | None
    on: _dt.date
    base: Base
    units: list[Unit]
    changes: list[Change]
    exists: bool = True               # False: the date is before the document was issued
    notices: list[str] = field(default_factory=list)

    @property
    def computed(self) -> bool:
        """Some change was applied by Căn cứ: the text is not one a source printed."""
        return any(c.state == APPLIED for c in self.changes)

    @property
    def problems(self) -> list[Change]:
        return [c for c in self.changes if c.state == NOT_APPLIED]

    def unit(self, anchor: str) -> Unit | None:
        return next((u for u in self.units if u.anchor == anchor), None)

    def text_of(self, anchor: str) -> str | None:
        """The provision's text with its units, as printed; None when it is
        repealed, unknown on the date, or not in the text."""
        return _render(self.units, anchor)

    def later_of(self, anchor: str) -> str | None:
        """The stored text of a provision unknown on the date, as printed
        (valid from its ``known_from``)."""
        return _render(self.units, anchor, later=True)

    def to_json(self) -> dict:
        return {"key": self.key, "number": self.number, "on": self.on.isoformat(), "exists": self.exists,
                "computed": self.computed, "banner": BANNER if self.computed else None,
                "base": self.base.to_json(), "notices": self.notices,
                "provisions": [u.to_json() for u in self.units],
                "changes": [c.to_json() for c in self.changes],
                "problems": [c.ref for c in self.problems]}


@dataclass
class Version:
    valid_from: _dt.date | None       # None: since the document was issued, date unknown
    valid_until: _dt.date | None      # the day the next version starts; None: still current
    text: str | None                  # None: repealed, not yet inserted, or not known
    status: str                       # a kb.status value, or "Chưa áp dụng được"
    force: str                        # the kb.status value
    note: str | None = None
    changes: list[Change] = field(default_factory=list)     # what started this version
    problems: list[Change] = field(default_factory=list)    # not applied, dated in it

    @property
    def change(self) -> Change | None:
        return self.changes[0] if self.changes else None

    def to_json(self) -> dict:
        return {"valid_from": _iso(self.valid_from), "valid_until": _iso(self.valid_until), "text": self.text,
                "status": self.status, "force": self.force, "note": self.note,
                "change": self.change.to_json() if self.change else None,
                "changes": [c.to_json() for c in self.changes], "problems": [c.to_json() for c in self.problems]}


@dataclass
class Timeline:
    key: str
    anchor: str
    provision: str                    # printed: "khoản 2 Điều 3"
    versions: list[Version]
    problems: list[Change]            # not applied, undated included
    base: Base

    @property
    def computed(self) -> bool:
        return any(c.state == APPLIED for v in self.versions for c in v.changes)

    def on(self, day: _dt.date) -> Version | None:
        for v in self.versions:
            if (v.valid_from is None or v.valid_from <= day) and (v.valid_until is None or day < v.valid_until):
                return v
        return None

    def to_json(self) -> dict:
        return {"key": self.key, "anchor": self.anchor, "provision": self.provision,
                "computed": self.computed, "banner": BANNER if self.computed else None, "base": self.base.to_json(),
                "versions": [v.to_json() for v in self.versions], "problems": [c.to_json() for c in self.problems]}


@dataclass
class Segment:
    op: str                           # equal, insert, delete
    text: str

    def to_json(self) -> dict:
        return {"op": self.op, "text": self.text}


# --- public functions ------------------------------------------------------------

def consolidated(db: sqlite3.Connection, key: str, on: _dt.date) -> Consolidated | None:
    """The document ``key`` as it stood on ``on``: provisions in order (an
    inserted one after its ``after`` anchor, else in number order), each with
    its text on that date and the changes applied so far; every change known,
    with its state on that date. None when the KB has no such document."""
    doc = _load(db, key)
    if doc is None:
        return None
    out = Consolidated(key, doc.row["number"], on, doc.base, [], [])
    if doc.base.issued and on < doc.base.issued:
        out.exists = False
        out.notices.append(f"Văn bản ban hành ngày {doc.base.issued:%d/%m/%Y}, sau ngày được hỏi: chưa có nội dung.")
        out.changes = _fresh_changes(doc)
        for c in out.changes:
            _settle_undated(c)
        return out
    out.units, out.changes = _state_on(doc, on, _clone(doc.units))
    if doc.base.kind == PHAPDIEN and any(u.unknown for u in out.units):
        out.notices.append("Một số điều chỉ có nội dung pháp điển từ một ngày sau ngày được hỏi; "
                           "nội dung trước ngày đó chưa có trong kho.")
    return out


def timeline(db: sqlite3.Connection, key: str, anchor: str) -> Timeline | None:
    """The versions of one provision: each with its dates, its text (None
    when repealed, not yet inserted or unknown), its status and the change
    that started it. None when neither the text nor any operation has it."""
    doc = _load(db, key)
    if doc is None:
        return None
    return _timeline(db, doc, anchor)


def timelines(db: sqlite3.Connection, key: str) -> dict[str, Timeline]:
    """The timelines of every article that some change touches (for the
    document page), read once."""
    doc = _load(db, key)
    if doc is None:
        return {}
    articles = []
    for c in _fresh_changes(doc):
        a = article_of(c.anchor) if c.anchor else None
        if a and a not in articles:
            articles.append(a)
    for a in list(doc.base.noted) + list(doc.base.undated):
        if a not in articles:
            articles.append(a)
    out = {}
    for a in articles:
        t = _timeline(db, doc, a)
        if t is not None:
            out[a] = t
    return out


def provision_status(db: sqlite3.Connection, key: str, anchor: str, on: _dt.date) -> kb_status.Status:
    """The provision's status on a date: ``kb.status.provision_status``, the
    one rule (it follows repeals and insertions by operations too)."""
    return kb_status.provision_status(db, key, anchor, on)


@dataclass
class ProvisionOn:
    """One provision on a date: status, text, versions and changes (API, CLI)."""

    key: str
    anchor: str
    on: _dt.date
    status: kb_status.Status
    timeline: Timeline

    @property
    def version(self) -> Version | None:
        return self.timeline.on(self.on)

    def to_json(self) -> dict:
        v = self.version
        return {"key": self.key, "anchor": self.anchor, "provision": self.timeline.provision,
                "on": self.on.isoformat(), "status": self.status.to_json(),
                "text": v.text if v else None, "state": v.status if v else kb_status.UNKNOWN,
                "note": v.note if v else "ngày được hỏi trước mọi phiên bản đã biết",
                "computed": self.timeline.computed, "banner": BANNER if self.timeline.computed else None,
                "versions": [x.to_json() for x in self.timeline.versions],
                "problems": [c.to_json() for c in self.timeline.problems], "base": self.timeline.base.to_json()}


def provision_on(db: sqlite3.Connection, key: str, anchor: str, on: _dt.date) -> ProvisionOn | None:
    t = timeline(db, key, anchor)
    if t is None:
        return None
    return ProvisionOn(key, anchor, on, provision_status(db, key, anchor, on), t)


_WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")   # words, blanks and signs apart
_DIFF_BUDGET = 2_000_000                  # comparisons per block: beyond, the block is shown replaced whole


def diff(text_a: str | None, text_b: str | None) -> list[Segment]:
    """A word-level diff of two texts: equal, delete (only in a), insert (only in
    b). Lines are matched first, then the words of each changed block; a block
    too long to compare word by word in bounded time is shown deleted and
    inserted whole."""
    out: list[Segment] = []

    def add(op, pieces):
        piece = "".join(pieces)
        if not piece:
            return
        if out and out[-1].op == op:
            out[-1].text += piece
        else:
            out.append(Segment(op, piece))

    def compare(a, b, then):
        if len(a) * len(b) > _DIFF_BUDGET:
            add("delete", a)
            add("insert", b)
            return
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                add("equal", a[i1:i2])
            elif tag == "replace" and then:
                then(a[i1:i2], b[j1:j2])
            else:
                add("delete", a[i1:i2])
                add("insert", b[j1:j2])

    def words(a_lines, b_lines):
        a, b = _WORD_RE.findall("".join(a_lines)), _WORD_RE.findall("".join(b_lines))
        # the same start and end of a long paragraph need no comparing (one word changed in 2,000)
        head = 0
        while head < min(len(a), len(b)) and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        add("equal", a[:head])
        compare(a[head:len(a) - tail], b[head:len(b) - tail], None)
        add("equal", a[len(a) - tail:])

    compare((text_a or "").splitlines(keepends=True), (text_b or "").splitlines(keepends=True), words)
    return out


def article_of(anchor: str) -> str:
    """"dieu-3-khoan-2-diem-b" → "dieu-3"; any other anchor as it is."""
    i = anchor.find("-khoan-")
    j = anchor.find("-diem-")
    cut = min(x for x in (i, j, len(anchor)) if x >= 0)
    return anchor[:cut]


# --- loading -----------------------------------------------------------------------

@dataclass
class _Doc:
    key: str
    row: sqlite3.Row
    base: Base
    units: list[Unit]
    ops: list[sqlite3.Row]
    events: list[kb_status.EventView]
    templates: list[Change] | None = None      # the changes, read once; copied per answer
    _by_article: dict | None = None

    def by_article(self) -> dict:
        """Read once per document: where each base article is, and the
        changes, events and operations on each article's units."""
        if self._by_article is None:
            if self.templates is None:
                self.templates = _changes_of(self)
            out = {"at": {}, "changes": {}, "events": {}, "ops": {}, "whole": []}
            for i, u in enumerate(self.units):
                if u.kind == "article":
                    out["at"].setdefault(u.anchor, i)
            for c in self.templates:
                if c.anchor is not None:
                    out["changes"].setdefault(article_of(c.anchor), []).append(c)
                elif c.action == SUBSTITUTE and c.provision is None:
                    out["whole"].append(c)
            for e in self.events:
                key = article_of(kb_status.scope_anchor(e.scope)) if e.scope else None
                out["events"].setdefault(key, []).append(e)
            for r in self.ops:
                if r["anchor"]:
                    out["ops"].setdefault(article_of(r["anchor"]), []).append(r)
            self._by_article = out
        return self._by_article


def _load(db: sqlite3.Connection, key: str) -> _Doc | None:
    row = store.document(db, key)
    if row is None:
        return None
    units = [Unit(r["anchor"], r["label"] or r["anchor"], r["kind"] or "article", r["heading"] or "",
                  r["text"] or "", r["parent"], r["source"]) for r in store.provisions(db, key)]
    events = kb_status.timeline(db, key)
    origin = row["origin"] or ""
    base = Base(PHAPDIEN if origin.startswith("phapdien-") else ORIGINAL, origin, _date(row["issued"]))
    if base.kind == PHAPDIEN:
        m = re.match(r"phapdien-(\d{4})-(\d{2})", origin)
        base.release = f"{m.group(2)}/{m.group(1)}" if m else origin
        for n, e in enumerate(events):
            if e.evidence_origin == FROM_PHAPDIEN and e.kind != kb_status.TAKES_EFFECT and e.scope:
                article = article_of(kb_status.scope_anchor(e.scope))
                c = _event_change(e, f"note-{n}", article)
                c.state, c.reason = IN_BASE, f"ghi chú pháp điển của {e.scope} nêu thay đổi này"
                base.noted.setdefault(article, []).append(c)
                if e.date:
                    if e.date > base.stands.get(article, _dt.date.min):
                        base.stands[article] = e.date
                else:
                    base.undated.setdefault(article, []).append(c)
    return _Doc(key, row, base, units, kb_status.operations(db, key), events)


def _event_change(e: kb_status.EventView, ref: str, anchor: str | None) -> Change:
    return Change(ref, e.kind, e.scope, anchor, e.date, e.date_note, e.by_number, e.by_key, e.by_provision, None,
                  e.quote, e.source, e.evidence_origin)


def _fresh_changes(doc: _Doc, only: str | None = None) -> list[Change]:
    """Every change known to act on the text, in the order they apply (a new
    copy per answer: states depend on the date asked); ``only``: those on an
    article's units, and the substitutions in the whole text."""
    if doc.templates is None:
        doc.templates = _changes_of(doc)
    if only is None:
        return [copy.copy(c) for c in doc.templates]
    groups = doc.by_article()
    mine = groups["changes"].get(only, []) + groups["whole"]
    if groups["whole"]:
        mine.sort(key=lambda c: (c.date or _dt.date.max, c.ref.startswith("event-")))
    return [copy.copy(c) for c in mine]


def _changes_of(doc: _Doc) -> list[Change]:
    out = []
    for r in doc.ops:
        out.append(Change(f"op-{r['id']}", r["action"], r["provision"], r["anchor"] or _part_anchor(r["provision"]),
                          _date(r["date"]), r["date_note"],
                          r["by_number"], r["by_key"], r["by_provision"], r["by_anchor"], r["quote"], r["source"],
                          r["evidence_origin"], r["text"], r["old_words"], r["new_words"], r["after_anchor"]))
    # An amendment known only as an event (the acting text names it; no
    # operation was read from it, no pháp điển note holds it) is listed too.
    read = {c.by_number for c in out}
    if doc.base.kind == PHAPDIEN:
        read |= {c.by_number for cs in doc.base.noted.values() for c in cs}
    seen = set()
    for n, e in enumerate(doc.events):
        if e.kind not in (AMENDS, REPEALS_PART) or not e.by_number or e.by_number in read:
            continue
        if e.by_number == doc.row["number"]:
            continue
        where = kb_status.scope_anchor(e.scope) if e.scope else None
        if (e.by_number, where) in seen:
            continue
        seen.add((e.by_number, where))
        out.append(_event_change(e, f"event-{n}", where))
    out.sort(key=lambda c: (c.date or _dt.date.max, c.ref.startswith("event-")))
    return out


# --- applying ------------------------------------------------------------------------

def _state_on(doc: _Doc, on: _dt.date, units: list[Unit], only: str | None = None) -> tuple[list[Unit], list[Change]]:
    """``units`` (a copy of the base) with every change dated on or before
    ``on`` applied; ``only``: an article, to work on its units alone."""
    text = _Text(units)
    changes = _fresh_changes(doc, only)
    for c in changes:
        if c.date is None or c.date > on:
            _settle_undated(c)
            continue
        _apply(text, c, doc.base)
    _alternatives(text.units, changes)
    _mark_unknown(text.units, doc.base, on)
    return text.units, changes


def _alternatives(units: list[Unit], changes: list[Change]) -> None:
    """“Thay cụm từ “A”, “B” bằng cụm từ “C” tại …” replaces whichever of A, B
    a place has: a phrase missing where another of the same instruction was
    replaced is no failure."""
    done = {(c.by_number, c.by_anchor, c.quote, c.anchor, c.new_words) for c in changes
            if c.action == SUBSTITUTE and c.state == APPLIED}
    for c in changes:
        if c.action == SUBSTITUTE and c.state == NOT_APPLIED and c.reason and c.reason.startswith("không thấy cụm từ") \
                and (c.by_number, c.by_anchor, c.quote, c.anchor, c.new_words) in done:
            c.state = APPLIED
            c.reason = f"{c.reason}; cùng lệnh, cụm từ khác đã được thay tại đây"
            for u in units:
                if c in u.problems:
                    u.problems.remove(c)


def _clone(units: list[Unit]) -> list[Unit]:
    """Fresh copies of base units (they carry no changes yet)."""
    return [Unit(u.anchor, u.label, u.kind, u.heading, u.text, u.parent, u.source) for u in units]


def _settle_undated(c: Change) -> None:
    if c.date is None:
        c.state = NOT_APPLIED
        c.reason = f"chưa rõ ngày áp dụng{f' ({c.date_note})' if c.date_note else ''}"
    else:
        c.state = LATER


def _mark_unknown(units: list[Unit], base: Base, on: _dt.date) -> None:
    """A pháp điển article whose text stands from after ``on`` (or from an
    unknown date) is unknown on ``on``: its stored text is kept as ``later``."""
    if base.kind != PHAPDIEN:
        return
    for u in units:
        article = article_of(u.anchor)
        since = base.stands.get(article)
        undated = base.undated.get(article)
        if u.inserted or u.changes and any(c.state == APPLIED and c.action in (REPLACE, INSERT) for c in u.changes):
            continue
        if undated:
            names = ", ".join(sorted({c.by_number or "?" for c in undated}))
            u.later, u.text = u.text, None
            u.unknown = f"Nội dung pháp điển gồm thay đổi bởi {names} chưa rõ ngày: nội dung vào ngày này chưa có trong kho."
        elif since and on < since:
            u.later, u.text, u.known_from = u.text, None, since
            u.unknown = f"Nội dung trước ngày {since:%d/%m/%Y} chưa có trong kho."


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
# indexer/structure.py cuts a document (kb reads no indexer module: the two
# line patterns are repeated here, nothing else).

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


# --- one provision through time -------------------------------------------------------

def _timeline(db: sqlite3.Connection, doc: _Doc, anchor: str) -> Timeline | None:
    article = article_of(anchor)
    # the article's units alone: a provision's text depends on nothing else
    groups = doc.by_article()
    i = groups["at"].get(article)
    if i is not None:
        text = _Text(doc.units)
        sub = doc.units[i:text.end(i)]
    else:
        sub = []
    changes = _fresh_changes(doc, article)
    related = _related(changes, anchor)
    in_base = any(u.anchor == anchor for u in sub)
    if not in_base and not any(c.action == INSERT for c in related):
        return None
    noted = [c for c in doc.base.noted.get(article, [])]
    days: set[_dt.date] = set()
    if doc.base.issued:
        days.add(doc.base.issued)
    days |= {c.date for c in related + noted if c.date}
    # what the status of a provision of this article depends on, read once
    events = groups["events"].get(None, []) + groups["events"].get(article, [])
    events.sort(key=kb_status._in_time)
    ops = groups["ops"].get(article, [])
    probe = kb_status.provision_status(db, doc.key, anchor, _dt.date.today(), events, ops)
    days |= {e.date for e in probe.timeline if e.date and (e.kind != kb_status.TAKES_EFFECT or e.scope is None)}
    if doc.base.issued:
        days = {d for d in days if d >= doc.base.issued}
    starts: list[_dt.date | None] = sorted(days)
    if not doc.base.issued:
        starts.insert(0, None)
    versions: list[Version] = []
    for day in starts:
        at = day or _dt.date.min
        units, state = _state_on(doc, at, _clone(sub), only=article)
        body = _render(units, anchor)
        u = next((x for x in units if x.anchor == anchor), None)
        force = kb_status.provision_status(db, doc.key, anchor, at, events, ops).value
        note = None
        if u is None:
            note = "Chưa có (được bổ sung sau)" if not in_base else None
        elif u.unknown:
            note = u.unknown
        elif u.repealed:
            note = f"Bị bãi bỏ bởi {_by_text(u.repealed)}"
        mine = _related(state, anchor)
        started = [c for c in noted if c.date == day] + [
            c for c in mine if day is not None and c.date == day and c.state in (APPLIED, IN_BASE)]
        problems = [c for c in mine if day is not None and c.date == day and c.state == NOT_APPLIED]
        status = NOT_APPLIED_STATUS if _pending(units, anchor) else force
        v = Version(day, None, body, status, force, note, started, problems)
        if versions and (versions[-1].text, versions[-1].status, versions[-1].note) == (v.text, v.status, v.note) \
                and not v.changes and not v.problems:
            continue
        if versions:
            versions[-1].valid_until = day
        versions.append(v)
    last_state = _state_on(doc, _dt.date.max, _clone(sub), only=article)[1]
    problems = [c for c in _related(last_state, anchor) if c.state == NOT_APPLIED]
    return Timeline(doc.key, anchor, pinpoint(anchor) or anchor, versions, problems, doc.base)


def _related(changes: list[Change], anchor: str) -> list[Change]:
    """The changes to the provision, to its units, or to a unit containing it
    as a whole (not its heading or lead-in only)."""
    return [c for c in changes if c.anchor is None or c.anchor == anchor or c.anchor.startswith(anchor + "-")
            or anchor.startswith(c.anchor + "-") and c.action in (REPLACE, REPEAL, SUBSTITUTE)
            and _part(c.provision) is None]


def _pending(units: list[Unit], anchor: str) -> bool:
    """A change to the provision (or one of its units, or a unit containing it) could not be applied."""
    return any(u.problems for u in units if u.anchor == anchor or u.anchor.startswith(anchor + "-")
               or anchor.startswith(u.anchor + "-"))


def _render(units: list[Unit], anchor: str, later: bool = False) -> str | None:
    """The provision's text with its units as printed ("Điều 5. Heading",
    "1. …", "a) …"); None when repealed, unknown or absent. ``later``: the
    stored text of a provision unknown on the date instead."""
    text = _Text(units)
    i = text.find(anchor)
    if i is None:
        return None
    body_of = (lambda u: u.later if u.unknown else u.text) if later else (lambda u: u.text)
    head = units[i]
    if body_of(head) is None:
        return None
    lines = []
    for u in units[i:text.end(i)]:
        if u.repealed:
            lines.append(f"{_prefix(u)} (được bãi bỏ)")
            continue
        own = body_of(u)
        if own is None:
            lines.append(f"{_prefix(u)} (nội dung chưa có trong kho)")
            continue
        body = own.split("\n") if own else []
        if u.kind in ("clause", "point"):
            first = body[0] if body else ""
            lines.append(f"{_prefix(u)} {first}".rstrip())
            lines.extend(body[1:])
        else:
            lines.append(f"{u.label}. {u.heading}".rstrip(". ") if u.heading else u.label)
            lines.extend(body)
    return "\n".join(lines)


def _prefix(u: Unit) -> str:
    if u.kind == "clause":
        return f"{u.number}."
    if u.kind == "point":
        return f"{u.number})"
    return u.label


def _by_text(c: Change) -> str:
    return f"{c.by_provision + ' ' if c.by_provision else ''}{c.by_number or '?'}" + (
        f" từ ngày {c.date:%d/%m/%Y}" if c.date else "")


def _iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _date(iso: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(iso) if iso else None
