"""The reviewers' queue: candidate events found in secondary texts (the reports
of ``corpus/reports/``), to confirm with a date or to reject.

A confirmed candidate becomes an event in the acted-on document's curation
log, quoting the secondary text as its evidence with the reviewer's name and
the time; the status engine then counts it like any other event.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path

from flask import Blueprint, abort, g, render_template, request

from indexer import candidates as finder
from indexer import curation as logs
from indexer.sources.text import UnreadableInput, read_text
from kb import curation, resolver
from kb.accounts import REVIEWER
from kb.curation import CurationError
from web.auth import write_action
from web.kbconn import get_db
from web.manage import _after_save, corpus_dir

bp = Blueprint("curation", __name__, url_prefix="/de-xuat")
SECONDARY = ("reports",)          # folders of corpus/ read for candidates
# The candidates of each secondary text, by path, with the (mtime, size) they
# were read at: one entry per file (a changed file replaces its entry), at
# most _CACHE_MAX of them, shared by the threads of a process under a lock.
_log = logging.getLogger("cancu.web")
_CACHE: OrderedDict[str, tuple[tuple[float, int], list[finder.Candidate]]] = OrderedDict()
_CACHE_MAX = 256
_CACHE_LOCK = threading.Lock()


def secondary_texts(corpus: Path):
    for folder in SECONDARY:
        for path in sorted((corpus / folder).glob("*")):
            if path.is_file() and path.suffix.lower() in (".txt", ".md"):
                yield path


def all_candidates(corpus: Path) -> list[finder.Candidate]:
    out = []
    for path in secondary_texts(corpus):
        st = path.stat()
        stamp = (st.st_mtime, st.st_size)
        with _CACHE_LOCK:
            hit = _CACHE.get(str(path))
            if hit is not None and hit[0] == stamp:
                _CACHE.move_to_end(str(path))
                out.extend(hit[1])
                continue
        try:
            found = finder.find(read_text(path), path.name)
        except UnreadableInput as e:
            _log.warning("đề xuất: không đọc được %s: %s", path, e)
            found = []
        with _CACHE_LOCK:
            _CACHE[str(path)] = (stamp, found)
            _CACHE.move_to_end(str(path))
            while len(_CACHE) > _CACHE_MAX:
                _CACHE.popitem(last=False)
        out.extend(found)
    return out


def target_key(db, c: finder.Candidate) -> str | None:
    """The one document of the KB the candidate acts on (kb.resolver; never
    one of another date: a decision is written to its log), or None."""
    return resolver.by_number(db, c.target, c.target_issued or None).sure_key


def _state(corpus: Path, db) -> list[dict]:
    """Every candidate with its document and what reviewers decided."""
    decided = {}
    for key, entries in logs.all_logs(corpus).items():
        st = curation.fold(entries)
        for cid, ev in st.confirmed().items():
            decided[cid] = ("confirmed", key, ev)
        for cid, e in st.rejected.items():
            decided[cid] = ("rejected", key, e)
    rows = []
    for c in all_candidates(corpus):
        state, key, entry = decided.get(c.id, ("pending", target_key(db, c), None))
        by = resolver.by_number(db, c.by_number).document
        rows.append({"c": c, "state": state, "key": key, "entry": entry,
                     "by_effective": by["effective_from"] if by is not None else None})
    return rows


@bp.route("/")
def index():
    rows = _state(corpus_dir(), get_db())
    order = {"pending": 0, "confirmed": 1, "rejected": 2}
    rows.sort(key=lambda r: (order[r["state"]], r["c"].source))
    return render_template("candidates.html", rows=rows, kinds=curation.KIND_NAMES,
                           can_decide=g.user is not None and g.user.can(REVIEWER))


def _find(cid: str) -> dict:
    for row in _state(corpus_dir(), get_db()):
        if row["c"].id == cid:
            return row
    abort(404)


@bp.route("/<cid>/xac-nhan", methods=["POST"])
@write_action(REVIEWER)
def confirm(cid: str):
    def entry(c):
        form = {"kind": c.kind, "scope": c.scope, "date": request.form.get("date"),
                "date_note": f"ngày {c.by_number} có hiệu lực, chưa rõ",
                "by_number": c.by_number, "quote": c.quote,
                "source": f"{_folder_of(c)}/{c.source}"}
        return curation.event_entry(form, g.user.name,
                                    request.form.get("why", "") or "xác nhận đề xuất từ văn bản thứ cấp",
                                    candidate=c.id)
    return _decide(cid, entry, "; hãy thêm hoặc chọn văn bản trước")


@bp.route("/<cid>/tu-choi", methods=["POST"])
@write_action(REVIEWER)
def reject(cid: str):
    return _decide(cid, lambda c: curation.entry("candidate_reject", g.user.name, request.form.get("why", ""),
                                                 candidate=c.id, quote=c.quote, source=c.source), "")


def _decide(cid: str, make_entry, missing_hint: str):
    """Log a reviewer's decision on a pending candidate in its target's log."""
    row = _find(cid)
    c = row["c"]
    if row["state"] != "pending":
        return _refused("Đề xuất này đã được quyết định.")
    if row["key"] is None:
        return _refused(f"Văn bản {c.target} chưa có (hoặc có nhiều bản) trong cơ sở dữ liệu{missing_hint}.")
    try:
        logs.append(corpus_dir(), row["key"], lambda entries: make_entry(c))
    except CurationError as e:
        return _refused(str(e))
    return _after_save(row["key"])


def _refused(message: str):
    return render_template("error.html", title="Không thực hiện được", message=message), 400


def _folder_of(c: finder.Candidate) -> str:
    return "corpus/" + SECONDARY[0]
