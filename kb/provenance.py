"""Where a fact was read, named as a person would name it.

The store records each source as the build read it: "phapdien-2026-01:q/<file>.html#<id>",
"vbpl:2315/…", "vbpl-review:<archive>/<file>.json (https://vbpl.vn/…)",
"binhduong-register.csv:dòng 34", "sonla-congbao.sql:https://…",
"corpus:documents/ha-tinh/<file>.md#dieu-2", "được nhắc tới tại <source>". Pages show
"Bộ pháp điển, bản 01/2026", "vbpl.vn, ItemID 2315", "văn bản gốc 09/2019/QĐ-UBND, Điều 2",
with a link to the original only where the source itself gives one (vbpl.vn's ItemID,
a URL it quotes), or to the document's page for a file of corpus/. A form not known
here is shown as it is: nothing is made up.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace

from kb.cite import pinpoint

VBPL_PAGE = "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID={}"   # the form the pháp điển links to

_PHAPDIEN_RE = re.compile(r"^phapdien-(\d{4})-(\d{2})(?::|$)")
_VBPL_RE = re.compile(r"^vbpl:(\d+)(?:/|$)")
_URL_RE = re.compile(r"https?://[^\s)]+")
_HOST_RE = re.compile(r"https?://([^/\s:]+)")
_MENTIONED = "được nhắc tới tại "
_FILE_ORIGINS = {"register": "danh mục văn bản của địa phương"}


@dataclass(frozen=True)
class Named:
    label: str
    url: str | None = None        # the original, outside
    doc_key: str | None = None    # or the document in the KB whose own file it is
    anchor: str | None = None     # and the provision in it


def name(source: str | None, where: str | None = None, db: sqlite3.Connection | None = None) -> Named:
    """``source`` as a person would name it; ``where`` (a provision, "Điều 88") is
    added when the caller knows it. With the KB, a document's own file is named
    by the document's number (a file name is not a name)."""
    source = (source or "").strip()
    if not source:
        return Named("nguồn chưa rõ")
    if source.startswith(_MENTIONED):
        inner = name(source[len(_MENTIONED):], where, db)
        return replace(inner, label=_MENTIONED + inner.label)
    named = _original(source, db) if source.startswith("corpus:") else _name(source)
    if where:
        named = replace(named, label=f"{named.label}, {where}")
    return named


def _original(source: str, db) -> Named:
    """A file of corpus/: "văn bản gốc", with the document read from it and the
    provision the anchor names."""
    path, _, anchor = source.partition("#")
    where = pinpoint(anchor) or ("trích yếu" if anchor == "trich-yeu" else None)
    doc = db.execute("SELECT key, number FROM documents WHERE origin = ? LIMIT 1", (path,)).fetchone() if db else None
    label = "văn bản gốc" + (f" {doc['number']}" if doc is not None and doc["number"] else "")
    return Named(label + (f", {where}" if where else ""), None, doc["key"] if doc is not None else None,
                 anchor if anchor and anchor != "trich-yeu" else None)


def _name(source: str) -> Named:
    if source == "link":                 # a stub: the origin of a document known only by mention
        return Named("chỉ biết qua trích dẫn trong văn bản khác")
    m = _PHAPDIEN_RE.match(source)
    if m:
        return Named(f"Bộ pháp điển, bản {m.group(2)}/{m.group(1)}")
    m = _VBPL_RE.match(source)
    if m:
        return Named(f"vbpl.vn, ItemID {m.group(1)}", VBPL_PAGE.format(m.group(1)))
    if source.startswith("vbpl-review:"):
        url = _URL_RE.search(source)
        return Named("vbpl.vn, bản thu thập", url.group() if url else None)
    kind, _, rest = source.partition(":")
    if kind in _FILE_ORIGINS:
        return Named(f"{_FILE_ORIGINS[kind]}, tệp {rest}")
    url = _URL_RE.search(source)
    if url:                              # a gazette or register row that quotes its page
        return Named(_HOST_RE.match(url.group()).group(1), url.group())
    if rest.startswith("dòng "):         # a register's row: "binhduong-register.csv:dòng 34"
        return Named(f"{_FILE_ORIGINS['register']}, tệp {kind}, {rest}")
    return Named(source)


def of_document(doc) -> list[Named]:
    """A document's own sources: its origin named (with the đề mục of the pháp
    điển it is filed under), and its vbpl.vn page when the KB knows it."""
    origin = doc["origin"]
    if origin.startswith("corpus:"):
        named = Named("văn bản gốc")
    elif origin.startswith("vbpl-review:"):        # the page it was collected from is in its source
        named = name(doc["source"] or origin)
    else:
        named = name(origin)
    if origin.startswith("phapdien-") and doc["fields"]:
        named = Named(f"{named.label}, đề mục {doc['fields']}", named.url)
    out = [named]
    if doc["vbpl_item_id"] and named.url != VBPL_PAGE.format(doc["vbpl_item_id"]):
        out.append(Named(f"vbpl.vn, ItemID {doc['vbpl_item_id']}", VBPL_PAGE.format(doc["vbpl_item_id"])))
    return out
