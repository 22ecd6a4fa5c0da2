"""Reports: check a report against the KB, section by section, export its
legal-basis table, fix its citations, and save it to the corpus."""
from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import threading
from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request,
                   url_for)

from indexer import exports, report_files, report_index
from indexer.reports import ReportTrace, report_title, sections, trace_report
from indexer.sources import UnreadableInput
from kb import corrections, store
from kb.citations.annotate import annotate
from kb.cite import identify
from kb.trace import PROBLEM_LABELS, Traced, candidate_documents
from kb.accounts import EDITOR
from web import STATUS_CSS, rebuild
from web.auth import csrf_ok, refuse, write_action
from web.citepop import Popovers
from web.kbconn import get_db
from web.params import parse_date

bp = Blueprint("reports", __name__, url_prefix="/bao-cao")

# Checking a report is the one heavy thing anyone may ask for. Each check is
# bounded in size (report_files: characters, citations), and only
# REPORT_CHECKS_AT_ONCE of them run at once in a process; another waits up
# to REPORT_CHECK_WAIT seconds, then is told to come back (503), so that
# pastes never hold every thread of the server.
_CHECKS: dict[int, threading.BoundedSemaphore] = {}
_CHECKS_LOCK = threading.Lock()


def _slots() -> threading.BoundedSemaphore:
    n = int(current_app.config.get("REPORT_CHECKS_AT_ONCE", 2))
    with _CHECKS_LOCK:
        if n not in _CHECKS:
            _CHECKS[n] = threading.BoundedSemaphore(n)
        return _CHECKS[n]


@contextlib.contextmanager
def checking():
    """A slot for one report check, or a 503 page (see above)."""
    slots = _slots()
    if not slots.acquire(timeout=float(current_app.config.get("REPORT_CHECK_WAIT", 3))):
        page = render_template("error.html", title="Máy chủ đang bận",
                               message="Máy chủ đang kiểm tra các báo cáo khác; hãy thử lại sau ít giây. "
                                       "Không có gì được ghi.")
        abort(Response(page, 503, headers={"Retry-After": "5"}))
    try:
        yield
    finally:
        slots.release()


def bounded(view):
    """A view that traces a report, run in a ``checking`` slot."""
    @functools.wraps(view)
    def run(*args, **kwargs):
        with checking():
            return view(*args, **kwargs)
    return run


def _instance() -> Path:
    return Path(current_app.config["KB_INSTANCE"])


def _corpus() -> Path:
    return Path(current_app.config["CORPUS"])


@bp.route("/", methods=["GET"])
def index():
    return render_template("report_form.html", saved=_saved(), error=None, given=None)


@bp.route("/", methods=["POST"])
def submit():
    """A pasted text or an uploaded file becomes a draft, then its page."""
    if not csrf_ok():
        return render_template("report_form.html", saved=_saved(), error=_CSRF_MESSAGE,
                               given=request.form.get("ngay")), 400
    given, date_error = parse_date(request.form.get("ngay"))
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data, filename = upload.read(report_files.MAX_REPORT_BYTES + 1), upload.filename
    else:
        data, filename = (request.form.get("text") or "").encode("utf-8"), "bao-cao.txt"
    try:
        if date_error:
            raise UnreadableInput(date_error)
        # counted per address before anything is written; a refused report is not counted
        with report_files.draft_allowance(_instance(), request.remote_addr, len(data)):
            with checking():         # the body is read: a slow sender holds no slot
                stored = report_files.save_draft(_instance(), data, filename)
    except report_files.DraftLimit as e:
        page = render_template("report_form.html", saved=_saved(), error=str(e), given=request.form.get("ngay"))
        return page, 429, {"Retry-After": str(e.retry_after)}
    except UnreadableInput as e:
        return render_template("report_form.html", saved=_saved(), error=str(e),
                               given=request.form.get("ngay")), 400
    return redirect(url_for("reports.show", ref=stored.ref, ngay=given.isoformat() if given else None))


@bp.route("/<ref>")
@bounded
def show(ref: str):
    stored, rt, given, error = _traced(ref)
    selected = _selected_section(rt)
    rows = rt.in_section(selected) if selected is not None else list(range(len(rt.traced)))
    pops = Popovers(get_db())
    return render_template(
        "report.html", stored=stored, rt=rt, given=given, error=error, selected=selected, rows=rows,
        labels=PROBLEM_LABELS, title=_title(stored, rt.text), marked=_marked_text(rt),
        can_record=report_files.can_record, cite_pops=pops,
        cite_view=lambda i: _cite_view(rt.traced[i], i, pops), identify=identify,
        candidates=lambda t: candidate_documents(get_db(), t),
        saved_notice=request.args.get("luu") == "1")


@bp.route("/<ref>/danh-muc.csv")
@bounded
def basis_csv(ref: str):
    stored, rt, _, _ = _traced(ref)
    # the mimetype without a charset: Flask adds "; charset=utf-8" to a text/* type itself
    return _download(exports.basis_csv(get_db(), rt), f"danh-muc-van-ban-can-cu-{ref}.csv", "text/csv")


@bp.route("/<ref>/danh-muc.docx")
@bounded
def basis_docx(ref: str):
    stored, rt, _, _ = _traced(ref)
    return _download(exports.basis_docx(get_db(), rt, _title(stored, rt.text)),
                     f"danh-muc-van-ban-can-cu-{ref}.docx", _DOCX)


@bp.route("/<ref>/sua", methods=["GET"])
@bounded
def fixes(ref: str):
    stored, rt, given, error = _traced(ref)
    fixes = corrections.propose(get_db(), rt.text, rt.traced, rt.report_date)
    return render_template("report_fix.html", stored=stored, rt=rt, given=given, error=error,
                           fixes=fixes, labels=PROBLEM_LABELS, title=_title(stored, rt.text))


@bp.route("/<ref>/sua", methods=["POST"])
@bounded
def apply_fixes(ref: str):
    """The text with the accepted proposals, as .txt or .docx."""
    if not csrf_ok():
        return refuse(400, "Phiên làm việc không hợp lệ", _CSRF_MESSAGE)
    stored, rt, _, _ = _traced(ref)
    fixes = corrections.propose(get_db(), rt.text, rt.traced, rt.report_date)
    chosen = {}
    for f in fixes:
        raw = request.form.get(f"fix-{f.index}", "")
        if raw.isdigit():
            chosen[f.index] = int(raw)
    text = corrections.apply(rt.text, fixes, chosen)
    if request.form.get("format") == "docx":
        headings = {s.start for s in sections(text)}
        return _download(exports.text_docx(text, headings), f"bao-cao-da-sua-{ref}.docx", _DOCX)
    return _download(text.encode("utf-8"), f"bao-cao-da-sua-{ref}.txt", "text/plain")


@bp.route("/<ref>/luu", methods=["POST"])
@write_action(EDITOR)
def save(ref: str):
    """Keep a draft in corpus/reports; the rebuild adds it to "cited by"
    before the page answers."""
    stored = report_files.find(_instance(), _corpus(), ref)
    if stored is None:
        abort(404)
    if not stored.saved:
        title = (request.form.get("title") or "").strip()[:200] or report_title(stored.read().text, stored.name)
        given, _ = parse_date(request.form.get("ngay"))
        stored = report_files.publish(_corpus(), stored, title, given)
        if current_app.config.get("REBUILD_AFTER_SAVE"):
            rebuild.rebuild_locked(_corpus(), _instance())
    return redirect(url_for("reports.show", ref=stored.ref, luu=1, ngay=request.form.get("ngay") or None))


@bp.route("/<ref>/ban-ghi", methods=["POST"])
@write_action(EDITOR)
def add_record(ref: str):
    """A record of an unknown document from what the report prints of it,
    quoting the line; the citation then resolves to it."""
    stored, rt, given, _ = _traced(ref)
    raw = request.form.get("i", "")
    t = rt.traced[int(raw)] if raw.isdigit() and int(raw) < len(rt.traced) else None
    if t is None or not report_files.can_record(t):
        abort(400)
    db = get_db()
    try:
        report_files.write_record(_corpus(), rt.text, t.citation, stored.name, taken=lambda key: db.execute(
            "SELECT 1 FROM documents WHERE key = ? AND stub = 0", (key,)).fetchone() is not None)
    except report_files.KeyTaken:
        return refuse(409, "Đã có văn bản", "Cơ sở dữ liệu đã có văn bản mang khóa này; bản ghi từ báo cáo "
                                             "không thay thế văn bản đọc từ nguồn. Không có gì được ghi.")
    rebuild.rebuild_locked(_corpus(), _instance())
    return redirect(url_for("reports.show", ref=ref, ngay=given.isoformat() if given else None) + f"#c-{raw}")


_CSRF_MESSAGE = ("Mã bảo vệ biểu mẫu (CSRF) không đúng hoặc đã hết hạn; hãy tải lại trang rồi thử lại. "
                 "Không có gì được ghi.")
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, name: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _traced(ref: str) -> tuple[report_files.StoredReport, ReportTrace, _dt.date | None, str | None]:
    stored = report_files.find(_instance(), _corpus(), ref)
    if stored is None:
        abort(404)
    given, error = parse_date(request.values.get("ngay"))
    if given is None and stored.saved:
        given = report_index.given_date(report_index.read_meta(stored.path))
    try:
        source = stored.read()
    except UnreadableInput as e:        # a corpus file broken since it was saved
        abort(Response(render_template("error.html", title="Không đọc được báo cáo", message=str(e)), 422))
    return stored, trace_report(get_db(), source, given), given, error


def _title(stored: report_files.StoredReport, text: str) -> str:
    return stored.title or report_title(text, stored.name)


def _selected_section(rt: ReportTrace) -> int | None:
    raw = request.args.get("muc", "")
    if raw.isdigit() and int(raw) < len(rt.sections):
        return int(raw)
    return None


def _saved() -> list:
    db = get_db()
    if not store.has_table(db, "reports"):     # a KB built before reports were traced
        return []
    return db.execute("SELECT key, title, report_date, error FROM reports ORDER BY report_date DESC, key").fetchall()


def _cite_view(t: Traced, i: int, pops: Popovers) -> dict:
    """How a highlighted citation shows: its status colour, link and popover
    (the cited document, its status on the report's date and why; or the
    documents it may mean; or why none is known)."""
    st = t.status
    problems = [PROBLEM_LABELS.get(p, p) for p in t.problems]
    db = get_db()
    doc = store.document(db, t.document) if t.document else None
    if doc is not None:
        pop = pops.document(doc, st, problems=problems, notes=t.notes, ident=i)
    elif t.candidates:
        pop = pops.several(candidate_documents(db, t), t.citation.number or t.citation.text, problems, t.notes, ident=i)
    else:
        pop = pops.unknown(t.citation.number or t.citation.text, problems, t.notes, ident=i)
    return {"css": STATUS_CSS.get(st.value, "unknown") if st else "unknown", "status": st.value if st else "",
            "problems": t.problems, "popover": pop,
            "href": url_for("documents.show", key=t.document) if t.document else f"#c-{i}"}


def _marked_text(rt: ReportTrace) -> list[tuple[str, str, int | None]]:
    """The report's text cut at its sections and citations (kb's one
    annotator, offsets the original's), as (kind, text, index) with kind
    "text", "section" (an anchor, no text) or "cite"."""
    marks = [(s.start, s.start, ("section", i)) for i, s in enumerate(rt.sections)]
    marks += [(t.citation.start, t.citation.end, ("cite", i)) for i, t in enumerate(rt.traced)]
    return [(p.mark[0], p.text, p.mark[1]) if p.mark else ("text", p.text, None)
            for p in annotate(rt.text, marks)]
