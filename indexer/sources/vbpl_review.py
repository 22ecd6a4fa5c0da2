"""The scraped laws and decrees of vbpl.vn (one JSON per document):
number, source URL (with its ItemID) and the articles' text, chapter by
chapter. No title, status or date fields: the title is not guessed from
the URL's accent-free slug."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from indexer.sources import UnreadableInput
from kb import numbers
from kb.text import nfc

_SLUG_TYPES = [("bo-luat", "Bộ luật"), ("luat", "Luật"), ("nghi-dinh", "Nghị định"),
               ("thong-tu-lien-tich", "Thông tư liên tịch"), ("thong-tu", "Thông tư"),
               ("quyet-dinh", "Quyết định"), ("nghi-quyet", "Nghị quyết"), ("phap-lenh", "Pháp lệnh")]
_ITEM_ID_RE = re.compile(r"-(\d+)$|ItemID=(\d+)")


@dataclass
class ReviewDocument:
    number: str | None
    number_printed: str
    doc_type: str | None
    url: str
    item_id: int | None
    text: str            # "Chương I …\nĐiều 1. Heading\nbody…", for the structure parser


def read_review_json(data: bytes, label: str = "input") -> ReviewDocument:
    try:
        d = json.loads(data.decode("utf-8"))
        printed = nfc(d["id"])
        url = d.get("sourceUrl") or ""
        chapters = d.get("chapters") or []
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise UnreadableInput(f"{label}: không phải tệp JSON văn bản vbpl hợp lệ ({type(e).__name__})") from None
    slug = url.rstrip("/").split("/")[-1].lower()
    doc_type = next((t for prefix, t in _SLUG_TYPES if slug.startswith(prefix + "-")), None)
    # Only a vbpl.vn address carries a vbpl ItemID (some rows point elsewhere).
    m = (_ITEM_ID_RE.search(slug) or _ITEM_ID_RE.search(url)) if "vbpl.vn" in url else None
    item_id = int(next(g for g in m.groups() if g)) if m else None
    lines = []
    for ch in chapters:
        for part in (ch.get("title"), ch.get("subtitle")):
            if part:
                lines.append(nfc(part))
        for a in ch.get("articles") or []:
            lines.append(nfc(f"{a.get('number', '')}. {a.get('heading', '')}".strip()))
            if a.get("body"):
                lines.append(nfc(a["body"]))
    return ReviewDocument(numbers.normalise(printed), printed, doc_type, url, item_id, "\n".join(lines))
