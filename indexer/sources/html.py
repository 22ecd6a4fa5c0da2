"""Reading an HTML page into text, one line per block, safely.

Decoding: a byte-order mark wins; then the charset the page declares
(``<meta charset>``, ``<meta http-equiv="Content-Type">`` or an XML
declaration, looked for in the first 64 KB); then UTF-8; then Windows-1258
(cp1258) as a last resort, only if the bytes decode. A page declared as
ASCII/Latin-1/Windows-1252 whose bytes are valid UTF-8 with non-ASCII
characters is read as UTF-8 (a very common mislabelling of Vietnamese pages).

Parsing: lxml.html with comments and processing instructions removed and no
network. ``script``, ``style``, ``noscript``, ``template``, ``iframe``,
``object``, ``head`` (and a few other never-displayed or embedded elements)
are dropped with their content; attributes (``onerror=...``) never reach the
text. Block elements (``p``, ``div``, ``li``, ``tr``, ``td``, ``h1``-``h6``,
``section``, ...) end a line; ``br`` is a line break inside its paragraph.
Runs of white space (``&nbsp;`` included) are collapsed inside a line, lines
are stripped, empty lines dropped, and the text is NFC.

Each run of text between block boundaries is a ``Paragraph`` with
``style`` the tag of the block that holds it (``"p"``, ``"h2"``, ``"td"``) and
``bold`` when all its visible text is inside ``b``/``strong`` or an element
whose inline style says ``font-weight: bold`` (or 600 and above).

Hostile input: pages larger than ``MAX_BYTES`` are refused; a page nested
deeper than the parser's limit is refused rather than silently truncated; the
tree is walked without recursion.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

import lxml.html
from lxml import etree

from indexer.sources import Paragraph, SourceText
from indexer.sources.text import UnreadableInput

MAX_BYTES = 50 * 1024 * 1024       # an HTML page larger than this is refused
SNIFF_BYTES = 64 * 1024            # where a charset declaration is looked for
MAX_TITLE_CHARS = 2000             # a <title> longer than this is cut

# never displayed, or someone else's document: dropped with all their content.
# Not "embed", "source", "track", "wbr": they are void, but libxml2 parses them as
# containers of whatever follows; they have no text of their own and are walked
# through like inline elements.
DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "head",
    "applet", "frame", "frameset", "noframes", "svg", "math", "canvas",
    "audio", "video", "title", "select", "datalist", "xml",
)
BLOCK_TAGS = frozenset("""
    address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend
    li listing main menu nav ol p pre section summary table tbody td tfoot th thead tr ul
    plaintext xmp
""".split())
BOLD_TAGS = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})   # headings: bold as browsers draw them
PRE_TAGS = frozenset({"pre", "listing", "plaintext", "xmp", "textarea"})

_META_CHARSET_RE = re.compile(
    rb"<meta\b[^>]{0,1024}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]{1,40})", re.IGNORECASE)
_XML_DECL_RE = re.compile(
    rb"^\s*<\?xml\b[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]{1,40})", re.IGNORECASE)
_FONT_WEIGHT_RE = re.compile(r"font-weight\s*:\s*([a-z0-9]+)", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
_SCRIPT_IN_TEXT_RE = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>?")
_LATIN1_LABELS = {"ascii", "latin-1", "iso8859-1", "cp1252"}
_BREAK = object()      # a <br> (or a newline inside <pre>) in a paragraph


def _refuse(label: str, reason: str) -> UnreadableInput:
    return UnreadableInput(f"{label}: {reason}")


# --- decoding ----------------------------------------------------------------

def _declared(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    m = _XML_DECL_RE.match(head) or _META_CHARSET_RE.search(head)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes, label: str = "input") -> tuple[str, str]:
    """(text, encoding used) of an HTML page's bytes, or ``UnreadableInput``."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:
            raise _refuse(label, f"UTF-8 hỏng ở byte {e.start + 3} (invalid UTF-8 after BOM)") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise _refuse(label, f"UTF-16 hỏng ở byte {e.start} (invalid UTF-16)") from None
    if data.startswith(b"PK\x03\x04"):
        raise _refuse(label, "tệp nén/.docx, không phải HTML (zip/.docx, not HTML)")
    if data.startswith(b"%PDF"):
        raise _refuse(label, "tệp PDF, không phải HTML (PDF, not HTML)")
    if b"\x00" in data[:8192]:
        raise _refuse(label, "tệp nhị phân, không phải HTML (binary file)")

    declared = _declared(data)
    if declared and (declared.startswith("utf-16") or declared.startswith("utf-32")):
        declared = "utf-8"      # a page that can declare it in ASCII is not UTF-16
    candidates = []
    if declared in _LATIN1_LABELS and not data.isascii():
        candidates.append("utf-8")
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "cp1258"]
    for enc in dict.fromkeys(candidates):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    raise _refuse(label, "không nhận ra bảng mã: không phải "
                         + (f"{declared} như trang khai báo, " if declared else "")
                         + "UTF-8 hay Windows-1258; hãy lưu lại tệp dưới dạng UTF-8 "
                         "(unknown character encoding)")


# --- text -------------------------------------------------------------------------

def _weight(el, inherited: bool) -> bool:
    bold = inherited
    if el.tag in BOLD_TAGS:
        bold = True
    style = el.get("style")
    if style and "font-weight" in style.lower():
        found = _FONT_WEIGHT_RE.findall(style)
        if found:
            value = found[-1].lower()
            if value in ("bold", "bolder"):
                bold = True
            elif value in ("normal", "lighter"):
                bold = False
            elif value.isdigit():
                bold = int(value) >= 600
    return bold


class _Lines:
    """Collects the text of one paragraph at a time and lays out the result."""

    def __init__(self):
        self.lines: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self.pos = 0
        self.pieces: list = []          # str or _BREAK
        self.flags: list[bool] = []     # bold of each piece with visible text

    def add(self, text: str | None, bold: bool, pre: bool) -> None:
        if not text:
            return
        if pre and "\n" in text:
            first = True
            for part in text.split("\n"):
                if not first:
                    self.pieces.append(_BREAK)
                first = False
                self.add(part, bold, False)
            return
        self.pieces.append(text)
        if not text.isspace():
            self.flags.append(bold)

    def brk(self) -> None:
        self.pieces.append(_BREAK)

    def flush(self, style: str | None) -> None:
        if not self.pieces:
            return
        pieces, flags = self.pieces, self.flags
        self.pieces, self.flags = [], []
        sublines: list[str] = []
        current: list[str] = []
        for piece in pieces + [_BREAK]:
            if piece is _BREAK:
                line = _SPACE_RE.sub(" ", "".join(current)).strip()
                if line:
                    sublines.append(line)
                current = []
            else:
                current.append(piece)
        if not sublines:
            return
        text = unicodedata.normalize("NFC", "\n".join(sublines))
        start = self.pos
        self.lines.append(text)
        self.paragraphs.append(Paragraph(start, start + len(text),
                                         bold=bool(flags) and all(flags), style=style))
        self.pos = start + len(text) + 1


def _too_deep(parser) -> str | None:
    for e in parser.error_log:
        msg = e.message or ""
        if (e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT or "XML_PARSE_HUGE" in msg
                or "Excessive depth" in msg):
            msg = msg.strip().splitlines()[0] if msg.strip() else "resource limit"
            return msg.split(", use XML_PARSE_HUGE")[0].split(", try XML_PARSE_HUGE")[0]
    return None


def read_html(data: bytes, label: str = "input") -> SourceText:
    """The text of an HTML page, one line per block, or ``UnreadableInput``."""
    if len(data) > MAX_BYTES:
        raise _refuse(label, f"tệp HTML quá lớn ({len(data)} byte; tối đa {MAX_BYTES}) "
                             "(file too large)")
    text, encoding = decode_html(data, label)
    meta: dict = {"encoding": encoding}
    if not text.strip():
        return SourceText(text="", meta=meta, paragraphs=[], format="html")

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=True, encoding="utf-8", default_doctype=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise _refuse(label, f"không phân tích được HTML: {reason} (unparsable HTML)") from None
    problem = _too_deep(parser)
    if problem:
        raise _refuse(label, f"HTML lồng thẻ quá sâu hoặc vượt giới hạn của bộ phân tích ({problem}) "
                             "(nesting or size beyond parser limits)")
    if root is None:
        return SourceText(text="", meta=meta, paragraphs=[], format="html")

    title = next(root.iter("title"), None)
    if title is not None:
        t = title.text_content()[:MAX_TITLE_CHARS]
        if "<" in t:       # <title> is raw text: markup in it is literal, and unwanted
            t = _TAG_RE.sub("", _SCRIPT_IN_TEXT_RE.sub("", t))
        t = _SPACE_RE.sub(" ", t).strip()
        if t:
            meta["title"] = unicodedata.normalize("NFC", t)

    for el in list(root.iter(*DROP_TAGS)):
        if el is not root:
            el.drop_tree()
    if root.tag in DROP_TAGS:
        return SourceText(text="", meta=meta, paragraphs=[], format="html")

    out = _Lines()
    bold_stack = [False]
    blocks: list[str] = ["html"]
    pre_depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):      # comments and PIs are removed; keep tails anyway
            if event == "end":
                out.add(el.tail, bold_stack[-1], pre_depth > 0)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in BLOCK_TAGS:
                out.flush(blocks[-1])
                blocks.append(tag)
            elif tag == "br":
                out.brk()
            if tag in PRE_TAGS:
                pre_depth += 1
            bold_stack.append(_weight(el, bold_stack[-1]))
            out.add(el.text, bold_stack[-1], pre_depth > 0)
        else:
            bold_stack.pop()
            if tag in PRE_TAGS:
                pre_depth -= 1
            if tag in BLOCK_TAGS:
                out.flush(blocks.pop())
            if el is not root:
                out.add(el.tail, bold_stack[-1], pre_depth > 0)
    out.flush(blocks[-1])
    return SourceText(text="\n".join(out.lines), meta=meta, paragraphs=out.paragraphs,
                      format="html")


__all__ = ["read_html", "decode_html", "MAX_BYTES"]
