"""Search for legal staff: a number goes to its document, a provision
("điều 36 bộ luật lao động") to its article; words search the text down to
the article, with or without accents; filters and counts."""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, g, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from kb import search as kb_search
from kb import status as kb_status
from kb import store
from kb.cite import format_citation
from web.documents import parse_on
from web.kbconn import get_db, on_new_build, statuses_on

bp = Blueprint("search", __name__)
PAGE = 20
MAX_QUERY = 1000          # characters searched; a longer query is cut, and the page says so

# facet: (URL parameter, heading, values shown)
FACETS = [("status", "status", "Tình trạng", 10), ("doc_type", "type", "Loại văn bản", 12),
          ("issuer", "issuer", "Cơ quan ban hành", 12), ("year", "year", "Năm ban hành", 12),
          ("field", "field", "Lĩnh vực (đề mục pháp điển)", 12)]


def get_engine() -> kb_search.Engine | None:
    """The search engine of the live build (kept open between requests)."""
    db = get_db()
    return kb_search.engine_for(Path(g.db_path).parent / kb_search.DIR_NAME, db)


@on_new_build
def _open_engine() -> None:
    """A new build's engine, opened with today's status of every document."""
    engine = get_engine()
    if engine is not None:
        engine.status_codes(statuses_on(_dt.date.today()))


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query as searched (control characters out, at most MAX_QUERY
    characters), and whether it was cut."""
    q = re.sub(r"[\x00-\x1f\x7f]+", " ", (raw or "")[:MAX_QUERY * 4]).strip()
    return q[:MAX_QUERY].strip(), len(q) > MAX_QUERY


def filters_from(args) -> kb_search.Filters:
    year = (args.get("year") or "").strip()
    level = args.get("level")
    return kb_search.Filters(
        doc_type=(args.get("type") or "").strip()[:60] or None,
        issuer=(args.get("issuer") or "").strip()[:100] or None,
        year=year if re.fullmatch(r"\d{4}|không rõ", year) else None,
        field=(args.get("field") or "").strip()[:20] or None,
        status=(args.get("status") or "").strip()[:40] or None,
        level=level if level in ("document", "article") else None)


def page_from(args) -> int:
    raw = args.get("page", "1")
    return min(int(raw), 10_000) if raw.isdigit() and raw != "0" and len(raw) < 7 else 1


def target_of(intent: kb_search.Intent | None) -> tuple[str, str | None] | None:
    """(document key, anchor) a query opens: the provision of the one document
    a number names, or of the law a name names (in force first); the one
    document a number names. None when it opens nothing: a name lists the
    law first, several documents of one number are listed."""
    if intent is None or not intent.docs:
        return None
    if intent.kind == "pinpoint" and (len(intent.docs) == 1 or intent.by_name):
        return intent.docs[0]["key"], intent.anchor
    if intent.kind == "number" and len(intent.docs) == 1:
        return intent.docs[0]["key"], None
    return None


@bp.route("/tim-kiem")
def results():
    db = get_db()
    q, cut = clean_query(request.args.get("q"))
    on, date_error = parse_on()
    page_args = dict(q=q, res=None, on=on, error=date_error, args=request.args)
    if not q:
        return render_template("search.html", **page_args,
                               message="Nhập số ký hiệu (ví dụ 61/2018/NĐ-CP, nd 61/2018), tên luật "
                                       "(luật đất đai), điều của văn bản (điều 36 bộ luật lao động) hoặc câu hỏi.")
    rows = kb_search.number_lookup(db, q)
    if rows is not None:
        if len(rows) == 1:
            return redirect(url_for("documents.show", key=rows[0]["key"], on=request.args.get("on") or None))
        # several documents share the number: each listed with what tells it apart, none picked
        return render_template("search.html", **page_args, numbers=rows,
                               number_statuses={r["key"]: kb_status.document_status(db, r["key"], on) for r in rows},
                               message=None if rows else f"Không có văn bản số “{q}” trong cơ sở dữ liệu.")
    engine = get_engine()
    if engine is None:
        return render_template("search.html", **page_args,
                               message="Chưa có chỉ mục tìm kiếm (hoặc chỉ mục do phiên bản cũ dựng); "
                                       "hãy chạy `cancu build` hoặc `cancu build --search-only`.")
    statuses = statuses_on(on)
    intent = kb_search.understand(db, engine.catalog, q, statuses)
    target = target_of(intent)
    if target and not request.args.get("page"):
        key, anchor = target
        return redirect(url_for("documents.show", key=key, on=request.args.get("on") or None)
                        + (f"#{anchor}" if anchor else ""))
    res = kb_search.search(engine, db, q, filters_from(request.args), statuses,
                           sort=request.args.get("sort", "relevance"), page=page_from(request.args),
                           per_page=PAGE, intent=intent)
    if res.kind == "empty":
        return render_template("search.html", **page_args,
                               message="Câu tìm không có chữ hay số nào để tìm; hãy gõ từ cần tìm "
                                       "(ví dụ: mot cua lien thong) hoặc số ký hiệu (61/2018/NĐ-CP).")
    docs = {h.doc_key: store.document(db, h.doc_key) for h in res.hits}
    numbers = intent.docs if intent is not None and intent.kind == "number" and len(intent.docs) > 1 else None
    matcher = kb_search.Matcher(kb_search.parse(q).typed)
    return render_template("search.html", **dict(page_args, res=res), hits=res.hits, docs=docs, statuses=statuses,
                           numbers=numbers, facets=_shown_facets(res.facets), all_statuses=kb_status.STATUSES,
                           highlight=lambda s: highlight(s, matcher), cite=lambda d: format_citation(d).full,
                           message=_message(res, cut), facet_url=_facet_url)


def _message(res: kb_search.Results, cut: bool) -> str | None:
    notes = []
    if cut or res.truncated:
        notes.append(f"Câu tìm quá dài: chỉ {MAX_QUERY} ký tự đầu được dùng.")
    if res.total == 0 and not res.hits:
        notes.append("Không tìm thấy kết quả nào; hãy thử ít từ hơn, bỏ dấu ngoặc kép hoặc bỏ bớt bộ lọc.")
    elif res.loose:
        notes.append("Không có kết quả chứa đủ các từ chính của câu tìm; đây là các kết quả gần nhất.")
    return " ".join(notes) or None


def _shown_facets(facets: dict[str, dict[str, int]]) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """(parameter, heading, [(value, label, count)]) of each facet, the most
    frequent values first (years newest first), a few of each, then the
    documents that have no value ("không rõ")."""
    out = []
    for name, param, heading, limit in FACETS:
        values = facets.get(name, {})
        known = [kv for kv in values.items() if kv[0] != kb_search.UNKNOWN]
        if name == "year":
            known.sort(reverse=True)
        items = known[:limit] + [(kb_search.UNKNOWN, values[kb_search.UNKNOWN])] if kb_search.UNKNOWN in values \
            else known[:limit]
        shown = []
        for value, count in items:
            # a đề mục is filtered by its code ("22.4"), shown with its name
            code = value.split(" ", 1)[0] if name == "field" and value != kb_search.UNKNOWN else value
            shown.append((code, value, count))
        out.append((param, heading, shown))
    return out


def _facet_url(name: str, value: str | None) -> str:
    """This page's address with one filter set (or removed) and no page:
    built by hand, url_for per facet value costs more than the search."""
    args = {k: v for k, v in request.args.items() if k not in ("page", name)}
    if value is not None:
        args[name] = value
    return request.path + ("?" + urlencode(args) if args else "")


def highlight(text: str, matcher: kb_search.Matcher) -> Markup:
    """The text, escaped, with the words that truly match marked: a word
    typed with diacritics only as typed, one typed without in any accents."""
    return Markup("".join(f"<mark>{escape(piece)}</mark>" if hit else str(escape(piece))
                          for piece, hit in kb_search.highlighted(text, matcher)))


def today() -> _dt.date:
    return _dt.date.today()
