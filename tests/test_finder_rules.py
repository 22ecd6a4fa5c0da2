"""The finder's rules, one behaviour per test, on small real-shaped texts."""
import unicodedata

import pytest

from kb.citations import extract


def numbers_of(text):
    return [c.refers_to or c.number for c in extract(text)]


@pytest.mark.parametrize("text", [
    "theo tiêu chuẩn TCVN ISO 9001:2015 tại Văn phòng Sở",
    "kiểm tra CCHC tại 6/7 đơn vị trực thuộc",
    "Năm 2019, đã nhận 10.319 hồ sơ trên tất cả các lĩnh vực",
    "Chương trình tổng thể giai đoạn 2016-2020",
    "giải quyết đúng hạn 10.104 (đạt tỉ lệ 99,97%)",
    "Số điện thoại đường dây nóng: 0239.3855.555, 0912 345 678",
    "kinh phí 1.250.000.000 đồng, tăng thu nhập 1 tháng lương/cán bộ/năm",
    "Kế hoạch 3 năm 2020 – 2022 và Kế hoạch năm 2019",
    "Quyết định nâng trước thời hạn cho 17 đồng chí",
    "theo quy định của pháp luật về kỷ luật, kỷ cương hành chính",
    "Luật sư và Luật này quy định",
    "các Luật, Pháp lệnh một số lĩnh vực quản lý",
    "ngày 23/4/2018 và ngày 28 tháng 12 năm 2018",
    "Sở TT&TT, Phòng LĐ-TB&XH, phần mềm TD-Office, E-cabinet",
])
def test_no_false_positive(text):
    assert extract(text) == []


def test_lookalike_d_and_decomposed_text_keep_offsets():
    # "Ð" (U+00D0) for "Đ", and "định" decomposed as in some PDF exports
    text = unicodedata.normalize("NFD", "theo Nghị định số 61/2018/NĐ-CP") .replace("Đ", "Ð")
    (c,) = extract(text)
    assert c.number == "61/2018/NĐ-CP"
    assert text[c.start:c.end] == c.text
    assert c.text.startswith(unicodedata.normalize("NFD", "Nghị"))


def test_space_inside_symbol_and_party_number_without_dash():
    assert numbers_of("Nghị định số 43/2006/ NĐ-CP và Chỉ thị 35 CT/TU") == ["43/2006/NĐ-CP", "35-CT/TU"]


def test_list_sharing_one_symbol_shares_its_date():
    a, b = extract("ban hành quyết định số 2064, 2065/QĐ-UBND ngày 08/8/2019 về việc")
    assert (a.number, b.number) == ("2064/QĐ-UBND", "2065/QĐ-UBND")
    assert a.issued == b.issued and a.issued.isoformat() == "2019-08-08"
    assert a.kind == b.kind == "full"


def test_list_of_bare_numbers_takes_party_issuer():
    cs = extract("thực hiện Chương trình hành động số 920 và số 1011 của Tỉnh ủy")
    assert [c.refers_to for c in cs] == ["920-CTr/TU", "1011-CTr/TU"]


def test_short_form_without_earlier_citation_of_state_body_is_unresolved():
    (c,) = extract("thực hiện Quyết định 52 của UBND tỉnh")
    assert c.kind == "short" and c.resolution == "unresolved" and c.refers_to is None
    assert c.reason


def test_short_form_follows_earlier_full_citation():
    cs = extract("Quyết định 52/QĐ-UBND ngày 22/11/2017 của UBND tỉnh; sau đó Quyết định 52 của UBND tỉnh.")
    assert cs[1].refers_to == "52/QĐ-UBND" and cs[1].method == "earlier_citation"


def test_decree_without_symbol_gets_government_symbol():
    (c,) = extract("theo Nghị định 61/2018, các cơ quan")
    assert c.kind == "short" and c.refers_to == "61/2018/NĐ-CP"


def test_abbreviated_type_word():
    (c,) = extract("căn cứ QĐ 36/2019/QĐ-UBND của UBND tỉnh")
    assert c.doc_type == "Quyết định" and c.number == "36/2019/QĐ-UBND"


def test_pinpoint_before_citation():
    (c,) = extract("sửa đổi Điểm b, Khoản 2 Điều 3 Nghị định số 61/2018/NĐ-CP")
    assert c.pinpoint == "điểm b khoản 2 Điều 3"


def test_dates_in_all_printed_forms():
    text = ("Kế hoạch số 1/KH-UBND ngày 28 tháng 12  năm 2018; Kế hoạch số 2/KH-UBND ngày 2/5/2018; "
            "Nghị định 130/2005/NĐ-CP, ngày 17/10/2005; Kế hoạch số 3/KH-UBND ngày 28-12-2018")
    assert [c.issued.isoformat() for c in extract(text)] == [
        "2018-12-28", "2018-05-02", "2005-10-17", "2018-12-28"]


def test_impossible_date_is_not_a_date():
    (c,) = extract("Kế hoạch số 1/KH-UBND ngày 31/02/2019")
    assert c.issued is None


def test_issuer_phrases():
    cases = {
        "Thông tư số 107/2017/TT-BTC ngày 10/10/2017 của Bộ Tài chính hướng dẫn": "Bộ Tài chính",
        "Chỉ thị 35 CT/TU ngày 4/11/2008 của Ban Thường vụ Tỉnh uỷ, Kết luận": "Ban Thường vụ Tỉnh uỷ",
        "Kế hoạch số 431/KH-UBND ngày 28/12/2018 của Uỷ ban nhân dân tỉnh Hà Tĩnh về": "Uỷ ban nhân dân tỉnh Hà Tĩnh",
        "Nghị định số 34/2016/NĐ-CP ngày 14/5/2016 của Chính phủ và": "Chính phủ",
    }
    for text, issuer in cases.items():
        assert extract(text)[0].issuer == issuer


def test_named_law_with_year_and_law_by_number():
    cs = extract("theo Bộ luật Lao động năm 2019 và Luật số 22/2008/QH12")
    assert (cs[0].kind, cs[0].name, cs[0].year) == ("named", "Lao động", 2019)
    assert (cs[1].kind, cs[1].number, cs[1].doc_type) == ("full", "22/2008/QH12", "Luật")


def test_vague_reference_needs_identifying_detail():
    assert [c.kind for c in extract("Nghị quyết của Ban Chấp hành Trung ương Đảng lần thứ 7, khóa XII.")] == ["vague"]
    assert extract("Kế hoạch của UBND tỉnh về thực hiện Nghị quyết của Trung ương.") == []


def test_named_law_lists_every_law_of_that_name_without_choosing():
    (c,) = extract("thực hiện Luật phòng chống tham nhũng qua các quy chế")
    assert c.kind == "named" and c.refers_to is None
    assert {x.number for x in c.candidates} >= {"36/2018/QH14", "55/2005/QH11"}


# --- the Constitution; names over a line break ----------------------------------------

@pytest.mark.parametrize("text,name,year", [
    ("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;", "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam", None),
    ("phù hợp với Hiến pháp năm 2013 và", "Hiến pháp năm 2013", 2013),
    ("Căn cứ Hiến pháp nước Cộng hoà xã hội chủ nghĩa\nViệt Nam năm 1992;",
     "Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam năm 1992", 1992),
])
def test_the_constitution_is_cited_by_the_state_name_or_its_year(text, name, year):
    (c,) = extract(text)
    assert (c.kind, c.doc_type, c.name, c.year) == ("named", "Hiến pháp", name, year)


def test_a_bare_mention_of_the_constitution_is_no_citation():
    assert extract("bảo vệ Hiến pháp và pháp luật") == []


@pytest.mark.parametrize("text,name", [
    ("Căn cứ Luật\nĐầu tư ngày 17 tháng 6 năm 2020;", "Đầu tư"),
    ("Căn cứ Luật Đầu\ntư công ngày 13 tháng 6 năm 2019;", "Đầu tư công"),
    ("Căn cứ Luật Tổ chức\nchính quyền địa phương ngày 19 tháng 6 năm 2015;", "Tổ chức chính quyền địa phương"),
])
def test_a_law_name_broken_across_lines(text, name):
    (c,) = [c for c in extract(text) if c.kind == "named"]
    assert c.name == name


def test_a_name_never_runs_over_a_blank_line_or_into_the_next_heading():
    assert [c.name for c in extract("theo Luật Đất đai\nĐiều 5. Phạm vi")] == ["Đất đai"]
    assert [c.name for c in extract("theo Luật Đầu\n\ntư công")] == ["Đầu"]
