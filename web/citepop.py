"""The popover of an in-text citation (document and report pages): the cited
document's number and title, its status on the page's date and why — the
reason and its source — or the documents a number may mean. Rendered by
``_cite_pop.html`` as a hidden tooltip the link names with
``aria-describedby``; ``static/cite-pop.js`` shows it on hover and focus and
closes it on Escape. Without the script the link is a plain link and the
popover is still its accessible description.
"""
from __future__ import annotations

from kb import provenance, resolver, store
from kb.cite import identify

# What a reading that went past the printed text means to a reader.
PROBLEM_NOTES = {
    resolver.MISSING_YEAR: "Số hiệu in thiếu năm; năm đọc theo ngày ban hành in kèm.",
    resolver.DATE_MISMATCH: "Ngày ban hành in kèm khác ngày của văn bản này trong cơ sở dữ liệu.",
}


class Popovers:
    """The popovers of one page, each once, in the order first needed."""

    def __init__(self, db, prefix: str = "cp"):
        self.db, self.prefix, self.items = db, prefix, {}

    def _add(self, ident, make) -> str:
        if ident not in self.items:
            item = make()
            item["id"] = f"{self.prefix}-{len(self.items) + 1}"
            self.items[ident] = item
        return self.items[ident]["id"]

    def document(self, doc, status, problem: str | None = None, problems=(), notes=(), ident=None) -> str:
        """A cited document (a row) with its status (kb.status.Status) on the page's date."""
        def make():
            why = status.deciding[0] if status and status.deciding else None
            mentioned = store.known_by_mention(self.db, [doc["key"]] + ([why.by_key] if why and why.by_key else []))
            item = _empty(" ".join(x for x in (doc["doc_type"], doc["number"] or doc["key"]) if x), problems, notes)
            item.update(title=doc["title"], stub=doc["key"] in mentioned, status=status)
            if why is not None:
                item["source"] = provenance.name(why.source, None, self.db).label
                if why.by_key in mentioned:
                    item["acting_by_mention"] = why.by_number
            if problem in PROBLEM_NOTES:
                item["notes"].insert(0, PROBLEM_NOTES[problem])
            return item
        return self._add(("doc", doc["key"], problem) if ident is None else ident, make)

    def several(self, docs, heading: str | None, problems=(), notes=(), ident=None) -> str:
        """A citation that may mean several documents: listed, none picked."""
        def make():
            item = _empty(heading, problems, notes)
            item["candidates"] = [identify(d) for d in docs]
            return item
        return self._add(("several",) + tuple(d["key"] for d in docs) if ident is None else ident, make)

    def unknown(self, heading: str | None, problems=(), notes=(), ident=None) -> str:
        """A citation the KB cannot tell."""
        def make():
            return _empty(heading, problems, notes or ["Chưa xác định được văn bản này trong cơ sở dữ liệu."])
        return self._add(("unknown", heading) if ident is None else ident, make)

    def __iter__(self):
        return iter(self.items.values())


def _empty(heading, problems, notes) -> dict:
    return {"heading": heading, "title": None, "stub": False, "status": None, "source": None,
            "acting_by_mention": None, "problems": list(problems), "notes": list(notes), "candidates": []}
