"""The .docx reader: text, paragraphs, bold, tables, tracked changes, and
hostile archives (zip bombs, billion laughs, path traversal, non-zips).

Every .docx here is written by the test itself from the minimal OOXML parts,
with real text from the 2019 CCHC report of the Hà Tĩnh labour department.
"""
from __future__ import annotations

import io
import re
import struct
import time
import unicodedata
import zipfile
from xml.sax.saxutils import escape

import pytest

from indexer.sources import SourceText
from indexer.sources import docx as docx_module
from indexer.sources.docx import read_docx
from indexer.sources.text import UnreadableInput

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADING_I = "I. CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"
HEADING_II = "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="26"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="MucLon"><w:name w:val="Muc lon"/><w:basedOn w:val="Heading1"/></w:style>
<w:style w:type="paragraph" w:styleId="Thuong"><w:name w:val="Thuong"/><w:basedOn w:val="Heading1"/>
  <w:rPr><w:b w:val="0"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Dam"><w:name w:val="Dam"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Báo cáo cải cách hành chính năm 2019</dc:title>
<dc:creator>Sở Lao động - Thương binh và Xã hội Hà Tĩnh</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2019-12-10T08:00:00Z</dcterms:created>
</cp:coreProperties>"""


# --- building .docx files ---------------------------------------------------------

def run(text: str, bold: bool | None = None, extra_rpr: str = "") -> str:
    rpr = ""
    if bold is not None or extra_rpr:
        b = "" if bold is None else ("<w:b/>" if bold else '<w:b w:val="false"/>')
        rpr = f"<w:rPr>{extra_rpr}{b}</w:rPr>"
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str | None = None, mark_bold: bool = False) -> str:
    ppr = ""
    if style or mark_bold:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") \
            + ("<w:rPr><w:b/></w:rPr>" if mark_bold else "") + "</w:pPr>"
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def document(body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W_NS}" '
            f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            f'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            f'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps">'
            f'<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')


def make_docx(body: str | None = None, *, document_xml: str | bytes | None = None,
              styles: str | bytes | None = None, core: str | bytes | None = None,
              extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        if document_xml is None and body is not None:
            document_xml = document(body)
        if document_xml is not None:
            zf.writestr("word/document.xml", document_xml)
        if styles is not None:
            zf.writestr("word/styles.xml", styles)
        if core is not None:
            zf.writestr("docProps/core.xml", core)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def assert_spans(st: SourceText) -> list[str]:
    """Paragraph spans tile the text: each is a line (or lines, for w:br) of it."""
    assert st.paragraphs
    pos = 0
    out = []
    for p in st.paragraphs:
        assert p.start == pos
        assert 0 <= p.start <= p.end <= len(st.text)
        out.append(st.text[p.start:p.end])
        pos = p.end + 1
    assert pos == len(st.text) + 1
    assert "\n".join(out) == st.text
    return out


def refused(data: bytes, label: str = "upload.docx") -> str:
    with pytest.raises(UnreadableInput) as exc:
        read_docx(data, label)
    message = str(exc.value)
    assert message.startswith(label + ": ")
    assert "\n" not in message
    assert re.search(r"\([a-zA-Z][^()]*\)$", message), message    # an English hint
    return message


# --- real text ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_section(report_text):
    """Section I of the report: its heading, subheadings and body lines."""
    lines = [ln.strip() for ln in report_text.splitlines() if ln.strip()]
    i = lines.index(HEADING_I)
    j = lines.index(HEADING_II)
    return lines[i:j + 1]


def is_heading(line: str) -> bool:
    return re.match(r"^[IVX]+\. ", line) is not None


# --- text and paragraphs ---------------------------------------------------------------

def test_headings_bold_and_body_plain(report_section):
    body = []
    for line in report_section:
        if is_heading(line):     # a heading split over two bold runs, as Word does
            cut = line.index(" ") + 1
            body.append(para(run(line[:cut], bold=True), run(line[cut:], bold=True)))
        else:
            body.append(para(run(line)))
    st = read_docx(make_docx("".join(body), styles=STYLES), "bao-cao.docx")
    assert st.format == "docx"
    # the report has a few decomposed (non-NFC) lines; the reader composes them
    assert assert_spans(st) == [unicodedata.normalize("NFC", ln) for ln in report_section]
    assert any(unicodedata.normalize("NFC", ln) != ln for ln in report_section)
    bold = {st.text[p.start:p.end] for p in st.paragraphs if p.bold}
    assert bold == {HEADING_I, HEADING_II}
    assert "1. Về kế hoạch cải cách hành chính" in st.text.splitlines()
    assert "ban hành công văn số 617/SLĐTBXH-VP ngày 01/4/2019" in st.text


def test_bold_from_paragraph_mark_and_styles():
    body = (
        para(run(HEADING_I), mark_bold=True)                          # pPr/rPr/w:b
        + para(run(HEADING_II), style="Heading1")                     # style with w:b
        + para(run("III. ĐÁNH GIÁ CHUNG"), style="MucLon")            # basedOn Heading1
        + para(run("1. Về cải cách thể chế"), style="Thuong")         # basedOn, b=0
        + para(run("2. Cải cách thủ tục hành chính", extra_rpr='<w:rStyle w:val="Dam"/>'))
        + para(run("Đến nay, Sở đã hoàn thành 100% các nội dung", bold=True),
               run(" theo kế hoạch đã đề ra từ đầu năm.")))            # mixed
    st = read_docx(make_docx(body, styles=STYLES))
    lines = assert_spans(st)
    flags = {lines[i]: p.bold for i, p in enumerate(st.paragraphs)}
    assert flags == {
        HEADING_I: True,
        HEADING_II: True,
        "III. ĐÁNH GIÁ CHUNG": True,
        "1. Về cải cách thể chế": False,
        "2. Cải cách thủ tục hành chính": True,
        "Đến nay, Sở đã hoàn thành 100% các nội dung theo kế hoạch đã đề ra từ đầu năm.": False,
    }
    assert [p.style for p in st.paragraphs] == [None, "Heading1", "MucLon", "Thuong", None, None]


def test_bold_switched_off_and_blank_runs_ignored():
    body = (
        para(run(HEADING_I, bold=False), mark_bold=True)           # run says not bold
        + para(run("  ", bold=False), run(HEADING_II, bold=True))  # blank run does not count
        + para(run(HEADING_II, bold=False), style="Heading1")       # direct beats style
        + para())                                                   # empty: not bold
    st = read_docx(make_docx(body, styles=STYLES))
    assert [p.bold for p in st.paragraphs] == [False, True, False, False]
    assert st.text.splitlines()[1] == "  " + HEADING_II
    assert st.paragraphs[-1].start == st.paragraphs[-1].end == len(st.text)


def test_without_styles_part_style_bold_is_unknown_not_bold():
    st = read_docx(make_docx(para(run(HEADING_I), style="Heading1")))
    assert st.paragraphs[0].style == "Heading1"
    assert st.paragraphs[0].bold is False


def test_tabs_and_breaks_stay_in_their_paragraph():
    body = para('<w:r><w:t>Số:</w:t><w:tab/><w:t>617/SLĐTBXH-VP</w:t><w:br/>'
                '<w:t>V/v đẩy mạnh cải cách hành chính</w:t><w:cr/><w:t>năm 2019</w:t></w:r>') \
        + para(run("Kính gửi: Sở Nội vụ"))
    st = read_docx(make_docx(body))
    lines = assert_spans(st)
    assert lines == ["Số:\t617/SLĐTBXH-VP\nV/v đẩy mạnh cải cách hành chính\nnăm 2019",
                     "Kính gửi: Sở Nội vụ"]
    assert len(st.paragraphs) == 2


def test_table_cells_each_paragraph_its_own_line():
    def cell(*paras):
        return "<w:tc><w:tcPr><w:tcW w:w=\"4500\" w:type=\"dxa\"/></w:tcPr>" + "".join(paras) + "</w:tc>"
    table = (
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
        "<w:tblGrid><w:gridCol w:w=\"4500\"/><w:gridCol w:w=\"4500\"/></w:tblGrid>"
        "<w:tr>" + cell(para(run("UBND TỈNH HÀ TĨNH")),
                        para(run("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", bold=True)))
        + cell(para(run("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)),
               para(run("Độc lập - Tự do - Hạnh phúc"))) + "</w:tr>"
        "<w:tr>" + cell(para(run("Số: 617/SLĐTBXH-VP")))
        + cell(para(run("Hà Tĩnh, ngày 01 tháng 4 năm 2019"))) + "</w:tr></w:tbl>")
    body = para(run("Cải cách hành chính năm 2019")) + table + para(run(HEADING_I, bold=True))
    st = read_docx(make_docx(body))
    assert assert_spans(st) == [
        "Cải cách hành chính năm 2019",
        "UBND TỈNH HÀ TĨNH", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 617/SLĐTBXH-VP", "Hà Tĩnh, ngày 01 tháng 4 năm 2019",
        HEADING_I,
    ]
    assert [p.bold for p in st.paragraphs] == [False, False, True, True, False, False, False, True]


def test_deleted_text_skipped_inserted_text_kept():
    body = para(
        run("Ban hành Kế hoạch số "),
        '<w:del w:id="1" w:author="VP" w:date="2019-02-15T00:00:00Z">'
        '<w:r><w:delText>43</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="VP" w:date="2019-02-15T00:00:00Z">' + run("34") + "</w:ins>",
        run("/KH-SLĐTBXH ngày 15/02/2019 về kiểm tra và tự kiểm tra tình hình thực hiện CCHC năm 2019"),
        '<w:moveFrom w:id="3" w:author="VP">' + run(" (bản cũ)") + "</w:moveFrom>")
    st = read_docx(make_docx(body))
    assert st.text == ("Ban hành Kế hoạch số 34/KH-SLĐTBXH ngày 15/02/2019 về kiểm tra và "
                       "tự kiểm tra tình hình thực hiện CCHC năm 2019")
    assert "43" not in st.text and "bản cũ" not in st.text


def test_hyperlinks_content_controls_and_fields():
    body = (
        para(run("Tuyên truyền Quyết định số "),
             '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             + run("225/QĐ-TTg") + "</w:hyperlink>",
             run(" ngày 04/02/2016 của Thủ tướng Chính phủ"))
        + "<w:sdt><w:sdtPr><w:alias w:val=\"Trích yếu\"/></w:sdtPr><w:sdtContent>"
        + para(run("Về công tác tuyên truyền")) + "</w:sdtContent></w:sdt>"
        + para('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
               '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
               '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', run("2"),
               '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    st = read_docx(make_docx(body))
    assert assert_spans(st) == [
        "Tuyên truyền Quyết định số 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ",
        "Về công tác tuyên truyền",
        "2",
    ]


def test_text_box_read_once_after_its_paragraph():
    box = para(run("DỰ THẢO", bold=True))
    drawing = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
        f"<w:txbxContent>{box}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>")
    st = read_docx(make_docx(para(run("Cải cách hành chính năm 2019"), drawing)
                             + para(run(HEADING_I))))
    assert assert_spans(st) == ["Cải cách hành chính năm 2019", "DỰ THẢO", HEADING_I]
    assert st.paragraphs[1].bold


def test_nfc_and_core_properties():
    decomposed = unicodedata.normalize("NFD", HEADING_I)
    assert decomposed != HEADING_I
    st = read_docx(make_docx(para(run(decomposed)), core=CORE))
    assert st.text == HEADING_I
    assert st.meta == {"title": "Báo cáo cải cách hành chính năm 2019",
                       "creator": "Sở Lao động - Thương binh và Xã hội Hà Tĩnh",
                       "created": "2019-12-10T08:00:00Z"}


def test_broken_optional_parts_are_ignored():
    st = read_docx(make_docx(para(run(HEADING_I, bold=True)), styles="<w:styles", core="not xml"))
    assert st.text == HEADING_I and st.meta == {} and st.paragraphs[0].bold


def test_empty_body():
    st = read_docx(make_docx(""))
    assert st.text == "" and st.paragraphs == [] and st.format == "docx"


# --- refusals -----------------------------------------------------------------------------

def test_not_a_zip_refused(report_text):
    assert "zip" in refused(report_text.encode("utf-8"))
    assert "zip" in refused(b"")
    assert "PDF" in refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert ".doc" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "zip" in refused(b"PK\x03\x04" + b"\x00" * 100)     # truncated archive


def test_no_document_part_refused():
    message = refused(make_docx(None, extra={"word/other.xml": b"<x/>"}))
    assert "word/document.xml" in message


def test_not_wordprocessingml_refused():
    message = refused(make_docx(document_xml="<html><body>Sở Lao động</body></html>"))
    assert "WordprocessingML" in message


def test_malformed_document_refused():
    message = refused(make_docx(document_xml=document(para(run(HEADING_I)))[:-20]))
    assert "XML" in message


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A .docx whose word/media/zeros.bin inflates to 200 MB of zeros."""
    buf = io.BytesIO(make_docx(para(run(HEADING_I))))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        chunk = bytes(1024 * 1024)
        with zf.open("word/media/zeros.bin", "w") as f:
            for _ in range(200):
                f.write(chunk)
    return buf.getvalue()


def test_zip_bomb_refused_without_inflating(zip_bomb):
    assert len(zip_bomb) < 2 * 1024 * 1024
    start = time.perf_counter()
    message = refused(zip_bomb)
    assert time.perf_counter() - start < 0.5
    assert "zip bomb" in message and "word/media/zeros.bin" in message


def test_high_ratio_member_refused():
    # 20 MB of zeros: under the size limits, but compressed a thousandfold
    buf = io.BytesIO(make_docx(para(run(HEADING_I))))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/image1.png", bytes(20 * 1024 * 1024))
    assert "tỷ lệ nén" in refused(buf.getvalue())


def test_declared_size_that_lies_is_not_trusted():
    """A document.xml declaring 2 KB that would inflate to 50 MB: read is cut at 2 KB."""
    real = document(para(run(HEADING_I))).encode()
    payload = real + b" " * (50 * 1024 * 1024)
    data = bytearray(make_docx(document_xml=payload))
    declared = 2048
    # patch the uncompressed size in the local header and in the central directory
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for m in re.finditer(re.escape(sig), bytes(data)):
            name_len_at = m.start() + (26 if sig == b"PK\x03\x04" else 28)
            name_len = struct.unpack("<H", data[name_len_at:name_len_at + 2])[0]
            name_at = m.start() + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(data[name_at:name_at + name_len]) == b"word/document.xml":
                data[m.start() + offset:m.start() + offset + 4] = struct.pack("<I", declared)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml").file_size == declared
    start = time.perf_counter()
    message = refused(bytes(data))
    assert time.perf_counter() - start < 0.5
    assert "word/document.xml" in message


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def test_billion_laughs_refused():
    start = time.perf_counter()
    message = refused(make_docx(document_xml=BILLION_LAUGHS))
    assert time.perf_counter() - start < 0.5
    assert "DOCTYPE" in message


def test_billion_laughs_in_utf16_refused():
    data = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    assert "DOCTYPE" in refused(make_docx(document_xml=data.encode("utf-16")))


def test_external_entity_refused():
    xxe = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    assert "DOCTYPE" in refused(make_docx(document_xml=xxe))


def test_doctype_in_core_properties_refused():
    core = CORE.replace("<cp:coreProperties", '<!DOCTYPE x [<!ENTITY a "b">]><cp:coreProperties', 1)
    assert "docProps/core.xml" in refused(make_docx(para(run(HEADING_I)), core=core))


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "word/../../evil.xml",
                                  "..\\..\\windows\\win.ini", "C:/evil.xml"])
def test_unsafe_member_names_refused(name):
    message = refused(make_docx(para(run(HEADING_I)), extra={name: b"root:x:0:0"}))
    assert "không an toàn" in message and "unsafe member path" in message


def test_duplicate_member_refused():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # zipfile warns about the duplicate name
        data = make_docx(para(run(HEADING_I)),
                         extra={"word/document.xml": document(para(run(HEADING_II))).encode()})
    assert "duplicate" in refused(data)


def test_too_many_members_refused():
    extra = {f"customXml/item{i}.xml": b"<a/>" for i in range(docx_module.MAX_MEMBERS)}
    assert "quá nhiều thành phần" in refused(make_docx(para(run(HEADING_I)), extra=extra))


def test_too_large_input_refused(monkeypatch):
    data = make_docx(para(run(HEADING_I)))
    monkeypatch.setattr(docx_module, "MAX_INPUT_BYTES", len(data) - 1)
    assert "quá lớn" in refused(data)


def test_total_uncompressed_limit(monkeypatch):
    data = make_docx(para(run(HEADING_I)), extra={"word/media/a.bin": bytes(range(256)) * 400})
    monkeypatch.setattr(docx_module, "MAX_UNCOMPRESSED_BYTES", 100_000)
    assert "zip bomb" in refused(data)


def test_encrypted_member_refused():
    data = bytearray(make_docx(para(run(HEADING_I))))
    for m in re.finditer(b"PK\x01\x02", bytes(data)):       # set the "encrypted" flag bit
        data[m.start() + 8] |= 0x1
    assert "encrypted" in refused(bytes(data))


def test_corrupt_member_refused():
    data = bytearray(make_docx(para(run(HEADING_I) * 50)))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10:start + 40] = b"\xff" * 30
    assert "hỏng" in refused(bytes(data))
