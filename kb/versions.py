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

How one change alters the text in front of it (a unit, a part of one,
words substituted as whole words) is ``kb.amend_text``.
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
from kb.amend_text import (
    APPLIED, IN_BASE, NOT_APPLIED, ORIGINAL, PHAPDIEN, Unit, _apply, _part, _part_anchor, _Text, article_of,
)
from kb.amend_text import _units_from_text, k_word  # noqa: F401 (kb.versions' names before the split)
from kb.cite import pinpoint
from kb.model import (
    AMENDS, EVENT_LABELS, FROM_PHAPDIEN, INSERT, OPERATION_LABELS, REPEAL, REPEALS_PART, REPLACE, SUBSTITUTE,
)

# States of a change on the date asked: APPLIED, IN_BASE, NOT_APPLIED (kb.amend_text), and
LATER = "later"              # dated after the date asked
STATE_LABELS = {APPLIED: "Căn cứ đã áp dụng", IN_BASE: "đã có trong văn bản gốc/pháp điển",
                LATER: "chưa đến ngày áp dụng", NOT_APPLIED: "Chưa áp dụng được"}

NOT_APPLIED_STATUS = "Chưa áp dụng được"
BANNER = ("Văn bản hợp nhất do Căn cứ tự tổng hợp, không phải văn bản hợp nhất chính thức (VBHN)")


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
