"""indexer.header: the header block and the signature of a document as issued.

Real documents: the vbpl.vn full text of Luật 21-LCT/HDNN8 and the shipped
report of the Sở LĐTBXH Hà Tĩnh (whose header was not kept). Composed
documents: tests/data/headers/*.txt, each laid out from one real row of the
Sơn La gazette or the Bình Dương register, with the fields expected from
that row in its .json (see tests/data/headers/README.md).
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.header import Header, parse_header
from indexer.sources.vbpl import read_fulltext
from kb import numbers
from kb.text import fold

from conftest import DATA, ROOT, VBPL_PAGES

HEADERS = DATA / "headers"
CASES = sorted(HEADERS.glob("*.txt"))
# the registers as shipped in corpus/registers (the files the build imports)
SONLA_SQL = ROOT / "corpus" / "registers" / "sonla-congbao.sql"
BINHDUONG_CSV = ROOT / "corpus" / "registers" / "binhduong-register.csv"


def _case(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def _squash(s: str) -> str:
    return " ".join(s.split())


# --- the composed documents -------------------------------------------------------

def test_enough_cases_of_different_kinds():
    cases = [_case(p) for p in CASES]
    assert len(cases) >= 20
    types = {c["expected"]["doc_type"] for c in cases}
    issuers = {(c["expected"]["issuer_parent"], c["expected"]["issuer"]) for c in cases}
    assert {"Quyết định", "Nghị quyết", "Chỉ thị", "Kế hoạch", "Thông báo", "Báo cáo",
            "Tờ trình", "Công văn"} <= types
    assert len(issuers) >= 8
    assert sum("sonla" in c["source"]["file"] for c in cases) >= 12
    assert sum("binhduong" in c["source"]["file"] for c in cases) >= 6


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_composed_header(path: Path):
    case = _case(path)
    text = path.read_bytes().decode("utf-8")
    header = parse_header(text)
    got = header.to_json()
    for key, want in case["expected"].items():
        assert got[key] == want, f"{key}: {got[key]!r} != {want!r}"
    body = unicodedata.normalize("NFC", text[header.body_start:]).lstrip(" ")
    assert body.startswith(case["body_starts_with"])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_expected_fields_come_from_the_row(path: Path):
    """The .json says what its row says: the expectations are not made up."""
    case = _case(path)
    row, exp = case["source"]["row"], case["expected"]
    if "sonla" in case["source"]["file"]:
        number, issued = row["so_hieu"], row["ngay_ban_hanh"]
        signer = fold(row["nguoi_ky"])
        assert signer.endswith(fold(exp["signer"]))
        assert signer.startswith(fold(exp["signer_title"]))
        assert (row["loai_van_ban"].startswith(exp["doc_type"])
                or numbers.parse(number).doc_type == exp["doc_type"])
    else:
        number = row["so_ky_hieu"]
        d, m, y = row["ngay_ban_hanh"].split("/")
        issued = f"{y}-{m}-{d}"
        assert numbers.parse(number).doc_type == exp["doc_type"]
        assert exp["signer"] is None        # the register names no signer
    assert numbers.normalise(number) == exp["number"]
    assert issued == exp["issued"]
    assert _squash(row["trich_yeu"]) == exp["title"]


def _sonla_rows() -> dict[str, dict]:
    cols = None
    out = {}
    sql = SONLA_SQL.read_text(encoding="utf-8")
    cols = re.search(r"INSERT INTO `van_ban` \(([^)]*)\)", sql).group(1).replace("`", "").split(", ")
    for r in re.findall(r"^\((.*?)\),?;?$", sql, re.M):
        vals = [None if x == "NULL" else x[1:-1] for x in re.findall(r"'(?:[^'\\]|\\.)*'|NULL", r)]
        row = dict(zip(cols, vals))
        out[row["parent_unid"]] = row
    return out


def test_rows_are_copied_verbatim():
    sonla = _sonla_rows()
    with BINHDUONG_CSV.open(encoding="utf-8") as f:
        binhduong = {r[""]: r for r in csv.DictReader(f)}
    for path in CASES:
        source = _case(path)["source"]
        if "sonla" in source["file"]:
            real = sonla[source["row"]["parent_unid"]]
        else:
            real = binhduong[source["row_index"]]
        assert all(real[k] == v for k, v in source["row"].items()), path.name


# --- real documents ---------------------------------------------------------------

def test_vbpl_law_of_1989():
    page = read_fulltext((VBPL_PAGES / "example_full_2315.html").read_bytes())
    h = parse_header(page.text)
    assert h.issuer == "QUỐC HỘI" and h.issuer_parent is None
    assert (h.number, h.number_printed) == ("21-LCT/HDNN8", "21-LCT/HDNN8")
    assert (h.place, h.issued.isoformat()) == ("Hà Nội", "1989-06-30")
    assert (h.doc_type, h.doc_type_printed) == ("Luật", "LUẬT")
    assert h.title == "BẢO VỆ SỨC KHOẺ NHÂN DÂN"
    assert h.authority is None
    assert (h.signer, h.signer_title, h.signed_for) == ("Lê Quang Đạo", "Chủ tịch Quốc hội", ())
    assert page.text[h.body_start:].startswith("Sức khoẻ là vốn quý nhất của con người")
    # It agrees with what the vbpl reader read from the page's own blocks.
    assert h.number == page.meta["number"] and h.issued.isoformat() == page.meta["issued"]
    assert h.signer == page.meta["signer"] and h.issuer == page.meta["issuer"]


def test_report_without_its_header_guesses_nothing(report_text):
    """The shipped report kept its text and its signature, not its header."""
    h = parse_header(report_text)
    assert h.to_json() | {"signer": None, "signer_title": None} == Header().to_json()
    assert (h.signer, h.signer_title) == ("Nguyễn Trí Lạc", "GIÁM ĐỐC")
    assert h.body_start == 0


# --- rules, on small texts ----------------------------------------------------------

def test_cong_van_of_a_department_under_a_province():
    text = ("UBND TỈNH HÀ TĨNH\nSỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\nSố: 617/SLĐTBXH-VP\n"
            "V/v báo cáo kết quả\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Hà Tĩnh, ngày 17 tháng 10 năm 2023\nKính gửi: Sở Nội vụ\n")
    h = parse_header(text)
    assert (h.issuer_parent, h.issuer) == ("UBND TỈNH HÀ TĨNH", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    assert (h.doc_type, h.doc_type_printed, h.title) == ("Công văn", None, "báo cáo kết quả")
    assert text[h.body_start:].startswith("Kính gửi")


def test_no_type_line_and_a_typed_number_says_no_type():
    """Only a symbol without a type code makes a công văn; "KH" with no type line is not read."""
    h = parse_header("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 431/KH-UBND\nHà Tĩnh, ngày 28 tháng 12 năm 2018\n"
                     "Thực hiện Quyết định số 1/QĐ-UBND;\n")
    assert h.number == "431/KH-UBND" and h.doc_type is None and h.title is None


def test_law_number_and_caps_title():
    text = ("QUỐC HỘI\n--------\nLuật số: 72/2020/QH14\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 17 tháng 11 năm 2020\nLUẬT\nBẢO VỆ MÔI TRƯỜNG\n"
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
            "CHỦ TỊCH QUỐC HỘI\n\n\nNguyễn Thị Kim Ngân\n")
    h = parse_header(text)
    assert (h.number, h.doc_type, h.title) == ("72/2020/QH14", "Luật", "BẢO VỆ MÔI TRƯỜNG")
    assert (h.signer, h.signer_title) == ("Nguyễn Thị Kim Ngân", "CHỦ TỊCH QUỐC HỘI")


def test_draft_has_no_number_and_no_date():
    h = parse_header("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố:        /QĐ-UBND\nDỰ THẢO\n"
                     "Sơn La, ngày      tháng      năm 2026\nQUYẾT ĐỊNH\nVề việc ban hành quy chế\n"
                     "ỦY BAN NHÂN DÂN TỈNH SƠN LA\nCăn cứ Luật;\n")
    assert (h.number, h.number_printed) == (None, "/QĐ-UBND")
    assert (h.place, h.issued) == ("Sơn La", None)
    assert h.title == "Về việc ban hành quy chế" and h.signer is None


def test_joint_signature_reads_the_left_hand_signer():
    text = ("BỘ TÀI CHÍNH - BỘ NỘI VỤ\nSố: 71/2014/TTLT-BTC-BNV\nHà Nội, ngày 30 tháng 5 năm 2014\n"
            "THÔNG TƯ LIÊN TỊCH\nQuy định chế độ khoán kinh phí\nCăn cứ Nghị định số 215/2013/NĐ-CP;\n"
            "KT. BỘ TRƯỞNG BỘ NỘI VỤ          KT. BỘ TRƯỞNG BỘ TÀI CHÍNH\n"
            "THỨ TRƯỞNG                       THỨ TRƯỞNG\n\n"
            "Trần Anh Tuấn                    Nguyễn Thị Minh\n")
    h = parse_header(text)
    assert h.doc_type == "Thông tư liên tịch"
    assert (h.signer, h.signer_title, h.signed_for) == ("Trần Anh Tuấn", "THỨ TRƯỞNG", ("KT. BỘ TRƯỞNG BỘ NỘI VỤ",))


def test_number_followed_by_the_place_on_one_line():
    h = parse_header("ỦY BAN NHÂN DÂN TỈNH KON TUM\nSố: 12/QĐ-UBND  Kon Tum, ngày 05 tháng 02 năm 2020\n"
                     "QUYẾT ĐỊNH\nVề việc x\n")
    assert (h.number, h.place, h.issued.isoformat()) == ("12/QĐ-UBND", "Kon Tum", "2020-02-05")


@pytest.mark.parametrize("text", [
    "",
    "Điều 1. Phạm vi điều chỉnh\nSố: 12/QĐ-UBND là số của một văn bản khác.\n",
    "Căn cứ Luật Tổ chức chính quyền địa phương;\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật;\n",
    "Chủ tịch UBND tỉnh quyết định như sau.\nNguyễn Văn A\n",
])
def test_nothing_printed_nothing_read(text):
    h = parse_header(text)
    assert h.to_json() == Header().to_json()


def test_enacting_line_is_not_a_signature():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 1/QĐ-UBND\nSơn La, ngày 1 tháng 3 năm 2026\nQUYẾT ĐỊNH\n"
            "Về việc x\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LA\nCăn cứ Luật;\nĐiều 1. Nay giao.\n")
    h = parse_header(text)
    assert h.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LA"
    assert (h.signer, h.signer_title, h.signed_for) == (None, None, ())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "ỦY BAN NHÂN DÂN", "TỈNH SƠN LA", "Số: 1/QĐ-UBND", "Số:", "V/v x", "QUYẾT ĐỊNH", "Về việc y",
    "Sơn La, ngày 1 tháng 2 năm 2026", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Căn cứ Luật;", "",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Nguyễn Văn A", "- Lưu: VT.", "   ", "\t", "Ð", "*",
    "CÔNG BÁO/Số 1/Ngày 1-1-2026", "chữ thường", "I.", "Kính gửi: x"]), max_size=30),
    st.sampled_from(["\n", "\r\n", "   "]))
def test_any_arrangement_is_read_without_error(parts, sep):
    text = sep.join(parts)
    h = parse_header(text)
    assert 0 <= h.body_start <= len(text)
    if h.number is not None:
        assert numbers.normalise(h.number) == h.number


# --- forms of real headers (one rule each) ---------------------------------------------

def test_a_header_wrapped_in_a_narrow_column():
    text = ("ỦY BAN THƯỜNG VỤ QUỐC\nHỘI\n-------\nSố: 1234/NQ-UBTVQH15\nCỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh\nphúc\nHà Nội, ngày 18 tháng\n01 năm 2025\n\nNGHỊ QUYẾT\n"
            "Về việc thành lập thị xã\nCăn cứ Luật Tổ chức Quốc hội;\n")
    h = parse_header(text)
    assert (h.issuer, h.number, h.doc_type) == ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "1234/NQ-UBTVQH15", "Nghị quyết")
    assert (h.place, h.issued.isoformat(), h.title) == ("Hà Nội", "2025-01-18", "Về việc thành lập thị xã")


@pytest.mark.parametrize("line,place,date", [
    ("Hà Nội ngày 05 tháng 3 năm 2024", "Hà Nội", "2024-03-05"),
    ("Sơn La, ngày 12 tháng12 năm 2025", "Sơn La", "2025-12-12"),
    ("TP. Hồ Chí Minh, ngày 1 tháng 10 năm 2023", "TP. Hồ Chí Minh", "2023-10-01"),
])
def test_place_and_date_as_typed(line, place, date):
    h = parse_header(f"BỘ TÀI CHÍNH\nSố: 12/2024/TT-BTC\n{line}\nTHÔNG TƯ\nHướng dẫn x\nCăn cứ y;\n")
    assert (h.place, h.issued.isoformat()) == (place, date)


def test_a_letter_with_v_v_is_a_cong_van_whatever_its_symbol():
    h = parse_header("BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\nSố: 1234/CT-TTHT\nV/v chính sách thuế\n"
                     "Hà Nội, ngày 1 tháng 2 năm 2020\nKính gửi: Công ty A\n")
    assert (h.doc_type, h.title, h.issuer) == ("Công văn", "chính sách thuế", "TỔNG CỤC THUẾ")


def test_a_consolidated_text_is_its_own_type():
    h = parse_header("BỘ TÀI CHÍNH\nSố: 12/VBHN-BTC\nHà Nội, ngày 1 tháng 2 năm 2020\nTHÔNG TƯ\nHướng dẫn x\nCăn cứ y;\n")
    assert (h.number, h.doc_type, h.doc_type_printed) == ("12/VBHN-BTC", "Văn bản hợp nhất", "THÔNG TƯ")


def test_a_joint_circular_with_five_issuer_codes():
    h = parse_header("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - TÒA ÁN NHÂN DÂN TỐI CAO - BỘ CÔNG AN - BỘ QUỐC PHÒNG\n"
                     "Số: 01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH\nHà Nội, ngày 03 tháng 3 năm 2022\n"
                     "THÔNG TƯ LIÊN TỊCH\nQuy định việc phối hợp\nCăn cứ Bộ luật Tố tụng hình sự;\n")
    assert (h.number, h.doc_type) == ("01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH", "Thông tư liên tịch")

