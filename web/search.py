"""Search for legal staff: a number goes to its document; words search the
text down to the article, with or without accents; filters and counts."""
from __future__ import annotations

import re
import threading
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


_local = threading.local()


def get_searcher():
    """(index, searcher) of the live build, kept open per thread: opening a
    searcher reads the index files, which costs more than a query."""
    get_db()
    path = Path(g.db_path).parent / kb_search.DIR_NAME
    cached = getattr(_local, "cached", None)
    if cached and cached[0] == path:
        return cached[1], cached[2]
    ix = kb_search.open_index(path)
    if ix is None:
        return None, None
    if cached:
        cached[2].close()
    searcher = ix.searcher(weighting=kb_search.WEIGHTING)
    _local.cached = (path, ix, searcher)
    return ix, searcher


@bp.route("/tim-kiem")
def results():
    db = get_db()
    q = (request.args.get("q") or "").strip()[:300]
    on, date_error = parse_on()
    if not q:
        return render_template("search.html", q=q, res=None, on=on, error=date_error, args=request.args,
                               message="Nhập số ký hiệu (ví dụ 61/2018/NĐ-CP, nd 61/2018) hoặc từ cần tìm.")
    rows = kb_search.number_lookup(db, q)
    if rows is not None:
        if len(rows) == 1:
            return redirect(url_for("documents.show", key=rows[0]["key"], on=request.args.get("on") or None))
        return render_template("search.html", q=q, numbers=rows, res=None, on=on, error=date_error, args=request.args,
                               message=None if rows else f"Không có văn bản số “{q}” trong cơ sở dữ liệu.")
    ix, searcher = get_searcher()
    if ix is None:
        return render_template("search.html", q=q, res=None, on=on, error=date_error, args=request.args,
                               message="Chưa có chỉ mục tìm kiếm; hãy chạy `cancu build`.")
    year = request.args.get("year", "")
    res = kb_search.search(ix, db, q, doc_type=request.args.get("type") or None,
                           year=int(year) if year.isdigit() else None,
                           issuer=(request.args.get("issuer") or "").strip()[:100] or None,
                           field_code=(request.args.get("field") or "").strip()[:20] or None, searcher=searcher)
    statuses = statuses_on(on)
    docs = {}
    for h in res.hits:
        if h.doc_key not in docs:
            docs[h.doc_key] = store.document(db, h.doc_key)
    wanted = request.args.get("status")
    hits = [h for h in res.hits if not wanted or statuses[h.doc_key].value == wanted]
    facets = _facets(res.hits, docs, statuses)
    sort = request.args.get("sort", "relevance")
    if sort in ("issued", "effective_from"):
        hits.sort(key=lambda h: docs[h.doc_key][sort] or "", reverse=True)
    level = request.args.get("level")
    if level in ("document", "article"):
        hits = [h for h in hits if h.level == level]
    pages = max(1, -(-len(hits) // PAGE))
    page = min(max(int(request.args.get("page", "1")) if request.args.get("page", "1").isdigit() else 1, 1), pages)
    shown = hits[(page - 1) * PAGE: page * PAGE]
    return render_template("search.html", q=q, res=res, hits=shown, total=len(hits), docs=docs, statuses=statuses,
                           facets=facets, page=page, pages=pages, on=on, error=date_error, args=request.args,
                           all_statuses=kb_status.STATUSES, highlight=lambda s: _highlight(s, q),
                           cite=lambda d: format_citation(d).full, message=None, facet_url=_facet_url)


def _facet_url(name: str, value: str) -> str:
    args = {k: v for k, v in request.args.items() if k != "page"}
    args[name] = value
    return url_for("search.results", **args)


def _facets(hits, docs, statuses) -> dict[str, dict[str, int]]:
    out = {"type": {}, "year": {}, "status": {}}
    seen = set()
    for h in hits:
        if h.doc_key in seen:
            continue
        seen.add(h.doc_key)
        d = docs[h.doc_key]
        for name, value in (("type", d["doc_type"]), ("year", (d["issued"] or "")[:4]),
                            ("status", statuses[h.doc_key].value)):
            if value:
                out[name][value] = out[name].get(value, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in out.items()}


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
