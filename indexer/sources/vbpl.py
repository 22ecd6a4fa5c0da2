"""Reader of vbpl.vn pages: full text, properties, history, related documents.

vbpl.vn (Cơ sở dữ liệu quốc gia về văn bản pháp luật) shows one document
on four tabs, each a SharePoint page full of menus, scripts and dialogs:

==================  ===========================  =====================
tab                 URL                          function
==================  ===========================  =====================
Toàn văn            ``vbpq-toanvan.aspx``        ``read_fulltext``
Thuộc tính          ``vbpq-thuoctinh.aspx``      ``read_properties``
Lịch sử             ``vbpq-lichsu.aspx``         ``read_history``
VB liên quan        ``vbpq-vanbanlienquan.aspx`` ``read_related``
==================  ===========================  =====================

Each function takes the page's bytes and reads only its own block
(``div.vbProperties``, ``div.vbLienQuan``, ``div#toanvancontent``); the
page chrome is ignored. Values are kept as printed (NFC, whitespace
squashed); numbers are normalised with ``kb.numbers.normalise`` next to
the printed form, dates are read with ``kb.dates.parse`` (None for "Đang
cập nhật", "..." or nothing). A page that lacks the block asked for (a
history page given to ``read_related``, a document without a history)
gives an empty result, never an exception; ``UnreadableInput`` is raised
only when the bytes are not an HTML page at all.

These are imported records (docs/ARCHITECTURE.md, Status and provenance): what vbpl
*says*, to be weighed against the documents' own text, never a verdict.
In particular ``status`` is vbpl's value exactly as printed.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from indexer.sources import Paragraph, SourceText, UnreadableInput
from kb import dates, numbers
from kb.citations import find
from kb.model import AMENDS, REPEALS, REPLACES, SUSPENDS, TAKES_EFFECT
from kb.text import fold

# --- relation codes (docs/ARCHITECTURE.md, Glossary) ---------------------------------

BASIS = "basis"
GUIDES = "guides"
DETAILS = "details"
AMENDS_REL = "amends"
REPLACES_REL = "replaces"
REPEALS_REL = "repeals"
SUSPENDS_REL = "suspends"
CORRECTS = "corrects"
CITES = "cites"
RELATION_CODES = (BASIS, GUIDES, DETAILS, AMENDS_REL, REPLACES_REL, REPEALS_REL,
                  SUSPENDS_REL, CORRECTS, CITES)

# Direction of a relation between the page's document ("this") and a
# listed one. The relation reads "<subject> <code> <object>", the subject
# being the document that acts (whose text says "căn cứ", "hướng dẫn",
# "thay thế" …):
#   OUTGOING: this → listed ("Văn bản được hướng dẫn": this guides the listed one;
#             "Văn bản căn cứ": this is based on the listed one;
#             "Văn bản bị thay thế": this replaces the listed one);
#   INCOMING: listed → this ("Văn bản hướng dẫn": the listed one guides this;
#             "Văn bản thay thế": the listed one replaces this).
OUTGOING = "outgoing"
INCOMING = "incoming"


# --- results -------------------------------------------------------------

@dataclass(frozen=True)
class VbplSignature:
    """One row of "Cơ quan ban hành/ Chức danh / Người ký"."""

    issuer: str | None
    title: str | None          # chức danh: "Chủ tịch Quốc hội"
    name: str | None           # người ký: "Lê Quang Đạo"


@dataclass
class VbplProperties:
    """The "Thuộc tính" tab. Empty (all None) when the page has no properties table."""

    item_id: int | None = None
    url: str | None = None
    number: str | None = None            # normalised số ký hiệu
    number_printed: str | None = None
    doc_type: str | None = None
    title: str | None = None             # trích yếu
    issuer: str | None = None            # cơ quan ban hành ("; " between joint issuers)
    signer: str | None = None            # người ký (first signature)
    signer_title: str | None = None      # chức danh of that signer
    signatures: list[VbplSignature] = field(default_factory=list)
    issued: _dt.date | None = None
    effective_from: _dt.date | None = None
    effective_until: _dt.date | None = None
    status: str | None = None            # tình trạng hiệu lực, exactly as printed
    expiry_reason: str | None = None     # "Lý do hết hiệu lực" / "Lí do hết hiệu lực"
    partial_expiry_reason: str | None = None   # "Lý do hết hiệu lực 1 phần"
    expired_part: str | None = None      # "Phần hết hiệu lực"
    scope: list[str] = field(default_factory=list)     # "Phạm vi": territorial ("Toàn quốc")
    sectors: list[str] = field(default_factory=list)   # "Ngành"
    fields: list[str] = field(default_factory=list)    # "Lĩnh vực"
    collected_from: str | None = None    # "Nguồn thu thập", as printed
    gazette: str | None = None           # the same, when it names a Công báo issue
    gazette_date: _dt.date | None = None  # "Ngày đăng công báo"
    application_info: str | None = None  # "Thông tin áp dụng"
    info: dict[str, str] = field(default_factory=dict)   # the box above the table (vbInfo)
    raw: dict[str, str] = field(default_factory=dict)    # every label → value of the table


@dataclass
class VbplHistoryEntry:
    """One row of the "Lịch sử hiệu lực" table."""

    date: _dt.date | None
    date_printed: str
    kind: str                            # "Trạng thái" as printed: "Văn bản có hiệu lực"
    event_kind: str | None = None        # kb.model event kind, when the printed kind says it for sure
    number: str | None = None            # acting document ("Văn bản nguồn"), normalised
    number_printed: str | None = None
    item_id: int | None = None           # its vbpl ItemID
    part: str | None = None              # "Phần hết hiệu lực", when filled
    evidence: str = ""                   # the row as printed, cells joined by " | "


@dataclass
class VbplRelation:
    """One document listed on the "VB liên quan" tab under a heading."""

    heading: str                         # as printed: "Văn bản căn cứ"
    code: str | None                     # RELATION_CODES, when the heading says it for sure
    direction: str | None                # OUTGOING, INCOMING, or None when the heading does not say
    partial: bool = False                # "1 phần" / "một phần"
    ends_validity: bool = False          # a "hết hiệu lực" heading (how it ended is not said)
    number: str | None = None            # normalised số ký hiệu of the listed document
    number_printed: str | None = None    # "Không số" is kept as printed, number None
    doc_type: str | None = None
    title: str | None = None             # trích yếu, after type and number
    link_text: str = ""                  # the link as printed: "<type> <number> <title>"
    item_id: int | None = None
    issued: _dt.date | None = None
    effective_from: _dt.date | None = None
    info: dict[str, str] = field(default_factory=dict)   # "Ngày ban hành", "Ngày có hiệu lực" …

    def edge(self, this: str) -> tuple[str, str | None, str] | None:
        """(subject, code, object) with ``this`` standing for the page's document.

        The listed document is named by its number, else "vbpl:<ItemID>",
        else its link text. None when the direction is not known.
        """
        other = self.number or (f"vbpl:{self.item_id}" if self.item_id else self.link_text)
        if self.direction == OUTGOING:
            return this, self.code, other
        if self.direction == INCOMING:
            return other, self.code, this
        return None


# --- relation headings -----------------------------------------------------

# Folded heading (without "văn bản", "một phần" written "1 phần") →
# (code, direction, ends_validity). vbpl names each group by the role of
# the *listed* document: a passive heading ("được …", "bị …", "hết hiệu
# lực") means this document does it to the listed one; an active heading
# ("hướng dẫn", "thay thế", "quy định hết hiệu lực") means the listed one
# does it to this one. "Văn bản căn cứ" lists the documents this one is
# based on (on the 2315 page: the 1980 Constitution for the 1989 law).
# Only mappings that are certain carry a code: "hết hiệu lực" does not say
# whether by replacement, repeal or end of term; "HD, QĐ chi tiết" does not
# say guides or details; "dẫn chiếu" does not say who cites whom.
_HEADINGS: dict[str, tuple[str | None, str | None, bool]] = {
    # this → listed
    "can cu": (BASIS, OUTGOING, False),
    "duoc can cu": (BASIS, OUTGOING, False),
    "duoc dan chieu": (CITES, OUTGOING, False),
    "duoc huong dan": (GUIDES, OUTGOING, False),
    "duoc quy dinh chi tiet": (DETAILS, OUTGOING, False),
    "duoc hd qd chi tiet": (None, OUTGOING, False),
    "duoc sua doi": (AMENDS_REL, OUTGOING, False),
    "duoc bo sung": (AMENDS_REL, OUTGOING, False),
    "duoc sua doi bo sung": (AMENDS_REL, OUTGOING, False),
    "bi sua doi": (AMENDS_REL, OUTGOING, False),
    "bi sua doi bo sung": (AMENDS_REL, OUTGOING, False),
    "bi thay the": (REPLACES_REL, OUTGOING, False),
    "bi bai bo": (REPEALS_REL, OUTGOING, False),
    "bi dinh chi": (SUSPENDS_REL, OUTGOING, False),
    "bi ngung hieu luc": (SUSPENDS_REL, OUTGOING, False),
    "bi dinh chinh": (CORRECTS, OUTGOING, False),
    "duoc dinh chinh": (CORRECTS, OUTGOING, False),
    "het hieu luc": (None, OUTGOING, True),
    "bi het hieu luc": (None, OUTGOING, True),
    "bi quy dinh het hieu luc": (None, OUTGOING, True),
    "duoc hop nhat": (None, OUTGOING, False),
    # listed → this
    "huong dan": (GUIDES, INCOMING, False),
    "quy dinh chi tiet": (DETAILS, INCOMING, False),
    "hd qd chi tiet": (None, INCOMING, False),
    "sua doi": (AMENDS_REL, INCOMING, False),
    "bo sung": (AMENDS_REL, INCOMING, False),
    "sua doi bo sung": (AMENDS_REL, INCOMING, False),
    "thay the": (REPLACES_REL, INCOMING, False),
    "bai bo": (REPEALS_REL, INCOMING, False),
    "dinh chi": (SUSPENDS_REL, INCOMING, False),
    "ngung hieu luc": (SUSPENDS_REL, INCOMING, False),
    "dinh chinh": (CORRECTS, INCOMING, False),
    "quy dinh het hieu luc": (None, INCOMING, True),
    "hop nhat": (None, INCOMING, False),
    # direction not said
    "dan chieu": (CITES, None, False),
}

_PARTIAL_RE = re.compile(r"\s(?:1|mot)\s+phan$")


def relation_for_heading(heading: str) -> tuple[str | None, str | None, bool, bool]:
    """(code, direction, partial, ends_validity) of a printed heading.

    >>> relation_for_heading("Văn bản bị thay thế")
    ('replaces', 'outgoing', False, False)
    >>> relation_for_heading("Văn bản thay thế")
    ('replaces', 'incoming', False, False)
    >>> relation_for_heading("Văn bản quy định hết hiệu lực 1 phần")
    (None, 'incoming', True, True)
    """
    key = fold(heading)
    key = re.sub(r"^van ban\s+", "", key)
    partial = bool(_PARTIAL_RE.search(key))
    key = _PARTIAL_RE.sub("", key)
    code, direction, ends = _HEADINGS.get(key, (None, None, False))
    return code, direction, partial, ends


# --- history kinds -----------------------------------------------------------

def _event_kind(kind: str) -> str | None:
    """kb.model event kind of a printed history "Trạng thái", only when certain.

    "hết hiệu lực" alone says the document lost force, not why (end of
    term, replacement, repeal): it maps to nothing.
    """
    k = fold(kind)
    if "mot phan" in k or "1 phan" in k:
        return None
    if re.search(r"\bco hieu luc\b", k) and "het" not in k and "chua" not in k:
        return TAKES_EFFECT
    if "sua doi" in k or "bo sung" in k:
        return AMENDS
    if "thay the" in k:
        return REPLACES
    if "bai bo" in k:
        return REPEALS
    if "dinh chi" in k and "dinh chinh" not in k or "ngung hieu luc" in k:
        return SUSPENDS
    return None


# --- HTML plumbing -------------------------------------------------------------

_HTML_SIGN_RE = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|table|tr|td|p|span|a|ul|li|font|br)\b", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_ITEM_ID_RE = re.compile(r"[?&]ItemID=(\d+)", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "object", "embed", "iframe")


def _parse(data: bytes) -> lxml.html.HtmlElement:
    """The page's tree, comments, scripts and styles removed."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise UnreadableInput(f"vbpl: cần bytes, nhận {type(data).__name__} (expected bytes)")
    data = bytes(data)
    if not data.strip():
        raise UnreadableInput("vbpl: tệp rỗng, không phải trang HTML (empty input)")
    if data.startswith(b"%PDF"):
        raise UnreadableInput("vbpl: tệp PDF, không phải trang HTML (not an HTML page)")
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableInput("vbpl: tệp nén/.docx, không phải trang HTML (not an HTML page)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableInput("vbpl: tệp .doc (OLE), không phải trang HTML (not an HTML page)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableInput("vbpl: UTF-16 hỏng, không đọc được (broken UTF-16)") from None
    if b"\x00" in data[:8192]:
        raise UnreadableInput("vbpl: tệp nhị phân, không phải trang HTML (binary file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        m = _CHARSET_RE.search(data[:4096])
        try:
            text = data.decode(m.group(1).decode("ascii")) if m else None
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is None:
            raise UnreadableInput("vbpl: không phải UTF-8 và không khai báo bảng mã dùng được "
                                  "(not UTF-8, no usable charset)") from None
    if not _HTML_SIGN_RE.search(text):
        raise UnreadableInput("vbpl: không có thẻ HTML nào, không phải trang HTML (not an HTML page)")
    text = _XML_DECL_RE.sub("", text)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as e:
        raise UnreadableInput(f"vbpl: không đọc được HTML ({e})") from None
    for el in [el for el in doc.iter(*_DROP_TAGS)]:
        el.drop_tree()
    return doc


def _clean(s: str | None) -> str:
    """NFC, whitespace squashed (HTML rendering), non-breaking spaces as spaces."""
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFC", s).split())


def _text(el) -> str:
    return _clean(el.text_content()) if el is not None else ""


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _has_class(el, name: str) -> bool:
    return name in _classes(el)


def _item_id_of(href: str | None) -> int | None:
    m = _ITEM_ID_RE.search(href or "")
    return int(m.group(1)) if m else None


def _page_item_id(doc) -> tuple[int | None, str | None]:
    """ItemID of the page's own document, and the page URL when printed.

    Read from the canonical link, the form action or the tab links, never
    from links to other documents.
    """
    for link in doc.xpath("//link[@rel='canonical'][@href]"):
        item = _item_id_of(link.get("href"))
        if item:
            return item, link.get("href")
    for form in doc.xpath("//form[@action]"):
        item = _item_id_of(form.get("action"))
        if item:
            return item, None
    for a in doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' box-tab-vb ')]"
                       "/div[contains(concat(' ', normalize-space(@class), ' '), ' header ')]//a[@href]"):
        item = _item_id_of(a.get("href"))
        if item:
            return item, None
    return None, None


def _by_class(root, tag: str, cls: str) -> list:
    return root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def _rows(table) -> list:
    return table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")


def _cells(tr) -> list:
    return tr.xpath("./td|./th")


def _date(value: str | None) -> _dt.date | None:
    return dates.parse(value) if value else None


def _none_if_empty(value: str | None) -> str | None:
    value = _clean(value)
    if not value or value in {"...", "…", "-"} or fold(value) == "dang cap nhat":
        return None
    return value


def _info_box(root) -> dict[str, str]:
    """The "Hiệu lực: …", "Ngày có hiệu lực: …" box above each tab (div.vbInfo)."""
    out: dict[str, str] = {}
    for box in _by_class(root, "div", "vbInfo"):
        for li in box.xpath(".//li"):
            span = li.find("span")
            if span is None:
                continue
            label = _text(span).rstrip(":").strip()
            value = _clean(_text(li)[len(_text(span)):])
            if label:
                out.setdefault(label, value)
    return out


# --- document titles in listings -------------------------------------------------

# Loại văn bản as vbpl prints them before a number, longest first.
_VBPL_TYPES = sorted([
    "Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh", "Lệnh", "Sắc lệnh", "Sắc luật",
    "Nghị quyết liên tịch", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị",
    "Thông tư liên tịch", "Thông tư", "Văn bản hợp nhất", "Điều ước quốc tế",
    "Thông báo", "Công văn", "Kế hoạch", "Hướng dẫn", "Chương trình", "Văn bản khác",
], key=len, reverse=True)
_NO_NUMBER_RE = re.compile(r"^(?:Không số|Không có số)\b", re.I)


def split_listing_title(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    """"<type> <number> <trích yếu>" → (doc_type, number, number_printed, title).

    vbpl prints a listed document as "Luật 21-LCT/HDNN8 Bảo vệ sức khoẻ
    nhân dân" or "Hiến pháp Không số Hiến pháp năm 1980"; a number that
    does not parse stays in the title and both number fields are None,
    except "Không số", kept as printed with number None.
    """
    text = _clean(text)
    rest = text
    doc_type = None
    low = text.casefold()
    for t in _VBPL_TYPES:
        if low.startswith(t.casefold()) and (len(text) == len(t) or text[len(t)] == " "):
            doc_type, rest = text[:len(t)], text[len(t):].strip()
            break
    m = _NO_NUMBER_RE.match(rest)
    if m:
        return doc_type, None, m.group(0), rest[m.end():].strip() or None
    token, _, after = rest.partition(" ")
    number = numbers.normalise(token) if token else None
    if number:
        return doc_type, number, token, after.strip() or None
    return doc_type, None, None, rest or None


# --- properties ------------------------------------------------------------------

_PROPERTY_LABELS = {
    "so ky hieu", "ngay ban hanh", "loai van ban", "ngay co hieu luc", "nguon thu thap",
    "ngay dang cong bao", "nganh", "linh vuc", "pham vi", "ngay het hieu luc",
    "ly do het hieu luc", "li do het hieu luc", "co quan ban hanh chuc danh nguoi ky",
}
_SIGNATURE_LABEL = "co quan ban hanh"


def _properties_table(doc):
    for table in doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' vbProperties ')]//table"):
        for td in _by_class(table, "td", "label"):
            if fold(_text(td)) in _PROPERTY_LABELS:
                return table
    return None


def _value(cell) -> tuple[str, list[str]]:
    """A value cell: its text, and its list items when it is a list."""
    items = [t for t in (_text(li) for li in cell.xpath(".//li")) if t]
    if items or cell.xpath(".//ul|.//ol"):
        return "; ".join(items), items
    return _text(cell), []


def read_properties(data: bytes) -> VbplProperties:
    """The "Thuộc tính" page of one document."""
    doc = _parse(data)
    props = VbplProperties()
    props.item_id, props.url = _page_item_id(doc)
    props.info = _info_box(doc)
    table = _properties_table(doc)
    if table is None:
        return props

    raw: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    signatures: list[VbplSignature] = []
    signature_label = None
    pending_signature_rows = 0

    def add_signature(cells) -> None:
        texts = [_none_if_empty(_text(c)) for c in cells[:3]] + [None, None, None]
        signatures.append(VbplSignature(*texts[:3]))

    for tr in _rows(table):
        cells = _cells(tr)
        if not cells:
            continue
        labels = [c for c in cells if _has_class(c, "label")]
        if pending_signature_rows and not labels:
            pending_signature_rows -= 1
            add_signature(cells)
            continue
        if len(cells) == 1 and not labels:
            cell = cells[0]
            text = _text(cell)
            heading = cell.xpath("./p[1]/strong|./p[1]/b|./strong|./b")
            if _has_class(cell, "title"):
                label, sep, value = text.partition(":")
                if sep and fold(label) in {"tinh trang hieu luc", "hieu luc"}:
                    raw[_clean(label)] = _clean(value)
                elif props.title is None:
                    props.title = text or None
                elif text:
                    raw.setdefault(text, "")        # a heading row with no value
            elif heading:
                label = _text(heading[0])
                raw[label] = _clean(text[len(label):]) if text.startswith(label) else text
            continue
        i = 0
        while i < len(cells):
            cell = cells[i]
            if not _has_class(cell, "label"):
                i += 1
                continue
            label = _text(cell).rstrip(":").strip()
            if fold(label).startswith(_SIGNATURE_LABEL):
                signature_label = label
                add_signature(cells[i + 1:i + 4])
                try:
                    pending_signature_rows = max(0, int(cell.get("rowspan") or 1) - 1)
                except ValueError:
                    pending_signature_rows = 0
                i += 4
                continue
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            if nxt is None or _has_class(nxt, "label"):
                raw.setdefault(label, "")
                i += 1
                continue
            text, items = _value(nxt)
            raw[label] = text
            lists[label] = items
            i += 2

    if signature_label is not None:
        raw[signature_label] = "; ".join(
            " / ".join(x or "" for x in (s.issuer, s.title, s.name)) for s in signatures)

    def get(*keys: str) -> tuple[str | None, str | None]:
        for label, value in raw.items():
            if fold(label) in keys:
                return label, value
        return None, None

    _, printed = get("so ky hieu")
    props.number_printed = _none_if_empty(printed)
    props.number = numbers.normalise(props.number_printed) if props.number_printed else None
    props.doc_type = _none_if_empty(get("loai van ban")[1])
    props.issued = _date(get("ngay ban hanh")[1])
    props.effective_from = _date(get("ngay co hieu luc")[1])
    props.effective_until = _date(get("ngay het hieu luc")[1])
    props.gazette_date = _date(get("ngay dang cong bao")[1])
    props.collected_from = _none_if_empty(get("nguon thu thap")[1])
    if props.collected_from and "cong bao" in fold(props.collected_from):
        props.gazette = props.collected_from
    props.expiry_reason = _none_if_empty(get("ly do het hieu luc", "li do het hieu luc")[1])
    props.partial_expiry_reason = _none_if_empty(
        get("ly do het hieu luc 1 phan", "li do het hieu luc 1 phan",
            "ly do het hieu luc mot phan", "li do het hieu luc mot phan")[1])
    props.expired_part = _none_if_empty(get("phan het hieu luc")[1])
    props.application_info = _none_if_empty(get("thong tin ap dung")[1])
    for attr, key in (("scope", "pham vi"), ("sectors", "nganh"), ("fields", "linh vuc")):
        label, value = get(key)
        if label is not None:
            setattr(props, attr, lists.get(label) or ([value] if _none_if_empty(value) else []))
    status = get("tinh trang hieu luc")[1] or props.info.get("Hiệu lực")
    props.status = _none_if_empty(status)

    props.signatures = signatures
    issuers = list(dict.fromkeys(s.issuer for s in signatures if s.issuer))
    props.issuer = "; ".join(issuers) or None
    if signatures:
        props.signer = signatures[0].name
        props.signer_title = signatures[0].title
    props.raw = raw
    return props


# --- history ---------------------------------------------------------------------

def read_history(data: bytes) -> list[VbplHistoryEntry]:
    """The rows of the "Lịch sử hiệu lực" table, in page order."""
    doc = _parse(data)
    out: list[VbplHistoryEntry] = []
    for table in doc.xpath("//table"):
        columns = None
        for tr in _rows(table):
            cells = _cells(tr)
            texts = [_text(c) for c in cells]
            keys = [fold(t) for t in texts]
            if columns is None:
                if "ngay" in keys and "trang thai" in keys:
                    columns = {k: i for i, k in enumerate(keys)}
                continue
            if len(cells) < 2 or not any(texts):
                continue
            entry = _history_entry(cells, texts, columns)
            if entry is not None:
                out.append(entry)
        if columns is not None:
            break
    return out


def _history_entry(cells, texts, columns) -> VbplHistoryEntry | None:
    def col(name: str):
        i = columns.get(name)
        return (cells[i], texts[i]) if i is not None and i < len(cells) else (None, "")

    _, date_printed = col("ngay")
    _, kind = col("trang thai")
    if not kind and not date_printed:
        return None
    source_cell, source_text = col("van ban nguon")
    _, part = col("phan het hieu luc")
    number_printed = item_id = None
    if source_cell is not None:
        for a in source_cell.xpath(".//a"):
            number_printed = _clean(a.get("title")) or _text(a) or None
            item_id = _item_id_of(a.get("href")) or _item_id_of(a.get("rel"))
            break
        if number_printed is None and source_text:
            number_printed = source_text
    number = numbers.normalise(number_printed) if number_printed else None
    if number is None:
        # a row that names its acting document in words: "… bởi Luật số 35/2018/QH14"
        for text in (number_printed or "", kind):
            full = [c for c in find(text) if c.number]
            if full:
                number = full[0].number
                number_printed = number_printed or full[0].text
                break
    return VbplHistoryEntry(
        date=_date(date_printed),
        date_printed=date_printed,
        kind=kind,
        event_kind=_event_kind(kind),
        number=number,
        number_printed=number_printed,
        item_id=item_id,
        part=_none_if_empty(part),
        evidence=" | ".join(t for t in texts if t),
    )


# --- related documents --------------------------------------------------------------

def read_related(data: bytes) -> list[VbplRelation]:
    """Every document of the "VB liên quan" tab, under its heading, in page order."""
    doc = _parse(data)
    out: list[VbplRelation] = []
    for block in _by_class(doc, "div", "vbLienQuan"):
        for table in block.xpath(".//table"):
            for tr in _rows(table):
                cells = _cells(tr)
                if len(cells) < 2:
                    continue        # "Nội dung đang cập nhật."
                heading = _text(cells[0])
                items = _by_class(cells[1], "ul", "listVB")
                if not heading or not items:
                    continue
                code, direction, partial, ends = relation_for_heading(heading)
                for li in items[0].xpath("./li"):
                    rel = _related_item(li)
                    if rel is None:
                        continue
                    rel.heading, rel.code, rel.direction = heading, code, direction
                    rel.partial, rel.ends_validity = partial, ends
                    out.append(rel)
    return out


def _related_item(li) -> VbplRelation | None:
    titles = _by_class(li, "p", "title")
    holder = titles[0] if titles else li
    link = holder.xpath(".//a[@href]")
    link_text = _text(link[0]) if link else _text(holder)
    if not link_text:
        return None
    doc_type, number, number_printed, title = split_listing_title(link_text)
    info: dict[str, str] = {}
    for ul in _by_class(li, "ul", "info"):
        for item in ul.xpath("./li"):
            span = item.find("span")
            if span is None:
                continue
            label = _text(span).rstrip(":").strip()
            info[label] = _clean(_text(item)[len(_text(span)):])
    get = {fold(k): v for k, v in info.items()}.get
    return VbplRelation(
        heading="", code=None, direction=None,
        number=number, number_printed=number_printed, doc_type=doc_type, title=title,
        link_text=link_text,
        item_id=_item_id_of(link[0].get("href")) if link else None,
        issued=_date(get("ngay ban hanh")),
        effective_from=_date(get("ngay co hieu luc")),
        info=info,
    )


# --- full text --------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "center", "section", "article", "header", "footer", "pre", "form", "hr", "br",
    "address", "fieldset",
}
_BOLD_TAGS = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"}
_CHROME_CLASSES = {"vbInfo", "vbFile", "vbLienQuan", "header", "bottom", "box-map", "fileAttack"}

HEADER, BODY, SIGNATURE = "header", "body", "signature"


def _lines(root) -> list[tuple[str, bool]]:
    """(line, bold) for each paragraph under ``root``: blocks break lines, inline runs join."""
    lines: list[list[tuple[str, bool]]] = [[]]

    def newline():
        if lines[-1]:
            lines.append([])

    def walk(el, bold: bool):
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:                     # a comment or PI left by the parser
            if el.tail:
                lines[-1].append((el.tail, bold))
            return
        tag = tag.lower()
        chrome = _classes(el) & _CHROME_CLASSES or (el.get("id") or "").startswith("divShowDialogDownload")
        if not chrome:
            block = tag in _BLOCK_TAGS
            b = bold or tag in _BOLD_TAGS
            if block:
                newline()
            if el.text:
                lines[-1].append((el.text, b))
            for child in el:
                walk(child, b)
            if block:
                newline()
        if el.tail:
            lines[-1].append((el.tail, bold))

    walk(root, False)
    out = []
    for segs in lines:
        line = _clean("".join(t for t, _ in segs))
        if line:
            bold = all(b for t, b in segs if t.strip())
            out.append((line, bold))
    return out


_SO_LINE_RE = re.compile(r"^Số\s*:?\s*(?P<n>\S.*)$")
_PLACE_DATE_RE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\b", re.I)
_SIGNED_RE = re.compile(r"^\(?\s*đã\s+ký", re.I)


def read_fulltext(data: bytes) -> SourceText:
    """The text of the "Toàn văn" page: header block, body, signature; one line a paragraph.

    Paragraph styles say where a line came from: "header" (the issuer,
    number, national motto and place-and-date block vbpl prints above the
    text), "body" (div#toanvancontent) or "signature" (the signer block
    below it). A page without a text (a PDF-only document, another tab)
    gives an empty text, with whatever meta the page carries.
    """
    doc = _parse(data)
    meta: dict = {"source": "vbpl"}
    item_id, url = _page_item_id(doc)
    if item_id is not None:
        meta["item_id"] = item_id
    if url:
        meta["url"] = url
    crumbs = doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' box-map ')]//li")
    if crumbs:
        page_title = _text(crumbs[-1].find("a") if crumbs[-1].find("a") is not None else crumbs[-1])
        if page_title:
            meta["page_title"] = page_title
            doc_type, number, number_printed, _ = split_listing_title(page_title)
            if doc_type:
                meta["doc_type"] = doc_type
            if number:
                meta["number"] = number
    info = _info_box(doc)
    if info:
        meta["info"] = info
        if info.get("Hiệu lực"):
            meta["status"] = info["Hiệu lực"]
        eff = _date(info.get("Ngày có hiệu lực"))
        if eff:
            meta["effective_from"] = eff.isoformat()

    body = doc.xpath("//*[@id='toanvancontent']") or _by_class(doc, "div", "toanvancontent")
    zones: list[tuple[str, list[tuple[str, bool]]]] = []
    if body:
        body = body[0]
        container = body.getparent()
        if container is None or _has_class(container, "fulltext") or container.tag == "body":
            zones.append((BODY, _lines(body)))
        else:
            zone = HEADER
            for child in container:
                if child is body:
                    zones.append((BODY, _lines(body)))
                    zone = SIGNATURE
                    continue
                if isinstance(child.tag, str):
                    zones.append((zone, _lines(child)))
                if child.tail and child.tail.strip():      # loose text between blocks
                    zones.append((zone, [(_clean(child.tail), False)]))
            if container.text and container.text.strip():
                zones.insert(0, (HEADER, [(_clean(container.text), False)]))

    text_parts: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    by_zone: dict[str, list[str]] = {HEADER: [], BODY: [], SIGNATURE: []}
    for zone, lines in zones:
        for line, bold in lines:
            if text_parts:
                pos += 1
            paragraphs.append(Paragraph(pos, pos + len(line), bold=bold, style=zone))
            text_parts.append(line)
            by_zone[zone].append(line)
            pos += len(line)
    text = "\n".join(text_parts)

    _header_meta(by_zone[HEADER], meta)
    _signature_meta(by_zone[SIGNATURE], meta)
    attachments = []
    for a in doc.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' vbFile ')]//a"):
        m = re.search(r"downloadfile\('([^']+)'\s*,\s*'([^']+)'\)", a.get("href") or "")
        if m and m.group(1) not in attachments:
            attachments.append(m.group(1))
    if attachments:
        meta["attachments"] = attachments
    return SourceText(text=text, meta=meta, paragraphs=paragraphs, format="vbpl")


def _header_meta(lines: list[str], meta: dict) -> None:
    """Issuer, number, place and date from the block above the text."""
    for line in lines:
        m = _SO_LINE_RE.match(line)
        if m and "number_printed" not in meta:
            meta["number_printed"] = m.group("n")
            number = numbers.normalise(m.group("n"))
            if number:
                meta["number"] = number
            continue
        if "place_date" not in meta and re.search(r"\bngày\b.*\btháng\b.*\bnăm\b", line, re.I):
            meta["place_date"] = line
            issued = dates.parse(line)
            if issued:
                meta["issued"] = issued.isoformat()
            pm = _PLACE_DATE_RE.match(line)
            if pm:
                meta["place"] = pm.group("place").strip()
    first = next((ln for ln in lines if not _SO_LINE_RE.match(ln)), None)
    if first and first.upper() == first and "CỘNG HOÀ" not in first and "CỘNG HÒA" not in first:
        meta["issuer"] = first


def _signature_meta(lines: list[str], meta: dict) -> None:
    """Signer and title from the block below the text ("Chủ tịch Quốc hội", "(Đã ký)", name)."""
    if not lines:
        return
    meta["signature"] = list(lines)
    named = [ln for ln in lines if not _SIGNED_RE.match(ln)]
    if named:
        meta["signer"] = named[-1]
    if len(named) >= 2:
        meta["signer_title"] = named[-2]


__all__ = [
    "VbplProperties", "VbplSignature", "VbplHistoryEntry", "VbplRelation",
    "read_properties", "read_history", "read_related", "read_fulltext",
    "relation_for_heading", "split_listing_title",
    "OUTGOING", "INCOMING", "RELATION_CODES", "HEADER", "BODY", "SIGNATURE",
]
