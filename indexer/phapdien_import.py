"""A pháp điển snapshot → source documents with provisions and events.

Each article of the Bộ pháp điển is a provision of the document its
source note names. The note gives the document's number, type, title,
issue date, issuer and effective date, and its amendment notes; the
article's own text gives the effects of the document's final provisions.
Every event keeps the note or sentence it was read from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from indexer import effects, structure
from indexer.sources import phapdien
from kb.citations import extract
from kb.identity import anchor as make_anchor
from kb.model import (
    FROM_PHAPDIEN, FROM_TEXT, TAKES_EFFECT, Document, Event, Evidence, Provision,
)

_ARTICLE_NO_RE = re.compile(r"^Điều\s+(\d{1,4}[a-zđ]?)$")
_EFFECT_HEADING_RE = re.compile(r"hiệu lực|thi hành|chuyển tiếp|bãi bỏ|thay thế", re.I)


@dataclass
class Snapshot:
    label: str                                    # "phapdien-2025-02"
    documents: dict[str, Document] = field(default_factory=dict)   # by number
    articles: int = 0
    skipped_notes: list[str] = field(default_factory=list)         # notes naming no document


def label_for(path: str | Path) -> str:
    """"…/phapdien-snapshot-2025-02/demuc-html.tar.xz" → "phapdien-2025-02"."""
    p = Path(path)
    name = p.parent.name if p.name.startswith("demuc") else p.name.split(".")[0]
    m = re.search(r"(\d{4}-\d{2})", name)
    return f"phapdien-{m.group(1)}" if m else f"phapdien-{name}"


def import_snapshot(path: str | Path, label: str | None = None, tick=None) -> Snapshot:
    """``tick()`` is called after each đề mục file (for progress)."""
    snap = Snapshot(label or label_for(path))
    for demuc in phapdien.iter_demuc(path):
        if tick is not None:
            tick()
        for article in demuc.articles:
            snap.articles += 1
            _add_article(snap, demuc, article)
    for doc in snap.documents.values():
        _effective_events(doc)
        doc.provisions = in_article_order(doc.provisions)
    return snap


_ARTICLE_ANCHOR_RE = re.compile(r"^dieu-(\d+)([a-zđ]*)$")


def in_article_order(provisions: list[Provision]) -> list[Provision]:
    """A document's articles in their own number order, each with its clauses
    and points. The pháp điển files articles by đề mục, so one document's
    articles arrive in the order of the code (61/2018/NĐ-CP: Điều 1, 2, 3, 33–37,
    4 …), not the document's; an article without a number stays after the one
    before it."""
    groups: list[list[Provision]] = []
    for p in provisions:
        if p.kind == "article" or not groups:
            groups.append([p])
        else:
            groups[-1].append(p)
    keyed, last = [], (-1, "")
    for i, group in enumerate(groups):
        m = _ARTICLE_ANCHOR_RE.match(group[0].anchor)
        if m:
            last = (int(m.group(1)), m.group(2))
        keyed.append((last, i, group))
    return [p for _, _, group in sorted(keyed, key=lambda k: (k[0], k[1])) for p in group]


def _add_article(snap: Snapshot, demuc: phapdien.Demuc, a: phapdien.PdArticle) -> None:
    note = phapdien.parse_note(a.note) if a.note else None
    if note is None or not note.number:
        snap.skipped_notes.append(a.note or a.label)
        return
    doc = snap.documents.get(note.number)
    if doc is None:
        doc = snap.documents[note.number] = Document(note.number, note.doc_type, source=snap.label)
    place = f"{snap.label}:{demuc.file}#{a.anchor}"
    _fill(doc, note, a, place)
    field_name = f"{demuc.number} {demuc.title}".strip()
    if field_name and field_name not in doc.fields:
        doc.fields.append(field_name)
    label = note.article or a.label
    m = _ARTICLE_NO_RE.match(label)
    number = m.group(1) if m else None
    anchor = make_anchor(("dieu", number)) if number else make_anchor(("pd", a.label))
    article = Provision(anchor, label, "article", a.heading, a.text, None, place, a.label)
    doc.provisions.append(article)
    doc.citations.extend((anchor, c) for c in extract(a.text))
    if number:
        for p in structure.parse(a.text, article_only=number):
            if p.kind in ("clause", "point"):
                p.source = place
                doc.provisions.append(p)
        # the clauses and points carry their own text from here on
        article.text = structure.split_intro(a.text, number)
    for change in note.changes:
        doc.events.append(Event(change.kind, note.number,
                                Evidence(FROM_PHAPDIEN, a.note, place, change.by_number, change.by_provision),
                                change.date, None if change.date else "ngày có hiệu lực của văn bản sửa đổi chưa rõ",
                                scope=label))
    # The takes-effect events need the document's effective date, known once
    # every note has been read; final provisions are read now and dated then.
    doc.events.extend(effects.events(a.text, note.number, label, None, place))
    if _EFFECT_HEADING_RE.search(a.heading):
        eff = effects.effective_date(a.text)
        if eff is not None:
            doc.events.append(Event(TAKES_EFFECT, note.number, Evidence(FROM_TEXT, eff.quote, place, note.number, label),
                                    eff.date, eff.note))


def _fill(doc: Document, note: phapdien.PdNote, a: phapdien.PdArticle, place: str) -> None:
    """First value wins; later notes of the same document only fill gaps."""
    doc.doc_type = doc.doc_type or note.doc_type
    doc.title = doc.title or note.title
    doc.issued = doc.issued or note.issued
    doc.issuer = doc.issuer or note.issuer
    if note.effective_from and not doc.effective_from:
        doc.effective_from = note.effective_from
        doc.events.append(Event(TAKES_EFFECT, note.number, Evidence(FROM_PHAPDIEN, a.note, place, None, None),
                                note.effective_from))
    if a.item_ids and doc.vbpl_item_id is None:
        doc.vbpl_item_id = a.item_ids[0]


def _effective_events(doc: Document) -> None:
    """Date the events that take effect with the document itself."""
    for e in doc.events:
        if e.kind != TAKES_EFFECT and e.date is None and e.date_note and e.evidence.origin == FROM_TEXT:
            if doc.effective_from:
                e.date, e.date_note = doc.effective_from, None


_NOTE_ISSUED_RE = re.compile(rb"pGhiChu.{0,600}?ng\xc3\xa0y (\d{1,2})/(\d{1,2})/(\d{4}) c\xe1\xbb\xa7a", re.S)
_NAME_MONTH_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")


class ImportRefused(ValueError):
    """The release is already in the corpus, or cannot be named."""


def release_month(source: str | Path) -> str | None:
    """"YYYY-MM" of the latest issue date the release's source notes print
    ("… ngày 14/11/2025 của …"): the release holds nothing issued later, so
    it is at least that recent. None when no note prints a date."""
    import datetime as dt
    latest = None
    for _name, data in phapdien.iter_files(source):
        for m in _NOTE_ISSUED_RE.finditer(data):
            try:
                d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
            latest = d if latest is None or d > latest else latest
    return f"{latest:%Y-%m}" if latest else None


def content_digest(source: str | Path) -> str:
    """A digest of the release's đề mục files (names and bytes), whatever
    the archive's packing: the same release packed twice has one digest."""
    import hashlib
    files = sorted((Path(name).name, hashlib.sha256(data).hexdigest()) for name, data in phapdien.iter_files(source))
    return hashlib.sha256(repr(files).encode()).hexdigest()


def name_month(path: Path) -> str | None:
    """"YYYY-MM" printed in the release's file or folder name, if any."""
    for part in (path.name, path.parent.name if path.name.startswith("demuc") else ""):
        m = _NAME_MONTH_RE.search(part)
        if m and 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{m.group(2)}"
    return None


def add_to_corpus(source: Path, corpus: Path, month: str | None = None, say=None) -> tuple[Path, Path | None]:
    """Copy a snapshot (the release archive, or a folder holding it or the
    unpacked files) into ``corpus/phapdien/phapdien-YYYY-MM.tar.xz``; returns
    the new archive and the latest snapshot before it, if any.

    The month is ``month`` if given, else the one its name prints
    ("phapdien-snapshot-2026-01"), else the month of the latest issue date
    its notes print. Raises ``ImportRefused`` when the corpus already holds
    a release of that month or one with the same content."""
    import shutil
    import tarfile
    say = say or (lambda *a, **k: None)
    folder = corpus / "phapdien"
    folder.mkdir(parents=True, exist_ok=True)
    archive = source if source.is_file() else source / "demuc-html.tar.xz"
    if source.is_file() and not tarfile.is_tarfile(source):
        raise ImportRefused(f"{source}: không phải tệp nén .tar.xz của Bộ pháp điển")
    if not source.is_file() and not archive.exists() and not any(
            p.name != "index.html" for p in source.rglob("*.html")):
        raise ImportRefused(f"{source}: không có tệp đề mục .html nào")
    readable = archive if archive.exists() else source
    if month is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ImportRefused(f"tháng không hợp lệ: {month!r} (dùng YYYY-MM)")
    if month is None:
        month = name_month(archive if archive.exists() else source / "demuc-html.tar.xz")
    if month is None:
        say("đọc ngày của bản pháp điển")
        month = release_month(readable)
    if month is None:
        raise ImportRefused(f"{source}: không thấy ngày nào trong tên hay trong ghi chú; cho tháng bằng --date YYYY-MM")
    before = sorted(folder.glob("*.tar.xz"))
    target = folder / f"phapdien-{month}.tar.xz"
    if target.exists():
        raise ImportRefused(f"corpus đã có bản pháp điển {month} ({target.name}); "
                            "xoá nó trước, hoặc cho tháng khác bằng --date YYYY-MM")
    mine = content_digest(readable)
    for i, other in enumerate(before):
        say("so với các bản đã có", i + 1, len(before), other.name)
        if content_digest(other) == mine:
            raise ImportRefused(f"{source}: trùng nội dung với {other.name} đã có trong corpus; không nhập lại")
    say("chép vào corpus")
    tmp = folder / f".{target.name}.tmp"
    if source.is_file():
        shutil.copyfile(source, tmp)
    elif archive.exists():
        shutil.copyfile(archive, tmp)
    else:
        with tarfile.open(tmp, "w:xz") as tar:
            for p in sorted(source.rglob("*.html")):
                if p.name != "index.html":
                    tar.add(p, arcname=str(p.relative_to(source)))
    tmp.replace(target)
    previous = [p for p in before if p.name < target.name]
    return target, (previous[-1] if previous else None)
