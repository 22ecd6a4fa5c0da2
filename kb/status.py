"""Status of a document or a provision on a date, computed from events.

Never stored, never guessed: the status is what the dated events say,
with the events that decide it and their evidence. The rules:

- a document is in force from its effective date (a takes-effect event);
  before it, "Chưa có hiệu lực";
- it stops being in force on the date of an expiry, replacement or repeal
  of the whole document; a suspension makes it "Ngưng hiệu lực";
- the same acting on a part (an article, a clause) makes it "Hết hiệu
  lực một phần" / "Ngưng hiệu lực một phần"; an amendment in force sets
  the "đã được sửa đổi, bổ sung" flag;
- a document whose effective date no source gives is known to be in force
  only on dates some evidence shows it so: the eve of its ending ("X hết
  hiệu lực kể từ ngày D" says X was in force until D), or the day an
  amendment of it took effect. Other dates stay "Chưa xác định";
- when sources disagree on a date, an acting document's own text beats
  an imported record, and a published status label (vbpl, a register)
  never overrides a dated event: the disagreement is reported instead.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
import sqlite3
from dataclasses import dataclass, field

from kb import store
from kb.model import (
    AMENDS, EXPIRES, FROM_PHAPDIEN, FROM_REGISTER, FROM_TEXT, FROM_VBPL, REPEALS, REPEALS_PART,
    REPLACES, SUSPENDS, TAKES_EFFECT,
)

IN_FORCE = "Còn hiệu lực"
PARTLY_EXPIRED = "Hết hiệu lực một phần"
EXPIRED = "Hết hiệu lực toàn bộ"
NOT_YET = "Chưa có hiệu lực"
SUSPENDED = "Ngưng hiệu lực"
PARTLY_SUSPENDED = "Ngưng hiệu lực một phần"
UNKNOWN = "Chưa xác định"
STATUSES = (IN_FORCE, PARTLY_EXPIRED, EXPIRED, NOT_YET, SUSPENDED, PARTLY_SUSPENDED, UNKNOWN)
AMENDED_FLAG = "Đã được sửa đổi, bổ sung"

ENDINGS = (EXPIRES, REPLACES, REPEALS)
# Which source wins when two date the same kind of event differently
# (kb.quality reports the disagreement with the same order).
RANK = {FROM_TEXT: 0, FROM_VBPL: 1, FROM_REGISTER: 2, FROM_PHAPDIEN: 3}


@dataclass
class EventView:
    """An event as the status engine and its readers see it."""

    kind: str
    date: _dt.date | None
    date_note: str | None
    scope: str | None
    by_number: str | None
    by_key: str | None
    by_provision: str | None
    evidence_origin: str
    quote: str
    source: str
    # read from wording an amendment gave (indexer/amended_effects.py): from when it stands, and the amendment
    applies_from: _dt.date | None = None
    amended_by: dict | None = None          # {"number", "key", "provision", "quote", "date"}
    # read from wording an amendment replaced: from when it no longer stands
    superseded_on: _dt.date | None = None
    superseded_by: dict | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "EventView":
        has = row.keys()
        return cls(row["kind"], _date(row["date"]), row["date_note"], row["scope"], row["by_number"],
                   row["by_key"], row["by_provision"], row["evidence_origin"], row["quote"], row["source"],
                   _date(row["applies_from"]) if "applies_from" in has else None,
                   superseded_on=_date(row["superseded_on"]) if "superseded_on" in has else None)

    def stands_on(self, on: _dt.date) -> bool:
        """Whether the wording this event was read from was the text on ``on``."""
        return (self.applies_from is None or self.applies_from <= on) and \
            (self.superseded_on is None or on < self.superseded_on)

    def to_json(self) -> dict:
        out = {"kind": self.kind, "date": self.date.isoformat() if self.date else None,
               "date_note": self.date_note, "by": self.by_number, "by_provision": self.by_provision,
               "scope": self.scope,
               "evidence": {"origin": self.evidence_origin, "quote": self.quote, "source": self.source}}
        if self.applies_from or self.amended_by:
            out["wording_from"] = self.applies_from.isoformat() if self.applies_from else None
            out["amended_by"] = self.amended_by
        if self.superseded_on or self.superseded_by:
            out["wording_until"] = self.superseded_on.isoformat() if self.superseded_on else None
            out["superseded_by"] = self.superseded_by
        return out


@dataclass
class Status:
    value: str
    on: _dt.date
    amended: bool = False
    reason: str = ""
    deciding: list[EventView] = field(default_factory=list)     # the events that decide it
    timeline: list[EventView] = field(default_factory=list)     # every event, past and future
    records: list[dict] = field(default_factory=list)           # status labels as published
    conflicts: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"status": self.value, "on": self.on.isoformat(), "amended": self.amended,
                "reason": self.reason, "events": [e.to_json() for e in self.deciding],
                "timeline": [e.to_json() for e in self.timeline], "records": self.records,
                "conflicts": self.conflicts}


def document_status(db: sqlite3.Connection, key: str, on: _dt.date) -> Status:
    events = timeline(db, key)
    doc = store.document(db, key)
    issued = _date(doc["issued"]) if doc else None
    st = _decide([e for e in events], on, issued, provision=None)
    st.timeline = events
    st.records = [dict(r) for r in db.execute(
        "SELECT status, as_of, quote, source FROM status_records WHERE doc_key = ?", (key,))]
    st.conflicts = _conflicts(st, issued)
    return st


def provision_status(db: sqlite3.Connection, key: str, anchor: str, on: _dt.date,
                     events: list[EventView] | None = None, ops: list[sqlite3.Row] | None = None) -> Status:
    """Status of one provision: the document's own status, narrowed by the
    events whose scope is this provision or contains it, and by the
    amending operations on it (``operations``):

    - a repeal of the provision, or of a unit containing it, ends it on its
      date ("Hết hiệu lực toàn bộ" for the provision), unless a later
      operation on or before ``on`` gives it a text again; so does a
      "bãi bỏ" read from an acting document's text, whose scope names what
      it repeals (a pháp điển note's scope is the article whose content was
      partly repealed: it stays "một phần");
    - a provision that an operation inserts does not exist before that
      operation's date: "Chưa có hiệu lực" until then;
    - a replacement, insertion or substitution in force sets the amended flag.

    ``events``, ``ops``: the document's timeline and operations (or those
    of the provision's article) when the caller has them already."""
    events = timeline(db, key) if events is None else events
    doc = store.document(db, key)
    issued = _date(doc["issued"]) if doc else None
    ops = [r for r in (operations(db, key) if ops is None else ops) if r["date"] and r["anchor"]]
    mine = [_as_repeal(e) if e.kind == REPEALS_PART and e.evidence_origin == FROM_TEXT and e.scope
            and _covers(scope_anchor(e.scope), anchor) else e for e in events]
    mine += _operation_events(ops, anchor, on, mine)
    mine.sort(key=_in_time)
    st = _decide(mine, on, issued, provision=anchor)
    st.timeline = [e for e in mine if e.scope is None or _covers(scope_anchor(e.scope), anchor)
                   or _covers(anchor, scope_anchor(e.scope))]
    inserted = _inserted(db, key, anchor, ops)
    if inserted is not None and st.value != EXPIRED:
        ev = _op_event(inserted, AMENDS)
        if on < ev.date:
            return Status(NOT_YET, on, False, f"được bổ sung từ ngày {ev.date:%d/%m/%Y}{_by(ev)}", [ev], st.timeline)
        if st.value == IN_FORCE:
            st.reason = f"được bổ sung từ ngày {ev.date:%d/%m/%Y}{_by(ev)}"
    return st


def operations(db: sqlite3.Connection, key: str) -> list[sqlite3.Row]:
    """The amending operations on document ``key`` (none in a KB built before
    they were stored)."""
    return store.operations_on(db, key) if store.has_table(db, "operations") else []


def _as_repeal(e: EventView) -> EventView:
    from dataclasses import replace
    return replace(e, kind=REPEALS)


def _op_event(r: sqlite3.Row, kind: str) -> EventView:
    """An operation as an event of the provision it acts on."""
    from kb.cite import pinpoint
    return EventView(kind, _date(r["date"]), r["date_note"], pinpoint(r["anchor"]) or r["provision"],
                     r["by_number"], r["by_key"], r["by_provision"], r["evidence_origin"], r["quote"], r["source"])


def _operation_events(ops: list[sqlite3.Row], anchor: str, on: _dt.date, known: list[EventView]) -> list[EventView]:
    """Repeals of the provision, of a unit containing it (it ends) or of one
    of its units (it ends in part), not given a text again by a later
    operation on or before ``on``; and the other operations
    on it, its units or a unit containing it (the amended flag); an event
    already known from the same acting document is not repeated."""
    out = []
    seen = {(e.kind, e.by_number, e.date) for e in known}
    for r in ops:
        target = r["anchor"]
        if r["action"] == "repeal" and (_covers(target, anchor) or _covers(anchor, target)):
            d = r["date"]
            revived = any(o["action"] in ("replace", "insert") and o["date"] > d and o["date"] <= on.isoformat()
                          and _covers(o["anchor"], target) for o in ops)
            if not revived and (REPEALS, r["by_number"], _date(d)) not in seen:
                out.append(_op_event(r, REPEALS))
        elif r["action"] != "repeal" and (_covers(target, anchor) or _covers(anchor, target)):
            if not any(e.kind == AMENDS and e.by_number == r["by_number"] for e in known + out):
                out.append(_op_event(r, AMENDS))
    return out


def _inserted(db: sqlite3.Connection, key: str, anchor: str, ops: list[sqlite3.Row]) -> sqlite3.Row | None:
    """The operation inserting the provision (or a unit containing it) into a
    text that did not have it, if any."""
    for r in ops:
        if r["action"] == "insert" and _covers(r["anchor"], anchor):
            if db.execute("SELECT 1 FROM provisions WHERE doc_key = ? AND anchor = ?", (key, r["anchor"])).fetchone() is None:
                return r
    return None


def _by(e: EventView) -> str:
    return f" bởi {e.by_provision + ' ' if e.by_provision else ''}{e.by_number}" if e.by_number else ""


def _in_time(e: EventView):
    """Timeline order: by date (undated last), then by which source wins."""
    return (e.date or _dt.date.max, RANK.get(e.evidence_origin, 9))


def timeline(db: sqlite3.Connection, key: str) -> list[EventView]:
    rows = store.events_on(db, key)
    events = [EventView.from_row(r) for r in rows]
    _name_amendments(db, rows, events)
    return sorted(events, key=_in_time)


def _name_amendments(db: sqlite3.Connection, rows, events: list[EventView]) -> None:
    """The amending provision of each event read from amended wording, and of
    each event whose wording an amendment replaced: both are quoted."""
    if not rows or "operation_id" not in rows[0].keys():
        return
    ids = {r["operation_id"] for r in rows if r["operation_id"]} | {r["superseded_by"] for r in rows if r["superseded_by"]}
    if not ids:
        return
    ops = {o["id"]: {"number": o["by_number"], "key": o["by_key"], "provision": o["by_provision"],
                     "quote": o["quote"], "date": o["date"], "target_provision": o["provision"]}
           for o in db.execute(f"SELECT * FROM operations WHERE id IN ({','.join('?' * len(ids))})", list(ids))}
    for r, e in zip(rows, events):
        if r["operation_id"]:
            e.amended_by = ops.get(r["operation_id"])
        if r["superseded_by"]:
            e.superseded_by = ops.get(r["superseded_by"])


def _decide(events: list[EventView], on: _dt.date, issued: _dt.date | None, provision: str | None) -> Status:
    # the effect clauses as they stood on that date (an amendment may have rewritten them)
    events = [e for e in events if e.stands_on(on)]
    whole = [e for e in events if e.scope is None]
    if provision is not None:
        # Events on this provision or on a unit containing it act on it whole.
        whole += [e for e in events if e.scope and _covers(scope_anchor(e.scope), provision)]
    parts = [e for e in events if e.scope and e not in whole
             and (provision is None or _covers(provision, scope_anchor(e.scope)))]
    past = lambda e: e.date is not None and e.date <= on  # noqa: E731

    takes = [e for e in whole if e.kind == TAKES_EFFECT and e.date]
    # a provision's own date (partial commencement: "Điều 190 … có hiệu lực từ …") over its document's
    own = [e for e in takes if e.scope]
    if own:
        depth = max(len(scope_anchor(e.scope)) for e in own)
        takes = [e for e in own if len(scope_anchor(e.scope)) == depth]
    effective = _best(takes, issued)
    endings = sorted((e for e in whole if e.kind in ENDINGS and e.date), key=lambda e: (e.date, RANK.get(e.evidence_origin, 9)))
    ended = [e for e in endings if past(e)]
    amended = [e for e in events if e.kind == AMENDS and past(e)
               and (provision is None or e.scope is None or _covers(scope_anchor(e.scope), provision)
                    or _covers(provision, scope_anchor(e.scope)))]
    flag = bool(amended)
    if ended:
        first = ended[0]
        return Status(EXPIRED, on, flag, _ending_reason(first), [first] + amended)
    suspended = [e for e in whole if e.kind == SUSPENDS and past(e)]
    commencing = [e for e in parts if e.kind == TAKES_EFFECT and e.date]
    if effective and on < effective.date:
        early = [e for e in commencing if e.date <= on]
        return Status(NOT_YET, on, False, f"có hiệu lực từ ngày {effective.date:%d/%m/%Y}" + _parts_note(early),
                      [effective] + early)
    in_force_from = effective.date if effective else _evidence_in_force(events, endings)
    if in_force_from is None or on < in_force_from:
        why = ("không nguồn nào cho biết ngày có hiệu lực" if in_force_from is None else
               f"chỉ biết văn bản có hiệu lực từ trước ngày {in_force_from:%d/%m/%Y}; ngày có hiệu lực chưa rõ")
        if issued and on < issued:
            why = f"văn bản ban hành ngày {issued:%d/%m/%Y}, sau ngày được hỏi"
        return Status(UNKNOWN, on, flag, why, [])
    basis = [effective] if effective else []
    if suspended:
        return Status(SUSPENDED, on, flag, "bị ngưng hiệu lực", suspended + basis)
    part_endings = [e for e in parts if past(e) and e.kind in ENDINGS + (REPEALS_PART,)]
    part_endings += [e for e in whole if past(e) and e.kind == REPEALS_PART]
    if part_endings:
        return Status(PARTLY_EXPIRED, on, flag, "một phần đã hết hiệu lực", part_endings + basis + amended)
    part_suspended = [e for e in parts if past(e) and e.kind == SUSPENDS]
    if part_suspended:
        return Status(PARTLY_SUSPENDED, on, flag, "một phần bị ngưng hiệu lực", part_suspended + basis)
    reason = (f"có hiệu lực từ ngày {effective.date:%d/%m/%Y}" if effective else
              f"còn hiệu lực ít nhất từ ngày {in_force_from:%d/%m/%Y} (ngày có hiệu lực chưa rõ)")
    late = [e for e in commencing if e.date > on]
    return Status(IN_FORCE, on, flag, reason + _parts_note(late), basis + late + amended)


def _parts_note(parts: list[EventView]) -> str:
    """Parts with a date of their own, said beside the document's status."""
    return "".join(f"; riêng {e.scope} có hiệu lực từ ngày {e.date:%d/%m/%Y}" for e in parts)


def _evidence_in_force(events: list[EventView], endings: list[EventView]) -> _dt.date | None:
    """The earliest date some event shows the document in force, when no
    source gives its effective date."""
    dates = [e.date - _dt.timedelta(days=1) for e in endings]
    dates += [e.date for e in events if e.kind in (AMENDS, REPEALS_PART) and e.date]
    return min(dates) if dates else None


def winning_effective(events: list, issued: _dt.date | None = None):
    """The takes-effect event that wins: the document's own text first,
    unless the date it was read as falls before the document was issued
    (a misprint, a misreading, the quoted wording of another document):
    then a plausible date (on or after the issue date) from another source
    wins, and kb.quality reports the disagreement. Takes rows or EventViews."""
    if not events:
        return None
    ranked = sorted(events, key=lambda e: (RANK.get(_origin(e), 9), _when(e)))
    plausible = [e for e in ranked if issued is None or _when(e) is None or _when(e) >= issued]
    return plausible[0] if plausible else ranked[0]


_best = winning_effective


def before_issue(e, issued: _dt.date | None) -> bool:
    """A takes-effect date read before the document's issue date."""
    return issued is not None and _when(e) is not None and _when(e) < issued


def _origin(e) -> str:
    return e.evidence_origin if isinstance(e, EventView) else e["evidence_origin"]


def _when(e) -> _dt.date | None:
    return e.date if isinstance(e, EventView) else _date(e["date"])


def _ending_reason(e: EventView) -> str:
    verb = {EXPIRES: "hết hiệu lực", REPLACES: "bị thay thế", REPEALS: "bị bãi bỏ"}[e.kind]
    by = f" bởi {e.by_provision + ' ' if e.by_provision else ''}{e.by_number}" if e.by_number else ""
    return f"{verb} từ ngày {e.date:%d/%m/%Y}{by}"


def _conflicts(st: Status, issued: _dt.date | None = None) -> list[str]:
    """Disagreements between dated events and published status labels."""
    out = []
    # a date an amendment replaced is not a disagreement: both wordings are shown with their dates
    whole = [e for e in st.timeline if e.kind == TAKES_EFFECT and e.date and e.scope is None and e.stands_on(st.on)]
    takes = {(e.evidence_origin, e.date) for e in whole}
    if len({d for _, d in takes}) > 1:
        winner = winning_effective(whole, issued)
        rule = (" — văn bản gốc thắng hồ sơ nhập" if winner.evidence_origin == FROM_TEXT else
                f" — ngày đọc từ văn bản trước ngày ban hành {issued:%d/%m/%Y}: dùng ngày theo {winner.evidence_origin}")
        out.append("các nguồn ghi ngày có hiệu lực khác nhau: " + "; ".join(
            f"{o}: {d:%d/%m/%Y}" for o, d in sorted(takes, key=lambda x: RANK.get(x[0], 9))) + rule)
    for r in st.records:
        says = label_says(r["status"])
        if st.value == EXPIRED and says == IN_FORCE or st.value == IN_FORCE and says == EXPIRED:
            out.append(f"nhãn “{r['status']}” ({r['source']}) trái với các sự kiện có ngày "
                       f"({st.value}): sự kiện có ngày thắng nhãn tình trạng")
    return out


def label_says(label: str) -> str | None:
    """What a published status label ("Văn bản đang có hiệu lực", "Hết hiệu
    lực toàn bộ") says, as one of IN_FORCE, EXPIRED, PARTLY_EXPIRED, or None."""
    low = " ".join(label.lower().split())
    if "một phần" in low:
        return PARTLY_EXPIRED if "hết hiệu lực" in low else None
    if "hết hiệu lực" in low:
        return EXPIRED
    if "còn hiệu lực" in low or "đang có hiệu lực" in low or "đang hiệu lực" in low:
        return IN_FORCE
    return None


# --- scopes ------------------------------------------------------------------

_SCOPE_PART_RE = re.compile(r"(điểm|khoản|điều|chương|mục)\s+([0-9]+[a-zđ]?|[a-zđ]\d?|[IVXLC]+)", re.I)
_WORDS = {"điểm": "diem", "khoản": "khoan", "điều": "dieu", "chương": "chuong", "mục": "muc"}
_ORDER = {"chuong": 0, "muc": 1, "dieu": 2, "khoan": 3, "diem": 4}


@functools.lru_cache(maxsize=65536)
def scope_anchor(scope: str) -> str:
    """"điểm b khoản 2 Điều 3" → "dieu-3-khoan-2-diem-b" (outermost first).
    A reference ``kb.identity.provision_anchor`` reads is read by it; other
    scopes (a chapter, "Điều 3, Điều 4" as a note prints them) keep their
    Điều/khoản/điểm, else their slug."""
    from kb.identity import provision_anchor, slug
    exact = provision_anchor(scope)
    if exact:
        return exact
    parts = [(_WORDS[w.lower()], n) for w, n in _SCOPE_PART_RE.findall(scope)]
    parts.sort(key=lambda p: _ORDER[p[0]])
    return "-".join(f"{w}-{slug(n)}" for w, n in parts if w in ("dieu", "khoan", "diem")) or slug(scope)


def _covers(outer: str, inner: str) -> bool:
    return inner == outer or inner.startswith(outer + "-")


def _date(iso: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(iso) if iso else None


# --- the whole KB at once ------------------------------------------------------

def load_timelines(db: sqlite3.Connection) -> dict[str, tuple[_dt.date | None, list[EventView]]]:
    """Every document's issue date and sorted events, read once (cache it per build)."""
    by_doc: dict[str, list[EventView]] = {}
    amended = {r[1] for r in db.execute("PRAGMA table_info(events)")} >= {"applies_from", "superseded_on"}
    extra = ", applies_from, superseded_on" if amended else ""
    for r in db.execute("SELECT kind, date, date_note, scope, by_number, by_key, by_provision, evidence_origin,"
                        f" quote, source, target_key{extra} FROM events WHERE target_key IS NOT NULL"):
        by_doc.setdefault(r["target_key"], []).append(EventView.from_row(r))
    out = {}
    for key, issued in db.execute("SELECT key, issued FROM documents"):
        events = by_doc.get(key, [])
        if len(events) > 1:
            events.sort(key=_in_time)
        out[key] = (_date(issued), events)
    return out


def all_statuses(db: sqlite3.Connection, on: _dt.date, timelines=None) -> dict[str, Status]:
    """Status of every document on a date."""
    timelines = timelines if timelines is not None else load_timelines(db)
    out = {}
    for key, (issued, events) in timelines.items():
        if not events:
            out[key] = Status(UNKNOWN, on, False, "không nguồn nào cho biết hiệu lực")
            continue
        st = _decide(events, on, issued, provision=None)
        st.timeline = events
        out[key] = st
    return out


def changes(db: sqlite3.Connection, start: _dt.date, end: _dt.date) -> list[sqlite3.Row]:
    """Events that took effect between two dates (inclusive), in date order."""
    return db.execute(
        "SELECT e.*, d.number AS doc_number, d.doc_type, d.title FROM events e "
        "LEFT JOIN documents d ON d.key = e.target_key "
        "WHERE e.date BETWEEN ? AND ? ORDER BY e.date, e.kind, e.target_number",
        (start.isoformat(), end.isoformat())).fetchall()
