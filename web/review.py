"""Reviewers' workspace: status on a date, changes between dates, data quality."""
from __future__ import annotations

import csv
import datetime as _dt
import io

from flask import Blueprint, Response, current_app, render_template, request

from kb import quality, review, store
from kb import status as kb_status
from kb.status import changes as kb_changes
from kb.model import EVENT_LABELS
from web.kbconn import get_db, per_build, statuses_on
from web.params import date_arg

bp = Blueprint("review", __name__, url_prefix="/review")


def _int_arg(name: str, default: int | None = None) -> int | None:
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return default


MAX_PAGE_SIZE = 200


def _paged(rows: list) -> tuple[list, int, int, int]:
    """One page of ``rows``: (rows, page, pages, size). ``size`` is bounded
    (10 to MAX_PAGE_SIZE), ``page`` brought within 1 … pages."""
    size = _int_arg("size", current_app.config["PAGE_SIZE"]) or current_app.config["PAGE_SIZE"]
    size = min(max(size, 10), MAX_PAGE_SIZE)
    pages = max(1, -(-len(rows) // size))
    page = min(max(_int_arg("page", 1) or 1, 1), pages)
    return rows[(page - 1) * size: page * size], page, pages, size


def _csv_response(header: list[str], rows, filename: str) -> Response:
    """A CSV download (UTF-8 with BOM, for spreadsheet programs), written as it is sent."""
    def lines():
        out = io.StringIO()
        w = csv.writer(out)
        out.write("\ufeff")
        w.writerow(header)
        for r in rows:
            w.writerow(r)
            if out.tell() > 1 << 16:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()
    return Response(lines(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def _filters() -> review.Filters:
    wanted = request.args.get("status") or None
    return review.Filters(
        status=wanted if wanted in kb_status.STATUSES else None,
        doc_type=request.args.get("type") or None,
        issuer=(request.args.get("issuer") or "").strip()[:200] or None,
        year=_int_arg("year"),
        field=(request.args.get("field") or "").strip()[:200] or None,
        include_stubs=request.args.get("stubs") == "1",
    )


@bp.route("/")
def index():
    db = get_db()
    on, error = date_arg("on", _dt.date.today())
    sort = request.args.get("sort", "number")
    desc = request.args.get("desc") == "1"
    filters = _filters()
    result = review.listing(db, statuses_on(on), on, filters, sort, desc)
    if request.args.get("format") == "csv":
        return _csv(result)
    rows, page, pages, _ = _paged(result.rows)
    return render_template("review.html", result=result, rows=rows, page=page, pages=pages, filters=filters,
                           sort=sort, desc=desc, facets=review.facets(db), statuses=kb_status.STATUSES,
                           error=error, args=request.args, unknown_issuer=review.UNKNOWN_ISSUER)


def _csv(result: review.Listing) -> Response:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["số ký hiệu", "loại", "trích yếu", "cơ quan ban hành", "ngày ban hành",
                f"tình trạng ngày {result.on.isoformat()}", "đã sửa đổi, bổ sung", "lý do",
                "văn bản tác động", "từ ngày", "khoá", "cơ quan ban hành suy từ số hiệu",
                "chưa có toàn văn"])
    for r in result.rows:
        # the printed issuer and the one read from the number stay in separate columns
        w.writerow([r.number or "", r.doc_type or "", r.title or "", "" if r.issuer_inferred else r.issuer or "",
                    r.issued or "", r.status, "có" if r.amended else "", r.reason, r.acting or "", r.since or "",
                    r.key, r.issuer if r.issuer_inferred else "", "có" if r.stub else ""])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=tinh-trang-{result.on.isoformat()}.csv"})


@bp.route("/changes")
def changes():
    today = _dt.date.today()
    start, e1 = date_arg("from", today.replace(day=1))
    end, e2 = date_arg("to", today)
    if end < start:
        start, end = end, start
    rows = kb_changes(get_db(), start, end)
    if request.args.get("format") == "csv":
        return _csv_response(
            ["ngày", "sự kiện", "văn bản", "loại", "trích yếu", "phạm vi", "điều khoản tác động", "văn bản tác động",
             "căn cứ", "nguồn"],
            ([e["date"], EVENT_LABELS.get(e["kind"], e["kind"]), e["target_number"], e["doc_type"] or "",
              e["title"] or "", e["scope"] or "toàn bộ", e["by_provision"] or "", e["by_number"] or "",
              e["quote"], e["source"]] for e in rows),
            f"thay-doi-{start.isoformat()}-{end.isoformat()}.csv")
    shown, page, pages, size = _paged(rows)
    by_mention = store.known_by_mention(get_db(), [e["by_key"] for e in shown] + [e["target_key"] for e in shown])
    return render_template("changes.html", rows=shown, total=len(rows), page=page, pages=pages, size=size,
                           start=start, end=end, error=e1 or e2, labels=EVENT_LABELS, args=request.args,
                           by_mention=by_mention)


@bp.route("/findings")
def findings():
    found = findings_of_live_kb()
    kinds = sorted({f.kind for f in found})
    wanted = request.args.get("kind")
    shown = [f for f in found if not wanted or f.kind == wanted]
    if request.args.get("format") == "csv":
        return _csv_response(["loại", "văn bản", "khoá", "vấn đề", "căn cứ", "nguồn"],
                             ([quality.FINDING_LABELS.get(f.kind, f.kind), f.number or "", f.doc_key, f.message,
                               f.evidence, f.source] for f in shown),
                             f"kiem-tra-du-lieu{'-' + wanted if wanted in kinds else ''}.csv")
    page_rows, page, pages, size = _paged(shown)
    return render_template("findings.html", findings=page_rows, total=len(shown), kinds=kinds, page=page,
                           pages=pages, size=size, counts={k: sum(1 for f in found if f.kind == k) for k in kinds},
                           wanted=wanted, labels=quality.FINDING_LABELS, args=request.args)


def findings_of_live_kb() -> list:
    """The data-quality findings of the live build, computed once per build and process."""
    return per_build("findings", lambda db: quality.findings(db), day=_dt.date.today())
