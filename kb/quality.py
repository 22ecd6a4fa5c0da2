"""Data-quality findings over the whole KB, for reviewers.

Each finding names the document, says what is wrong in one sentence, and
carries the evidence that shows it. A finding is a question for a
reviewer, never a correction: nothing here changes a fact.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from dataclasses import dataclass

from kb import dates as kb_dates
from kb import status as kb_status
from kb.model import EVENT_LABELS, ORIGIN_LABELS


def _dmy(iso: str | None) -> str:
    return kb_dates.dmy(iso) or "?"


def _origin(code: str | None) -> str:
    return ORIGIN_LABELS.get(code, code or "?")

EXPIRED_WITHOUT_DATE = "expired_without_date"
IN_FORCE_AFTER_EXPIRY = "in_force_after_expiry"
EVENT_ON_MISSING_DOCUMENT = "event_on_missing_document"
EFFECTIVE_BEFORE_ISSUE = "effective_before_issue"
PARENT_EXPIRED = "detailing_parent_expired"
SOURCES_DISAGREE = "sources_disagree"
EFFECTIVE_READ_BEFORE_ISSUE = "effective_read_before_issue"
KEY_TAKEN = "key_taken"
# Each kind, named for people (the codes stay in URLs, CSV keys and JSON).
FINDING_LABELS = {
    EXPIRED_WITHOUT_DATE: "Hết hiệu lực nhưng không rõ từ ngày nào",
    IN_FORCE_AFTER_EXPIRY: "Ghi còn hiệu lực sau ngày hết hiệu lực",
    EVENT_ON_MISSING_DOCUMENT: "Sự kiện tác động lên văn bản chưa có toàn văn",
    EFFECTIVE_BEFORE_ISSUE: "Có hiệu lực trước ngày ban hành",
    PARENT_EXPIRED: "Văn bản được quy định chi tiết đã hết hiệu lực",
    SOURCES_DISAGREE: "Các nguồn ghi ngày có hiệu lực khác nhau",
    EFFECTIVE_READ_BEFORE_ISSUE: "Ngày có hiệu lực đọc được trước ngày ban hành",
    KEY_TAKEN: "Văn bản của nguồn sau bị bỏ qua vì trùng khoá",
}

# The rule on detailing documents, looked up in the KB itself so that the
# warning quotes the provision that states it (Nghị định 34/2016/NĐ-CP,
# Điều 38, in the shipped pháp điển); the law changed in 2025, hence a warning.
_DETAILING_RULE_TEXT = "quy định chi tiết thi hành các điều, khoản, điểm được giao"


@dataclass
class Finding:
    kind: str
    doc_key: str
    number: str | None
    message: str
    evidence: str
    source: str

    def to_json(self) -> dict:
        return self.__dict__.copy()


def findings(db: sqlite3.Connection, today: _dt.date | None = None) -> list[Finding]:
    today = today or _dt.date.today()
    out: list[Finding] = []
    out += _labels_against_events(db)
    out += _events_on_missing_documents(db)
    out += _effective_before_issue(db)
    out += _detailing_parents(db, today)
    out += _effective_dates_disagree(db)
    out += _key_conflicts(db)
    return out


def _key_conflicts(db) -> list[Finding]:
    """Documents a later source gave under a key another source's document
    holds: skipped by the build (kb.store.write_document), shown until fixed."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'key_conflicts'").fetchone() is None:
        return []       # a KB built before the table
    return [Finding(KEY_TAKEN, key, holder_number,
                    f"Nguồn {origin} cũng có văn bản mang khoá này ({number or key}); bản đó bị bỏ qua, "
                    f"văn bản của nguồn {holder} được giữ.", place or origin, holder_place or holder)
            for key, number, origin, place, holder, holder_number, holder_place in db.execute(
                "SELECT key, number, origin, place, holder, holder_number, holder_place FROM key_conflicts"
                " ORDER BY key, origin")]


def _effective_dates_disagree(db) -> list[Finding]:
    """Sources giving different effective dates for the same document.

    The rule (kb.status): the document's own text beats an imported record."""
    out = []
    rows = db.execute(
        "SELECT e.target_key, d.number, d.issued, e.date, e.evidence_origin, e.quote, e.source FROM events e "
        "JOIN documents d ON d.key = e.target_key WHERE e.kind = 'takes_effect' AND e.scope IS NULL "
        "AND e.date IS NOT NULL ORDER BY e.target_key")
    by_doc: dict[str, list] = {}
    for r in rows:
        by_doc.setdefault(r["target_key"], []).append(r)
    for key, evs in by_doc.items():
        dates = {r["date"] for r in evs}
        if len(dates) < 2:
            continue
        ranked = sorted(evs, key=lambda r: kb_status.RANK.get(r["evidence_origin"], 9))
        issued = _dt.date.fromisoformat(evs[0]["issued"]) if evs[0]["issued"] else None
        winner = kb_status.winning_effective(evs, issued)
        said = "; ".join(f"{_origin(r['evidence_origin'])}: {_dmy(r['date'])}" for r in ranked)
        early = [r for r in ranked if kb_status.before_issue(r, issued) and r["evidence_origin"] == "text"]
        if early and winner["evidence_origin"] != "text":
            out.append(Finding(EFFECTIVE_READ_BEFORE_ISSUE, key, winner["number"],
                               f"ngày có hiệu lực đọc từ văn bản ({_dmy(early[0]['date'])}) trước ngày ban hành "
                               f"({issued:%d/%m/%Y}); dùng {_dmy(winner['date'])} theo {_origin(winner['evidence_origin'])}",
                               " | ".join(r["quote"][:200] for r in ranked), early[0]["source"]))
            continue
        out.append(Finding(SOURCES_DISAGREE, key, winner["number"],
                           f"các nguồn ghi ngày có hiệu lực khác nhau ({said}); dùng {_dmy(winner['date'])} "
                           f"theo {_origin(winner['evidence_origin'])}: văn bản gốc thắng hồ sơ nhập",
                           " | ".join(r["quote"][:200] for r in ranked), winner["source"]))
    return out


def _labels_against_events(db) -> list[Finding]:
    out = []
    endings = {}
    for r in db.execute("SELECT target_key, min(date) AS d, quote, source FROM events WHERE kind IN "
                        "('expires','replaces','repeals') AND scope IS NULL AND date IS NOT NULL "
                        "AND target_key IS NOT NULL GROUP BY target_key"):
        endings[r["target_key"]] = r
    for r in db.execute("SELECT s.*, d.number FROM status_records s JOIN documents d ON d.key = s.doc_key"):
        says = kb_status.label_says(r["status"])
        ended = endings.get(r["doc_key"])
        if says == kb_status.EXPIRED and ended is None:
            out.append(Finding(EXPIRED_WITHOUT_DATE, r["doc_key"], r["number"],
                               f"nguồn ghi “{r['status']}” nhưng không văn bản nào cho biết hết hiệu lực từ ngày nào",
                               r["quote"], r["source"]))
        as_of = _dt.date.fromisoformat(r["as_of"]) if r["as_of"] else None
        if says == kb_status.IN_FORCE and ended is not None and (as_of is None or as_of >= _dt.date.fromisoformat(ended["d"])):
            out.append(Finding(IN_FORCE_AFTER_EXPIRY, r["doc_key"], r["number"],
                               f"nguồn ghi “{r['status']}” nhưng văn bản đã hết hiệu lực từ {_dmy(ended['d'])}",
                               ended["quote"], ended["source"]))
    return out


def _events_on_missing_documents(db) -> list[Finding]:
    out = []
    for r in db.execute(
            "SELECT e.target_number, e.target_key, e.kind, e.quote, e.source, d.stub FROM events e "
            "LEFT JOIN documents d ON d.key = e.target_key "
            "WHERE e.target_key IS NULL OR d.stub = 1 GROUP BY e.target_number, e.kind"):
        why = ("nhiều văn bản cùng số, không rõ là văn bản nào" if r["target_key"] is None
               else "văn bản này chưa có trong cơ sở dữ liệu (chỉ biết qua trích dẫn)")
        out.append(Finding(EVENT_ON_MISSING_DOCUMENT, r["target_key"] or "", r["target_number"],
                           f"sự kiện “{EVENT_LABELS.get(r['kind'], r['kind'])}” tác động lên {r['target_number']}: {why}", r["quote"], r["source"]))
    return out


def _effective_before_issue(db) -> list[Finding]:
    return [Finding(EFFECTIVE_BEFORE_ISSUE, r["key"], r["number"],
                    f"ngày có hiệu lực {_dmy(r['effective_from'])} trước ngày ban hành {_dmy(r['issued'])}",
                    f"ban hành {_dmy(r['issued'])}, có hiệu lực {_dmy(r['effective_from'])}", r["source"] or "")
            for r in db.execute("SELECT * FROM documents WHERE effective_from < issued")]


def _scope_label(anchor: str) -> str:
    """"dieu-38-khoan-2-diem-a" → "điểm a khoản 2 Điều 38"."""
    parts = anchor.split("-")
    names = {"dieu": "Điều", "khoan": "khoản", "diem": "điểm"}
    pairs = [(names.get(parts[i], parts[i]), parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    return " ".join(f"{n} {v}" for n, v in reversed(pairs))


def _detailing_parents(db, today: _dt.date) -> list[Finding]:
    rule = db.execute("SELECT p.text, p.anchor, d.number, p.source FROM provisions p JOIN documents d "
                      "ON d.key = p.doc_key WHERE p.text LIKE ? LIMIT 1",
                      (f"%{_DETAILING_RULE_TEXT}%",)).fetchone()
    rule_note = (f"Quy tắc: {_scope_label(rule['anchor'])} {rule['number']} — văn bản quy định chi tiết có thể hết hiệu lực "
                 "cùng văn bản được quy định chi tiết (quy tắc đã thay đổi giữa Luật 2015 và Luật 2025)"
                 if rule else "Văn bản quy định chi tiết có thể hết hiệu lực cùng văn bản được quy định chi tiết")
    out = []
    rows = db.execute(
        "SELECT d.key, d.number, d.title, c.number AS parent, c.to_key FROM documents d "
        "JOIN citations c ON c.from_key = d.key AND c.to_key IS NOT NULL "
        "WHERE d.stub = 0 AND (d.title LIKE '%quy định chi tiết%' OR d.title LIKE '%hướng dẫn thi hành%')")
    seen = set()
    for r in rows:
        if (r["key"], r["to_key"]) in seen or r["parent"] == r["number"]:
            continue
        seen.add((r["key"], r["to_key"]))
        if r["parent"] not in (r["title"] or ""):
            continue      # the title must name the detailed document
        st = kb_status.document_status(db, r["to_key"], today)
        if st.value == kb_status.EXPIRED:
            mine = kb_status.document_status(db, r["key"], today)
            if mine.value != kb_status.EXPIRED:
                out.append(Finding(PARENT_EXPIRED, r["key"], r["number"],
                                   f"quy định chi tiết {r['parent']}, văn bản này đã {st.reason}; {rule_note}",
                                   st.deciding[0].quote if st.deciding else "", rule["source"] if rule else ""))
    return out
