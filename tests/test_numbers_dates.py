import datetime as dt

import pytest

from kb import dates, numbers


@pytest.mark.parametrize("raw,norm,doc_type", [
    ("61/2018/NĐ-CP", "61/2018/NĐ-CP", "Nghị định"),
    ("43/2006/ NĐ-CP", "43/2006/NĐ-CP", "Nghị định"),
    ("36a/KH-SLĐTBXH", "36a/KH-SLĐTBXH", "Kế hoạch"),
    ("617/SLĐTBXH-VP", "617/SLĐTBXH-VP", "Công văn"),
    ("05 KL/TU", "05-KL/TU", "Kết luận"),
    ("71/2014/TTLT-BTC-BNV", "71/2014/TTLT-BTC-BNV", "Thông tư liên tịch"),
    ("52/QÐ-UBND", "52/QĐ-UBND", "Quyết định"),
    ("1847/qđ-ttg", "1847/QĐ-TTg", "Quyết định"),
    ("920-CTR/TU", "920-CTr/TU", "Chương trình"),
    ("36/2018/QH14", "36/2018/QH14", None),
])
def test_parse_and_normalise(raw, norm, doc_type):
    n = numbers.parse(raw)
    assert str(n) == norm and n.doc_type == doc_type


def test_hd_and_hd_with_stroke_stay_different():
    assert numbers.normalise("1/HĐ-UBND") != numbers.normalise("1/HD-UBND")


@pytest.mark.parametrize("raw", ["6/7", "2016-2020", "9001:2015", "abc", "", "1/2/3/4"])
def test_not_numbers(raw):
    assert numbers.parse(raw) is None


def test_year_missing():
    assert numbers.parse("02/TT-VPCP").year_missing
    assert not numbers.parse("431/KH-UBND").year_missing


def test_issuer_compatibility():
    assert numbers.issuer_compatible("Bộ Lao động Thương binh và Xã hội", numbers.parse("697/QĐ-LĐTBXH"))
    assert not numbers.issuer_compatible("Bộ Tài chính", numbers.parse("697/QĐ-LĐTBXH"))
    assert numbers.party_org_code("Ban Chấp hành Trung ương Đảng") == "TW"
    assert numbers.party_org_code("UBND tỉnh") is None


@pytest.mark.parametrize("text,iso", [
    ("Hà Nội, ngày 17 tháng 10 năm 2023", "2023-10-17"),
    ("ngày 28 tháng 12  năm 2018", "2018-12-28"),
    ("2/5/2018", "2018-05-02"),
    ("28-12-2018", "2018-12-28"),
    ("28.12.2018", "2018-12-28"),
])
def test_dates(text, iso):
    assert dates.parse(text).isoformat() == iso


def test_official_long_date():
    assert dates.vietnamese(dt.date(2020, 2, 5)) == "ngày 05 tháng 02 năm 2020"
    assert dates.vietnamese(dt.date(2018, 4, 23)) == "ngày 23 tháng 4 năm 2018"


def test_a_provincial_department_uses_its_ministry_code():
    assert numbers.issuer_codes_for("Sở Tài chính") == {"STC"}
    assert numbers.issuer_compatible("Sở Lao động – Thương binh và Xã hội", numbers.parse("8779/QĐ-SLĐTBXH"))
    assert not numbers.issuer_compatible("Sở Tài chính", numbers.parse("8779/QĐ-SLĐTBXH"))


@pytest.mark.parametrize("value, shown", [
    ("2019-08-15", "15/08/2019"), (dt.date(2018, 4, 23), "23/04/2018"),
    ("2026-01-02T10:11:12+00:00", "02/01/2026 10:11"), (dt.datetime(2026, 1, 2, 9, 5), "02/01/2026 09:05"),
    ("ngày chưa rõ", "ngày chưa rõ"), ("2019-13-45", "2019-13-45"), (None, ""), ("", ""),
])
def test_dates_as_pages_show_them(value, shown):
    assert dates.dmy(value) == shown


@pytest.mark.parametrize("number, issuer", [
    ("61/2018/NĐ-CP", "Chính phủ"), ("1847/QĐ-TTg", "Thủ tướng Chính phủ"), ("36/2018/QH14", "Quốc hội"),
    ("1046/NQ-UBTVQH14", "Ủy ban Thường vụ Quốc hội"), ("12/2019/TT-BTC", "Bộ Tài chính"),
    ("02/2017/TT-VPCP", "Văn phòng Chính phủ"), ("123/BTC-TCT", "Bộ Tài chính"),
    ("20/2015/TTLT-BTC-BNV", "Bộ Tài chính, Bộ Nội vụ"),
    # not sure: a code many bodies share, one the table lacks, an old dashed number, no number
    ("431/KH-UBND", None), ("150/2019/NQ-HĐND", None), ("05-KL/TU", None), ("18-NQ/TW", None),
    ("617/SLĐTBXH-VP", None), ("12/2019/QĐ-BTC-XYZ", None), ("15-CP", None), ("100/2025/NQLT", None),
    ("không phải số", None), (None, None)])
def test_issuer_from_the_number_only_where_the_symbol_is_sure(number, issuer):
    assert numbers.issuer_from_number(number) == issuer
