"""Reading a Word ``.docx`` file into text, one line per paragraph, safely.

A .docx is a ZIP of XML parts. Uploaded files are untrusted, so before a
single byte is inflated the archive is checked against fixed limits (input
size, number of members, declared uncompressed sizes, compression ratio,
unsafe member names), and every XML part is parsed with a parser that
resolves no entities, loads no DTD and touches no network; a part that
declares a DOCTYPE or an ENTITY is refused outright (billion laughs).

Text: each ``w:p`` of the body becomes one line (table cells included, one
line per cell paragraph, in document order); runs are concatenated, ``w:tab``
is a tab, ``w:br``/``w:cr`` a newline inside the paragraph. Deleted text
(tracked ``w:del``, ``w:moveFrom``) is skipped, inserted text kept. Text boxes
are read once (the ``mc:Choice`` branch, not its VML fallback) and placed
after the paragraph that anchors them. Each paragraph is recorded as a
``Paragraph`` whose ``text[start:end]`` is the paragraph; it is ``bold`` when
every run with visible text is bold (direct formatting, character style,
the paragraph mark's run properties, the paragraph style and its
``basedOn`` chain, the document defaults — in that order of precedence) and
``style`` is the ``w:pStyle`` value (the style id).

Not read: headers, footers, footnotes, endnotes, comments, and automatic
list numbering (``w:numPr``: the "1.", "a)" that Word draws are not in the
XML text).
"""
from __future__ import annotations

import io
import lzma
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from indexer.sources import Paragraph, SourceText
from indexer.sources.text import UnreadableInput

# --- limits ---------------------------------------------------------------
MAX_INPUT_BYTES = 100 * 1024 * 1024          # the .docx file itself
MAX_MEMBERS = 2000                            # parts in the archive
MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024    # declared, all members together
MAX_RATIO = 100                               # uncompressed / compressed ...
RATIO_MIN_BYTES = 1024 * 1024                 # ... for members larger than this
READ_CHUNK = 1024 * 1024

DOCUMENT_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
CORE_PART = "docProps/core.xml"

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",  # transitional
    "http://purl.oclc.org/ooxml/wordprocessingml/main",              # strict
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_CORE_FIELDS = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "creator": "{http://purl.org/dc/elements/1.1/}creator",
    "created": "{http://purl.org/dc/terms/}created",
}

_DTD_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_FALSE = {"0", "false", "off", "none"}


def _show(name: str) -> str:
    """A member name fit for a one-line message."""
    name = _CONTROL_RE.sub("?", name)
    return name if len(name) <= 120 else name[:117] + "..."


def _refuse(label: str, reason: str) -> UnreadableInput:
    return UnreadableInput(f"{label}: {reason}")


# --- the archive ------------------------------------------------------------

def _check_magic(data: bytes, label: str) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _refuse(label, "tệp Word 97-2003 (.doc) hoặc tệp Office cũ/được mã hóa, "
                             "hãy lưu lại dưới dạng .docx (legacy .doc or encrypted file, not .docx)")
    if data.startswith(b"%PDF"):
        raise _refuse(label, "tệp PDF, không phải .docx (PDF, not .docx)")
    if data[:64].lstrip()[:5].lower() == b"{\\rtf":
        raise _refuse(label, "tệp RTF, không phải .docx; hãy lưu lại dưới dạng .docx (RTF, not .docx)")


def _precheck_end_record(data: bytes, label: str) -> None:
    """Refuse an archive whose directory announces too many members, before
    zipfile builds an object for each of them."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if pos < 0 or len(data) - pos < 22:
        return   # zipfile will say it is not a zip
    _, _, _, total, cd_size, _, _ = struct.unpack("<HHHHIIH", data[pos + 4:pos + 22])
    if total != 0xFFFF and total > MAX_MEMBERS:
        raise _refuse(label, f"tệp nén có quá nhiều thành phần ({total}; tối đa {MAX_MEMBERS}) "
                             "(too many zip members)")
    if cd_size != 0xFFFFFFFF and cd_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise _refuse(label, f"mục lục tệp nén quá lớn ({cd_size} byte) "
                             "(zip central directory too large)")


def _unsafe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


def _open_zip(data: bytes, label: str) -> zipfile.ZipFile:
    if len(data) > MAX_INPUT_BYTES:
        raise _refuse(label, f"tệp quá lớn ({len(data)} byte; tối đa {MAX_INPUT_BYTES}) "
                             "(file too large)")
    _check_magic(data, label)
    _precheck_end_record(data, label)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            struct.error, UnicodeDecodeError):
        raise _refuse(label, "không phải tệp .docx (không mở được như tệp nén ZIP) "
                             "(not a .docx: not a zip archive)") from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(label, f"tệp nén có quá nhiều thành phần ({len(infos)}; tối đa {MAX_MEMBERS}) "
                             "(too many zip members)")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise _refuse(label, f"tên thành phần không an toàn trong tệp nén: {_show(name)!r} "
                                 "(unsafe member path)")
        if name in seen:
            raise _refuse(label, f"tên thành phần bị trùng trong tệp nén: {_show(name)!r} "
                                 "(duplicate zip member)")
        seen.add(name)
        size = info.file_size
        if size > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(label, f"thành phần {_show(name)!r} giải nén ra quá lớn ({size} byte; "
                                 f"tối đa {MAX_UNCOMPRESSED_BYTES}) (uncompressed member too large, zip bomb?)")
        total += size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(label, f"tổng dung lượng giải nén quá lớn (trên {MAX_UNCOMPRESSED_BYTES} byte) "
                                 "(uncompressed total too large, zip bomb?)")
        if size > RATIO_MIN_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise _refuse(label, f"thành phần {_show(name)!r} có tỷ lệ nén bất thường ({ratio}:1), "
                                 "nghi là bom nén (suspicious compression ratio, zip bomb)")
        if info.flag_bits & 0x1:
            raise _refuse(label, "tệp được đặt mật khẩu/mã hóa (encrypted document)")
    return zf


def _read_member(zf: zipfile.ZipFile, name: str, label: str) -> bytes:
    """The bytes of one member, never more than it declared."""
    info = zf.getinfo(name)
    limit = min(info.file_size, MAX_UNCOMPRESSED_BYTES)
    out = bytearray()
    try:
        with zf.open(info) as f:
            while True:
                chunk = f.read(READ_CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > limit:
                    raise _refuse(label, f"thành phần {_show(name)!r} giải nén ra nhiều hơn khai báo "
                                         "(member larger than declared, zip bomb?)")
    except UnreadableInput:
        raise
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise _refuse(label, f"tệp nén hỏng ở {_show(name)!r}: {reason} (corrupt zip member)") from None
    except (NotImplementedError, RuntimeError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise _refuse(label, f"không giải nén được {_show(name)!r}: {reason} "
                             "(unsupported compression or encryption)") from None
    return bytes(out)


# --- XML ----------------------------------------------------------------------

def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True,
                           dtd_validation=False, attribute_defaults=False)


def _parse_xml(data: bytes, part: str, label: str, required: bool = True):
    """The root element of an XML part. A DTD or entity declaration is refused;
    a malformed optional part gives None."""
    probe = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        probe = data.replace(b"\x00", b"")      # UTF-16/32: the ASCII of the markup
    if _DTD_RE.search(probe):
        raise _refuse(label, f"{part} chứa khai báo DOCTYPE/ENTITY, bị từ chối vì không an toàn "
                             "(DTD/entity declarations refused)")
    try:
        root = etree.fromstring(data, _xml_parser())
    except (etree.XMLSyntaxError, ValueError) as e:
        if not required:
            return None
        reason = (getattr(e, "msg", None) or str(e) or "XML hỏng").splitlines()[0]
        raise _refuse(label, f"{part} không phải XML hợp lệ: {reason} (malformed XML)") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _refuse(label, f"{part} chứa khai báo DOCTYPE/ENTITY, bị từ chối vì không an toàn "
                             "(DTD/entity declarations refused)")
    return root


def _ns(tag) -> str | None:
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:tag.index("}")]
    return None


def _on(el, w: str) -> bool | None:
    """The value of an on/off property element (w:b): None when absent."""
    if el is None:
        return None
    val = el.get(w + "val")
    return True if val is None else val.strip().lower() not in _FALSE


# --- styles ----------------------------------------------------------------------

@dataclass
class _Style:
    based_on: str | None
    bold: bool | None


class _Styles:
    def __init__(self, root):
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_bold: bool | None = None
        if root is None or _ns(root.tag) not in _W_NAMESPACES:
            return
        w = "{%s}" % _ns(root.tag)
        defaults = root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr")
        if defaults is not None:
            self.default_bold = _on(defaults.find(w + "b"), w)
        for st in root.iter(w + "style"):
            sid = st.get(w + "styleId")
            if not sid:
                continue
            based = st.find(w + "basedOn")
            rpr = st.find(w + "rPr")
            self.styles[sid] = _Style(
                based_on=based.get(w + "val") if based is not None else None,
                bold=_on(rpr.find(w + "b"), w) if rpr is not None else None)
            if st.get(w + "type") == "paragraph" and _on_attr(st.get(w + "default")):
                self.default_paragraph = sid

    def bold(self, sid: str | None) -> bool | None:
        seen: set[str] = set()
        while sid and sid not in seen and len(seen) < 64:
            seen.add(sid)
            st = self.styles.get(sid)
            if st is None:
                return None
            if st.bold is not None:
                return st.bold
            sid = st.based_on
        return None

    def paragraph_bold(self, sid: str | None) -> bool | None:
        if not sid or sid not in self.styles:
            sid = self.default_paragraph
        b = self.bold(sid)
        return self.default_bold if b is None else b


def _on_attr(val: str | None) -> bool:
    return val is not None and val.strip().lower() in {"1", "true", "on"}


# --- the body ----------------------------------------------------------------------

class _Walker:
    def __init__(self, w: str, styles: _Styles):
        self.w = w
        self.styles = styles
        self.lines: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self.pos = 0
        W = w
        self.P, self.R, self.T = W + "p", W + "r", W + "t"
        self.TXBX = W + "txbxContent"
        # containers whose content is never displayed text
        self.skip = {W + n for n in (
            "del", "moveFrom", "pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr",
            "tblPrEx", "sdtPr", "sdtEndPr", "instrText", "delText", "delInstrText",
            "customXmlPr", "smartTagPr", "fldData", "commentReference", "footnoteReference",
            "endnoteReference", "annotationRef", "bookmarkStart", "bookmarkEnd",
            "proofErr", "permStart", "permEnd")}
        self.skip.add(_MC + "Fallback")

    # blocks: paragraphs, tables, and whatever wraps them (sdt, customXml, ...)
    def blocks(self, container) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in self.skip:
                continue
            if tag == self.P:
                self.paragraph(child)
            elif tag == _MC + "AlternateContent":
                self.blocks(_chosen(child))
            else:          # tbl, tr, tc, sdt, sdtContent, customXml, ins, moveTo, ...
                self.blocks(child)

    def paragraph(self, p) -> None:
        w = self.w
        ppr = p.find(w + "pPr")
        style = None
        mark_bold = None
        if ppr is not None:
            ps = ppr.find(w + "pStyle")
            if ps is not None:
                style = ps.get(w + "val")
            mark_rpr = ppr.find(w + "rPr")
            if mark_rpr is not None:
                mark_bold = _on(mark_rpr.find(w + "b"), w)
        base_bold = mark_bold if mark_bold is not None else self.styles.paragraph_bold(style)
        parts: list[str] = []
        flags: list[bool] = []
        boxes: list = []
        self.inline(p, base_bold, parts, flags, boxes)
        text = unicodedata.normalize("NFC", "".join(parts))
        start = self.pos
        self.lines.append(text)
        self.paragraphs.append(Paragraph(start, start + len(text),
                                         bold=bool(flags) and all(flags), style=style))
        self.pos = start + len(text) + 1
        for box in boxes:
            self.blocks(box)

    def inline(self, el, base_bold, parts, flags, boxes) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in self.skip:
                continue
            if tag == self.R:
                self.run(child, base_bold, parts, flags, boxes)
            elif tag == _MC + "AlternateContent":
                self.inline(_chosen(child), base_bold, parts, flags, boxes)
            elif tag == _M + "t":
                text = child.text or ""
                parts.append(text)
                if text.strip():
                    flags.append(False)
            elif tag == self.P:        # not valid here; read it rather than lose it
                boxes.append([child])
            else:    # hyperlink, ins, moveTo, smartTag, sdt, sdtContent, fldSimple, oMath, ...
                self.inline(child, base_bold, parts, flags, boxes)

    def run(self, r, base_bold, parts, flags, boxes) -> None:
        w = self.w
        rpr = r.find(w + "rPr")
        bold = None
        if rpr is not None:
            bold = _on(rpr.find(w + "b"), w)
            if bold is None:
                rs = rpr.find(w + "rStyle")
                if rs is not None:
                    bold = self.styles.bold(rs.get(w + "val"))
        if bold is None:
            bold = base_bold
        buf: list[str] = []
        for child in r:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == self.T:
                buf.append(child.text or "")
            elif tag == w + "tab" or tag == w + "ptab":
                buf.append("\t")
            elif tag == w + "br" or tag == w + "cr":
                buf.append("\n")
            elif tag == w + "noBreakHyphen":
                buf.append("-")
            elif tag in (w + "drawing", w + "pict", w + "object", _MC + "AlternateContent"):
                boxes.extend(_textboxes(child, self.TXBX))
        text = "".join(buf)
        parts.append(text)
        if text.strip():
            flags.append(bool(bold))


def _chosen(alternate):
    """The branch of an mc:AlternateContent to read: its first Choice, else its Fallback."""
    for child in alternate:
        if child.tag == _MC + "Choice":
            return child
    for child in alternate:
        if child.tag == _MC + "Fallback":
            return child
    return []


def _textboxes(el, txbx_tag):
    """The w:txbxContent elements in a drawing, one branch of each AlternateContent."""
    if el.tag == txbx_tag:
        yield el
        return
    for child in (_chosen(el) if el.tag == _MC + "AlternateContent" else el):
        if isinstance(child.tag, str):
            yield from _textboxes(child, txbx_tag)


# --- the reader ------------------------------------------------------------------

def _core_properties(zf: zipfile.ZipFile, label: str) -> dict[str, str]:
    if CORE_PART not in zf.NameToInfo:
        return {}
    root = _parse_xml(_read_member(zf, CORE_PART, label), CORE_PART, label, required=False)
    if root is None:
        return {}
    meta: dict[str, str] = {}
    for key, tag in _CORE_FIELDS.items():
        el = root.find(tag)
        if el is not None and el.text and el.text.strip():
            meta[key] = unicodedata.normalize("NFC", " ".join(el.text.split()))
    return meta


def read_docx(data: bytes, label: str = "input") -> SourceText:
    """The text of a .docx file, one line per paragraph, or ``UnreadableInput``."""
    zf = _open_zip(data, label)
    with zf:
        if DOCUMENT_PART not in zf.NameToInfo:
            raise _refuse(label, f"thiếu {DOCUMENT_PART}, không phải tệp Word .docx "
                                 f"(no {DOCUMENT_PART}: not a Word document)")
        root = _parse_xml(_read_member(zf, DOCUMENT_PART, label), DOCUMENT_PART, label)
        ns = _ns(root.tag)
        if ns not in _W_NAMESPACES or etree.QName(root).localname != "document":
            raise _refuse(label, f"{DOCUMENT_PART} không phải tài liệu WordprocessingML "
                                 "(not a WordprocessingML document)")
        w = "{%s}" % ns
        styles_root = None
        if STYLES_PART in zf.NameToInfo:
            styles_root = _parse_xml(_read_member(zf, STYLES_PART, label), STYLES_PART, label,
                                     required=False)
        meta = _core_properties(zf, label)
    walker = _Walker(w, _Styles(styles_root))
    body = root.find(w + "body")
    if body is not None:
        walker.blocks(body)
    return SourceText(text="\n".join(walker.lines), meta=meta,
                      paragraphs=walker.paragraphs, format="docx")


__all__ = ["read_docx", "MAX_INPUT_BYTES", "MAX_MEMBERS", "MAX_UNCOMPRESSED_BYTES", "MAX_RATIO"]
