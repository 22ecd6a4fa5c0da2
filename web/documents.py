"""Document pages: metadata, status on a date, text with structure and
in-text citation links, relations (with a small diagram), cited by."""
from __future__ import annotations

import datetime as _dt

from flask import Blueprint, abort, render_template, request, url_for
from markupsafe import Markup, escape

from kb import documents, store
from kb.cite import format_citation, pinpoint
from web.citepop import Popovers
from web.kbconn import get_db
from web.params import date_arg
from web.versions import page_text

bp = Blueprint("documents", __name__, url_prefix="/van-ban")


def parse_on() -> tuple[_dt.date, str | None]:
    """The ``on`` date of the request, today by default."""
    return date_arg("on", _dt.date.today())


@bp.route("/<path:key>")
def show(key: str):
    db = get_db()
    on, error = parse_on()
    v = documents.view(db, key, on)
    if v is None:
        abort(404)
    text = page_text(db, key, on, request.args)       # the text as it stood on ``on`` (kb.versions)
    if text is not None:
        v.provisions = text.provisions(v.provisions)
    cite = format_citation(v.doc)
    statuses: dict = {}     # a document cited many times on the page is looked up once
    pops = Popovers(db)     # and its popover written once
    written = _date_or_none(v.doc["issued"])       # decides a law cited by its name
    return render_template("document.html", v=v, on=on, error=error, cite=cite, pinpoint=pinpoint,
                           linked=lambda text: _linked(db, text, on, statuses, pops, written), cite_pops=pops,
                           diagram=_diagram(v),
                           levels=heading_levels(v.provisions), toc=toc_tree(v.provisions), text=text,
                           namesakes=[d for d in store.documents_by_number(db, v.doc["number"]) if d["key"] != key]
                           if v.doc["number"] else [])


# Structural units from the outermost in; each is a heading of the text.
_HEADED = ("part", "chapter", "section", "subsection", "article")


def heading_levels(provisions) -> dict[str, int]:
    """The heading level (h2…h6) of each structural provision, by anchor: one
    below the unit that encloses it, so that no level is skipped whichever
    units a document has (a decree without chapters has its articles at h2)."""
    levels, open_units = {}, []          # open_units: ranks of the enclosing units
    for p in provisions:
        if p.kind not in _HEADED:
            continue
        rank = _HEADED.index(p.kind)
        while open_units and open_units[-1] >= rank:
            open_units.pop()
        levels[p.anchor] = min(2 + len(open_units), 6)
        open_units.append(rank)
    return levels


def toc_tree(provisions) -> list[dict]:
    """The table of contents: parts, chapters and sections, each holding the
    units and articles under it ({"p": provision, "children": [...], "articles": n})."""
    root: list[dict] = []
    open_units: list[tuple[int, dict]] = []       # (rank, node) of the enclosing units
    for p in provisions:
        if p.kind not in _HEADED:
            continue
        rank = _HEADED.index(p.kind)
        while open_units and open_units[-1][0] >= rank:
            open_units.pop()
        node = {"p": p, "children": [], "articles": 0}
        (open_units[-1][1]["children"] if open_units else root).append(node)
        if p.kind == "article":
            for _, unit in open_units:           # counted in every unit that holds it
                unit["articles"] += 1
        else:
            open_units.append((rank, node))
    return root


def _date_or_none(iso: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _linked(db, text: str, on: _dt.date, statuses: dict, pops: Popovers, written: _dt.date | None) -> Markup:
    """Provision text as HTML: escaped, each citation a link to the document it
    names (kb.resolver, as on the report page) described by its popover; a
    number several documents bear links to the list of them, picking none."""
    parts = []
    for seg in documents.link_citations(db, text, on, statuses, written):
        m = seg.match
        if m is None:
            parts.append(escape(seg.text))
        elif seg.key:
            pop = pops.document(m.document, seg.status, m.problem)
            parts.append(Markup('<a class="cite" href="{}" data-status="{}" aria-describedby="{}">{}</a>').format(
                url_for("documents.show", key=seg.key), seg.status.value, pop, seg.text))
        elif m.documents:
            pop = pops.several(m.documents, seg.number or seg.text)
            numbers = {d["number"] for d in m.documents}
            href = url_for("search.results", q=numbers.pop()) if len(numbers) == 1 else None
            if href:
                parts.append(Markup('<a class="cite several" href="{}" aria-describedby="{}">{}</a>').format(
                    href, pop, seg.text))
            else:
                parts.append(Markup('<span class="cite several" tabindex="0" aria-describedby="{}">{}</span>').format(
                    pop, seg.text))
        else:
            parts.append(Markup('<span class="cite unknown" title="{}">{}</span>').format(
                f"{seg.number}: chưa có trong cơ sở dữ liệu", seg.text))
    return Markup("").join(parts)


# What an acting document does, as an edge's label ("thay thế", "bãi bỏ", …): the
# verbs of kb.documents.OUTGOING, reached from the titles of either side.
_KIND_OF_TITLE = {title: kind for table in (documents.INCOMING, documents.OUTGOING) for kind, title in table.items()}
_RELATION_VERBS = {"guides": "hướng dẫn", "basis": "căn cứ"}
DIAGRAM_MAX = 8          # documents on each side; the lists under the diagram hold them all


def _edge_label(title: str) -> str:
    kind = _KIND_OF_TITLE.get(title)
    return documents.OUTGOING.get(kind, title).lower() if kind else title.lower()


def _diagram_side(groups) -> list[dict]:
    """One node per document (by key, else by number), with every verb that
    links it to this one, in the order first met."""
    nodes: dict[str, dict] = {}
    for verb, it in groups:
        node = nodes.setdefault(it["key"] or it["number"], {"key": it["key"], "number": it["number"], "verbs": []})
        if verb not in node["verbs"]:
            node["verbs"].append(verb)
    return list(nodes.values())[:DIAGRAM_MAX]


def _diagram(v: documents.DocumentView) -> Markup:
    """A small server-drawn SVG: the documents acting on this one on the left,
    those it acts on (or guides, or rests on) on the right; each document once,
    a link; each edge an arrow from the acting document, labelled with the act."""
    left = _diagram_side((_edge_label(t), it) for t, items in v.incoming.items() for it in items)
    right = _diagram_side([(_edge_label(t), it) for t, items in v.outgoing.items() for it in items] +
                          [(_RELATION_VERBS.get(r["kind"], r["heading"].lower()), {"key": r["to_key"], "number": r["to_number"]})
                           for r in v.other_relations if r.get("direction") == "outgoing" and r.get("to_number")])
    rows = max(len(left), len(right), 1)
    row_h, node_w, node_h = 46, 170, 30
    h = 20 + rows * row_h
    width, cx, cy = 720, 360, h // 2
    me = escape(v.doc["number"] or v.doc["key"])
    out = [f'<svg class="diagram" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
           f'aria-labelledby="diagram-title"><title id="diagram-title">Lược đồ quan hệ của {me}: '
           f'văn bản tác động lên văn bản này ở bên trái, văn bản nó tác động ở bên phải</title>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
           f'<rect x="{cx - 80}" y="{cy - 16}" width="160" height="32" rx="6" class="me"/>'
           f'<text x="{cx}" y="{cy + 5}" text-anchor="middle" class="me-label">{me}</text>']
    for side, nodes in (("left", left), ("right", right)):
        top = (h - len(nodes) * row_h) // 2 + (row_h - node_h) // 2
        for i, node in enumerate(nodes):
            y = top + i * row_h
            x = 8 if side == "left" else width - 8 - node_w
            verbs = ", ".join(node["verbs"])
            # the arrow runs from the acting document to the one acted on
            if side == "left":
                x1, y1, x2, y2 = x + node_w, y + node_h // 2, cx - 80, cy
                said = f"{node['number']} {verbs} {v.doc['number'] or 'văn bản này'}"
            else:
                x1, y1, x2, y2 = cx + 80, cy, x, y + node_h // 2
                said = f"{v.doc['number'] or 'Văn bản này'} {verbs} {node['number']}"
            out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="edge" marker-end="url(#arrow)"/>')
            lx, ly = (x1 + x2) // 2, (y1 + y2) // 2 - 4
            out.append(f'<text x="{lx}" y="{ly}" text-anchor="middle" class="edge-label">{escape(verbs)}</text>')
            box = (f'<rect x="{x}" y="{y}" width="{node_w}" height="{node_h}" rx="5" class="node"/>'
                   f'<text x="{x + node_w // 2}" y="{y + 19}" text-anchor="middle">{escape(node["number"])}</text>')
            if node["key"]:
                out.append(f'<a href="{escape(url_for("documents.show", key=node["key"]))}" class="node-link" '
                           f'aria-label="{escape(said)}">{box}</a>')
            else:
                out.append(f'<g class="node-plain" role="img" aria-label="{escape(said)} (chưa xác định văn bản)">{box}</g>')
    out.append("</svg>")
    return Markup("".join(out))