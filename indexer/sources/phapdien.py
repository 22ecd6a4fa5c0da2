"""Reader of the Bộ pháp điển dump: the đề mục HTML files, as downloaded.

Accepts the release archive (``demuc-html.tar.xz``) or a folder of the
unpacked files. Empty placeholder files of the release are skipped.
"""
from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Iterator

import lxml.html


def iter_files(source: str | Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each non-empty đề mục HTML file."""
    source = Path(source)
    if source.is_dir():
        archive = source / "demuc-html.tar.xz"
        if archive.exists():
            yield from iter_files(archive)
            return
        for path in sorted(source.rglob("*.html")):
            if path.name != "index.html":
                data = path.read_bytes()
                if data.strip():
                    yield str(path.relative_to(source)), data
        return
    with tarfile.open(source) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".html"):
                data = tar.extractfile(member).read()
                if data.strip():
                    yield member.name, data


def html_text(data: bytes) -> str:
    """Plain text of one đề mục file (page chrome included; it is short)."""
    doc = lxml.html.fromstring(data.decode("utf-8-sig", errors="replace"))
    return doc.text_content()


def iter_texts(source: str | Path) -> Iterator[tuple[str, str]]:
    for name, data in iter_files(source):
        yield name, html_text(data)


# --- one đề mục file -------------------------------------------------------

import re  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from kb.text import nfc, squash_spaces  # noqa: E402

_ITEM_ID_RE = re.compile(r"ItemID=(\d+)(?:#(\w+))?")
_CROSSREF_RE = re.compile(r"ViewNoiDungPhapDien\('(\d+)'\)")
_DEMUC_RE = re.compile(r"Đề mục\s+(?P<number>[\d.]+)\s*(?P<title>[^(]*)", re.S)


@dataclass
class PdArticle:
    """One article as the pháp điển prints it: heading, source note, text."""

    anchor: str               # the file's <a name> for the article
    label: str                # "Điều 28.3.LQ.1."
    heading: str              # "Phạm vi điều chỉnh"
    note: str                 # "(Điều 1 Luật số 15/2017/QH14 … có hiệu lực thi hành kể từ ngày 01/01/2018 )"
    item_ids: list[int]       # vbpl ItemIDs linked from the note, in order
    text: str                 # the article's text, one line per paragraph
    chapter: str = ""         # the đề mục's chapter it is filed under
    crossrefs: list[str] = field(default_factory=list)   # anchors of related articles


@dataclass
class Demuc:
    file: str
    number: str               # "28.3"
    title: str                # "Quản lý, sử dụng tài sản công"
    articles: list[PdArticle]


# Articles are split on the raw markup: the content of an article is
# arbitrary (often broken) Word HTML, which an HTML parser re-nests, so
# walking one parsed tree loses articles.
_BLOCK_SPLIT_RE = re.compile(r"(?=<p class='(?:pDieu|pChuong)'>)")


def parse_demuc(name: str, data: bytes) -> Demuc:
    """Articles of one đề mục file, in order."""
    html = data.decode("utf-8-sig", errors="replace")
    chunks = _BLOCK_SPLIT_RE.split(html)
    head = squash_spaces(nfc(lxml.html.fromstring(chunks[0]).text_content())) if chunks[0].strip() else ""
    m = _DEMUC_RE.search(head)
    number, title = (m.group("number"), m.group("title").strip()) if m else ("", head)
    articles: list[PdArticle] = []
    chapter_parts: list[str] = []
    after_article = False
    for chunk in chunks[1:]:
        if chunk.startswith("<p class='pChuong'>"):
            if after_article:
                chapter_parts, after_article = [], False
            chapter_parts.append(_text(lxml.html.fragment_fromstring(chunk, create_parent="div")))
            continue
        articles.append(_article(chunk, " ".join(chapter_parts)))
        after_article = True
    return Demuc(name, number, title, articles)


def _article(chunk: str, chapter: str) -> PdArticle:
    root = lxml.html.fragment_fromstring(chunk, create_parent="div")
    heading_el = root.find("p[@class='pDieu']")
    anchor_el = heading_el.find(".//a[@name]") if heading_el is not None else None
    m = _LABEL_RE.match(_text(heading_el)) if heading_el is not None else None
    label = re.sub(r"\s*\.\s*", ".", m.group(1)).replace("Điều.", "Điều ") if m else ""
    article = PdArticle(anchor_el.get("name") if anchor_el is not None else "", label,
                        m.group(2).strip() if m else "", "", [], "", chapter)
    body: list[str] = []
    for el in root:
        cls = el.get("class")
        if cls == "pDieu":
            continue
        if cls == "pGhiChu":
            article.note = _text(el)
            markup = lxml.html.tostring(el, encoding="unicode")
            article.item_ids = [int(i) for i, _ in _ITEM_ID_RE.findall(markup)]
        elif cls == "pChiDan":
            article.crossrefs = _CROSSREF_RE.findall(lxml.html.tostring(el, encoding="unicode"))
        else:
            body.extend(_lines(el))
    article.text = "\n".join(body)
    return article


# "Điều 18.2.NĐ.1.88. Hiệu lực thi hành" (spaces may split the code)
_LABEL_RE = re.compile(r"^(Điều\s+(?:\d+\s*\.\s*)+[A-ZĐ]+\s*\.\s*(?:\d+[a-z]?\s*\.(?:\s*(?=\d))?)+)\s*(.*)$", re.S)


def _text(el) -> str:
    return squash_spaces(nfc(el.text_content()))


def _lines(el) -> list[str]:
    """Paragraph lines of a content element (its own <p>/<div> children)."""
    blocks = [b for b in el.iter("p", "div", "li", "tr") if b is not el]
    if not blocks:
        t = _text(el)
        return [t] if t else []
    out = []
    for b in blocks:
        if any(True for _ in b.iter("p", "div", "li", "tr") if _ is not b):
            continue    # a container: its children are listed themselves
        t = _text(b)
        if t:
            out.append(t)
    return out


def iter_demuc(source: str | Path) -> Iterator[Demuc]:
    for name, data in iter_files(source):
        yield parse_demuc(name, data)


# --- the source note of an article ---------------------------------------

from kb import dates as _dates  # noqa: E402
from kb.citations import find as _find  # noqa: E402
from kb.model import AMENDS, REPEALS_PART, SUSPENDS  # noqa: E402

_NOTE_ARTICLE_RE = re.compile(r"^\(+\s*(?:Điều|Điểm|Khoản|Mục|Chương)\s+([\w.,\s]+?)\s+(?=\S+\s)")
_NOTE_EFFECTIVE_RE = re.compile(rf"có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+(?P<date>{_dates.DATE})")
# The issuer is what follows the last "của" after the date: a title may say
# "của" itself ("cơ chế tự chủ của đơn vị sự nghiệp công lập ngày … của Chính phủ").
_NOTE_TITLE_RE = re.compile(
    rf"^\s*(?P<title>.*?)\s*(?:ngày\s+(?P<date>{_dates.DATE})\s*)?(?:của\s+(?P<issuer>(?:(?!ngày\s)[^,()])+?)\s*)?,\s*có hiệu lực",
    re.S)
# "có nội dung được sửa đổi, có nội dung bị bãi bỏ bởi Điều 1 Nghị định số 80/2016/NĐ-CP …"
_NOTE_CHANGE_RE = re.compile(r"có nội dung (?P<verbs>.*?)\s+bởi\s+(?P<rest>.*)$", re.S)
_VERB_KINDS = [("bãi bỏ", REPEALS_PART), ("đình chỉ", SUSPENDS), ("ngưng hiệu lực", SUSPENDS),
               ("sửa đổi", AMENDS), ("bổ sung", AMENDS), ("thay thế", AMENDS)]


@dataclass
class NoteChange:
    kind: str                 # amends, repeals_part, suspends
    by_number: str
    by_provision: str | None
    date: object              # datetime.date | None
    verbs: str                # as printed: "được sửa đổi, có nội dung bị bãi bỏ"


@dataclass
class PdNote:
    article: str | None       # "Điều 88" of the source document
    number: str | None
    doc_type: str | None
    title: str | None
    issued: object
    issuer: str | None
    effective_from: object
    changes: list[NoteChange]


def parse_note(note: str) -> PdNote | None:
    """What a pháp điển source note says of the article's source document."""
    cites = _find(note)
    if not cites or cites[0].kind != "full":
        return None
    src = cites[0]
    m = _NOTE_ARTICLE_RE.match(note)
    article = f"Điều {m.group(1).strip(' ,')}" if m and note.lstrip("( ").startswith("Điều") else None
    head, _, tail = note[src.end:].partition("có nội dung")
    eff = _NOTE_EFFECTIVE_RE.search(head)
    tm = _NOTE_TITLE_RE.match(note[src.end:])
    title = tm.group("title").strip(" ,") if tm else None
    issued = src.issued or (_dates.parse(tm.group("date")) if tm and tm.group("date") else None)
    issuer = src.issuer or (squash_spaces(tm.group("issuer")) if tm and tm.group("issuer") else None)
    changes = _changes("có nội dung" + tail, cites[1:]) if tail else []
    return PdNote(article, src.number, src.doc_type, title or None, issued, issuer,
                  _dates.parse(eff.group("date")) if eff else None, changes)


def _changes(text: str, cites) -> list[NoteChange]:
    m = _NOTE_CHANGE_RE.search(text)
    if not m:
        return []
    verbs = squash_spaces(m.group("verbs"))
    kinds = {kind for word, kind in _VERB_KINDS if word in verbs}
    out = []
    rest = m.group("rest")
    acting = [c for c in _find(rest) if c.kind == "full"]
    for i, c in enumerate(acting):
        upto = acting[i + 1].start if i + 1 < len(acting) else len(rest)
        eff = _NOTE_EFFECTIVE_RE.search(rest, c.end, upto)
        for kind in sorted(kinds):
            out.append(NoteChange(kind, c.number, c.pinpoint, _dates.parse(eff.group("date")) if eff else None, verbs))
    return out
