"""Effects of final provisions: which documents a verb acts on, from when, on what part."""
import datetime as dt

import pytest

from indexer import effects

ON = dt.date(2021, 1, 1)


def ev(text):
    return [(e.kind, e.target, e.scope, e.date) for e in effects.events(text, "X/2020/NĐ-CP", "Điều 9", ON, "src")]


def test_documents_named_inside_a_description_are_not_acted_on():
    # real sentence (Thông tư 04/2021/TT-BTP, in the pháp điển)
    text = ("Thông tư này bãi bỏ Chương 2, Chương 3 Thông tư số 14/2014/TT-BTP ngày 15 tháng 5 năm 2014 "
            "quy định chi tiết thi hành Nghị định số 59/2012/NĐ-CP ngày 23 tháng 7 năm 2012.")
    assert ev(text) == [("repeals_part", "14/2014/TT-BTP", "Chương 2, Chương 3", ON)]


def test_replacement_dated_by_its_own_sentence():
    text = ("1. Quyết định này có hiệu lực thi hành từ ngày 01 tháng 10 năm 2021 và thay thế Quyết định số "
            "31/2017/QĐ-TTg ngày 17 tháng 7 năm 2017 của Thủ tướng Chính phủ về tiêu chí.")
    assert ev(text) == [("replaces", "31/2017/QĐ-TTg", None, dt.date(2021, 10, 1))]


def test_two_verbs_in_one_sentence():
    text = ("Nghị định này thay thế Nghị định số 1/2010/NĐ-CP ngày 1/1/2010 của Chính phủ, Nghị định số "
            "2/2011/NĐ-CP và bãi bỏ Điều 5 Nghị định số 3/2012/NĐ-CP.")
    assert ev(text) == [("replaces", "1/2010/NĐ-CP", None, ON), ("replaces", "2/2011/NĐ-CP", None, ON),
                        ("repeals_part", "3/2012/NĐ-CP", "Điều 5", ON)]


def test_subjects_of_expiry_and_parts():
    assert ev("Nghị định số 7/2010/NĐ-CP và Nghị định số 8/2011/NĐ-CP hết hiệu lực kể từ ngày "
              "Nghị định này có hiệu lực.") == [("expires", "7/2010/NĐ-CP", None, ON), ("expires", "8/2011/NĐ-CP", None, ON)]
    assert ev("Thông tư này bãi bỏ khoản 2 Điều 3 Thông tư số 5/2015/TT-BTC và khoản 4 Điều 6 Thông tư số "
              "6/2016/TT-BTC.") == [("repeals_part", "5/2015/TT-BTC", "khoản 2 Điều 3", ON),
                                    ("repeals_part", "6/2016/TT-BTC", "khoản 4 Điều 6", ON)]


def test_reported_history_is_not_an_effect():
    assert ev("Nghị định số 67/2014/NĐ-CP đã được sửa đổi, bổ sung bởi Nghị định số 89/2015/NĐ-CP.") == []
    assert ev("Thông tư số 39/2014/TT-BTC được sửa đổi bởi Thông tư số 119/2014/TT-BTC.") == []


@pytest.mark.parametrize("text,date,note", [
    ("Nghị định này có hiệu lực thi hành từ ngày 15 tháng 8 năm 2019.", dt.date(2019, 8, 15), None),
    ("Quyết định này có hiệu lực kể từ ngày ký.", dt.date(2020, 3, 2), None),
    ("Nghị định này có hiệu lực thi hành sau 45 ngày kể từ ngày đăng Công báo.", None,
     "sau 45 ngày kể từ ngày đăng Công báo"),
])
def test_effective_date(text, date, note):
    eff = effects.effective_date(text, issued=dt.date(2020, 3, 2))
    assert (eff.date, eff.note) == (date, note)


def test_effective_date_relative_to_signing_stays_unresolved_without_the_date():
    eff = effects.effective_date("Quyết định này có hiệu lực kể từ ngày ký.")
    assert eff.date is None and "ký" in eff.note


# --- one rule per drafting form (composed sentences) ------------------------------

from indexer.layout import clean  # noqa: E402

SIGNED = dt.date(2024, 3, 5)


def ev_of(text, acting="9/2024/QĐ-UBND"):
    return [(e.kind, e.target, e.scope, e.date) for e in effects.events(text, acting, "Điều 1", ON, "src")]


def test_a_list_after_an_opening_verb_with_page_noise_in_between():
    text = clean("Điều 1. Bãi bỏ toàn bộ 2 văn bản quy phạm pháp luật do Ủy ban nhân dân tỉnh ban hành sau đây:\n\n"
                 "CÔNG BÁO/Số 12/Ngày 20-3-2024" + " " * 20 + "7\n\n"
                 "Người ký: Văn phòng UBND tỉnh\nThời gian ký: 20.03.2024 09:10:11 +07:00\n"
                 "1. Quyết định số 12/2016/QĐ-UBND ngày 10 tháng 5 năm 2016 của Ủy ban nhân dân tỉnh về giá đất;\n"
                 "2. Quyết định số 07/2019/QĐ-UBND ngày 02 tháng 4 năm 2019 của Ủy ban nhân dân tỉnh.\n").text
    assert ev_of(text) == [("repeals", "12/2016/QĐ-UBND", None, ON), ("repeals", "07/2019/QĐ-UBND", None, ON)]
    assert all("Bãi bỏ toàn bộ" in e.evidence.quote for e in effects.events(text, "X", "Điều 1", ON, "s"))


def test_an_amendment_named_in_the_first_article():
    text = ("Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 12/2015/TT-BTC ngày 30 tháng 01 năm 2015 "
            "của Bộ trưởng Bộ Tài chính như sau:\n1. Khoản 2 Điều 3 được sửa đổi như sau:")
    assert ev_of(text) == [("amends", "12/2015/TT-BTC", None, ON)]


def test_partial_repeal_and_wording_changes_open_their_clause():
    assert ev_of("3. Bãi bỏ khoản 2 Điều 20 của Thông tư số 45/2013/TT-BTC.") == [
        ("repeals_part", "45/2013/TT-BTC", "khoản 2 Điều 20", ON)]
    assert ev_of("2. Thay cụm từ “cấp huyện” bằng cụm từ “cấp xã” tại khoản 3 Điều 5 của Nghị định số "
                 "15/2018/NĐ-CP.") == [("amends", "15/2018/NĐ-CP", "khoản 3 Điều 5", ON)]


def test_an_opening_verb_before_a_reference_acts_on_nothing():
    assert ev_of("1. Sửa đổi, bổ sung các văn bản thuộc thẩm quyền theo quy định tại Luật số 80/2015/QH13.") == []


def test_a_reference_is_not_the_subject_of_an_expiry():
    assert ev_of("Các quy định trái với Quyết định này hết hiệu lực theo quy định tại Điều 3 của Nghị định "
                 "số 34/2016/NĐ-CP.") == []


def test_a_document_ending_on_its_own_date():
    assert ev_of("Nghị quyết này có hiệu lực đến hết ngày 31 tháng 12 năm 2025.", "5/2024/NQ-HĐND") == [
        ("expires", "5/2024/NQ-HĐND", None, dt.date(2026, 1, 1))]
    assert ev_of("Quyết định số 3/2020/QĐ-UBND hết hiệu lực kể từ ngày 01/02/2024.") == [
        ("expires", "3/2020/QĐ-UBND", None, dt.date(2024, 2, 1))]


def test_exceptions_listed_after_an_expiry_are_not_acted_on():
    text = ("2. Thông tư số 20/2010/TT-BTC hết hiệu lực kể từ ngày Thông tư này có hiệu lực, trừ trường hợp sau đây:\n"
            "a) Điều 5 của Thông tư số 20/2010/TT-BTC được áp dụng đến hết ngày 31/12/2025.")
    assert ev_of(text) == [("expires", "20/2010/TT-BTC", None, ON)]


@pytest.mark.parametrize("text,date", [
    ("Nghị quyết có hiệu lực từ ngày 01 tháng 01 năm 2024.", dt.date(2024, 1, 1)),
    ("Thông báo này có hiệu lực kể từ ngày ký.", SIGNED),
    ("Quyết định có hiệu lực kể từ ngày ký ban hành.", SIGNED),
    ("Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.", SIGNED + dt.timedelta(days=10)),
    ("Nghị quyết này đã được Hội đồng nhân dân tỉnh Sơn La khóa XV, kỳ họp thứ 10 thông qua ngày 10 tháng 7 "
     "năm 2024 và có hiệu lực từ ngày 20 tháng 7 năm 2024.", dt.date(2024, 7, 20)),
    ("1. Khoản 4 Điều 80 của Luật này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2017.\n"
     "2. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2017.", dt.date(2017, 7, 1)),
])
def test_effective_date_forms(text, date):
    assert effects.effective_date(text, issued=SIGNED).date == date


def test_quoted_wording_is_the_amended_documents_not_the_amending_ones():
    text = ("Điều 1. Sửa đổi Điều 35 của Luật số 12/2017/QH14 như sau:\n“Điều 35. Hiệu lực thi hành\n"
            "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2018.\n"
            "Luật số 5/2010/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực.”\n")
    assert effects.effective_date(text) is None
    assert ev_of(text, "20/2019/QH14") == [("amends", "12/2017/QH14", "Điều 35", ON)]


def test_a_relative_date_without_its_day_is_a_note_never_a_date():
    eff = effects.effective_date("Nghị định này có hiệu lực sau 45 ngày kể từ ngày đăng Công báo.", SIGNED)
    assert eff.date is None and eff.note.startswith("sau 45 ngày")


def test_an_end_said_in_the_paragraph_of_the_own_clause():
    text = ("1. Quyết định này có hiệu lực kể từ ngày 15/3/2024. Các Quyết định số 12/2016/QĐ-UBND, "
            "13/2016/QĐ-UBND hết hiệu lực thi hành.")
    assert [(e.kind, e.target) for e in effects.events(text, "X", "Điều 3", ON, "s")] == [
        ("expires", "12/2016/QĐ-UBND"), ("expires", "13/2016/QĐ-UBND")]
    assert ev_of("Quyết định này có hiệu lực từ ngày 01/01/2024 đến hết ngày 31/12/2025.", "1/2024/QĐ-UBND") == [
        ("expires", "1/2024/QĐ-UBND", None, dt.date(2026, 1, 1))]


@pytest.mark.parametrize("text,date", [
    ("Nghị quyết này có hiệu lực kể từ ngày Hội đồng nhân dân tỉnh thông qua.", SIGNED),
    ("Nghị quyết này đã được Hội đồng nhân dân tỉnh khóa XV, kỳ họp thứ 10 thông qua ngày 10 tháng 7 năm 2024.\n"
     "Nghị quyết này có hiệu lực sau 10 ngày kể từ ngày Hội đồng nhân dân tỉnh thông qua.", dt.date(2024, 7, 20)),
])
def test_effective_dates_counted_from_the_adoption(text, date):
    assert effects.effective_date(text, issued=SIGNED).date == date


@pytest.mark.parametrize("title,found", [
    ("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT ĐẤT ĐAI SỐ 45/2013/QH13 VÀ LUẬT NHÀ Ở SỐ 65/2014/QH13",
     [("amends", "45/2013/QH13"), ("amends", "65/2014/QH13")]),
    ("Về việc bãi bỏ Quyết định số 12/2016/QĐ-UBND ngày 10/5/2016 của UBND tỉnh", [("repeals", "12/2016/QĐ-UBND")]),
    ("Thông tư sửa đổi, bổ sung một số điều của Thông tư số 12/2015/TT-BTC ngày 30/01/2015",
     [("amends", "12/2015/TT-BTC")]),
    ("Quy định chi tiết một số điều của Luật Đất đai số 45/2013/QH13", []),
])
def test_what_the_title_says_the_document_does(title, found):
    assert [(e.kind, e.target) for e in effects.title_events(title, "X", None, "s")] == found


def test_a_passive_act_with_its_date_in_the_own_clause():
    text = ("2. Quyết định số 58/2008/QĐ-BGDĐT ngày 17 tháng 10 năm 2008; Thông tư số 18/2011/TT-BYT ngày 28 tháng 4 "
            "năm 2011 bị bãi bỏ kể từ ngày Thông tư này có hiệu lực.")
    assert [(e.kind, e.target) for e in effects.events(text, "X", "Điều 9", ON, "s")] == [
        ("repeals", "58/2008/QĐ-BGDĐT"), ("repeals", "18/2011/TT-BYT")]
    assert ev_of("Quyết định số 5/2010/QĐ-UBND đã bị bãi bỏ bởi Quyết định số 6/2012/QĐ-UBND.") == []


def test_a_condition_is_not_an_act():
    assert ev_of("2. Trường hợp Thông tư này hết hiệu lực mà Thông tư số 32/2018/TT-BYT chưa được thay thế "
                 "thì tiếp tục áp dụng.") == []


def test_rules_of_a_document_replaced_or_repealed_in_part():
    text = ("2. Thông tư này bãi bỏ quy định liên quan đến tổ chức kiểm tra tại Khoản 5, Điều 3 Thông tư số "
            "03/2011/TT-BGDĐT ngày 28/01/2011 của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Quy chế; thay thế các "
            "quy định về cấp chứng chỉ quy định tại Quyết định số 30/2008/QĐ-BGDĐT ngày 06/6/2008.")
    assert [(e.kind, e.target) for e in effects.events(text, "X", "Điều 9", ON, "s")] == [
        ("repeals_part", "03/2011/TT-BGDĐT"), ("replaces", "30/2008/QĐ-BGDĐT")]


def test_an_own_sentence_whose_verb_belongs_to_someone_else():
    assert ev_of("1. Trước ngày Thông tư này có hiệu lực thi hành, khi hết nhiệm kỳ, quỹ thực hiện sửa đổi, bổ sung "
                 "điều lệ theo quy định tại Nghị định số 93/2019/NĐ-CP.") == []
