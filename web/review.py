"""Reviewers' workspace: status on a date, changes between dates, data quality."""
from __future__ import annotations

import csv
import datetime as _dt
import io

from flask import Blueprint, Response, current_app, render_template, request

from kb import quality, review
from kb import status as kb_status
from kb.status import changes as kb_changes
from web.kbconn import get_db, statuses_on
from web.params import date_arg

bp = Blueprint("review", __name__, url_prefix="/review")


def _int_arg(name: str, default: int | None = None) -> int | None:
    try:
        return int(request.args.get(name, ""))
    except ValueError:
        return default


def _filters() -> review.Filters:
    wanted = request.args.get("status") or None
    return review.Filters(
        status=wanted if wanted in kb_status.STATUSES else None,
        doc_type=request.args.get("type") or None,
        issuer=(request.args.get("issuer") or "").strip()[:200] or None,
        year=_int_arg("year"),
        field=(request.args.get("field") or "").strip()[:200] or None,
        include_stubs=request.args.get("stubs", "1") != "0",
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
    size = current_app.config["PAGE_SIZE"]
    pages = max(1, -(-result.total // size))
    page = min(max(_int_arg("page", 1) or 1, 1), pages)
    rows = result.rows[(page - 1) * size: page * size]
    return render_template("review.html", result=result, rows=rows, page=page, pages=pages, filters=filters,
                           sort=sort, desc=desc, facets=review.facets(db), statuses=kb_status.STATUSES,
                           error=error, args=request.args)


def _csv(result: review.Listing) -> Response:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["số ký hiệu", "loại", "trích yếu", "cơ quan ban hành", "ngày ban hành",
                f"tình trạng ngày {result.on.isoformat()}", "đã sửa đổi, bổ sung", "lý do",
                "văn bản tác động", "từ ngày", "khoá"])
    for r in result.rows:
        w.writerow([r.number or "", r.doc_type or "", r.title or "", r.issuer or "", r.issued or "", r.status,
                    "có" if r.amended else "", r.reason, r.acting or "", r.since or "", r.key])
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
    return render_template("changes.html", rows=rows, start=start, end=end, error=e1 or e2)


@bp.route("/findings")
def findings():
    found = quality.findings(get_db())
    kinds = sorted({f.kind for f in found})
    wanted = request.args.get("kind")
    shown = [f for f in found if not wanted or f.kind == wanted]
    return render_template("findings.html", findings=shown[:500], total=len(shown), kinds=kinds,
                           counts={k: sum(1 for f in found if f.kind == k) for k in kinds}, wanted=wanted)
