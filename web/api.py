"""JSON API: the same answers the pages give, for scripts and the pages' own JS."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from kb import cite, documents
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
    """The search page's answer as JSON: the same query, filters, sort and page."""
    from kb import search as kb_search
    from web.kbconn import statuses_on
    from web.search import clean_query, filters_from, get_engine, page_from
    db = get_db()
    q = clean_query(request.args.get("q"))
    rows = kb_search.number_lookup(db, q) if q else None
    if rows is not None:
        return jsonify({"query": q, "kind": "number", "documents": [{"key": r["key"], "number": r["number"],
                        "doc_type": r["doc_type"], "title": r["title"]} for r in rows]})
    engine = get_engine()
    if engine is None:
        return jsonify({"error": "chưa có chỉ mục tìm kiếm"}), 503
    on, error = parse_on()
    if error:
        return jsonify({"error": error}), 400
    statuses = statuses_on(on)
    res = kb_search.search(engine, db, q, filters_from(request.args), statuses,
                           sort=request.args.get("sort", "relevance"), page=page_from(request.args))
    return jsonify({"query": q, "kind": res.kind, "message": res.message, "total": res.total,
                    "page": res.page, "pages": res.pages, "loose": res.loose, "facets": res.facets,
                    "hits": [{"id": h.id, "key": h.doc_key, "level": h.level, "heading": h.heading,
                              "chapter": h.chapter, "exact": h.exact, "snippet": h.snippet,
                              "status": statuses[h.doc_key].value if h.doc_key in statuses else None}
                             for h in res.hits]})


@bp.route("/documents/<path:key>/status")
def status(key: str):
    db = get_db()
    if store.document(db, key) is None:
        abort(404)
    on, error = parse_on()
    if error:
        return jsonify({"error": error}), 400
    return jsonify({"key": key, **kb_status.document_status(db, key, on).to_json()})


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
