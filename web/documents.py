"""Document pages: metadata, status on a date, text with structure and
in-text citation links, relations (with a small diagram), cited by."""
from __future__ import annotations

import datetime as _dt

from flask import Blueprint, abort, render_template, request
from markupsafe import Markup, escape

from kb import documents, store
from kb.cite import format_citation, pinpoint
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
    return render_template("document.html", v=v, on=on, error=error, cite=cite, pinpoint=pinpoint,
                           linked=lambda text: _linked(db, text, on, statuses), diagram=_diagram(v),
                           levels=heading_levels(v.provisions), text=text,
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


def _linked(db, text: str, on: _dt.date, statuses: dict) -> Markup:
    """Provision text as HTML: escaped, with each citation a link."""
    parts = []
    for seg in documents.link_citations(db, text, on, statuses):
        if seg.key:
            title = f"{seg.number}: {seg.status} ngày {on:%d/%m/%Y}"
            parts.append(Markup('<a class="cite" href="{}" title="{}" data-status="{}">{}</a>').format(
                f"/van-ban/{seg.key}", title, seg.status, seg.text))
        elif seg.number:
            parts.append(Markup('<span class="cite unknown" title="{}">{}</span>').format(
                f"{seg.number}: chưa xác định được văn bản", seg.text))
        else:
            parts.append(escape(seg.text))
    return Markup("").join(parts)


def _diagram(v: documents.DocumentView) -> Markup:
    """A small server-drawn SVG: documents acting on this one on the left,
    those it acts on on the right."""
    left = [(name, it) for name, items in v.incoming.items() for it in items][:8]
    right = [(name, it) for name, items in v.outgoing.items() for it in items][:8]
    rows = max(len(left), len(right), 1)
    h = 40 + rows * 34
    cx, cy = 330, h // 2
    out = [f'<svg class="diagram" role="img" aria-label="Lược đồ quan hệ" viewBox="0 0 660 {h}" width="660" height="{h}">']
    out.append(f'<rect x="{cx - 90}" y="{cy - 16}" width="180" height="32" rx="6" class="me"/>'
               f'<text x="{cx}" y="{cy + 5}" text-anchor="middle">{escape(v.doc["number"] or v.doc["key"])}</text>')
    for side, items in (("left", left), ("right", right)):
        for i, (name, it) in enumerate(items):
            y = 20 + i * 34
            x = 10 if side == "left" else 480
            out.append(f'<line x1="{x + 170 if side == "left" else x}" y1="{y + 14}" x2="{cx - 90 if side == "left" else cx + 90}" y2="{cy}" class="edge"/>')
            out.append(f'<rect x="{x}" y="{y}" width="170" height="28" rx="5" class="node"/>'
                       f'<text x="{x + 85}" y="{y + 18}" text-anchor="middle"><title>{escape(name)}</title>'
                       f'{escape(it["number"])}</text>')
    out.append("</svg>")
    return Markup("".join(out))
