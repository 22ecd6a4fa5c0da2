"""The header block of a Vietnamese document as issued, and its signature.

The layout is the one fixed by the rules on administrative documents
(Nghị định 30/2020/NĐ-CP, and Thông tư 01/2011/TT-BNV before it; Hướng
dẫn 36-HD/VPTW for Party documents)::

    UBND TỈNH HÀ TĨNH                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    SỞ LAO ĐỘNG - THƯƠNG BINH             Độc lập - Tự do - Hạnh phúc
         VÀ XÃ HỘI
    Số: 617/SLĐTBXH-VP             Hà Tĩnh, ngày 17 tháng 10 năm 2023
    V/v … (công văn only)

                              QUYẾT ĐỊNH
                     Về việc … (trích yếu, one or more lines)
                  CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …   (who enacts)
    Căn cứ …                                          ← body_start
    …
    Nơi nhận:                                  TM. ỦY BAN NHÂN DÂN
    - …;                                           KT. CHỦ TỊCH
                                                   PHÓ CHỦ TỊCH
                                                     (Đã ký)
                                                 Nguyễn Văn A

The text may come in any of the orders the readers produce: one line a
paragraph (.docx, vbpl pages: the left cell of the header table, then the
right one), or the two columns side by side on one line, separated by a
run of spaces or a tab (``pdftotext -layout``, scanned Công báo). Each
line is cut into *cells* at runs of three or more spaces, and each cell
is recognised by what it says, never by where it sits.

Recognised and ignored: the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ĐẢNG CỘNG SẢN VIỆT NAM",
"VIỆT NAM DÂN CHỦ CỘNG HÒA"), rules and stars under names ("-----", "*"),
"CÔNG BÁO/Số …/Ngày …" running heads and bare page numbers, the lines of
a digital signature ("Ký bởi:", "Người ký:", "Email:", "Cơ quan:",
"Thời gian ký:"), marks of urgency or secrecy ("KHẨN", "MẬT", "DỰ THẢO").

The signature is the first block after the title made of a title line
in capitals (or opening with "TM." / "KT." / "TL." / "TUQ." / "Q.") and
followed by a name or by "(Đã ký)"; a title in sentence case ("Chủ tịch
Quốc hội", as vbpl prints it) counts only with "(Đã ký)" under it. Two
signers side by side (a joint circular) give the left-hand one.

Fields keep the printed form (NFC, spaces squashed: "QÐ" with U+00D0 stays
as printed in ``number_printed``); recognition works on a view where
look-alike letters and dashes are unified, aligned with the printed text
character for character.

Nothing is guessed: a field the text does not print is None. The one
inference is the rule's own: a document with no type line whose number
has no type code ("617/SLĐTBXH-VP") is a công văn, and its title is the
"V/v …" line (without its "V/v" label).
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from kb import dates, numbers
from kb.citations.patterns import canonical_type
from kb.text import fold, nfc, squash_spaces

__all__ = ["Header", "parse_header"]


@dataclass
class Header:
    """What the header and the signature block of a document print.

    ``issuer`` is the issuing body, ``issuer_parent`` the line above it
    when the block has two ("UBND TỈNH HÀ TĨNH" over "SỞ LAO ĐỘNG -
    THƯƠNG BINH VÀ XÃ HỘI"); both as printed, spaces squashed, a name
    wrapped over two lines ("ỦY BAN NHÂN DÂN" / "TỈNH SƠN LA") joined.
    ``number`` is normalised with ``kb.numbers.normalise``;
    ``number_printed`` is the number as printed. ``doc_type`` is the
    canonical loại văn bản ("Quyết định"), ``doc_type_printed`` the type
    line ("QUYẾT ĐỊNH"), None when the type was read from the number.
    ``authority`` is the line that says who enacts, printed between the
    title and the preamble ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LA").
    ``signer`` is the name that signs; ``signer_title`` the signer's own
    title, the line(s) right above the name ("PHÓ CHỦ TỊCH", "Chủ tịch
    Quốc hội"); ``signed_for`` the lines of delegated authority above it
    ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"). ``body_start`` is the offset
    in the text where the body begins, after the title (the enacting
    line, "Căn cứ …", "Kính gửi: …"); 0 when no header was recognised.
    """

    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    number_printed: str | None = None
    place: str | None = None
    issued: _dt.date | None = None
    place_date: str | None = None
    doc_type: str | None = None
    doc_type_printed: str | None = None
    title: str | None = None
    authority: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    signed_for: tuple[str, ...] = ()
    body_start: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "issuer_parent": self.issuer_parent,
            "number": self.number,
            "number_printed": self.number_printed,
            "place": self.place,
            "issued": self.issued.isoformat() if self.issued else None,
            "place_date": self.place_date,
            "doc_type": self.doc_type,
            "doc_type_printed": self.doc_type_printed,
            "title": self.title,
            "authority": self.authority,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "signed_for": list(self.signed_for),
            "body_start": self.body_start,
        }


# --- lines and cells ---------------------------------------------------------

# Spaces of other widths read as spaces (same length: offsets do not move).
_SPACES_RE = re.compile("[\u00a0\u2007\u202f\u200b\ufeff\r]")


class _Cell(str):
    """A piece of a line: the string is the *view* used to recognise it (NFC,
    "Ð" read as "Đ", dashes unified); ``printed`` is the same piece as
    printed (NFC, spaces squashed), of the same length, character for
    character, so a span found in the view is sliced from ``printed``."""

    printed: str

    def __new__(cls, view: str, printed: str) -> "_Cell":
        obj = super().__new__(cls, view)
        obj.printed = printed
        return obj

    @classmethod
    def of(cls, printed: str) -> "_Cell":
        printed = " ".join(printed.split())
        return cls(nfc(printed), printed)

    def part(self, start: int, end: int | None = None) -> "_Cell":
        return _Cell.of(self.printed[start:end])


class _Line:
    """One line of the text, cut into cells when first asked (most lines never are)."""

    __slots__ = ("start", "raw", "_text", "_cells")

    def __init__(self, start: int, raw: str) -> None:
        self.start = start          # offset of the line in the original text
        self.raw = raw
        self._text: _Cell | None = None
        self._cells: list[_Cell] | None = None

    def _read(self) -> None:
        raw = self.raw
        printed = raw if unicodedata.is_normalized("NFC", raw) else unicodedata.normalize("NFC", raw)
        printed = _SPACES_RE.sub(" ", printed).replace("\t", "   ").strip()
        self._text = _Cell.of(printed)
        cells = [_Cell.of(c) for c in _GAP_RE.split(printed) if c.strip()] if printed else []
        self._cells = _join_split_cells(cells)

    @property
    def text(self) -> _Cell:
        """The whole line, spaces squashed."""
        if self._text is None:
            self._read()
        return self._text

    @property
    def cells(self) -> list[_Cell]:
        """The line cut at wide gaps (two columns side by side)."""
        if self._cells is None:
            self._read()
        return self._cells


_GAP_RE = re.compile(r" {3,}")
_WIDE_GAP_RE = re.compile(r"\S(?: {3,}|\t)\S")
_LONG_LINE = 400        # no line of a header or a signature block is longer


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(pos, raw))
        pos += len(raw) + 1
    return out


def _join_split_cells(cells: list[_Cell]) -> list[_Cell]:
    """Cells a wide gap cut in the middle: "Số:" | "1182/QĐ-UBND",
    "Sơn La," | "ngày 19 tháng 5 năm 2026"."""
    out: list[_Cell] = []
    for c in cells:
        if out and (re.fullmatch(r"(?i:(?:luật\s+)?số)\s*[:.]?", out[-1])
                    or (out[-1].endswith(",") and re.match(r"(?i:ngày)\b", c))
                    # an undated "ngày      tháng      năm 2026"
                    or (re.search(r"(?i:\bngày|\btháng)\s*[.…_]*$", out[-1])
                        and re.match(r"(?i:tháng|năm)\b", c))):
            out[-1] = _Cell.of(f"{out[-1].printed} {c.printed}")
        else:
            out.append(c)
    return out


# --- what a cell is ------------------------------------------------------------

_MOTTOS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap tu do hanh phuc",
    "dang cong san viet nam",
    "viet nam dan chu cong hoa",
)
_MARKS = {
    "khan", "hoa toc", "thuong khan", "hoa toc hen gio", "mat", "toi mat", "tuyet mat",
    "du thao", "ban sao", "ban chinh", "van ban quy pham phap luat", "van ban khac",
    "phan i", "phan ii", "phan van ban quy pham phap luat", "phan van ban khac",
}
# Possessive runs: the class holds neither "o" nor "0", so nothing is given back
# (two greedy runs of one class side by side are quadratic on a long rule).
_SEPARATOR_RE = re.compile(r"[-_=*~.·•\u2013\u2014 ]*+(?:o0o|oOo|0o0|ooo)?[-_=*~.·•\u2013\u2014 ]*+")
_GAZETTE_RE = re.compile(r"^(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*/.*$|^(?:\d{1,4}\s+)?CÔNG\s*BÁO\s*$", re.I)
_PAGE_RE = re.compile(r"^(?:-\s*)?\d{1,4}(?:\s*-)?$|^(?i:trang)\s+\d{1,4}(?:\s*/\s*\d{1,4})?$")
_DIGITAL_SIGNATURE_RE = re.compile(
    r"^(?:Người\s+ký|Ký\s+bởi|E-?mail|Cơ\s+quan|Thời\s+gian\s+ký|Ngày\s+ký|Ký\s+ngày|"
    r"Chức\s+vụ|Đơn\s+vị|Signed\s+by|Signature\s+valid|Signature\s+not\s+verified|Date)\s*:",
    re.I)
_TIMESTAMP_RE = re.compile(
    r"^\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[+-]\d{2}:?\d{2})?$")

# "Số: 1182/QĐ-UBND", "Số : 15 /2026/NQ-HĐND", "Luật số: 36/2018/QH14", "Số 05-KL/TU".
_NUMBER_RE = re.compile(
    r"^(?:(?i:luật|bộ\s+luật|pháp\s+lệnh|lệnh|sắc\s+lệnh)\s+(?i:số)|Số|SỐ)\s*[:.]?\s*(?P<n>[\d./…_].*)$")
_BLANK_NUMBER_RE = re.compile(r"^[\d\s.…_]*/\s*[\dA-ZĐ]")
_SYMBOL_TOKEN_RE = re.compile(r"[-/–]?(?:TTg|CTr|TTr|QyĐ|[\dA-ZĐ/\-–.&])*+")
# "Hà Nội, ngày 17 tháng 10 năm 2023"; "ngày 30 tháng 6 năm 1989"; "TP. Hồ Chí Minh, ngày …"
_PLACE_DATE_RE = re.compile(
    r"^(?:(?P<place>[^\W\d_][^,;:()\d]{0,58}?)\s*(?:,\s*|\s(?=(?i:ngày)\b)))?(?i:ngày)\b(?P<rest>.*)$")
_WORDED_DATE_RE = re.compile(r"(?i:ngày)\s?(\d{1,2})\s?(?i:tháng)\s?(\d{1,2})\s?(?i:năm)\s?(\d{4})(?!\d)")
# What follows "ngày": a date, or the blanks of one not yet dated ("ngày    tháng    năm 2026").
_BLANK = r"(?:\d{1,2}|[.…_]{1,12})?"
_DATE_ONLY_RE = re.compile(
    rf"\s*(?:{_BLANK}\s*(?i:tháng)\s*{_BLANK}\s*(?i:năm)\s*(?:\d{{4}}|[.…_]{{1,12}})"
    r"|\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4})\s*[.;]?\s*")
_VV_RE = re.compile(r"^(?:V/[vV]|v/v)\s*[:.]?\s*(?P<t>.*)$")
_KINH_GUI_RE = re.compile(r"^(?i:kính\s+gửi)\b")

# Where the body begins: the preamble, the first article or heading, the
# addressee of a letter, the opening words of a plan or report.
_BODY_START_RE = re.compile(
    r"^(?:Căn\s+cứ|CĂN\s+CỨ|Theo\s+đề\s+nghị|Xét\s|Kính\s+gửi|KÍNH\s+GỬI|"
    r"Thực\s+hiện\s|Thi\s+hành\s|Để\s|Nhằm\s|Trên\s+cơ\s+sở\s|Sau\s+khi\s|Hôm\s+nay|Vừa\s+qua|"
    r"Ngày\s+\d|Trong\s+(?:thời\s+gian|những\s+năm|năm|tháng|tuần)\s|Tiếp\s+theo\s|Qua\s|"
    r"(?:Điều|ĐIỀU)\s+\d{1,3}[a-zđ]?\s*(?:[.:]|$)|"
    r"(?:Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVXLC]{1,7}|\d{1,3})\b|"
    r"(?:Phần|PHẦN)\s+(?:thứ|THỨ|[IVXLC]{1,7}\b|\d|mở\s+đầu|MỞ\s+ĐẦU)|"
    r"(?:PHỤ\s+LỤC|Phụ\s+lục)\b|"
    r"(?:QUYẾT\s+ĐỊNH|Quyết\s+định|QUYẾT\s+NGHỊ|Quyết\s+nghị|NGHỊ\s+QUYẾT|CHỈ\s+THỊ)\s*:|"
    r"(?:Luật|Nghị\s+định|Thông\s+tư|Pháp\s+lệnh)\s+này\s|"
    r"[IVXLC]{1,7}\s*[.\-–)]\s|[IVXLC]{1,7}\.?$|\d{1,2}\s*[.)]\s|[a-zđ]\)\s|[A-Z]\.\s)"
)

# Lines that say who enacts, printed after the title: "ỦY BAN NHÂN DÂN TỈNH
# SƠN LA", "CHỦ TỊCH ỦY BAN NHÂN DÂN …", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "QUỐC HỘI".
_AUTHORITY_HEADS = (
    "uy ban", "ubnd", "hoi dong", "hdnd", "thuong truc", "chu tich", "bo truong",
    "thu tuong", "chinh phu", "quoc hoi", "ban thuong vu", "ban chap hanh", "bo chinh tri",
    "ban bi thu", "giam doc", "tong giam doc", "cuc truong", "tong cuc truong", "vu truong",
    "chanh van phong", "thong doc", "chanh an", "vien truong", "tong kiem toan",
    "chanh thanh tra", "truong ban", "chu nhiem", "tinh uy", "thanh uy", "huyen uy",
    "dang uy", "hoi dong tham phan", "ban thuong truc",
)

_EXTRA_TYPES = {"giay moi": "Giấy mời", "phuong an": "Phương án", "bien ban": "Biên bản"}


def _is_caps(s: str) -> bool:
    """All cased letters upper case, and at least two of them."""
    letters = [ch for ch in s if ch.isalpha()]
    cased = [ch for ch in letters if ch.upper() != ch.lower()]
    return len(cased) >= 2 and all(ch.isupper() for ch in cased)


def _starts_lower(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


_HEADS_RE: dict[tuple[str, ...], re.Pattern] = {}


def _heads(folded: str, heads: tuple[str, ...]) -> bool:
    """Does the folded phrase start with one of ``heads``, as whole words?"""
    pattern = _HEADS_RE.get(heads)
    if pattern is None:
        alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        pattern = _HEADS_RE[heads] = re.compile(rf"(?:{alternatives})(?: |$)")
    return pattern.match(folded) is not None


def _is_separator(cell: str) -> bool:
    return bool(cell) and _SEPARATOR_RE.fullmatch(cell) is not None


def _is_noise(cell: str) -> bool:
    return bool(_GAZETTE_RE.match(cell) or _PAGE_RE.match(cell) or _DIGITAL_SIGNATURE_RE.match(cell)
                or _TIMESTAMP_RE.match(cell) or _is_separator(cell))


def _is_motto(cell: str) -> bool:
    """The motto, or three or more of its words (a motto wrapped over two lines)."""
    f = fold(cell)
    if any(f == m or f.startswith(m) for m in _MOTTOS):
        return True
    return len(f.split()) >= 3 and any(f" {f} " in f" {m} " for m in _MOTTOS)


def _doc_type_of(cell: str) -> str | None:
    """The canonical type when ``cell`` is a type word and nothing else."""
    t = canonical_type(cell)
    if t == "Văn bản":
        return None
    return t or _EXTRA_TYPES.get(fold(cell))


def _number_of(cell: _Cell) -> tuple[str, str | None, _Cell | None] | None:
    """(printed, normalised, rest of the cell) for a "Số: …" cell."""
    m = _NUMBER_RE.match(cell)
    if not m:
        return None
    spans = [t.span() for t in re.compile(r"\S+").finditer(cell, m.start("n"))]
    tokens = [cell[x:y] for x, y in spans]
    # The number may be printed with spaces ("15 /2026/NQ-HĐND", "35 CT/TU");
    # what follows it on the line ("Kon Tum, ngày …") is not symbol-like.
    run = 1
    while run < min(len(tokens), 5) and _SYMBOL_TOKEN_RE.fullmatch(tokens[run].rstrip(".,;")):
        run += 1
    for k in range(run, 0, -1):
        view = cell[spans[0][0]:spans[k - 1][1]].rstrip(".,;")
        norm = numbers.normalise(view)
        if norm:
            rest = cell.part(spans[k][0]) if k < len(spans) else None
            return cell.printed[spans[0][0]:spans[0][0] + len(view)], norm, rest
    if _BLANK_NUMBER_RE.match(m.group("n")):       # a draft: "Số:     /QĐ-UBND"
        return cell.printed[m.start("n"):].rstrip(".,;"), None, None
    return None


def _place_date_of(cell: str) -> tuple[str | None, _dt.date | None] | None:
    """(place, date) when ``cell`` is the place-and-date line and nothing more."""
    m = _PLACE_DATE_RE.match(cell)
    if not m or not _DATE_ONLY_RE.fullmatch(m.group("rest")):
        return None
    place = cell.printed[m.start("place"):m.end("place")].strip() if m.group("place") else None
    w = _WORDED_DATE_RE.search(cell)
    return place, (dates.from_parts(w.group(1), w.group(2), w.group(3)) if w else dates.parse(cell))


# --- the header ------------------------------------------------------------------

_MAX_LEADING_JUNK = 8
_MAX_HEAD_LINES = 60


class _Head:
    def __init__(self) -> None:
        self.issuer_before: list[str] = []   # capital cells before the number
        self.issuer_after: list[str] = []    # …and after it, used only when there were none before
        self.number_printed: str | None = None
        self.number: str | None = None
        self.place: str | None = None
        self.issued: _dt.date | None = None
        self.place_date: str | None = None
        self.vv: list[str] = []
        self.seen = False                    # any header element at all


def _unwrap_head(lines: list[_Line]) -> list[_Line]:
    """The lines of the header block with those a narrow wrap cut joined again.

    A header read column by column from a narrow table comes wrapped:
    "CỘNG HÒA XÃ HỘI CHỦ" / "NGHĨA VIỆT NAM", "Hà Nội, ngày 18 tháng" /
    "01 năm 2010", "ỦY BAN THƯỜNG VỤ QUỐC" / "HỘI". Two lines of one cell
    are joined when the second one's first word would not have fitted on
    the first (the break was forced by the width, the longest line of the
    block) and the first is not already a whole element (motto, number,
    place and date); a line that opens an element ("Số:", "V/v", a type
    word, the start of the body) is never a continuation.
    """
    region = []
    for i, line in enumerate(lines[:_MAX_HEAD_LINES]):
        t = line.text
        if t and (_BODY_START_RE.match(t) or (_is_caps(t) and _doc_type_of(t))):
            break
        region.append(i)
    single = {i for i in region if len(lines[i].cells) == 1 and len(lines[i].text) <= 80
              and not _is_noise(lines[i].text)}
    if len(single) < 2:
        return lines
    width = max(len(lines[i].text) for i in single)
    out: list[_Line] = []
    for i, line in enumerate(lines[:len(region) + 1]):
        prev = out[-1] if out else None
        if (i in single and prev is not None and len(prev.cells) == 1 and prev.text
                and (i - 1) in single and len(prev.text) <= 80
                and len(prev.text) + 1 + len(line.text.split(" ", 1)[0]) > width
                and len(prev.text) >= width - 12
                and not _whole(prev.text) and not _opens(line.text)):
            merged = _Line(prev.start, f"{prev.raw.rstrip()} {line.raw.strip()}")
            out[-1] = merged
            continue
        out.append(line)
    return out + lines[len(region) + 1:]


def _whole(t: _Cell) -> bool:
    return (_is_motto(t) and fold(t) in _MOTTOS) or _NUMBER_RE.match(t) is not None and not t.endswith(("-", "/")) \
        or _place_date_of(t) is not None


def _opens(t: _Cell) -> bool:
    return bool(_NUMBER_RE.match(t) or _VV_RE.match(t) or _KINH_GUI_RE.match(t) or _BODY_START_RE.match(t)
                or (_is_caps(t) and _doc_type_of(t)) or _is_noise(t) or _is_motto(t)
                or _place_date_of(t) is not None)


def parse_header(text: str) -> Header:
    """Read the header block and the signature block of ``text``."""
    lines = _unwrap_head(_lines(text))
    head = _Head()
    h = Header()
    type_at = None                # index of the type line
    body_at = None                # index of the first body line (no type line)
    vv_open = False
    blank = False
    junk = 0
    i = 0
    while i < len(lines) and i < _MAX_HEAD_LINES + junk:
        line = lines[i]
        if not line.cells:
            blank = True
            vv_open = False
            i += 1
            continue
        stop = False
        for ci, cell in enumerate(line.cells):
            kind = _head_cell(cell, head, ci, vv_open, blank, single=len(line.cells) == 1)
            if kind == "type":
                type_at = i
                h.doc_type = _doc_type_of(cell)
                h.doc_type_printed = cell.printed
                stop = True
                break
            if kind == "vv":
                vv_open = True
            elif kind == "body" or (kind == "other" and head.seen):
                body_at = i             # before any header element: there is no header
                stop = True
                break
            elif kind == "other":       # a stray line above the header
                junk += 1
                if junk > _MAX_LEADING_JUNK:
                    stop = True
                    break
        if stop:
            break
        blank = False
        i += 1

    first_body = 0
    if head.seen or type_at is not None:
        issuer_lines = head.issuer_before or head.issuer_after
        h.issuer, h.issuer_parent = _issuer(issuer_lines)
        h.number, h.number_printed = head.number, head.number_printed
        h.place, h.issued, h.place_date = head.place, head.issued, head.place_date
        if type_at is not None:
            h.title, h.authority, first_body = _title(lines, type_at + 1)
        else:
            if head.vv:
                h.title = squash_spaces(" ".join(head.vv)) or None
            parsed = numbers.parse(head.number) if head.number else None
            # "V/v" is the mark of a công văn (NĐ 30/2020/NĐ-CP, Phụ lục I), whatever
            # its symbol's first group ("1234/CT-TTHT": CT is the Cục Thuế there)
            if head.vv or (parsed is not None and parsed.doc_type == "Công văn"):
                h.doc_type = "Công văn"
            first_body = len(lines) if body_at is None else body_at
        h.body_start = lines[first_body].start if first_body < len(lines) else len(text)
        # A consolidated text prints the type of the document it consolidates
        # and is a Văn bản hợp nhất: its number says so ("12/VBHN-BTC").
        parsed = numbers.parse(h.number) if h.number else None
        if parsed is not None and parsed.type_code == "VBHN":
            h.doc_type = "Văn bản hợp nhất"
    h.signer, h.signer_title, h.signed_for = _signature(lines, first_body)
    return h


def _head_cell(cell: _Cell, head: _Head, ci: int, vv_open: bool, blank: bool, single: bool) -> str:
    """Record what ``cell`` says in ``head``; return its kind."""
    if _is_noise(cell) or _is_motto(cell) or fold(cell) in _MARKS:
        if _is_motto(cell):
            head.seen = True
        return "noise"
    if head.number_printed is None:
        num = _number_of(cell)
        if num is not None:
            head.number_printed, head.number, rest = num
            head.seen = True
            if rest:
                _head_cell(rest, head, ci + 1, False, False, single=False)
            return "number"
    if head.place_date is None:
        pd = _place_date_of(cell)
        if pd is not None:
            head.place, head.issued = pd
            head.place_date = cell.printed
            head.seen = True
            return "date"
    if _is_caps(cell) and _doc_type_of(cell):
        return "type"
    if single and head.seen and _doc_type_of(cell) and cell[:1].isupper():
        return "type"               # "Quyết định" alone on its line, in a header
    m = _VV_RE.match(cell)
    if m and head.number_printed is not None and not head.vv:
        head.vv.append(cell.printed[m.start("t"):])
        return "vv"
    if _KINH_GUI_RE.match(cell) or _BODY_START_RE.match(cell):
        return "body"
    if vv_open and ci == 0 and not blank and head.vv and not _is_caps(cell) and (
            _starts_lower(cell) or not head.vv[-1].rstrip().endswith((".", ";", ":"))):
        head.vv.append(cell.printed)
        return "vv+"
    if _is_caps(cell) and head.place_date is None and not head.vv:
        (head.issuer_before if head.number_printed is None else head.issuer_after).append(cell.printed)
        head.seen = True
        return "issuer"
    return "other"


_PLACE_HEADS = ("tinh", "thanh pho", "tp", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran", "dac khu")


def _has_place(folded: str) -> bool:
    padded = f" {folded} ".replace(" xa hoi ", " ")
    return any(f" {p} " in padded for p in _PLACE_HEADS)


def _issuer(cells: list[str]) -> tuple[str | None, str | None]:
    """(issuing body, body above it) from the capital lines of the upper-left block."""
    units: list[str] = []
    for cell in cells:
        cell = cell.strip(" *")
        if not cell:
            continue
        f = fold(cell)
        if units and (
                (_heads(f, _PLACE_HEADS) and not f.startswith("xa hoi") and not _has_place(fold(units[-1])))
                or units[-1].endswith(("VÀ", "-", ",", "&", "–"))
                or f.startswith("va ") or cell.startswith(("-", "–", "&"))
                or _starts_lower(cell)):
            units[-1] = f"{units[-1]} {cell}"
        else:
            units.append(cell)
    units = [squash_spaces(u) for u in units]
    if not units:
        return None, None
    parent = units[-2] if len(units) >= 2 and units[-2] != units[-1] else None
    return units[-1], parent


def _title(lines: list[_Line], k: int) -> tuple[str | None, str | None, int]:
    """(title, enacting line, index of the first body line) from the line after the type word.

    The title runs over as many lines as it takes. A title in capitals
    (laws: "BẢO VỆ SỨC KHOẺ NHÂN DÂN") ends at the first line that is not
    in capitals; a title in sentence case ("Về việc …") ends at a line in
    capitals (who enacts), a blank line, or after a line that ends a
    sentence. A line that starts in lower case always continues it; the
    start of a body ("Căn cứ", "Điều 1.", "Kính gửi", "I.") always ends it.
    """
    parts: list[str] = []
    caps_mode = False
    blank = False
    j = k
    while j < len(lines):
        line = lines[j]
        if not line.cells:
            blank = True
            j += 1
            continue
        t = line.text
        if _is_separator(t):
            j += 1
            if parts:
                break
            continue
        if _is_noise(t):
            j += 1
            continue
        if _BODY_START_RE.match(t) or _is_authority(t) or _is_motto(t):
            break
        if not parts:
            caps_mode = _is_caps(t)
        elif _starts_lower(t):
            pass
        elif caps_mode:
            if not _is_caps(t):
                break
        elif _is_caps(t) or blank or parts[-1].endswith((".", ";", ":", "!", "?")):
            break
        parts.append(t.printed)
        blank = False
        j += 1
    # The first body line: skip what is not text.
    while j < len(lines) and (not lines[j].cells or _is_noise(lines[j].text)):
        j += 1
    authority = None
    if j < len(lines) and _is_authority(lines[j].text):
        authority = lines[j].text.printed
        n = j + 1
        while n < len(lines) and not lines[n].cells:
            n += 1
        if n < len(lines) and re.match(r"(?i:khóa|khoá|kỳ\s+họp)\b", lines[n].text) and _is_caps(lines[n].text):
            authority = f"{authority} {lines[n].text.printed}"
    return " ".join(parts) or None, authority, j


def _is_authority(t: str) -> bool:
    return _is_caps(t) and _heads(fold(t), _AUTHORITY_HEADS) and not t.rstrip().endswith(":")


# --- the signature -----------------------------------------------------------------

# Delegated authority: "TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ", "KT. CHỦ TỊCH",
# "TL. BỘ TRƯỞNG", "TUQ. CHỦ TỊCH", "Q. GIÁM ĐỐC".
_FOR_RE = re.compile(r"^(?:(?:TM|KT|TL|TUQ|Q)\s*\.|T/M|K/T|T/L)\s*(?=\S)")
_POSITIONS = (
    "chu tich", "pho chu tich", "chu tich nuoc", "pho chu tich nuoc", "chu tich quoc hoi",
    "bo truong", "thu truong", "thu tuong", "pho thu tuong", "giam doc", "pho giam doc",
    "tong giam doc", "pho tong giam doc", "chanh van phong", "pho chanh van phong",
    "bi thu", "pho bi thu", "tong bi thu", "truong ban", "pho truong ban", "cuc truong",
    "pho cuc truong", "tong cuc truong", "pho tong cuc truong", "vu truong", "pho vu truong",
    "thong doc", "pho thong doc", "chanh an", "pho chanh an", "vien truong", "pho vien truong",
    "tong kiem toan", "pho tong kiem toan", "chanh thanh tra", "pho chanh thanh tra",
    "truong phong", "pho truong phong", "chu nhiem", "pho chu nhiem", "tong thu ky",
    "pho tong thu ky", "uy vien", "thuong truc", "chi cuc truong", "pho chi cuc truong",
    "hieu truong", "pho hieu truong", "tong bien tap", "tu lenh", "chinh uy", "giam doc so",
    "chu tich ubnd", "chu tich hdnd",
)
_SIGNED_RE = re.compile(
    r"^[(\[]?\s*(?i:đã\s+ký|ký\s+tên|ký\s*,|ký\s+và\s+đóng\s+dấu|chữ\s+ký|daky|signed)", re.I)
_TO_RE = re.compile(r"^(?:[-+•·–*]\s*\S|(?i:nơi\s+nhận)|(?i:lưu)\s*[:.]?\s*(?:VT|VP|:))")
_RANKS = ("Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá",
          "Trung tá", "Thiếu tá", "GS.", "PGS.", "TS.", "ThS.", "BS.", "GS.TS.", "PGS.TS.")
_SURNAMES = {
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "lo", "ha", "mai", "dinh", "truong", "lam", "luong", "trinh",
    "dao", "cao", "quach", "ta", "to", "tong", "la", "vi", "me", "lu", "kieu", "thai", "nong",
    "hua", "giang", "chu", "doan", "tang", "khuat", "van", "lai", "thach", "quang", "cam", "sung",
}


def _is_title_cell(c: str) -> bool:
    if len(c) > 80 or c[-1:] in ".;,:" or not c[:1].isupper():
        return False
    if _FOR_RE.match(c):
        return True
    f = fold(c)
    return _heads(f, _POSITIONS) and (_is_caps(c) or len(c.split()) <= 6)


def _is_name(c: str) -> bool:
    c = c.strip()
    for rank in _RANKS:
        if c.startswith(rank + " "):
            c = c[len(rank) + 1:]
            break
    words = c.split()
    if not 2 <= len(words) <= 6 or not all(w.isalpha() for w in words):
        return False
    if all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return not _heads(fold(c), _POSITIONS) and fold(c) != "noi nhan"
    if _is_caps(c) and fold(words[0]) in _SURNAMES and len(words) <= 5:
        return not _heads(fold(c), _POSITIONS)
    return False


def _signature(lines: list[_Line], start: int) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(name, title, lines of delegated authority) of the first signature block from ``start``."""
    for i in range(start, len(lines)):
        raw = lines[i].raw.rstrip()
        # A sentence on a line of its own ends no signature title: skip it unread.
        if len(raw) > _LONG_LINE or raw[-1:] in ".;," and not _WIDE_GAP_RE.search(raw):
            continue
        # one cell: a title is at most 80 characters and opens with a capital
        head = raw.lstrip()
        if (len(head) > 80 or not head[:1].isupper()) and not _WIDE_GAP_RE.search(raw) and "\t" not in raw:
            continue
        for ci, cell in enumerate(lines[i].cells):
            if _is_title_cell(cell):
                found = _block(lines, i, ci)
                if found is not None:
                    return found
    return None, None, ()


def _block(lines: list[_Line], i: int, ci: int):
    titles: list[str] = []
    signed = False
    name = None
    ended = False
    # Two signers side by side (a joint circular): follow the left-hand one.
    joint = sum(1 for c in lines[i].cells[ci:] if _is_title_cell(c)) >= 2
    for j in range(i, min(len(lines), i + 20)):
        cells = lines[j].cells[ci:] if j == i else lines[j].cells
        if joint:
            cells = cells[:1]
        for k, cell in enumerate(cells):
            if _is_noise(cell) or _TO_RE.match(cell):
                continue
            if not signed and _is_title_cell(cell):
                titles.append(cell.printed)
                continue
            if _SIGNED_RE.match(cell):
                signed = True
                continue
            if _is_name(cell):
                name = cell.printed
                break
            if titles and not signed and _is_caps(cell) and len(cell) <= 60 and cell[-1:] not in ".;,:":
                titles.append(cell.printed)     # "THƯỜNG TRỰC" under "PHÓ CHỦ TỊCH"
                continue
            if k < len(cells) - 1:
                continue                # the left column (Nơi nhận) beside the block
            ended = True                # anything else: the block is over ("Căn cứ …")
            break
        if name is not None or ended:
            break
    first = titles[0]
    # A block is a signature when a name or "(Đã ký)" follows it, or when it
    # opens with delegated authority; a title in sentence case ("Chủ tịch
    # Quốc hội") only with "(Đã ký)" under it, which no table of members has.
    if _FOR_RE.match(first):
        pass
    elif _is_caps(first):
        if name is None and not signed:
            return None
    elif not signed:
        return None
    signed_for: list[str] = []
    own: list[str] = []
    last = None
    for t in titles:
        if _FOR_RE.match(t):
            signed_for.extend(own)
            own = []
            signed_for.append(t)
            last = signed_for
        elif _heads(fold(t), _POSITIONS) or last is None:
            own.append(t)
            last = own
        else:                           # a wrapped line: "TM. THƯỜNG TRỰC HỘI ĐỒNG" / "NHÂN DÂN"
            last[-1] = f"{last[-1]} {t}"
    title = squash_spaces(" ".join(own)) or None
    return name, title, tuple(squash_spaces(t) for t in signed_for)
