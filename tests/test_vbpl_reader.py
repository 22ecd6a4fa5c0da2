"""The vbpl.vn reader on the real pages of ItemID 2315 (Luật 21-LCT/HDNN8,
Bảo vệ sức khoẻ nhân dân, 1989), copied from public-data:data/vbpl-pages/
into corpus/vbpl/2315/. Every expected value below was read in those pages.

The real history page has two rows and the real related page lists one
document (the 1980 Constitution, "Không số") under two headings: that is
all vbpl shows for this law, so that is all these tests check. Headings
that do not occur on the page are checked through ``relation_for_heading``
with the heading strings alone.
"""
import datetime as dt
import re
import unicodedata

import pytest

from conftest import VBPL_PAGES
from indexer.sources import SourceText, UnreadableInput
from indexer.sources import vbpl

PAGES = VBPL_PAGES


def page(kind: str) -> bytes:
    return (PAGES / f"example_{kind}_2315.html").read_bytes()


# --- Thuộc tính ------------------------------------------------------------------

@pytest.fixture(scope="module")
def props():
    return vbpl.read_properties(page("p"))


def test_properties_identity(props):
    assert props.item_id == 2315
    assert props.number == "21-LCT/HDNN8"
    assert props.number_printed == "21-LCT/HDNN8"
    assert props.doc_type == "Luật"
    assert props.title == "Bảo vệ sức khoẻ nhân dân"


def test_properties_issuer_and_signer(props):
    assert props.issuer == "Quốc hội"
    assert props.signer == "Lê Quang Đạo"
    assert props.signer_title == "Chủ tịch Quốc hội"
    assert props.signatures == [vbpl.VbplSignature("Quốc hội", "Chủ tịch Quốc hội", "Lê Quang Đạo")]


def test_properties_dates_and_status(props):
    assert props.issued == dt.date(1989, 6, 30)
    assert props.effective_from == dt.date(1989, 7, 11)
    assert props.effective_until is None          # the page prints no "Ngày hết hiệu lực"
    assert props.status == "Còn hiệu lực"         # vbpl's value, as printed
    assert props.expiry_reason is None
    assert props.expired_part is None


def test_properties_gazette_scope_fields(props):
    assert props.collected_from == "Công báo số 1/1992"
    assert props.gazette == "Công báo số 1/1992"
    assert props.gazette_date == dt.date(1992, 1, 15)
    assert props.scope == ["Toàn quốc"]           # "Phạm vi" is territorial here, not an expiry scope
    assert props.sectors == ["Tổ chức - Cán bộ Chính phủ"]
    assert props.fields == []                     # "Lĩnh vực" is printed empty
    assert props.info == {"Hiệu lực": "Còn hiệu lực", "Ngày có hiệu lực": "11/07/1989"}


def test_properties_raw_keeps_every_label(props):
    assert props.raw == {
        "Số ký hiệu": "21-LCT/HDNN8",
        "Ngày ban hành": "30/06/1989",
        "Loại văn bản": "Luật",
        "Ngày có hiệu lực": "11/07/1989",
        "Nguồn thu thập": "Công báo số 1/1992",
        "Ngày đăng công báo": "15/01/1992",
        "Ngành": "Tổ chức - Cán bộ Chính phủ",
        "Lĩnh vực": "",
        "Cơ quan ban hành/ Chức danh / Người ký": "Quốc hội / Chủ tịch Quốc hội / Lê Quang Đạo",
        "Phạm vi": "Toàn quốc",
        "Thông tin áp dụng": "",
        "Tình trạng hiệu lực": "Còn hiệu lực",
    }
    for value in props.raw.values():
        assert value == unicodedata.normalize("NFC", value)


# --- Lịch sử -------------------------------------------------------------------

def test_history_rows():
    rows = vbpl.read_history(page("h"))
    assert [(r.date, r.kind, r.number, r.item_id) for r in rows] == [
        (dt.date(1989, 6, 30), "Văn bản được ban hành", "21-LCT/HDNN8", 2315),
        (dt.date(1989, 7, 11), "Văn bản có hiệu lực", "21-LCT/HDNN8", 2315),
    ]
    assert [r.date_printed for r in rows] == ["30/06/1989", "11/07/1989"]
    assert [r.event_kind for r in rows] == [None, "takes_effect"]
    assert [r.part for r in rows] == [None, None]
    assert rows[1].evidence == "11/07/1989 | Văn bản có hiệu lực | 21-LCT/HDNN8"


# --- VB liên quan ----------------------------------------------------------------

def test_related_documents():
    rels = vbpl.read_related(page("r"))
    assert [(r.heading, r.code, r.direction) for r in rels] == [
        ("Văn bản căn cứ", "basis", vbpl.OUTGOING),          # the law is based on the Constitution
        ("Văn bản được hướng dẫn", "guides", vbpl.OUTGOING),  # the law guides the Constitution
    ]
    for r in rels:
        assert r.item_id == 1534
        assert r.link_text == "Hiến pháp Không số Hiến pháp năm 1980"
        assert r.doc_type == "Hiến pháp"
        assert r.number is None and r.number_printed == "Không số"
        assert r.title == "Hiến pháp năm 1980"
        assert r.issued == dt.date(1980, 12, 18)
        assert r.effective_from == dt.date(1980, 12, 19)
        assert not r.partial and not r.ends_validity
    assert rels[0].edge("21-LCT/HDNN8") == ("21-LCT/HDNN8", "basis", "vbpl:1534")


@pytest.mark.parametrize("heading, expected", [
    # the listed document is acted on by this one
    ("Văn bản căn cứ", ("basis", "outgoing", False, False)),
    ("Văn bản được hướng dẫn", ("guides", "outgoing", False, False)),
    ("Văn bản được quy định chi tiết", ("details", "outgoing", False, False)),
    ("Văn bản bị thay thế", ("replaces", "outgoing", False, False)),
    ("Văn bản được sửa đổi", ("amends", "outgoing", False, False)),
    ("Văn bản bị sửa đổi bổ sung", ("amends", "outgoing", False, False)),
    ("Văn bản bị đình chỉ 1 phần", ("suspends", "outgoing", True, False)),
    ("Văn bản bị đính chính", ("corrects", "outgoing", False, False)),
    ("Văn bản hết hiệu lực", (None, "outgoing", False, True)),
    ("Văn bản bị hết hiệu lực 1 phần", (None, "outgoing", True, True)),
    # the listed document acts on this one
    ("Văn bản hướng dẫn", ("guides", "incoming", False, False)),
    ("Văn bản thay thế", ("replaces", "incoming", False, False)),
    ("Văn bản sửa đổi bổ sung", ("amends", "incoming", False, False)),
    ("Văn bản sửa đổi, bổ sung", ("amends", "incoming", False, False)),
    ("Văn bản bãi bỏ một phần", ("repeals", "incoming", True, False)),
    ("Văn bản đình chỉ", ("suspends", "incoming", False, False)),
    ("Văn bản đính chính", ("corrects", "incoming", False, False)),
    ("Văn bản quy định hết hiệu lực", (None, "incoming", False, True)),
    ("Văn bản quy định hết hiệu lực 1 phần", (None, "incoming", True, True)),
    # not certain: kept with the printed heading, no code or no direction
    ("Văn bản HD, QĐ chi tiết", (None, "incoming", False, False)),
    ("Văn bản dẫn chiếu", ("cites", None, False, False)),
    ("Văn bản liên quan khác", (None, None, False, False)),
])
def test_relation_headings(heading, expected):
    assert vbpl.relation_for_heading(heading) == expected


def test_listing_titles():
    assert vbpl.split_listing_title("Luật 21-LCT/HDNN8") == ("Luật", "21-LCT/HDNN8", "21-LCT/HDNN8", None)
    assert vbpl.split_listing_title("Hiến pháp Không số Hiến pháp năm 1980") == (
        "Hiến pháp", None, "Không số", "Hiến pháp năm 1980")


# --- Toàn văn --------------------------------------------------------------------

@pytest.fixture(scope="module")
def full() -> SourceText:
    return vbpl.read_fulltext(page("full"))


def test_fulltext_meta(full):
    assert full.format == "vbpl"
    m = full.meta
    assert m["item_id"] == 2315
    assert m["page_title"] == "Luật 21-LCT/HDNN8"
    assert m["doc_type"] == "Luật"
    assert m["number"] == "21-LCT/HDNN8"
    assert m["issuer"] == "QUỐC HỘI"
    assert m["place_date"] == "Hà Nội, ngày 30 tháng 6 năm 1989"
    assert m["place"] == "Hà Nội"
    assert m["issued"] == "1989-06-30"
    assert m["status"] == "Còn hiệu lực"
    assert m["effective_from"] == "1989-07-11"
    assert m["signer"] == "Lê Quang Đạo"
    assert m["signer_title"] == "Chủ tịch Quốc hội"
    assert m["attachments"] == ["21-LCT_HDNN8_37690.doc"]


def test_fulltext_lines(full):
    lines = full.text.split("\n")
    assert lines[:7] == [
        "QUỐC HỘI", "Số: 21-LCT/HDNN8", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 30 tháng 6 năm 1989",
        "LUẬT", "BẢO VỆ SỨC KHOẺ NHÂN DÂN",
    ]
    assert ("Sức khoẻ là vốn quý nhất của con người, là một trong những điều cơ bản để con người "
            "sống hạnh phúc, là mục tiêu và là nhân tố quan trọng trong việc phát triển kinh tế, "
            "văn hoá, xã hội và bảo vệ Tổ quốc.") in lines
    assert "Căn cứ vào Điều 47, Điều 61 và Điều 83 của Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam;" in lines
    # "&#58;" in the page is a colon
    assert ("1- Thanh tra Nhà nước về y tế thuộc ngành y tế bao gồm: Thanh tra vệ sinh, "
            "thanh tra khám bệnh, chữa bệnh và thanh tra dược.") in lines
    assert [ln for ln in lines if re.fullmatch(r"Điều \d+", ln)] == [f"Điều {i}" for i in range(1, 56)]
    # as printed: the page numbers its third chapter "CHƯƠNG II" again
    assert [ln for ln in lines if ln.startswith("CHƯƠNG ")][:3] == ["CHƯƠNG I", "CHƯƠNG II", "CHƯƠNG II"]
    assert lines[-4:] == [
        "Luật này đã được Quốc hội nước Cộng hoà xã hội chủ nghĩa Việt Nam khoá VIII, kỳ họp thứ 5 "
        "thông qua ngày 30 tháng 6 năm 1989.",
        "Chủ tịch Quốc hội", "(Đã ký)", "Lê Quang Đạo",
    ]
    assert all(ln == ln.strip() and "  " not in ln for ln in lines)


def test_fulltext_paragraphs(full):
    text = full.text
    assert text == unicodedata.normalize("NFC", text)
    assert [text[p.start:p.end] for p in full.paragraphs] == text.split("\n")
    styles = [p.style for p in full.paragraphs]
    assert styles[:5] == ["header"] * 5 and styles[-3:] == ["signature"] * 3
    assert set(styles[5:-3]) == {"body"}
    by_text = {text[p.start:p.end]: p for p in full.paragraphs}
    assert by_text["Điều 1"].bold and by_text["LUẬT"].bold
    assert not by_text["Quyền và nghĩa vụ của công dân trong bảo vệ sức khoẻ."].bold


@pytest.mark.parametrize("chrome", [
    "function", "$(", "ShowDialogDownload", "document.title", "{", "}",
    "CSDL", "Văn bản quy phạm pháp luật", "Văn bản hợp nhất", "Mục lục văn bản",
    "Cơ quan ban hành", "Loại văn bản", "Năm ban hành", "Tòa án nhân dân tối cao",
    "Toàn văn", "Thuộc tính", "Lịch sử", "Lược đồ", "Tải về", "Bản in", "Xem nhanh",
    "Hiệu lực:", "Ngày có hiệu lực", "Tải file đính kèm", "File đính kèm", ".doc",
    "Gửi phản hồi", "CƠ SỞ DỮ LIỆU", "This div", "cache",
])
def test_fulltext_has_no_page_chrome(full, chrome):
    assert chrome not in full.text


# --- pages without the block, and inputs that are not pages ------------------------

def test_missing_blocks_give_empty_results():
    for kind in ("full", "h", "r"):
        p = vbpl.read_properties(page(kind))
        assert p.item_id == 2315
        assert p.number is None and p.title is None and p.status is None and p.raw == {}
    for kind in ("full", "p", "r"):
        assert vbpl.read_history(page(kind)) == []
    for kind in ("full", "p", "h"):
        assert vbpl.read_related(page(kind)) == []
    for kind in ("p", "h", "r"):
        st = vbpl.read_fulltext(page(kind))
        assert st.text == "" and st.paragraphs == [] and st.meta["item_id"] == 2315
    bare = b"<html><body><p>Trang kh\xc3\xa1c</p></body></html>"
    assert vbpl.read_properties(bare).raw == {}
    assert vbpl.read_history(bare) == [] and vbpl.read_related(bare) == []
    assert vbpl.read_fulltext(bare).text == ""


@pytest.mark.parametrize("data", [
    b"", b"  \n", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"PK\x03\x04\x14\x00", b"\x00\x01\x02\x03",
    "Luật 21-LCT/HDNN8 Bảo vệ sức khoẻ nhân dân".encode("utf-8"),
])
def test_not_html_raises_one_line(data):
    for read in (vbpl.read_properties, vbpl.read_history, vbpl.read_related, vbpl.read_fulltext):
        with pytest.raises(UnreadableInput) as e:
            read(data)
        assert "\n" not in str(e.value) and str(e.value)
