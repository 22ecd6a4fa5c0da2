"""The document page's text on a date (kb.versions): the provisions as they
stood, each amended article's versions, and two dates of one article
compared (``?compare=<anchor>&from=…&to=…``, a plain GET form: no script
needed). Only reading the request and shaping for the templates here; the
rules are kb.versions'."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from kb import documents, versions
from web.params import parse_date


@dataclass
class Compare:
    """One article at two dates, for the page."""

    anchor: str
    start: _dt.date | None = None
    end: _dt.date | None = None
    before: versions.Version | None = None
    after: versions.Version | None = None
    segments: list[versions.Segment] = field(default_factory=list)
    error: str | None = None

    @property
    def computed(self) -> bool:
        return any(c.state == versions.APPLIED for v in (self.before, self.after) if v
                   for c in _started(v))


@dataclass
class PageText:
    text: versions.Consolidated
    timelines: dict[str, versions.Timeline]
    compare: Compare | None = None

    banner = versions.BANNER

    @property
    def computed(self) -> bool:
        """Some text shown was computed by Căn cứ (the banner says so)."""
        return self.text.computed or bool(self.compare and not self.compare.error and self.compare.computed) \
            or any(t.computed for t in self.timelines.values())

    def unit(self, anchor: str) -> versions.Unit | None:
        return self._units.get(anchor)

    def __post_init__(self):
        self._units = {u.anchor: u for u in self.text.units}

    def provisions(self, stored: list[documents.ProvisionView]) -> list[documents.ProvisionView]:
        """The page's provisions on the date: the consolidated units, with the
        marks the stored ones carry."""
        marks = {p.anchor: p.marks for p in stored}
        unknown = {u.anchor for u in self.text.units if u.unknown}
        # the units of an article unknown on the date are said once, at the article
        return [documents.ProvisionView(u.anchor, u.label, u.kind, u.heading, u.text or "", marks.get(u.anchor, []))
                for u in self.text.units
                if not (u.unknown and u.kind in ("clause", "point") and versions.article_of(u.anchor) in unknown)]


def page_text(db, key: str, on: _dt.date, args) -> PageText | None:
    text = versions.consolidated(db, key, on)
    if text is None:
        return None
    page = PageText(text, versions.timelines(db, key))
    wanted = (args.get("compare") or "").strip()
    if wanted:
        page.compare = _compare(page, wanted, args.get("from"), args.get("to"), on)
    return page


def _compare(page: PageText, anchor: str, start_raw, end_raw, on: _dt.date) -> Compare:
    out = Compare(anchor[:80])
    t = page.timelines.get(anchor)
    if t is None:
        out.error = "Điều này không có thay đổi nào để so sánh."
        return out
    start, err1 = parse_date(start_raw)
    end, err2 = parse_date(end_raw)
    if err1 or err2:
        out.error = err1 or err2
        return out
    first = next((v.valid_from for v in t.versions if v.valid_from), None)
    out.start = start or first or on
    out.end = end or on
    if out.start > out.end:
        out.start, out.end = out.end, out.start
    out.before, out.after = t.on(out.start), t.on(out.end)
    out.segments = versions.diff(out.before.text if out.before else None, out.after.text if out.after else None)
    return out


def _started(v: versions.Version) -> list[versions.Change]:
    return v.changes


def by_link(c: versions.Change) -> tuple[str | None, str]:
    """Where an amending provision is read (its document's page at its anchor) and how it is named."""
    name = " ".join(x for x in (c.by_provision, c.by_number) if x) or "văn bản chưa rõ"
    if not c.by_key:
        return None, name
    return f"/van-ban/{c.by_key}" + (f"#{c.by_anchor}" if c.by_anchor else ""), name
