"""Curation: what editors and reviewers say of a document, as an append-only log.

Every change is one entry: who, when, what before, what after, and why.
The log is never rewritten; a revert is a new entry doing the inverse
(so the history keeps the change and its revert). The state of a document
(its corrected fields, the events recorded for it, the candidate events
rejected) is the fold of its log.

Entry actions:

- ``upload``: the document was added through the UI (fields as parsed, as saved);
- ``upload_remove``: an upload reverted: its file removed from the corpus, and
  nothing of the log before it laid over a document with the key any more;
- ``set``: metadata corrected, ``changes = {field: [before, after]}``;
- ``event_add`` / ``event_retract``: an event recorded (with its evidence) or retracted;
- ``candidate_reject`` / ``candidate_reopen``: a candidate event refused, or put back.

A confirmed candidate is an ``event_add`` whose event carries the candidate's id
and quotes the secondary text as its evidence.
"""
from __future__ import annotations

import datetime as _dt
import secrets
from dataclasses import dataclass, field

from kb import dates, numbers
from kb.model import (
    AMENDS, EXPIRES, FROM_REPORT, FROM_REVIEWER, REPEALS, REPEALS_PART, REPLACES, SUSPENDS,
    TAKES_EFFECT, Event, Evidence,
)

FIELDS = ("number", "doc_type", "title", "issuer", "issued", "signer", "place")
FIELD_NAMES = {"number": "Số ký hiệu", "doc_type": "Loại văn bản", "title": "Trích yếu",
               "issuer": "Cơ quan ban hành", "issued": "Ngày ban hành", "signer": "Người ký",
               "place": "Nơi ban hành"}
EVENT_KINDS = (TAKES_EFFECT, REPLACES, REPEALS, REPEALS_PART, AMENDS, SUSPENDS, EXPIRES)
KIND_NAMES = {TAKES_EFFECT: "có hiệu lực", REPLACES: "bị thay thế", REPEALS: "bị bãi bỏ",
              REPEALS_PART: "bị bãi bỏ một phần", AMENDS: "được sửa đổi, bổ sung",
              SUSPENDS: "bị ngưng hiệu lực", EXPIRES: "hết hiệu lực"}
ACTION_NAMES = {"upload": "Thêm văn bản", "set": "Sửa thông tin", "event_add": "Ghi sự kiện",
                "event_retract": "Rút sự kiện", "candidate_reject": "Từ chối sự kiện đề xuất",
                "candidate_reopen": "Mở lại sự kiện đề xuất", "source_event_retract": "Rút sự kiện đọc từ nguồn",
                "source_event_restore": "Khôi phục sự kiện đọc từ nguồn", "upload_remove": "Gỡ văn bản đã thêm"}
REVERTIBLE = ("upload", "set", "event_add", "event_retract", "candidate_reject", "source_event_retract")
# What identifies an event read from a source, so that retracting it survives rebuilds.
FINGERPRINT_FIELDS = ("kind", "target_number", "scope", "date", "date_note", "by_number", "by_provision",
                      "evidence_origin", "quote", "source")


class CurationError(ValueError):
    """A refused change, with a message for the user (Vietnamese)."""


@dataclass
class State:
    fields: dict[str, str | None] = field(default_factory=dict)   # corrected values
    events: dict[str, dict] = field(default_factory=dict)         # event id → event, active ones
    rejected: dict[str, dict] = field(default_factory=dict)       # candidate id → entry
    retracted: dict[str, dict] = field(default_factory=dict)      # fingerprint → entry (source events)
    reverted: dict[str, str] = field(default_factory=dict)        # entry id → the entry reverting it
    version: str = ""                                             # id of the last entry

    def confirmed(self) -> dict[str, dict]:
        """Candidate id → the active event confirming it."""
        return {e["candidate"]: e for e in self.events.values() if e.get("candidate")}


def new_id(now: _dt.datetime) -> str:
    """Sortable and unique: the time, then random bits."""
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def entry(action: str, who: str, why: str, now: _dt.datetime | None = None, **data) -> dict:
    if not who:
        raise CurationError("Thiếu người thực hiện.")
    why = " ".join((why or "").split())
    if not why and action != "upload":
        raise CurationError("Hãy ghi lý do của thay đổi.")
    now = now or _dt.datetime.now()
    return {"id": new_id(now), "at": now.isoformat(timespec="seconds"), "by": who,
            "action": action, "why": why, **data}


# The keys each action's entry needs; an entry lacking one is damaged.
_NEEDS = {"set": ("changes",), "event_add": ("event_id", "event", "by", "at"), "event_retract": ("event_id",),
          "candidate_reject": ("candidate",), "candidate_reopen": ("candidate",),
          "source_event_retract": ("fingerprint",), "source_event_restore": ("fingerprint",),
          "upload_remove": ("file",)}


def problem(e) -> str | None:
    """Why a decoded log line is not a usable entry, or None."""
    if not isinstance(e, dict):
        return "không phải một mục nhật ký (not a JSON object)"
    missing = [k for k in ("action", "id", *_NEEDS.get(e.get("action"), ())) if k not in e]
    if missing:
        return "thiếu " + ", ".join(missing)
    if e["action"] == "set" and not (isinstance(e["changes"], dict)
                                     and all(isinstance(v, list) and len(v) == 2 for v in e["changes"].values())):
        return "changes không hợp lệ"
    if e["action"] == "event_add" and not isinstance(e["event"], dict):
        return "event không hợp lệ"
    return None


def fold(entries: list[dict]) -> State:
    st = State()
    for e in entries:
        act = e["action"]
        if act == "set":
            for name, (_before, after) in e["changes"].items():
                st.fields[name] = after
        elif act == "event_add":
            st.events[e["event_id"]] = dict(e["event"], entry=e["id"], by=e["by"], at=e["at"])
        elif act == "event_retract":
            st.events.pop(e["event_id"], None)
        elif act == "candidate_reject":
            st.rejected[e["candidate"]] = e
        elif act == "candidate_reopen":
            st.rejected.pop(e["candidate"], None)
        elif act == "source_event_retract":
            st.retracted[e["fingerprint"]] = e
        elif act == "source_event_restore":
            st.retracted.pop(e["fingerprint"], None)
        elif act == "upload_remove":
            # the document is gone: what was said of it must not land on a
            # document that takes its key later
            st.fields, st.events, st.rejected, st.retracted = {}, {}, {}, {}
        if e.get("reverts"):
            st.reverted[e["reverts"]] = e["id"]
        st.version = e["id"]
    return st


# --- building entries ----------------------------------------------------------

def set_fields(current: dict[str, str | None], wanted: dict[str, str | None], who: str, why: str) -> dict | None:
    """The entry correcting ``current`` to ``wanted``, or None when nothing changes."""
    changes = {}
    for name in FIELDS:
        if name not in wanted:
            continue
        after = clean_field(name, wanted[name])
        before = current.get(name) or None
        if after != before:
            changes[name] = [before, after]
    if not changes:
        return None
    return entry("set", who, why, changes=changes)


def clean_field(name: str, value: str | None) -> str | None:
    """A field as stored: spaces squashed; a number normalised; a date ISO."""
    value = " ".join((value or "").split()) or None
    if value is None:
        return None
    if name == "number":
        return numbers.normalise(value) or value
    if name == "issued":
        d = parse_date(value)
        if d is None:
            raise CurationError(f"Ngày “{value}” không đọc được; dùng dạng 28/01/2019 hoặc 2019-01-28.")
        return d.isoformat()
    return value


def parse_date(value: str | None) -> _dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return dates.parse(value)


def event_entry(form: dict, who: str, why: str, candidate: str | None = None) -> dict:
    """An ``event_add`` entry from what the user typed, checked.

    The evidence is required: an acting document (its number, and the
    provision when known) with the quoted sentence, or an external
    reference written out. Without a date the event is kept with its
    note and does not change any status (no date is guessed).
    """
    kind = form.get("kind")
    if kind not in EVENT_KINDS:
        raise CurationError("Hãy chọn loại sự kiện.")
    raw_date = (form.get("date") or "").strip()
    date = parse_date(raw_date)
    if raw_date and date is None:
        raise CurationError(f"Ngày “{raw_date}” không đọc được; dùng dạng 28/01/2019 hoặc 2019-01-28.")
    by_number = " ".join((form.get("by_number") or "").split()) or None
    if by_number:
        by_number = numbers.normalise(by_number) or by_number
    quote = " ".join((form.get("quote") or "").split())
    source = " ".join((form.get("source") or "").split())
    if not quote:
        raise CurationError("Hãy trích câu văn làm căn cứ (hoặc mô tả nguồn bên ngoài).")
    if not by_number and not source:
        raise CurationError("Hãy ghi văn bản tác động (số ký hiệu) hoặc nguồn bên ngoài.")
    event = {
        "kind": kind,
        "scope": " ".join((form.get("scope") or "").split()) or None,
        "date": date.isoformat() if date else None,
        "date_note": None if date else (" ".join((form.get("date_note") or "").split())
                                        or "ngày chưa được xác định"),
        "by_number": by_number,
        "by_provision": " ".join((form.get("by_provision") or "").split()) or None,
        "quote": quote,
        "source": source or f"văn bản {by_number}",
        "origin": FROM_REPORT if candidate else FROM_REVIEWER,
        "candidate": candidate,
    }
    e = entry("event_add", who, why, event=event)
    e["event_id"] = e["id"]
    return e


def revert_entry(entries: list[dict], entry_id: str, current: dict[str, str | None],
                 who: str, why: str) -> dict:
    """The entry undoing ``entry_id``; refused when it cannot be undone as it was."""
    st = fold(entries)
    target = next((e for e in entries if e["id"] == entry_id), None)
    if target is None:
        raise CurationError("Không có thay đổi này trong lịch sử.")
    if target["action"] not in REVERTIBLE:
        raise CurationError(f"Không hoàn tác được “{ACTION_NAMES.get(target['action'], target['action'])}”.")
    if entry_id in st.reverted:
        raise CurationError("Thay đổi này đã được hoàn tác.")
    act = target["action"]
    if act == "upload":
        if "file" not in target:
            raise CurationError("Mục nhật ký này không ghi tệp đã tải lên; không gỡ được.")
        standing = standing_since(entries, entry_id)
        if standing:
            # undoing them here would undo a reviewer's decision, or leave
            # corrections for whatever takes the key next
            raise CurationError("Không gỡ được văn bản đã thêm: các thay đổi sau đó vẫn còn ("
                                + ", ".join(standing) + "); hãy hoàn tác chúng trước.")
        return entry("upload_remove", who, why, file=target["file"], original_sha256=target.get("original_sha256"),
                     number=current.get("number"), title=current.get("title"), reverts=entry_id)
    if act == "set":
        moved = [n for n, (_b, after) in target["changes"].items() if (current.get(n) or None) != after]
        if moved:
            names = ", ".join(FIELD_NAMES[n] for n in moved)
            raise CurationError(f"Không hoàn tác được: {names} đã được sửa tiếp sau thay đổi này.")
        changes = {n: [after, before] for n, (before, after) in target["changes"].items()}
        return entry("set", who, why, changes=changes, reverts=entry_id)
    if act == "event_add":
        if target["event_id"] not in st.events:
            raise CurationError("Sự kiện này đã được rút.")
        return entry("event_retract", who, why, event_id=target["event_id"], reverts=entry_id)
    if act == "event_retract":
        added = next(e for e in entries if e["action"] == "event_add" and e["event_id"] == target["event_id"])
        e = entry("event_add", who, why, event=added["event"], reverts=entry_id)
        e["event_id"] = target["event_id"]
        return e
    if act == "source_event_retract":
        return entry("source_event_restore", who, why, fingerprint=target["fingerprint"],
                     event=target["event"], reverts=entry_id)
    return entry("candidate_reopen", who, why, candidate=target["candidate"], reverts=entry_id)


def standing_since(entries: list[dict], entry_id: str) -> list[str]:
    """The changes made after ``entry_id`` whose effect still stands, named
    for people (a field corrected then put back does not stand)."""
    ids = [e["id"] for e in entries]
    later = entries[ids.index(entry_id) + 1:]
    st = fold(later)
    first_before: dict[str, str | None] = {}
    for e in later:
        if e["action"] == "set":
            for name, (before, _after) in e["changes"].items():
                first_before.setdefault(name, before)
    out = [FIELD_NAMES.get(n, n) for n, v in st.fields.items() if (v or None) != (first_before.get(n) or None)]
    for items, what in ((st.events, "sự kiện đã ghi"), (st.retracted, "sự kiện nguồn đã rút"),
                        (st.rejected, "đề xuất đã từ chối")):
        if items:
            out.append(f"{len(items)} {what}")
    return out


def fingerprint(row) -> str:
    """A stable id of an event read from a source (a row of the events table)."""
    import hashlib
    import json
    values = [row[name] for name in FINGERPRINT_FIELDS]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:20]


def to_event(ev: dict, target: str, target_issued: _dt.date | None, log_label: str) -> Event:
    """The event of the KB: its evidence says who entered it, when, and on what source."""
    who = f"{'xác nhận' if ev.get('candidate') else 'ghi'} bởi {ev['by']} lúc {ev['at'].replace('T', ' ')}"
    return Event(
        kind=ev["kind"], target=target, target_issued=target_issued,
        date=_dt.date.fromisoformat(ev["date"]) if ev.get("date") else None,
        date_note=ev.get("date_note"), scope=ev.get("scope"),
        evidence=Evidence(ev.get("origin") or FROM_REVIEWER, ev["quote"],
                          f"{ev['source']} — {who} ({log_label}#{ev['entry']})",
                          ev.get("by_number"), ev.get("by_provision")))


def changes_since(entries: list[dict], base: str) -> list[dict]:
    """The entries after ``base`` (all of them when ``base`` is unknown)."""
    ids = [e["id"] for e in entries]
    return entries[ids.index(base) + 1:] if base in ids else entries
