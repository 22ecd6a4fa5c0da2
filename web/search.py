"""Search for legal staff: a number goes to its document; words search the
text down to the article, with or without accents; filters and counts."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, g, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from kb import search as kb_search
from kb import status as kb_status
from kb import store
from kb.cite import format_citation
from kb.text import fold
from web.documents import parse_on
from web.kbconn import get_db, statuses_on

bp = Blueprint("search", __name__)
PAGE = 20
MAX_QUERY = 300

# facet: (URL parameter, heading, values shown)
FACETS = [("status", "status", "Tình trạng", 10), ("doc_type", "type", "Loại văn bản", 12),
          ("issuer", "issuer", "Cơ quan ban hành", 12), ("year", "year", "Năm ban hành", 12),
          ("field", "field", "Lĩnh vực (đề mục pháp điển)", 12)]


def get_engine() -> kb_search.Engine | None:
    """The search engine of the live build (kept open between requests)."""
    db = get_db()
    return kb_search.engine_for(Path(g.db_path).parent / kb_search.DIR_NAME, db)


def clean_query(raw: str | None) -> str:
    """The query as searched: control characters out, at most MAX_QUERY characters."""
    q = re.sub(r"[\x00-\x1f\x7f]+", " ", raw or "")
    return q.strip()[:MAX_QUERY].strip()


def filters_from(args) -> kb_search.Filters:
    year = (args.get("year") or "").strip()
    level = args.get("level")
    return kb_search.Filters(
        doc_type=(args.get("type") or "").strip()[:60] or None,
        issuer=(args.get("issuer") or "").strip()[:100] or None,
        year=year if re.fullmatch(r"\d{4}", year) else None,
        field=(args.get("field") or "").strip()[:20] or None,
        status=(args.get("status") or "").strip()[:40] or None,
        level=level if level in ("document", "article") else None)


def page_from(args) -> int:
    raw = args.get("page", "1")
    return min(int(raw), 10_000) if raw.isdigit() and raw != "0" else 1


@bp.route("/tim-kiem")
def results():
    db = get_db()
    q = clean_query(request.args.get("q"))
    on, date_error = parse_on()
    page_args = dict(q=q, res=None, on=on, error=date_error, args=request.args)
    if not q:
        return render_template("search.html", **page_args,
                               message="Nhập số ký hiệu (ví dụ 61/2018/NĐ-CP, nd 61/2018) hoặc từ cần tìm.")
    rows = kb_search.number_lookup(db, q)
    if rows is not None:
        if len(rows) == 1:
            return redirect(url_for("documents.show", key=rows[0]["key"], on=request.args.get("on") or None))
        return render_template("search.html", **page_args, numbers=rows,
                               message=None if rows else f"Không có văn bản số “{q}” trong cơ sở dữ liệu.")
    engine = get_engine()
    if engine is None:
        return render_template("search.html", **page_args,
                               message="Chưa có chỉ mục tìm kiếm (hoặc chỉ mục do phiên bản cũ dựng); "
                                       "hãy chạy `cancu build` hoặc `cancu build --search-only`.")
    statuses = statuses_on(on)
    res = kb_search.search(engine, db, q, filters_from(request.args), statuses,
                           sort=request.args.get("sort", "relevance"), page=page_from(request.args), per_page=PAGE)
    if res.kind == "empty":
        return render_template("search.html", **page_args,
                               message="Câu tìm không có chữ hay số nào để tìm; hãy gõ từ cần tìm "
                                       "(ví dụ: mot cua lien thong) hoặc số ký hiệu (61/2018/NĐ-CP).")
    docs = {h.doc_key: store.document(db, h.doc_key) for h in res.hits}
    return render_template("search.html", **dict(page_args, res=res), hits=res.hits, docs=docs, statuses=statuses,
                           facets=_shown_facets(res.facets), all_statuses=kb_status.STATUSES,
                           highlight=lambda s: _highlight(s, q), cite=lambda d: format_citation(d).full,
                           message=_message(res), facet_url=_facet_url)


def _message(res: kb_search.Results) -> str | None:
    if res.total == 0:
        return "Không tìm thấy kết quả nào; hãy thử ít từ hơn, bỏ dấu ngoặc kép hoặc bỏ bớt bộ lọc."
    if res.loose:
        return "Không có đủ kết quả với các từ đứng liền nhau; đây là các kết quả có đủ các từ ở bất kỳ đâu."
    return None


def _shown_facets(facets: dict[str, dict[str, int]]) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """(parameter, heading, [(value, label, count)]) of each facet, the most
    frequent values first (years newest first), a few of each."""
    out = []
    for name, param, heading, limit in FACETS:
        values = facets.get(name, {})
        items = sorted(values.items(), key=lambda kv: kv[0], reverse=True) if name == "year" else list(values.items())
        shown = []
        for value, count in items[:limit]:
            # a đề mục is filtered by its code ("22.4"), shown with its name
            shown.append((value.split(" ", 1)[0] if name == "field" else value, value, count))
        out.append((param, heading, shown))
    return out


def _facet_url(name: str, value: str | None) -> str:
    args = {k: v for k, v in request.args.items() if k != "page"}
    if value is None:
        args.pop(name, None)
    else:
        args[name] = value
    return url_for("search.results", **args)


def _highlight(snippet: str, q: str) -> Markup:
    """The snippet, escaped, with the query's words marked (accents or not)."""
    words = {fold(w) for w in re.findall(r"\w+", q) if w}
    out = []
    for token in re.split(r"(\w+)", snippet):
        if token and fold(token) in words:
            out.append(Markup("<mark>{}</mark>").format(token))
        else:
            out.append(escape(token))
    return Markup("").join(out)
