"""The HTML reader: a real vbpl.vn page, decoding, layout, bold, and hostile
input (scripts, event handlers, deep nesting, huge pages)."""
from __future__ import annotations

import codecs
import re
import time
import unicodedata

import pytest

from indexer.sources import SourceText
from indexer.sources import html as html_module
from indexer.sources.html import read_html
from indexer.sources.text import UnreadableInput

from conftest import VBPL_PAGES

VBPL_PAGE = VBPL_PAGES / "example_full_2315.html"
PREAMBLE = ("Sức khoẻ là vốn quý nhất của con người, là một trong những điều cơ bản để "
            "con người sống hạnh phúc, là mục tiêu và là nhân tố quan trọng trong việc phát "
            "triển kinh tế, văn hoá, xã hội và bảo vệ Tổ quốc.")
REPORT_LINE = "Sở Lao động Thương binh và Xã hội báo cáo công tác CCHC năm 2019 như sau:"
HEADING_I = "I. CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"


def paragraphs(st: SourceText) -> list[str]:
    """The paragraph spans tile the text, one line (or more, for <br>) each."""
    pos = 0
    out = []
    for p in st.paragraphs:
        assert p.start == pos and p.start <= p.end <= len(st.text)
        out.append(st.text[p.start:p.end])
        pos = p.end + 1
    assert "\n".join(out) == st.text
    return out


def refused(data: bytes, label: str = "page.html") -> str:
    with pytest.raises(UnreadableInput) as exc:
        read_html(data, label)
    message = str(exc.value)
    assert message.startswith(label + ": ") and "\n" not in message
    assert re.search(r"\([a-zA-Z][^()]*\)$", message), message
    return message


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: precomposed where the code page has the letter,
    otherwise base letter plus combining tone mark, as Vietnamese Windows writes it."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


# --- the real vbpl page -------------------------------------------------------------

@pytest.fixture(scope="module")
def vbpl() -> SourceText:
    return read_html(VBPL_PAGE.read_bytes(), VBPL_PAGE.name)


def test_vbpl_content_comes_out(vbpl):
    lines = paragraphs(vbpl)
    assert vbpl.format == "html"
    assert vbpl.meta["title"] == "Trung ương"
    assert vbpl.meta["encoding"] == "utf-8"
    assert PREAMBLE in lines
    assert "Luật này quy định việc bảo vệ sức khoẻ nhân dân." in lines
    assert "Hà Nội, ngày 30 tháng 6 năm 1989" in lines      # collapsed from five lines of source
    assert "Căn cứ vào Điều 47, Điều 61 và Điều 83 của Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam;" in lines
    i = lines.index("Điều 1")
    assert lines[i + 1] == "Quyền và nghĩa vụ của công dân trong bảo vệ sức khoẻ."
    assert vbpl.text == unicodedata.normalize("NFC", vbpl.text)
    assert "\u00a0" not in vbpl.text and "  " not in vbpl.text


def test_vbpl_chrome_scripts_and_styles_do_not_come_out(vbpl):
    for chrome in ("$(document).ready", "gtag(", "dataLayer", "MSOWebPartPageFormName",
                   "cluetip", "renderDonVi", "ShowDialogDownload", "function", "<![CDATA[",
                   ".banner", "background:", "text-transform", "_spFormDigestRefreshInterval",
                   "Timer:00", "UrlControls"):
        assert chrome not in vbpl.text, chrome


def test_vbpl_bold_headings(vbpl):
    flags = {vbpl.text[p.start:p.end]: p.bold for p in vbpl.paragraphs}
    assert flags["LUẬT"] and flags["BẢO VỆ SỨC KHOẺ NHÂN DÂN"]
    assert flags["CHƯƠNG I"] and flags["Điều 1"] and flags["Điều 55"]
    assert not flags["Quyền và nghĩa vụ của công dân trong bảo vệ sức khoẻ."]
    assert not flags[PREAMBLE]                      # italic, not bold
    styles = {vbpl.text[p.start:p.end]: p.style for p in vbpl.paragraphs}
    assert styles["Điều 1"] == "p"


# --- scripts and other hostile markup ---------------------------------------------------

def test_script_and_event_handlers_never_in_text():
    page = """<!DOCTYPE html><html><head><title>Báo cáo<script>alert(0)</script></title>
    <script>alert(1)</script><style>body{} alert(2)</style>
    <meta http-equiv="refresh" content="0;url=javascript:alert(3)"></head>
    <body onload="alert(4)"><p>Tuyên truyền<script>alert(5)</script> CCHC</p>
    <img src=x onerror="alert(6)"><img src=y onerror=alert(7)>
    <a href="javascript:alert(8)" onclick="alert(9)">Kế hoạch số 431/KH-UBND</a>
    <noscript>alert(10)</noscript><template><p>alert(11)</p></template>
    <iframe srcdoc="<script>alert(12)</script>">alert(13)</iframe>
    <object data="x.swf">alert(14)</object><embed src="x" onload="alert(15)">
    <svg><script>alert(16)</script></svg><!-- alert(17) -->
    <div><SCRIPT type="text/javascript">alert(18)</SCRIPT>Hết.</div></body></html>""".encode()
    st = read_html(page)
    assert "alert" not in st.text and "javascript" not in st.text
    assert paragraphs(st) == ["Tuyên truyền CCHC", "Kế hoạch số 431/KH-UBND", "Hết."]
    assert st.meta["title"] == "Báo cáo"


def test_comments_removed():
    st = read_html(b"<p>Ban h<!-- bi mat -->\xc3\xa0nh</p>")
    assert st.text == "Ban hành"


# --- layout ---------------------------------------------------------------------------------

def test_blocks_become_lines():
    page = f"""<body><div>Thực hiện <p>{HEADING_I}</p> như sau:</div>
    <h2>1. Về   kế hoạch
        cải cách hành chính</h2>
    <ul><li>Kế hoạch Cải cách hành chính</li><li>Kế hoạch&nbsp;&nbsp;Tuyên truyền</li></ul>
    <table><tr><th>Số</th><td>617/SLĐTBXH-VP</td></tr><tr><td>Ngày</td><td>01/4/2019</td></tr></table>
    <section>Đến nay<br>Sở đã hoàn thành<br/><br/> 100% kế hoạch</section>
    <span>inline</span> <b>text</b><hr>after rule</body>""".encode()
    st = read_html(page)
    assert paragraphs(st) == [
        "Thực hiện", HEADING_I, "như sau:",
        "1. Về kế hoạch cải cách hành chính",
        "Kế hoạch Cải cách hành chính", "Kế hoạch Tuyên truyền",
        "Số", "617/SLĐTBXH-VP", "Ngày", "01/4/2019",
        "Đến nay\nSở đã hoàn thành\n100% kế hoạch",
        "inline text", "after rule",
    ]
    styles = [p.style for p in st.paragraphs]
    assert styles[:5] == ["div", "p", "div", "h2", "li"]
    assert styles[6:8] == ["th", "td"]


def test_bold_detection():
    page = f"""<p><strong>{HEADING_I}</strong></p>
    <p style="font-weight:bold">II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC</p>
    <p> <span style="color:red; font-weight: 700">1. Về cải cách thể chế</span> </p>
    <p><b>2. Cải cách</b> thủ tục hành chính</p>
    <p><b style="font-weight: normal">3. Cải cách tổ chức bộ máy</b></p>
    <div style="font-weight:bold">4. Cải cách <span style="font-weight:400">chế độ công vụ</span></div>
    <p><b>5. Cải cách </b><b><i>tài chính công</i></b></p>""".encode()
    st = read_html(page)
    assert [p.bold for p in st.paragraphs] == [True, True, True, False, False, False, True]


def test_pre_keeps_its_lines():
    st = read_html("<pre>Điều 1.\n   Phạm vi điều chỉnh\n\nĐiều 2.</pre>".encode())
    assert st.text == "Điều 1.\nPhạm vi điều chỉnh\nĐiều 2."
    assert len(st.paragraphs) == 1 and st.paragraphs[0].style == "pre"


def test_nfc():
    st = read_html(unicodedata.normalize("NFD", f"<p>{HEADING_I}</p>").encode())
    assert st.text == HEADING_I


def test_empty_page():
    for data in (b"", b"   \n", b"<html><head><title>x</title></head><body></body></html>"):
        st = read_html(data)
        assert st.text == "" and st.paragraphs == []


# --- decoding --------------------------------------------------------------------------------

def test_meta_charset_windows_1258():
    page = b'<html><head><meta charset="windows-1258"></head><body><p>' \
        + to_cp1258(REPORT_LINE) + b"</p></body></html>"
    assert page.decode("utf-8", "replace") != page.decode("cp1258")
    st = read_html(page)
    assert st.text == REPORT_LINE and st.meta["encoding"] == "cp1258"


def test_http_equiv_charset():
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">' \
        b"</head><body><p>" + to_cp1258(HEADING_I) + b"</p></body></html>"
    assert read_html(page).text == HEADING_I


def test_boms():
    page = f"<p>{REPORT_LINE}</p>"
    assert read_html(codecs.BOM_UTF8 + page.encode()).text == REPORT_LINE
    assert read_html(page.encode("utf-16")).text == REPORT_LINE          # with its BOM
    # a BOM wins over a wrong declaration
    assert read_html(codecs.BOM_UTF8 + b'<meta charset="windows-1258">' + page.encode()).text == REPORT_LINE


def test_utf8_without_declaration_then_cp1258():
    assert read_html(f"<p>{REPORT_LINE}</p>".encode()).meta["encoding"] == "utf-8"
    st = read_html(b"<p>" + to_cp1258(REPORT_LINE) + b"</p>")
    assert st.text == REPORT_LINE and st.meta["encoding"] == "cp1258"


def test_mislabelled_latin1_page_read_as_utf8():
    page = b'<meta charset="iso-8859-1"><p>' + REPORT_LINE.encode() + b"</p>"
    assert read_html(page).text == REPORT_LINE


def test_wrong_declaration_falls_back():
    page = b'<meta charset="windows-1258"><p>' + REPORT_LINE.encode() + b"\x81</p>"
    st = read_html(b'<meta charset="no-such-charset"><p>' + REPORT_LINE.encode() + b"</p>")
    assert st.text == REPORT_LINE
    assert "không nhận ra bảng mã" in refused(page)


def test_undecodable_refused():
    # invalid UTF-8, and 0x81 0x8d are undefined in Windows-1258
    assert "encoding" in refused(b"<p>Ban h\x81\x8dnh</p>")


def test_binary_and_other_formats_refused():
    assert "binary" in refused(b"<p>\x00\x01\x02</p>")
    assert "PDF" in refused(b"%PDF-1.7\n")
    assert "docx" in refused(b"PK\x03\x04" + b"\x00" * 40)
    assert "UTF-8" in refused(codecs.BOM_UTF8 + b"<p>\xff</p>")


# --- hostile sizes and shapes -----------------------------------------------------------------

def test_deep_nesting_does_not_crash():
    for page in ("<div>" * 100_000 + "Điều 1" + "</div>" * 100_000,
                 "<div>" * 100_000 + "Điều 1",                       # never closed
                 "<p>" + "<b><i>" * 50_000 + "Điều 1"):
        start = time.perf_counter()
        try:
            st = read_html(page.encode(), "deep.html")
        except UnreadableInput as e:
            message = str(e)
            assert message.startswith("deep.html: ") and "\n" not in message
        else:
            assert "Điều 1" in st.text
        assert time.perf_counter() - start < 10


def test_moderate_nesting_is_read():
    st = read_html(("<div>" * 500 + f"<b>{HEADING_I}</b>" + "</div>" * 500).encode())
    assert st.text == HEADING_I and st.paragraphs[0].bold


def test_20_mb_page():
    para = f"<p>{REPORT_LINE}</p>\n"
    page = ("<html><body>" + para * (20 * 1024 * 1024 // len(para.encode())) + "</body></html>").encode()
    assert len(page) > 19 * 1024 * 1024
    start = time.perf_counter()
    st = read_html(page)
    assert time.perf_counter() - start < 60
    assert len(st.paragraphs) == page.count(b"<p>")
    p = st.paragraphs[-1]
    assert st.text[p.start:p.end] == REPORT_LINE


def test_20_mb_single_text_node():
    body = (REPORT_LINE + " ") * (20 * 1024 * 1024 // len((REPORT_LINE + " ").encode()))
    st = read_html(f"<p>{body}</p>".encode())
    assert st.text == body.strip()


def test_too_large_refused(monkeypatch):
    monkeypatch.setattr(html_module, "MAX_BYTES", 1000)
    start = time.perf_counter()
    assert "quá lớn" in refused(b"<p>" + b"x" * 2000 + b"</p>")
    assert time.perf_counter() - start < 1


def test_size_limit_constant():
    assert html_module.MAX_BYTES == 50 * 1024 * 1024
    assert "quá lớn" in refused(b" " * (html_module.MAX_BYTES + 1))
