"""JSON API: the same answers the pages give, for scripts and the pages' own JS."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from kb import cite, documents, versions
from kb import status as kb_status
from kb import store
from web.documents import parse_on
from web.kbconn import get_db

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/suggest")
def suggest():
    q = (request.args.get("q") or "")[:60]
    rows = cite.suggest(get_db(), q)
    return jsonify([{"key": r["key"], "number": r["number"], "doc_type": r["doc_type"], "title": r["title"],
                     "issued": r["issued"], "stub": bool(r["stub"]),
                     "citation": cite.format_citation(r).full} for r in rows])


@bp.route("/search")
def search():
    """The search page's answer as JSON: the same query, filters, sort and
    page; each hit with its document's number, title, type, status on the
    chosen date and today, the article's heading and the score."""
    from kb import search as kb_search
    from web.kbconn import statuses_on
    from web.search import clean_query, filters_from, get_engine, page_from, target_of, today
    db = get_db()
    q, cut = clean_query(request.args.get("q"))
    if not q:
        return jsonify({"query": q, "kind": "empty", "message": "Hãy nhập từ cần tìm hoặc số ký hiệu văn bản.",
                        "total": 0, "hits": []})
    rows = kb_search.number_lookup(db, q)
    if rows is not None:
        return jsonify({"query": q, "kind": "number", "documents": [_doc_json(r) for r in rows]})
    engine = get_engine()
    if engine is None:
        return jsonify({"error": "chưa có chỉ mục tìm kiếm"}), 503
    on, error = parse_on()
    if error:
        return jsonify({"error": error}), 400
    statuses = statuses_on(on)
    now = statuses_on(today())
    intent = kb_search.understand(db, engine.catalog, q, statuses)
    res = kb_search.search(engine, db, q, filters_from(request.args), statuses,
                           sort=request.args.get("sort", "relevance"), page=page_from(request.args), intent=intent)
    target = target_of(intent)
    return jsonify({
        "query": q, "kind": res.kind, "message": res.message, "total": res.total, "truncated": cut or res.truncated,
        "page": res.page, "pages": res.pages, "loose": res.loose, "facets": res.facets,
        "understood": None if intent is None else {
            "kind": intent.kind, "anchor": intent.anchor, "pinpoint": intent.pinpoint,
            "documents": [_doc_json(r) for r in intent.docs],
            "opens": None if target is None else {"key": target[0], "anchor": target[1]}},
        "hits": [{"id": h.id, "key": h.doc_key, "level": h.level, "number": h.number, "title": h.title,
                  "doc_type": h.doc_type, "issuer": h.issuer, "issued": h.issued,
                  "heading": h.heading if h.level == "article" else "", "anchor": h.anchor,
                  "chapter": h.chapter, "score": round(h.score, 4), "exact": h.exact, "pinned": h.pinned or None,
                  "snippet": h.snippet,
                  "status": statuses[h.doc_key].value if h.doc_key in statuses else None,
                  "status_today": now[h.doc_key].value if h.doc_key in now else None}
                 for h in res.hits]})


def _doc_json(r) -> dict:
    return {"key": r["key"], "number": r["number"], "doc_type": r["doc_type"], "title": r["title"],
            "issuer": r["issuer"], "issued": r["issued"]}


@bp.route("/documents/<path:key>/status")
def status(key: str):
    db = get_db()
    if store.document(db, key) is None:
        abort(404)
    on, error = parse_on()
    if error:
        return jsonify({"error": error}), 400
    return jsonify({"key": key, **kb_status.document_status(db, key, on).to_json()})


@bp.route("/documents/<path:key>/text")
def text(key: str):
    """The document as it stood on ``on`` (kb.versions.consolidated): each
    provision's text, the changes applied and those that could not be."""
    db = get_db()
    if store.document(db, key) is None:
        return jsonify({"error": f"Không có văn bản khoá “{key[:80]}”."}), 404
    on, error = _on()
    if error:
        return jsonify({"error": error}), 400
    return jsonify(versions.consolidated(db, key, on).to_json())


@bp.route("/documents/<path:key>/provisions/<ref>")
def provision(key: str, ref: str):
    """One provision on ``on``: status, text, versions, changes with their
    provenance. ``ref`` is an anchor ("dieu-3-khoan-2") or as printed
    ("khoản 2 Điều 3")."""
    from kb.identity import provision_anchor
    db = get_db()
    if store.document(db, key) is None:
        return jsonify({"error": f"Không có văn bản khoá “{key[:80]}”."}), 404
    anchor = provision_anchor(ref)
    if anchor is None:
        return jsonify({"error": f"Không đọc được vị trí “{ref[:80]}” (ví dụ: dieu-3-khoan-2 hoặc “khoản 2 Điều 3”)."}), 400
    on, error = _on()
    if error:
        return jsonify({"error": error}), 400
    found = versions.provision_on(db, key, anchor, on)
    if found is None:
        return jsonify({"error": f"Văn bản không có {cite.pinpoint(anchor) or anchor}."}), 404
    return jsonify(found.to_json())


def _on():
    """``on`` of the request (today by default), or the message for a bad one."""
    import datetime as dt
    from web.params import parse_date
    day, error = parse_date(request.args.get("on"))
    return day or dt.date.today(), error


@bp.route("/documents/<path:key>/relations")
def relations(key: str):
    db = get_db()
    on, _ = parse_on()
    v = documents.view(db, key, on)
    if v is None:
        abort(404)
    return jsonify({"key": key, "incoming": v.incoming, "outgoing": v.outgoing, "other": v.other_relations,
                    "cited_by": v.cited_by, "cited_by_reports": v.cited_by_reports})


@bp.route("/documents/<path:key>")
def document(key: str):
    db = get_db()
    doc = store.document(db, key)
    if doc is None:
        abort(404)
    f = cite.format_citation(doc)
    return jsonify({**{k: doc[k] for k in doc.keys()}, "citation": f.full, "citation_short": f.short,
                    "provisions": [dict(p) for p in store.provisions(db, key)]})


@bp.errorhandler(404)
def not_found(_):
    return jsonify({"error": "không tìm thấy"}), 404
